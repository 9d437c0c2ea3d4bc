"""The Web API methods of the stand-in: (workspace, params) -> Slack's JSON answer."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from sandbox.slack_history import conversations_history, parse_metadata
from sandbox.slack_objects import (
    SlackError,
    check_message,
    conversation_obj,
    message_obj,
    parse_json_arg,
    user_obj,
)
from sandbox.slack_state import Channel, Message, Workspace
from sandbox.slack_views import views_open, views_publish, views_push, views_update

Params = dict[str, Any]


def _arg(p: Params, name: str, error: str = "invalid_arguments") -> str:
    value = p.get(name)
    if value in (None, ""):
        raise SlackError(error, f"missing required field: {name}")
    return str(value)


def resolve(ws: Workspace, channel_id: str | None) -> Channel:
    """A channel argument: C/G/D ids, or a user id meaning that user's DM with the bot."""
    if not channel_id:
        raise SlackError("channel_not_found")
    if channel_id.startswith(("U", "W")):
        user = ws.user(channel_id)
        if user is None or user.is_bot:
            raise SlackError("channel_not_found")
        return ws.dm_channel(user.id)
    ch = ws.channel(channel_id)
    if ch is None:
        raise SlackError("channel_not_found")
    return ch


def postable(ws: Workspace, channel_id: str | None) -> Channel:
    """A channel the bot may post in; else channel_not_found / is_archived / not_in_channel."""
    ch = resolve(ws, channel_id)
    if ch.is_private and ws.bot_user_id not in ch.members:
        raise SlackError("channel_not_found")
    if ch.is_archived:
        raise SlackError("is_archived")
    if ws.bot_user_id not in ch.members:
        raise SlackError("not_in_channel")
    return ch


def _content(p: Params) -> tuple[str, list]:
    return check_message(p)


def _audience(ws: Workspace, ch: Channel) -> str | None:
    return ch.user if ch.is_im else ws.bot_user_id


def auth_test(ws: Workspace, p: Params) -> dict:
    """auth.test: who the token belongs to."""
    return {
        "ok": True,
        "url": "https://sandbox.slack.com/",
        "team": "Sandbox",
        "user": ws.bot_name,
        "team_id": ws.team_id,
        "user_id": ws.bot_user_id,
        "bot_id": ws.bot_id,
        "is_enterprise_install": False,
    }


def chat_post_message(ws: Workspace, p: Params) -> dict:
    """chat.postMessage: post to a channel, a DM, or a thread."""
    ch = postable(ws, p.get("channel"))
    text, blocks = _content(p)
    thread_ts = p.get("thread_ts") or None
    metadata = parse_metadata(p.get("metadata"))
    ts = ws.next_ts()
    posted = Message("message", ch.id, _audience(ws, ch), text, blocks, ts, thread_ts)
    posted.metadata = metadata
    ws.record(posted)
    msg = message_obj(ws, text=text, ts=ts, blocks=blocks, thread_ts=thread_ts)
    return {"ok": True, "channel": ch.id, "ts": ts, "message": msg}


def chat_post_ephemeral(ws: Workspace, p: Params) -> dict:
    """chat.postEphemeral: a message only `user` sees, in a channel both they and Docket are in
    (Docket posts only where it is a member: the manifest has no chat:write.public)."""
    ch = postable(ws, p.get("channel"))
    user = str(p.get("user") or "")
    if user not in ch.members:
        raise SlackError("user_not_in_channel")
    text, blocks = _content(p)
    ts = ws.next_ts()
    ws.record(Message("ephemeral", ch.id, user, text, blocks, ts, p.get("thread_ts") or None))
    return {"ok": True, "message_ts": ts}


def chat_update(ws: Workspace, p: Params) -> dict:
    """chat.update: replace a message's text/blocks.

    As Slack documents it: without `blocks`, the old blocks stay only when no `text` is given
    either; `text` alone removes them and is what the message shows.
    """
    old = _own_message(ws, p, "cant_update_message")
    ch, ts = resolve(ws, old.channel), old.ts
    text, blocks = check_message(replacement(p, old))
    ws.record(Message("update", ch.id, old.user, text, blocks, ts, old.thread_ts))
    msg = {"type": "message", "text": text, "user": ws.bot_user_id, "bot_id": ws.bot_id}
    return {"ok": True, "channel": ch.id, "ts": ts, "text": text, "message": msg}


