"""The metronome: explicit ids and zones, and run_due firing jobs in order."""

from datetime import UTC, datetime, timedelta

from bot import scheduler
from bot.clock import FakeClock
from bot.config import Settings
from bot.deps import Deps
from bot.models import RequestKey

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_every_trigger_names_its_timezone_and_job_ids_are_explicit(engine):
    deps = Deps(engine=engine, clock=FakeClock(START), settings=Settings())
    sched = scheduler.build_scheduler(deps)
    ids = {job.id for job in sched.get_jobs()}
    assert ids == {job.id for job in scheduler.jobs()}
    for job in scheduler.jobs():
        assert job.trigger.timezone is not None


def test_run_due_moves_the_clock_and_purges_old_keys(engine, session):
    clock = FakeClock(START)
    deps = Deps(engine=engine, clock=clock, settings=Settings())
    session.add(RequestKey(key="old", kind="x", at=START - timedelta(days=3)))
    session.add(RequestKey(key="new", kind="x", at=START))
    session.commit()
    runs = scheduler.run_due(deps, start=START, end=START + timedelta(hours=3), set_clock=clock.set)
    assert runs == 6  # purge at 09:07, 10:07, 11:07 and digest planning at 10, 11, 12 UTC
    assert clock.now() == START + timedelta(hours=3)
    session.expire_all()
    assert session.get(RequestKey, "old") is None and session.get(RequestKey, "new") is not None
