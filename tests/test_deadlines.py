"""Court-rule arithmetic: FRCP 6(a) counting, court days, mail service, holiday calendars."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.courts.counting import COURTS, closed_reason, count, is_court_holiday

NY = ZoneInfo("America/New_York")


# -- the worked examples of the issue ------------------------------------------------------------
def test_21_days_after_thanksgiving_eve_counts_thanksgiving():
    dl = count(date(2026, 11, 25), 21, unit="calendar_days", direction="after")
    assert dl.due == date(2026, 12, 16)
    assert dl.worksheet[0].startswith("Trigger Wed Nov 25, 2026")
    assert "+ 21 calendar days → Wed Dec 16, 2026" in dl.worksheet
    assert "Wed Dec 16, 2026 is not a weekend or holiday" in dl.worksheet
    assert dl.worksheet[-1] == "due Wed Dec 16, 2026"


def test_30_days_after_landing_on_sunday_rolls_to_monday():
    dl = count(date(2026, 10, 9), 30, unit="calendar_days", direction="after")
    assert dl.due == date(2026, 11, 9)
    assert any("Sun Nov 8, 2026 is a Sunday" in line for line in dl.worksheet)


def test_14_days_before_hits_thanksgiving_and_counts_backward():
    dl = count(date(2026, 12, 10), 14, unit="calendar_days", direction="before")
    assert dl.due == date(2026, 11, 25)
    assert any("Thanksgiving Day" in line for line in dl.worksheet)
    assert any("previous day" in line for line in dl.worksheet)


def test_california_9_court_days_before_skips_both_thanksgiving_holidays():
    dl = count(date(2026, 12, 7), 9, unit="court_days", direction="before", court="US-CA")
    assert dl.due == date(2026, 11, 20)
    text = " ".join(dl.worksheet)
    assert "Thanksgiving Day" in text and "Day after Thanksgiving" in text


# -- more rules ----------------------------------------------------------------------------------
def test_federal_court_days_do_not_skip_day_after_thanksgiving():
    assert count(date(2026, 12, 7), 9, unit="court_days", direction="before").due == date(
        2026, 11, 23
    )


def test_mail_service_adds_three_days_after_rolling_then_rolls_again():
    dl = count(date(2026, 9, 30), 10, mail_service=True)
    # Oct 10 is a Saturday, Oct 12 Columbus Day -> Tue Oct 13; + 3 days -> Fri Oct 16.
    assert dl.due == date(2026, 10, 16)
    assert any("FRCP 6(d)" in line for line in dl.worksheet)


def test_mail_service_rolls_again_when_the_third_day_is_closed():
    # 10 days after Mon Nov 30, 2026 = Thu Dec 10; + 3 = Sun Dec 13 -> Mon Dec 14.
    assert count(date(2026, 11, 30), 10, mail_service=True).due == date(2026, 12, 14)


def test_california_mail_service_extends_the_period_by_five_days():
    dl = count(date(2026, 9, 30), 10, mail_service=True, court="US-CA")
    assert dl.due == date(2026, 10, 15)  # 15 days: Thu Oct 15 (Columbus Day is not a CA holiday)
    assert any("CCP § 1013" in line for line in dl.worksheet)


def test_hours_roll_to_same_time_next_open_day():
    start = datetime(2026, 12, 31, 15, 0, tzinfo=NY)
    dl = count(start, 48, unit="hours")
    assert dl.due == datetime(2027, 1, 4, 15, 0, tzinfo=NY)
    assert dl.worksheet[-1] == "due Mon Jan 4, 2027 3:00 PM EST"


def test_hours_count_real_elapsed_hours_across_daylight_saving():
    start = datetime(2026, 3, 6, 12, 0, tzinfo=NY)  # Fri noon EST; DST starts Sun Mar 8
    dl = count(start, 72, unit="hours")  # Mon Mar 9 13:00 EDT (72 elapsed hours)
    assert dl.due == datetime(2026, 3, 9, 13, 0, tzinfo=NY)


def test_a_month_landing_on_a_sunday_rolls_to_monday_with_a_worksheet():
    dl = count(date(2027, 1, 31), 1, unit="months")
    assert dl.due == date(2027, 3, 1)  # Feb 28, 2027 is a Sunday: FRCP 6(a)(1)(C)
    assert "February has only 28 days" in " ".join(dl.worksheet)
    assert count(date(2026, 12, 31), 2, unit="months").due == date(2027, 3, 1)
    assert count(date(2027, 3, 31), 1, unit="months", direction="before").due == date(2027, 2, 26)


def test_zero_days_on_an_open_day_is_that_day():
    assert count(date(2026, 12, 16), 0).due == date(2026, 12, 16)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"court": "US-XX"}, "US-CA, US-FED"),
        ({"unit": "fortnights"}, "unknown unit"),
        ({"direction": "before", "mail_service": True}, "after service"),
        ({"unit": "hours"}, "trigger time"),
    ],
)
def test_bad_arguments_raise_clear_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        count(date(2026, 11, 25), 5, **kwargs)


# -- holiday calendars ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("day", "court", "name"),
    [
        (date(2026, 6, 19), "US-FED", "Juneteenth"),
        (date(2027, 6, 18), "US-FED", "Juneteenth National Independence Day (observed)"),
        (date(2021, 12, 31), "US-FED", "New Year's Day (observed)"),
        (date(2026, 10, 12), "US-FED", "Columbus Day"),
        (date(2026, 2, 12), "US-CA", "Lincoln Day"),
        (date(2026, 3, 31), "US-CA", "Cesar Chavez Day"),
        (date(2026, 9, 25), "US-CA", "Native American Day"),
        (date(2026, 11, 27), "US-CA", "Day after Thanksgiving"),
        (date(2022, 2, 11), "US-CA", "Lincoln Day (observed)"),
    ],
)
def test_court_holidays(day, court, name):
    got = is_court_holiday(day, court)
    assert got is not None and name in got


@pytest.mark.parametrize(
    ("day", "court"),
    [(date(2026, 10, 12), "US-CA"), (date(2026, 11, 27), "US-FED"), (date(2026, 12, 16), "US-FED")],
)
def test_not_court_holidays(day, court):
    assert is_court_holiday(day, court) is None


def test_known_courts():
    assert {"US-FED", "US-CA"} <= set(COURTS)


# -- properties ----------------------------------------------------------------------------------
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
directions = st.sampled_from(["after", "before"])
courts = st.sampled_from(["US-FED", "US-CA"])


@settings(max_examples=100, deadline=None)
@given(days, st.integers(0, 400), directions, courts)
def test_calendar_day_results_are_open_and_not_earlier_than_the_count(trigger, n, direction, court):
    dl = count(trigger, n, direction=direction, court=court)
    assert closed_reason(dl.due, court) is None
    plain = trigger + timedelta(days=n if direction == "after" else -n)
    assert (dl.due >= plain) if direction == "after" else (dl.due <= plain)
    assert (dl.due - plain).days in range(-6, 7)


@settings(max_examples=100, deadline=None)
@given(days, st.integers(1, 60), directions, courts)
def test_court_day_results_are_open_and_count_exactly(trigger, n, direction, court):
    dl = count(trigger, n, unit="court_days", direction=direction, court=court)
    assert closed_reason(dl.due, court) is None
    lo, hi = sorted((trigger, dl.due))
    between = [lo + timedelta(days=i) for i in range(1, (hi - lo).days + (direction == "after"))]
    if direction == "before":
        between = [lo + timedelta(days=i) for i in range(0, (hi - lo).days)]
    assert sum(closed_reason(d, court) is None for d in between) == n
