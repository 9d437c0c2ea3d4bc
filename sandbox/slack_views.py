"""views.* methods of the stand-in: App Home and modals."""

from __future__ import annotations

import time
from typing import Any

from sandbox.slack_objects import SlackError, check_view
from sandbox.slack_state import Message, Workspace

Params = dict[str, Any]
TRIGGER_SECONDS = 3.0  # Slack: views.open must exchange a trigger_id within 3 seconds


def _view_obj(ws: Workspace, view: dict, *, view_id: str, root: str | None = None) -> dict:
    """The view object Slack answers with (ids, hash and an empty state added)."""
    obj = {
        "id": view_id,
        "team_id": ws.team_id,
        "type": view["type"],
        "blocks": view.get("blocks", []),
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "external_id": view.get("external_id", ""),
        "state": {"values": {}},
        "hash": ws.next_id("H").lower(),
        "clear_on_close": bool(view.get("clear_on_close", False)),
        "notify_on_close": bool(view.get("notify_on_close", False)),
        "root_view_id": root or view_id,
        "previous_view_id": None,
        "app_id": ws.app_id,
        "bot_id": ws.bot_id,
    }
    for key in ("title", "submit", "close"):
        if key in view:
            obj[key] = view[key]
    return obj


def _title(view: dict) -> str:
    title = view.get("title")
    return str(title.get("text", "")) if isinstance(title, dict) else ""


def _trigger(ws: Workspace, p: Params) -> tuple[str, str]:
    trigger = p.get("trigger_id") or p.get("interactivity_pointer")
    if not trigger or str(trigger) not in ws.triggers:
        raise SlackError("invalid_trigger_id")
    born = ws.trigger_born.get(str(trigger))
    if born is not None and time.monotonic() - born > TRIGGER_SECONDS:
        raise SlackError("expired_trigger_id")  # Slack: a trigger_id works for 3 seconds
    with ws.lock:  # and opens one view: "already exchanged in a previous call"
        if str(trigger) in ws.exchanged_triggers:
            raise SlackError("exchanged_trigger_id")
        ws.exchanged_triggers.add(str(trigger))
    return ws.triggers[str(trigger)]


def _show_modal(
    ws: Workspace, view: dict, user: str, channel: str, view_id: str, root: str
) -> dict:
    obj = _view_obj(ws, view, view_id=view_id, root=root)
    with ws.lock:
        ws.views[view_id] = {"user": user, "channel": channel, "view": obj}
    ts = ws.next_ts()
    ws.record(Message("modal", channel, user, _title(view), obj["blocks"], ts, view=obj))
    return {"ok": True, "view": obj}


def views_publish(ws: Workspace, p: Params) -> dict:
    """views.publish: set a user's App Home (recorded as kind "home")."""
    user_id = str(p.get("user_id") or "")
    if not user_id:
        raise SlackError("invalid_arguments", "missing required field: user_id")
    user = ws.user(user_id)
    if user is None or user.is_bot:
        raise SlackError("user_not_found")
    if p.get("view") in (None, ""):
        raise SlackError("invalid_arguments", "missing required field: view")
    view = check_view(p["view"], home=True)
    obj = _view_obj(ws, view, view_id=ws.next_id("V"))
    ch = ws.dm_channel(user_id)
    ws.record(Message("home", ch.id, user_id, "", obj["blocks"], ws.next_ts(), view=obj))
    return {"ok": True, "view": obj}


def views_open(ws: Workspace, p: Params) -> dict:
    """views.open: open a modal for the user behind a trigger_id (kind "modal")."""
    user, channel = _trigger(ws, p)
    view = check_view(p.get("view"))
    view_id = ws.next_id("V")
    return _show_modal(ws, view, user, channel, view_id, view_id)


def views_push(ws: Workspace, p: Params) -> dict:
    """views.push: push a modal on top of the open one (kind "modal")."""
    user, channel = _trigger(ws, p)
    view = check_view(p.get("view"))
    return _show_modal(ws, view, user, channel, ws.next_id("V"), ws.next_id("V"))


def views_update(ws: Workspace, p: Params) -> dict:
    """views.update: replace an open modal, found by view_id or external_id."""
    view_id = str(p.get("view_id") or "")
    external_id = str(p.get("external_id") or "")
    if not view_id and not external_id:
        raise SlackError("invalid_arguments", "view_id or external_id is required")
    with ws.lock:
        found = (
            ws.views.get(view_id)
            if view_id
            else next(
                (v for v in ws.views.values() if v["view"]["external_id"] == external_id), None
            )
        )
    if found is None:
        raise SlackError("not_found")
    if p.get("hash") and p["hash"] != found["view"]["hash"]:
        raise SlackError("hash_conflict")
    view = check_view(p.get("view"))
    old = found["view"]
    return _show_modal(ws, view, found["user"], found["channel"], old["id"], old["root_view_id"])


def answer_submission(ws: Workspace, user: str, current: dict, answer: dict) -> dict | None:
    """Apply a view_submission ack: "update" replaces the view, "push" adds one (both shown).

    Returns the new view object, or None when the answer shows no view. Raises SlackError when
    the view in the answer is malformed (Slack then shows the user an error and keeps the form).
    """
    action = answer.get("response_action")
    if action not in ("update", "push"):
        return None
    view = check_view(answer.get("view"))
    with ws.lock:
        channel = next(
            (v["channel"] for v in ws.views.values() if v["view"]["id"] == current.get("id")), ""
        )
    if action == "update":
        return _show_modal(
            ws, view, user, channel, current["id"], current.get("root_view_id") or current["id"]
        )["view"]
    return _show_modal(
        ws, view, user, channel, ws.next_id("V"), current.get("root_view_id") or current["id"]
    )["view"]
