"""A case's client-update cadence: a repeating "Update the client" task for the lead (Rule 1.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.dates.recurrence import Rule
from bot.models import Case, Series, Task
from bot.services import audit, changes, rows, series
from bot.services.errors import Conflict
from bot.services.lookup import case_for_channel
from bot.services.permissions import lead_of, require_lead, require_member
from bot.services.rules import repeat_from
from bot.services.whens import Reading
from bot.vocab import AuditAction, CaseStatus, SeriesPurpose, SeriesStatus, TaskKind, TaskStatus

TITLE = "Update the client"
OFF = ("off", "none", "stop", "no")


@dataclass(frozen=True)
class Cadence:
    """The cadence after a change: the rule and first update task, or off (both None)."""

    case: Case
    rule: Rule | None
    task: Task | None
    replayed: bool = False


@dataclass(frozen=True)
class ClientStatus:
    """What the digest says about client updates: the cadence, the last one, any overdue."""

    repeat: str
    last_done: datetime | None
    overdue: Task | None


def _current(session: Session, case: Case) -> Series | None:
    query = select(Series).where(
        Series.case_id == case.id,
        Series.purpose == SeriesPurpose.CLIENT_UPDATE,
        Series.status == SeriesStatus.ACTIVE,
    )
    return session.exec(query.order_by(col(Series.id).desc())).first()


def set_cadence(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    members: set[str],
    text: str,
    reading: Reading,
    request_key: str | None = None,
) -> Cadence:
    """`/case set client-updates every 2 weeks|off` (the case lead only); audited, once."""
    case = case_for_channel(session, channel_id=channel_id)
    if audit.replayed_refs(session, request_key) is not None:
        return Cadence(case=case, rule=None, task=None, replayed=True)
    require_member(actor_id, members)
    require_lead(case, actor_id, to="sets how often the client is updated")
    lead = lead_of(case)
    case = rows.lock(session, case)  # two changes at once: the second reads the first's series
    if case.status != CaseStatus.OPEN:
        raise Conflict("This case is closed. Reopen it with `/case reopen` first.")
    now = reading.now
    off = text.strip().lower() in OFF
    rule = None
    if not off:
        court = Reading(reading.now, reading.tz, case.jurisdiction, reading.default_due_time)
        rule = repeat_from(text, court, counted_from_today=True)
    current = _current(session, case)
    before = {"client_updates": series.words(current) if current else None}
    if current is not None:
        session.execute(
            update(Series)
            .where(col(Series.id) == current.id, col(Series.status) == SeriesStatus.ACTIVE)
            .values(status=SeriesStatus.STOPPED, next_at=None, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if rule is not None:  # replaced: the old cadence's coming update gives way to the new
            _cancel_coming(session, case=case, series_id=current.id, actor_id=actor_id, now=now)
    elif off:
        raise Conflict("Client updates are already off for this case.")
    task = None
    if rule is not None:
        task = series.start(
            session,
            case=case,
            rule=rule,
            title=TITLE,
            kind=TaskKind.TASK,
            person=lead,
            actor_id=actor_id,
            now=now,
            day_due_time=reading.default_due_time,
            purpose=SeriesPurpose.CLIENT_UPDATE,
        )
    audit.record(
        session,
        case_id=case.id or 0,
        actor_id=actor_id,
        action=AuditAction.CASE_CLIENT_UPDATES,
        at=now,
        before=before,
        after={"client_updates": rule.words if rule else None},
    )
    ref = task.id if task else None
    audit.remember_request(session, key=request_key, kind="case.client_updates", ref_id=ref, at=now)
    return Cadence(case=case, rule=rule, task=task)


def _cancel_coming(
    session: Session, *, case: Case, series_id: int | None, actor_id: str, now: datetime
) -> None:
    """Cancel a replaced cadence's open updates not yet due (overdue ones are still owed)."""
    coming = session.exec(
        select(Task.number).where(
            Task.series_id == series_id, Task.status == TaskStatus.OPEN, col(Task.due_at) >= now
        )
    ).all()
    for number in coming:  # the ordinary cancel: locked, audited, card and alerts updated
        changes.set_status(
            session,
            channel_id=case.channel_id,
            number=number,
            actor_id=actor_id,
            status=TaskStatus.CANCELLED,
            now=now,
        )


def status(session: Session, *, case: Case, now: datetime) -> ClientStatus | None:
    """The case's client-update status for its digest (None: no cadence set)."""
    current = _current(session, case)
    if current is None:
        return None
    ids = select(Series.id).where(
        Series.case_id == case.id, Series.purpose == SeriesPurpose.CLIENT_UPDATE
    )
    last = session.exec(
        select(Task)
        .where(col(Task.series_id).in_(ids), Task.status == TaskStatus.DONE)
        .order_by(col(Task.completed_at).desc())
        .limit(1)
    ).first()
    overdue = session.exec(
        select(Task)
        .where(Task.series_id == current.id, Task.status == TaskStatus.OPEN, col(Task.due_at) < now)
        .order_by(col(Task.due_at))
        .limit(1)
    ).first()
    return ClientStatus(
        repeat=series.words(current),
        last_done=last.completed_at if last else None,
        overdue=overdue,
    )
