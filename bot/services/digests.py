"""Daily digests: each case channel's morning summary and each person's opt-in DM (outbox rows)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from bot.models import Case, Outbox, PersonalDigest, Task
from bot.services import audit, client_updates, digest_ahead, outbox, people, rows
from bot.services.digest_schedule import (
    Schedule,
    case_schedule,
    occurrences,
    parse_schedule,
)
from bot.services.errors import Conflict
from bot.services.listing import today_for
from bot.services.lookup import case_for_channel
from bot.services.notice_types import LATE_AFTER, Notice, Skip
from bot.services.zones import zone_for
from bot.vocab import AuditAction, CaseStatus, OutboxKind, OutboxStatus, TaskKind, TaskStatus

log = logging.getLogger("docket.digests")
KINDS = (OutboxKind.DIGEST, OutboxKind.PERSONAL_DIGEST)
MISSED_AFTER = timedelta(hours=3)
SOON_DAYS = 7


@dataclass(frozen=True)
class Digest:
    """What a digest says: open tasks by urgency, what got done, how many have no date."""

    title: str
    tz: str
    now: datetime
    personal: bool = False
    overdue: list[Task] = field(default_factory=list)
    today: list[Task] = field(default_factory=list)
    soon: list[Task] = field(default_factory=list)
    done: list[Task] = field(default_factory=list)
    undated: int = 0
    cases: dict[int, Case] = field(default_factory=dict)
    client: client_updates.ClientStatus | None = None  # the case's client-update cadence

    @property
    def empty(self) -> bool:
        """True when there is nothing worth posting (undated tasks alone are not news)."""
        late_update = self.client is not None and self.client.overdue is not None
        return not (self.overdue or self.today or self.soon or self.done or late_update)


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
        schedule = case_schedule(case)
        if schedule.days == "off":
            continue
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


def _since(
    session: Session, *, kind: OutboxKind, recipient: str, now: datetime, row_id: int | None = None
) -> datetime:
    query = select(Outbox.sent_at).where(
        Outbox.kind == kind, Outbox.recipient == recipient, Outbox.status == OutboxStatus.SENT
    )
    if row_id is not None:
        query = query.where(Outbox.id != row_id)
    last = session.exec(query.order_by(col(Outbox.sent_at).desc()).limit(1)).first()
    return last or now - timedelta(hours=24)


def _build(
    title: str,
    tz: str,
    now: datetime,
    tasks: list[Task],
    *,
    done: list[Task],
    cases: dict[int, Case],
    personal: bool,
) -> Digest:
    zone = ZoneInfo(tz)
    groups: dict[str, list[Task]] = {"overdue": [], "today": [], "soon": []}
    for task in sorted(
        tasks, key=lambda t: (t.kind != TaskKind.DEADLINE, t.due_at or now, t.number)
    ):
        due = task.due_at
        if due is None:
            continue
        day = task.due_date or due.astimezone(zone).date()  # a date-only task: its date
        today = today_for(task, now=now, tz=tz)  # a date-only task: the court's today
        if due <= now:
            groups["overdue"].append(task)
        elif day == today:
            groups["today"].append(task)
        elif day <= today + timedelta(days=SOON_DAYS):
            groups["soon"].append(task)
    undated = sum(1 for task in tasks if task.due_at is None)
    return Digest(
        title,
        tz,
        now,
        personal=personal,
        overdue=groups["overdue"],
        today=groups["today"],
        soon=groups["soon"],
        done=done,
        undated=undated,
        cases=cases,
    )


def _content(
    session: Session,
    cases: list[Case],
    assignee: str | None,
    title: str,
    tz: str,
    now: datetime,
    since: datetime,
) -> Digest:
    by_id = {case.id or 0: case for case in cases}
    base = select(Task).where(col(Task.case_id).in_(list(by_id)))
    if assignee is not None:
        base = base.where(Task.assignee_id == assignee)
    limit = now + timedelta(days=SOON_DAYS + 2)
    tasks = session.exec(
        base.where(
            Task.status == TaskStatus.OPEN,
            or_(col(Task.due_at).is_(None), col(Task.due_at) <= limit),
        )
    ).all()
    done = session.exec(
        base.where(Task.status == TaskStatus.DONE, col(Task.completed_at) > since)
        .where(col(Task.completed_at) <= now)
        .order_by(col(Task.completed_at), col(Task.number))
    ).all()
    personal = assignee is not None
    return _build(title, tz, now, list(tasks), done=list(done), cases=by_id, personal=personal)


def case_digest(session: Session, *, case: Case, now: datetime, since: datetime) -> Digest:
    """The case's digest at now: open tasks by urgency in the case's zone, done since `since`."""
    tz = zone_for(session, case=case)
    digest = _content(session, [case], None, case.name, tz, now, since)
    return replace(digest, client=client_updates.status(session, case=case, now=now))


def personal_digest(
    session: Session, *, user_id: str, team_id: str, now: datetime, since: datetime
) -> Digest:
    """The person's tasks across the open cases whose channels they are in, in their zone."""
    channels = sorted(people.channels_of(session, user_id=user_id))
    cases = session.exec(
        select(Case).where(col(Case.channel_id).in_(channels), Case.status == CaseStatus.OPEN)
    ).all()
    tz = zone_for(session, user_id=user_id, team_id=team_id)
    return _content(session, list(cases), user_id, "Your tasks", tz, now, since)


def preview(
    session: Session,
    *,
    channel_id: str,
    now: datetime,
    user_id: str | None = None,
    team_id: str = "",
) -> Digest:
    """What the channel's digest (or user_id's personal one) would say now; nothing is planned."""
    if user_id is not None:
        since = _since(session, kind=OutboxKind.PERSONAL_DIGEST, recipient=user_id, now=now)
        return personal_digest(session, user_id=user_id, team_id=team_id, now=now, since=since)
    case = case_for_channel(session, channel_id=channel_id)
    since = _since(session, kind=OutboxKind.DIGEST, recipient=channel_id, now=now)
    return case_digest(session, case=case, now=now, since=since)


def compose(session: Session, *, row: Outbox, now: datetime) -> Notice | Skip:
    """What a digest row says at send time, or why it is not sent."""
    if now - row.due_at > MISSED_AFTER:
        log.info("%s not sent: due %s, now %s (Docket was offline)", row.key, row.due_at, now)
        return Skip("missed by more than 3 hours: Docket was offline")
    ready = digest_ahead.prepared(row)
    if ready is not None and digest_ahead.still_true(session, row=row, ready=ready, now=now):
        return Notice(row=row, case=None, task=None, payload={"message": ready.message}, now=now)
    since = _since(session, kind=row.kind, recipient=row.recipient, now=now, row_id=row.id)
    case, quiet = None, True
    if row.kind == OutboxKind.DIGEST:
        case = session.get(Case, row.case_id) if row.case_id else None
        if case is None or case.status != CaseStatus.OPEN:
            return Skip("the case is closed or gone")
        schedule = case_schedule(case)
        if schedule.days == "off":
            return Skip("digests are off in this channel")
        content, quiet = case_digest(session, case=case, now=now, since=since), not schedule.always
    elif session.get(PersonalDigest, row.recipient) is None:
        return Skip("the personal digest was turned off")
    else:
        content = personal_digest(
            session, user_id=row.recipient, team_id=row.team_id, now=now, since=since
        )
    if content.empty and quiet:
        return Skip("nothing to say")
    late = now - row.due_at > LATE_AFTER
    return Notice(row=row, case=case, task=None, late=late, content=content)


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
