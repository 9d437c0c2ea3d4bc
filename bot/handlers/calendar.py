"""/case calendar and /task calendar: a private subscription link; `reset` revokes the old one."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot import blocks
from bot.blocks.calendar import feed_link
from bot.db import session_scope
from bot.handlers.common import Request
from bot.services import feeds
from bot.services.lookup import case_for_channel
from bot.vocab import FeedScope


def answer(
    body: dict[str, Any], context: BoltContext, *, scope: FeedScope, rest: str
) -> blocks.Message:
    """The asker's feed link (the same each time; a new one after `reset`)."""
    if rest.strip().lower() not in ("", "reset"):
        command = "/case" if scope == FeedScope.CASE else "/task"
        return blocks.ephemeral(
            f"`{command} calendar` takes only `reset`.", example=f"{command} calendar"
        )
    reset = rest.strip().lower() == "reset"
    req = Request(context, user=body["user_id"], channel=body["channel_id"], key=None)
    members = req.require_member() if scope == FeedScope.CASE else set()
    with session_scope(req.deps.engine) as session:
        feed = feeds.issue(
            session,
            user_id=req.user,
            team_id=body.get("team_id") or "T0",
            scope=scope,
            channel_id=req.channel if scope == FeedScope.CASE else None,
            members=members,
            now=req.reading.now,
            new_token=req.deps.tokens,
            reset=reset,
        )
        token = feed.token
        what = "your open tasks in every case"
        if scope == FeedScope.CASE:
            case = case_for_channel(session, channel_id=req.channel)
            what = f"{case.name}'s open deadlines and tasks"
    url = f"{req.deps.settings.public_url}/ical/{token}.ics"
    command = "/case" if scope == FeedScope.CASE else "/task"
    return feed_link(url, what=what, reset=reset, command=command)


def register(app: App) -> None:
    """Nothing to attach: /case and /task call `answer` for their `calendar` subcommand."""
    return None
