"""The sandbox transcript format: one recorded Message as readable plain text.

First line says where it went ([#chan], [#chan thread], [DM @name], [ephemeral @name in #chan],
[home @name], [modal @name], [update #chan], [delete #chan], [update ephemeral @name in #chan],
[delete ephemeral @name in #chan], [file @name in #chan],
[slack error @name in #chan]); then the
Block Kit content (or the fallback text when there are no blocks) with Slack markup made
readable. This is a public, stable interface: scripts match on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox.slack_state import Message

_TOKEN = re.compile(r"<([^<>]*)>")
_PRIVATE = {"ephemeral", "home", "modal", "error"}


def _is_dm(channel_id: str) -> bool:
    return channel_id.startswith("D")


def slack_date(token: str, zones: Sequence[str]) -> str | None:
    """A <!date^EPOCH^FORMAT|fallback> token as readers in `zones` see it (None: use fallback).

    Two zones that read it differently both show: "Tue Dec 1, 9:00 AM EST / 6:00 AM PST".
    """
    parts = token.split("^")
    if len(parts) < 3 or not parts[1].lstrip("-").isdigit() or not zones:
        return None
    moment = datetime.fromtimestamp(int(parts[1]), UTC)
    timed = "{time" in parts[2]
    shown: list[str] = []
    for zone in zones:
        local = moment.astimezone(ZoneInfo(zone))
        day = f"{local:%a %b} {local.day}"
        text = f"{day}, {local:%-I:%M %p %Z}" if timed else f"{day}, {local.year}"
        if text not in shown:
            shown.append(text)
    return " / ".join(shown)


def clean(
    text: str,
    *,
    channel_name: Callable[[str], str],
    user_name: Callable[[str], str],
    zones: Sequence[str] = (),
) -> str:
    """Slack mrkdwn markup made readable: mentions, channels, dates (in the readers' zones when
    given, else Slack's fallback text), links, entities."""

    def token(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            name = user_name(target[1:]) or label or target[1:]
            return "@" + name.lstrip("@")
        if target.startswith("#"):
            name = channel_name(target[1:]) or label or target[1:]
            return "#" + name.lstrip("#")
        if target.startswith("!"):
            dated = slack_date(target, zones) if target.startswith("!date^") else None
            if dated:
                return dated
            if label:
                return label
            return "@" + target[1:].split("^")[0]
        return label or target

    text = _TOKEN.sub(token, text).replace("\u200b", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


Fmt = Callable[[str], str]


def _raw(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return str(obj or "")


def _element(el: dict, fmt: Fmt) -> str:
    def _text(obj: Any) -> str:
        return fmt(_raw(obj))

    kind = el.get("type", "")
    if kind == "button":
        return f"[{_text(el.get('text'))}]"
    if kind == "image":
        return f"[image: {el.get('alt_text', '')}]"
    if kind in ("mrkdwn", "plain_text"):
        return _text(el)
    shown = _text(el.get("initial_option", {}).get("text")) if "initial_option" in el else ""
    shown = shown or str(el.get("initial_date") or el.get("initial_value") or "")
    shown = shown or _text(el.get("placeholder")) or kind
    return f"<{shown}>"


def _input_value(el: dict, fmt: Fmt) -> str:
    """What an input shows: its (initial) value, option(s), user(s), date or time; else '...'."""
    if el.get("initial_option"):
        return fmt(_raw(el["initial_option"].get("text")))
    if el.get("initial_options"):
        return ", ".join(fmt(_raw(o.get("text"))) for o in el["initial_options"])
    users = el.get("initial_users") or ([el["initial_user"]] if el.get("initial_user") else [])
    if users:
        return ", ".join(fmt(f"<@{u}>") for u in users)
    value = el.get("initial_value") or el.get("initial_date") or el.get("initial_time")
    if not value and el.get("type") == "radio_buttons":  # none chosen yet: show the choices
        return "choose: " + " | ".join(fmt(_raw(o.get("text"))) for o in el.get("options") or [])
    return fmt(str(value)) if value else "..."


def _rich(obj: Any) -> str:
    if isinstance(obj, dict):
        if obj.get("type") == "user":
            return f"<@{obj.get('user_id', '')}>"
        if obj.get("type") == "channel":
            return f"<#{obj.get('channel_id', '')}>"
        if obj.get("type") == "link":
            return str(obj.get("text") or obj.get("url", ""))
        if "elements" in obj:
            return "".join(_rich(e) for e in obj["elements"])
        return str(obj.get("text", ""))
    return ""


def _block(block: dict, fmt: Fmt) -> list[str]:
    def _text(obj: Any) -> str:
        return fmt(_raw(obj))

    kind = block.get("type")
    if kind == "section":
        lines = _text(block.get("text")).splitlines() if block.get("text") else []
        for field in block.get("fields") or []:
            label, _, value = _text(field).partition("\n")
            lines.append(f"{label} {value.replace(chr(10), ' ')}".rstrip())
        if block.get("accessory"):
            lines.append(_element(block["accessory"], fmt))
        return lines
    if kind == "header":
        return [_text(block.get("text"))]
    if kind == "divider":
        return ["---"]
    if kind == "context":
        return ["  " + " ".join(_element(e, fmt) for e in block.get("elements") or [])]
    if kind == "actions":
        return [" ".join(_element(e, fmt) for e in block.get("elements") or [])]
    if kind == "input":
        return [f"<{_text(block.get('label'))}: {_input_value(block.get('element') or {}, fmt)}>"]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    if kind == "rich_text":
        return fmt(_rich(block)).splitlines()
    return [f"<{kind}>"]


def _header(m: Message, channel_name: Callable[[str], str], user_name: Callable[[str], str]) -> str:
    who = "@" + (user_name(m.user) if m.user else "?").lstrip("@")
    where = "DM" if _is_dm(m.channel) else "#" + channel_name(m.channel).lstrip("#")
    thread = " thread" if m.thread_ts and m.thread_ts != m.ts else ""
    if m.kind == "message":
        return f"[DM {who}{thread}]" if _is_dm(m.channel) else f"[{where}{thread}]"
    if m.kind == "ephemeral" and m.edit:  # replaced or deleted through a response_url
        return f"[{m.edit} ephemeral {who} in {where}{' thread' if m.thread_ts else ''}]"
    if m.kind == "ephemeral":
        return f"[ephemeral {who} in {where}{' thread' if m.thread_ts else ''}]"
    if m.kind in ("home", "modal"):
        return f"[{m.kind} {who}]"
    if m.kind in ("update", "delete"):
        return f"[{m.kind} DM {who}]" if _is_dm(m.channel) else f"[{m.kind} {where}]"
    if m.kind == "file":
        return f"[file {who} in {where}]"
    if m.kind == "error":
        return f"[slack error {who} in {where}]"
    return f"[{m.kind} {where}]"


def _body(m: Message, fmt: Fmt) -> list[str]:
    lines: list[str] = []
    view = m.view or {}
    if m.kind == "modal" and m.text:
        lines.append(f"== {fmt(m.text)} ==")
    if m.kind == "file":
        if m.comment:
            lines.append(m.comment)
        lines.append(f"=== {m.title or 'file'} ===")
        return lines + m.text.splitlines()
    if m.blocks:
        for block in m.blocks:
            if isinstance(block, dict):
                lines.extend(_block(block, fmt))
    elif m.kind != "modal":
        lines.extend(fmt(m.text).splitlines())
    keys = ("submit", "close") if m.kind == "modal" else ()
    footer = [f"<{k}: {fmt(_raw(view[k]))}>" for k in keys if k in view]
    if footer:
        lines.append(" ".join(footer))
    return lines


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[*_~`]", "", text).split())


def render(
    message: Message,
    *,
    channel_name: Callable[[str], str],
    user_name: Callable[[str], str],
    viewer: str | None = None,
    zones: Sequence[str] = (),
) -> str:
    """One message in the transcript format.

    With `viewer` (a user id), ephemeral/home/modal messages and DMs addressed to someone else
    render as "" (channel membership is the caller's business). With `zones` (the readers'
    zones), every <!date> shows as those readers see it. A posted message whose notification
    text says something its blocks don't ends with "(notification: …)".
    """
    if viewer is not None and message.kind in _PRIVATE and message.user != viewer:
        return ""
    if viewer is not None and _is_dm(message.channel) and message.user != viewer:
        return ""
    lines = [_header(message, channel_name, user_name)]

    def fmt(text: str) -> str:
        return clean(text, channel_name=channel_name, user_name=user_name, zones=zones)

    body = [part.rstrip() for line in _body(message, fmt) for part in line.split("\n")]
    lines.extend(body)
    if message.kind == "message" and message.blocks and message.text:
        said = fmt(message.text)
        if _plain(said) not in _plain(" ".join(body)):
            lines.append(f"(notification: {' '.join(said.split())})")
    return "\n".join(lines)


def buttons(message: Message) -> list[dict]:
    """The button elements of a message (each a copy with its block_id), in order."""
    found: list[dict] = []
    for block in message.blocks or []:
        if not isinstance(block, dict):
            continue
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        if isinstance(block.get("accessory"), dict):
            elements.append(block["accessory"])
        for el in elements:
            if isinstance(el, dict) and el.get("type") == "button":
                found.append({**el, "block_id": block.get("block_id", "")})
    return found
