"""Events: channel membership changes keep the member cache true; App Home shows my tasks."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.db import session_scope
from bot.deps import Deps
from bot.services import departures, desk, people
from bot.slack.delivery import Sender


def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
    """Someone joined a channel: they may now see its case."""
    deps: Deps = context["deps"]
    with session_scope(deps.engine) as session:
        people.set_membership(
            session, channel_id=event["channel"], user_id=event["user"], member=True
        )


def on_member_left(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Someone left a channel: nothing of its case reaches them any more, their desk included."""
    deps: Deps = context["deps"]
    user = event["user"]
    with session_scope(deps.engine) as session:
        people.set_membership(session, channel_id=event["channel"], user_id=user, member=False)
        departures.member_left(
            session, channel_id=event["channel"], user_id=user, now=deps.clock.now()
        )
        keeps = desk.keeps_home(session, user_ids={user})
    if keeps:
        publish_home(context, client, user)


def on_home_opened(event: dict[str, Any], context: BoltContext, client: WebClient) -> None:
    """Publish the user's desk; from now on it is kept current when their work changes."""
    if event.get("tab", "home") != "home":
        return
    deps: Deps = context["deps"]
    with session_scope(deps.engine) as session:
        desk.home_opened(session, user_id=event["user"], now=deps.clock.now())
    publish_home(context, client, event["user"])


def publish_home(context: BoltContext, client: WebClient, user: str) -> None:
    """(Re)draw one user's Home tab."""
    sender: Sender = context["sender"]
    client.views_publish(user_id=user, view=sender.home_view(user))


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event("member_joined_channel")(on_member_joined)
    app.event("member_left_channel")(on_member_left)
    app.event("app_home_opened")(on_home_opened)
