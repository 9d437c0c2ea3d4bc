"""Deadline alerts and overdue reminders planned for a task (filled in by the scheduler issue)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.models import Case, Task


def replan(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Plan (or cancel) the task's alerts to match its current state."""
    return None
