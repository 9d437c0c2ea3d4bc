"""parse_when: spans from now, early morning, clock times with "at"/"for", ordinal days, years
in words or with an era, and phrases that must not be read in part. Checked by hand against a
2026-27 calendar (said Wed 2026-11-25 10:00 in New York)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)  # Wednesday before Thanksgiving, 10:00 EST


def read(text: str, *, allow_past: bool = False):
    return parse_when(text, now=NOW, tz=NY, allow_past=allow_past)


def got(text: str, *, allow_past: bool = False) -> str:
    w = read(text, allow_past=allow_past)
    assert isinstance(w, When), f"{text!r} -> {w}"
    local = w.due.astimezone(NY)
    return f"{local:%Y-%m-%d}" if w.all_day else f"{local:%Y-%m-%d %H:%M}"


def options(res: object) -> list[str]:
    assert isinstance(res, Ask), res
    return [f"{o.due.astimezone(NY):%Y-%m-%d}" for o in res.options]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("upcoming 2 weeks", "2026-12-09"),
        ("the upcoming three days", "2026-11-28"),
        ("2 upcoming months", "2027-01-25"),
        ("two upcoming weeks", "2026-12-09"),
        ("upcoming two quarters", "2027-05-25"),
        ("the coming 10 days", "2026-12-05"),
        ("in 2 quarters", "2027-05-25"),
    ],
)
def test_a_span_from_now_is_due_at_its_end_like_within(text, want):
    assert got(text) == want


@pytest.mark.parametrize(("text", "want"), [("the next 3 days", "2026-11-28"),
                                            ("next two weeks", "2026-12-09")])  # fmt: skip
def test_next_n_days_asks_whether_it_means_by_the_end(text, want):
    assert options(read(text)) == [want]


def test_the_last_n_days_is_past():
    assert not isinstance(read("last 2 days"), When)


def test_early_morning_is_seven_not_nine():
    assert got("monday early morning") == "2026-11-30 07:00"
    assert got("monday early in the morning") == "2026-11-30 07:00"
    assert got("monday morning") == "2026-11-30 09:00"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("at 3 15", "2026-11-25 15:15"),
        ("at 12 15", "2026-11-25 12:15"),
        ("for a quarter past 3pm", "2026-11-25 15:15"),
        ("15 to noon", "2026-11-25 11:45"),
        ("15 minutes from 1pm", "2026-11-25 13:15"),
        ("20 minutes after 2pm", "2026-11-25 14:20"),
        ("on Saturday for 9am", "2026-11-28 09:00"),
    ],
)
def test_clock_times(text, want):
    assert got(text) == want


def test_bare_numbers_are_still_not_times():
    for text in ("3 15", "15", "25"):
        assert not isinstance(read(text), When), text


@pytest.mark.parametrize(
    ("text", "want", "past"),
    [
        ("third day of december", "2026-12-03", False),
        ("the fifth last day of december", "2026-12-27", False),
        ("last day of december", "2026-12-31", False),
        ("2nd to last day of january", "2027-01-30", False),
        ("the 20th of the previous month", "2026-10-20", True),
        ("first monday of last month", "2026-10-05", True),
    ],
)
def test_ordinal_days(text, want, past):
    assert got(text, allow_past=past) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Easter Sunday two thousand twenty seven", "2027-03-28"),
        ("December 4 two thousand twenty-seven", "2027-12-04"),
        ("31-Dec-26", "2026-12-31"),
        ("4-Jan-2027", "2027-01-04"),
    ],
)
def test_years_in_words_and_day_month_year_with_dashes(text, want):
    assert got(text) == want


def test_a_year_with_an_era():
    assert isinstance(read("2027 AD"), Ask)  # which day in 2027?
    assert isinstance(read("in 14 a.d."), Unclear)


def test_a_year_after_a_holiday_asks_which_one():
    assert options(read("a year from Christmas")) == ["2026-12-25", "2027-12-25"]
    assert options(read("one year after christmas")) == ["2026-12-25", "2027-12-25"]


def test_a_phrase_read_only_in_part_is_not_an_answer():
    for text in ("the 3rd last week of 2018", "third last week of 2027"):
        assert not isinstance(read(text, allow_past=True), When), text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("grandparents day 2027", "2027-09-12"),  # the Sunday after Labor Day (Sep 6)
        ("military spouse day 2027", "2027-05-07"),  # the Friday before Mother's Day (May 9)
        ("siblings day", "2027-04-10"),
        ("admins day 2027", "2027-04-21"),
        ("Lakshmi Puja 2019", "2019-10-27"),  # Diwali's main day
        ("valmiki jayanti 2019", "2019-10-13"),
        ("guru ravidas jayanti 2019", "2019-02-19"),
        ("rabindra jayanti 2019", "2019-05-09"),  # 25 Boishakh
    ],
)
def test_more_holidays_by_name(text, want):
    assert got(text, allow_past=True) == want
