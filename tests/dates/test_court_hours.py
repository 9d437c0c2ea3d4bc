"""A period in hours is counted on the court's calendar and clock (FRCP 6(a)(2), 6(a)(4))."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.dates.reader import parse_when
from bot.dates.readings import When

NY, LA, PHX = "America/New_York", "America/Los_Angeles", "America/Phoenix"


def test_a_period_in_hours_ends_by_the_courts_calendar_and_clock():
    """Fri 10 PM in Los Angeles is Sat 1 AM at a New York court: the period runs to Monday."""
    la = ZoneInfo(LA)
    now = datetime(2026, 12, 1, 9, tzinfo=la)
    phrase = "24 hours after Thu Dec 3 2026 10pm"
    got = parse_when(phrase, now=now, tz=LA, court="US-FED", court_zone=NY)
    assert isinstance(got, When)
    assert got.due == datetime(2026, 12, 7, 1, tzinfo=ZoneInfo(NY))  # Mon 1 AM, court time
    assert "Sat Dec 5, 2026 is a Saturday" in " · ".join(got.worksheet)
    alone = parse_when(phrase, now=now, tz=LA, court="US-FED")  # no court zone: as typed
    assert isinstance(alone, When) and alone.due == datetime(2026, 12, 4, 22, tzinfo=la)


def test_a_california_court_counts_hours_in_pacific_time_for_a_new_yorker():
    ny = ZoneInfo(NY)
    now = datetime(2026, 12, 1, 9, tzinfo=ny)
    got = parse_when("24 hours after Sun Dec 6 2026 2am", now=now, tz=NY, court="US-CA")
    assert isinstance(got, When)  # Mon 2 AM in New York is Sun 11 PM at the court: closed
    assert got.due == datetime(2026, 12, 7, 23, tzinfo=ZoneInfo(LA))


def test_the_same_time_on_the_next_court_day_is_the_courts_wall_time_across_dst():
    ny = ZoneInfo(NY)
    now = datetime(2027, 3, 1, 9, tzinfo=ny)
    phrase = "24 hours after Fri Mar 12 2027 9pm"  # typed in Phoenix: 11 PM EST at the court
    got = parse_when(phrase, now=now, tz=PHX, court="US-FED", court_zone=NY)
    assert isinstance(got, When)  # ends Sat 11 PM EST; Monday is EDT: still 11 PM court time
    assert got.due == datetime(2027, 3, 15, 23, tzinfo=ny)
    assert got.due.astimezone(ZoneInfo(PHX)).hour == 20  # 8 PM in Phoenix
    mine = parse_when(phrase, now=now, tz=PHX, court="US-FED")  # Phoenix's 9 PM: past midnight
    assert isinstance(mine, When) and mine.due.astimezone(ny) == datetime(2027, 3, 16, tzinfo=ny)
