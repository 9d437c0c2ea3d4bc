"""Alert planning on the real database: offsets, quiet hours, the day of a deadline, the lead.

The scenarios show the same rules end to end; these pin each rule on its own. The workspace
is New York (EST, UTC-5); NOW is Tue Dec 1 2026, 9:00 AM there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.models import UserProfile
from bot.offsets import read_offsets
from bot.services import alerts
from bot.services.alerts import Planned
from bot.vocab import OutboxKind, TaskKind, TaskStatus
from tests.factories import NOW, add_case, add_task

NY = ZoneInfo("America/New_York")


def ny(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A New York wall-clock moment in 2026, as the database holds it (aware UTC)."""
    return datetime(2026, month, day, hour, minute, tzinfo=NY).astimezone(UTC)


def _plans(session, task, case) -> dict[OutboxKind, list[datetime]]:
    got: dict[OutboxKind, list[datetime]] = {}
    for plan in alerts.wanted(session, case=case, task=task, now=NOW):
        got.setdefault(plan.kind, []).append(plan.due_at.astimezone(NY))
    return got


def test_a_task_alerts_the_day_before_and_an_hour_before(session):
    case = add_case(session)
    task = add_task(session, case, 1, due_at=ny(12, 4, 17))  # Fri 5 PM
    got = _plans(session, task, case)
    assert got[OutboxKind.ALERT] == [ny(12, 3, 9), ny(12, 4, 16)]
    assert got[OutboxKind.OVERDUE] == [ny(12, 4, 17)]


def test_a_day_before_alert_on_a_weekend_comes_the_court_day_before(session):
    case = add_case(session)
    task = add_task(session, case, 1, due_at=ny(12, 7, 17))  # Mon 5 PM: "1d" is a Sunday
    assert _plans(session, task, case)[OutboxKind.ALERT] == [ny(12, 4, 9), ny(12, 7, 16)]


def test_a_quiet_alert_is_not_moved_past_the_due_moment(session):
    case = add_case(session)
    task = add_task(session, case, 1, due_at=ny(12, 8, 8, 30))  # Tue 8:30 AM: "1h" is 7:30
    assert ny(12, 8, 7, 30) in _plans(session, task, case)[OutboxKind.ALERT]


def test_the_alert_follows_the_assignees_zone(session):
    case = add_case(session)
    session.add(UserProfile(id="UBOB", name="bob", tz="America/Los_Angeles", fetched_at=NOW))
    task = add_task(session, case, 1, due_at=ny(12, 4, 20))  # Fri 5 PM in Los Angeles
    assert _plans(session, task, case)[OutboxKind.ALERT][0] == ny(12, 3, 12)  # Thu 9 AM LA


def test_a_deadline_alerts_on_its_day_even_on_a_weekend(session):
    case = add_case(session)
    task = add_task(session, case, 1, kind=TaskKind.DEADLINE, due_at=ny(12, 12, 12))  # Sat noon
    got = _plans(session, task, case)[OutboxKind.ALERT]
    # 7d lands on Saturday Dec 5 and comes the Friday before; the day-of alert stays on Saturday.
    assert got == [ny(12, 4, 9), ny(12, 9, 9), ny(12, 11, 9), ny(12, 12, 9)]


def test_two_offsets_landing_on_one_moment_alert_once(session):
    case = add_case(session)
    task = add_task(session, case, 1, kind=TaskKind.DEADLINE, due_at=ny(12, 14, 17))  # Mon
    got = _plans(session, task, case)[OutboxKind.ALERT]
    assert got == [ny(12, 7, 9), ny(12, 11, 9), ny(12, 14, 9)]  # 1d (Sunday) moved onto 0d


def test_the_lead_hears_a_day_late_on_a_working_morning_but_at_once_for_a_deadline(session):
    case = add_case(session)  # lead: UALICE, assignee: UBOB
    task = add_task(session, case, 1, due_at=ny(12, 4, 17))
    assert _plans(session, task, case)[OutboxKind.LEAD_OVERDUE] == [ny(12, 7, 9)]  # Sat -> Mon
    deadline = add_task(session, case, 2, kind=TaskKind.DEADLINE, due_at=ny(12, 4, 17))
    assert _plans(session, deadline, case)[OutboxKind.LEAD_OVERDUE] == [ny(12, 4, 17)]


def test_an_overdue_reminder_after_hours_waits_for_the_morning(session):
    case = add_case(session)
    task = add_task(session, case, 1, due_at=ny(12, 3, 21))  # Thu 9 PM
    assert _plans(session, task, case)[OutboxKind.OVERDUE] == [ny(12, 4, 9)]


def test_the_lead_who_is_the_assignee_gets_no_second_notice(session):
    case = add_case(session)
    task = add_task(session, case, 1, assignee="UALICE", due_at=ny(12, 4, 17))
    assert OutboxKind.LEAD_OVERDUE not in _plans(session, task, case)


def test_a_case_override_replaces_the_offsets(session):
    case = add_case(session, task_alerts=read_offsets("2h"))
    task = add_task(session, case, 1, due_at=ny(12, 4, 17))
    assert _plans(session, task, case)[OutboxKind.ALERT] == [ny(12, 4, 15)]


def test_closed_or_undated_tasks_plan_nothing(session):
    case = add_case(session)
    done = add_task(session, case, 1, status=TaskStatus.DONE, due_at=ny(12, 4, 17))
    undated = add_task(session, case, 2)
    assert alerts.wanted(session, case=case, task=done, now=NOW) == []
    assert alerts.wanted(session, case=case, task=undated, now=NOW) == []


def test_past_moments_are_dropped_and_a_past_due_task_is_overdue_now(session):
    case = add_case(session)
    task = add_task(session, case, 1, due_at=ny(12, 1, 8))  # an hour ago
    got = alerts.wanted(session, case=case, task=task, now=NOW)
    assert [p.kind for p in got] == [OutboxKind.OVERDUE, OutboxKind.LEAD_OVERDUE]
    assert isinstance(got[0], Planned) and got[0].due_at == NOW
    assert got[1].due_at == ny(12, 2, 8)  # a day later, already working hours