def _own_message(ws: Workspace, p: Params, cant: str) -> Message:
    """The message chat.update / chat.delete act on, refused as Slack refuses it: a channel
    Docket cannot see (channel_not_found), an archived one (is_inactive: "frozen, archived or
    deleted channel"), an unknown ts (message_not_found), someone else's message (`cant`)."""
    if str(p.get("channel") or "").startswith(("U", "W")):  # "a DM ID (starts with D)"
        raise SlackError("channel_not_found")
    ch = resolve(ws, p.get("channel"))
    if ch.is_private and not ch.is_im and ws.bot_user_id not in ch.members:
        raise SlackError("channel_not_found")
    if ch.is_archived:
        raise SlackError("is_inactive")
    old = ws.find_message(ch.id, _arg(p, "ts", "message_not_found"))
    if old is None:
        raise SlackError("message_not_found")
    if old.response_type == "user":  # typed by a person (:say, :mention), not posted by Docket
        raise SlackError(cant)
    return old


def replacement(p: Params, old: Message) -> Params:
    """What a chat.update or response_url replacement makes of a message: `blocks` as given;
    when not given, the old ones are kept only if `text` is not given either."""
    if p.get("blocks") is not None or p.get("text"):
        return p
    return {**p, "blocks": old.blocks}


def chat_get_permalink(ws: Workspace, p: Params) -> dict:
    """chat.getPermalink: a link to any message the bot can see (threads carry thread_ts)."""
    ch = _visible(ws, p)
    ts = _arg(p, "message_ts", "message_not_found")
    with ws.lock:
        found = next((m for m in ws.messages if m.channel == ch.id and m.ts == ts), None)
    if found is None or found.kind not in ("message", "file"):
        raise SlackError("message_not_found")
    link = f"https://sandbox.slack.com/archives/{ch.id}/p{ts.replace('.', '')}"
    if found.thread_ts and found.thread_ts != ts:
        link += f"?thread_ts={found.thread_ts}&cid={ch.id}"
    return {"ok": True, "channel": ch.id, "permalink": link}


def chat_delete(ws: Workspace, p: Params) -> dict:
    """chat.delete: remove a message the bot posted."""
    old = _own_message(ws, p, "cant_delete_message")
    ch, ts = resolve(ws, old.channel), old.ts
    ws.record(Message("delete", ch.id, old.user, "", [], ts, old.thread_ts))
    return {"ok": True, "channel": ch.id, "ts": ts}


def conversations_open(ws: Workspace, p: Params) -> dict:
    """conversations.open: the bot's IM with one user (multi-person DMs are not supported)."""
    if p.get("channel"):
        ch = ws.channel(str(p["channel"]))
        if ch is None or not ch.is_im:
            raise SlackError("channel_not_found")
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": ch.id}}
    raw = p.get("users")
    users = raw if isinstance(raw, list) else [u for u in str(raw or "").split(",") if u]
    if not users:
        raise SlackError("users_list_not_supplied")
    if len(users) > 1:
        raise SlackError("invalid_user_combination", "the sandbox only opens 1:1 DMs")
    user = ws.user(users[0])
    if user is None or user.is_bot:
        raise SlackError("user_not_found")
    if user.deleted:
        raise SlackError("user_disabled")
    already = _opened(ws, user.id)
    ch = ws.dm_channel(user.id)
    if already:
        return {"ok": True, "no_op": True, "already_open": True, "channel": {"id": ch.id}}
    return {"ok": True, "channel": {"id": ch.id}}


def _opened(ws: Workspace, user_id: str) -> bool:
    with ws.lock:
        seen = ws.opened_ims
        if user_id in seen:
            return True
        seen.add(user_id)
        return False


def _visible(ws: Workspace, p: Params) -> Channel:
    ch = ws.channel(str(p.get("channel") or ""))
    if ch is None or (ch.is_private and ws.bot_user_id not in ch.members):
        raise SlackError("channel_not_found")
    return ch


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true")


def conversations_info(ws: Workspace, p: Params) -> dict:
    """conversations.info: the channel object."""
    ch = _visible(ws, p)
    obj = conversation_obj(ws, ch, num_members=_truthy(p.get("include_num_members")))
    return {"ok": True, "channel": obj}


