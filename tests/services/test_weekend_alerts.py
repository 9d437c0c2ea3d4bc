"""Task alerts that fall on a weekend or court holiday come the court day before, never in the past.

The trial: a Monday task set on Friday at 10:00 got its first reminder on Monday ("due in 1
hour"), because its day-before alert, moved from Sunday to Friday 9:00, was already past.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.courts.zones import due_moment
from bot.models import UserProfile
from bot.offsets import read_offsets
from bot.services import alerts
from bot.vocab import OutboxKind
from tests.factories import NOW, add_case, add_task

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")


def at(zone: ZoneInfo, month: int, day: int, hour: int, minute: int = 0, year: int = 2026):
    """A wall-clock moment in zone, as the database holds it (aware UTC)."""
    return datetime(year, month, day, hour, minute, tzinfo=zone).astimezone(UTC)


def _alerts(session, case, task, now: datetime) -> list[datetime]:
    plans = alerts.wanted(session, case=case, task=task, now=now)
    return [p.due_at for p in plans if p.kind == OutboxKind.ALERT]


def _bob(session, zone: ZoneInfo) -> None:
    session.add(UserProfile(id="UBOB", name="bob", tz=zone.key, fetched_at=NOW))


def _monday_date_only(session, case, created: datetime):
    due = due_moment(date(2026, 12, 7), zone="America/New_York", court="US-FED")
    return add_task(
        session, case, 2, due_at=due, all_day=True, due_date=date(2026, 12, 7),
        due_zone="America/New_York", created_at=created,
    )  # fmt: skip


def test_a_monday_task_set_friday_morning_reminds_friday_at_nine_in_the_assignees_zone(session):
    case = add_case(session)
    _bob(session, LA)
    friday = at(NY, 12, 4, 10)  # Fri 10:00 New York = 7:00 in Los Angeles
    task = add_task(session, case, 1, due_at=at(NY, 12, 7, 10), created_at=friday)
    assert _alerts(session, case, task, friday) == [at(LA, 12, 4, 9), at(NY, 12, 7, 9)]
    dated = _monday_date_only(session, case, friday)
    assert _alerts(session, case, dated, friday) == [at(LA, 12, 4, 9), at(LA, 12, 7, 9)]


def test_a_monday_task_set_after_fridays_nine_reminds_at_once_not_on_monday(session):
    case = add_case(session)
    _bob(session, NY)
    friday = at(NY, 12, 4, 10)  # the trial: Friday 9:00 has passed
    task = add_task(session, case, 1, due_at=at(NY, 12, 7, 10), created_at=friday)
    assert _alerts(session, case, task, friday) == [friday, at(NY, 12, 7, 9)]
    dated = _monday_date_only(session, case, friday)
    assert _alerts(session, case, dated, friday) == [friday, at(NY, 12, 7, 9)]
    # Replanned later that Friday (an edit): still at once, same key, so sent once.
    later = at(NY, 12, 4, 15)
    keys = {p.key for p in alerts.wanted(session, case=case, task=task, now=later)}
    assert keys >= {p.key for p in alerts.wanted(session, case=case, task=task, now=friday)}


def test_set_friday_night_or_saturday_the_early_reminder_is_dropped_not_sent_monday(session):
    case = add_case(session)
    _bob(session, NY)
    for now in (at(NY, 12, 4, 23), at(NY, 12, 5, 11)):  # quiet hours: at once would be Monday
        task = add_task(session, case, 1, due_at=at(NY, 12, 7, 10), created_at=now)
        assert _alerts(session, case, task, now) == [at(NY, 12, 7, 9)]  # the hour-before only
        session.delete(task)
        session.flush()


def test_a_tuesday_task_keeps_its_monday_nine_reminder(session):
    case = add_case(session)
    _bob(session, NY)
    friday = at(NY, 12, 4, 10)
    task = add_task(session, case, 1, due_at=at(NY, 12, 8, 10), created_at=friday)
    assert _alerts(session, case, task, friday) == [at(NY, 12, 7, 9), at(NY, 12, 8, 9)]


def test_a_holiday_monday_moves_the_reminder_to_the_friday_before(session):
    case = add_case(session)
    _bob(session, NY)
    thursday = at(NY, 1, 14, 10, year=2027)  # MLK Day is Mon Jan 18, 2027
    task = add_task(session, case, 1, due_at=at(NY, 1, 19, 10, year=2027), created_at=thursday)
    assert _alerts(session, case, task, thursday) == [
        at(NY, 1, 15, 9, year=2027),
        at(NY, 1, 19, 9, year=2027),
    ]


def test_an_hours_offset_on_a_weekend_comes_the_friday_before_at_the_same_time(session):
    case = add_case(session, task_alerts=read_offsets("48h, 1h"))
    _bob(session, NY)
    task = add_task(session, case, 1, due_at=at(NY, 12, 7, 10))  # 48h: Sat 10:00
    assert _alerts(session, case, task, NOW) == [at(NY, 12, 4, 10), at(NY, 12, 7, 9)]


def test_a_saturday_task_keeps_its_day_of_alert_on_saturday(session):
    case = add_case(session)
    _bob(session, NY)
    task = add_task(session, case, 1, due_at=at(NY, 12, 5, 15))  # Sat 3 PM
    # 1d@09:00 is Friday; the hour-before stays on Saturday (quiet: not moved past the due moment)
    assert _alerts(session, case, task, NOW) == [at(NY, 12, 4, 9), at(NY, 12, 5, 14)]
