"""A task's due: an instant, or a date in the court's zone that ends at the court's end of day."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.courts.zones import due_moment
from bot.dates.readings import When
from bot.models import Case, Task
from bot.services.zones import court_zone


def day_of(when: When, *, typed_in: str) -> date:
    """The calendar day a date-only reading names, in the zone it was typed in."""
    return when.due.astimezone(ZoneInfo(typed_in)).date()


def court_day(session: Session, *, case: Case, moment: datetime) -> date:
    """The calendar day of a moment in the case's court zone."""
    return moment.astimezone(ZoneInfo(court_zone(session, case=case))).date()


def set_day(session: Session, *, case: Case, task: Task, day: date) -> None:
    """Make the task due on `day`, a date in the court's zone, ending at its midnight."""
    zone = court_zone(session, case=case)
    task.due_date, task.due_zone, task.all_day = day, zone, True
    task.due_at = due_moment(day, zone=zone, court=case.jurisdiction)


def set_due(session: Session, *, case: Case, task: Task, when: When | None, typed_in: str) -> None:
    """Give the task the due `when` says: an instant, or a date-only due in the court's zone."""
    if when is None:
        task.due_at, task.all_day, task.due_date, task.due_zone = None, False, None, None
    elif when.all_day:
        set_day(session, case=case, task=task, day=day_of(when, typed_in=typed_in))
    else:
        task.due_at, task.all_day, task.due_date, task.due_zone = when.due, False, None, None


def reanchor(session: Session, *, case: Case, task: Task) -> bool:
    """Move an open date-only task to the case's current court zone; True if it moved."""
    if task.due_date is None:
        return False
    zone = court_zone(session, case=case)
    moment = due_moment(task.due_date, zone=zone, court=case.jurisdiction)
    if (zone, moment) == (task.due_zone, task.due_at):
        return False
    task.due_zone, task.due_at = zone, moment
    return True
