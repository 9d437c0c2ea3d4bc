"""Changing one task: done, reopen, cancel, assign, accept, and what every change shares (audit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypedDict

from sqlmodel import Session

from bot.models import Case, Task
from bot.services import audit, change_rows, notify, repeats, series
from bot.services.errors import Conflict, Forbidden, NotFound
from bot.services.permissions import require_editor
from bot.services.tasks import already, get, snapshot
from bot.vocab import AuditAction, TaskStatus


class TaskRef(TypedDict):
    """Which task a change is about and who asks: the keywords every change below takes."""

    channel_id: str
    number: int
    actor_id: str
    request_key: str | None


@dataclass(frozen=True)
class Changed:
    """The task after a change, its case, and whether this request was seen before."""

    case: Case
    task: Task
    replayed: bool = False
    following: Task | None = None  # a repeating task's next occurrence, made by this change
    handed: repeats.Handed | None = None  # a reassigned occurrence: what its repeat did


def apply_change(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    now: datetime,
    action: AuditAction,
    mutate: Callable[[Case, Task], None],
    request_key: str | None,
    check: Callable[[Case, Task], None] | None = None,
    after: Callable[[Case, Task, dict[str, Any]], None] | None = None,
    around: bool = False,
) -> Changed:
    """Lock the task, check, mutate, audit and notify: the one way a change below is made.

    `around`: read what a status change's messages need with the task (notify.task_changed).
    """
    # One change wins: the row is locked as it is read, and every check below reads what a
    # concurrent change committed first (done and cancel at once: the second is told). The
    # case, whether this request was handled before and (around) the task's sent DMs and open
    # Homes come in the same statement.
    read = change_rows.locked_read(
        session, channel_id=channel_id, number=number, request_key=request_key, around=around
    )
    if read is None:  # no case, or no such task: say which
        get(session, channel_id=channel_id, number=number)
        raise NotFound(f"There is no task #{number} in this case.")  # pragma: no cover
    case, task = read.case, read.task
    if read.replayed:
        return Changed(case=case, task=task, replayed=True)
    (check or (lambda c, t: require_editor(c, t, actor_id)))(case, task)
    before = snapshot(task)
    mutate(case, task)
    task.updated_at = now
    change_rows.save(session, task)  # only while the columns it changes are as read
    audit.write(
        session,
        case_id=case.id or 0,
        task_id=task.id,
        actor_id=actor_id,
        action=action,
        at=now,
        before=before,
        after=snapshot(task),
    )
    if after is not None:
        after(case, task, before)
    else:
        notify.task_changed(session, case=case, task=task, now=now, around=read.around)
    audit.remember_request(session, key=request_key, kind=action, ref_id=task.id, at=now)
    return Changed(case=case, task=task)


def must_be_open(session: Session, task: Task, now: datetime) -> None:
    """Refuse a change to a task that is no longer open (already done or cancelled)."""
    if task.status != TaskStatus.OPEN:
        raise already(session, task=task, now=now)


STATUS_ACTIONS = {
    TaskStatus.DONE: AuditAction.TASK_DONE,
    TaskStatus.OPEN: AuditAction.TASK_REOPEN,
    TaskStatus.CANCELLED: AuditAction.TASK_CANCEL,
}


def set_status(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    status: TaskStatus,
    now: datetime,
    request_key: str | None = None,
) -> Changed:
    """Mark a task done, reopen it, or cancel it (it stays in the history)."""

    def mutate(case: Case, task: Task) -> None:
        closing_a_closed = status != TaskStatus.OPEN and task.status != TaskStatus.OPEN
        if task.status == status or closing_a_closed:
            raise already(session, task=task, now=now)
        task.status = status
        task.completed_at = now if status == TaskStatus.DONE else None

    changed = apply_change(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=STATUS_ACTIONS[status],
        mutate=mutate,
        request_key=request_key,
        around=True,
    )
    if status == "done" and not changed.replayed:
        made = series.after_done(session, task=changed.task, now=now)
        return Changed(case=changed.case, task=changed.task, following=made)
    return changed


def assign(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    assignee_id: str,
    members: set[str],
    now: datetime,
    request_key: str | None = None,
    only: bool = False,
) -> Changed:
    """Give a task to someone else in the channel; both people are told.

    A repeating task's newest occurrence takes its repeat along (its future occurrences go to
    the new assignee too), unless `only`; an earlier occurrence goes alone.
    """
    if assignee_id not in members:
        raise Forbidden(
            f"<@{assignee_id}> is not in this channel, so they can't see this case. Invite them "
            "with `/invite`, then try again. Nothing was changed."
        )

    def mutate(case: Case, task: Task) -> None:
        must_be_open(session, task, now)
        if task.assignee_id == assignee_id:
            raise Conflict(f"#{task.number} is already assigned to <@{assignee_id}>.")
        task.assignee_id, task.accepted_at = assignee_id, None

    handed: list[repeats.Handed | None] = []

    def after(case: Case, task: Task, before: dict[str, Any]) -> None:
        notify.task_reassigned(
            session, case=case, task=task, old=before["assignee_id"], actor_id=actor_id, now=now
        )
        handed.append(
            repeats.hand_over(session, case=case, task=task, actor_id=actor_id, now=now, only=only)
        )

    changed = apply_change(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=AuditAction.TASK_ASSIGN,
        mutate=mutate,
        request_key=request_key,
        after=after,
    )
    return replace(changed, handed=handed[0]) if handed else changed


def accept(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    now: datetime,
    request_key: str | None = None,
) -> Changed:
    """The assignee accepts a delegated task; the channel thread hears of it."""

    def check(case: Case, task: Task) -> None:
        if task.assignee_id != actor_id:
            raise Forbidden(f"Only <@{task.assignee_id}>, the assignee, can accept #{task.number}.")

    def mutate(case: Case, task: Task) -> None:
        must_be_open(session, task, now)
        if task.accepted_at is not None:
            raise Conflict(f"You already accepted #{task.number}.")
        task.accepted_at = now

    def after(case: Case, task: Task, before: dict[str, Any]) -> None:
        notify.task_accepted(session, case=case, task=task, now=now)

    return apply_change(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=AuditAction.TASK_ACCEPT,
        mutate=mutate,
        request_key=request_key,
        check=check,
        after=after,
    )
