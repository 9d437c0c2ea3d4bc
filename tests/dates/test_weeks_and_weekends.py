"""parse_when: weekends, weeks by ordinal or by a day in them, "sharp", and Eid alone.

A weekend or a week is not a deadline, so Docket asks which day, offering the days it means.
Checked by hand against a 2026-27 calendar (said Wed 2026-11-25 10:00 in New York).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, When

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)


def read(text: str):
    return parse_when(text, now=NOW, tz=NY)


def options(got: object) -> list[str]:
    assert isinstance(got, Ask), got
    return [f"{o.due.astimezone(NY):%Y-%m-%d}" for o in got.options]


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("this weekend", ["2026-11-28", "2026-11-29"]),
        ("the weekend", ["2026-11-28", "2026-11-29"]),
        ("next weekend", ["2026-12-05", "2026-12-06"]),
        ("the weekend after next", ["2026-12-05", "2026-12-06"]),
    ],
)
def test_a_weekend_asks_saturday_or_sunday(text, days):
    assert options(read(text)) == days


@pytest.mark.parametrize(
    ("text", "monday", "friday"),
    [
        ("the week of Dec 7", "2026-12-07", "2026-12-11"),
        ("week of december 9th", "2026-12-07", "2026-12-11"),
        ("second week of January", "2027-01-11", "2027-01-15"),
        ("the first week of next month", "2026-12-07", "2026-12-11"),  # from the first Monday
        ("last week of december", "2026-12-28", "2027-01-01"),
    ],
)
def test_a_week_asks_which_day_offering_its_monday_and_friday(text, monday, friday):
    assert options(read(text)) == [monday, friday]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("at 5 sharp", "2026-11-25 17:00"),
        ("5 sharp", "2026-11-25 17:00"),
        ("friday at 3pm sharp", "2026-11-27 15:00"),
        ("9:30 sharp tomorrow", "2026-11-26 09:30"),
    ],
)
def test_sharp_marks_a_time(text, want):
    got = read(text)
    assert isinstance(got, When), got
    assert f"{got.due.astimezone(NY):%Y-%m-%d %H:%M}" == want


def test_eid_alone_asks_which_eid():
    assert options(read("Eid")) == ["2027-03-09", "2027-05-16"]
