"""A repeating court deadline on the real database: each occurrence dated as a one-off would be."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import col, select

from bot.models import Series, Task
from bot.services import feed_series, series, tasks
from bot.services.whens import Reading
from bot.vocab import TaskKind
from tests.factories import NOW, add_case

NY = ZoneInfo("America/New_York")


def _add(session, text: str, *, kind: TaskKind = TaskKind.DEADLINE, tz: str = "America/New_York"):
    return tasks.add(
        session, channel_id="C1", actor_id="UALICE", text=text, assignees=[],
        members={"UALICE"}, reading=Reading(now=NOW, tz=tz), kind=kind,
    )  # fmt: skip


def _occurrences(session) -> list[Task]:
    return list(session.exec(select(Task).order_by(col(Task.number))))


def test_the_clock_makes_christmas_s_occurrence_on_the_next_court_day_and_the_card_says_why(
    session,
):
    add_case(session)
    added = _add(session, "status report every Friday")
    assert added.rule is not None and any("Christmas Day" in m for m in added.rule.moves)
    for day in (4, 11, 18):  # each Friday's falls due; the clock makes the next
        series.advance_due(session, now=datetime(2026, 12, day + 1, 1, tzinfo=NY))
    made = _occurrences(session)[-1]
    assert (made.slot, made.due_date) == (date(2026, 12, 25), date(2026, 12, 28))
    assert made.due_at == datetime(2026, 12, 29, tzinfo=NY)  # Mon's end, court time
    info = series.words_of(session, task=made)
    assert info is not None and info.note is not None
    assert "Christmas Day: the court is closed; moved to the next court day" in info.note


def test_a_plain_task_repeat_is_not_a_court_deadline(session):
    add_case(session)
    added = _add(session, "lunch every Saturday", kind=TaskKind.TASK)
    assert added.rule is not None and added.rule.moves == ()
    assert added.tasks[0].due_date == date(2026, 12, 5)  # a Saturday, kept


def test_a_deadline_series_stored_before_keeps_weekends_no_longer(session):
    """A series saved as a weekend day 'named on purpose' is dated by the court rule now."""
    add_case(session)
    added = _add(session, "lodge binder every Saturday")
    row = session.get(Series, added.tasks[0].series_id)
    assert row is not None and row.weekends_ok is False
    assert added.tasks[0].due_date == date(2026, 12, 7)
    row.weekends_ok, row.roll = True, "none"  # as an older Docket stored it
    session.add(row)
    session.flush()
    nxt = series.advance(session, series=row, now=datetime(2026, 12, 8, 1, tzinfo=NY))
    assert nxt is not None and (nxt.slot, nxt.due_date) == (date(2026, 12, 12), date(2026, 12, 14))


def test_the_feed_moves_the_occurrences_a_court_deadline_moves(session):
    case = add_case(session, court_zone="America/Los_Angeles")
    added = _add(session, "upload exhibits every Friday 8pm", tz="America/Los_Angeles")
    row = session.get(Series, added.tasks[0].series_id)
    assert row is not None
    rep = feed_series.repeat_of(session, row, case=case, made=[], today=date(2026, 12, 1))
    assert rep is not None
    assert {(m.slot, m.day) for m in rep.moved} >= {
        (date(2026, 12, 25), date(2026, 12, 28)),
        (date(2027, 1, 1), date(2027, 1, 4)),
    }
    assert all(m.day.weekday() < 5 for m in rep.moved)


def test_a_court_in_another_zone_moves_a_late_friday_to_monday(session):
    add_case(session)  # New York court; alice types in Los Angeles
    added = _add(session, "upload exhibits every Friday 10pm", tz="America/Los_Angeles")
    first = added.tasks[0]
    la = ZoneInfo("America/Los_Angeles")
    assert first.due_at == datetime(2026, 12, 7, 22, tzinfo=la)  # Fri 10 PM PT is Sat in NY
    assert added.rule is not None and added.rule.first.note is not None
    assert "in the court's time zone, a Saturday" in added.rule.first.note
    assert time(22) == added.rule.spec.at
