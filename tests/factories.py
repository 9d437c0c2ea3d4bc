"""Shared test factories: cases and tasks in the database (through the real service) or in memory.

Every test module builds its rows here, so a new column gets its default in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.models import Case, Task, Workspace
from bot.services import cases, outbox
from bot.vocab import OutboxKind, TaskKind, TaskStatus

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


def seed_cards(
    engine: Engine,
    channels: list[str],
    per_channel: int,
    *,
    team: str = "T0SANDBOX",
    now: datetime | None = None,
) -> int:
    """A case per channel with `per_channel` task cards due `now` (default: a minute ago).

    Sender processes run on the real clock, so by default the rows are due by the system's
    time. Returns how many cards were planned.
    """
    if now is None:
        now = datetime.now(UTC) - timedelta(minutes=1)  # noqa: DTZ005 - processes use real time
    with Session(engine) as s:
        s.add(Workspace(id=team, created_at=now))
        s.flush()
        for channel in channels:
            case = Case(
                team_id=team,
                channel_id=channel,
                name=f"Case {channel}",
                created_by="U1",
                created_at=now,
                updated_at=now,
            )
            s.add(case)
            s.flush()
            for n in range(1, per_channel + 1):
                title = f"task {channel} {n}"
                task = task_row(
                    n, case_id=case.id or 0, title=title, assignee="U1", created_by="U1",
                    created_at=now, now=now,
                )  # fmt: skip
                s.add(task)
                s.flush()
                outbox.plan(
                    s,
                    key=f"task:{task.id}:card",
                    kind=OutboxKind.TASK_CARD,
                    team_id=team,
                    recipient=channel,
                    due_at=now,
                    case_id=case.id,
                    task_id=task.id,
                )
        s.commit()
    return len(channels) * per_channel


def tasks_of(world: Any) -> list[Task]:
    """Every task in a world's database (anything with an `engine`), in the order made."""
    with Session(world.engine) as session:
        return list(session.exec(select(Task).order_by(col(Task.id))))
