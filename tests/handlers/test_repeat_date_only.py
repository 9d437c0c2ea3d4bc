"""Date-only occurrences are dated as a typed date-only task is: the day, in the court's zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.courts.zones import due_moment
from bot.models import Series
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")


def _open(team, world, tz: str) -> None:
    team.slack.set_tz(team.ids["alice"], tz)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")


@pytest.mark.parametrize("tz", ["America/New_York", "America/Los_Angeles", "Pacific/Auckland"])
def test_every_occurrence_is_the_day_a_typed_date_only_task_would_be(team, world, tz):
    _open(team, world, tz)  # Tue Dec 1, 2026 9:00 New York (Wed 3:00 AM in Auckland)
    team.cmd("alice", "/task", "check the docket every Monday")
    team.cmd("alice", "/task", "pull the docket report by Mon Dec 7")
    repeat, typed = tasks_of(world)
    assert repeat.due_date == typed.due_date == date(2026, 12, 7)  # Monday, wherever typed
    assert (repeat.due_at, repeat.due_zone) == (typed.due_at, typed.due_zone)
    team.cmd("alice", "/task", "done 1")  # made on done
    world.advance_to(datetime(2026, 12, 15, 0, 1, tzinfo=NY))  # made by the clock
    made = [t for t in tasks_of(world) if t.series_id is not None][1:]
    assert [t.due_date for t in made] == [date(2026, 12, 14), date(2026, 12, 21)]
    assert all(t.due_at == due_moment(t.due_date, zone="America/New_York", court="US-FED")
               for t in made if t.due_date)  # fmt: skip


def test_the_clock_makes_the_next_when_the_court_day_ends_not_before(team, world):
    _open(team, world, "America/New_York")
    team.cmd("alice", "/task", "check the docket every Monday")
    world.advance_to(datetime(2026, 12, 7, 23, 0, tzinfo=NY))  # Monday evening: still due today
    assert len(tasks_of(world)) == 1
    world.advance_to(datetime(2026, 12, 8, 0, 1, tzinfo=NY))
    assert [t.due_date for t in tasks_of(world)] == [date(2026, 12, 7), date(2026, 12, 14)]
    with Session(world.engine) as s:
        series = s.exec(select(Series)).one()
        assert series.next_at == datetime(2026, 12, 15, 0, 0, tzinfo=NY)


def test_across_daylight_saving_each_occurrence_ends_at_court_midnight(team, world):
    _open(team, world, "Europe/London")  # London moves on Mar 28, New York on Mar 14
    team.cmd("alice", "/task", "check the docket every Monday starting Mar 8 2027")
    for _ in range(4):
        number = max(t.number for t in tasks_of(world) if t.status == "open")
        team.cmd("alice", "/task", f"done {number}")
    days = [t.due_date for t in tasks_of(world)]
    assert days == [date(2027, 3, 8) + timedelta(weeks=w) for w in range(5)]
    ends = [t.due_at.astimezone(NY) for t in tasks_of(world) if t.due_at]
    assert all((e.hour, e.minute) == (0, 0) for e in ends)  # midnight after each Monday, EST or EDT
    assert ends[0].utcoffset() != ends[-1].utcoffset()
