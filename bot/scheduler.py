"""The metronome: APScheduler jobs that call services; the database is the schedule."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from bot import metrics
from bot.clock import SystemClock
from bot.db import session_scope
from bot.deps import Deps
from bot.logs import jobs_log, timed
from bot.services import digest_plan, housekeeping, outbox, policy, series
from bot.slack import ahead, reconcile
from bot.slack.delivery import Pacer, Sender, make_sender_client
from bot.vocab import PostLane

log = logging.getLogger("docket.scheduler")
TICK_ROUNDS = 50
PATIENCE = 60.0  # the clock waits out a 429 of up to a minute (no request is waiting; leased)


def sender_for(deps: Deps) -> Sender:
    """A Sender for scheduled work, paced per channel."""
    client = make_sender_client(deps.settings.bot_token, deps.settings.api_url)
    # A fake clock (tests, the sandbox) stands still while one waits: there, a 429 goes straight
    # back to the outbox until Retry-After, and the clock is moved on to it.
    patience = PATIENCE if isinstance(deps.clock, SystemClock) else 0.0
    pacer = Pacer(deps.settings.pace_seconds)  # the budget's bulk lane: nobody is waiting
    return Sender(deps, client, lane=PostLane.BULK, pacer=pacer, patience=patience)


def tick_job(deps: Deps) -> None:
    """Every 30 s: send every row that has fallen due (late ones marked late), then build ahead."""
    _send_due(deps)
    if not deps.stopping.is_set():
        ahead.prepare(deps)  # the coming minute's digests, built before their moment


def _send_due(deps: Deps) -> None:
    sender = sender_for(deps)
    for _ in range(TICK_ROUNDS):
        if deps.stopping.is_set():
            return
        deps.heartbeat.beat(deps.clock.now())
        report = sender.deliver(limit=100)
        if not (report.sent or report.failed or report.retried or report.skipped):
            return
        log.info(
            "sent %d, skipped %d, retrying %d, failed %d",
            len(report.sent),
            len(report.skipped),
            len(report.retried),
            len(report.failed),
        )


def plan_job(deps: Deps) -> None:
    """Hourly (and at start-up): plan the next digests of every case and person."""
    with session_scope(deps.engine) as session:
        planned = digest_plan.plan_digests(session, now=deps.clock.now())
    log.debug("planned %d digests", planned)


def series_job(deps: Deps) -> None:
    """Every 30 s: make the next occurrence of each repeating task whose current one fell due."""
    with session_scope(deps.engine) as session:
        made = series.advance_due(session, now=deps.clock.now())
    if made:
        log.info("made %d occurrences of repeating tasks", len(made))


def next_series_work(deps: Deps) -> datetime | None:
    """When a repeating task next needs its next occurrence."""
    with session_scope(deps.engine) as session:
        return series.next_due(session)


def members_job(deps: Deps) -> None:
    """Each minute: read the members of the case channels due for it (paced, never sleeping)."""
    client = make_sender_client(deps.settings.bot_token, deps.settings.api_url)
    done = reconcile.members(deps, client)
    if done.channels or done.stopped:
        log.info(
            "reconciled %d channels (%d calls, %d people gone)%s",
            done.channels,
            done.calls,
            done.left,
            f", stopped: {done.stopped}" if done.stopped else "",
        )


def profiles_job(deps: Deps) -> None:
    """Hourly: walk users.list a few pages on, refreshing the stored profiles (names, zones)."""
    client = make_sender_client(deps.settings.bot_token, deps.settings.api_url)
    done = reconcile.profiles(deps, client)
    log.info("refreshed %d profiles in %d calls", done.profiles, done.calls)


def purge_job(deps: Deps) -> None:
    """Hourly: forget old request ids and long-delivered outbox rows."""
    with session_scope(deps.engine) as session:
        removed = housekeeping.purge_request_keys(session, now=deps.clock.now())
        removed += housekeeping.purge_outbox(session, now=deps.clock.now())
    if removed:
        log.info("purged %d old request keys and outbox rows", removed)


def next_outbox_work(deps: Deps) -> datetime | None:
    """When the tick next has something to do."""
    with session_scope(deps.engine) as session:
        return outbox.next_due(session)


@dataclass(frozen=True)
class Job:
    """A scheduled job: explicit id, module-level function and a trigger with a timezone."""

    id: str
    func: Callable[[Deps], None]
    trigger: BaseTrigger
    next_work: Callable[[Deps], datetime | None] | None = None


def jobs() -> tuple[Job, ...]:
    """Every job Docket schedules, in the order they run when due together."""
    return (
        Job("docket.plan", plan_job, CronTrigger(minute=0, timezone=UTC)),
        Job(
            "docket.series",
            series_job,
            CronTrigger(second="0,30", timezone=UTC),
            next_series_work,
        ),
        Job("docket.tick", tick_job, CronTrigger(second="0,30", timezone=UTC), next_outbox_work),
        Job("docket.purge", purge_job, CronTrigger(minute=7, timezone=UTC)),
        Job(
            "docket.members",
            members_job,
            CronTrigger(second=45, timezone=UTC),
            reconcile.next_members_work,
        ),
        Job(
            "docket.profiles",
            profiles_job,
            CronTrigger(minute=23, timezone=UTC),
            reconcile.next_profiles_work,
        ),
    )


def run_job(job: Job, deps: Deps) -> None:
    """Run one scheduled job, writing one log line and one metric with its duration and outcome."""
    start, outcome = time.perf_counter(), "error"
    try:
        with timed(jobs_log, "job", job.id):
            job.func(deps)
        outcome = "ok"
    finally:
        metrics.observe_job(job.id, outcome, time.perf_counter() - start)


def build_scheduler(deps: Deps) -> BackgroundScheduler:
    """A BackgroundScheduler in UTC with every job added; plan and tick also run at start."""
    defaults = {"coalesce": True, "max_instances": 1}
    scheduler = BackgroundScheduler(timezone=UTC, job_defaults=defaults)
    for job in jobs():
        scheduler.add_job(
            run_job,
            job.trigger,
            args=(job, deps),
            id=job.id,
            replace_existing=True,
            misfire_grace_time=300,
        )
    return scheduler


def prepare(deps: Deps) -> None:
    """Record the deployment's alert policy where every process reads it."""
    with session_scope(deps.engine) as session:  # an upsert: processes start together safely
        policy.store_default(session, policy=deps.settings.alert_policy)


