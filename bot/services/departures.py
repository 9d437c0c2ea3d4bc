"""Someone left a case channel: nothing more about the case reaches them; someone is told once.

An assignee's departure is told to the case lead by DM. When the lead leaves, the case has no
lead: that is audited, the channel is told (with the lead's open tasks), and until a new lead is
set the lead's overdue escalations come to the channel, where anyone may `/case set lead @x`.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import SYSTEM_ACTOR, Case, Task, UserProfile
from bot.services import alerts, audit, case_settings, outbox
from bot.vocab import AuditAction, CaseStatus, OutboxKind, TaskStatus

SHOWN = 5  # tasks with a Reassign button in the lead's DM


def left_tasks(session: Session, *, case: Case, user_id: str) -> list[Task]:
    """The case's open tasks still assigned to user_id."""
    return list(
        session.exec(
            select(Task)
            .where(
                Task.case_id == case.id,
                Task.assignee_id == user_id,
                Task.status == TaskStatus.OPEN,
            )
            .order_by(col(Task.number))
        )
    )


def member_left(session: Session, *, channel_id: str, user_id: str, now: datetime) -> None:
    """Tell the case lead (no lead: the channel), once per departure, what the leaver holds."""
    case = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if case is None:
        return
    if case.lead_id == user_id:
        _lead_left(session, case=case, user_id=user_id, now=now)
        return
    held = left_tasks(session, case=case, user_id=user_id)
    if not held:
        return
    for task in held:  # their reminders go to the lead (no lead: the channel) until reassigned
        alerts.replan(session, case=case, task=task, now=now)
    if not case.lead_id:  # nobody leads the case: the channel is told instead
        _tell_channel(session, case=case, user_id=user_id, was_lead=False, now=now)
        return
    outbox.plan(
        session,
        key=f"case:{case.id}:left:{user_id}:{now:%Y%m%dT%H%M%S}",
        kind=OutboxKind.ASSIGNEE_LEFT,
        team_id=case.team_id,
        recipient=case.lead_id,
        due_at=now,
        case_id=case.id,
        payload={"user": user_id},
    )


def member_joined(session: Session, *, channel_id: str, user_id: str, now: datetime) -> None:
    """Someone (back) in a case channel: the reminders of their open tasks there are theirs."""
    case = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if case is None or case.status != CaseStatus.OPEN:
        return
    for task in left_tasks(session, case=case, user_id=user_id):
        alerts.replan(session, case=case, task=task, now=now)


def _lead_left(session: Session, *, case: Case, user_id: str, now: datetime) -> None:
    """The lead left: the case has no lead (audited), escalations go to the channel, told once."""
    case.lead_id = None
    case.updated_at = now
    session.add(case)
    audit.record(
        session,
        case_id=case.id or 0,
        actor_id=SYSTEM_ACTOR,
        action=AuditAction.CASE_LEAD,
        at=now,
        before={"lead_id": user_id},
        after={"lead_id": None, "because": "left the channel"},
    )
    case_settings.replan_open_tasks(session, case=case, now=now)
    if case.status == CaseStatus.OPEN:
        _tell_channel(session, case=case, user_id=user_id, was_lead=True, now=now)


def _tell_channel(
    session: Session, *, case: Case, user_id: str, was_lead: bool, now: datetime
) -> None:
    """Plan the channel's notice: who left (their name as plain text, never a mention)."""
    profile = session.get(UserProfile, user_id)
    outbox.plan(
        session,
        key=f"case:{case.id}:lead_left:{user_id}:{now:%Y%m%dT%H%M%S}",
        kind=OutboxKind.LEAD_LEFT,
        team_id=case.team_id,
        recipient=case.channel_id,
        due_at=now,
        case_id=case.id,
        payload={"user": user_id, "name": profile.name if profile else "", "was_lead": was_lead},
    )
