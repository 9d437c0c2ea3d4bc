"""Who is in which channel and who a user is: kept in the database, asked of Slack sparingly.

A request reads members and profiles from the database only. Slack is asked inline in two
cases, each bounded (a short timeout, no retry, no sleep): once before refusing someone the
store says is not a member (at most once per channel per minute), and for a user never seen
before. Everything else is kept current by events and the reconcile jobs (bot/scheduler.py).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Any
from weakref import WeakKeyDictionary

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.db import Session, read_scope, session_scope
from bot.deps import Deps
from bot.models import UserProfile
from bot.services import departures, people
from bot.services.zones import first_zone

PROFILE_TTL = timedelta(days=1)  # older profiles are still used; the reconcile job refreshes them
# A profile read from the database is reused by this process for this long (on the injected
# clock): every request reads its user's zone, and that read was a transaction of its own
# (checkout, ping, SELECT, COMMIT: ~5 round trips). What this process stores replaces it at once;
# a change stored by another process (a second web process, the clock's reconcile) shows within.
PROFILE_REUSE = timedelta(seconds=60)
PROFILES_KEPT = 10_000
RECHECK_EVERY = timedelta(minutes=1)  # at most one re-check of a channel per minute
QUICK_TIMEOUT = 2  # seconds: an inline call never holds a request longer
PAGE = 1000  # conversations.members' largest page
RECHECK_PAGES = 5  # an inline re-check reads at most 5,000 members
log = logging.getLogger("docket.directory")

# engine -> channel -> when this process last re-checked it (on the injected clock)
_attempts: WeakKeyDictionary[Engine, dict[str, datetime]] = WeakKeyDictionary()
_locks: WeakKeyDictionary[Engine, dict[str, threading.Lock]] = WeakKeyDictionary()
_attempts_lock = threading.Lock()
# engine -> user id -> (a copy of the stored profile, when it was read)
_profiles: WeakKeyDictionary[Engine, dict[str, tuple[UserProfile, datetime]]] = WeakKeyDictionary()


def quick_client(client: WebClient, timeout: int = QUICK_TIMEOUT) -> WebClient:
    """A client for inline calls: a short timeout and no retry handlers (so no sleep)."""
    quick = WebClient(token=client.token, base_url=client.base_url, timeout=timeout)
    quick.retry_handlers.clear()
    return quick


class Directory:
    """Members and profiles from the database; Slack only to avoid a wrong refusal."""

    def __init__(self, deps: Deps, client: WebClient) -> None:
        self.deps = deps
        self.client = client
        self._quick: WebClient | None = None
        self.calls = 0  # Slack calls this directory made (tests and benches count them)

    @property
    def quick(self) -> WebClient:
        """The bounded client, made on first use."""
        if self._quick is None:
            self._quick = quick_client(self.client)
        return self._quick

    def members(
        self,
        channel_id: str,
        *,
        needed: set[str] | frozenset[str] = frozenset(),
        session: Session | None = None,
    ) -> set[str]:
        """The channel's members as stored; re-checked with Slack once if `needed` are missing.

        Read in `session` when given (the request's own: no connection of its own for it).
        """
        if session is not None:
            known = people.known_members(session, channel_id=channel_id)
        else:
            with read_scope(self.deps.engine) as reader:
                known = people.known_members(reader, channel_id=channel_id)
        if needed <= known or channel_id.startswith("D"):
            return known
        return self.recheck(channel_id) or known

    def recheck(self, channel_id: str) -> set[str] | None:
        """The channel's members after asking Slack now (bounded); None when that failed.

        Concurrent re-checks of a channel in this process queue behind one Slack call and read
        what it stored; a channel read within the minute is not asked again.
        """
        lock = _channel_lock(self.deps.engine, channel_id)
        if not lock.acquire(timeout=QUICK_TIMEOUT + 1):
            return None
        try:
            now = self.deps.clock.now()
            with session_scope(self.deps.engine) as session:
                if people.synced_since(session, channel_id=channel_id, since=now - RECHECK_EVERY):
                    return people.known_members(session, channel_id=channel_id)  # just read
            if not _claim_attempt(self.deps.engine, channel_id, now):
                return None
            try:
                members = self.fetch_members(self.quick, channel_id, max_pages=RECHECK_PAGES)
            except (SlackApiError, OSError, TimeoutError) as error:
                log.warning("re-check of a channel's members failed: %s", _reason(error))
                return None
            self.store(channel_id, members)
            return members
        finally:
            lock.release()

    def store(self, channel_id: str, members: set[str]) -> None:
        """Record a channel's members as Slack gave them; whoever dropped out has left."""
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            gone = people.store_members(session, channel_id=channel_id, members=members, now=now)
            for user_id in sorted(gone):
                departures.member_left(session, channel_id=channel_id, user_id=user_id, now=now)

    def can_post(self, channel_id: str, bot_user_id: str) -> bool:
        """Whether Docket can post in this conversation: a channel it is a member of (no DMs)."""
        if channel_id.startswith("D") or not bot_user_id:
            return False
        return bot_user_id in self.members(channel_id, needed={bot_user_id})

    def member_channels(self, user_id: str, team_id: str | None = None) -> set[str]:
        """The channels of open cases that the user is a member of (one query, no Slack call)."""
        with session_scope(self.deps.engine) as session:
            return people.open_case_channels(session, user_id=user_id, team_id=team_id)

    def fetch_members(
        self, client: WebClient, channel_id: str, *, max_pages: int | None = None
    ) -> set[str]:
        """Every member of the channel, page by page (counted in `calls`)."""
        members: set[str] = set()
        cursor = None
        pages = 0
        while True:
            self.calls += 1
            page = client.conversations_members(channel=channel_id, cursor=cursor, limit=PAGE)
            members.update(page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            pages += 1
            if not cursor:
                return members
            if max_pages is not None and pages >= max_pages:
                raise TimeoutError("more members than an inline re-check reads")

    def profile(self, user_id: str) -> UserProfile | None:
        """The user's name and zone as stored (any age); Slack is asked only for a new user."""
        now = self.deps.clock.now()
        recent = _recalled(self.deps.engine, user_id, now)
        if recent is not None:
            return recent
        with read_scope(self.deps.engine) as session:
            known = session.get(UserProfile, user_id)
        if known is not None:
            return _remember(self.deps.engine, known, now)
        try:
            self.calls += 1
            user = self.quick.users_info(user=user_id)["user"]
        except SlackApiError as error:
            if error.response.get("error") == "user_not_found":
                return None
            log.warning("users.info failed: %s", _reason(error))
            # Slack could not say (a broken token, an outage): not "no such user"
            return UserProfile(id=user_id, name=user_id, fetched_at=now)
        except (OSError, TimeoutError) as error:
            log.warning("users.info failed: %s", _reason(error))
            return UserProfile(id=user_id, name=user_id, fetched_at=now)
        return self.store_user(user)

    def store_user(self, user: dict[str, Any]) -> UserProfile:
        """Remember a Slack user object (users.info, users.list, user_change, team_join)."""
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            stored = people.store_profile(
                session,
                user_id=user["id"],
                name=user.get("name") or user.get("real_name") or user["id"],
                tz=user.get("tz"),
                deleted=bool(user.get("deleted")),
                is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
                now=now,
            )
        return _remember(self.deps.engine, stored, now)

    def zone(self, user_id: str) -> str:
        """The user's IANA zone, or the workspace default when unknown."""
        profile = self.profile(user_id)
        return first_zone(profile.tz if profile else None, default=self.deps.settings.timezone)


def _recalled(engine: Engine, user_id: str, now: datetime) -> UserProfile | None:
    """This process's copy of the user's profile, if read within PROFILE_REUSE."""
    with _attempts_lock:
        found = _profiles.get(engine, {}).get(user_id)
    if found is None:
        return None
    profile, read_at = found
    return profile if read_at <= now < read_at + PROFILE_REUSE else None


def _remember(engine: Engine, profile: UserProfile, now: datetime) -> UserProfile:
    """Keep a copy of a profile as stored (a copy: no ORM state is shared between threads)."""
    copy = UserProfile.model_validate(profile.model_dump())
    with _attempts_lock:
        kept = _profiles.setdefault(engine, {})
        if len(kept) >= PROFILES_KEPT:
            kept.clear()
        kept[profile.id] = (copy, now)
    return copy


def _channel_lock(engine: Engine, channel_id: str) -> threading.Lock:
    """The lock that queues this process's re-checks of one channel."""
    with _attempts_lock:
        locks = _locks.setdefault(engine, {})
        if len(locks) > 10_000:
            locks.clear()  # held locks stay referenced by their holders; new ones start fresh
        return locks.setdefault(channel_id, threading.Lock())


def _claim_attempt(engine: Engine, channel_id: str, now: datetime) -> bool:
    """True at most once per channel per RECHECK_EVERY in this process (failures count too)."""
    with _attempts_lock:
        seen = _attempts.setdefault(engine, {})
        last = seen.get(channel_id)
        if last is not None and last <= now < last + RECHECK_EVERY:
            return False
        seen[channel_id] = now
        if len(seen) > 10_000:  # forget the oldest half; a re-check is cheap to allow again
            for key in sorted(seen, key=seen.__getitem__)[:5_000]:
                del seen[key]
        return True


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or error.response.status_code)
    return type(error).__name__
