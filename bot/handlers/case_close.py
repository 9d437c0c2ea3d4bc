"""The buttons of /case close's question: close anyway (on the state asked about), keep open."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import blocks
from bot.blocks.case_close import close_already_answered, close_answered, close_ask
from bot.db import session_scope
from bot.handlers.common import Request, error_answer, tell
from bot.services import answers, closing
from bot.services.errors import DomainError
from bot.services.replies import Via

KEPT = "Kept the case open. Nothing changed."


def on_close_button(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Close anyway: close if the case is as it was when asked (else ask again); keep open."""
    ack()
    action = body["actions"][0]
    asked = json.loads(action["value"])
    req = Request(
        context, user=body["user"]["id"], channel=asked["channel"], key=body.get("trigger_id")
    )
    question = answers.question_id(asked.get("asked"))
    if action["action_id"] == blocks.CLOSE_KEEP_ACTION:
        try:
            with session_scope(req.deps.engine) as session:
                closing.keep_open(
                    session,
                    channel_id=req.channel,
                    actor_id=req.user,
                    now=req.reading.now,
                    question=question,
                )
                tell(req, body, close_answered(KEPT), replace=True, session=session)
        except answers.AlreadyAnswered as settled:  # leave what was decided where it is
            tell(req, body, close_already_answered(settled.answer, tz=req.tz))
        except DomainError as error:
            tell(req, body, error_answer(error), replace=True)
        return
    try:
        members = req.require_member()
        with session_scope(req.deps.engine) as session:  # the close and its answers: one commit
            result = closing.close(
                session,
                channel_id=req.channel,
                actor_id=req.user,
                members=members,
                now=req.reading.now,
                request_key=req.key,
                confirmed=str(asked.get("state", "")),
                question=question,
            )
            if isinstance(result, closing.CloseAsk):
                again = close_ask(result, tz=req.tz, asked=req.key)
                tell(req, body, again, replace=True, session=session)
                return
            news = blocks.case_changed(result, tz=req.tz)
            shown = {"text": news["text"], "blocks": news["blocks"]}
            req.reply(shown, via=Via.POST, channel=req.channel, session=session)
            done = (
                "Closed the case: its reminders and digest stopped. `/case reopen` opens it again."
            )
            tell(req, body, close_answered(done), replace=True, session=session)
    except answers.AlreadyAnswered as settled:  # kept open first: nothing closes
        tell(req, body, close_already_answered(settled.answer, tz=req.tz))
    except DomainError as error:
        tell(req, body, error_answer(error), replace=True)


def register(app: App) -> None:
    """Attach the close question's buttons."""
    for action_id in (blocks.CLOSE_CONFIRM_ACTION, blocks.CLOSE_KEEP_ACTION):
        app.action(action_id)(on_close_button)
