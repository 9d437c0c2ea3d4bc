"""Buttons on task cards, DMs and questions, and the reassign modal."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient

from bot import blocks
from bot.blocks import delegation, task_answers, unopened
from bot.dates.readings import When, zone_named
from bot.db import Session, session_scope
from bot.handlers.common import Request, after_ack, clicked, error_answer, open_view, tell
from bot.handlers.task import add
from bot.models import Case, Task
from bot.services import answers, changes, desk, due_moves, tasks
from bot.services.errors import Conflict, DomainError
from bot.services.rules import with_repeat
from bot.vocab import TaskKind, TaskStatus

log = logging.getLogger("docket.actions")
# action -> (the status it sets, or None to accept; what to say)
DONE_WORDS: dict[str, tuple[TaskStatus | None, str]] = {
    blocks.DONE_ACTION: (TaskStatus.DONE, "Marked done."),
    blocks.REOPEN_ACTION: (TaskStatus.OPEN, "Reopened."),
    blocks.ACCEPT_ACTION: (None, "Accepted. The team sees it in the case channel."),
}


def _ref(value: str) -> tuple[str, int]:
    channel, _, number = value.rpartition(":")
    return channel, int(number)


def on_task_button(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Mark done, reopen, accept or snooze a task from any message or the App Home."""
    ack()
    action = body["actions"][0]
    channel, number = _ref(action["value"])
    req = Request(context, user=body["user"]["id"], channel=channel, key=body.get("trigger_id"))
    common = req.task_ref(number)
    on_home = (body.get("container") or {}).get("type") == "view"
    try:
        req.require_member()
        with session_scope(req.deps.engine) as session:  # the change and its answer: one commit
            if on_home:  # a click on the Home tab: it is open, so keep it current
                desk.home_opened(session, user_id=req.user, now=req.reading.now)
            if action["action_id"] == blocks.SNOOZE_ACTION:
                result = due_moves.snooze(session, text=None, reading=req.reading, **common)
                what = "Snoozed for a day: the reminder moves, the due date does not."
            else:
                status, what = DONE_WORDS[action["action_id"]]
                if status is None:
                    result = changes.accept(session, now=req.reading.now, **common)
                else:
                    result = changes.set_status(
                        session, status=status, now=req.reading.now, **common
                    )
            answer = _answer(req, body, result, what)
            if answer is not None:
                tell(req, body, answer[0], replace=answer[1], session=session)
    except DomainError as error:
        tell(req, body, error_answer(error))


def _answer(
    req: Request, body: dict[str, Any], result: changes.Changed, what: str
) -> tuple[blocks.Message, bool] | None:
    """What the clicker is told, and whether it replaces the message clicked (None: nothing)."""
    action = body["actions"][0]
    container = body.get("container") or {}
    if container.get("type") == "view":  # App Home: no response_url; the outbox redraws it
        return None
    on_card = container.get("message_ts") == result.task.card_ts
    snooze = action["action_id"] == blocks.SNOOZE_ACTION
    if on_card and not container.get("is_ephemeral") and not snooze:
        return None  # the card itself: the outbox just updated it in place
    shown = (body.get("message") or {}).get("blocks") or []
    shared = (blocks.DIGEST_HEADER_BLOCK, blocks.MENTION_REPLY_BLOCK)
    if on_card or any(b.get("block_id") in shared for b in shown):
        # the card (a snooze doesn't change it), a digest or a thread reply is everyone's:
        # leave it, and confirm to the clicker alone
        return task_answers.changed(result.case, result.task, what, tz=req.tz), False
    if str(container.get("channel_id", "")).startswith("D"):
        message = delegation.dm_after_click(result.case, result.task, what, tz=req.tz, shown=shown)
    else:
        message = task_answers.changed(result.case, result.task, what, tz=req.tz)
    return message, True


def on_reassign_button(
    ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient
) -> None:
    """Open the reassign modal (right after the ack: the trigger_id lives 3 seconds) for a member
    of the case channel; anyone else (e.g. a lead who left, clicking an old DM) is told why."""
    ack()
    action = body["actions"][0]
    req = clicked(context, body)
    try:
        req.require_member()
        with session_scope(req.deps.engine) as session:  # the form names the task clicked
            _, task = tasks.get(session, channel_id=req.channel, number=_ref(action["value"])[1])
            title, repeats = f"#{task.number} {task.title}", tasks.repeats(session, task=task)
    except DomainError as error:
        tell(req, body, error_answer(error))
        return
    view = delegation.reassign_modal(action["value"], title=title, repeats=repeats)
    instead = unopened.reassign_not_opened(action["value"])
    after_ack(
        context,
        lambda: open_view(
            clicked(context, body), body, client, view, what="reassign form", instead=instead
        ),
    )


