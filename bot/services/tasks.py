"""Tasks and court deadlines of a case: add, change, complete, with permissions and audit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from bot.dates.readings import When
from bot.dates.recurrence import Rule
from bot.models import AuditEvent, Case, Series, Task
from bot.services import audit, closed_days, dues, rows
from bot.services.add_reads import case_and_key
from bot.services.errors import Conflict, Forbidden, Invalid, NotFound
from bot.services.lookup import case_for_channel, hold_members
from bot.services.permissions import may_edit, require_editor
from bot.services.rules import split_repeat
from bot.services.series import start as start_series
from bot.services.task_rows import create_task, snapshot
from bot.services.whens import Reading, read_due, split_deadline, split_title_when
from bot.services.zones import court_zone
from bot.vocab import AuditAction, CaseStatus, SeriesStatus, TaskKind, TaskStatus

TITLE_MAX = 4000
CLOSED = "This case is closed. Reopen it with `/case reopen` to add work."
__all__ = ["Added", "add", "already", "detail", "get", "may_edit", "require_editor", "resolve_due"]
__all__ += ["snapshot"]


@dataclass(frozen=True)
class Added:
    """Tasks made by one request, the due moment understood, and whether it was a retry."""

    case: Case
    tasks: list[Task]
    when: When | None
    replayed: bool = False
    rule: Rule | None = None  # the repeat, when the task repeats


def open_case(session: Session, *, channel_id: str) -> Case:
    """The channel's case, which must be open to take new work."""
    case = case_for_channel(session, channel_id=channel_id)
    if case.status != CaseStatus.OPEN:
        raise Conflict(CLOSED)
    return case


def _replay(session: Session, refs: list[int] | None) -> list[Task] | None:
    if refs is None:
        return None
    return [t for t in (session.get(Task, r) for r in refs) if t is not None]


def add(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    text: str,
    assignees: list[str],
    members: set[str],
    reading: Reading,
    kind: TaskKind = TaskKind.TASK,
    due: When | None = None,
    request_key: str | None = None,
    notes: str | None = None,
    source_url: str | None = None,
    read_title: bool = True,
) -> Added:
    """Add one task per assignee (default: the requester) from 'TITLE [by WHEN]'."""
    people = list(dict.fromkeys(assignees)) or [actor_id]
    case, seen = case_and_key(  # with the rows the add reads later, in one SELECT
        session, channel_id=channel_id, person=people[0], actor_id=actor_id, request_key=request_key
    )
    if case.status != CaseStatus.OPEN:
        raise Conflict(CLOSED)
    replayed = _replay(session, audit.refs_of(seen))
    if replayed:
        return Added(case=case, tasks=replayed, when=due, replayed=True)
    hold_members(session, channel_id=channel_id, members=members)  # whose reminders: no re-read
    reading = Reading(reading.now, reading.tz, case.jurisdiction, reading.default_due_time)
    text = text.strip()
    if not text:
        example = (
            "/deadline Answer 21 days after service on 12/1"
            if kind == TaskKind.DEADLINE
            else ("/task @bob draft motion to compel by next Friday 5pm")
        )
        raise Invalid(f"What needs doing? For example `{example}`.")
    when: When | None
    deadline_zone = court_zone(session, case=case) if kind == TaskKind.DEADLINE else None
    repeat = (
        split_repeat(text, reading, court_zone=deadline_zone)
        if due is None and read_title
        else None
    )
    if due is not None or not read_title:
        title, when = text, due
    elif repeat is not None:
        title, when = repeat[0], None
    elif kind == TaskKind.DEADLINE:
        title, when = split_deadline(text, reading)
    else:
        title, when = split_title_when(text, reading)
    if not title:
        raise Invalid("The task needs a title before the date, e.g. `/task file reply by Fri 5pm`.")
    if len(title) > TITLE_MAX:
        raise Invalid(f"That title is {len(title)} characters; please keep it under {TITLE_MAX}.")
    outsiders = [p for p in people if p not in members]
    if outsiders:
        names = ", ".join(f"<@{p}>" for p in outsiders)
        raise Forbidden(
            f"{names} {'is' if len(outsiders) == 1 else 'are'} not in this channel, so they can't "
            "see this case. Invite them with `/invite`, then try again. Nothing was created."
        )
    if kind == TaskKind.DEADLINE and when is not None:  # typed, or one reading of it picked;
        # a day already chosen (keep / next court day) or counted carries its worksheet: not asked
        closed_days.ask_if_closed(
            when,
            title=title,
            court=case.jurisdiction,
            typed_in=reading.tz,
            court_zone=court_zone(session, case=case),
        )
    now = reading.now
    made = []
    for person in people:
        if repeat is not None:
            made.append(start_series(session, case=case, rule=repeat[1], title=title, kind=kind,
                                     person=person, actor_id=actor_id, now=now,
                                     day_due_time=reading.default_due_time))  # fmt: skip
            continue
        made.append(
            create_task(
                session,
                case=case,
                kind=kind,
                title=title,
                person=person,
                actor_id=actor_id,
                due_at=when.due if when else None,
                all_day=when.all_day if when else False,
                due_date=dues.day_of(when, typed_in=reading.tz) if when and when.all_day else None,
                now=now,
                notes=notes or None,
                source_url=source_url or None,
            )
        )
    session.add(case)
    if request_key:
        audit.remember_request(
            session,
            key=request_key,
            kind="task.add",
            ref_id=made[0].id,
            refs=[t.id for t in made if t.id is not None],
            at=now,
        )
    return Added(case=case, tasks=made, when=when, rule=repeat[1] if repeat else None)


