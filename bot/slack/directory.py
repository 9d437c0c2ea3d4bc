"""Who is in a channel and which zone a user lives in: Slack, cached in the database."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.db import session_scope
from bot.deps import Deps
from bot.models import UserProfile
from bot.services import listing, people
from bot.services.zones import first_zone

MEMBERS_TTL = timedelta(minutes=10)
PROFILE_TTL = timedelta(days=1)
log = logging.getLogger("docket.directory")


class Directory:
    """Reads members and profiles from Slack only when the cached copy is too old."""

    def __init__(self, deps: Deps, client: WebClient) -> None:
        self.deps = deps
        self.client = client

    def members(self, channel_id: str) -> set[str]:
        """The channel's members (conversations.members, cached ten minutes)."""
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            cached = people.cached_members(
                session, channel_id=channel_id, now=now, max_age=MEMBERS_TTL
            )
        if cached is not None:
            return cached
        try:
            members = self._fetch_members(channel_id)
        except SlackApiError as error:
            log.warning("conversations.members failed: %s", error.response.get("error"))
            with session_scope(self.deps.engine) as session:
                return people.known_members(session, channel_id=channel_id)
        with session_scope(self.deps.engine) as session:
            people.store_members(session, channel_id=channel_id, members=members, now=now)
        return members

    def can_post(self, channel_id: str, bot_user_id: str) -> bool:
        """Whether Docket can post in this conversation: a channel it is a member of (no DMs)."""
        if channel_id.startswith("D") or not bot_user_id:
            return False
        return bot_user_id in self.members(channel_id)

    def member_channels(self, user_id: str) -> set[str]:
        """The channels of open cases that the user is a member of."""
        with session_scope(self.deps.engine) as session:
            candidates = listing.candidate_channels(session)
        return {channel for channel in candidates if user_id in self.members(channel)}

    def _fetch_members(self, channel_id: str) -> set[str]:
        members: set[str] = set()
        cursor = None
        while True:
            page = self.client.conversations_members(channel=channel_id, cursor=cursor, limit=200)
            members.update(page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return members

    def profile(self, user_id: str) -> UserProfile | None:
        """The user's name and zone (users.info, cached a day); None if Slack knows no such user."""
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            cached = people.cached_profile(session, user_id=user_id, now=now, max_age=PROFILE_TTL)
        if cached is not None:
            return cached
        try:
            user = self.client.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if error.response.get("error") == "user_not_found":
                return None
            log.warning("users.info failed: %s", error.response.get("error"))
            with session_scope(self.deps.engine) as session:
                cached_any = session.get(UserProfile, user_id)
            # Slack could not say (a broken token, an outage): not "no such user"
            return cached_any or UserProfile(id=user_id, name=user_id, fetched_at=now)
        with session_scope(self.deps.engine) as session:
            return people.store_profile(
                session,
                user_id=user_id,
                name=user.get("name") or user.get("real_name") or user_id,
                tz=user.get("tz"),
                deleted=bool(user.get("deleted")),
                is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
                now=now,
            )

    def zone(self, user_id: str) -> str:
        """The user's IANA zone, or the workspace default when unknown."""
        profile = self.profile(user_id)
        return first_zone(profile.tz if profile else None, default=self.deps.settings.timezone)
