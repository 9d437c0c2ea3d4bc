"""/task and /deadline: add, list, change and show the tasks and court deadlines of a case."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import blocks, commands
from bot.blocks import repeat as repeat_blocks
from bot.blocks import task as task_blocks
from bot.blocks import tasklist
from bot.dates.reader import When
from bot.db import session_scope
from bot.handlers import calendar
from bot.handlers.common import Request, error_answer
from bot.handlers.forms import open_after_ack
from bot.services import changes, listing, repeats, series, tasks
from bot.services.errors import DomainError
from bot.services.rules import RepeatQuestion
from bot.services.whens import Ambiguous
from bot.vocab import FeedScope, TaskKind, TaskStatus

CHANGES = {  # verb -> (the status it sets, what to say)
    "done": (TaskStatus.DONE, "Marked #{n} done."),
    "reopen": (TaskStatus.OPEN, "Reopened #{n}."),
    "cancel": (TaskStatus.CANCELLED, "Cancelled #{n}."),
}
TASK_EXAMPLE = "/task @bob draft motion to compel by next Friday 5pm"
REPEAT_VERBS = {  # verb -> what to say
    "stop": "Stopped the repeat of #{n}: no more occurrences will be made. #{n} itself stays.",
    "skip": "Skipped #{n}.",
}
DEADLINE_EXAMPLE = "/deadline Answer 21 days after service on Jan 5"


def create(
    req: Request, *, kind: TaskKind, title: str, assignees: list[str], due: When | None = None
) -> tasks.Added:
    """Add a task or deadline for the assignees from 'TITLE [WHEN]' (or with `due` chosen)."""
    req.require_people(assignees)
    members = req.directory.members(req.channel, needed={req.user, *assignees})
    with session_scope(req.deps.engine) as session:
        added = tasks.add(
            session,
            channel_id=req.channel,
            actor_id=req.user,
            text=title,
            assignees=assignees,
            members=members,
            reading=req.reading,
            kind=kind,
            due=due,
            request_key=req.key,
        )
    numbers = ", ".join(f"#{t.number}" for t in added.tasks)
    req.saved(f"{'court deadline' if kind == TaskKind.DEADLINE else 'task'} {numbers}")
    return added


def add(
    req: Request, *, kind: TaskKind, title: str, assignees: list[str], due: When | None = None
) -> blocks.Message:
    """The ephemeral answer to adding a task or deadline (a question when the date is unclear)."""
    try:
        added = create(req, kind=kind, title=title, assignees=assignees, due=due)
    except Ambiguous as ask:
        # "asked": the asking request's id, so every click on this question is one request
        resubmit = {"kind": kind, "title": ask.title, "assignees": assignees, "asked": req.key}
        return task_blocks.question(str(ask), ask.options, resubmit=resubmit)
    except RepeatQuestion as ask:
        if not ask.choices:
            raise
        resubmit = {"kind": kind, "title": ask.title, "assignees": assignees}
        return repeat_blocks.start_question(str(ask), ask.choices, resubmit=resubmit)
    message = task_blocks.task_added(
        added.case, added.tasks, added.when, tz=req.tz, rule=added.rule
    )
    return _token_note(message, req.token_error)


def _token_note(message: blocks.Message, token_error: str | None) -> blocks.Message:
    """Say that the card and messages wait when Slack refused Docket's token on the last try.

    Whatever Slack refuses about this task itself (not_in_channel…) is learnt only after the
    ack: the courier then tells the person who added it by DM (see bot/services/alerts.py).
    """
    if token_error is None:
        return message
    note = (
        "I saved it, but Slack isn't accepting Docket's token right now: the card and "
        "messages go out as soon as it does."
    )
    return {**message, "blocks": [*message["blocks"], blocks.common.context(f":hourglass: {note}")]}


def _listing(req: Request, rest: str) -> blocks.Message:
    with session_scope(req.deps.engine) as session:
        if rest.lower() == "mine":
            channels = req.directory.member_channels(req.user)
            result = listing.for_user(
                session, user_id=req.user, channels=channels, now=req.reading.now, tz=req.tz
            )
        else:
            result = listing.for_case(
                session,
                channel_id=req.channel,
                now=req.reading.now,
                tz=req.tz,
                assignee_id=commands.mentioned(rest),
                overdue_only=rest.lower() == "overdue",
            )
    return tasklist.listing(result, tz=req.tz)


def _change(req: Request, verb: str, word: str, rest: str) -> blocks.Message:
    usage = NEEDS_TEXT.get(verb, f"/task {verb} 3")
    with session_scope(req.deps.engine) as session:
        number = tasks.number_for(session, channel_id=req.channel, word=word, usage=usage)
        if verb in NEEDS_TEXT and not rest:
            return blocks.ephemeral(f"`/task {verb} {number}` needs more.", example=usage)
        if verb not in NEEDS_TEXT and rest:  # "/task done 1 2": never act on part of it
            return blocks.ephemeral(
                f"`/task {verb}` takes one task number, then nothing else. Nothing was changed.",
                example=f"/task {verb} {number}",
            )
        if verb == "assign" and commands.mentioned(rest) is None:
            return blocks.ephemeral(_unknown_person(rest), example=usage)
        common = req.task_ref(number)
        result: changes.Changed | repeats.Stopped | repeats.Skipped
        if verb == "stop":
            result = repeats.stop(session, now=req.reading.now, **common)
            done = REPEAT_VERBS[verb]
        elif verb == "skip":
            result = repeats.skip(session, now=req.reading.now, **common)
            done = REPEAT_VERBS[verb]
        elif verb in CHANGES:
            status, done = CHANGES[verb]
            result = changes.set_status(session, status=status, now=req.reading.now, **common)
        elif verb == "due":
            result = changes.reschedule(session, text=rest, reading=req.reading, **common)
            done = "Moved #{n}."
        elif verb == "snooze":
            result = changes.snooze(session, text=rest, reading=req.reading, **common)
            done = "Snoozed #{n}'s reminder."
        elif verb == "assign":
            req.require_people([p for p in [commands.mentioned(rest)] if p])
            result = changes.assign(
                session,
                assignee_id=commands.mentioned(rest) or "",
                members=req.directory.members(
                    req.channel, needed={req.user, commands.mentioned(rest) or req.user}
                ),
                now=req.reading.now,
                only=rest.split()[-1].lower() == "only",
                **common,
            )
            done = repeat_blocks.handed_words(number, result.handed)
        else:
            case, task, events = tasks.detail(session, channel_id=req.channel, number=number)
            repeat = series.words_of(session, task=task)
            return tasklist.detail(case, task, events, tz=req.tz, repeat=repeat)
        repeat = series.words_of(session, task=result.task)
    following = getattr(result, "following", None)
    what = done.format(n=number)
    reminder = result.task.remind_at if verb == "snooze" else None
    return task_blocks.changed(
        result.case,
        result.task,
        what,
        tz=req.tz,
        repeat=repeat,
        following=following,
        reminder=reminder,
    )


SUBCOMMANDS = (*CHANGES, "due", "snooze", "assign", "show")
UNKNOWN_NAME_RE = re.compile(r"^@(?P<name>[\w.\-]+)")
NUMBERED_RE = re.compile(r"^#?\d+(?:\s|$)")  # "/task stop 3"; "/task stop the leak" is a new task


def _unknown_person(text: str) -> str:
    """What to say when the person named is not a Slack mention."""
    found = UNKNOWN_NAME_RE.match(text.strip())
    if found is None:
        return "Who should do it? Mention them with @, picking their name from Slack's list."
    return (
        f"I don't know anyone called @{found.group('name')} here: pick the person from Slack's "
        "@ list so their name turns blue. Nothing was created or changed."
    )


NEEDS_TEXT = {
    "due": "/task due 3 Monday 9am",
    "snooze": "/task snooze 3 tomorrow 9am",
    "assign": "/task assign 3 @bob",
}


def answer(body: dict[str, Any], context: BoltContext, *, kind: TaskKind) -> blocks.Message:
    """The reply to one /task or /deadline command."""
    text = (body.get("text") or "").strip()
    verb, rest = commands.split_subcommand(text)
    example = DEADLINE_EXAMPLE if kind == TaskKind.DEADLINE else TASK_EXAMPLE
    if kind == TaskKind.TASK and verb in SUBCOMMANDS:
        example = NEEDS_TEXT.get(verb, f"/task {verb} 3")
    if verb in ("help", "?") and not rest:
        return tasklist.deadline_help() if kind == TaskKind.DEADLINE else tasklist.task_help()
    req = Request(
        context, user=body["user_id"], channel=body["channel_id"], key=body.get("trigger_id")
    )
    try:
        if verb == "calendar" and kind == TaskKind.TASK:  # the asker's own tasks, any case
            return calendar.answer(body, context, scope=FeedScope.MINE, rest=rest)
        if not (verb == "list" and rest.lower() == "mine"):  # mine: only channels they are in
            req.require_member()
        if (
            kind == TaskKind.TASK
            and verb == "list"
            and (not rest or rest.lower() in ("mine", "overdue") or commands.mentioned(rest))
        ):
            return _listing(req, rest)
        if kind == TaskKind.TASK and verb == "list" and UNKNOWN_NAME_RE.match(rest):
            return blocks.ephemeral(_unknown_person(rest), example="/task list @bob")
        repeat_verb = verb in REPEAT_VERBS and NUMBERED_RE.match(rest) is not None
        if kind == TaskKind.TASK and (verb in SUBCOMMANDS or repeat_verb):
            first, _, after = rest.partition(" ")
            return _change(req, verb, first, commands.unescape(after.strip()))
        assignees, title = commands.leading_mentions(text)
        if UNKNOWN_NAME_RE.match(title):
            return blocks.ephemeral(_unknown_person(title), example=example)
        return add(req, kind=kind, title=req.named(title), assignees=assignees)
    except DomainError as error:
        return error_answer(error, example)


def _command(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, kind: TaskKind
) -> None:
    if (body.get("text") or "").strip():
        ack(answer(body, context, kind=kind))
        return
    ack()  # alone: the form, opened right after the ack
    user, channel = body["user_id"], body["channel_id"]
    open_after_ack(
        client, context, trigger=body["trigger_id"], user=user, channel=channel, kind=kind
    )


def on_task(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Handle /task (alone: open the New task form)."""
    _command(ack, body, context, client, TaskKind.TASK)


def on_deadline(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Handle /deadline (alone: open the New deadline form)."""
    _command(ack, body, context, client, TaskKind.DEADLINE)


def register(app: App) -> None:
    """Attach the /task and /deadline listeners."""
    app.command(blocks.TASK_COMMAND)(on_task)
    app.command(blocks.DEADLINE_COMMAND)(on_deadline)