def conversations_members(ws: Workspace, p: Params) -> dict:
    """conversations.members: member ids, paginated with limit/cursor."""
    ch = _visible(ws, p)
    try:
        limit = int(p.get("limit") or 100)
    except ValueError:
        raise SlackError("invalid_limit") from None
    if not 1 <= limit <= 1000:
        raise SlackError("invalid_limit")
    start = 0
    if p.get("cursor"):
        try:
            start = int(base64.b64decode(str(p["cursor"])).decode().removeprefix("offset:"))
        except ValueError:
            raise SlackError("invalid_cursor") from None
    members = sorted(ch.members)
    page = members[start : start + limit]
    more = start + limit < len(members)
    cursor = base64.b64encode(f"offset:{start + limit}".encode()).decode() if more else ""
    return {"ok": True, "members": page, "response_metadata": {"next_cursor": cursor}}


def users_list(ws: Workspace, p: Params) -> dict:
    """users.list: every user (the bot included), paginated with limit/cursor like Slack."""
    try:  # Slack serves at most 1,000 a page (fewer than asked is allowed)
        limit = min(max(int(p.get("limit") or 1000), 1), 1000)
    except ValueError:
        raise SlackError("invalid_arg_name") from None
    start = 0
    if p.get("cursor"):
        try:
            start = int(base64.b64decode(str(p["cursor"])).decode().removeprefix("users:"))
        except ValueError:
            raise SlackError("invalid_cursor") from None
    with ws.lock:
        users = [ws.users[key] for key in sorted(ws.users)]
    page = users[start : start + limit]
    more = start + limit < len(users)
    cursor = base64.b64encode(f"users:{start + limit}".encode()).decode() if more else ""
    members = [user_obj(ws, user) for user in page]
    return {
        "ok": True,
        "members": members,
        "cache_ts": int(ws.now_epoch()),
        "response_metadata": {"next_cursor": cursor},
    }


def users_info(ws: Workspace, p: Params) -> dict:
    """users.info: the user object, with tz_offset computed at the clock's current time."""
    user = ws.user(str(p.get("user") or ""))
    if user is None:
        raise SlackError("user_not_found")
    return {"ok": True, "user": user_obj(ws, user)}


def files_get_upload_url_external(ws: Workspace, p: Params) -> dict:
    """files.getUploadURLExternal: a file id and a URL on this server to POST the bytes to."""
    filename = _arg(p, "filename")
    try:
        length = int(_arg(p, "length"))
    except ValueError:
        raise SlackError("invalid_arguments", "length must be an integer") from None
    file_id = ws.next_id("F")
    with ws.lock:
        ws.files[file_id] = {"filename": filename, "length": length, "data": None}
    return {"ok": True, "upload_url": f"{ws.base_url}/upload/{file_id}", "file_id": file_id}


def files_complete_upload_external(ws: Workspace, p: Params) -> dict:
    """files.completeUploadExternal: share uploaded files, recorded as Messages of kind file."""
    files = parse_json_arg(p.get("files"), "invalid_arguments")
    if not isinstance(files, list) or not files:
        raise SlackError("invalid_arguments", "missing required field: files")
    channel = p.get("channel_id") or str(p.get("channels") or "").split(",")[0] or None
    ch = postable(ws, channel) if channel else None
    answer = []
    for item in files:
        stored = ws.files.get(str(item.get("id")))
        if stored is None or stored["data"] is None:
            raise SlackError("file_not_found")
        title = str(item.get("title") or stored["filename"])
        answer.append({"id": item["id"], "name": stored["filename"], "title": title})
        if ch is not None:
            text = stored["data"].decode("utf-8", errors="replace")
            msg = Message("file", ch.id, _audience(ws, ch), text, [], ws.next_ts())
            msg.thread_ts = p.get("thread_ts") or None
            msg.title, msg.comment = title, p.get("initial_comment") or None
            ws.record(msg)
    return {"ok": True, "files": answer}


METHODS: dict[str, Callable[[Workspace, Params], dict]] = {
    "auth.test": auth_test,
    "chat.postMessage": chat_post_message,
    "chat.postEphemeral": chat_post_ephemeral,
    "chat.update": chat_update,
    "chat.delete": chat_delete,
    "chat.getPermalink": chat_get_permalink,
    "conversations.open": conversations_open,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.history": conversations_history,
    "users.info": users_info,
    "users.list": users_list,
    "views.publish": views_publish,
    "views.open": views_open,
    "views.push": views_push,
    "views.update": views_update,
    "files.getUploadURLExternal": files_get_upload_url_external,
    "files.completeUploadExternal": files_complete_upload_external,
}
