"""JSON shapes the stand-in answers with (users, conversations, messages) and Block Kit checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.block_kit import check_blocks, check_message, check_view, parse_json_arg
from sandbox.slack_errors import SlackError
from sandbox.slack_state import Channel, User, Workspace

__all__ = [
    "SlackError",
    "check_blocks",
    "check_message",
    "check_view",
    "conversation_obj",
    "message_obj",
    "parse_json_arg",
    "tz_fields",
    "user_obj",
]

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