def catch_up(deps: Deps) -> None:
    """At start-up: plan, then send whatever fell due while Docket was down."""
    for job in jobs():
        if job.id in ("docket.plan", "docket.tick"):
            run_job(job, deps)


def drain(deps: Deps) -> int:
    """Send everything due now and return how many ticks it took (`python -m bot clock --drain`)."""
    rounds = 0
    while rounds < 1000:
        work = next_outbox_work(deps)
        if work is None:
            break
        wait = (work - deps.clock.now()).total_seconds()
        if wait > 0 and (wait > PATIENCE or not isinstance(deps.clock, SystemClock)):
            break
        if wait > 0:  # a Retry-After, another sender's lease (it may be dead), a digest's time
            ahead.prepare(deps)  # the coming minute's digests, built before their moment
            wait = (work - deps.clock.now()).total_seconds()
            time.sleep(min(max(wait, 0.0), 1.0))
            continue
        tick_job(deps)
        rounds += 1
    return rounds


def _first_fire(trigger: BaseTrigger, after: datetime) -> datetime | None:
    return trigger.get_next_fire_time(None, after)


def run_due(
    deps: Deps, *, start: datetime, end: datetime, set_clock: Callable[[datetime], None]
) -> int:
    """Run every job firing in (start, end] in time order, moving the clock to each.

    A tick with nothing due does nothing, so ticks before the next due row are skipped.
    """
    specs = jobs()
    last = {job.id: start for job in specs}
    runs = 0
    while True:
        best: tuple[datetime, int] | None = None
        for index, job in enumerate(specs):
            fire = _first_fire(job.trigger, last[job.id] + timedelta(seconds=1))
            if job.next_work is not None:
                work = job.next_work(deps)
                if work is None:
                    continue
                if fire is not None and work > fire:
                    fire = _first_fire(job.trigger, work)
            if fire is not None and fire <= end and (best is None or (fire, index) < best):
                best = (fire, index)
        if best is None:
            break
        fire, index = best
        set_clock(fire)
        run_job(specs[index], deps)
        last[specs[index].id] = fire
        runs += 1
    set_clock(end)
    return runs
