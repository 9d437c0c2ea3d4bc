"""The one time-zone resolver: the person's zone, else the case's, else the workspace's."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, col, select

from bot.courts.jurisdictions import COURTS
from bot.courts.zones import jurisdiction_zone
from bot.models import Case, UserProfile, Workspace
from bot.services.lookup import HELD, held, hold

DEFAULT_ZONE = "America/New_York"


def is_zone(name: str | None) -> bool:
    """True when name is an IANA zone this machine knows."""
    if not name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def first_zone(*names: str | None, default: str = DEFAULT_ZONE) -> str:
    """The first known zone among names, else default."""
    return next((name for name in names if name and is_zone(name)), default)


def zone_for(
    session: Session,
    *,
    user_id: str | None = None,
    case: Case | None = None,
    team_id: str | None = None,
    default: str = DEFAULT_ZONE,
) -> str:
    """Where to read and show times: user_id's Slack zone, else the case's, else the workspace's.

    Each step is skipped when unknown or not a real zone; `default` (the deployment's) is last.
    """
    profile = held(session, UserProfile, user_id) if user_id else None
    found = first_zone(
        profile.tz if profile else None, case.digest_zone if case is not None else None, default=""
    )
    if found:
        return found  # the workspace is read only when it decides
    team = case.team_id if case is not None else team_id
    workspace = held(session, Workspace, team) if team else None
    return first_zone(workspace.timezone if workspace else None, default=default)


def hold_profiles(session: Session, *, user_ids: Iterable[str | None]) -> None:
    """Read these users' profiles in one query, held for the session (zone_for reads none)."""
    known = {key for model, key in session.info.get(HELD, {}) if model is UserProfile}
    wanted = sorted({user for user in user_ids if user} - known)
    if not wanted:
        return
    for profile in session.exec(select(UserProfile).where(col(UserProfile.id).in_(wanted))):
        hold(session, UserProfile, profile.id, profile)


def court_zone(session: Session, *, case: Case, court: tuple[str, str | None] | None = None) -> str:
    """The case court's zone: its own (district or zone), the jurisdiction's, the case's, ...

    `court` (jurisdiction, zone) stands in for the case's own when given.
    """
    jurisdiction, own = court if court is not None else (case.jurisdiction, case.court_zone)
    found = first_zone(
        own,
        jurisdiction_zone(jurisdiction) if jurisdiction in COURTS else None,
        case.digest_zone,
        default="",
    )
    if found:
        return found  # the workspace is read only when it decides
    workspace = held(session, Workspace, case.team_id)
    return first_zone(workspace.timezone if workspace else None)
