"""Shared test factories: cases and tasks in the database (through the real service) or in memory.

Every test module builds its rows here, so a new column gets its default in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.models import Case, Task
from bot.services import cases
from bot.vocab import TaskKind, TaskStatus

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # Tue Dec 1 2026, 9:00 AM in New York


def add_case(
    session: Session,
    channel: str = "C1",
    name: str = "Smith v. Jones",
    *,
    team: str = "T1",
    actor: str = "UALICE",
    matter: str | None = None,
    now: datetime = NOW,
    **fields: Any,
) -> Case:
    """A case made by the real service (audited, digest planned), then `fields` set on it."""
    case = cases.create_case(
        session,
        team_id=team,
        channel_id=channel,
        name=name,
        matter_number=matter,
        actor_id=actor,
        now=now,
    )
    for key, value in fields.items():
        setattr(case, key, value)
    session.add(case)
    session.flush()
    return case


def task_row(
    number: int = 3,
    *,
    case_id: int = 7,
    title: str | None = None,
    kind: TaskKind = TaskKind.TASK,
    status: TaskStatus = TaskStatus.OPEN,
    assignee: str | None = "UBOB",
    created_by: str = "UALICE",
    due_at: datetime | None = None,
    created_at: datetime = NOW,
    now: datetime = NOW,
    **fields: Any,
) -> Task:
    """A task in memory (not added to any session)."""
    return Task(
        case_id=case_id,
        number=number,
        kind=kind,
        title=title if title is not None else f"task {number}",
        assignee_id=assignee,
        created_by=created_by,
        due_at=due_at,
        status=status,
        created_at=created_at,
        updated_at=now,
        **fields,
    )


def add_task(session: Session, case: Case, number: int, **fields: Any) -> Task:
    """A task of case in the database (rows straight in: no audit, no outbox)."""
    task = task_row(number, case_id=case.id or 0, **fields)
    session.add(task)
    session.flush()
    return task


def case_row(name: str = "Smith v. Jones", **fields: Any) -> Case:
    """A case in memory (id 7, channel C1), for builders that need no database."""
    values: dict[str, Any] = {
        "id": 7,
        "team_id": "T1",
        "channel_id": "C1",
        "name": name,
        "created_by": "U1",
        "created_at": NOW,
        "updated_at": NOW,
    }
    values.update(fields)
    return Case(**values)


def a_month_ago(now: datetime = NOW) -> datetime:
    """A creation time well before anything a test schedules."""
    return now - timedelta(days=30)
