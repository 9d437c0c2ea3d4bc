"""JSON shapes the stand-in answers with (users, conversations, messages) and Block Kit checks."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.slack_state import Channel, User, Workspace

_TZ_LABELS = {
    "EST": "Eastern Standard Time",
    "EDT": "Eastern Daylight Time",
    "CST": "Central Standard Time",
    "CDT": "Central Daylight Time",
    "MST": "Mountain Standard Time",
    "MDT": "Mountain Daylight Time",
    "PST": "Pacific Standard Time",
    "PDT": "Pacific Daylight Time",
    "AKST": "Alaska Standard Time",
    "AKDT": "Alaska Daylight Time",
    "HST": "Hawaii-Aleutian Standard Time",
    "GMT": "Greenwich Mean Time",
    "UTC": "Universal Coordinated Time",
    "BST": "British Summer Time",
    "CET": "Central European Time",
    "CEST": "Central European Summer Time",
}
_ICON = "https://a.slack-edge.com/80588/img/plugins/app/bot_48.png"


class SlackError(Exception):
    """A Web API error answered as HTTP 200 {"ok": false, "error": ...}."""

    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)

    def body(self) -> dict[str, Any]:
        """The JSON body Slack answers with."""
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in self.messages]}
        return body


def tz_fields(tz: str, at: datetime) -> dict[str, Any]:
    """tz, tz_label and tz_offset (seconds east of UTC) of a zone at a moment (DST-aware)."""
    local = at.astimezone(ZoneInfo(tz))
    offset = local.utcoffset()
    abbr = local.tzname() or tz
    return {
        "tz": tz,
        "tz_label": _TZ_LABELS.get(abbr, abbr),
        "tz_offset": int(offset.total_seconds()) if offset else 0,
    }


def user_obj(ws: Workspace, user: User) -> dict[str, Any]:
    """A users.info `user` object (objs_user)."""
    profile: dict[str, Any] = {
        "real_name": user.real_name,
        "real_name_normalized": user.real_name,
        "display_name": user.name,
        "display_name_normalized": user.name,
        "avatar_hash": "g" + user.id[1:12].lower(),
        "title": "",
        "phone": "",
        "skype": "",
        "status_text": "",
        "status_emoji": "",
        "fields": None,
        "team": ws.team_id,
    }
    if user.is_bot:
        profile.update(bot_id=ws.bot_id, api_app_id=ws.app_id, always_active=True)
    obj: dict[str, Any] = {
        "id": user.id,
        "team_id": ws.team_id,
        "name": user.name,
        "deleted": user.deleted,
        "color": "9f69e7",
        "real_name": user.real_name,
        **tz_fields(user.tz, ws.clock()),
        "profile": profile,
        "is_admin": False,
        "is_owner": False,
        "is_primary_owner": False,
        "is_restricted": False,
        "is_ultra_restricted": False,
        "is_bot": user.is_bot,
        "is_app_user": False,
        "updated": ws.now_epoch(),
    }
    return obj


def conversation_obj(ws: Workspace, ch: Channel, *, num_members: bool = False) -> dict[str, Any]:
    """A conversations.info `channel` object (objs_conversation)."""
    empty = {"value": "", "creator": "", "last_set": 0}
    obj: dict[str, Any] = {
        "id": ch.id,
        "name": ch.name,
        "name_normalized": ch.name,
        "created": ch.created,
        "creator": ch.user if ch.is_im and ch.user else ws.bot_user_id,
        "is_channel": not ch.is_im and not ch.is_private,
        "is_group": False,
        "is_im": ch.is_im,
        "is_mpim": False,
        "is_private": ch.is_private,
        "is_archived": ch.is_archived,
        "is_general": False,
        "is_shared": False,
        "is_ext_shared": False,
        "is_org_shared": False,
        "is_member": ws.bot_user_id in ch.members,
        "topic": dict(empty),
        "purpose": dict(empty),
    }
    if ch.is_im:
        obj["user"] = ch.user
        obj["is_open"] = True
    if num_members:
        obj["num_members"] = len(ch.members)
    return obj


def message_obj(
    ws: Workspace, *, text: str, ts: str, blocks: list | None, thread_ts: str | None
) -> dict[str, Any]:
    """The `message` object chat.postMessage answers with (objs_message)."""
    obj: dict[str, Any] = {
        "type": "message",
        "text": text,
        "user": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "ts": ts,
        "team": ws.team_id,
        "bot_profile": {
            "id": ws.bot_id,
            "deleted": False,
            "name": ws.bot_name,
            "updated": ws.now_epoch(),
            "app_id": ws.app_id,
            "icons": {"image_36": _ICON, "image_48": _ICON, "image_72": _ICON},
            "team_id": ws.team_id,
        },
    }
    if blocks:
        obj["blocks"] = blocks
    if thread_ts:
        obj["thread_ts"] = thread_ts
    return obj


def parse_json_arg(value: Any, error: str) -> Any:
    """A JSON argument given either decoded (JSON body) or as a string (form body)."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise SlackError(error, f"could not parse JSON: {value[:80]}") from None
    return value


def _plain_len(obj: Any) -> int:
    return len(obj.get("text", "")) if isinstance(obj, dict) else 0


def check_blocks(blocks: Any, *, limit: int = 50, error: str = "invalid_blocks") -> list:
    """Validate a blocks argument as Slack does (a list of typed objects within limits)."""
    blocks = parse_json_arg(blocks, error)
    if not isinstance(blocks, list) or not all(
        isinstance(b, dict) and isinstance(b.get("type"), str) for b in blocks
    ):
        raise SlackError(error, "blocks must be a list of objects with a type")
    if len(blocks) > limit:
        raise SlackError(error, f"no more than {limit} items allowed [json-pointer:/blocks]")
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        where = f"[json-pointer:/blocks/{i}]"
        block_id = block.get("block_id")
        if block_id is not None:
            if block_id in seen or len(block_id) > 255:
                raise SlackError(error, f"invalid or duplicate block_id {where}")
            seen.add(block_id)
        kind = block["type"]
        if kind == "section" and _plain_len(block.get("text")) > 3000:
            raise SlackError(error, f"must be less than 3001 characters {where}/text")
        if kind == "section" and not block.get("text") and not block.get("fields"):
            raise SlackError(error, f"section needs text or fields {where}")
        if kind == "header" and _plain_len(block.get("text")) > 150:
            raise SlackError(error, f"must be less than 151 characters {where}/text")
        if kind == "actions":
            elements = block.get("elements") or []
            if not elements or len(elements) > 25:
                raise SlackError(error, f"actions need 1 to 25 elements {where}")
            for el in elements:
                if el.get("type") == "button" and _plain_len(el.get("text")) > 75:
                    raise SlackError(error, f"button text over 75 characters {where}")
    return blocks


def check_view(view: Any, *, home: bool = False) -> dict:
    """Validate a view argument (modal or home) the way views.* do."""
    view = parse_json_arg(view, "invalid_arguments")
    if not isinstance(view, dict) or "type" not in view:
        raise SlackError("invalid_arguments", "view must be an object with a type")
    want = "home" if home else "modal"
    if view["type"] != want:
        raise SlackError("invalid_arguments", f"view type must be {want} [json-pointer:/view/type]")
    if not home:
        title = view.get("title")
        if not isinstance(title, dict) or not 0 < _plain_len(title) <= 24:
            raise SlackError(
                "invalid_arguments", "title must be 1 to 24 characters [json-pointer:/view/title]"
            )
    check_blocks(view.get("blocks", []), limit=100, error="invalid_arguments")
    return view
