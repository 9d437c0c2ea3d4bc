"""/task stop and /task skip: ending a series, setting one occurrence aside; both audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from bot.models import Case, Series, Task
from bot.services import audit, notify
from bot.services.errors import Conflict, Forbidden, Invalid
from bot.services.series import after_done, series_snapshot
from bot.services.tasks import get, require_editor, snapshot
from bot.vocab import AuditAction, SeriesStatus, TaskStatus


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
    lead = case.lead_id or case.created_by
    if actor_id not in (lead, series.created_by):
        raise Forbidden(
            f"Only the case lead (<@{lead}>) or whoever set up the repeat "
            f"(<@{series.created_by}>) can stop it."
        )
    if series.status != SeriesStatus.ACTIVE:
        raise Conflict(f"The repeat of #{task.number} has already {series.status}.")
    before = series_snapshot(series)
    stopped = session.execute(
        update(Series)
        .where(col(Series.id) == series.id, col(Series.status) == SeriesStatus.ACTIVE)
        .values(status=SeriesStatus.STOPPED, next_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if stopped.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"Someone else just changed the repeat of #{task.number}.")
    session.refresh(series)
    audit.record(
        session,
        case_id=case.id or 0,
        task_id=task.id,
        actor_id=actor_id,
        action=AuditAction.SERIES_STOP,
        at=now,
        before=before,
        after=series_snapshot(series),
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
    if series.status != SeriesStatus.ACTIVE:
        raise Conflict(
            f"The repeat of #{task.number} has {series.status}, so there is nothing to skip to. "
            f"`/task cancel {task.number}` removes it."
        )
    if task.status != TaskStatus.OPEN:
        raise Conflict(f"#{task.number} is already {task.status}.")
    before = snapshot(task)
    skipped = session.execute(
        update(Task)
        .where(col(Task.id) == task.id, col(Task.status) == TaskStatus.OPEN)
        .values(status=TaskStatus.CANCELLED, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if skipped.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict(f"Someone else just changed #{task.number}.")
    session.refresh(task)
    audit.record(
        session,
        case_id=case.id or 0,
        task_id=task.id,
        actor_id=actor_id,
        action=AuditAction.TASK_SKIP,
        at=now,
        before=before,
        after=snapshot(task),
    )
    notify.task_changed(session, case=case, task=task, now=now)
    made = after_done(session, task=task, now=now)
    audit.remember_request(session, key=request_key, kind="task.skip", ref_id=task.id, at=now)
    return Skipped(case=case, task=task, series=series, following=made)
