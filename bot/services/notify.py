"""Which messages a change to a task owes Slack, planned in the outbox in the same transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.models import Case, Outbox, Task
from bot.services import alerts, desk, outbox
from bot.vocab import OutboxKind, OutboxStatus


def _stamp(now: datetime) -> str:
    """A key part unique to this change (two changes may share a moment on a fake clock)."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"


def _plan(
    session: Session,
    case: Case,
    task: Task,
    *,
    key: str,
    kind: OutboxKind,
    recipient: str,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> None:
    """Plan one message about a task, due now."""
    outbox.plan(
        session,
        key=key,
        kind=kind,
        team_id=case.team_id,
        recipient=recipient,
        due_at=now,
        case_id=case.id,
        task_id=task.id,
        payload=payload,
    )


def task_created(
    session: Session,
    *,
    case: Case,
    task: Task,
    actor_id: str,
    now: datetime,
    dm_assignee: bool = True,
) -> None:
    """A new task: its card in the case channel, a DM to a delegated assignee, its alerts."""
    _plan(
        session,
        case,
        task,
        key=f"task:{task.id}:card",
        kind=OutboxKind.TASK_CARD,
        recipient=case.channel_id,
        now=now,
        payload={"actor": actor_id},
    )
    if dm_assignee and task.assignee_id and task.assignee_id != actor_id:
        _assign_dm(session, case=case, task=task, actor_id=actor_id, now=now)
    alerts.replan(session, case=case, task=task, now=now)
    homes_changed(session, case=case, task=task, now=now)


def _assign_dm(session: Session, *, case: Case, task: Task, actor_id: str, now: datetime) -> None:
    _plan(
        session,
        case,
        task,
        key=f"task:{task.id}:assign:{task.assignee_id}:{_stamp(now)}",
        kind=OutboxKind.ASSIGN_DM,
        recipient=task.assignee_id or "",
        now=now,
        payload={"actor": actor_id},
    )


def homes_changed(
    session: Session, *, case: Case, task: Task, now: datetime, only: set[str] | None = None
) -> None:
    """Republish the App Home of the people the task is on (those who keep one open)."""
    people = only if only is not None else {u for u in (task.assignee_id, task.created_by) if u}
    for user in sorted(desk.keeps_home(session, user_ids=people)):
        _plan(
            session,
            case,
            task,
            key=f"home:{user}:{task.id}:{_stamp(now)}",
            kind=OutboxKind.HOME,
            recipient=user,
            now=now,
        )


def card_changed(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Refresh the task's card in the channel (one pending refresh at a time)."""
    outbox.cancel(session, task_id=task.id or 0, kinds=(OutboxKind.CARD_UPDATE,))
    _plan(
        session,
        case,
        task,
        key=f"task:{task.id}:card_update:{_stamp(now)}",
        kind=OutboxKind.CARD_UPDATE,
        recipient=case.channel_id,
        now=now,
    )


def delegations_changed(
    session: Session, *, case: Case, task: Task, now: datetime, old: str | None = None
) -> None:
    """Redraw the assignee's delegation DM already sent, so its buttons fit the task now; on a
    reassignment (old: the previous assignee) theirs too, once: it's off their list."""
    sent = session.exec(
        select(Outbox).where(
            Outbox.task_id == task.id,
            Outbox.kind == OutboxKind.ASSIGN_DM,
            Outbox.status == OutboxStatus.SENT,
            col(Outbox.ts).is_not(None),
            col(Outbox.recipient).in_([r for r in (task.assignee_id, old) if r]),
        )
    ).all()
    if not sent:
        return
    outbox.cancel(session, task_id=task.id or 0, kinds=(OutboxKind.DM_UPDATE,))
    for row in sent:
        _plan(
            session,
            case,
            task,
            key=f"task:{task.id}:dm_update:{row.id}:{_stamp(now)}",
            kind=OutboxKind.DM_UPDATE,
            recipient=row.recipient,
            now=now,
            payload={"ts": row.ts, "actor": outbox.payload(row).get("actor", "")},
        )


def task_changed(
    session: Session, *, case: Case, task: Task, now: datetime, old: str | None = None
) -> None:
    """Due date or status changed: refresh the card and any delegation DM, re-plan the alerts."""
    card_changed(session, case=case, task=task, now=now)
    delegations_changed(session, case=case, task=task, now=now, old=old)
    alerts.replan(session, case=case, task=task, now=now)
    homes_changed(session, case=case, task=task, now=now)


def task_snoozed(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Only the reminders move; the card shows nothing new."""
    alerts.replan(session, case=case, task=task, now=now)
    homes_changed(session, case=case, task=task, now=now)


def task_reassigned(
    session: Session, *, case: Case, task: Task, old: str | None, actor_id: str, now: datetime
) -> None:
    """Tell the new assignee and the old one, refresh the card, move the alerts."""
    if task.assignee_id and task.assignee_id != actor_id:
        _assign_dm(session, case=case, task=task, actor_id=actor_id, now=now)
    if old and old not in (actor_id, task.assignee_id):
        _plan(
            session,
            case,
            task,
            key=f"task:{task.id}:unassign:{old}:{_stamp(now)}",
            kind=OutboxKind.UNASSIGN_DM,
            recipient=old,
            now=now,
            payload={"actor": actor_id, "new": task.assignee_id},
        )
    task_changed(session, case=case, task=task, now=now, old=old)
    if old and old not in (task.assignee_id, task.created_by):
        homes_changed(session, case=case, task=task, now=now, only={old})


def task_accepted(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Say so in the task's thread in the case channel and refresh the card."""
    _plan(
        session,
        case,
        task,
        key=f"task:{task.id}:accepted:{_stamp(now)}",
        kind=OutboxKind.ACCEPT_NOTE,
        recipient=case.channel_id,
        now=now,
        payload={"by": task.assignee_id},
    )
    card_changed(session, case=case, task=task, now=now)
