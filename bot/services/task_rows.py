"""A task row: its audited fields, and making one (numbered, audited, its messages planned)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import insert as sa_insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session

from bot.models import Case, Task
from bot.services import audit, dues, notify, rows
from bot.services.rows import take_number
from bot.vocab import AuditAction, TaskKind

_TASK = Task.__table__  # type: ignore[attr-defined]
_INSERT = sa_insert(_TASK).returning(_TASK.c.id)
CREATED = {TaskKind.TASK: AuditAction.TASK_CREATE, TaskKind.DEADLINE: AuditAction.DEADLINE_CREATE}


def snapshot(task: Task) -> dict[str, Any]:
    """The audited fields of a task."""
    shot: dict[str, Any] = {
        "title": task.title,
        "kind": task.kind,
        "assignee_id": task.assignee_id,
        "due_at": task.due_at.isoformat() if task.due_at else None,
        "all_day": task.all_day,
        "due_date": task.due_date.isoformat() if task.due_date else None,
        "due_zone": task.due_zone,
        "status": task.status,
        "remind_at": task.remind_at.isoformat() if task.remind_at else None,
        "accepted": task.accepted_at is not None,
        "notes": task.notes,
        "source_url": task.source_url,
    }
    if task.series_id is not None:
        shot["series"] = task.series_id
        shot["slot"] = task.slot.isoformat() if task.slot else None
    return shot


def insert(session: Session, task: Task) -> None:
    """INSERT the new task now and make it the session's, as if it had been flushed.

    One Core INSERT ... RETURNING id instead of the ORM's flush (its unit of work cost more than
    the statement); the row is then attached as loaded, so later changes to it are UPDATEs.
    """
    task.id = session.execute(_INSERT, rows.values_of(task)).scalar_one()
    make_transient_to_detached(task)
    session.add(task)


def create_task(
    session: Session,
    *,
    case: Case,
    kind: TaskKind,
    title: str,
    person: str,
    actor_id: str,
    due_at: datetime | None,
    all_day: bool,
    now: datetime,
    due_date: date | None = None,
    series_id: int | None = None,
    slot: date | None = None,
    created_by: str | None = None,
    dm_assignee: bool = True,
    notes: str | None = None,
    source_url: str | None = None,
) -> Task:
    """One new task with the case's next number (taken atomically): audited, messages planned.

    dm_assignee=False: no delegation DM (a repeat's later occurrences; the series was announced).
    A date-only due (all_day) becomes `due_date` (else the day of due_at in the court's zone)
    ending at midnight in the court's zone.
    """
    task = Task(
        case_id=case.id or 0,
        number=take_number(session, case=case),
        kind=kind,
        title=title,
        assignee_id=person,
        created_by=created_by or actor_id,
        due_at=due_at,
        all_day=all_day,
        created_at=now,
        updated_at=now,
        series_id=series_id,
        slot=slot,
        notes=notes,
        source_url=source_url,
    )
    if all_day and due_at is not None:
        dues.set_day(
            session,
            case=case,
            task=task,
            day=due_date or dues.court_day(session, case=case, moment=due_at),
        )
    insert(session, task)
    audit.write(
        session,
        case_id=case.id or 0,
        task_id=task.id,
        actor_id=actor_id,
        action=CREATED[kind],
        at=now,
        after=snapshot(task),
    )
    notify.task_created(
        session, case=case, task=task, actor_id=actor_id, now=now, dm_assignee=dm_assignee
    )
    return task
