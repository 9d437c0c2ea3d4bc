"""A repeating court deadline: each occurrence on a closed day moves as a one-off deadline would."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from bot.dates.occurrences import (
    Roll,
    Spec,
    court_deadline,
    court_moves,
    fmt,
    following,
    occurrence,
    slots,
)
from bot.dates.recurrence import Rule, read_rule

NY, LA, PHX = "America/New_York", "America/Los_Angeles", "America/Phoenix"
FIVE = time(17, 0)


def deadline(rrule: str, start: date, at: time | None = None, zone: str = NY, **kw) -> Spec:
    return court_deadline(Spec(rrule, start, at, zone, **kw), court="US-FED", court_zone=NY)


def test_a_friday_on_christmas_moves_to_the_next_court_day_with_the_rule_cited():
    got = occurrence(deadline("FREQ=WEEKLY;BYDAY=FR", date(2026, 12, 4)), date(2026, 12, 25),
                     due_time=FIVE)  # fmt: skip
    assert got is not None and got.day == date(2026, 12, 28)
    assert got.note == (
        "Fri Dec 25, 2026 is Christmas Day: the court is closed; moved to the next court day, "
        "Mon Dec 28, 2026 (FRCP 6(a)(1)(C))"
    )


def test_a_weekend_day_named_on_purpose_still_moves_for_a_deadline():
    plain = Spec("FREQ=WEEKLY;BYDAY=SA", date(2026, 12, 5), None, NY, weekends_ok=True)
    assert occurrence(plain, date(2026, 12, 5), due_time=FIVE).day == date(2026, 12, 5)
    court = court_deadline(plain, court="US-FED", court_zone=NY)
    got = occurrence(court, date(2026, 12, 5), due_time=FIVE)
    assert got is not None and got.day == date(2026, 12, 7)
    assert got.note is not None and got.note.startswith("Sat Dec 5, 2026 is a Saturday: the court")


def test_every_weekday_drops_a_holiday_whose_next_court_day_has_its_own():
    spec = deadline("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", date(2026, 12, 1))
    assert spec.roll is Roll.FORWARD
    assert occurrence(spec, date(2026, 12, 25), due_time=FIVE) is None
    nxt = following(spec, after=date(2026, 12, 24), due_time=FIVE)
    assert nxt is not None and nxt.day == date(2026, 12, 28) and nxt.note is None
    said = court_moves(spec, after=None, through=date(2027, 1, 1), due_time=FIVE)
    assert said == [
        "Fri Dec 25, 2026 is Christmas Day: the court is closed; none that day "
        "(the next court day has its own)",
        "Fri Jan 1, 2027 is New Year's Day: the court is closed; none that day "
        "(the next court day has its own)",
    ]


def test_a_plain_weekday_task_keeps_its_holiday():
    spec = Spec("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", date(2026, 12, 1), None, NY, roll=Roll.NONE)
    got = occurrence(spec, date(2026, 12, 25), due_time=FIVE)
    assert got is not None and got.day == date(2026, 12, 25) and got.note is None


def test_a_timed_one_is_closed_when_its_moment_is_a_saturday_in_the_courts_zone():
    spec = deadline("FREQ=WEEKLY;BYDAY=FR", date(2026, 12, 4), time(22), zone=LA)
    got = occurrence(spec, date(2026, 12, 4), due_time=FIVE)  # Fri 10 PM PT is Sat 1 AM ET
    assert got is not None and got.day == date(2026, 12, 7)
    assert got.due == datetime(2026, 12, 7, 22, tzinfo=ZoneInfo(LA))  # the time kept, as typed
    assert got.note is not None and got.note.startswith(
        "Fri Dec 4, 2026 at 10:00 PM is Sat Dec 5, 2026 at 1:00 AM in the court's time zone, "
        "a Saturday: the court is closed; moved to the next court day, Mon Dec 7, 2026"
    )
    early = deadline("FREQ=WEEKLY;BYDAY=FR", date(2026, 12, 4), time(20), zone=LA)
    assert occurrence(early, date(2026, 12, 4), due_time=FIVE).note is None


def test_the_courts_zone_is_read_at_each_occurrences_own_offset_across_dst():
    # Phoenix keeps MST all year; New York does not. 9:30 PM in Phoenix is 11:30 PM in New
    # York in winter (open) but 12:30 AM Saturday in summer (closed, so it moves).
    spec = deadline("FREQ=WEEKLY;BYDAY=FR", date(2027, 3, 5), time(21, 30), zone=PHX)
    winter = occurrence(spec, date(2027, 3, 12), due_time=FIVE)  # NY springs forward Mar 14
    summer = occurrence(spec, date(2027, 3, 19), due_time=FIVE)
    assert winter is not None and winter.day == date(2027, 3, 12) and winter.note is None
    assert summer is not None and summer.day == date(2027, 3, 22)
    assert summer.note is not None and "Sat Mar 20, 2027 at 12:30 AM" in summer.note


def test_a_deadline_repeat_read_names_the_occurrences_moved_in_the_coming_year():
    now = datetime(2026, 12, 1, 9, tzinfo=ZoneInfo(NY))
    rule = read_rule("every Friday", now=now, tz=NY, court_zone=NY)
    assert isinstance(rule, Rule)
    assert rule.first.day == date(2026, 12, 4)
    assert [m.split(":")[0] for m in rule.moves] == [
        "Fri Dec 25, 2026 is Christmas Day",
        "Fri Jan 1, 2027 is New Year's Day",
        "Fri Jun 18, 2027 is Juneteenth National Independence Day (observed)",
    ]
    plain = read_rule("every Friday", now=now, tz=NY)
    assert isinstance(plain, Rule) and plain.moves == ()


def test_a_deadline_repeat_whose_first_falls_on_a_holiday_says_so_in_the_first():
    now = datetime(2026, 12, 21, 9, tzinfo=ZoneInfo(NY))
    rule = read_rule("every Friday", now=now, tz=NY, court_zone=NY)
    assert isinstance(rule, Rule)
    assert rule.first.slot == date(2026, 12, 25) and rule.first.day == date(2026, 12, 28)
    assert rule.first.note is not None and "Christmas Day" in rule.first.note
    assert "Dec 25, 2026" not in " ".join(rule.moves)  # said once, as the first


def test_the_echo_names_exactly_what_each_occurrence_will_do():
    """court_moves (one pass, for the echo) and occurrence (the clock) decide alike."""
    rules = [
        deadline("FREQ=DAILY", date(2026, 12, 1)),
        deadline("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", date(2026, 12, 1), roll=Roll.SKIP),
        deadline("FREQ=WEEKLY;BYDAY=FR", date(2026, 12, 4), time(22), zone=LA),
        deadline(
            "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", date(2026, 12, 1), roll=Roll.BACKWARD
        ),  # fmt: skip
    ]
    end = date(2027, 12, 31)
    for spec in rules:
        said = court_moves(spec, after=None, through=end, due_time=FIVE)
        expected = []
        for slot in slots(spec):
            if slot > end:
                break
            got = occurrence(spec, slot, due_time=FIVE)
            if got is None:
                expected.append(f"{fmt(slot)} is")
            elif got.note:
                expected.append(got.note)
        assert len(said) == len(expected) and said, spec.rrule
        for line, want in zip(said, expected, strict=True):
            assert line.startswith(want), (line, want)
