"""The user's desk (App Home): their open work across their cases, each case's next deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from bot.models import Case, HomeView, PersonalDigest, Task
from bot.services import listing, rows
from bot.services.lookup import hold_homes, homes_held
from bot.vocab import CaseStatus, TaskKind, TaskStatus


@dataclass(frozen=True)
class CaseLine:
    """One of the user's cases and its next open court deadline (None: none open)."""

    case: Case
    next_deadline: Task | None


@dataclass(frozen=True)
class Desk:
    """Everything the Home tab shows one user."""

    tasks: listing.Listing
    cases: list[CaseLine]  # the first CASES_SHOWN of their cases, by name
    digest: PersonalDigest | None
    case_count: int | None = None  # how many cases they are in (None: len(cases))


CASES_SHOWN = 30


def desk_of(session: Session, *, user_id: str, channels: set[str], now: datetime, tz: str) -> Desk:
    """The user's desk: open tasks in the cases they are in, their first cases, their digest.

    The work follows what the Home shows (its tasks, 30 cases), not how many cases there are.
    """
    tasks = listing.for_user(session, user_id=user_id, channels=channels, now=now, tz=tz)
    mine = select(Case).where(
        Case.status == CaseStatus.OPEN, col(Case.channel_id).in_(sorted(channels))
    )
    count, cases = 0, []
    if channels:
        count = session.exec(select(func.count()).select_from(mine.subquery())).one()
        order = (func.lower(Case.name), col(Case.id))
        cases = list(session.exec(mine.order_by(*order).limit(CASES_SHOWN)))
    nexts: dict[int, Task] = {}
    if cases:
        query = (
            select(Task)
            .where(
                col(Task.case_id).in_([c.id for c in cases]),
                Task.status == TaskStatus.OPEN,
                Task.kind == TaskKind.DEADLINE,
                col(Task.due_at) >= now,
            )
            .order_by(col(Task.due_at))
        )
        for task in session.exec(query):
            nexts.setdefault(task.case_id, task)
    lines = [CaseLine(case=c, next_deadline=nexts.get(c.id or 0)) for c in cases]
    digest = session.get(PersonalDigest, user_id)
    return Desk(tasks=tasks, cases=lines, digest=digest, case_count=count)


def home_opened(session: Session, *, user_id: str, now: datetime) -> None:
    """Remember that the user looks at their Home, so it is kept current for them."""
    rows.insert_missing(session, HomeView, {"user_id": user_id, "opened_at": now}, keys=["user_id"])
    hold_homes(session, {user_id: True})


def keeps_home(session: Session, *, user_ids: set[str]) -> set[str]:
    """Those of user_ids who have opened their Home (those read in this session: no query)."""
    keep, unread = homes_held(session, user_ids)
    if not unread:
        return keep
    query = select(HomeView.user_id).where(col(HomeView.user_id).in_(sorted(unread)))
    return keep | set(session.exec(query))
