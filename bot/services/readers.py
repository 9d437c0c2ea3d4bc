"""Who a task's reminders go to: its assignee, or, while they have left the case channel, the
lead by DM (no lead: the case channel), told whose the task is; until it is reassigned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.models import Case, Task, UserProfile
from bot.services import people
from bot.services.zones import zone_for
from bot.vocab import OutboxKind


@dataclass(frozen=True)
class Reader:
    """Who a task's reminders go to: its assignee, or while they have left the case channel,
    the lead by DM (no lead: the channel), told whose they were."""

    kind: OutboxKind
    recipient: str
    zone: ZoneInfo
    payload: dict[str, Any]


def reader_of(session: Session, *, case: Case, task: Task) -> Reader:
    """The task's reminder reader (the assignee unless they are known to have left)."""
    assignee = task.assignee_id or ""
    if not assignee or not people.has_left(session, channel_id=case.channel_id, user_id=assignee):
        return Reader(
            OutboxKind.ALERT, assignee, ZoneInfo(zone_for(session, user_id=assignee, case=case)), {}
        )
    profile = session.get(UserProfile, assignee)
    payload: dict[str, Any] = {"left": assignee, "name": profile.name if profile else ""}
    lead = case.lead_id if case.lead_id and case.lead_id != assignee else None
    if lead:
        zone = ZoneInfo(zone_for(session, user_id=lead, case=case))
        return Reader(OutboxKind.LEFT_ALERT, lead, zone, payload)
    zone = ZoneInfo(zone_for(session, case=case))
    return Reader(OutboxKind.NO_LEAD_LEFT_ALERT, case.channel_id, zone, payload)
