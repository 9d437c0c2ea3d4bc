"""/task stop and /task skip: ending a series, setting one occurrence aside; both audited."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, true, update
from sqlmodel import Session, col

from bot.models import Case, Series, Task
from bot.services import audit, notify, rows
from bot.services.errors import Conflict, Invalid
from bot.services.permissions import require_editor, require_series_owner
from bot.services.series import after_done, series_snapshot
from bot.services.tasks import already, get, snapshot
from bot.vocab import AuditAction, SeriesStatus, TaskStatus


class Handover(enum.StrEnum):
    """What reassigning an occurrence did to its repeat."""

    FOLLOWED = "followed"  # the repeat's future occurrences go to the new assignee too
    ONLY = "only"  # asked for: this occurrence alone
    EARLIER = "earlier"  # an earlier occurrence: the repeat's newer ones stay as they were


@dataclass(frozen=True)
class Handed:
    """A reassigned occurrence's repeat: what happened, and who its next occurrences go to."""

    how: Handover
    keeper: str | None


def hand_over(
    session: Session, *, case: Case, task: Task, actor_id: str, now: datetime, only: bool
) -> Handed | None:
    """After task was reassigned: its repeat follows (the newest occurrence, unless `only`)."""
    series = session.get(Series, task.series_id) if task.series_id else None
    if series is None or series.status != SeriesStatus.ACTIVE:
        return None
    if only or task.slot != series.last_slot:
        how = Handover.ONLY if only else Handover.EARLIER
        return Handed(how, series.assignee_id or series.created_by)
    if series.assignee_id != task.assignee_id:
        was = col(Series.assignee_id)
        _conditional(
            session,
            series,
            values={"assignee_id": task.assignee_id},
            expected=SeriesStatus.ACTIVE,
            also=was.is_(None) if series.assignee_id is None else was == series.assignee_id,
            refusal=f"Someone else just changed the repeat of #{task.number}.",
            audited=Audited(case, task, actor_id, AuditAction.SERIES_ASSIGN, now),
            snap=lambda: series_snapshot(series),
        )
    return Handed(Handover.FOLLOWED, task.assignee_id)


@dataclass(frozen=True)
class Stopped:
    """A series after /task stop, with the occurrence named."""

    case: Case
    task: Task
    series: Series


@dataclass(frozen=True)
class Skipped:
    """The skipped occurrence and the one made in its place (None: the series has ended)."""

    case: Case
    task: Task
    series: Series
    following: Task | None


@dataclass(frozen=True)
class Audited:
    """Who changed what, for the audit event of a conditional change."""

    case: Case
    task: Task
    actor_id: str
    action: AuditAction
    at: datetime


def _conditional(
    session: Session,
    row: Series | Task,
    *,
    values: dict[str, object],
    expected: SeriesStatus | TaskStatus,
    refusal: str,
    audited: Audited,
    snap: Callable[[], dict[str, object]],
    also: ColumnElement[bool] | None = None,
) -> None:
    """Change row only if its status (and `also`) is still as read (else Conflict); audited."""
    table = type(row)
    before = snap()
    changed = session.execute(
        update(table)
        .where(col(table.id) == row.id, col(table.status) == expected)
        .where(also if also is not None else true())
        .values(**values, updated_at=audited.at)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(refusal)
    session.refresh(row)
    audit.record(
        session,
        case_id=audited.case.id or 0,
        task_id=audited.task.id,
        actor_id=audited.actor_id,
        action=audited.action,
        at=audited.at,
        before=before,
        after=snap(),
    )


def _series_of(session: Session, task: Task, verb: str) -> Series:
    series = session.get(Series, task.series_id) if task.series_id else None
    if series is None:
        raise Invalid(
            f"#{task.number} doesn't repeat, so there is nothing to {verb}. "
            f"`/task cancel {task.number}` removes it."
        )
    return series


def stop(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    now: datetime,
    request_key: str | None = None,
) -> Stopped:
    """End the series #number belongs to (the case lead or the series' creator); audited."""
    case, task = get(session, channel_id=channel_id, number=number)
    series = _series_of(session, task, "stop")
    if audit.replayed_refs(session, request_key) is not None:
        return Stopped(case=case, task=task, series=series)
    require_series_owner(case, series, actor_id)
    series = rows.lock(session, series)  # the second of two stops reads the first's result
    if series.status != SeriesStatus.ACTIVE:
        raise Conflict(f"The repeat of #{task.number} has already {series.status}.")
    _conditional(
        session,
        series,
        values={"status": SeriesStatus.STOPPED, "next_at": None},
        expected=SeriesStatus.ACTIVE,
        refusal=f"Someone else just changed the repeat of #{task.number}.",
        audited=Audited(case, task, actor_id, AuditAction.SERIES_STOP, now),
        snap=lambda: series_snapshot(series),
    )
    notify.card_changed(session, case=case, task=task, now=now)
    audit.remember_request(session, key=request_key, kind="series.stop", ref_id=task.id, at=now)
    return Stopped(case=case, task=task, series=series)


def skip(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    now: datetime,
    request_key: str | None = None,
) -> Skipped:
    """Skip one occurrence: it is set aside (audited) and the next one comes now."""
    case, task = get(session, channel_id=channel_id, number=number)
    series = _series_of(session, task, "skip")
    if audit.replayed_refs(session, request_key) is not None:
        return Skipped(case=case, task=task, series=series, following=None)
    require_editor(case, task, actor_id)
    task = rows.lock(session, task)  # a skip and a done at once: the second reads the first's
    if series.status != SeriesStatus.ACTIVE:
        raise Conflict(
            f"The repeat of #{task.number} has {series.status}, so there is nothing to skip to. "
            f"`/task cancel {task.number}` removes it."
        )
    if task.status != TaskStatus.OPEN:
        raise already(session, task=task, now=now)
    _conditional(
        session,
        task,
        values={"status": TaskStatus.CANCELLED},
        expected=TaskStatus.OPEN,
        refusal=f"Someone else just changed #{task.number}.",
        audited=Audited(case, task, actor_id, AuditAction.TASK_SKIP, now),
        snap=lambda: snapshot(task),
    )
    notify.task_changed(session, case=case, task=task, now=now)
    made = after_done(session, task=task, now=now)
    audit.remember_request(session, key=request_key, kind="task.skip", ref_id=task.id, at=now)
    return Skipped(case=case, task=task, series=series, following=made)
