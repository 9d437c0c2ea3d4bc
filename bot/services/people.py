"""The local directory: who is in which channel and who people are, with when Slack said so."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_
from sqlmodel import Session, col, select

from bot.models import Case, ChannelMember, ChannelSync, UserProfile
from bot.services import rows
from bot.services.lookup import members_held
from bot.vocab import CaseStatus

NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # "due at once": a channel never read from Slack


def known_members(session: Session, *, channel_id: str) -> set[str]:
    """The members Docket last knew of, however old."""
    rows = session.exec(select(ChannelMember.user_id).where(ChannelMember.channel_id == channel_id))
    return set(rows)


def has_left(session: Session, *, channel_id: str, user_id: str) -> bool:
    """Whether Docket knows the channel's members and user_id is not one of them (one query:
    the user's own row first, else any member's; none when this request read the members)."""
    read = members_held(session, channel_id=channel_id)
    if read is not None:
        return bool(read) and user_id not in read
    mine = col(ChannelMember.user_id) == user_id
    query = (
        select(ChannelMember.user_id)
        .where(ChannelMember.channel_id == channel_id)
        .order_by(mine.desc())
        .limit(1)
    )
    first = session.exec(query).first()
    return first is not None and first != user_id


def store_members(
    session: Session, *, channel_id: str, members: set[str], now: datetime
) -> set[str]:
    """Make the channel's stored members what Slack just said; return who was dropped."""
    known = known_members(session, channel_id=channel_id)
    gone = known - members
    if gone:
        session.exec(
            delete(ChannelMember).where(
                col(ChannelMember.channel_id) == channel_id,
                col(ChannelMember.user_id).in_(sorted(gone)),
            )
        )
    for user_id in sorted(members - known):  # upserts: a concurrent refresh of the same list agrees
        row = {"channel_id": channel_id, "user_id": user_id}
        rows.insert_missing(session, ChannelMember, row, keys=["channel_id", "user_id"])
    mark_synced(session, channel_id=channel_id, now=now)
    return gone


def mark_synced(session: Session, *, channel_id: str, now: datetime) -> None:
    """Note that the channel was read (or tried) at now."""
    synced = {"channel_id": channel_id, "synced_at": now}
    rows.upsert(session, ChannelSync, synced, keys=["channel_id"], update_columns=["synced_at"])


def synced_since(session: Session, *, channel_id: str, since: datetime) -> bool:
    """Whether the channel's members were read from Slack at or after `since`."""
    query = select(ChannelSync.synced_at).where(ChannelSync.channel_id == channel_id)
    synced_at = session.exec(query).first()
    return synced_at is not None and synced_at >= since


def mark_unsynced(session: Session, *, channel_id: str) -> None:
    """Forget when the channel was last read, so the reconcile job reads it first."""
    session.exec(delete(ChannelSync).where(col(ChannelSync.channel_id) == channel_id))


def channel_ids_of(user_id: Any) -> Any:
    """The channels user_id (a value or a bind parameter) is in, as a subquery for
    `Case.channel_id.in_(...)`: a list reads the user's cases in its own statement, not a set
    of channel ids read before it."""
    return select(ChannelMember.channel_id).where(ChannelMember.user_id == user_id)


def open_case_channels(session: Session, *, user_id: str, team_id: str | None = None) -> set[str]:
    """The channels of open cases the user is in: one indexed query, no Slack call."""
    query = (
        select(ChannelMember.channel_id)
        .join(Case, col(Case.channel_id) == col(ChannelMember.channel_id))
        .where(ChannelMember.user_id == user_id, Case.status == CaseStatus.OPEN)
    )
    if team_id:
        query = query.where(Case.team_id == team_id)
    return set(session.exec(query))


def channels_to_reconcile(session: Session, *, before: datetime, limit: int) -> list[str]:
    """Open cases' channels never read from Slack or last read before `before`, oldest first."""
    query = (
        select(Case.channel_id)
        .outerjoin(ChannelSync, col(ChannelSync.channel_id) == col(Case.channel_id))
        .where(
            Case.status == CaseStatus.OPEN,
            or_(col(ChannelSync.synced_at).is_(None), col(ChannelSync.synced_at) < before),
        )
        .order_by(col(ChannelSync.synced_at).is_not(None), col(ChannelSync.synced_at))
        .limit(limit)
    )
    return list(session.exec(query))


def next_reconcile(session: Session, *, every: timedelta) -> datetime | None:
    """When an open case's channel is next due to be read again (None: no open cases)."""
    query = (
        select(Case.channel_id, ChannelSync.synced_at)
        .outerjoin(ChannelSync, col(ChannelSync.channel_id) == col(Case.channel_id))
        .where(Case.status == CaseStatus.OPEN)
        .order_by(col(ChannelSync.synced_at).is_not(None), col(ChannelSync.synced_at))
        .limit(1)
    )
    found = session.exec(query).first()
    if found is None:
        return None
    synced_at = found[1]
    return NEVER if synced_at is None else synced_at + every


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


def oldest_profile(session: Session) -> datetime | None:
    """When the least recently refreshed profile was read from Slack (None: no profiles)."""
    query = select(UserProfile.fetched_at).order_by(col(UserProfile.fetched_at)).limit(1)
    return session.exec(query).first()


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


def named(session: Session, *, name: str, members: set[str]) -> str | None:
    """The one person Docket knows by this Slack name ("pat"), a channel member first, or None."""
    found = session.exec(
        select(UserProfile.id).where(
            func.lower(UserProfile.name) == name.lower(),
            col(UserProfile.deleted).is_(False),
            col(UserProfile.is_bot).is_(False),
        )
    ).all()
    here = [person for person in found if person in members]
    if len(here) == 1:
        return here[0]
    return found[0] if not here and len(found) == 1 else None
