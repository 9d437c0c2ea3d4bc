"""parse_when: a date, "by" or "due", then another date is two dates, never read as one of them
(dateparser took "Monday by Dec 10" for Dec 10, "the 7th by Dec 10" for the year 2110, "10 and
Dec 15" for 2115); a day "by" a time of day, or a span and a span, stays one moment.
Said Mon 2026-11-30 09:00 in New York."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When, Why

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=NY)


@pytest.mark.parametrize(
    "text",
    [
        "Monday by Dec 10",
        "the 7th by Dec 10",
        "7th by Dec 10",
        "December 7th by Dec 10",
        "12/7 by Dec 10",
        "tomorrow by Friday",
        "Dec 7 due Dec 10",
        "next Monday by the 10th",
        "10 and Dec 15",
        "3 or Dec 15",
    ],
)
def test_a_date_by_another_date_is_not_read_as_one(text):
    got = parse_when(text, now=NOW, tz=NY)
    assert isinstance(got, Unclear) and got.reason == Why.NO_DATE, got
    assert "2110" not in got.error


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("tomorrow by 5pm", "Tue Dec 1, 5:00 PM EST"),
        ("the 7th by noon", "Mon Dec 7, 12:00 PM EST"),
        ("Dec 7 by 5pm", "Mon Dec 7, 5:00 PM EST"),
        ("friday by 5", "Fri Dec 4, 5:00 PM EST"),
        ("in 2 weeks and 3 days", "Thu Dec 17"),
    ],
)
def test_a_day_by_a_time_of_day_or_a_span_with_and_is_one_moment(text, echo):
    got = parse_when(text, now=NOW, tz=NY)
    assert isinstance(got, When) and got.echo == echo, got


def test_a_weekday_by_a_time_on_that_weekday_still_asks():
    got = parse_when("Monday by 5pm", now=NOW, tz=NY)
    assert isinstance(got, Ask) and [o.echo for o in got.options] == [
        "Mon Nov 30, 5:00 PM EST",
        "Mon Dec 7, 5:00 PM EST",
    ]
