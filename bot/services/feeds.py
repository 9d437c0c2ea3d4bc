"""Calendar feeds: secret subscription tokens, and the open work each one shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import CalendarFeed, Case, Outbox, Task
from bot.services import people
from bot.services.errors import Forbidden
from bot.services.feed_series import Repeat, repeat_of, shown_series
from bot.services.lookup import case_for_channel
from bot.services.zones import zone_for
from bot.vocab import CaseStatus, FeedScope, OutboxKind, OutboxStatus, TaskStatus


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
    repeats: list[Repeat[Item]] = field(default_factory=list)  # repeating tasks, as their rules


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


def _alarms(session: Session, task_ids: list[int]) -> dict[int, list[datetime]]:
    """The alerts Docket has planned and not yet sent, by task: exactly what it will send."""
    found: dict[int, list[datetime]] = {}
    if not task_ids:
        return found
    query = (
        select(Outbox.task_id, Outbox.due_at)
        .where(
            col(Outbox.task_id).in_(task_ids),
            Outbox.kind == OutboxKind.ALERT,
            col(Outbox.status).in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
        )
        .order_by(col(Outbox.due_at))
    )
    for task_id, due_at in session.exec(query):
        found.setdefault(task_id or 0, []).append(due_at)
    return found


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
        tasks = list(session.exec(query_tasks.order_by(col(Task.due_at), col(Task.id))))
        alarms = _alarms(session, [t.id for t in tasks if t.id is not None])
        zones: dict[tuple[int, bool], str] = {}
        for task in tasks:
            case = by_id[task.case_id]
            key = (task.case_id, task.all_day)
            if key not in zones:  # a date-only item's day is the case's; a time, the owner's
                person = None if task.all_day else feed.user_id
                zones[key] = zone_for(session, user_id=person, case=case)
            items.append(Item(task, case, zones[key], tuple(alarms.get(task.id or 0, ()))))
    owner = feed.user_id if feed.scope == FeedScope.MINE else None
    return _with_repeats(
        session, Feed(name=name, items=items, owner=feed.user_id), by_id, owner, now
    )


def _with_repeats(
    session: Session, feed: Feed, cases: dict[int | None, Case], mine: str | None, now: datetime
) -> Feed:
    """Each active series once, as its rule; its open occurrences stand in for their days."""
    found = shown_series(session, case_ids=[c for c in cases if c is not None], assignee=mine)
    by_series: dict[int, list[Item]] = {s.id or 0: [] for s in found}
    rest: list[Item] = []
    for item in feed.items:
        sid = item.task.series_id
        (by_series[sid] if sid is not None and sid in by_series else rest).append(item)
    repeats = []
    for series in found:
        made = [(item.task, item) for item in by_series[series.id or 0]]
        rep = repeat_of(session, series, case=cases[series.case_id], made=made, today=now.date())
        if rep is None:
            rest.extend(by_series[series.id or 0])
        else:
            repeats.append(rep)
    return Feed(name=feed.name, items=rest, owner=feed.owner, repeats=repeats)
