"""Events: channel membership changes keep the member cache true; App Home shows my tasks."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.blocks.home import home
from bot.db import session_scope
from bot.deps import Deps
from bot.services import listing, people
from bot.slack.directory import Directory


def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
    """Someone joined a channel: they may now see its case."""
    deps: Deps = context["deps"]
    with session_scope(deps.engine) as session:
        people.set_membership(
            session, channel_id=event["channel"], user_id=event["user"], member=True
        )


def on_member_left(event: dict[str, Any], context: BoltContext) -> None:
    """Someone left a channel: nothing of its case reaches them any more."""
    deps: Deps = context["deps"]
    with session_scope(deps.engine) as session:
        people.set_membership(
            session, channel_id=event["channel"], user_id=event["user"], member=False
        )


def on_home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Publish the user's Home tab: their open tasks in the cases they are in."""
    if event.get("tab", "home") != "home":
        return
    publish_home(context, client, event["user"])


def publish_home(context: BoltContext, client: WebClient, user: str) -> None:
    """(Re)draw one user's Home tab."""
    deps: Deps = context["deps"]
    directory: Directory = context["directory"]
    tz = directory.zone(user)
    channels = directory.member_channels(user)
    with session_scope(deps.engine) as session:
        result = listing.for_user(
            session, user_id=user, channels=channels, now=deps.clock.now(), tz=tz
        )
    client.views_publish(user_id=user, view=home(result, tz=tz))


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event("member_joined_channel")(on_member_joined)
    app.event("member_left_channel")(on_member_left)
    app.event("app_home_opened")(on_home_opened)