def get(session: Session, *, channel_id: str, number: int, lock: bool = False) -> tuple[Case, Task]:
    """The case of the channel and its task #number (`lock`: locked for this transaction)."""
    case = case_for_channel(session, channel_id=channel_id)
    where = (col(Task.case_id) == case.id, col(Task.number) == number)
    if lock:
        task = rows.lock_where(session, Task, *where)
    else:
        task = session.exec(select(Task).where(*where)).first()
    if task is None:
        raise NotFound(
            f"There is no task #{number} in this case. `/task list` shows the open ones."
        )
    return case, task


DONE_BY = {  # a closed task's status -> (how its closing reads, the audit actions that close so)
    TaskStatus.DONE: ("marked done", (AuditAction.TASK_DONE,)),
    TaskStatus.CANCELLED: ("cancelled", (AuditAction.TASK_CANCEL, AuditAction.TASK_SKIP)),
    TaskStatus.OPEN: ("reopened", (AuditAction.TASK_REOPEN,)),
}


def ago(then: datetime, now: datetime) -> str:
    """'a moment ago', '5 minutes ago', '3 hours ago', '2 days ago'."""
    seconds = max((now - then).total_seconds(), 0)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size * (2 if unit == "minute" else 1):
            count = int(seconds // size)
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "a moment ago"


def already(session: Session, *, task: Task, now: datetime) -> Conflict:
    """What the loser of two changes is told: who got there first, and when."""
    word, actions = DONE_BY.get(task.status, (str(task.status), ()))
    last = session.exec(
        select(AuditEvent)
        .where(AuditEvent.task_id == task.id, col(AuditEvent.action).in_(list(actions)))
        .order_by(col(AuditEvent.id).desc())
        .limit(1)
    ).first()
    if last is None:
        return Conflict(f"#{task.number} is already {task.status}. Nothing changed.")
    return Conflict(
        f"#{task.number} was already {word} by <@{last.actor_id}> {ago(last.at, now)}. "
        "Nothing changed."
    )


def resolve_due(
    session: Session,
    *,
    channel_id: str,
    text: str,
    reading: Reading,
    nothing: str = "Nothing was created.",
) -> When:
    """Read a due phrase with the case's jurisdiction, as a command's tail is (read_due)."""
    case = case_for_channel(session, channel_id=channel_id)
    return read_due(
        text,
        Reading(reading.now, reading.tz, case.jurisdiction, reading.default_due_time),
        nothing=nothing,
    )


def repeats(session: Session, *, task: Task) -> bool:
    """Whether the task belongs to a repeat that is still going (its next ones follow it)."""
    series = session.get(Series, task.series_id) if task.series_id is not None else None
    return series is not None and series.status == SeriesStatus.ACTIVE


def detail(
    session: Session, *, channel_id: str, number: int
) -> tuple[Case, Task, list[AuditEvent]]:
    """A task of the channel's case with its audit history, newest first."""
    case, task = get(session, channel_id=channel_id, number=number)
    return case, task, audit.task_history(session, task_id=task.id or 0)
