"""Reading cases out: a member's open cases, a case's history, and its CSV export."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from bot.models import AuditEvent, Case, Task, UserProfile
from bot.services import audit, listing, people
from bot.services.cases import CaseSummary, require_member
from bot.services.lookup import case_for_channel
from bot.vocab import CaseStatus, TaskStatus

HISTORY_LIMIT = 15
CASES_LISTED = 25  # /case list names this many of the asker's cases
COLUMNS = [
    "record", "at", "task", "kind", "title", "assignee", "status", "due", "completed",
    "actor", "action", "before", "after",
]  # fmt: skip
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Entry:
    """One audit event with its before/after snapshots decoded and its task's #number."""

    event: AuditEvent
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    task_number: int | None = None


@dataclass(frozen=True)
class CaseHistory:
    """A case and its latest audit entries, newest first."""

    case: Case
    entries: list[Entry]


@dataclass(frozen=True)
class Export:
    """A case's tasks and audit trail as CSV text, with a file name and title for it."""

    case: Case
    filename: str
    title: str
    content: str
    tasks: int
    events: int
    tz: str


def entry(event: AuditEvent, task_number: int | None = None) -> Entry:
    """An audit event with its JSON snapshots decoded."""
    before = json.loads(event.before) if event.before else {}
    after = json.loads(event.after) if event.after else {}
    return Entry(event=event, before=before, after=after, task_number=task_number)


@dataclass(frozen=True)
class MemberCases:
    """The first CASES_LISTED of a member's open cases (by name) and how many there are."""

    shown: list[CaseSummary]
    total: int


def cases_of_member(session: Session, *, team_id: str, user_id: str, now: datetime) -> MemberCases:
    """The team's open cases whose channels user_id is in, by name: the first CASES_LISTED, each
    with its counts and next due, and how many; one statement at any number of cases."""
    params = {"team_id": team_id, "user_id": user_id, "now": now}
    shown, total = [], 0
    for case, next_due, open_tasks, overdue, count in session.execute(_member_cases(), params):
        shown.append(CaseSummary(case, open_tasks, overdue, next_due))
        total = count
    return MemberCases(shown, total)


@cache
def _member_cases() -> Any:
    """cases_of_member's statement, built once: the page of :team_id's open cases whose
    channels :user_id is in, then each one's open and overdue counts and next due at :now."""
    now: Any = bindparam("now")  # typed by the due_at it is compared with
    order = (func.lower(Case.name), col(Case.id))
    page = (
        sa_select(col(Case.id).label("id"), func.count().over().label("total"))
        .where(
            col(Case.team_id) == bindparam("team_id"),
            col(Case.status) == CaseStatus.OPEN,
            col(Case.channel_id).in_(people.channel_ids_of(bindparam("user_id"))),
        )
        .order_by(*order)
        .limit(CASES_LISTED)
        .subquery()
    )
    is_open = (col(Task.case_id) == col(Case.id), col(Task.status) == TaskStatus.OPEN)
    open_tasks = select(func.count()).select_from(Task).where(*is_open)
    overdue = open_tasks.where(col(Task.due_at) <= now)
    next_id = (
        sa_select(col(Task.id))
        .where(*is_open, col(Task.due_at) > now)
        .order_by(col(Task.due_at), col(Task.id))
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    upcoming = aliased(Task)
    return (
        sa_select(
            Case,
            upcoming,
            open_tasks.correlate(Case).scalar_subquery(),
            overdue.correlate(Case).scalar_subquery(),
            page.c.total,
        )
        .join(page, page.c.id == col(Case.id))
        .outerjoin(upcoming, col(upcoming.id) == next_id)
        .order_by(*order)
        .options(listing.case_shown(), listing.task_shown(upcoming))
    )


def _numbers(session: Session, task_ids: set[int]) -> dict[int, int]:
    if not task_ids:
        return {}
    rows = session.exec(select(Task.id, Task.number).where(col(Task.id).in_(task_ids))).all()
    return {task_id: number for task_id, number in rows if task_id is not None}


def history(
    session: Session,
    *,
    channel_id: str,
    viewer_id: str,
    members: set[str],
    limit: int = HISTORY_LIMIT,
) -> CaseHistory:
    """The latest audit entries of the channel's case, newest first, for a channel member."""
    case = case_for_channel(session, channel_id=channel_id)
    require_member(viewer_id, members)
    events = audit.history(session, case_id=case.id or 0, limit=limit)
    numbers = _numbers(session, {e.task_id for e in events if e.task_id is not None})
    return CaseHistory(case, [entry(e, numbers.get(e.task_id or 0)) for e in events])


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "case"


def case_csv(
    session: Session, *, channel_id: str, viewer_id: str, members: set[str], tz: str, now: datetime
) -> Export:
    """Every task and audit event of the channel's case as one CSV (times local to tz)."""
    case = case_for_channel(session, channel_id=channel_id)
    require_member(viewer_id, members)
    zone = ZoneInfo(tz)
    tasks = list(
        session.exec(select(Task).where(Task.case_id == case.id).order_by(col(Task.number)))
    )
    events = list(
        session.exec(
            select(AuditEvent)
            .where(AuditEvent.case_id == case.id)
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        )
    )
    user_ids = {t.assignee_id for t in tasks} | {t.created_by for t in tasks}
    user_ids |= {e.actor_id for e in events}
    profiles = session.exec(select(UserProfile).where(col(UserProfile.id).in_(user_ids)))
    names = {p.id: p.name for p in profiles if p.name}

    def who(user_id: str | None) -> str:
        if not user_id:
            return ""
        return f"{names[user_id]} ({user_id})" if user_id in names else user_id

    def when(moment: datetime | None, all_day: bool = False) -> str:
        if moment is None:
            return ""
        local = moment.astimezone(zone)
        return local.date().isoformat() if all_day else local.isoformat(timespec="minutes")

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    number_of = {t.id: t.number for t in tasks}
    for t in tasks:
        row = ["task", when(t.created_at), t.number, t.kind, t.title, who(t.assignee_id)]
        row += [
            t.status,
            (t.due_date.isoformat() if t.due_date else when(t.due_at, t.all_day)),
            when(t.completed_at),
            who(t.created_by),
        ]
        writer.writerow([_cell(v) for v in [*row, "", "", ""]])
    for e in events:
        row = ["event", when(e.at), number_of.get(e.task_id, ""), "", "", "", "", "", ""]
        row += [who(e.actor_id), e.action, e.before or "", e.after or ""]
        writer.writerow([_cell(v) for v in row])
    stamp = now.astimezone(zone)
    label = case.name + (f" ({case.matter_number})" if case.matter_number else "")
    return Export(
        case=case,
        filename=f"{_slug(label)}-{stamp:%Y-%m-%d}.csv",
        title=f"{label} — tasks and audit trail, {stamp:%b} {stamp.day}, {stamp.year}",
        content=out.getvalue(),
        tasks=len(tasks),
        events=len(events),
        tz=tz,
    )
