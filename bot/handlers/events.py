"""Events: channel membership changes keep the member cache true; App Home shows my tasks."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.db import session_scope
from bot.deps import Deps
from bot.services import departures, desk, people, replies


def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
    """Someone joined a channel: they may now see its case."""
    deps: Deps = context["deps"]
    with session_scope(deps.engine) as session:
        people.set_membership(
            session, channel_id=event["channel"], user_id=event["user"], member=True
        )


def on_member_left(event: dict[str, Any], context: BoltContext) -> None:
    """Someone left a channel: nothing of its case reaches them any more, their desk included."""
    deps: Deps = context["deps"]
    user = event["user"]
    now = deps.clock.now()
    with session_scope(deps.engine) as session:
        people.set_membership(session, channel_id=event["channel"], user_id=user, member=False)
        departures.member_left(session, channel_id=event["channel"], user_id=user, now=now)
        if desk.keeps_home(session, user_ids={user}):  # redrawn after the ack
            replies.plan_home(session, user_id=user, team_id=context.team_id or "T0", now=now)


def on_home_opened(event: dict[str, Any], context: BoltContext) -> None:
    """Publish the user's desk (after the ack); from now on it is kept current as work changes."""
    if event.get("tab", "home") != "home":
        return
    deps: Deps = context["deps"]
    now = deps.clock.now()
    with session_scope(deps.engine) as session:
        desk.home_opened(session, user_id=event["user"], now=now)
        replies.plan_home(session, user_id=event["user"], team_id=context.team_id or "T0", now=now)


def register(app: App) -> None:
    """Attach the event listeners."""
    app.event("member_joined_channel")(on_member_joined)
    app.event("member_left_channel")(on_member_left)
    app.event("app_home_opened")(on_home_opened)