def on_reassign_submit(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Reassign the task to the picked user; problems show in the modal."""
    view = body["view"]
    channel, number = _ref(view["private_metadata"])
    picked = view["state"]["values"][blocks.REASSIGN_USER_BLOCK][blocks.REASSIGN_USER_ACTION]
    req = Request(context, user=body["user"]["id"], channel=channel, key=view.get("id"))
    try:
        req.require_member()
        req.require_people([picked.get("selected_user") or ""])
        with session_scope(req.deps.engine) as session:
            changes.assign(
                session,
                channel_id=channel,
                number=number,
                actor_id=req.user,
                assignee_id=picked.get("selected_user") or "",
                members=req.directory.members(
                    channel, needed={req.user, picked.get("selected_user") or req.user}
                ),
                now=req.reading.now,
                request_key=req.key,
            )
    except DomainError as error:
        ack(
            response_action="errors",
            errors={blocks.REASSIGN_USER_BLOCK: req.named(str(error))[:150]},
        )
        return
    ack()


def _picked(context: BoltContext, body: dict[str, Any]) -> tuple[dict[str, Any], Request, Any]:
    """A click on a question's answer: its choice, its Request and the question it answers.

    Every click on one question is one request (keyed by the question, so a double click or a
    second option adds nothing twice); each click is still answered (its own reply key).
    """
    choice = json.loads(body["actions"][0]["value"])
    channel = (body.get("channel") or {}).get("id") or body["container"].get("channel_id")
    asked = choice.get("asked")
    key = f"pick:{asked}" if asked else body.get("trigger_id")
    req = Request(context, user=body["user"]["id"], channel=channel, key=key)
    req.reply_key = body.get("trigger_id")
    return choice, req, asked


def on_pick_date(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The asker chose one reading of an ambiguous date: add the task with it."""
    ack()
    choice, req, asked = _picked(context, body)
    due = _chosen(choice)
    again: list[blocks.Message] = []  # set when this question was answered before
    try:
        message = add(
            req,
            kind=TaskKind(choice["kind"]),
            title=choice["title"],
            assignees=choice["assignees"],
            due=due,
            again=lambda added: _again(again, req, added),
            answering=_answering(req, asked, due.echo),
        )
    except answers.AlreadyAnswered as settled:  # a follow-up may be open: leave it there
        tell(req, body, task_answers.already_chosen(settled.answer, user=req.user, tz=req.tz))
        return
    except DomainError as error:
        if _lost(req, body, asked, error):
            return
        message = error_answer(error)
    tell(req, body, message, replace=not again)  # a second answer never hides the first


def _again(again: list[blocks.Message], req: Request, added: tasks.Added) -> blocks.Message:
    """The answer to a click on a question answered before: what was saved (noted in `again`)."""
    task = added.tasks[0]
    again.append(_already(req, added.case, task, task.created_by))
    return again[-1]


def _lost(req: Request, body: dict[str, Any], asked: object, error: DomainError) -> bool:
    """Whether `error` is a click's that lost to another click on its question (a double
    click read it open, then met the first one's change): if so it is told the answer
    privately, as a stale click is, in a note of its own."""
    if not isinstance(error, Conflict):
        return False
    with session_scope(req.deps.engine) as session:
        settled = answers.answered(session, question=answers.question_id(asked))
    if settled is None:
        return False
    tell(req, body, task_answers.already_chosen(settled, user=req.user, tz=req.tz))
    return True


def _answering(req: Request, asked: object, choice: str) -> Callable[[Session], None]:
    """Settle the question clicked (keyed by its asking request) with this click's choice."""
    question = answers.question_id(asked)

    def settle(session: Session) -> None:
        answers.settle(
            session, question=question, actor_id=req.user, choice=choice, now=req.reading.now
        )

    return settle


def _chosen(choice: dict[str, Any]) -> When:
    """The reading a question's button carries."""
    return When(
        due=datetime.fromisoformat(choice["due"]),
        all_day=choice["all_day"],
        echo=choice["echo"],
        worksheet=tuple(choice.get("worksheet") or ()),
        zone=zone_named(choice.get("zone")),
    )


def on_pick_due(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The asker chose the day a court deadline moves to: move it, if its due is as when asked."""
    ack()
    choice, req, asked = _picked(context, body)
    due, number = _chosen(choice), int(choice["number"])
    was = datetime.fromisoformat(choice["was"]) if choice.get("was") else None
    settle = _answering(req, asked, due.echo)
    try:
        req.require_member()
        with session_scope(req.deps.engine) as session:  # the move and its answer: one commit
            result = due_moves.reschedule(
                session, text="", reading=req.reading, due=due, was=was, **req.task_ref(number)
            )
            message = task_answers.changed(
                result.case, result.task, f"Moved #{number}.", tz=req.tz, when=due
            )
            if result.replayed:  # the question was answered already (only its asker sees it)
                message = _already(req, result.case, result.task, req.user)
            else:  # the first answer settles the question; a later one rolls this move back
                settle(session)
            tell(req, body, message, replace=not result.replayed, session=session)
    except due_moves.DueQuestion as ask:  # the reading picked is a day the court is closed: ask on
        resubmit = {"number": number, "was": was.isoformat() if was else None, "asked": req.key}
        question = task_answers.question(
            str(ask), ask.options, resubmit=resubmit, action_ids=blocks.PICK_DUE_ACTIONS
        )
        try:
            with session_scope(req.deps.engine) as session:  # this choice settles the first
                settle(session)
                tell(req, body, question, replace=True, session=session)
        except answers.AlreadyAnswered as settled:
            tell(req, body, task_answers.already_chosen(settled.answer, user=req.user, tz=req.tz))
    except answers.AlreadyAnswered as settled:  # a follow-up may be open: leave it there
        tell(req, body, task_answers.already_chosen(settled.answer, user=req.user, tz=req.tz))
    except DomainError as error:
        if not _lost(req, body, asked, error):
            tell(req, body, error_answer(error), replace=True)


def on_pick_start(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """The asker said when the repeat starts: add the task with that start."""
    ack()
    choice, req, asked = _picked(context, body)
    again: list[blocks.Message] = []
    try:
        message = add(
            req,
            kind=TaskKind(choice["kind"]),
            title=with_repeat(choice["title"], choice["repeat"]),
            assignees=choice["assignees"],
            again=lambda added: _again(again, req, added),
            answering=_answering(req, asked, _label(body)),
        )
    except answers.AlreadyAnswered as settled:
        tell(req, body, task_answers.already_chosen(settled.answer, user=req.user, tz=req.tz))
        return
    except DomainError as error:
        if _lost(req, body, asked, error):
            return
        message = error_answer(error)
    tell(req, body, message, replace=not again)


def _label(body: dict[str, Any]) -> str:
    """The text of the button clicked."""
    return str(((body["actions"][0].get("text") or {}).get("text")) or "")


def _already(req: Request, case: Case, task: Task, by: str) -> blocks.Message:
    """A second or stale click on a question already answered: what was saved, and by whom."""
    return task_answers.already_saved(case, task, by=by, tz=req.tz)


def on_open_case(ack: Ack) -> None:
    """A link button: Slack opens the channel; nothing to do but acknowledge."""
    ack()


def register(app: App) -> None:
    """Attach the button and modal listeners."""
    for action_id in (
        blocks.DONE_ACTION,
        blocks.REOPEN_ACTION,
        blocks.ACCEPT_ACTION,
        blocks.SNOOZE_ACTION,
    ):
        app.action(action_id)(on_task_button)
    app.action(blocks.REASSIGN_ACTION)(on_reassign_button)
    for action_id in (blocks.PICK_DATE_ACTION, *blocks.PICK_DATE_ACTIONS):
        app.action(action_id)(on_pick_date)
    for action_id in blocks.PICK_DUE_ACTIONS:
        app.action(action_id)(on_pick_due)
    for action_id in blocks.PICK_START_ACTIONS:
        app.action(action_id)(on_pick_start)
    app.action(blocks.OPEN_CASE_ACTION)(on_open_case)
    app.view(blocks.REASSIGN_VIEW)(on_reassign_submit)
