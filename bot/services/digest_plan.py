"""Digest planning: the outbox rows of every digest due soon, and changing a schedule (audited)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from bot.models import Case, Outbox, PersonalDigest
from bot.services import audit, outbox, rows
from bot.services.digest_schedule import Schedule, case_schedule, occurrences, parse_schedule
from bot.services.errors import Conflict
from bot.services.lookup import case_for_channel
from bot.services.zones import zone_for
from bot.vocab import AuditAction, CaseStatus, OutboxKind, OutboxStatus

KINDS = (OutboxKind.DIGEST, OutboxKind.PERSONAL_DIGEST)


@dataclass(frozen=True)
class DigestSetting:
    """A digest schedule after a change: its zone, when it next comes, and its case (if any)."""

    schedule: Schedule
    zone: str
    next_at: datetime | None
    case: Case | None = None  # None for a personal digest


@dataclass(frozen=True)
class _Wanted:
    """One digest row that should exist: what outbox.plan is given."""

    kind: OutboxKind
    team_id: str
    recipient: str
    due_at: datetime
    case_id: int | None = None


def _case_wanted(
    session: Session,
    *,
    case: Case,
    now: datetime,
    end: datetime,
    wanted: dict[str, _Wanted],
    on: set[str],
) -> None:
    """Add the case's digest rows due before `end` to wanted (and its channel to `on`)."""
    schedule = case_schedule(case)
    if schedule.days == "off":
        return
    on.add(case.channel_id)
    zone = zone_for(session, case=case)
    for day, due in occurrences(schedule, zone=zone, start=now, end=end):
        wanted[f"digest:{case.channel_id}:{day.isoformat()}"] = _Wanted(
            kind=OutboxKind.DIGEST,
            team_id=case.team_id,
            recipient=case.channel_id,
            due_at=due,
            case_id=case.id,
        )


def plan_new_case(
    session: Session, *, case: Case, now: datetime, horizon: timedelta = timedelta(hours=36)
) -> None:
    """`plan_digests` for a case made in this transaction: from the row in hand, in one INSERT
    (nothing of it is pending yet to move or cancel, and no one's personal digest changed;
    `outbox.put`: nothing read back)."""
    wanted: dict[str, _Wanted] = {}
    _case_wanted(session, case=case, now=now, end=now + horizon, wanted=wanted, on=set())
    outbox.put(
        session,
        [
            outbox.Row(key, w.kind, w.team_id, w.recipient, w.due_at, w.case_id)
            for key, w in wanted.items()
        ],
    )


def _wanted(
    session: Session, *, now: datetime, end: datetime, case_id: int | None, user_id: str | None
) -> tuple[dict[str, _Wanted], set[str]]:
    """The digest rows that should exist (by key) and who still wants one."""
    wanted: dict[str, _Wanted] = {}
    on: set[str] = set()
    cases = select(Case).where(Case.status == CaseStatus.OPEN)
    subs = select(PersonalDigest)
    if case_id is not None or user_id is not None:
        cases = cases.where(Case.id == case_id)
        subs = subs.where(PersonalDigest.user_id == user_id)
    for case in session.exec(cases):
        _case_wanted(session, case=case, now=now, end=end, wanted=wanted, on=on)
    for sub in session.exec(subs):
        on.add(sub.user_id)
        zone = zone_for(session, user_id=sub.user_id, team_id=sub.team_id)
        schedule = Schedule(sub.at_time, sub.days)
        for day, due in occurrences(schedule, zone=zone, start=now, end=end):
            wanted[f"pdigest:{sub.user_id}:{day.isoformat()}"] = _Wanted(
                kind=OutboxKind.PERSONAL_DIGEST,
                team_id=sub.team_id,
                recipient=sub.user_id,
                due_at=due,
            )
    return wanted, on


