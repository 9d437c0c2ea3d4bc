"""Calendar feeds: secret subscription tokens, and the open work each one shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import CalendarFeed, Case, Task
from bot.services import alerts, people
from bot.services.errors import Forbidden
from bot.services.lookup import case_for_channel
from bot.services.zones import zone_for
from bot.vocab import CaseStatus, FeedScope, OutboxKind, TaskStatus


@dataclass(frozen=True)
class Item:
    """One open task or deadline as a calendar shows it, with its alert moments."""

    task: Task
    case: Case
    zone: str  # where a timed item's wall time is shown; a date-only item's day is read here
    alarms: tuple[datetime, ...]


@dataclass(frozen=True)
class Feed:
    """What one token shows: a name and the items."""

    name: str
    items: list[Item]
    owner: str


def issue(
    session: Session,
    *,
    user_id: str,
    team_id: str,
    scope: FeedScope,
    channel_id: str | None,
    members: set[str],
    now: datetime,
    new_token: Callable[[], str],
    reset: bool = False,
) -> CalendarFeed:
    """The user's feed for the case (or for their tasks): the same one each time; reset revokes."""
    case_id = None
    if scope == FeedScope.CASE:
        assert channel_id is not None
        if user_id not in members:
            raise Forbidden("Only members of this case's channel can subscribe to its calendar.")
        case_id = case_for_channel(session, channel_id=channel_id).id
    query = select(CalendarFeed).where(
        CalendarFeed.user_id == user_id,
        CalendarFeed.scope == scope,
        col(CalendarFeed.revoked_at).is_(None),
    )
    query = query.where(CalendarFeed.case_id == case_id) if case_id else query
    current = session.exec(query).first()
    if current is not None and not reset:
        return current
    if current is not None:
        current.revoked_at = now
        session.add(current)
    feed = CalendarFeed(
        token=new_token(),
        user_id=user_id,
        team_id=team_id,
        scope=scope,
        case_id=case_id,
        created_at=now,
    )
    session.add(feed)
    return feed


def _alarms(session: Session, case: Case, task: Task, now: datetime) -> tuple[datetime, ...]:
    planned = alerts.wanted(session, case=case, task=task, now=now)
    return tuple(sorted(p.due_at for p in planned if p.kind == OutboxKind.ALERT))


def read(session: Session, *, token: str, now: datetime) -> Feed | None:
    """The feed behind a token; None when unknown, revoked, or its owner left the case."""
    feed = session.get(CalendarFeed, token) if token else None
    if feed is None or feed.revoked_at is not None:
        return None
    if feed.scope == FeedScope.CASE:
        case = session.get(Case, feed.case_id) if feed.case_id else None
        if case is None or feed.user_id not in people.known_members(
            session, channel_id=case.channel_id
        ):
            return None
        cases = [case]
        name = f"{case.name} ({case.matter_number})" if case.matter_number else case.name
    else:
        mine = people.channels_of(session, user_id=feed.user_id)
        query = select(Case).where(
            col(Case.channel_id).in_(sorted(mine)), Case.status == CaseStatus.OPEN
        )
        cases = list(session.exec(query)) if mine else []
        name = "My Docket tasks"
    by_id = {c.id: c for c in cases}
    items: list[Item] = []
    if by_id:
        query_tasks = select(Task).where(
            col(Task.case_id).in_(list(by_id)),
            Task.status == TaskStatus.OPEN,
            col(Task.due_at).is_not(None),
        )
        if feed.scope == FeedScope.MINE:
            query_tasks = query_tasks.where(Task.assignee_id == feed.user_id)
        for task in session.exec(query_tasks.order_by(col(Task.due_at), col(Task.id))):
            case = by_id[task.case_id]
            zone = zone_for(session, user_id=feed.user_id if not task.all_day else None, case=case)
            items.append(Item(task, case, zone, _alarms(session, case, task, now)))
    return Feed(name=name, items=items, owner=feed.user_id)
