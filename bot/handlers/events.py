"""Events: membership and profile changes keep the local directory true; App Home shows my desk."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot import blocks
from bot.db import session_scope
from bot.deps import Deps
from bot.services import departures, desk, people, replies
from bot.slack.directory import Directory


def on_member_joined(event: dict[str, Any], context: BoltContext) -> None:
    """Someone joined a channel: they may now see its case. Docket itself: read it soon."""
    deps: Deps = context["deps"]
    channel = event["channel"]
    with session_scope(deps.engine) as session:
        people.set_membership(session, channel_id=channel, user_id=event["user"], member=True)
        if event["user"] == context.bot_user_id:  # invited: who else is there is read next
            people.mark_unsynced(session, channel_id=channel)
        else:  # back in a case channel: their reminders are theirs again
            now = deps.clock.now()
            departures.member_joined(session, channel_id=channel, user_id=event["user"], now=now)


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


def on_bot_removed(event: dict[str, Any], context: BoltContext) -> None:
    """Docket was removed from a channel: it is no member; the rest is read when it returns."""
    deps: Deps = context["deps"]
    channel = event.get("channel")
    if not isinstance(channel, str) or not context.bot_user_id:
        return
    with session_scope(deps.engine) as session:
        people.set_membership(
            session, channel_id=channel, user_id=context.bot_user_id, member=False
        )
        people.mark_unsynced(session, channel_id=channel)


def on_unarchived(event: dict[str, Any], context: BoltContext) -> None:
    """A channel came back from the archive: read its members again at the next reconcile."""
    deps: Deps = context["deps"]
    channel = event.get("channel")
    if isinstance(channel, str):
        with session_scope(deps.engine) as session:
            people.mark_unsynced(session, channel_id=channel)


def on_user_event(event: dict[str, Any], context: BoltContext) -> None:
    """user_change / team_join: remember the person's name, zone and status as Slack says."""
    user = event.get("user")
    if isinstance(user, dict) and user.get("id"):
        directory: Directory = context["directory"]
        directory.store_user(user)


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
    app.event(blocks.MEMBER_JOINED_EVENT)(on_member_joined)
    app.event(blocks.MEMBER_LEFT_EVENT)(on_member_left)
    for removed in blocks.BOT_REMOVED_EVENTS:
        app.event(removed)(on_bot_removed)
    for unarchived in blocks.UNARCHIVE_EVENTS:
        app.event(unarchived)(on_unarchived)
    app.event(blocks.USER_CHANGE_EVENT)(on_user_event)
    app.event(blocks.TEAM_JOIN_EVENT)(on_user_event)
    app.event(blocks.APP_HOME_OPENED_EVENT)(on_home_opened)
