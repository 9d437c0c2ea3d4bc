"""Open tasks grouped by urgency in the reader's zone: overdue, today, this week, later, undated."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import load_only
from sqlmodel import Session, col, func, select

from bot.models import Case, Task
from bot.services import people
from bot.services.errors import Refused
from bot.services.lookup import case_for_channel
from bot.vocab import CaseStatus, TaskKind, TaskStatus

GROUPS = ("Overdue", "Due today", "This week", "Later", "No due date")


@dataclass
class Listing:
    """Tasks in groups (label -> tasks, in GROUPS order), with the cases they belong to."""

    title: str
    assignee_id: str | None = None  # only this person's tasks (the heading names them)
    assignee_away: bool = False  # ... who is not a member of the case's channel
    groups: dict[str, list[Task]] = field(default_factory=dict)
    cases: dict[int, Case] = field(default_factory=dict)
    total: int | None = None  # how many match, when more than are listed
    across_cases: bool = False  # drawn from several cases (each row names its case)
    mine: bool = False  # the reader's own, across their cases (`/task list mine`)

    @property
    def count(self) -> int:
        """How many tasks are listed."""
        return sum(len(tasks) for tasks in self.groups.values())


def today_for(task: Task, *, now: datetime, tz: str) -> date:
    """Today as the task's due day counts it: for a date-only task the court's today (its
    date is a day in the court's zone, the same for every reader), else the reader's in tz."""
    zone = task.due_zone if task.due_date is not None and task.due_zone else tz
    return now.astimezone(ZoneInfo(zone)).date()


def group_of(task: Task, *, now: datetime, tz: str) -> str:
    """Which group a task falls in for a reader in tz at now."""
    if task.due_at is None:
        return "No due date"
    if task.due_at <= now:
        return "Overdue"
    today = today_for(task, now=now, tz=tz)
    due_day = task.due_date or task.due_at.astimezone(ZoneInfo(tz)).date()  # date-only: its date
    if due_day == today:
        return "Due today"
    end_of_week = today + timedelta(days=6 - today.weekday())
    return "This week" if due_day <= end_of_week else "Later"


def _grouped(listing: Listing, tasks: list[Task], *, now: datetime, tz: str) -> Listing:
    buckets: dict[str, list[Task]] = {label: [] for label in GROUPS}
    for task in sorted(
        tasks,
        key=lambda t: (
            t.due_at is None,
            t.due_at and t.due_at.timestamp(),
            t.kind != TaskKind.DEADLINE,
            t.number,
        ),
    ):
        buckets[group_of(task, now=now, tz=tz)].append(task)
    listing.groups = {label: items for label, items in buckets.items() if items}
    return listing


NAME_RE = re.compile(r"^(?P<at>@?)(?P<name>[A-Za-z][\w.\-]{0,79})$")


def person_word(rest: str) -> str | None:
    """The name in `/task list pat` or a plain `@pat` (not picked from Slack's list), or None."""
    found = NAME_RE.match(rest.strip())
    if found is None or rest.strip().lower() in ("mine", "overdue"):
        return None
    return found.group("name")


def _person(session: Session, *, typed: str, members: set[str] | None) -> str:
    """The person `/task list pat` names; Refused, with the @ form, when nobody is called that."""
    name = person_word(typed) or typed
    found = people.named(session, name=name, members=members or set())
    if found is not None:
        return found
    quoted = (
        ""
        if typed.startswith("@")
        else (f' To add a task titled "list {typed}", put it in quotes: `/task "list {typed}"`.')
    )
    raise Refused(
        f"I don't know anyone called @{name} here: `/task list` lists one person's open tasks "
        f"when you pick them from Slack's @ list, so their name turns blue. Nothing was "
        f"created.{quoted}",
        "/task list" if typed.startswith("@") else f"/task list @{name}",  # "@x": as typed
    )


# What a list shows of a task and of its case: nothing else is loaded, and touching anything
# else raises (no lazy load per row)
TASK_SHOWN = (
    "id", "case_id", "number", "kind", "title", "status", "series_id", "assignee_id",
    "due_at", "all_day", "due_date", "due_zone",
)  # fmt: skip
CASE_SHOWN = (
    "id", "team_id", "channel_id", "name", "matter_number", "lead_id", "status", "jurisdiction",
)  # fmt: skip


def task_shown(entity: Any = Task) -> Any:
    """The loader option for the task columns a list shows (of `entity`, e.g. an alias)."""
    return load_only(*(getattr(entity, name) for name in TASK_SHOWN), raiseload=True)


def case_shown(entity: Any = Case) -> Any:
    """The loader option for the case columns a list shows (of `entity`, e.g. an alias)."""
    return load_only(*(getattr(entity, name) for name in CASE_SHOWN), raiseload=True)


def _counted(rows: Sequence[Any], limit: int) -> int | None:
    """How many matched (the window count each row carries) when more than `limit` did."""
    total = int(rows[0][-1]) if rows else 0
    return total if total > limit else None


def for_case(
    session: Session,
    *,
    channel_id: str,
    now: datetime,
    tz: str,
    assignee_id: str | None = None,
    overdue_only: bool = False,
    members: set[str] | None = None,
    limit: int = 200,
    named: str | None = None,
) -> Listing:
    """Open tasks of the channel's case, optionally one person's or only the overdue ones.

    `members`: the channel's, when read; a person listed who is not among them is marked away.
    `named`: a person as typed without a mention ("pat"): listed when Docket knows the name.
    Two statements (the case; its first `limit` tasks with how many match), the shown columns.
    """
    case = case_for_channel(session, channel_id=channel_id)
    if named and not assignee_id and person_word(named):
        assignee_id = _person(session, typed=named, members=members)
    query = select(Task, func.count().over()).where(
        Task.case_id == case.id, Task.status == TaskStatus.OPEN
    )
    if assignee_id:
        query = query.where(Task.assignee_id == assignee_id)
    if overdue_only:
        query = query.where(col(Task.due_at) < now)
    # undated last everywhere
    order = (col(Task.due_at).is_(None), col(Task.due_at), col(Task.number))
    found_rows = session.exec(query.options(task_shown()).order_by(*order).limit(limit)).all()
    title = f"{'Overdue' if overdue_only else 'Open'} tasks in {case.name}"
    found = Listing(
        title=title,
        assignee_id=assignee_id,
        assignee_away=bool(assignee_id and members is not None and assignee_id not in members),
        cases={case.id or 0: case},
        total=_counted(found_rows, limit),
    )
    return _grouped(found, [task for task, _ in found_rows], now=now, tz=tz)


def for_user(
    session: Session,
    *,
    user_id: str,
    now: datetime,
    tz: str,
    limit: int = 200,
    overdue_only: bool = False,
) -> Listing:
    """The user's open (or only overdue) tasks across the open cases whose channels they are in.

    One statement: the first `limit` tasks, each with its case (the columns shown), how many
    match and whether the user is in more than one open case; the same at any number of cases.
    """
    theirs = col(Case.channel_id).in_(people.channel_ids_of(user_id))
    mine = (Case.status == CaseStatus.OPEN, theirs)
    two = select(Case.id).where(*mine).limit(2).subquery()  # "several": counting stops at 2
    several = select(func.count()).select_from(two).scalar_subquery()
    query = (
        select(Task, Case, several, func.count().over())
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(
            Task.assignee_id == user_id,
            col(Task.status) == TaskStatus.OPEN,
            *mine,
            *([col(Task.due_at) < now] if overdue_only else []),
        )
        .order_by(col(Task.due_at).is_(None), col(Task.due_at), col(Task.number))
        .options(task_shown(), case_shown())
        .limit(limit)
    )
    found_rows = session.exec(query).all()
    by_id = {case.id or 0: case for _, case, _, _ in found_rows}
    across = bool(found_rows) and found_rows[0][2] > 1
    title = f"Your {'overdue' if overdue_only else 'open'} tasks"
    total = _counted(found_rows, limit)
    found = Listing(title=title, cases=by_id, across_cases=across, total=total, mine=True)
    return _grouped(found, [task for task, _, _, _ in found_rows], now=now, tz=tz)


def only(result: Listing, groups: tuple[str, ...], *, title: str) -> Listing:
    """The same listing keeping only some groups (e.g. what is due by the end of the week)."""
    kept = {label: tasks for label, tasks in result.groups.items() if label in groups}
    return Listing(
        title=title,
        assignee_id=result.assignee_id,
        assignee_away=result.assignee_away,
        groups=kept,
        cases=result.cases,
        across_cases=result.across_cases,
    )


THIS_WEEK = ("Overdue", "Due today", "This week")
