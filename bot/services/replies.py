"""Answers to a request that Slack must be sent after the ack: planned as outbox rows.

A click's confirmation (its response_url), a form's "Added task #3" in the channel, a mention's
thread reply: each is rendered by the request, committed as a `reply` row, and sent by the
courier right after the ack, in order after the cards the same request planned.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from bot.models import Outbox
from bot.services import outbox
from bot.vocab import OutboxKind


class Via(StrEnum):
    """How a reply reaches its reader."""

    RESPONSE_URL = "response_url"  # the interaction's response_url (ephemeral or replace)
    EPHEMERAL = "ephemeral"  # chat.postEphemeral to one user in a channel (or thread)
    POST = "post"  # chat.postMessage in a channel (or thread)
    DM = "dm"  # chat.postMessage to the user's DM with Docket
    UPLOAD = "upload"  # a file to the user's DM (message: filename, content, title, comment)


def plan(
    session: Session,
    *,
    request_key: str | None,
    team_id: str,
    user_id: str,
    via: Via,
    message: dict[str, Any],
    now: datetime,
    channel_id: str | None = None,
    thread_ts: str | None = None,
    url: str | None = None,
    replace_original: bool = False,
) -> Outbox:
    """Plan one reply, due now; a retried request (same request key) plans nothing new."""
    slot = request_key or uuid.uuid4().hex
    payload: dict[str, Any] = {"via": str(via), "message": message, "user": user_id}
    if channel_id:
        payload["channel"] = channel_id
    if thread_ts:
        payload["thread_ts"] = thread_ts
    if url:
        payload["url"] = url
    if replace_original:
        payload["replace_original"] = True
    return outbox.plan(
        session,
        key=f"reply:{slot}:{via}:{user_id}"[:200],
        kind=OutboxKind.REPLY,
        team_id=team_id,
        recipient=user_id,  # whom it answers (the channel, if any, is in the payload)
        due_at=now,
        payload=payload,
    )


def plan_home(session: Session, *, user_id: str, team_id: str, now: datetime) -> Outbox:
    """(Re)draw one user's App Home right after the ack (built from the database when sent)."""
    return outbox.plan(
        session,
        key=f"home:{user_id}:{uuid.uuid4().hex}",
        kind=OutboxKind.HOME,
        team_id=team_id,
        recipient=user_id,
        due_at=now,
    )
