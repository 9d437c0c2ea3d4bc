"""parse_when: table tests at a fixed now, daylight saving, year ends, zones, properties."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.dates.reader import parse_when, warm_up
from bot.dates.readings import Ask, Unclear, When, Why, echo

NY = ZoneInfo("America/New_York")
TZ = "America/New_York"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)  # Wednesday before Thanksgiving


def when(text: str, now: datetime = NOW, tz: str = TZ, **kw) -> When:
    got = parse_when(text, now=now, tz=tz, **kw)
    assert isinstance(got, When), f"{text!r} -> {got}"
    return got


def local(w: When, tz: str = TZ) -> str:
    return w.due.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


TIMED = [
    ("by Friday 5pm", "2026-11-27 17:00"),
    ("Fri 5p", "2026-11-27 17:00"),
    ("friday at 5", "2026-11-27 17:00"),
    ("monday at 9", "2026-11-30 09:00"),
    ("next Tuesday at 9", "2026-12-01 09:00"),
    ("noon tomorrow", "2026-11-26 12:00"),
    ("tomorrow at noon", "2026-11-26 12:00"),
    ("tonight", "2026-11-25 23:59"),
    ("tonight at 8", "2026-11-25 20:00"),
    ("3pm", "2026-11-25 15:00"),
    ("9am", "2026-11-26 09:00"),
    ("at 4:30pm", "2026-11-25 16:30"),
    ("530pm", "2026-11-25 17:30"),
    ("in 30 minutes", "2026-11-25 10:30"),
    ("in 2 hours", "2026-11-25 12:00"),
    ("tomorrow 3pm PT", "2026-11-26 18:00"),
    ("5pm ET", "2026-11-25 17:00"),
    ("3pm Pacific", "2026-11-25 18:00"),
    ("tomorrow 9am CT", "2026-11-26 10:00"),
    ("Dec 4, 2026 9am", "2026-12-04 09:00"),
    ("12/7 at 2:15 pm", "2026-12-07 14:15"),
    ("2026-12-07 14:00", "2026-12-07 14:00"),
    ("December 7th at 10am", "2026-12-07 10:00"),
    ("tomorrow morning at 10", "2026-11-26 10:00"),
]

ALL_DAY = [
    ("eod tomorrow", "2026-11-26"),
    ("eod", "2026-11-25"),
    ("cob", "2026-11-25"),
    ("end of day", "2026-11-25"),
    ("today", "2026-11-25"),
    ("tomorrow", "2026-11-26"),
    ("end of week", "2026-11-27"),
    ("end of month", "2026-11-30"),
    ("end of next week", "2026-12-04"),
    ("in 3 days", "2026-11-28"),
    ("in 2 weeks", "2026-12-09"),
    ("in 1 month", "2026-12-25"),
    ("3 weeks from today", "2026-12-16"),
    ("two weeks from Monday", "2026-12-14"),
    ("10 days from tomorrow", "2026-12-06"),
    ("5 days from 12/1", "2026-12-06"),
    ("a week from friday", "2026-12-04"),
    ("first Monday of next month", "2026-12-07"),
    ("last Friday of December", "2026-12-25"),
    ("Friday after next", "2026-12-04"),
    ("the 15th", "2026-12-15"),
    ("the 26th", "2026-11-26"),
    ("the 1st", "2026-12-01"),
    ("12/7", "2026-12-07"),
    ("12/7/2026", "2026-12-07"),
    ("12/7/26", "2026-12-07"),
    ("2026-12-07", "2026-12-07"),
    ("December 7th", "2026-12-07"),
    ("7 Dec", "2026-12-07"),
    ("Mon Dec 7", "2026-12-07"),
    ("Jan 5", "2027-01-05"),
    ("next Monday", "2026-11-30"),
    ("next Wednesday", "2026-12-02"),
    ("this Friday", "2026-11-27"),
    ("Friday", "2026-11-27"),
    ("christmas", "2026-12-25"),
]


@pytest.mark.parametrize(("text", "expected"), TIMED)
def test_timed_phrases(text, expected):
    w = when(text)
    assert local(w) == expected
    assert w.all_day is False


@pytest.mark.parametrize(("text", "expected"), ALL_DAY)
def test_all_day_phrases_get_the_default_due_time(text, expected):
    w = when(text)
    assert w.all_day is True
    assert local(w) == f"{expected} 17:00"


def test_business_days_use_the_court_calendar_and_carry_a_worksheet():
    w = when("in 3 business days")  # Thanksgiving skipped
    assert local(w) == "2026-12-01 17:00" and w.all_day
    assert any("Thanksgiving" in line for line in w.worksheet)


def test_echo_format():
    assert when("by Friday 5pm").echo == "Fri Nov 27, 5:00 PM EST"
    assert when("eod tomorrow").echo == "Thu Nov 26"
    assert when("Jan 5").echo == "Tue Jan 5, 2027"
    assert when("tomorrow 3pm PT").echo == "Thu Nov 26, 6:00 PM EST (3:00 PM PST)"
    due = datetime(2026, 12, 4, 22, 0, tzinfo=UTC)
    assert echo(due, tz=TZ, all_day=False) == "Fri Dec 4, 2026, 5:00 PM EST"


def test_default_due_time_is_configurable():
    w = when("tomorrow", default_due_time=time(23, 59))
    assert local(w) == "2026-11-26 23:59" and w.all_day


def test_all_day_today_after_the_due_time_is_due_at_end_of_day():
    late = datetime(2026, 11, 25, 18, 30, tzinfo=NY)
    w = when("eod", now=late)
    assert local(w) == "2026-11-25 23:59" and w.all_day


# -- asking back -------------------------------------------------------------------------------
def test_next_friday_on_a_wednesday_asks():
    got = parse_when("next Friday", now=NOW, tz=TZ)
    assert isinstance(got, Ask)
    assert "Fri Nov 27, 2026" in got.question and "Fri Dec 4, 2026" in got.question
    assert [local(o)[:10] for o in got.options] == ["2026-11-27", "2026-12-04"]


@pytest.mark.parametrize(
    "text",
    ["21 days after service", "next week", "May", "Wednesday", "the 25th"],
)
def test_ambiguous_or_incomplete_phrases_ask(text):
    assert isinstance(parse_when(text, now=NOW, tz=TZ), Ask)


def test_weekday_said_that_day_with_a_passed_time_is_next_week():
    assert local(when("wednesday 9am")) == "2026-12-02 09:00"


# -- errors ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text", ["yesterday", "last friday", "11/1/2026", "xyzzy", "", "   ", "25", "2/30/2027"]
)
def test_unusable_phrases_say_why_with_an_example(text):
    got = parse_when(text, now=NOW, tz=TZ)
    assert isinstance(got, Unclear)
    assert got.error


def test_past_is_allowed_when_asked():
    assert local(when("yesterday", allow_past=True))[:10] == "2026-11-24"


def test_weekday_date_mismatch_asks_which_day():
    got = parse_when("Thu Dec 7", now=NOW, tz=TZ)
    assert isinstance(got, Ask) and "Monday" in got.question
    assert [local(o)[:10] for o in got.options] == ["2026-12-07", "2026-12-10"]


def test_bad_zone_and_unknown_court_do_not_raise():
    assert isinstance(parse_when("tomorrow", now=NOW, tz="Mars/Base"), Unclear)
    got = parse_when("21 days after 12/1/2026", now=NOW, tz=TZ, court="US-XX")
    assert isinstance(got, Unclear) and "US-FED" in got.error


# -- court-rule phrases ------------------------------------------------------------------------
def test_rule_phrase_21_days_after():
    w = when("21 days after 11/25/2026")
    assert local(w) == "2026-12-16 17:00" and w.all_day
    assert w.worksheet[-1] == "due Wed Dec 16, 2026"


def test_rule_phrase_30_days_after_rolls_off_sunday():
    w = when("30 days after 10/9/2026", now=datetime(2026, 10, 9, 9, 0, tzinfo=NY))
    assert local(w)[:10] == "2026-11-09"


def test_rule_phrase_14_days_before_the_hearing():
    assert local(when("14 days before the 12/10 hearing"))[:10] == "2026-11-25"


def test_rule_phrase_court_days_in_california():
    w = when("9 court days before Dec 7", now=datetime(2026, 11, 18, 9, tzinfo=NY), court="US-CA")
    assert local(w)[:10] == "2026-11-20"


def test_rule_phrase_mail_service():
    w = when("10 days after service by mail on 9/30/2026", now=datetime(2026, 10, 1, tzinfo=NY))
    assert local(w)[:10] == "2026-10-16"


def test_rule_phrase_hours():
    w = when("48 hours after 12/31/2026 3pm")
    assert local(w) == "2027-01-04 15:00" and not w.all_day


def test_rule_phrase_service_date_without_year_is_the_nearest():
    assert local(when("21 days after service on Dec 1"))[:10] == "2026-12-22"


# -- daylight saving, year ends, leap day, half-hour zones ------------------------------------
@pytest.mark.parametrize(
    ("now", "utc"),
    [
        (datetime(2026, 3, 7, 12, tzinfo=NY), "2026-03-08 21:00"),  # DST starts Mar 8, 2026
        (datetime(2026, 10, 31, 12, tzinfo=NY), "2026-11-01 22:00"),  # DST ends Nov 1, 2026
        (datetime(2027, 3, 13, 12, tzinfo=NY), "2027-03-14 21:00"),
        (datetime(2027, 11, 6, 12, tzinfo=NY), "2027-11-07 22:00"),
    ],
)
def test_tomorrow_5pm_across_daylight_saving(now, utc):
    w = when("tomorrow 5pm", now=now)
    assert w.due.tzinfo == UTC
    assert w.due.strftime("%Y-%m-%d %H:%M") == utc


def test_time_in_the_spring_forward_gap_moves_forward():
    w = when("tomorrow 2:30am", now=datetime(2026, 3, 7, 12, tzinfo=NY))
    assert local(w) == "2026-03-08 03:30"


def test_relative_hours_are_elapsed_time_across_dst():
    w = when("in 24 hours", now=datetime(2026, 3, 7, 12, tzinfo=NY))
    assert local(w) == "2026-03-08 13:00"


def test_new_year():
    eve = datetime(2026, 12, 31, 20, tzinfo=NY)
    assert local(when("tomorrow", now=eve))[:10] == "2027-01-01"
    got = parse_when("12/7", now=eve, tz=TZ)  # three weeks ago: asked, not moved on a year
    assert isinstance(got, Ask) and [local(o)[:10] for o in got.options] == ["2027-12-07"]
    assert local(when("1/7", now=eve))[:10] == "2027-01-07"
    assert local(when("end of month", now=eve))[:10] == "2026-12-31"
    assert when("tomorrow", now=eve).echo == "Fri Jan 1, 2027"


def test_leap_day_2028():
    assert local(when("tomorrow", now=datetime(2028, 2, 28, 9, tzinfo=NY)))[:10] == "2028-02-29"
    assert local(when("2/29", now=datetime(2027, 3, 1, 9, tzinfo=NY)))[:10] == "2028-02-29"
    assert local(when("in 1 month", now=datetime(2028, 1, 31, 9, tzinfo=NY)))[:10] == "2028-02-29"
    assert isinstance(parse_when("2/29/2027", now=NOW, tz=TZ), Unclear)


def test_half_hour_zone():
    kolkata = ZoneInfo("Asia/Kolkata")
    w = when("tomorrow 5pm", now=datetime(2026, 11, 25, 10, tzinfo=kolkata), tz="Asia/Kolkata")
    assert w.due == datetime(2026, 11, 26, 11, 30, tzinfo=UTC)
    assert w.echo == "Thu Nov 26, 5:00 PM IST"


def test_zone_aware_reference_time_reads_plain_times():  # dateparser issue #1213
    w = when("3pm", now=datetime(2026, 11, 25, 15, 0, tzinfo=UTC))  # 10:00 in New York
    assert local(w) == "2026-11-25 15:00"


def test_warm_up_reads_a_phrase_with_each_reader():
    got = warm_up()
    assert [r.due for r in got if isinstance(r, When)] == [
        datetime(2026, 1, 6, 17, 0, tzinfo=UTC),  # tomorrow 5pm
        datetime(2026, 1, 8, 17, 0, tzinfo=UTC),  # in 3 business days
        datetime(2026, 1, 26, 17, 0, tzinfo=UTC),  # 21 days after 1/5/2026
        datetime(2026, 1, 19, 17, 0, tzinfo=UTC),  # a fortnight
    ]


# -- properties --------------------------------------------------------------------------------
PHRASES = [p for p, _ in TIMED + ALL_DAY] + ["next friday", "in 3 business days", "eod"]
nows = st.datetimes(  # hypothesis wants naive bounds; every value drawn is aware UTC
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001
    max_value=datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(UTC),
)
zones = st.sampled_from(["America/New_York", "America/Los_Angeles", "Asia/Kolkata", "UTC"])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40), nows, zones)
def test_never_raises_on_arbitrary_text(text, now, tz):
    got = parse_when(text, now=now, tz=tz)
    assert isinstance(got, When | Ask | Unclear)
    if isinstance(got, When):
        assert got.due.tzinfo is not None and got.due >= now - timedelta(seconds=1)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(PHRASES), nows, zones)
def test_due_moments_are_aware_utc_and_not_in_the_past(text, now, tz):
    got = parse_when(text, now=now, tz=tz)
    for w in [got] if isinstance(got, When) else getattr(got, "options", ()):
        assert w.due.utcoffset() == timedelta(0)
        assert w.due >= now - timedelta(seconds=1)


def test_an_unclear_result_says_whether_any_date_was_read():
    now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
    nothing = parse_when("the brief", now=now, tz="America/New_York")
    past = parse_when("11/2/2026 5pm", now=now, tz="America/New_York")
    assert isinstance(nothing, Unclear) and nothing.reason == Why.NO_DATE
    assert isinstance(past, Unclear) and past.reason == Why.UNUSABLE
