"""Shared Block Kit pieces: escaping, clipping, mentions, dates, sections and ephemeral answers.

Every piece of user text goes through `escape` (or `shown`) before it reaches a message; every
text a builder makes is clipped to Slack's limit by `clip_mrkdwn` *after* escaping, so an escaped
entity or a Slack token is never cut in half and nothing is ever dropped whole.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.ids import ERROR_BLOCK
from bot.models import SYSTEM_ACTOR

Message = dict[str, Any]


ZWSP = "\u200b"
MARKUP = str.maketrans({c: ZWSP + c for c in "*_~`"})
ELLIPSIS = "…"
# Slack's limits (Block Kit reference; chat.postMessage advises text under 4,000 characters).
TEXT_MAX = 4000
SECTION_MAX = 3000
FIELD_MAX = 2000
CONTEXT_MAX = 3000
PLAIN_MAX = 75  # button and option labels
# The only Slack tokens Docket makes: user and channel mentions by id, and <!date^…>.
# ... and links to Slack messages (chat.getPermalink), labelled with Docket's own words.
OWN_TOKEN = re.compile(
    r"<(?:@[UW][A-Z0-9]+|#[CGD][A-Z0-9]+|!date\^[^<>|]*\|[^<>]*"
    r"|https://[a-z0-9-]+\.slack\.com/archives/[CGD][A-Z0-9]+/p\d+"
    r"(?:\?thread_ts=\d+\.\d+&amp;cid=[CGD][A-Z0-9]+)?\|[\w ]+)>"
)
ANY_ANGLE = re.compile(r"[<>]")


def escape(text: str) -> str:
    """Show user text literally in mrkdwn: &, <, > escaped, * _ ~ ` kept but not formatting,
    and every @ followed by a zero-width space, so a typed "@channel" or "@pat" reads as typed
    but is never parsed into a mention (Slack's automatic parsing: verbatim false, parse=client
    on chat.update, link_names)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.translate(MARKUP).replace("@", "@" + ZWSP)


def clip_mrkdwn(text: str, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis, never inside an &entity; or <token>."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(ELLIPSIS)]
    amp, semi = cut.rfind("&"), cut.rfind(";")
    if amp > semi:
        cut = cut[:amp]
    opened, closed = cut.rfind("<"), cut.rfind(">")
    if opened > closed:
        cut = cut[:opened]
    if cut.endswith(ZWSP):
        cut = cut[:-1]
    return cut + ELLIPSIS


def shown(text: str, limit: int) -> str:
    """User text escaped, then clipped to `limit` characters of escaped text."""
    return clip_mrkdwn(escape(text), limit)


def unescape_mrkdwn(text: str) -> str:
    """Text made by `escape` (e.g. a message's own notification text) back as typed."""
    text = text.replace(ZWSP, "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def defuse(text: str) -> str:
    """Keep only Docket's own Slack tokens (user/channel ids, dates); escape every other < and >.

    A safety net under `escape`: a <!channel>, <!subteam^…> or <https://…|…> that reached a
    message unescaped is shown literally instead of pinging or linking.
    """
    parts: list[str] = []
    last = 0
    for match in OWN_TOKEN.finditer(text):
        parts.append(ANY_ANGLE.sub(_entity, text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(ANY_ANGLE.sub(_entity, text[last:]))
    return "".join(parts)


def _entity(match: re.Match[str]) -> str:
    return "&lt;" if match.group(0) == "<" else "&gt;"


def notification(text: str) -> str:
    """A message's top-level `text` (what notifications show): defused and within 4,000."""
    return clip_mrkdwn(defuse(text), TEXT_MAX)


def mention(user_id: str | None) -> str:
    """A user mention, or 'nobody' for no user."""
    if user_id == SYSTEM_ACTOR:
        return "Docket"
    return f"<@{user_id}>" if user_id else "nobody"


def plain_day(day: date) -> str:
    """'Mon Dec 7, 2026': a date-only due reads the same for every reader, in every zone."""
    return f"{day:%a %b} {day.day}, {day.year}"


def slack_date(moment: datetime, *, tz: str) -> str:
    """Slack's <!date> token for an instant: each reader sees it in their zone; fallback in tz.

    Never for a date-only due (`plain_day`): an all-day item is not an instant.
    """
    local = moment.astimezone(ZoneInfo(tz))
    epoch = int(moment.timestamp())
    fallback = f"{local:%a %b} {local.day}, {local:%-I:%M %p %Z}"
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>"


def section(text: str, block_id: str | None = None) -> dict[str, Any]:
    """A mrkdwn section, defused and clipped to Slack's 3,000 characters."""
    body = clip_mrkdwn(defuse(text), SECTION_MAX)
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": body}}
    if block_id:
        block["block_id"] = block_id
    return block


def packed(lines: list[str]) -> list[dict[str, Any]]:
    """Lines in as few sections as Slack's 3,000 characters allow, each line whole: a long line
    moves the next ones to a section of their own instead of being cut off with them."""
    chunks: list[str] = []
    for line in lines:
        if chunks and len(chunks[-1]) + 1 + len(defuse(line)) <= SECTION_MAX:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return [section(chunk) for chunk in chunks]


def fields(texts: list[str]) -> dict[str, Any]:
    """A section of up to 10 mrkdwn fields, each defused and clipped to 2,000 characters."""
    items = [{"type": "mrkdwn", "text": clip_mrkdwn(defuse(t), FIELD_MAX)} for t in texts[:10]]
    return {"type": "section", "fields": items}


def context(text: str) -> dict[str, Any]:
    """A one-element mrkdwn context block, defused and clipped."""
    body = clip_mrkdwn(defuse(text), CONTEXT_MAX)
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": body}]}


def ephemeral(text: str, *, example: str | None = None) -> Message:
    """A short ephemeral answer, optionally followed by a working example."""
    blocks = [section(text, ERROR_BLOCK)]
    if example:
        blocks.append(context(f"Try: `{example}`"))
    full = text if not example else f"{text} Try: {example}"
    return {"response_type": "ephemeral", "text": notification(full), "blocks": blocks}


def oops(saved: str | None = None) -> Message:
    """The answer when something unexpected broke: what was saved before it did, if anything."""
    if saved:
        return ephemeral(
            f":warning: I saved {saved}, but something went wrong on Docket's side after that, "
            "so this answer is all you'll see now. Please don't add it again: `/task list` "
            "shows it; if something looks wrong, tell your Docket admin."
        )
    return ephemeral(
        ":warning: Sorry, something went wrong on Docket's side and nothing was changed. "
        "Please try again in a minute; if it keeps happening, tell your Docket admin."
    )
