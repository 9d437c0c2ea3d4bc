"""parse_when: court-rule phrases whose event is not one Docket names ("receipt", "the depo",
"the meet and confer"): the date after "on" is the trigger; with no date at all, ask for it (the
phrase was taken for a title before, the task left undated). Said Mon 2026-11-30 09:00 in New
York, counted on the federal calendar by hand."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 30, 9, 0, tzinfo=NY)


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("10 business days after receipt on 11/25", "Thu Dec 10"),  # Thanksgiving not counted
        ("2 days before the meet and confer on 12/9", "Mon Dec 7"),
        ("14 days after the 26(f) conference on Dec 9", "Wed Dec 23"),
        ("at least 14 days before the depo on Jan 20", "Wed Jan 6, 2027"),
        ("no later than 7 days after service on 12/1", "Tue Dec 8"),
        ("7 days after opp served on 12/1 by mail", "Fri Dec 11"),  # + 3 days, FRCP 6(d)
        ("60 days out", "Fri Jan 29, 2027"),
    ],
)
def test_a_rule_with_any_event_on_a_date_is_counted_from_that_date(text, echo):
    got = parse_when(text, now=NOW, tz=NY)
    assert isinstance(got, When) and got.echo == echo, got


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("7 days after mediation", '"mediation"'),
        ("30 days after the depo", '"the depo"'),
        ("within 7 days after opp is filed", '"opp is filed"'),
    ],
)
def test_a_rule_without_a_trigger_date_asks_for_it(text, event):
    got = parse_when(text, now=NOW, tz=NY)
    assert isinstance(got, Ask) and got.options == (), got
    assert f"On what date is {event}?" in got.question and f'"{text} on ' in got.question


def test_an_event_with_a_date_of_its_own_is_not_read_past_it():
    got = parse_when("5 days after the Dec 7 hearing on Dec 9", now=NOW, tz=NY)
    assert isinstance(got, Unclear), got


def test_a_trigger_just_past_written_with_numbers_is_that_day():
    got = parse_when("21 days after service on 11/12", now=NOW, tz=NY)
    assert isinstance(got, When) and got.echo == "Thu Dec 3", got  # not Nov 12, 2027 or Dec 11


def test_a_trigger_that_could_be_two_days_offers_the_deadlines_counted_from_each():
    got = parse_when("21 days after service on Fri 12/3", now=NOW, tz=NY)  # a Thursday
    assert isinstance(got, Ask), got  # the buttons were the trigger days themselves
    assert [o.echo for o in got.options] == ["Thu Dec 24", "Mon Dec 28"]  # Dec 25: Christmas
    assert "count from" in got.question and "Thu Dec 3, 2026 or Fri Dec 4, 2026" in got.question
    assert all(o.worksheet for o in got.options)


@pytest.mark.parametrize(
    ("text", "echo"),
    [
        ("day before trial on 1/11", "Sun Jan 10, 2027"),
        ("the day before the hearing on 12/7", "Sun Dec 6"),
        ("the Monday after trial on Jan 8", "Mon Jan 11, 2027"),
    ],
)
def test_the_day_next_to_an_event_on_a_date_is_counted_from_that_date(text, echo):
    got = parse_when(text, now=NOW, tz=NY)  # "day before trial on 1/11" was Jan 11 in a title
    assert isinstance(got, When) and got.echo == echo, got


def test_the_day_next_to_a_date_that_could_be_two_offers_the_days_next_to_each():
    got = parse_when("the day before 11/12", now=NOW, tz=NY)
    assert isinstance(got, Ask), got  # the buttons were Nov 12, 2027 and Dec 11 themselves
    assert [o.echo for o in got.options] == ["Thu Nov 11, 2027", "Thu Dec 10"]
