"""parse_when: the beginning and the end of a week, month, quarter or year, said any way.

Checked by hand against a 2026-27 calendar (said Wed 2026-11-25 10:00 in New York). A week
begins on Monday and ends on Friday (the working week a deadline means).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)


def read(text: str, *, allow_past: bool = False):
    return parse_when(text, now=NOW, tz=NY, allow_past=allow_past)


def day(text: str, *, allow_past: bool = False) -> str:
    got = read(text, allow_past=allow_past)
    assert isinstance(got, When) and got.all_day, f"{text!r} -> {got}"
    return f"{got.due.astimezone(NY):%Y-%m-%d}"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("beginning of next week", "2026-11-30"),
        ("at the beginning of the following week", "2026-11-30"),
        ("start of next month", "2026-12-01"),
        ("beginning of January", "2027-01-01"),
        ("the beginning of January 2028", "2028-01-01"),
        ("beginning of 2027", "2027-01-01"),
        ("the beginning of next year", "2027-01-01"),
        ("beginning of next quarter", "2027-01-01"),
        ("end of coming week", "2026-12-04"),
        ("at the end of the following week", "2026-12-04"),
        ("end of next month", "2026-12-31"),
    ],
)
def test_the_edges_of_periods_to_come(text, want):
    assert day(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("beginning of this week", "2026-11-23"),
        ("beginning of last week", "2026-11-16"),
        ("end of last week", "2026-11-20"),
        ("end of previous week", "2026-11-20"),
        ("end of last month", "2026-10-31"),
        ("the end of the previous year", "2025-12-31"),
        ("beginning of this year", "2026-01-01"),
    ],
)
def test_past_edges_are_refused_unless_past_dates_are_taken(text, want):
    assert isinstance(read(text), Unclear)
    assert day(text, allow_past=True) == want


@pytest.mark.parametrize("text", ["beginning of the month", "BOM", "the start of the month"])
def test_the_beginning_of_the_month_said_mid_month_asks_about_the_next(text):
    got = read(text)
    assert isinstance(got, Ask)
    assert [f"{o.due.astimezone(NY):%Y-%m-%d}" for o in got.options] == ["2026-12-01"]
    assert day(text, allow_past=True) == "2026-11-01"


@pytest.mark.parametrize(
    ("text", "want"),
    [("end of April", "2027-04-30"), ("the end of 2027", "2027-12-31"),
     ("end of February 2028", "2028-02-29"), ("through Friday", "2026-11-27"),
     ("until Dec 4", "2026-12-04")],
)  # fmt: skip
def test_end_of_a_named_month_or_year_and_until(text, want):
    assert day(text) == want


def test_until_a_time_is_due_then():
    got = read("until 2pm")
    assert (
        isinstance(got, When) and f"{got.due.astimezone(NY):%Y-%m-%d %H:%M}" == "2026-11-25 14:00"
    )


def test_the_beginning_of_a_month_just_begun_asks_even_when_past_dates_are_taken():
    got = read("beginning of November", allow_past=True)
    assert isinstance(got, Ask)
    assert [f"{o.due.astimezone(NY):%Y-%m-%d}" for o in got.options] == ["2027-11-01"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the last business day of the year", "2026-12-31"),
        ("last day of the year", "2026-12-31"),
        ("last day of the quarter", "2026-12-31"),
        ("the last day of next qtr", "2027-03-31"),
        ("first business day of next year", "2027-01-04"),  # Fri Jan 1 is New Year's Day
        ("the first court day of next quarter", "2027-01-04"),
        ("last court day of 2027", "2027-12-30"),  # Fri Dec 31, 2027: New Year's Day observed
        ("2nd business day of next year", "2027-01-05"),
    ],
)
def test_a_day_of_a_quarter_or_a_year_is_read_not_left_in_the_title(text, want):
    assert day(text) == want


def test_a_day_of_this_year_already_past_is_refused():
    got = read("first business day of the year")
    assert isinstance(got, Unclear) and "in the past (Fri Jan 2)" in got.error
