"""The user's desk (App Home): their open work across their cases, each case's next deadline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from bot.models import Case, HomeView, PersonalDigest, Task
from bot.services import listing, people, rows
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


def desk_of(session: Session, *, user_id: str, now: datetime, tz: str) -> Desk:
    """The user's desk: open tasks in the cases they are in, their first cases, their digest.

    Three statements at any number of cases: the tasks (listing.for_user), the first 30 cases
    with each one's next deadline and how many there are, the digest; the columns shown.
    """
    tasks = listing.for_user(session, user_id=user_id, now=now, tz=tz)
    lines: list[CaseLine] = []
    count = 0
    for case, deadline, total in session.execute(_cases_query(), {"user_id": user_id, "now": now}):
        lines.append(CaseLine(case=case, next_deadline=deadline))
        count = total
    digest = session.get(PersonalDigest, user_id)
    return Desk(tasks=tasks, cases=lines, digest=digest, case_count=count)


@cache
def _cases_query() -> Any:
    """desk_of's cases, built once: the first CASES_SHOWN open cases whose channels :user_id is
    in (by name), each with its next open court deadline due at or after :now, and how many."""
    now: Any = bindparam("now")  # typed by the due_at it is compared with
    theirs = col(Case.channel_id).in_(people.channel_ids_of(bindparam("user_id")))
    order = (func.lower(Case.name), col(Case.id))
    page = (
        sa_select(col(Case.id).label("id"), func.count().over().label("total"))
        .where(col(Case.status) == CaseStatus.OPEN, theirs)
        .order_by(*order)
        .limit(CASES_SHOWN)
        .subquery()
    )
    next_id = (
        sa_select(col(Task.id))
        .where(
            col(Task.case_id) == col(Case.id),
            col(Task.status) == TaskStatus.OPEN,
            col(Task.kind) == TaskKind.DEADLINE,
            col(Task.due_at) >= now,
        )
        .order_by(col(Task.due_at), col(Task.id))
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    deadline = aliased(Task)
    return (
        sa_select(Case, deadline, page.c.total)
        .join(page, page.c.id == col(Case.id))
        .outerjoin(deadline, col(deadline.id) == next_id)
        .order_by(*order)
        .options(listing.case_shown(), listing.task_shown(deadline))
    )


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
