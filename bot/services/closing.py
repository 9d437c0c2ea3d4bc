"""Closing a case that still has open tasks: say what stops and ask first; close only on the
state asked about (a task added, reopened or finished meanwhile asks again)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.models import Case, Task
from bot.services import answers, audit, rows
from bot.services.case_settings import CaseChange, change, require_lead
from bot.services.cases import last_close
from bot.services.errors import Conflict
from bot.services.lookup import case_for_channel
from bot.services.permissions import require_member
from bot.vocab import AuditAction, CaseStatus, TaskStatus

KEPT_OPEN = "kept open"  # what a close question's answer settles it as
CLOSED = "closed"


@dataclass(frozen=True)
class CloseAsk:
    """Open tasks remain: what closing would stop, and the state the answer applies to."""

    case: Case
    open_tasks: int
    repeating: int
    next_due: Task | None
    state: str  # "open tasks:next task number" as read; a confirm applies only to it
    again: bool = False  # asked again: the case changed since the question was asked


def state_of(session: Session, *, case: Case) -> tuple[int, int, Task | None, str]:
    """The case's open tasks: how many, how many repeat, the next due, and the state's token."""
    open_ = (Task.case_id == case.id, Task.status == TaskStatus.OPEN)
    count, repeating = session.exec(
        select(func.count(), func.count(col(Task.series_id))).where(*open_)
    ).one()
    next_due = session.exec(
        select(Task)
        .where(*open_, col(Task.due_at).is_not(None))
        .order_by(col(Task.due_at), col(Task.number))
        .limit(1)
    ).first()
    return count, repeating, next_due, f"{count}:{case.next_task_number}"


def close(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    members: set[str],
    now: datetime,
    request_key: str | None = None,
    confirmed: str | None = None,
    question: str | None = None,
) -> CaseChange | CloseAsk:
    """Close the channel's case (audited); with open tasks, only when `confirmed` is the state
    last shown to the lead, else the question (again) with what would stop. `question`: the
    close question answered (Close anyway), settled by the close; AlreadyAnswered when its
    Keep open was chosen first."""
    case = case_for_channel(session, channel_id=channel_id)
    require_member(actor_id, members)
    replay = audit.seen_request(session, request_key)
    if confirmed is not None and not replay and case.status != CaseStatus.OPEN:
        settled = answers.answered(session, question=question)
        if settled is not None:  # this question's Close anyway again: as its Keep open is told
            raise answers.AlreadyAnswered(settled)
        raise Conflict(already_closed(session, case=case))  # a stale one
    if case.status == CaseStatus.OPEN and not (replay and replay.kind == AuditAction.CASE_CLOSE):
        require_lead(case, actor_id=actor_id, what="close")
        case = rows.lock(session, case)  # an add or a reopen meanwhile waits, or is seen here
        count, repeating, next_due, state = state_of(session, case=case)
        if count and confirmed != state:
            settled = answers.answered(session, question=question)
            if settled is not None:  # kept open, then this stale Close anyway
                raise answers.AlreadyAnswered(settled)
            again = confirmed is not None
            return CloseAsk(case, count, repeating, next_due, state, again=again)
        if not replay:  # a Keep open chosen first wins: nothing closes
            answers.settle(session, question=question, actor_id=actor_id, choice=CLOSED, now=now)
    return change(
        session,
        channel_id=channel_id,
        actor_id=actor_id,
        members=members,
        what="close",
        value=None,
        now=now,
        request_key=request_key,
    )


def keep_open(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    now: datetime,
    question: str | None = None,
) -> Case:
    """Keep open, answered to the question (settling it): the case; AlreadyAnswered when the
    question was answered before, Conflict when the case was closed meanwhile."""
    case = case_for_channel(session, channel_id=channel_id)
    answers.settle(session, question=question, actor_id=actor_id, choice=KEPT_OPEN, now=now)
    if case.status != CaseStatus.OPEN:
        raise Conflict(already_closed(session, case=case))
    return case


def already_closed(session: Session, *, case: Case) -> str:
    """'Already closed by @ann. Nothing changed; `/case reopen` opens it again.'"""
    event = last_close(session, case=case)
    by = f" by <@{event.actor_id}>" if event is not None else ""
    return f"This case was already closed{by}. Nothing changed; `/case reopen` opens it again."
