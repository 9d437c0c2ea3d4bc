"""Finding a message a dead sender may have posted: its outbox key in the message's metadata.

Every message Docket posts carries `metadata` (`event_type` docket_outbox, the row's key in
`event_payload`). A row whose sender died between Slack's answer and the record is claimed again
marked in doubt, as is a post whose answer never came (a read timeout, a dropped connection);
before posting it again, the conversation's history since the row fell due is
read once (conversations.history) with include_all_metadata, and a message carrying the key
counts as sent. So a crash costs at most the one Slack call each worker had in flight, and even
that is found again when history can be read. Thread replies (an accept note) are not in a
channel's history: those are sent again (the one-call bound).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.models import Outbox

EVENT_TYPE = "docket_outbox"
PAGES = 5  # 5 x 200 messages since the row fell due; older than that it is re-sent
# Read from this long before the earliest row fell due by Docket's clock: Slack stamps a message
# by its own clock, and a message found is never re-sent, so a wide margin costs only a longer read.
SKEW = 120.0
log = logging.getLogger("docket.delivery")


def metadata_for(row: Outbox) -> dict[str, Any]:
    """The metadata a row's message is posted with."""
    return {"event_type": EVENT_TYPE, "event_payload": {"outbox": row.key}}


def _conversation(client: WebClient, recipient: str) -> str:
    if recipient.startswith(("U", "W")):  # a DM is posted to the user id; read it by its D id
        return str(client.conversations_open(users=recipient)["channel"]["id"])
    return recipient


@dataclass
class Found:
    """What history said about rows in doubt: posted (row id -> ts), or unknown for `wait` s."""

    posted: dict[int, str] = field(default_factory=dict)
    unknown: set[int] = field(default_factory=set)  # history answered 429: ask again later
    wait: float = 0.0


def _scan(client: WebClient, channel: str, oldest: float) -> list[dict]:
    messages: list[dict] = []
    cursor = None
    for _ in range(PAGES):
        args: dict[str, Any] = {
            "channel": channel,
            "oldest": f"{oldest:.6f}",
            "limit": 200,
            "include_all_metadata": True,
            "cursor": cursor,
        }
        page = client.conversations_history(**args)
        messages += page.get("messages") or []
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return messages


def find_posted(client: WebClient, rows: list[Outbox]) -> Found:
    """Which of these rows (none a thread reply) are in Slack already.

    One read per conversation, from SKEW before the earliest row fell due. When history cannot be
    read (a missing scope, an outage) the rows count as not posted and are sent again: the bound is
    then the one Slack call each of the dead sender's workers had in flight.
    """
    found = Found()
    groups: dict[str, list[Outbox]] = {}
    for row in rows:
        groups.setdefault(row.recipient, []).append(row)
    for recipient, group in groups.items():
        oldest = min(row.due_at for row in group).timestamp() - SKEW
        try:
            messages = _scan(client, _conversation(client, recipient), oldest)
        except SlackApiError as error:
            if error.response.status_code == 429:
                found.unknown |= {row.id for row in group if row.id is not None}
                wait = float(error.response.headers.get("Retry-After", 1) or 1)
                found.wait = max(found.wait, wait)
            else:
                log.warning("could not read history for rows in doubt: %s",
                            error.response.get("error"))  # fmt: skip
            continue
        keys = {_key(m): str(m.get("ts")) for m in messages}
        for row in group:
            if row.id is not None and row.key in keys:
                found.posted[row.id] = keys[row.key]
                log.info("outbox %s was posted before its sender died: not sent again", row.id)
    return found


def _key(message: dict[str, Any]) -> str | None:
    metadata = message.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    return payload.get("outbox") if metadata.get("event_type") == EVENT_TYPE else None
