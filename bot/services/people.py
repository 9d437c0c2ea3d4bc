"""What Docket remembers of Slack's people and channel members (a cache with ages)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bot.models import ChannelMember, ChannelSync, UserProfile


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
    session.exec(delete(ChannelMember).where(col(ChannelMember.channel_id) == channel_id))
    for user_id in sorted(members):
        session.add(ChannelMember(channel_id=channel_id, user_id=user_id))
    sync = session.get(ChannelSync, channel_id)
    if sync is None:
        session.add(ChannelSync(channel_id=channel_id, synced_at=now))
    else:
        sync.synced_at = now
        session.add(sync)


def set_membership(session: Session, *, channel_id: str, user_id: str, member: bool) -> None:
    """Apply a member_joined_channel / member_left_channel event."""
    row = session.get(ChannelMember, (channel_id, user_id))
    if member and row is None:
        session.add(ChannelMember(channel_id=channel_id, user_id=user_id))
    elif not member and row is not None:
        session.delete(row)


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
    """Remember what users.info said about a user."""
    profile = session.get(UserProfile, user_id) or UserProfile(id=user_id, fetched_at=now)
    profile.name, profile.tz, profile.deleted, profile.fetched_at = name, tz, deleted, now
    profile.is_bot = is_bot
    session.add(profile)
    return profile
