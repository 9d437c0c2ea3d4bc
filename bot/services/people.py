"""What Docket remembers of Slack's people and channel members (a cache with ages)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.models import ChannelMember, ChannelSync, UserProfile
from bot.services import rows


def cached_members(
    session: Session, *, channel_id: str, now: datetime, max_age: timedelta
) -> set[str] | None:
    """The channel's members if read from Slack within max_age, else None."""
    sync = session.get(ChannelSync, channel_id)
    if sync is None or now - sync.synced_at > max_age:
        return None
    return known_members(session, channel_id=channel_id)


def known_members(session: Session, *, channel_id: str) -> set[str]:
    """The members Docket last knew of, however old."""
    rows = session.exec(select(ChannelMember.user_id).where(ChannelMember.channel_id == channel_id))
    return set(rows)


def store_members(session: Session, *, channel_id: str, members: set[str], now: datetime) -> None:
    """Replace the channel's member list with what Slack just said."""
    gone = delete(ChannelMember).where(col(ChannelMember.channel_id) == channel_id)
    if members:
        gone = gone.where(col(ChannelMember.user_id).not_in(sorted(members)))
    session.exec(gone)
    for user_id in sorted(members):  # upserts: a concurrent refresh of the same list agrees
        row = {"channel_id": channel_id, "user_id": user_id}
        rows.insert_missing(session, ChannelMember, row, keys=["channel_id", "user_id"])
    synced = {"channel_id": channel_id, "synced_at": now}
    rows.upsert(session, ChannelSync, synced, keys=["channel_id"], update_columns=["synced_at"])


def set_membership(session: Session, *, channel_id: str, user_id: str, member: bool) -> None:
    """Apply a member_joined_channel / member_left_channel event."""
    if member:
        row = {"channel_id": channel_id, "user_id": user_id}
        rows.insert_missing(session, ChannelMember, row, keys=["channel_id", "user_id"])
    else:
        session.exec(
            delete(ChannelMember).where(
                col(ChannelMember.channel_id) == channel_id, col(ChannelMember.user_id) == user_id
            )
        )


def channels_of(session: Session, *, user_id: str) -> set[str]:
    """The channels Docket knows the user is in."""
    rows = session.exec(select(ChannelMember.channel_id).where(ChannelMember.user_id == user_id))
    return set(rows)


def cached_profile(
    session: Session, *, user_id: str, now: datetime, max_age: timedelta
) -> UserProfile | None:
    """The user's profile if read from Slack within max_age, else None."""
    profile = session.get(UserProfile, user_id)
    if profile is None or now - profile.fetched_at > max_age:
        return None
    return profile


def store_profile(
    session: Session,
    *,
    user_id: str,
    name: str,
    tz: str | None,
    deleted: bool,
    now: datetime,
    is_bot: bool = False,
) -> UserProfile:
    """Remember what users.info said about a user (an upsert: concurrent first requests agree)."""
    values = {"id": user_id, "name": name, "tz": tz, "deleted": deleted, "is_bot": is_bot}
    changed = ["name", "tz", "deleted", "is_bot", "fetched_at"]
    rows.upsert(
        session, UserProfile, {**values, "fetched_at": now}, keys=["id"], update_columns=changed
    )
    profile = session.get(UserProfile, user_id, populate_existing=True)
    assert profile is not None
    return profile
