"""Background reconcile of the local directory with Slack: channel members and profiles, paced.

Events keep the store current; these jobs fix what events missed (a dropped delivery, downtime,
a channel Docket just joined). Each run stays inside a budget of calls well below Slack's tier
limits (conversations.members is Tier 4, about 100 a minute; users.list Tier 2, about 20), makes
no call that sleeps, and stops at the first 429: the next run goes on.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from weakref import WeakKeyDictionary

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.db import session_scope
from bot.deps import Deps
from bot.services import people
from bot.slack.directory import PROFILE_TTL, Directory

MEMBERS_EVERY = timedelta(hours=6)  # each open case's channel is read again at least this often
MEMBERS_CALLS = 40  # conversations.members calls per run (the job runs each minute)
PROFILE_PAGES = 10  # users.list pages of 200 per run (the job runs hourly)
PROFILE_PAGE = 200
STOPS = frozenset({"ratelimited", "invalid_auth", "not_authed", "token_revoked", "missing_scope"})
log = logging.getLogger("docket.reconcile")

# engine -> where the users.list walk stopped (a cursor), so the next run goes on from there
_cursors: WeakKeyDictionary[Engine, str] = WeakKeyDictionary()
_cursors_lock = threading.Lock()


@dataclass
class Reconciled:
    """What one run did."""

    channels: int = 0
    calls: int = 0
    left: int = 0
    profiles: int = 0
    stopped: str | None = None  # the Slack error that ended the run early


def members(deps: Deps, client: WebClient, *, budget: int = MEMBERS_CALLS) -> Reconciled:
    """Read the members of the open cases' channels that are due, oldest first, within budget."""
    done = Reconciled()
    now = deps.clock.now()
    with session_scope(deps.engine) as session:
        due = people.channels_to_reconcile(session, before=now - MEMBERS_EVERY, limit=budget)
    directory = Directory(deps, client)
    for channel in due:
        if done.calls >= budget or deps.stopping.is_set():
            break
        before = directory.calls
        try:
            found = directory.fetch_members(client, channel)
        except SlackApiError as error:
            done.calls += directory.calls - before
            code = str(error.response.get("error") or error.response.status_code)
            if error.response.status_code == 429 or code in STOPS:
                done.stopped = code
                break
            log.info("reconcile skipped a channel: %s", code)  # not_in_channel, archived...
            with session_scope(deps.engine) as session:
                people.mark_synced(session, channel_id=channel, now=now)  # tried: not again soon
            continue
        except (OSError, TimeoutError) as error:
            done.stopped = type(error).__name__
            break
        done.calls += directory.calls - before
        with session_scope(deps.engine) as session:
            known = people.known_members(session, channel_id=channel)
        done.left += len(known - found)
        directory.store(channel, found)
        done.channels += 1
    return done


def next_members_work(deps: Deps) -> datetime | None:
    """When a channel is next due to be read."""
    with session_scope(deps.engine) as session:
        return people.next_reconcile(session, every=MEMBERS_EVERY)


def next_profiles_work(deps: Deps) -> datetime | None:
    """When the oldest stored profile grows stale (or now, when a walk is under way)."""
    with _cursors_lock:
        if deps.engine in _cursors:
            return deps.clock.now()
    with session_scope(deps.engine) as session:
        oldest = people.oldest_profile(session)
    return None if oldest is None else oldest + PROFILE_TTL


def profiles(deps: Deps, client: WebClient, *, pages: int = PROFILE_PAGES) -> Reconciled:
    """Walk users.list a few pages further (from where the last run stopped), storing each user."""
    done = Reconciled()
    directory = Directory(deps, client)
    with _cursors_lock:
        cursor = _cursors.pop(deps.engine, None)
    for _ in range(pages):
        if deps.stopping.is_set():
            break
        try:
            done.calls += 1
            page = client.users_list(cursor=cursor, limit=PROFILE_PAGE)
        except SlackApiError as error:
            done.stopped = str(error.response.get("error") or error.response.status_code)
            break
        except (OSError, TimeoutError) as error:
            done.stopped = type(error).__name__
            break
        for user in page.get("members") or []:
            if isinstance(user, dict) and user.get("id"):
                directory.store_user(user)
                done.profiles += 1
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if cursor is None:
            break
    if cursor:
        with _cursors_lock:
            _cursors[deps.engine] = cursor
    return done
