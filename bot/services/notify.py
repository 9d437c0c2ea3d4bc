"""Which messages a change to a task owes Slack, planned in the outbox in the same transaction.

Each change plans all its rows in one statement (outbox.plan_many) and cancels what it replaces
in one more (outbox.cancel), in the order they are sent: the card (or its update), DMs, alerts,
App Homes.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.models import Case, Outbox, Task
from bot.services import alerts, desk, outbox
from bot.services.change_rows import Around, SentDM
from bot.vocab import OutboxKind, OutboxStatus


def _stamp(now: datetime) -> str:
    """A key part unique to this change (two changes may share a moment on a fake clock)."""
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:12]}"


def _row(
    case: Case,
    task: Task,
    *,
    key: str,
    kind: OutboxKind,
    recipient: str,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> outbox.Row:
    """One message about a task, due now."""
    return outbox.Row(key, kind, case.team_id, recipient, now, case.id, task.id, payload)


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
    card = _row(
        case,
        task,
        key=f"task:{task.id}:card",
        kind=OutboxKind.TASK_CARD,
        recipient=case.channel_id,
        now=now,
        payload={"actor": actor_id},
    )
    planned = [card]
    if dm_assignee and task.assignee_id and task.assignee_id != actor_id:
        planned.append(_assign_dm(case, task, actor_id=actor_id, now=now))
    planned += alerts.rows(session, case=case, task=task, now=now, fresh=True)
    planned += _homes(session, case, task, now=now)
    outbox.put(session, planned)  # its keys are new (they carry the new task's id)


def _assign_dm(case: Case, task: Task, *, actor_id: str, now: datetime) -> outbox.Row:
    return _row(
        case,
        task,
        key=f"task:{task.id}:assign:{task.assignee_id}:{_stamp(now)}",
        kind=OutboxKind.ASSIGN_DM,
        recipient=task.assignee_id or "",
        now=now,
        payload={"actor": actor_id},
    )


def _homes(
    session: Session,
    case: Case,
    task: Task,
    *,
    now: datetime,
    only: set[str] | None = None,
    around: Around | None = None,
) -> list[outbox.Row]:
    people = only if only is not None else {u for u in (task.assignee_id, task.created_by) if u}
    if around is not None and only is None:  # who keeps a Home was read with the task
        keeping = people & around.homes
    else:
        keeping = desk.keeps_home(session, user_ids=people)
    return [
        _row(
            case,
            task,
            key=f"home:{user}:{task.id}:{_stamp(now)}",
            kind=OutboxKind.HOME,
            recipient=user,
            now=now,
        )
        for user in sorted(keeping)
    ]


def homes_changed(
    session: Session, *, case: Case, task: Task, now: datetime, only: set[str] | None = None
) -> None:
    """Republish the App Home of the people the task is on (those who keep one open)."""
    outbox.plan_many(session, _homes(session, case, task, now=now, only=only))


def _card_update(case: Case, task: Task, *, now: datetime) -> outbox.Row:
    return _row(
        case,
        task,
        key=f"task:{task.id}:card_update:{_stamp(now)}",
        kind=OutboxKind.CARD_UPDATE,
        recipient=case.channel_id,
        now=now,
    )


def card_changed(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Refresh the task's card in the channel (one pending refresh at a time)."""
    outbox.cancel(session, task_id=task.id or 0, kinds=(OutboxKind.CARD_UPDATE,))
    outbox.plan_many(session, [_card_update(case, task, now=now)])


