"""Message metadata and reading history back: chat.postMessage's `metadata` and
conversations.history with `include_all_metadata`, as Slack has them.

Slack: `metadata` is `{"event_type": str, "event_payload": object}` (invalid_metadata_format
otherwise, invalid_metadata_schema when event_type is not lowercase letters, digits and _);
history returns parent messages newest first (thread replies are not in it),
`metadata` only when include_all_metadata is true, paginated by `limit` (1..999, default 100) and
`cursor`, bounded by `oldest`/`latest` (exclusive unless `inclusive`). Reading needs
channels:history, groups:history or im:history for the kind of conversation.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from sandbox.block_kit import parse_json_arg
from sandbox.slack_errors import SlackError
from sandbox.slack_state import Channel, Message, Workspace

EVENT_TYPE_RE = re.compile(r"^[a-z0-9_]{1,255}$")
Params = dict[str, Any]


def parse_metadata(raw: Any) -> dict[str, Any] | None:
    """chat.postMessage's `metadata` argument, checked as Slack checks it (None when absent)."""
    if raw in (None, ""):
        return None
    value = parse_json_arg(raw, "invalid_metadata_format")
    if not isinstance(value, dict) or not isinstance(value.get("event_payload"), dict):
        raise SlackError("invalid_metadata_format", "metadata needs event_type and event_payload")
    if not EVENT_TYPE_RE.match(str(value.get("event_type") or "")):
        raise SlackError("invalid_metadata_schema", "event_type: lowercase letters, digits, _")
    return {"event_type": value["event_type"], "event_payload": value["event_payload"]}


def _scope_for(ch: Channel) -> str:
    if ch.is_im:
        return "im:history"
    return "groups:history" if ch.is_private else "channels:history"


def _readable(ws: Workspace, p: Params) -> Channel:
    ch = ws.channel(str(p.get("channel") or ""))
    if ch is None or (ch.is_private and not ch.is_im and ws.bot_user_id not in ch.members):
        raise SlackError("channel_not_found")
    needed = _scope_for(ch)
    if needed not in getattr(ws, "bot_scopes", {needed}):
        raise SlackError("missing_scope", f"needed: {needed}")
    if not ch.is_im and not ch.is_private and ws.bot_user_id not in ch.members:
        raise SlackError("not_in_channel")
    return ch


def _ts_arg(p: Params, name: str) -> float | None:
    raw = p.get(name)
    if raw in (None, ""):
        return None
    try:
        return float(str(raw))
    except ValueError:
        raise SlackError("invalid_ts_" + name) from None


def _page(p: Params, found: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        limit = int(p.get("limit") or 100)
    except ValueError:
        raise SlackError("invalid_limit") from None
    limit = max(1, min(limit, 999))
    start = 0
    if p.get("cursor"):
        try:
            start = int(base64.b64decode(str(p["cursor"])).decode().removeprefix("next_ts:"))
        except ValueError:
            raise SlackError("invalid_cursor") from None
    page = found[start : start + limit]
    more = start + limit < len(found)
    cursor = base64.b64encode(f"next_ts:{start + limit}".encode()).decode() if more else ""
    answer: dict[str, Any] = {"ok": True, "messages": page, "has_more": more}
    answer["response_metadata"] = {"next_cursor": cursor}
    return answer


def _latest_versions(ws: Workspace, channel_id: str) -> list[Message]:
    """Each posted message as it reads now (updates applied, deletions gone), oldest first."""
    current: dict[str, Message] = {}
    with ws.lock:
        for m in ws.messages:
            if m.channel != channel_id:
                continue
            if m.kind in ("message", "file"):
                current[m.ts] = m
            elif m.kind == "update" and m.ts in current:
                old = current[m.ts]
                current[m.ts] = Message(
                    old.kind, old.channel, old.user, m.text, m.blocks, old.ts, old.thread_ts
                )
                current[m.ts].metadata = old.metadata
            elif m.kind == "delete":
                current.pop(m.ts, None)
    return sorted(current.values(), key=lambda m: float(m.ts))


def _obj(ws: Workspace, m: Message, with_metadata: bool) -> dict[str, Any]:
    obj: dict[str, Any] = {"type": "message", "text": m.text, "ts": m.ts}
    if m.user == ws.bot_user_id or m.channel.startswith("D"):
        obj.update(user=ws.bot_user_id, bot_id=ws.bot_id)
    if m.blocks:
        obj["blocks"] = m.blocks
    if m.thread_ts:
        obj["thread_ts"] = m.thread_ts
    if with_metadata and m.metadata is not None:
        obj["metadata"] = m.metadata
    return obj


def _window(p: Params, messages: list[Message]) -> list[Message]:
    oldest, latest = _ts_arg(p, "oldest"), _ts_arg(p, "latest")
    inclusive = str(p.get("inclusive") or "").lower() in ("1", "true")

    def inside(m: Message) -> bool:
        ts = float(m.ts)
        low = oldest is None or ts > oldest or (inclusive and ts == oldest)
        high = latest is None or ts < latest or (inclusive and ts == latest)
        return low and high

    return [m for m in messages if inside(m)]


def conversations_history(ws: Workspace, p: Params) -> dict:
    """conversations.history: a conversation's parent messages, newest first."""
    ch = _readable(ws, p)
    with_metadata = str(p.get("include_all_metadata") or "").lower() in ("1", "true")
    parents = [m for m in _latest_versions(ws, ch.id) if m.thread_ts in (None, m.ts)]
    found = [_obj(ws, m, with_metadata) for m in reversed(_window(p, parents))]
    return {
        **_page(p, found),
        "pin_count": 0,
        "channel_actions_count": 0,
        "channel_actions_ts": None,
    }
