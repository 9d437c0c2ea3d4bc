"""Someone left a case channel: nothing more about the case reaches them; the lead is told once."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from bot.models import Case, Task
from bot.services import outbox
from bot.vocab import OutboxKind, TaskStatus

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
    """Tell the case lead, once per departure, which open tasks the leaver still holds."""
    case = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if case is None or not case.lead_id or case.lead_id == user_id:
        return
    if not left_tasks(session, case=case, user_id=user_id):
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
