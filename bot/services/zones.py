"""The one time-zone resolver: the person's zone, else the case's, else the workspace's."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session

from bot.courts.jurisdictions import COURTS
from bot.courts.zones import jurisdiction_zone
from bot.models import Case, UserProfile, Workspace

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
    profile = session.get(UserProfile, user_id) if user_id else None
    team = case.team_id if case is not None else team_id
    workspace = session.get(Workspace, team) if team else None
    return first_zone(
        profile.tz if profile else None,
        case.digest_zone if case is not None else None,
        workspace.timezone if workspace else None,
        default=default,
    )


def court_zone(session: Session, *, case: Case, court: tuple[str, str | None] | None = None) -> str:
    """The case court's zone: its own (district or zone), the jurisdiction's, the case's, ...

    `court` (jurisdiction, zone) stands in for the case's own when given.
    """
    jurisdiction, own = court if court is not None else (case.jurisdiction, case.court_zone)
    workspace = session.get(Workspace, case.team_id)
    return first_zone(
        own,
        jurisdiction_zone(jurisdiction) if jurisdiction in COURTS else None,
        case.digest_zone,
        workspace.timezone if workspace else None,
    )
