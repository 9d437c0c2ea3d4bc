"""The metronome: APScheduler jobs (module-level functions) that call services."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from bot.db import session_scope
from bot.deps import Deps
from bot.services import housekeeping

log = logging.getLogger("docket.scheduler")


def purge_job(deps: Deps) -> None:
    """Hourly: forget old request ids."""
    with session_scope(deps.engine) as session:
        removed = housekeeping.purge_request_keys(session, now=deps.clock.now())
    if removed:
        log.info("purged %d old request keys", removed)


@dataclass(frozen=True)
class Job:
    """A scheduled job: explicit id, module-level function and a trigger with a timezone."""

    id: str
    func: Callable[[Deps], None]
    trigger: BaseTrigger


def jobs() -> tuple[Job, ...]:
    """Every job Docket schedules."""
    return (Job("docket.purge", purge_job, CronTrigger(minute=7, timezone=UTC)),)


def build_scheduler(deps: Deps) -> BackgroundScheduler:
    """A BackgroundScheduler in UTC with every job added (not started)."""
    defaults = {"coalesce": True, "max_instances": 1}
    scheduler = BackgroundScheduler(timezone=UTC, job_defaults=defaults)
    for job in jobs():
        scheduler.add_job(
            job.func,
            job.trigger,
            args=(deps,),
            id=job.id,
            replace_existing=True,
            misfire_grace_time=300,
        )
    return scheduler


def _next_after(trigger: BaseTrigger, moment: datetime) -> datetime | None:
    return trigger.get_next_fire_time(None, moment + timedelta(seconds=1))


def run_due(
    deps: Deps, *, start: datetime, end: datetime, set_clock: Callable[[datetime], None]
) -> int:
    """Run every job firing in (start, end] in time order, moving the clock to each."""
    specs = jobs()
    upcoming = [(_next_after(job.trigger, start), i) for i, job in enumerate(specs)]
    runs = 0
    while True:
        pending = [(fire, i) for fire, i in upcoming if fire is not None and fire <= end]
        if not pending:
            break
        fire, index = min(pending)
        set_clock(fire)
        specs[index].func(deps)
        runs += 1
        upcoming = [
            (_next_after(specs[i].trigger, fire) if i == index else f, i) for f, i in upcoming
        ]
    set_clock(end)
    return runs
