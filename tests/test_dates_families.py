"""parse_when by family (issue 12): end of day, weeks with weekdays, zones, conflicts, non-dates."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When

NY = ZoneInfo("America/New_York")
TZ = "America/New_York"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)  # Wednesday, 10:00 EST


def read(text: str):
    return parse_when(text, now=NOW, tz=TZ)


def local(w: When) -> str:
    return w.due.astimezone(NY).strftime("%Y-%m-%d %H:%M")


def day(text: str) -> str:
    got = read(text)
    assert isinstance(got, When), f"{text!r} -> {got}"
    return local(got)[:10] if got.all_day else local(got)


def option_days(got) -> list[str]:
    assert isinstance(got, Ask), got
    return [local(o)[:10] for o in got.options]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("end of tomorrow", "2026-11-26"),
        ("end of the day on Friday", "2026-11-27"),
        ("by end of next week", "2026-12-04"),
        ("COB Thursday", "2026-11-26"),
        ("close of business on the 3rd", "2026-12-03"),
        ("by the end of the day", "2026-11-25"),
    ],
)
def test_end_of_a_day_or_week(text, want):
    assert day(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Wednesday of next week", "2026-12-02"),
        ("next week on Thu", "2026-12-03"),
        ("the Tuesday after next", "2026-12-08"),
        ("two weeks from tomorrow", "2026-12-10"),
        ("three Fridays from now", "2026-12-11"),
        ("the following Monday", "2026-11-30"),
        ("in 2 weeks on Wednesday", "2026-12-09"),
        ("the Monday after Thanksgiving", "2026-11-30"),
        ("the Friday before Christmas", "2026-12-18"),
    ],
)
def test_weeks_and_weekdays_combined(text, want):
    assert day(text) == want


def test_a_count_and_a_weekday_that_disagree_ask():
    got = read("in 4 days on Thursday")  # Sun Nov 29
    assert isinstance(got, Ask) and "Sunday" in got.question
    assert option_days(got) == ["2026-11-29", "2026-11-26"]


def test_a_week_from_a_weekday_said_that_day_asks_a_week_on():
    assert option_days(read("a week from Wednesday")) == ["2026-12-02", "2026-12-09"]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("thu at 4", "2026-11-26 16:00"),
        ("sat 10", "2026-11-28 10:00"),
        ("mon 9", "2026-11-30 09:00"),
        ("sun at 4", "2026-11-29 16:00"),
    ],
)
def test_short_weekday_with_a_bare_hour_reads_working_hours(text, want):
    assert day(text) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("3pm CT tomorrow", "2026-11-26 16:00"),
        ("noon Pacific on Friday", "2026-11-27 15:00"),
        ("9am London time", "2026-11-26 04:00"),
        ("5 PM ET 12/4", "2026-12-04 17:00"),
        ("9am CT Monday", "2026-11-30 10:00"),
    ],
)
def test_time_zones_in_the_text_echo_in_the_readers_zone(text, want):
    assert day(text) == want
    got = read(text)
    assert isinstance(got, When) and "EST" in got.echo


def test_the_echo_names_the_zone_the_time_was_said_in():
    got = read("3pm CT tomorrow")
    assert isinstance(got, When) and got.echo == "Thu Nov 26, 4:00 PM EST (3:00 PM CST)"


@pytest.mark.parametrize("text", ["asap", "ASAP", "soon", "tbd", "as soon as possible", "n/a"])
def test_words_that_are_not_dates_get_no_date_and_a_way_forward(text):
    got = read(text)
    assert isinstance(got, Unclear) and "not a date" in got.error and "eod tomorrow" in got.error


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("Fri 12/3", ["2026-12-03", "2026-12-04"]),  # the 3rd is a Thursday
        ("Monday 28", ["2026-11-28", "2026-11-30"]),  # the 28th is a Saturday
        ("Thu Dec 7", ["2026-12-07", "2026-12-10"]),
    ],
)
def test_a_weekday_and_a_date_that_disagree_ask(text, options):
    assert option_days(read(text)) == options


def test_weekday_and_a_number_that_could_be_an_hour_ask():
    got = read("Monday 21")  # Dec 21 is a Monday, or Monday at 9 PM
    assert isinstance(got, Ask)
    assert [local(o) for o in got.options] == ["2026-12-21 17:00", "2026-11-30 21:00"]


@pytest.mark.parametrize(
    ("text", "options"),
    [
        ("1pm-2pm tomorrow", ["2026-11-26 13:00", "2026-11-26 14:00"]),
        ("July 13-15", ["2027-07-13 17:00", "2027-07-15 17:00"]),
        ("from Monday to Wednesday", ["2026-11-30 17:00", "2026-12-02 17:00"]),
    ],
)
def test_ranges_ask_which_end_is_due(text, options):
    got = read(text)
    assert isinstance(got, Ask) and [local(o) for o in got.options] == options


@pytest.mark.parametrize("text", ["12-7-26", "2026-12-07", "12/7 - 12/1"])
def test_dates_with_dashes_and_backward_ranges_are_not_ranges(text):
    assert not (isinstance(got := read(text), Ask) and "range" in got.question)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Dec 4 1730", "2026-12-04 17:30"),  # four digits after a date: a 24-hour time
        ("Sunday 2330", "2026-11-29 23:30"),
        ("Jun 7, Mon at 1515pm", "2027-06-07 15:15"),
        ("Thursday 9 am BST", "2026-11-26 03:00"),  # British Summer Time is UTC+1 all year
    ],
)
def test_military_times_and_fixed_zone_words(text, want):
    assert day(text) == want


def test_four_digits_that_can_be_a_year_stay_a_year():
    assert day("Dec 4 2027") == "2027-12-04"
    assert isinstance(read("Dec 4 1930"), Unclear)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("pentecost 2027", "2027-05-16"),
        ("orthodox easter 2027", "2027-05-02"),
        ("cyber monday", "2026-11-30"),
        ("administrative professionals day", "2027-04-21"),
        ("daylight saving start 2027", "2027-03-14"),
        ("thanksgiving in 3 years", "2029-11-22"),
    ],
)
def test_more_holidays_and_holidays_years_away(text, want):
    assert day(text) == want


def test_a_date_that_just_passed_asks_before_moving_a_year():
    got = read("11/20")  # five days ago
    assert isinstance(got, Ask) and "has passed" in got.question
    assert option_days(got) == ["2027-11-20"]
    assert day("1/5") == "2027-01-05"  # months away: next year, as said


def test_a_numeric_date_past_one_way_and_ahead_the_other_asks():
    now = datetime(2026, 8, 1, 10, tzinfo=NY)
    got = parse_when("06/08", now=now, tz=TZ)  # June 8 has passed; 6 August is ahead
    assert isinstance(got, Ask) and [local(o)[:10] for o in got.options] == [
        "2027-06-08",
        "2026-08-06",
    ]


def test_a_caller_that_takes_past_dates_gets_the_one_just_passed():
    got = parse_when("11/20", now=NOW, tz=TZ, allow_past=True)
    assert isinstance(got, When) and local(got)[:10] == "2026-11-20"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tax day 2027", "2027-04-15"),
        ("tax day 2028", "2028-04-18"),  # the 15th is a Saturday, DC's Emancipation Day Monday
        ("emancipation day 2028", "2028-04-17"),
        ("boss's day", "2027-10-15"),  # Oct 16, 2027 is a Saturday
        ("law day", "2027-05-01"),
        ("morning of christmas", "2026-12-25 09:00"),
    ],
)
def test_filing_and_workplace_days(text, want):
    assert day(text) == want


@pytest.mark.parametrize("text", ["next March", "during May 2027", "past week", "this qtr"])
def test_months_and_periods_without_a_day_ask_which_day(text):
    got = read(text)
    assert isinstance(got, Ask) and got.question.startswith("Which day")


def test_a_conflict_whose_date_has_passed_still_asks():
    got = read("Tue 11/24")  # yesterday was a Tuesday... the 24th; said as a Tuesday: fine
    assert isinstance(got, Ask) and "has passed" in got.question
    got = read("Thursday 23.11.2026")  # a Monday, two days ago: never settled on Thu Nov 26
    assert isinstance(got, Ask) and "Monday" in got.question


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tomorrow 26th November at 13.00", "2026-11-26 13:00"),
        ("19th Jan. late", "2027-01-19"),
        ("on Thursday 26th in the late afternoon", "2026-11-26 15:00"),
        ("27 November, Friday 0845am", "2026-11-27 08:45"),
    ],
)
def test_dotted_times_trailing_weekdays_and_loose_words(text, want):
    assert day(text) == want


def test_a_dotted_date_with_one_reading_just_passed_asks_both():
    assert option_days(read("12.11")) == ["2026-12-11", "2027-11-12"]
