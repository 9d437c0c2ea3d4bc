"""The repeat reader: phrases checked by hand against the 2026-27 calendar (US federal courts).

Reference: Wed Dec 2, 2026 10:00 AM New York. Dec 4, 11, 18, 25 are Fridays (Dec 25 Christmas);
Jan 1, 2027 is a Friday (New Year's Day); Jan 18 is Martin Luther King Jr. Day (a Monday).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.readings import Unclear
from bot.dates.recurrence import Rule, RuleAsk, find_rule, read_rule

NY = ZoneInfo("America/New_York")
TZ = "America/New_York"
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=NY)  # a Wednesday


def rule(text: str, now: datetime = NOW, **kw) -> Rule:
    got = read_rule(text, now=now, tz=TZ, **kw)
    assert isinstance(got, Rule), f"{text!r} -> {got}"
    return got


def first(r: Rule) -> str:
    return r.first.due.astimezone(NY).strftime("%a %Y-%m-%d %H:%M")


# phrase, RRULE, first occurrence (New York wall clock; all-day ones at the 5 PM default)
PHRASES = [
    ("every Friday", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 17:00"),
    ("every friday at 3pm", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 15:00"),
    ("each Friday", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 17:00"),
    ("every Fri 3pm", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 15:00"),
    ("every fridays", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 17:00"),
    ("every Monday", "FREQ=WEEKLY;BYDAY=MO", "Mon 2026-12-07 17:00"),
    ("every other Monday at 9am", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "Mon 2026-12-07 09:00"),
    ("every second Monday at 9am", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", "Mon 2026-12-07 09:00"),
    ("every 3rd thursday", None, None),  # ambiguous wording: unread, see test below
    ("every Monday and Thursday at 10am", "FREQ=WEEKLY;BYDAY=MO,TH", "Thu 2026-12-03 10:00"),
    ("every tue, thu", "FREQ=WEEKLY;BYDAY=TU,TH", "Thu 2026-12-03 17:00"),
    ("every Wednesday at 9am", "FREQ=WEEKLY;BYDAY=WE", "Wed 2026-12-09 09:00"),  # 9am passed
    ("every Wednesday at noon", "FREQ=WEEKLY;BYDAY=WE", "Wed 2026-12-02 12:00"),
    ("every 2 weeks", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "Wed 2026-12-02 17:00"),
    ("every two weeks", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "Wed 2026-12-02 17:00"),
    ("every 2 weeks on Friday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", "Fri 2026-12-04 17:00"),
    ("every fortnight", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "Wed 2026-12-02 17:00"),
    ("fortnightly", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "Wed 2026-12-02 17:00"),
    ("weekly", "FREQ=WEEKLY;BYDAY=WE", "Wed 2026-12-02 17:00"),
    ("weekly on Mondays", "FREQ=WEEKLY;BYDAY=MO", "Mon 2026-12-07 17:00"),
    ("every week on Thursday at 4pm", "FREQ=WEEKLY;BYDAY=TH", "Thu 2026-12-03 16:00"),
    ("every day at 9am", "FREQ=DAILY", "Thu 2026-12-03 09:00"),
    ("daily at 6pm", "FREQ=DAILY", "Wed 2026-12-02 18:00"),
    ("every other day", "FREQ=DAILY;INTERVAL=2", "Wed 2026-12-02 17:00"),
    ("every weekday at 8:30am", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Thu 2026-12-03 08:30"),
    ("every business day", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Wed 2026-12-02 17:00"),
    ("every court day at 4pm", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Wed 2026-12-02 16:00"),
    ("monthly", "FREQ=MONTHLY;BYMONTHDAY=2", "Wed 2026-12-02 17:00"),
    ("monthly on the 15th", "FREQ=MONTHLY;BYMONTHDAY=15", "Tue 2026-12-15 17:00"),
    ("every month on the 15th at 9:30", "FREQ=MONTHLY;BYMONTHDAY=15", "Tue 2026-12-15 09:30"),
    ("the 15th of every month", "FREQ=MONTHLY;BYMONTHDAY=15", "Tue 2026-12-15 17:00"),
    ("on the 1st of each month", "FREQ=MONTHLY;BYMONTHDAY=1", "Mon 2027-01-04 17:00"),  # Jan 1
    ("every month on the 31st", "FREQ=MONTHLY;BYMONTHDAY=-1", "Thu 2026-12-31 17:00"),
    ("the last day of each month", "FREQ=MONTHLY;BYMONTHDAY=-1", "Thu 2026-12-31 17:00"),
    (
        "every month on the 30th",
        "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1",
        "Wed 2026-12-30 17:00",
    ),
    (
        "the first business day of each month",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        "Mon 2027-01-04 17:00",  # Fri Jan 1 is New Year's Day
    ),
    (
        "on the first court day of every month at 10am",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        "Mon 2027-01-04 10:00",
    ),
    (
        "the last business day of the month",
        None,  # "of the month" without each/every is one day, not a repeat
        None,
    ),
    (
        "each month on the last business day",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "Thu 2026-12-31 17:00",
    ),
    ("the first Monday of each month", "FREQ=MONTHLY;BYDAY=1MO", "Mon 2026-12-07 17:00"),
    ("the last Friday of every month", "FREQ=MONTHLY;BYDAY=-1FR", "Mon 2026-12-28 17:00"),
    ("every 3 months on the 15th", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15", "Tue 2026-12-15 17:00"),
    ("quarterly", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=2", "Wed 2026-12-02 17:00"),
    ("every other month", "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=2", "Wed 2026-12-02 17:00"),
    ("every year on Dec 25", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", "Mon 2026-12-28 17:00"),
    ("annually", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=2", "Wed 2026-12-02 17:00"),
    ("every 30 days from Dec 1", "FREQ=DAILY;INTERVAL=30", "Thu 2026-12-31 17:00"),
    ("every 30 days starting Dec 9", "FREQ=DAILY;INTERVAL=30", "Wed 2026-12-09 17:00"),
    (
        "every Friday until Jan 15",
        "FREQ=WEEKLY;BYDAY=FR;UNTIL=20270115T235959",
        "Fri 2026-12-04 17:00",
    ),
    ("every Friday from Jan 8", "FREQ=WEEKLY;BYDAY=FR", "Fri 2027-01-08 17:00"),
    ("every Monday 4 times", "FREQ=WEEKLY;BYDAY=MO;COUNT=4", "Mon 2026-12-07 17:00"),
    ("every Friday at 3pm PT", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 18:00"),
    ("due every Friday by 5pm", "FREQ=WEEKLY;BYDAY=FR", "Fri 2026-12-04 17:00"),
]


@pytest.mark.parametrize(("text", "rrule", "due"), PHRASES, ids=[p[0] for p in PHRASES])
def test_phrase(text, rrule, due):
    got = read_rule(text, now=NOW, tz=TZ)
    if rrule is None:
        assert isinstance(got, Unclear), got
        return
    assert isinstance(got, Rule), got
    assert got.spec.rrule == rrule
    assert first(got) == due


def test_there_are_at_least_forty_hand_checked_phrases():
    assert len([p for p in PHRASES if p[1]]) >= 40


def test_the_echo_states_the_rule_and_the_next_occurrence():
    monday = datetime(2026, 12, 7, 9, 0, tzinfo=NY)
    got = rule("every other Friday 3pm", now=monday)
    assert got.echo == "every other Fri at 3:00 PM, next Fri Dec 11"


def test_an_occurrence_on_a_court_holiday_moves_and_the_echo_says_so():
    got = rule("every Monday", now=datetime(2027, 1, 13, 10, 0, tzinfo=NY))
    assert first(got) == "Tue 2027-01-19 17:00"
    assert got.first.slot.isoformat() == "2027-01-18"
    assert "Martin Luther King" in got.echo and "moved to Tue Jan 19" in got.echo


def test_every_court_day_skips_a_holiday_rather_than_doubling_the_next_day():
    got = rule("every court day", now=datetime(2026, 12, 24, 18, 0, tzinfo=NY))
    assert first(got) == "Mon 2026-12-28 17:00"  # Fri Dec 25 skipped, not moved onto Mon


def test_the_last_court_day_moves_back():
    got = rule("each month on the last court day", now=datetime(2027, 5, 20, 9, tzinfo=NY))
    assert first(got) == "Fri 2027-05-28 17:00"  # Mon May 31 is Memorial Day


def test_california_business_days_follow_the_california_calendar():
    got = rule("every Friday", now=datetime(2026, 11, 25, 9, tzinfo=NY), court="US-CA")
    assert first(got) == "Mon 2026-11-30 17:00"  # the day after Thanksgiving is a CA holiday
    fed = rule("every Friday", now=datetime(2026, 11, 25, 9, tzinfo=NY))
    assert first(fed) == "Fri 2026-11-27 17:00"


def test_every_other_friday_typed_on_a_friday_asks_whether_today_counts():
    friday = datetime(2026, 12, 4, 9, 0, tzinfo=NY)
    got = read_rule("every other Friday 3pm", now=friday, tz=TZ)
    assert isinstance(got, RuleAsk)
    assert "today" in got.question
    today, later = (rule(o, now=friday) for o in got.options)
    assert first(today) == "Fri 2026-12-04 15:00"
    assert first(later) == "Fri 2026-12-11 15:00"


@pytest.mark.parametrize("word", ["biweekly", "bi-weekly", "bimonthly", "semimonthly"])
def test_words_with_two_meanings_ask(word):
    assert isinstance(read_rule(word, now=NOW, tz=TZ), RuleAsk)


@pytest.mark.parametrize(
    "text",
    [
        "every Friday morning",  # which time?
        "every Monday until trial",  # not a date
        "every 3rd thursday",  # every third week, or the 3rd Thursday of the month?
        "the second business day of each month",  # not exact with holidays: refused
        "every 0 days",
        "every Friday until Dec 3",  # ends before the first Friday
        "every blue moon",
        "",
    ],
)
def test_unreadable_repeats_are_unclear_never_a_guess(text):
    assert isinstance(read_rule(text, now=NOW, tz=TZ), Unclear)


def test_find_rule_splits_title_and_repeat():
    title, got = find_rule("send the client a status update every other Friday 3pm", now=NOW, tz=TZ)
    assert title == "send the client a status update"
    assert isinstance(got, Rule) and got.spec.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    title, got = find_rule(
        "trust account review on the first business day of each month", now=NOW, tz=TZ
    )
    assert title == "trust account review" and isinstance(got, Rule)


def test_find_rule_leaves_a_title_word_alone_and_refuses_an_unreadable_every():
    assert find_rule("review weekly report by Friday", now=NOW, tz=TZ) is None
    assert find_rule("check every exhibit by Friday", now=NOW, tz=TZ) is None
    title, got = find_rule("check the docket every Monday until trial", now=NOW, tz=TZ)
    assert title == "check the docket" and isinstance(got, Unclear)
    title, got = find_rule("send the weekly status report every Friday 4pm", now=NOW, tz=TZ)
    assert title == "send the weekly status report" and isinstance(got, Rule)
    title, got = find_rule('"status every day" every Friday', now=NOW, tz=TZ)
    assert title == "status every day" and isinstance(got, Rule)
