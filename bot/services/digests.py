"""Daily digests: what each case channel's morning summary and each person's opt-in DM say."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bot.models import Case, Outbox, PersonalDigest, Task
from bot.services import client_updates, digest_ahead, people
from bot.services.digest_schedule import case_schedule
from bot.services.listing import today_for
from bot.services.lookup import case_for_channel
from bot.services.notice_types import LATE_AFTER, Notice, Skip, held_by
from bot.services.zones import zone_for
from bot.vocab import CaseStatus, OutboxKind, OutboxStatus, TaskKind, TaskStatus

log = logging.getLogger("docket.digests")
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
        held = held_by(row)
        cause = f"Slack refused Docket's token ({held})" if held else "Docket was offline"
        log.info("%s not sent: due %s, now %s (%s)", row.key, row.due_at, now, cause)
        return Skip(f"missed by more than 3 hours: {cause}")
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
