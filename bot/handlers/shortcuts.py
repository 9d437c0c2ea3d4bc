"""The message shortcut "Make a task": a New task form filled in from the message."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import blocks, commands
from bot.blocks import forms as form_blocks
from bot.db import session_scope
from bot.handlers.common import Request, after_ack, error_answer, open_view
from bot.handlers.forms import open_form
from bot.services import forms
from bot.services.errors import DomainError

log = logging.getLogger("docket.shortcuts")


def _permalink(client: WebClient, channel: str, ts: str) -> str:
    try:
        return str(client.chat_getPermalink(channel=channel, message_ts=ts)["permalink"])
    except SlackApiError as error:
        log.warning("chat.getPermalink failed: %s", error.response.get("error"))
        return ""


def on_make_task(ack: Ack, body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Open New task prefilled from the message: title, people, due date, kind, link.

    All of it runs right after the ack: reading the message and its permalink, then views.open
    (the trigger_id lives 3 seconds, so this is not left to the outbox).
    """
    ack()
    after_ack(context, lambda: _make_task(body, context, client))


def _make_task(body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id", "")
    req = Request(context, user=body["user"]["id"], channel=channel, key=None)
    bot = context.bot_user_id or ""
    text = commands.strip_mention(message.get("text") or "", bot) if bot else message.get("text")
    people = [u for u in commands.all_mentions(text or "") if u != bot]
    _, rest = commands.leading_mentions(text or "")
    try:
        req.require_member()
        with session_scope(req.deps.engine) as session:
            draft = forms.draft_from(
                session, channel_id=channel, text=req.named(rest), reading=req.reading
            )
    except DomainError as error:  # told in a notice; if Slack won't open it, privately
        notice = form_blocks.notice_modal(str(error))
        open_view(req, body, client, notice, what="make-a-task notice", instead=error_answer(error))
        return
    prefill = form_blocks.Prefill(
        title=draft.title,
        assignees=tuple(people),
        due_text=draft.due_text,
        due_echo=draft.due_echo,
        kind=draft.kind,
        notes=draft.notes,
        source_url=_permalink(client, channel, message.get("ts", "")),
    )
    open_form(client, context, body, user=req.user, channel=channel, prefill=prefill)


def register(app: App) -> None:
    """Attach the message shortcut."""
    app.shortcut(blocks.MAKE_TASK_SHORTCUT)(on_make_task)
