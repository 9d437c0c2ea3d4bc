"""/task and /deadline: add, list, change and show the tasks and court deadlines of a case."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import blocks, commands
from bot.blocks import repeat as repeat_blocks
from bot.blocks import task_answers, tasklist
from bot.dates.readings import When
from bot.db import Session, read_scope, session_scope
from bot.handlers import calendar
from bot.handlers.common import Request, error_answer
from bot.handlers.forms import open_after_ack
from bot.services import listing, task_commands, tasks
from bot.services.cut_dates import OneDate
from bot.services.due_moves import DueQuestion
from bot.services.errors import DomainError, Refused
from bot.services.mistyped import (
    COMMAND_VERBS,
    REPEAT_VERBS,
    TASK_NUMBER_RE,
    is_command,
    refuse_mistyped,
)
from bot.services.rules import RepeatQuestion
from bot.services.task_commands import UNKNOWN_NAME_RE, TaskVerb, unknown_person
from bot.services.whens import Ambiguous
from bot.vocab import FeedScope, TaskKind

TASK_EXAMPLE = "/task @bob draft motion to compel by next Friday 5pm"
DONE = {  # verb -> what to say when it is done (assign: repeat_blocks.handed_words)
    TaskVerb.DONE: "Marked #{n} done.",
    TaskVerb.REOPEN: "Reopened #{n}.",
    TaskVerb.CANCEL: "Cancelled #{n}.",
    TaskVerb.DUE: "Moved #{n}.",
    TaskVerb.SNOOZE: "Snoozed #{n}'s reminder.",
    TaskVerb.STOP: (
        "Stopped the repeat of #{n}: no more occurrences will be made. #{n} itself stays."
    ),
    TaskVerb.SKIP: "Skipped #{n}.",
}
DEADLINE_EXAMPLE = "/deadline Answer 21 days after service on Jan 5"


def create(
    req: Request,
    *,
    kind: TaskKind,
    title: str,
    assignees: list[str],
    due: When | None = None,
    members: set[str] | None = None,
    then: Callable[[Session, tasks.Added], None] | None = None,
    session: Session | None = None,
) -> tasks.Added:
    """Add a task or deadline for the assignees from 'TITLE [WHEN]' (or with `due` chosen).

    `members`: the channel's members as this request already read them (read again only when
    someone assigned is not among them). `then`: planned in the same transaction once the task
    is made (not for a retry), e.g. the answer: the task and its answer commit together.
    `session`: the request's, when it has one open (else one of its own).
    """
    req.require_people(assignees)
    if members is None or not {req.user, *assignees} <= members:
        needed = {req.user, *assignees}
        members = req.directory.members(req.channel, needed=needed, session=session)
    with ExitStack() as own:
        if session is None:
            session = own.enter_context(session_scope(req.deps.engine))
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
        if then is not None and not added.replayed:
            then(session, added)
    numbers = ", ".join(f"#{t.number}" for t in added.tasks)
    req.saved(f"{'court deadline' if kind == TaskKind.DEADLINE else 'task'} {numbers}")
    return added


def add(
    req: Request,
    *,
    kind: TaskKind,
    title: str,
    assignees: list[str],
    due: When | None = None,
    members: set[str] | None = None,
    again: Callable[[tasks.Added], blocks.Message] | None = None,
    answering: Callable[[Session], None] | None = None,
    session: Session | None = None,
) -> blocks.Message:
    """The ephemeral answer to adding a task or deadline (a question when the date is unclear;
    `again`: the answer when this request was handled before, e.g. a second click;
    `answering`: settles the question clicked, with the task or before a follow-up is asked;
    `session`: the request's own, when it has one open)."""
    then = (lambda session, _added: answering(session)) if answering is not None else None
    try:
        added = create(
            req,
            kind=kind,
            title=title,
            assignees=assignees,
            due=due,
            members=members,
            then=then,
            session=session,
        )
    except (Ambiguous, RepeatQuestion) as ask:
        if answering is not None and (not isinstance(ask, RepeatQuestion) or ask.choices):
            with session_scope(req.deps.engine) as session:  # the first choice settles it
                answering(session)
        return _asked(req, ask, kind=kind, assignees=assignees)
    if added.replayed and again is not None:
        return again(added)
    message = task_answers.task_added(
        added.case, added.tasks, added.when, tz=req.tz, rule=added.rule
    )
    return _token_note(message, req.token_error)


def _asked(
    req: Request, ask: Ambiguous | RepeatQuestion, *, kind: TaskKind, assignees: list[str]
) -> blocks.Message:
    """The question for an unclear date or a repeat's start; its buttons carry this request."""
    if isinstance(ask, Ambiguous):
        # "asked": the asking request's id, so every click on this question is one request
        resubmit = {"kind": kind, "title": ask.title, "assignees": assignees, "asked": req.key}
        return task_answers.question(str(ask), ask.options, resubmit=resubmit)
    if not ask.choices:
        raise ask
    resubmit = {"kind": kind, "title": ask.title, "assignees": assignees, "asked": req.key}
    return repeat_blocks.start_question(str(ask), ask.choices, resubmit=resubmit)


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


LIST_EXAMPLE = "/task list overdue"
LIST_TAKES = (
    "`/task list` shows this case's open tasks; it can narrow them to `mine` (yours, in every "
    "case), `overdue`, or one `@person`, e.g. `/task list overdue @bob`."
)


def _list_refusal(ask: commands.ListAsk) -> str | None:
    """Why `/task list` can't make the list asked for, or None when it can."""
    if ask.unknown:
        return f"I can't list “{blocks.escape(' '.join(ask.unknown))}”."
    if len(ask.people) > 1:
        return "I list one person's tasks at a time."
    if ask.mine and ask.people:
        return "`mine` lists your own tasks, so leave out the @person, or `mine`."
    return None


def _listing(
    req: Request, rest: str, members: set[str], ask: commands.ListAsk | None
) -> blocks.Message:
    refused = _list_refusal(ask) if ask is not None else None
    if refused is not None:
        said = f"{refused} {LIST_TAKES} Nothing was created."
        return blocks.ephemeral(said, example=LIST_EXAMPLE)
    overdue = ask is not None and ask.overdue
    with read_scope(req.deps.engine) as session:  # reads alone: no transaction around them
        if ask is not None and ask.mine:  # in one statement with the cases they are in
            result = listing.for_user(
                session, user_id=req.user, now=req.reading.now, tz=req.tz, overdue_only=overdue
            )
        else:
            result = listing.for_case(
                session,
                channel_id=req.channel,
                now=req.reading.now,
                tz=req.tz,
                assignee_id=ask.people[0] if ask is not None and ask.people else None,
                overdue_only=overdue,
                members=members,
                named=rest if ask is None else None,
            )
    return tasklist.listing(result, tz=req.tz)


def _change(
    req: Request, verb: TaskVerb, word: str, rest: str, members: set[str]
) -> blocks.Message:
    try:
        with session_scope(req.deps.engine) as session:
            done = task_commands.run(
                session,
                verb=verb,
                word=word,
                rest=rest,
                channel_id=req.channel,
                actor_id=req.user,
                reading=req.reading,
                request_key=req.key,
                assignee_id=commands.mentioned(rest) if verb == TaskVerb.ASSIGN else None,
                members=members,
            )
    except DueQuestion as ask:  # a court deadline onto a closed day: the buttons move it
        was = ask.was.isoformat() if ask.was else None
        resubmit = {"number": ask.number, "was": was, "asked": req.key}
        return task_answers.question(
            str(ask), ask.options, resubmit=resubmit, action_ids=blocks.PICK_DUE_ACTIONS
        )
    if verb == TaskVerb.SHOW:
        return tasklist.detail(done.case, done.task, done.history, tz=req.tz, repeat=done.repeat)
    if verb == TaskVerb.ASSIGN:
        what = repeat_blocks.handed_words(done.number, done.handed)
    else:
        what = DONE[verb].format(n=done.number)
    return task_answers.changed(
        done.case,
        done.task,
        what,
        tz=req.tz,
        repeat=done.repeat,
        following=done.following,
        reminder=done.task.remind_at if verb == TaskVerb.SNOOZE else None,
    )


SUBCOMMANDS = tuple(v for v in TaskVerb if v not in REPEAT_VERBS)


def answer(body: dict[str, Any], context: BoltContext, *, kind: TaskKind) -> blocks.Message:
    """The reply to one /task or /deadline command."""
    text = (body.get("text") or "").strip()
    verb, rest = commands.split_subcommand(text)
    example = DEADLINE_EXAMPLE if kind == TaskKind.DEADLINE else TASK_EXAMPLE
    if kind == TaskKind.TASK and verb in SUBCOMMANDS:
        example = task_commands.usage(TaskVerb(verb))
    if verb in ("help", "?") and not rest:
        return tasklist.deadline_help() if kind == TaskKind.DEADLINE else tasklist.task_help()
    req = Request(
        context, user=body["user_id"], channel=body["channel_id"], key=body.get("trigger_id")
    )
    try:
        if kind == TaskKind.DEADLINE and _task_command(verb, rest):
            return _use_task(verb, rest)
        if verb == "calendar" and kind == TaskKind.TASK:  # the asker's own tasks, any case
            return calendar.answer(body, context, scope=FeedScope.MINE, rest=rest)
        assignees, title = commands.leading_mentions(text)
        first, _, after = rest.partition(" ")
        numbered = kind == TaskKind.TASK and is_command(verb, rest)
        if not numbered and verb != "list":  # "/task delete 1": a command mistyped, no title
            refuse_mistyped(req.named(title))
            return _typed_add(req, kind=kind, title=title, assignees=assignees, example=example)
        if numbered:  # the person assigned to is read with the members, when there is one
            assignees = [p for p in [commands.mentioned(after)] if p and verb == TaskVerb.ASSIGN]
        listed = commands.mentioned(rest) if verb == "list" else None  # read with the members
        ask = commands.list_ask(rest) if verb == "list" else None  # "overdue @bob", "mine"
        members: set[str] = set()
        if not (ask is not None and ask.mine):  # mine: only channels they are in
            members = req.require_member(also=[*assignees, *([listed] if listed else [])])
        if (
            kind == TaskKind.TASK
            and verb == "list"
            and (
                ask is not None
                or listed
                or listing.person_word(rest)  # "pat": that person's, when Docket knows them
            )
        ):
            return _listing(req, rest, members, ask)
        if kind == TaskKind.TASK and verb == "list" and UNKNOWN_NAME_RE.match(rest):
            return blocks.ephemeral(unknown_person(rest), example="/task list @bob")
        if numbered:
            if verb == TaskVerb.ASSIGN:
                req.require_people(assignees)
            rest = commands.unescape(after.strip())
            return _change(req, TaskVerb(verb), first, rest, members)
        if UNKNOWN_NAME_RE.match(title):
            return blocks.ephemeral(unknown_person(title), example=example)
        return add(req, kind=kind, title=req.named(title), assignees=assignees, members=members)
    except Refused as refused:  # with the example that fits it
        return error_answer(refused, refused.example)
    except OneDate as cut:  # "by Dec 7 or Dec 8": the command again with its first date
        return error_answer(cut, _retyped(req, text, cut.keep, kind) if cut.keep else example)
    except DomainError as error:
        return error_answer(error, example)


def _task_command(verb: str, rest: str) -> bool:
    """`/deadline snooze 1 tomorrow`, `/deadline list`: a /task command typed as /deadline."""
    if verb == "list":
        return commands.list_ask(rest) is not None
    return verb in COMMAND_VERBS and TASK_NUMBER_RE.match(rest) is not None


def _use_task(verb: str, rest: str) -> blocks.Message:
    """The answer to a /task command typed as /deadline: nothing made, the /task that does it."""
    if verb == "list":
        said, example = "`/task list` lists them with the case's tasks.", "/task list"
    else:
        number = int(rest.split()[0].lstrip("#"))
        said = f"`/task {verb}` takes a deadline's number as it takes a task's."
        example = task_commands.usage(TaskVerb(verb), number)
    return blocks.ephemeral(
        f"Court deadlines are listed and changed with `/task`: {said} Nothing was created.",
        example=example,
    )


def _typed_add(
    req: Request, *, kind: TaskKind, title: str, assignees: list[str], example: str
) -> blocks.Message:
    """/task TITLE [WHEN]: who is in the channel is read in the add's own transaction (one
    session and connection for the request, not a read of their own before it)."""
    with session_scope(req.deps.engine) as session:
        members = req.require_member(also=assignees, session=session)
        if UNKNOWN_NAME_RE.match(title):
            return blocks.ephemeral(unknown_person(title), example=example)
        named = req.named(title)
        return add(
            req, kind=kind, title=named, assignees=assignees, members=members, session=session
        )


def _retyped(req: Request, text: str, keep: str, kind: TaskKind) -> str:
    """The command typed again with `keep` as its title and date, its leading @people kept."""
    _, rest = commands.leading_mentions(text)
    people = req.named(text[: len(text) - len(rest)]).strip() if rest else ""
    command = "/deadline" if kind == TaskKind.DEADLINE else "/task"
    return " ".join(part for part in (command, people, keep) if part)


def _command(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient, kind: TaskKind
) -> None:
    if (body.get("text") or "").strip():
        ack(answer(body, context, kind=kind))
        return
    ack()  # alone: the form, opened right after the ack
    user, channel = body["user_id"], body["channel_id"]
    open_after_ack(client, context, body, user=user, channel=channel, kind=kind)


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
