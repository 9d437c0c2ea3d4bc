"""Changing one task: done, reopen, due, assign, snooze, cancel, accept. Each is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, TypedDict

from sqlmodel import Session

from bot.dates.reader import When
from bot.models import Case, Task
from bot.services import alerts, audit, closed_days, dues, notify, repeats, series
from bot.services.errors import Conflict, Forbidden, Invalid
from bot.services.permissions import require_editor
from bot.services.tasks import already, get, resolve_due, snapshot
from bot.services.whens import Ambiguous, Reading
from bot.vocab import AuditAction, TaskKind, TaskStatus


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


class DueQuestion(Ambiguous):
    """A court deadline moved to a day the court is closed: keep it or the next court day?

    `number` and `was` (its due as read when asked) go with the choice, which changes the
    deadline only if its due is still `was`.
    """

    def __init__(self, ask: Ambiguous, *, number: int, was: datetime | None) -> None:
        super().__init__(str(ask), ask.options, ask.title)
        self.number = number
        self.was = was


def _apply(
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
) -> Changed:
    if audit.replayed_refs(session, request_key) is not None:
        case, task = get(session, channel_id=channel_id, number=number)
        return Changed(case=case, task=task, replayed=True)
    # One change wins: the row is locked as it is read, and every check below reads what a
    # concurrent change committed first (done and cancel at once: the second is told).
    case, task = get(session, channel_id=channel_id, number=number, lock=True)
    (check or (lambda c, t: require_editor(c, t, actor_id)))(case, task)
    before = snapshot(task)
    mutate(case, task)
    task.updated_at = now
    session.add(task)
    session.flush()
    audit.record(
        session,
        case_id=case.id or 0,
        task_id=task.id,
        actor_id=actor_id,
        action=action,
        at=now,
        before=before,
        after=snapshot(task),
    )
    (after or (lambda c, t, b: notify.task_changed(session, case=c, task=t, now=now)))(
        case, task, before
    )
    audit.remember_request(session, key=request_key, kind=action, ref_id=task.id, at=now)
    return Changed(case=case, task=task)


def _must_be_open(session: Session, task: Task, now: datetime) -> None:
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

    changed = _apply(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=STATUS_ACTIONS[status],
        mutate=mutate,
        request_key=request_key,
    )
    if status == "done" and not changed.replayed:
        made = series.after_done(session, task=changed.task, now=now)
        return Changed(case=changed.case, task=changed.task, following=made)
    return changed


def reschedule(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    text: str,
    reading: Reading,
    request_key: str | None = None,
    due: When | None = None,
    was: datetime | None = None,
) -> Changed:
    """Move a task's due moment to what `text` says (its snooze is cleared).

    A court deadline typed onto a day the court is closed is not moved: DueQuestion asks. The
    choice comes back as `due`, made only if the due is still `was`, as it was when asked.
    """
    when = due or resolve_due(session, channel_id=channel_id, text=text, reading=reading)
    now = reading.now

    def mutate(case: Case, task: Task) -> None:
        _must_be_open(session, task, now)
        if due is not None and task.due_at != was:
            raise Conflict(
                f"#{task.number}'s due date changed after you were asked, so your choice no "
                f"longer applies. Nothing changed: `/task show {task.number}` shows it now, "
                f"`/task due {task.number} DATE` moves it."
            )
        if due is None and task.kind == TaskKind.DEADLINE:
            try:
                closed_days.ask_if_closed(
                    when,
                    title=task.title,
                    court=case.jurisdiction,
                    typed_in=reading.tz,
                    number=task.number,
                )
            except Ambiguous as ask:
                raise DueQuestion(ask, number=task.number, was=task.due_at) from None
        dues.set_due(session, case=case, task=task, when=when, typed_in=reading.tz)
        task.remind_at, task.snoozed_offset = None, None

    return _apply(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=AuditAction.TASK_DUE,
        mutate=mutate,
        request_key=request_key,
    )


def snooze(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    text: str | None,
    reading: Reading,
    request_key: str | None = None,
) -> Changed:
    """Move only the reminder (to `text`, or a day on); a court deadline's cannot pass its due."""
    now = reading.now
    if text:
        until = resolve_due(session, channel_id=channel_id, text=text, reading=reading).due
    else:
        until = now + timedelta(days=1)

    def mutate(case: Case, task: Task) -> None:
        _must_be_open(session, task, now)
        if until <= now:
            raise Invalid(
                "Snooze needs a time in the future, e.g. "
                f"`/task snooze {task.number} tomorrow 9am`. Nothing changed."
            )
        if task.due_at is not None and until >= task.due_at:
            what = "a court deadline" if task.kind == TaskKind.DEADLINE else "due before then"
            raise Invalid(
                f"#{task.number} is {what}: its reminder can't move past the due moment. Snooze "
                f"to an earlier time, e.g. `/task snooze {task.number} in 2 hours`, or move the "
                f"due date with `/task due {task.number} DATE`. Nothing changed."
            )
        upcoming = alerts.next_alert(session, case=case, task=task, now=now)
        moved = upcoming is not None and upcoming.due_at < until
        task.snoozed_offset = str(upcoming.payload["offset"]) if moved and upcoming else None
        task.remind_at = until

    return _apply(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=AuditAction.TASK_SNOOZE,
        mutate=mutate,
        request_key=request_key,
        after=lambda c, t, b: notify.task_snoozed(session, case=c, task=t, now=now),
    )


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
        _must_be_open(session, task, now)
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

    changed = _apply(
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
        _must_be_open(session, task, now)
        if task.accepted_at is not None:
            raise Conflict(f"You already accepted #{task.number}.")
        task.accepted_at = now

    def after(case: Case, task: Task, before: dict[str, Any]) -> None:
        notify.task_accepted(session, case=case, task=task, now=now)

    return _apply(
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