def plan_digests(
    session: Session,
    *,
    now: datetime,
    horizon: timedelta = timedelta(hours=36),
    case_id: int | None = None,
    user_id: str | None = None,
) -> int:
    """Plan every digest due within horizon (one case's or person's when given); return how many."""
    wanted, on = _wanted(session, now=now, end=now + horizon, case_id=case_id, user_id=user_id)
    query = select(Outbox).where(Outbox.status == OutboxStatus.PENDING)
    if case_id is None and user_id is None:  # the hourly plan: every digest row
        query = query.where(col(Outbox.kind).in_(KINDS))
    else:  # one case's or one person's rows only (indexed), never a scan of every case
        query = query.where(
            or_(
                and_(col(Outbox.kind) == OutboxKind.DIGEST, col(Outbox.case_id) == case_id),
                and_(
                    col(Outbox.kind) == OutboxKind.PERSONAL_DIGEST,
                    col(Outbox.recipient) == user_id,
                ),
            )
        )
    by_key: dict[str, Outbox] = {}
    for row in session.exec(query).all():
        by_key[row.key] = row
        if row.key not in wanted and (row.due_at > now or row.recipient not in on):
            row.status = OutboxStatus.CANCELLED  # turned off, closed, or the time or days changed
            session.add(row)
    planned = 0
    for key, spec in wanted.items():
        known = by_key.get(key)
        if known is not None and known.due_at == spec.due_at:
            continue
        row = outbox.plan(
            session,
            key=key,
            kind=spec.kind,
            team_id=spec.team_id,
            recipient=spec.recipient,
            due_at=spec.due_at,
            case_id=spec.case_id,
        )
        if row.status == OutboxStatus.PENDING:
            planned += 1
    return planned


def set_case_digest(
    session: Session, *, channel_id: str, actor_id: str, text: str, now: datetime
) -> DigestSetting:
    """Change the channel's digest ('at 9am weekdays', 'off', 'on'), audit it, and re-plan it."""
    case = case_for_channel(session, channel_id=channel_id)
    if case.status != CaseStatus.OPEN:
        raise Conflict("This case is closed, so it has no digest. `/case reopen` reopens it.")
    before = case_schedule(case)
    schedule = parse_schedule(text, current=before)
    case.digest_time, case.digest_zone = schedule.at, schedule.zone
    case.digest_days, case.digest_always = schedule.days, schedule.always
    case.digest_paused_days = schedule.paused
    case.updated_at = now
    session.add(case)
    audit.record(
        session,
        case_id=case.id or 0,
        actor_id=actor_id,
        action=AuditAction.CASE_DIGEST,
        at=now,
        before=before.__dict__,
        after=schedule.__dict__,
    )
    session.flush()
    plan_digests(session, now=now, case_id=case.id)
    zone = zone_for(session, case=case)
    found = occurrences(schedule, zone=zone, start=now, end=now + timedelta(days=8))
    return DigestSetting(schedule, zone, found[0][1] if found else None, case)


def set_personal_digest(
    session: Session, *, user_id: str, team_id: str, text: str, now: datetime
) -> DigestSetting:
    """Opt in to or out of the morning DM ('at 8am', 'at 7:30 daily', 'off') and re-plan it."""
    sub = session.get(PersonalDigest, user_id)
    current = Schedule(sub.at_time, sub.days) if sub else Schedule("08:00", "off")
    schedule = parse_schedule(text, current=current, personal=True)
    if schedule.days == "off":
        if sub is not None:
            session.delete(sub)
    else:  # an upsert: a double-click or two devices at once both succeed
        values = {"user_id": user_id, "team_id": team_id, "at_time": schedule.at}
        rows.upsert(
            session,
            PersonalDigest,
            {**values, "days": schedule.days},
            keys=["user_id"],
            update_columns=["at_time", "days"],
        )
    session.flush()
    plan_digests(session, now=now, user_id=user_id)
    zone = zone_for(session, user_id=user_id, team_id=team_id)
    found = occurrences(schedule, zone=zone, start=now, end=now + timedelta(days=8))
    return DigestSetting(schedule, zone, found[0][1] if found else None)
