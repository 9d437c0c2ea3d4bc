"""Series on the real database: the next occurrence is made exactly once, whoever asks."""

from __future__ import annotations

import os
import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from bot.dates.recurrence import Rule, read_rule
from bot.db import session_scope
from bot.models import Case, Series, Task, Workspace
from bot.services import series
from bot.vocab import SeriesStatus, TaskKind

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=NY)


def _setup(engine, phrase: str = "every Monday at 9am") -> int:
    rule = read_rule(phrase, now=NOW, tz="America/New_York")
    assert isinstance(rule, Rule)
    with session_scope(engine) as s:
        s.add(Workspace(id="T1", created_at=NOW))
        s.flush()
        case = Case(team_id="T1", channel_id="C1", name="Smith", created_by="U1",
                    lead_id="U1", created_at=NOW, updated_at=NOW)  # fmt: skip
        s.add(case)
        s.flush()
        task = series.start(s, case=case, rule=rule, title="check the docket", kind=TaskKind.TASK,
                            person="U1", actor_id="U1", now=NOW, day_due_time=time(17))  # fmt: skip
        return task.series_id or 0


def _tasks(engine) -> list[Task]:
    with Session(engine) as s:
        return list(s.exec(select(Task).order_by(col(Task.number))))


def test_two_clocks_reading_the_same_series_make_one_occurrence(engine):
    series_id = _setup(engine)
    later = datetime(2026, 12, 7, 9, 0, 30, tzinfo=NY)
    first, second = Session(engine), Session(engine)
    try:
        a, b = first.get(Series, series_id), second.get(Series, series_id)
        assert a is not None and b is not None
        made = series.advance(first, series=a, now=later)
        first.commit()
        again = series.advance(second, series=b, now=later)  # read before the first committed
        second.commit()
    finally:
        first.close()
        second.close()
    assert made is not None and again is None
    assert [t.number for t in _tasks(engine)] == [1, 2]


def test_the_clock_makes_the_next_when_due_and_then_nothing(engine):
    _setup(engine)
    with session_scope(engine) as s:
        assert series.next_due(s) == datetime(2026, 12, 7, 9, 0, tzinfo=NY)
        assert series.advance_due(s, now=datetime(2026, 12, 7, 8, 59, tzinfo=NY)) == []
    with session_scope(engine) as s:
        assert len(series.advance_due(s, now=datetime(2026, 12, 7, 9, 0, tzinfo=NY))) == 1
    with session_scope(engine) as s:
        assert series.advance_due(s, now=datetime(2026, 12, 7, 9, 1, tzinfo=NY)) == []
    dues = [t.due_at for t in _tasks(engine)]
    assert dues == [datetime(2026, 12, 7, 9, tzinfo=NY), datetime(2026, 12, 14, 9, tzinfo=NY)]


def test_after_a_long_outage_the_next_occurrence_is_the_one_to_come(engine):
    _setup(engine)
    with session_scope(engine) as s:
        series.advance_due(s, now=datetime(2026, 12, 22, 10, 0, tzinfo=NY))
    assert _tasks(engine)[-1].due_at == datetime(2026, 12, 28, 9, tzinfo=NY)


def test_a_rule_that_runs_out_ends_the_series(engine):
    series_id = _setup(engine, "every Monday at 9am 2 times")
    for day in (7, 14):
        with session_scope(engine) as s:
            series.advance_due(s, now=datetime(2026, 12, day, 9, 0, tzinfo=NY))
    with Session(engine) as s:
        found = s.get(Series, series_id)
        assert found is not None and found.status == SeriesStatus.ENDED
    assert len(_tasks(engine)) == 2


@pytest.mark.skipif(
    not os.environ.get("DOCKET_TEST_DATABASE_URL"), reason="needs PostgreSQL (make test runs it)"
)
def test_racing_clock_threads_on_postgresql_make_each_occurrence_once(engine):
    _setup(engine)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def clock(moment: datetime) -> None:
        try:
            start.wait()
            with session_scope(engine) as s:
                series.advance_due(s, now=moment)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    moment = datetime(2026, 12, 7, 9, 0, tzinfo=NY) + timedelta(seconds=1)
    threads = [threading.Thread(target=clock, args=(moment,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [t.number for t in _tasks(engine)] == [1, 2]
