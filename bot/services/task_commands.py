"""`/task VERB N ...`: one call per command, in one transaction, from the words as typed.

The handler passes the verb, the number as typed and the rest; this reads the number, refuses
what cannot be done whole (saying why, with an example that works) and makes the change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from bot.models import AuditEvent, Case, Task
from bot.services import changes, due_moves, repeats, series, tasks
from bot.services.cut_dates import OneDate
from bot.services.errors import Invalid, NotFound, Refused
from bot.services.lookup import case_for_channel
from bot.services.notice_types import RepeatInfo
from bot.services.whens import Reading
from bot.vocab import TaskStatus


class TaskVerb(StrEnum):
    """What `/task VERB N` does to task N."""

    DONE = "done"
    REOPEN = "reopen"
    CANCEL = "cancel"
    DUE = "due"
    SNOOZE = "snooze"
    ASSIGN = "assign"
    SHOW = "show"
    STOP = "stop"  # the task's repeat
    SKIP = "skip"  # one occurrence of a repeat


STATUSES = {
    TaskVerb.DONE: TaskStatus.DONE,
    TaskVerb.REOPEN: TaskStatus.OPEN,
    TaskVerb.CANCEL: TaskStatus.CANCELLED,
}
NEEDS_TEXT = {  # verbs that take words after the number -> an example that works
    TaskVerb.DUE: "/task due 3 Monday 9am",
    TaskVerb.SNOOZE: "/task snooze 3 tomorrow 9am",
    TaskVerb.ASSIGN: "/task assign 3 @bob",
}
UNKNOWN_NAME_RE = re.compile(r"^@(?P<name>[\w.\-]+)")
NUMBER_RE = re.compile(r"^#?(\d{1,9})$")
NAMED = 8  # the most task numbers a refusal names
ADD_EXAMPLE = "/task draft motion to compel by next Friday 5pm"


@dataclass(frozen=True)
class Outcome:
    """The task after the command, its case and repeat, and what else the command did."""

    verb: TaskVerb
    number: int
    case: Case
    task: Task
    repeat: RepeatInfo | None
    following: Task | None = None  # the next occurrence a done or skip made
    handed: repeats.Handed | None = None  # assign: what the task's repeat did
    history: list[AuditEvent] = field(default_factory=list)  # show: the task's audit events


def usage(verb: TaskVerb, number: int = 3) -> str:
    """An example of the verb (on task `number`)."""
    return NEEDS_TEXT.get(verb, f"/task {verb} 3").replace(" 3", f" {number}", 1)


def _numbers(session: Session, *, case: Case, verb: TaskVerb) -> list[int]:
    """Task numbers the verb can act on now (reopen: closed ones; show: any; else open ones)."""
    query = select(Task.number).where(col(Task.case_id) == case.id)
    if verb == TaskVerb.REOPEN:
        query = query.where(col(Task.status) != TaskStatus.OPEN)
    elif verb != TaskVerb.SHOW:
        query = query.where(col(Task.status) == TaskStatus.OPEN)
    return list(session.exec(query.order_by(col(Task.number)).limit(NAMED + 1)))


def number_for(session: Session, *, channel_id: str, verb: TaskVerb, word: str) -> int:
    """The task number as typed; Refused naming the tasks it could be, with one that works."""
    case = case_for_channel(session, channel_id=channel_id)
    highest = case.next_task_number - 1
    match = NUMBER_RE.match(word.strip())
    number = int(match.group(1)) if match else 0
    if 1 <= number <= highest:
        return number
    shown = f"#{word.lstrip('#')}" if word.lstrip("#").isdigit() else f'"{word[:40]}"'
    quote = f' To add a task whose title starts with "{verb}", put the title in quotes.'
    if highest < 1:
        said = (
            f"There is no task {shown}: this case"
            if word.strip()
            else f"Which task? `/task {verb}` needs its number, but this case"
        )
        raise Refused(f"{said} has no tasks yet. Nothing changed.{quote}", ADD_EXAMPLE)
    found = _numbers(session, case=case, verb=verb)
    which = "closed" if verb == TaskVerb.REOPEN else "open"
    span = "#1, the only task" if highest == 1 else f"a task number from 1 to {highest}"
    said = (
        f"Which task? `/task {verb}` needs its number, from 1 to {highest}"
        if not word.strip()
        else f"There is no task {shown}: `/task {verb}` needs {span}"
    )
    if found == list(range(1, highest + 1))[: NAMED + 1]:  # the span says it all
        now = ""
    elif found:
        listed = ", ".join(f"#{n}" for n in found[:NAMED]) + (", …" if len(found) > NAMED else "")
        now = f" {which.capitalize()} now: {listed}."
    else:
        now = f" No task is {which} now."
    raise Refused(
        f"{said}.{now} `/task list` shows the open ones. Nothing changed.{quote}",
        usage(verb, found[0]) if found else "/task list",
    )


def unknown_person(text: str) -> str:
    """What to say when the person named is not a Slack mention."""
    found = UNKNOWN_NAME_RE.match(text.strip())
    if found is None:
        return "Who should do it? Mention them with @, picking their name from Slack's list."
    return (
        f"I don't know anyone called @{found.group('name')} here: pick the person from Slack's "
        "@ list so their name turns blue. Nothing was created or changed."
    )


def run(
    session: Session,
    *,
    verb: TaskVerb,
    word: str,
    rest: str,
    channel_id: str,
    actor_id: str,
    reading: Reading,
    request_key: str | None,
    assignee_id: str | None = None,
    members: set[str] | frozenset[str] = frozenset(),
) -> Outcome:
    """Do `/task VERB WORD REST` in the channel's case (assign: to assignee_id, a member)."""
    typed = NUMBER_RE.match(word.strip())
    if verb in STATUSES and typed and not rest:  # the change reads the case with the task
        ref: changes.TaskRef = {
            "channel_id": channel_id,
            "number": int(typed.group(1)),
            "actor_id": actor_id,
            "request_key": request_key,
        }
        return _status(session, verb=verb, word=word, ref=ref, now=reading.now)
    number = number_for(session, channel_id=channel_id, verb=verb, word=word)
    if verb in NEEDS_TEXT and not rest:
        raise Refused(f"`/task {verb} {number}` needs more.", usage(verb, number))
    if verb not in NEEDS_TEXT and rest:  # "/task done 1 2": never act on part of it
        raise Refused(
            f"`/task {verb}` takes one task number, then nothing else. Nothing was changed.",
            f"/task {verb} {number}",
        )
    if verb == TaskVerb.ASSIGN and assignee_id is None:
        raise Refused(unknown_person(rest), usage(verb, number))
    if verb == TaskVerb.SHOW:
        case, task, events = tasks.detail(session, channel_id=channel_id, number=number)
        repeat = series.words_of(session, task=task)
        return Outcome(verb, number, case, task, repeat, history=events)
    ref = {
        "channel_id": channel_id,
        "number": number,
        "actor_id": actor_id,
        "request_key": request_key,
    }
    now = reading.now
    result: changes.Changed | repeats.Stopped | repeats.Skipped
    if verb == TaskVerb.STOP:
        result = repeats.stop(session, now=now, **ref)
    elif verb == TaskVerb.SKIP:
        result = repeats.skip(session, now=now, **ref)
    elif verb in STATUSES:
        result = changes.set_status(session, status=STATUSES[verb], now=now, **ref)
    else:
        try:
            result = _with_words(
                session,
                verb=verb,
                rest=rest,
                reading=reading,
                ref=ref,
                assignee_id=assignee_id,
                members=members,
            )
        except Refused:
            raise
        except Invalid as error:  # e.g. a date it cannot read: the example names a real task
            example = usage(
                verb, _example_number(session, channel_id=channel_id, verb=verb, number=number)
            )
            if isinstance(error, OneDate) and error.keep:  # "12/5 or 12/7": the first one
                example = f"/task {verb} {number} {error.keep}"
            raise Refused(str(error), example) from error
    return Outcome(
        verb,
        number,
        result.case,
        result.task,
        series.words_of(session, task=result.task),
        following=getattr(result, "following", None),
        handed=getattr(result, "handed", None),
    )


