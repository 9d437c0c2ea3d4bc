"""What an outbox row says at the moment it is sent: the current task, case and audience checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, col, select

from bot.models import Case, Outbox, Task
from bot.services import departures, digests, outbox, people, series
from bot.services.notice_types import LATE_AFTER, Notice, Skip, held_by
from bot.vocab import CaseStatus, OutboxKind, OutboxStatus, TaskStatus

DM_KINDS = {
    OutboxKind.ASSIGN_DM,
    OutboxKind.UNASSIGN_DM,
    OutboxKind.ALERT,
    OutboxKind.LEAD_OVERDUE,
    OutboxKind.FAILURE_NOTE,
    OutboxKind.CARD_REFUSED,
    OutboxKind.ASSIGNEE_LEFT,
    OutboxKind.DM_UPDATE,
    OutboxKind.LEFT_ALERT,
}
REPLY_URL_LIFE = timedelta(minutes=30)  # Slack: 5 uses within 30 minutes
DIGEST_KINDS = {OutboxKind.DIGEST, OutboxKind.PERSONAL_DIGEST}
NEEDS_OPEN_TASK = {
    OutboxKind.ASSIGN_DM,
    OutboxKind.ALERT,
    OutboxKind.OVERDUE,
    OutboxKind.LEAD_OVERDUE,
    OutboxKind.NO_LEAD_OVERDUE,
    OutboxKind.LEFT_ALERT,
    OutboxKind.NO_LEAD_LEFT_ALERT,
}
LEFT_KINDS = {OutboxKind.LEFT_ALERT, OutboxKind.NO_LEAD_LEFT_ALERT}


def compose(session: Session, *, row: Outbox, now: datetime) -> Notice | Skip:
    """Load what the row is about and check it still makes sense to send, and to whom; a late
    one knows why when it was held back (Slack refusing the token) and when it went out."""
    notice = _compose(session, row=row, now=now)
    if isinstance(notice, Skip):
        return notice
    return replace(notice, now=notice.now or now, held=held_by(row))


def _compose(session: Session, *, row: Outbox, now: datetime) -> Notice | Skip:
    """Load what the row is about and check it still makes sense to send, and to whom."""
    if row.kind in DIGEST_KINDS:
        return digests.compose(session, row=row, now=now)
    if row.kind == OutboxKind.REPLY:  # rendered by its request (past a response_url's life,
        data = outbox.payload(row)  # the Slack edge tells the person privately instead)
        return Notice(row=row, case=None, task=None, payload=data, now=now)
    case, task = _subjects(session, row=row)
    if row.task_id and task is None:
        return Skip("the task no longer exists")
    if case is not None and case.status != CaseStatus.OPEN and row.kind in NEEDS_OPEN_TASK:
        return Skip("the case is closed")
    if task is not None and row.kind in NEEDS_OPEN_TASK and task.status != TaskStatus.OPEN:
        return Skip(f"the task is {task.status}")
    if row.kind in DM_KINDS and case is not None:
        members = people.known_members(session, channel_id=case.channel_id)
        if members and row.recipient not in members:
            return Skip("the recipient is no longer in the case channel")
    if row.kind in (OutboxKind.CARD_UPDATE, OutboxKind.ACCEPT_NOTE) and (
        task is None or not task.card_ts
    ):
        return Skip("the task's card was never posted")
    late = now - row.due_at > LATE_AFTER
    if row.kind == OutboxKind.ASSIGNEE_LEFT and case is not None:
        held = departures.left_tasks(session, case=case, user_id=outbox.payload(row)["user"])
        if not held:
            return Skip("the tasks were reassigned or closed already")
        return Notice(row, case, None, outbox.payload(row), late, content=held, now=now)
    if row.kind == OutboxKind.LEAD_LEFT and case is not None:
        data = outbox.payload(row)
        held = departures.left_tasks(session, case=case, user_id=data["user"])
        if not held and not data.get("was_lead"):
            return Skip("the tasks were reassigned or closed already")
        return Notice(row, case, None, data, late, content=held, now=now)
    no_lead = (OutboxKind.NO_LEAD_OVERDUE, OutboxKind.NO_LEAD_LEFT_ALERT)
    if row.kind in no_lead and case is not None and case.lead_id:
        return Skip("the case has a lead again")
    if row.kind in LEFT_KINDS and task is not None:
        if task.assignee_id != outbox.payload(row).get("left"):
            return Skip("the task was reassigned")
    reminder = row.kind == OutboxKind.ALERT or row.kind in LEFT_KINDS
    if late and reminder and _superseded(session, row=row, now=now):
        return Skip("a later reminder, also due, says what is true now")
    repeat = series.words_of(session, task=task) if task is not None else None
    return Notice(
        row=row,
        case=case,
        task=task,
        payload=outbox.payload(row),
        late=late,
        now=now,
        repeat=repeat,
    )


def _subjects(session: Session, *, row: Outbox) -> tuple[Case | None, Task | None]:
    """The row's case and task: one statement when it names both (the usual case)."""
    if row.case_id and row.task_id:
        found = session.execute(_subjects_statement(), {"task_id": row.task_id}).first()
        if found is not None and found[1].id == row.case_id:
            return found[1], found[0]
    case = session.get(Case, row.case_id) if row.case_id else None
    task = session.get(Task, row.task_id) if row.task_id else None
    return case, task


def _superseded(session: Session, *, row: Outbox, now: datetime) -> bool:
    """After downtime: another reminder for the same task and person is due too, and later."""
    later = session.exec(
        select(Outbox.id).where(
            Outbox.task_id == row.task_id,
            Outbox.kind == row.kind,
            Outbox.recipient == row.recipient,
            col(Outbox.status).in_((OutboxStatus.PENDING, OutboxStatus.SENDING)),
            col(Outbox.due_at) > row.due_at,
            col(Outbox.due_at) <= now,
        )
    ).first()
    return later is not None


@cache
def _subjects_statement() -> Any:
    """_subjects' read of a task and its case, built once (bound parameter: task_id)."""
    return (
        select(Task, Case)
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(col(Task.id) == bindparam("task_id"))
    )


def case_of(session: Session, *, row: Outbox) -> str | None:
    """The case channel a row is about, if any."""
    case = session.get(Case, row.case_id) if row.case_id else None
    return case.channel_id if case else None
