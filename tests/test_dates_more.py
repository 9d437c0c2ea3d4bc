"""parse_when, more forms: holidays by name, times in words, day ordinals in words, day parts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When

NY = ZoneInfo("America/New_York")
TZ = "America/New_York"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)  # Wednesday before Thanksgiving, 10:00 EST


def when(text: str, now: datetime = NOW, **kw) -> When:
    got = parse_when(text, now=now, tz=TZ, **kw)
    assert isinstance(got, When), f"{text!r} -> {got}"
    return got


def local(w: When) -> str:
    return w.due.astimezone(NY).strftime("%Y-%m-%d %H:%M")


HOLIDAYS = [
    ("christmas", "2026-12-25"),
    ("Christmas Eve", "2026-12-24"),
    ("xmas", "2026-12-25"),
    ("New Year's Day", "2027-01-01"),
    ("new years eve", "2026-12-31"),
    ("thanksgiving", "2026-11-26"),
    ("the day after Thanksgiving", "2026-11-27"),
    ("black friday", "2026-11-27"),
    ("Memorial Day", "2027-05-31"),
    ("Labor Day", "2027-09-06"),
    ("independence day", "2027-07-04"),
    ("July 4th", "2027-07-04"),
    ("the fourth of July", "2027-07-04"),
    ("4th of july", "2027-07-04"),
    ("MLK Day", "2027-01-18"),
    ("Martin Luther King Jr. Day", "2027-01-18"),
    ("Presidents' Day", "2027-02-15"),
    ("presidents day", "2027-02-15"),
    ("Veterans Day", "2027-11-11"),
    ("veteran's day", "2027-11-11"),
    ("Halloween", "2027-10-31"),
    ("Valentine's Day", "2027-02-14"),
    ("Columbus Day", "2027-10-11"),
    ("Juneteenth", "2027-06-19"),
    ("Lincoln's birthday", "2027-02-12"),  # a California court holiday
    ("good friday", "2027-03-26"),
    ("easter", "2027-03-28"),
    ("Mother's Day", "2027-05-09"),
    ("next christmas", "2026-12-25"),
    ("christmas 2027", "2027-12-25"),
    ("thanksgiving 2027", "2027-11-25"),
    ("memorial day 2028", "2028-05-29"),
    ("labor day next year", "2027-09-06"),
    ("thanksgiving of next year", "2027-11-25"),
    ("by christmas eve", "2026-12-24"),
    ("the day before christmas", "2026-12-24"),
    ("3 days before christmas", "2026-12-22"),
]


@pytest.mark.parametrize(("text", "expected"), HOLIDAYS)
def test_holidays_by_name_are_the_next_occurrence(text, expected):
    w = when(text)
    assert w.all_day and local(w) == f"{expected} 17:00"


def test_holiday_with_a_time():
    assert local(when("christmas eve at noon")) == "2026-12-24 12:00"
    assert local(when("noon on christmas eve")) == "2026-12-24 12:00"


def test_holiday_said_on_the_day_is_today_and_after_it_next_year():
    assert (
        local(when("thanksgiving", now=datetime(2026, 11, 26, 9, tzinfo=NY)))[:10] == "2026-11-26"
    )
    assert local(when("christmas", now=datetime(2026, 12, 26, 9, tzinfo=NY)))[:10] == "2027-12-25"


def test_last_holiday_is_past():
    assert isinstance(parse_when("last thanksgiving", now=NOW, tz=TZ), Unclear)
    assert local(when("last thanksgiving", allow_past=True))[:10] == "2025-11-27"


def test_new_years_alone_asks_eve_or_day():
    got = parse_when("new year's", now=NOW, tz=TZ)
    assert isinstance(got, Ask)
    assert [local(o)[:10] for o in got.options] == ["2026-12-31", "2027-01-01"]


def test_holiday_that_did_not_exist_that_year_is_an_error():
    got = parse_when("juneteenth 2019", now=NOW, tz=TZ, allow_past=True)
    assert isinstance(got, Unclear)


TIMES = [
    ("ten thirty", "2026-11-25 10:30"),
    ("ten-thirty", "2026-11-25 10:30"),
    ("at ten thirty", "2026-11-25 10:30"),
    ("ten thirty am", "2026-11-25 10:30"),
    ("seven thirty pm", "2026-11-25 19:30"),
    ("nine fifty nine am", "2026-11-26 09:59"),  # already past today
    ("twelve oh five", "2026-11-25 12:05"),
    ("half past three", "2026-11-25 15:30"),
    ("quarter to five", "2026-11-25 16:45"),
    ("a quarter past noon", "2026-11-25 12:15"),
    ("ten to noon", "2026-11-25 11:50"),
    ("twenty after 3pm", "2026-11-25 15:20"),
    ("15 minutes past 4", "2026-11-25 16:15"),
    ("20 minutes to 2pm tomorrow", "2026-11-26 13:40"),
    ("five o'clock", "2026-11-25 17:00"),
    ("3 o'clock in the afternoon", "2026-11-25 15:00"),
    ("three pm", "2026-11-25 15:00"),
    ("at one", "2026-11-25 13:00"),
    ("tomorrow at ten thirty", "2026-11-26 10:30"),
    ("friday at half past two", "2026-11-27 14:30"),
    ("quarter past four tomorrow", "2026-11-26 16:15"),
    ("friday 9.30am", "2026-11-27 09:30"),
    ("tonight at 8", "2026-11-25 20:00"),
    ("tonight at eight", "2026-11-25 20:00"),
    ("eight tonight", "2026-11-25 20:00"),
    ("8 this evening", "2026-11-25 20:00"),
    ("this evening at 6", "2026-11-25 18:00"),
    ("in the evening at eight", "2026-11-25 20:00"),
    ("tonight 815", "2026-11-25 20:15"),
    ("tonight at 12", "2026-11-25 23:59"),  # midnight = the end of that day
    ("by 5 on friday", "2026-11-27 17:00"),
    ("friday by 5", "2026-11-27 17:00"),
    ("in half an hour", "2026-11-25 10:30"),
    ("in a quarter of an hour", "2026-11-25 10:15"),
    ("in an hour and a half", "2026-11-25 11:30"),
    ("in a couple of hours", "2026-11-25 12:00"),
    ("in 1/2 hour", "2026-11-25 10:30"),
]


@pytest.mark.parametrize(("text", "expected"), TIMES)
def test_times_in_words(text, expected):
    w = when(text)
    assert not w.all_day and local(w) == expected


DAYS = [
    ("the first", "2026-12-01"),
    ("on the first", "2026-12-01"),
    ("the first of the month", "2026-12-01"),
    ("the first of next month", "2026-12-01"),
    ("the 3rd of next month", "2026-12-03"),
    ("the third of next month", "2026-12-03"),
    ("the twenty-first", "2026-12-21"),
    ("the first of december", "2026-12-01"),
    ("first of march", "2027-03-01"),
    ("march first", "2027-03-01"),
    ("March 3rd", "2027-03-03"),
    ("3rd of March", "2027-03-03"),
    ("the third of march", "2027-03-03"),
    ("march third", "2027-03-03"),
    ("03.03.2027", "2027-03-03"),  # reads the same both ways
    ("3/4/2027", "2027-03-04"),  # US order
    ("in a couple of days", "2026-11-27"),
    ("in a couple days", "2026-11-27"),
    ("in a couple of weeks", "2026-12-09"),
    ("a couple of weeks from friday", "2026-12-11"),
    ("a week from friday", "2026-12-04"),
    ("the day after tomorrow", "2026-11-27"),
    ("the day before 12/7", "2026-12-06"),
    ("second Tuesday of March", "2027-03-09"),
    ("the 2nd tuesday in march", "2027-03-09"),
    ("last day of the month", "2026-11-30"),
    ("the last day of february", "2027-02-28"),
    ("last business day of the month", "2026-11-30"),
    ("last business day of december", "2026-12-31"),
    ("first business day of next month", "2026-12-01"),
    ("first business day of january", "2027-01-04"),  # Jan 1 is a holiday, then a weekend
    ("end of quarter", "2026-12-31"),
    ("end of next quarter", "2027-03-31"),
    ("this coming friday", "2026-11-27"),
    ("by the end of the day", "2026-11-25"),
    ("tomorrow, Nov 26", "2026-11-26"),
    ("tomorrow (11/26)", "2026-11-26"),
]


@pytest.mark.parametrize(("text", "expected"), DAYS)
def test_day_forms(text, expected):
    w = when(text)
    assert w.all_day and local(w) == f"{expected} 17:00"


def test_business_day_of_the_month_follows_the_court_calendar():
    fed = when("last business day of march")
    ca = when("last business day of march", court="US-CA")  # Cesar Chavez Day, Wed Mar 31
    assert local(fed)[:10] == "2027-03-31" and local(ca)[:10] == "2027-03-30"


# -- asking back and errors ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "this morning",  # 9am has passed: what time?
        "next week",
        "this quarter",
        "new years",
        "03.04.2027",  # March 4 or April 3
    ],
)
def test_day_parts_and_ambiguous_forms_ask(text):
    assert isinstance(parse_when(text, now=NOW, tz=TZ), Ask)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("this evening", "2026-11-25 18:00"),
        ("this afternoon", "2026-11-25 15:00"),
        ("tomorrow morning", "2026-11-26 09:00"),
        ("Tuesday morning", "2026-12-01 09:00"),
        ("first thing monday", "2026-11-30 09:00"),
        ("Friday late afternoon", "2026-11-27 15:00"),
    ],
)
def test_day_parts_read_at_their_usual_hour_and_say_it(text, expected):
    got = when(text)
    assert local(got) == expected and not got.all_day


def test_a_day_part_already_past_asks_with_a_sensible_time():
    got = parse_when("this morning", now=NOW, tz=TZ)
    assert isinstance(got, Ask) and "9am" in got.question and got.options == ()


@pytest.mark.parametrize(
    "text",
    [
        "tonight at 1",  # 1 am after midnight, or 1 pm?
        "tonight at 12:30",
        "in a few days",
        "in a day or two",
        "half three",  # British 3:30, or a typo
        "3 to 5",
        "3 30",
    ],
)
def test_unsafe_or_vague_forms_are_errors(text):
    got = parse_when(text, now=NOW, tz=TZ)
    assert isinstance(got, Unclear), f"{text!r} -> {got}"


def test_disagreeing_day_word_and_date_asks_with_both():
    got = parse_when("tomorrow, Dec 4", now=NOW, tz=TZ)
    assert isinstance(got, Ask) and "Nov 26" in got.question and "Dec 4" in got.question
    assert [local(o)[:10] for o in got.options] == ["2026-11-26", "2026-12-04"]


# -- daylight saving ----------------------------------------------------------------------------
def test_time_in_words_across_the_end_of_daylight_saving():
    w = when("tomorrow at quarter to five", now=datetime(2026, 10, 31, 12, tzinfo=NY))
    assert w.due == datetime(2026, 11, 1, 21, 45, tzinfo=UTC)  # 4:45 PM EST


def test_tonight_on_the_day_daylight_saving_starts():
    w = when("tonight at eight", now=datetime(2026, 3, 8, 10, tzinfo=NY))
    assert w.due == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)  # 8 PM EDT


def test_half_past_two_in_the_spring_forward_gap_moves_forward():
    w = when("tomorrow at half past two am", now=datetime(2026, 3, 7, 12, tzinfo=NY))
    assert local(w) == "2026-03-08 03:30"


def test_half_an_hour_is_elapsed_time_across_the_fall_back():
    now = datetime(2026, 11, 1, 1, 45, tzinfo=NY)  # 1:45 EDT, first of the two 1:45s
    w = when("in half an hour", now=now)
    assert w.due == datetime(2026, 11, 1, 6, 15, tzinfo=UTC)  # 1:15 EST


def test_holiday_after_the_clocks_change_is_due_in_standard_time():
    w = when("day after thanksgiving", now=datetime(2026, 10, 30, 9, tzinfo=NY))
    assert w.due == datetime(2026, 11, 27, 22, 0, tzinfo=UTC)  # 5 PM EST


# -- properties ---------------------------------------------------------------------------------
PHRASES = [p for p, _ in HOLIDAYS + TIMES + DAYS] + ["this evening", "new years", "tonight at 1"]
nows = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
zones = st.sampled_from(["America/New_York", "America/Los_Angeles", "Asia/Kolkata", "UTC"])


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(PHRASES), nows, zones)
def test_new_forms_are_aware_utc_and_not_in_the_past(text, now, tz):
    got = parse_when(text, now=now, tz=tz)
    assert isinstance(got, When | Ask | Unclear)
    for w in [got] if isinstance(got, When) else getattr(got, "options", ()):
        assert w.due.utcoffset() == timedelta(0)
        assert w.due >= now - timedelta(seconds=1)


def test_a_range_asks_which_end_is_due():
    got = parse_when("2 to 4pm", now=NOW, tz=TZ)  # a range, not 3:58
    assert isinstance(got, Ask) and [local(o) for o in got.options] == [
        "2026-11-25 14:00",
        "2026-11-25 16:00",
    ]