def _status(
    session: Session, *, verb: TaskVerb, word: str, ref: changes.TaskRef, now: datetime
) -> Outcome:
    """done, reopen or cancel of a task typed by its number: one read of case and task; a
    number the case has no task for is refused as `number_for` refuses it."""
    try:
        result = changes.set_status(session, status=STATUSES[verb], now=now, **ref)
    except NotFound:
        number_for(session, channel_id=ref["channel_id"], verb=verb, word=word)
        raise
    return Outcome(
        verb,
        ref["number"],
        result.case,
        result.task,
        series.words_of(session, task=result.task),
        following=result.following,
    )


def _with_words(
    session: Session,
    *,
    verb: TaskVerb,
    rest: str,
    reading: Reading,
    ref: changes.TaskRef,
    assignee_id: str | None,
    members: set[str] | frozenset[str],
) -> changes.Changed:
    """due, snooze or assign: the verbs that read the words after the number."""
    if verb == TaskVerb.DUE:
        return due_moves.reschedule(session, text=rest, reading=reading, **ref)
    if verb == TaskVerb.SNOOZE:
        return due_moves.snooze(session, text=rest, reading=reading, **ref)
    only = rest.split()[-1].lower() == "only"
    return changes.assign(
        session,
        assignee_id=assignee_id or "",
        members=set(members),
        now=reading.now,
        only=only,
        **ref,
    )


def _example_number(session: Session, *, channel_id: str, verb: TaskVerb, number: int) -> int:
    """The task typed when it is open; else the first open task (none open: the one typed)."""
    case = case_for_channel(session, channel_id=channel_id)
    status = session.exec(
        select(Task.status).where(col(Task.case_id) == case.id, col(Task.number) == number)
    ).first()
    if status == TaskStatus.OPEN:
        return number
    found = _numbers(session, case=case, verb=verb)
    return found[0] if found else number
