"""Next occurrences from a stored rule: wall-clock times across daylight saving, holiday moves."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.dates.occurrences import Roll, Spec, describe, first_due_after, following

NY = ZoneInfo("America/New_York")
FIVE = time(17, 0)


def chain(spec: Spec, n: int) -> list[datetime]:
    out, after = [], None
    for _ in range(n):
        got = following(spec, after=after, due_time=FIVE)
        assert got is not None
        out.append(got.due)
        after = got.slot
    return out


def test_nine_am_stays_nine_am_across_spring_forward():
    spec = Spec("FREQ=WEEKLY;BYDAY=MO", date(2027, 3, 1), time(9), "America/New_York")
    dues = chain(spec, 3)
    assert [d.astimezone(UTC).hour for d in dues] == [14, 14, 13]  # EST, EST, then EDT
    assert {d.astimezone(NY).hour for d in dues} == {9}


def test_nine_am_stays_nine_am_across_fall_back():
    spec = Spec("FREQ=WEEKLY;BYDAY=MO", date(2027, 11, 1), time(9), "America/New_York")
    dues = chain(spec, 2)
    assert [d.astimezone(UTC).hour for d in dues] == [13, 14]  # clocks go back Sun Nov 7, 2027
    assert {d.astimezone(NY).hour for d in dues} == {9}


def test_a_time_in_the_spring_gap_moves_forward_an_hour():
    spec = Spec("FREQ=DAILY", date(2027, 3, 13), time(2, 30), "America/New_York", roll=Roll.NONE)
    dues = chain(spec, 2)
    assert dues[1].astimezone(NY).strftime("%H:%M %Z") == "03:30 EDT"


def test_next_due_after_now_across_dst_in_london():
    spec = Spec(
        "FREQ=WEEKLY;BYDAY=SU", date(2027, 3, 1), time(10), "Europe/London", weekends_ok=True
    )
    now = datetime(2027, 3, 27, 12, 0, tzinfo=UTC)
    got = first_due_after(spec, now=now, due_time=FIVE)
    assert got is not None
    assert got.due == datetime(2027, 3, 28, 9, 0, tzinfo=UTC)  # 10:00 BST on the change day


def test_a_moved_occurrence_does_not_move_the_series():
    spec = Spec("FREQ=WEEKLY;BYDAY=MO", date(2027, 1, 11), None, "America/New_York")
    got = chain(spec, 3)
    days = [d.astimezone(NY).date().isoformat() for d in got]
    assert days == ["2027-01-11", "2027-01-19", "2027-01-25"]  # MLK Day -> Tuesday, then Monday


def test_a_move_that_reaches_the_next_slot_is_skipped():
    spec = Spec("FREQ=WEEKLY;BYDAY=MO,TU", date(2027, 1, 18), None, "America/New_York")
    got = following(spec, after=None, due_time=FIVE)
    assert got is not None and got.slot == date(2027, 1, 19) and got.note is None


def test_the_first_court_day_of_each_month_across_a_year_end():
    spec = Spec(
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1",
        date(2026, 11, 15),
        time(10),
        "America/New_York",
    )
    days = [d.astimezone(NY).date().isoformat() for d in chain(spec, 3)]
    assert days == ["2026-12-01", "2027-01-04", "2027-02-01"]


def test_until_ends_the_series():
    spec = Spec("FREQ=WEEKLY;BYDAY=FR;UNTIL=20261211T235959", date(2026, 12, 1), None, "UTC")
    first = following(spec, after=None, due_time=FIVE)
    assert first is not None
    second = following(spec, after=first.slot, due_time=FIVE)
    assert second is not None and second.slot == date(2026, 12, 11)
    assert following(spec, after=second.slot, due_time=FIVE) is None


def test_describe():
    def words(rrule: str, **kw) -> str:
        return describe(Spec(rrule, date(2026, 12, 1), kw.pop("at", None), "UTC", **kw))

    assert words("FREQ=WEEKLY;INTERVAL=2;BYDAY=FR", at=time(15)) == "every other Fri at 3:00 PM"
    assert words("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO") == "every 3 weeks on Mon"
    assert words("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", roll=Roll.SKIP) == "every court day"
    assert words("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1") == (
        "the first court day of every month"
    )
    assert words("FREQ=DAILY;INTERVAL=30;COUNT=3") == "every 30 days, 3 times"
    assert words("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1") == "every year on Mar 1"
