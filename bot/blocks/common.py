"""Shared Block Kit pieces: escaping, mentions, dates, sections and ephemeral answers."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.ids import ERROR_BLOCK

Message = dict[str, Any]


ZWSP = "\u200b"
MARKUP = str.maketrans({c: ZWSP + c for c in "*_~`"})


def escape(text: str) -> str:
    """Show user text literally in mrkdwn: &, <, > escaped, * _ ~ ` kept but not formatting."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.translate(MARKUP)


def mention(user_id: str | None) -> str:
    """A user mention, or 'nobody' for no user."""
    return f"<@{user_id}>" if user_id else "nobody"


def slack_date(moment: datetime, *, tz: str, all_day: bool = False) -> str:
    """Slack's <!date> token: each reader sees it in their zone; fallback in tz."""
    local = moment.astimezone(ZoneInfo(tz))
    epoch = int(moment.timestamp())
    if all_day:
        fallback = f"{local:%a %b} {local.day}, {local.year}"
        return f"<!date^{epoch}^{{date_short_pretty}}|{fallback}>"
    fallback = f"{local:%a %b} {local.day}, {local:%-I:%M %p %Z}"
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>"


def section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def ephemeral(text: str, *, example: str | None = None) -> Message:
    """A short ephemeral answer, optionally followed by a working example."""
    blocks = [section(text, ERROR_BLOCK)]
    if example:
        blocks.append(context(f"Try: `{example}`"))
    full = text if not example else f"{text} Try: {example}"
    return {"response_type": "ephemeral", "text": full, "blocks": blocks}


def oops() -> Message:
    """The answer when something unexpected broke: nothing was changed."""
    return ephemeral(
        ":warning: Sorry, something went wrong on Docket's side and nothing was changed. "
        "Please try again in a minute; if it keeps happening, tell your Docket admin."
    )