def _dm_updates(
    session: Session,
    case: Case,
    task: Task,
    *,
    now: datetime,
    old: str | None = None,
    around: Around | None = None,
) -> list[outbox.Row]:
    """Redraws of the assignee's delegation DM already sent, so its buttons fit the task now; on
    a reassignment (old: the previous assignee) theirs too, once: it's off their list.
    `around`: those DMs were read with the task (a status change: the assignee's)."""
    if around is not None:
        sent = list(around.dms)
    else:
        rows = session.exec(
            select(Outbox).where(
                Outbox.task_id == task.id,
                Outbox.kind == OutboxKind.ASSIGN_DM,
                Outbox.status == OutboxStatus.SENT,
                col(Outbox.ts).is_not(None),
                col(Outbox.recipient).in_([r for r in (task.assignee_id, old) if r]),
            )
        ).all()
        actor = outbox.payload
        sent = [SentDM(r.id or 0, r.recipient, r.ts or "", actor(r).get("actor", "")) for r in rows]
    return [
        _row(
            case,
            task,
            key=f"task:{task.id}:dm_update:{dm.row_id}:{_stamp(now)}",
            kind=OutboxKind.DM_UPDATE,
            recipient=dm.recipient,
            now=now,
            payload={"ts": dm.ts, "actor": dm.actor},
        )
        for dm in sent
    ]


def _changed(
    session: Session,
    case: Case,
    task: Task,
    *,
    now: datetime,
    old: str | None = None,
    around: Around | None = None,
) -> list[outbox.Row]:
    """The card's and DMs' updates, the alerts re-planned and the Homes (what they replace
    cancelled: one pending refresh of the card and of each DM at a time)."""
    updates = _dm_updates(session, case, task, now=now, old=old, around=around)
    also = (OutboxKind.CARD_UPDATE, OutboxKind.DM_UPDATE)
    planned = alerts.rows(session, case=case, task=task, now=now, also=also)
    card = _card_update(case, task, now=now)
    return [card, *updates, *planned, *_homes(session, case, task, now=now, around=around)]


def task_changed(
    session: Session,
    *,
    case: Case,
    task: Task,
    now: datetime,
    old: str | None = None,
    around: Around | None = None,
) -> None:
    """Due date or status changed: refresh the card and any delegation DM, re-plan the alerts.

    `around`: the DMs and Homes, read with the task (`change_rows.locked_read`), not again.
    Planned with `outbox.put` (one INSERT, no rows read back: nobody reads them here)."""
    outbox.put(session, _changed(session, case, task, now=now, old=old, around=around))


def task_snoozed(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Only the reminders move; the card shows nothing new."""
    planned = alerts.rows(session, case=case, task=task, now=now)
    outbox.plan_many(session, [*planned, *_homes(session, case, task, now=now)])


def task_reassigned(
    session: Session, *, case: Case, task: Task, old: str | None, actor_id: str, now: datetime
) -> None:
    """Tell the new assignee and the old one, refresh the card, move the alerts."""
    planned = []
    if task.assignee_id and task.assignee_id != actor_id:
        planned.append(_assign_dm(case, task, actor_id=actor_id, now=now))
    if old and old not in (actor_id, task.assignee_id):
        planned.append(
            _row(
                case,
                task,
                key=f"task:{task.id}:unassign:{old}:{_stamp(now)}",
                kind=OutboxKind.UNASSIGN_DM,
                recipient=old,
                now=now,
                payload={"actor": actor_id, "new": task.assignee_id},
            )
        )
    planned += _changed(session, case, task, now=now, old=old)
    if old and old not in (task.assignee_id, task.created_by):
        planned += _homes(session, case, task, now=now, only={old})
    outbox.plan_many(session, planned)


def task_accepted(session: Session, *, case: Case, task: Task, now: datetime) -> None:
    """Say so in the task's thread in the case channel and refresh the card."""
    note = _row(
        case,
        task,
        key=f"task:{task.id}:accepted:{_stamp(now)}",
        kind=OutboxKind.ACCEPT_NOTE,
        recipient=case.channel_id,
        now=now,
        payload={"by": task.assignee_id},
    )
    outbox.cancel(session, task_id=task.id or 0, kinds=(OutboxKind.CARD_UPDATE,))
    outbox.plan_many(session, [note, _card_update(case, task, now=now)])
