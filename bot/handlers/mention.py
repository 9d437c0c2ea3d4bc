"""@Docket in a case channel or thread: make a task as /task does, or answer with the list."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from bot import blocks, commands
from bot.blocks import conversation
from bot.db import Session, session_scope
from bot.handlers.common import Request
from bot.handlers.task import create
from bot.services import listing, tasks
from bot.services.errors import DomainError
from bot.services.replies import Via
from bot.services.whens import Ambiguous
from bot.vocab import TaskKind

log = logging.getLogger("docket.mention")
NOT_A_TASK = (
    "That reads as a question or a word for people, not a task, so nothing was created. "
    "I add tasks and list what's due; to add it as a task anyway, quote it: "
    '`/task "who has the brief?"`.'
)


def _bot_id(body: dict[str, Any], context: BoltContext) -> str:
    if context.bot_user_id:
        return context.bot_user_id
    found = body.get("authorizations") or [{}]
    return str(found[0].get("user_id") or "")


def _tell(
    req: Request,
    thread: str,
    message: blocks.Message,
    *,
    public: bool,
    session: Session | None = None,
) -> None:
    """Answer in the mention's thread (after the ack): in `session` when given (one commit)."""
    via = Via.POST if public else Via.EPHEMERAL
    req.reply(message, via=via, channel=req.channel, thread_ts=thread, session=session)


def answer(req: Request, text: str, thread: str) -> None:
    """Plan the thread's answer to one mention: with the task it made, or with the list it read,
    in that one transaction; alone when nothing was made (a retry's answer was planned before)."""
    question = commands.list_question(commands.plain_text(text))
    if not text:
        help_ = conversation.mention_help("What should I do? Tell me the task and when.")
        _tell(req, thread, help_, public=False)
        return
    try:
        req.require_member()
        if question:
            with session_scope(req.deps.engine) as session:
                found = listing.for_case(
                    session,
                    channel_id=req.channel,
                    now=req.reading.now,
                    tz=req.tz,
                    overdue_only=question == "overdue",
                )
                if question == "week":
                    title = f"{found.title}, this week"
                    found = listing.only(found, listing.THIS_WEEK, title=title)
                shown = conversation.mention_list(found, tz=req.tz)
                _tell(req, thread, shown, public=True, session=session)
            return
        assignees, title = commands.leading_mentions(text)
        if commands.chatter(commands.plain_text(title)):  # "thanks!", "who has the brief?"
            _tell(req, thread, conversation.mention_help(NOT_A_TASK), public=False)
            return
        assignees = list(dict.fromkeys([*assignees, *commands.all_mentions(title)]))

        def added_answer(session: Session, added: tasks.Added) -> None:
            shown = conversation.mention_added(added.case, added.tasks, added.when, tz=req.tz)
            _tell(req, thread, shown, public=True, session=session)

        create(
            req, kind=TaskKind.TASK, title=req.named(title), assignees=assignees,
            then=added_answer,
        )  # fmt: skip
    except Ambiguous as ask:
        options = ", ".join(f"“{o.echo}”" for o in ask.options[:3])
        problem = f"{ask} It could be {options}; say the date in full. Nothing was created."
        _tell(req, thread, conversation.mention_help(problem), public=False)
    except DomainError as error:
        _tell(req, thread, conversation.mention_help(str(error)), public=False)


def on_app_mention(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    """Someone wrote @Docket in a channel or thread: answer in the thread."""
    bot = _bot_id(body, context)
    user = event.get("user")
    if not user or event.get("bot_id") or user == bot:
        return
    thread = event.get("thread_ts") or event["ts"]
    req = Request(context, user=user, channel=event["channel"], key=body.get("event_id"))
    answer(req, commands.strip_mention(event.get("text") or "", bot), thread)  # sent after the ack


def register(app: App) -> None:
    """Attach the app_mention listener."""
    app.event(blocks.APP_MENTION_EVENT)(on_app_mention)
