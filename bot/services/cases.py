"""Cases: one per Slack channel."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from bot.models import Case, Task, Workspace
from bot.services import audit
from bot.services.errors import Conflict, Invalid, NotFound

NAME_MAX = 200
MATTER_MAX = 64


@dataclass(frozen=True)
class CaseSummary:
    """A case with its open-task counts by status and its next deadline."""

    case: Case
    open_tasks: int
    overdue: int
    next_due: Task | None


def ensure_workspace(session: Session, *, team_id: str, now: datetime, timezone: str) -> Workspace:
    """The workspace row for team_id, created on first use."""
    workspace = session.get(Workspace, team_id)
    if workspace is None:
        workspace = Workspace(id=team_id, timezone=timezone, created_at=now)
        session.add(workspace)
        session.flush()
    return workspace


def create_case(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    name: str,
    matter_number: str | None,
    actor_id: str,
    now: datetime,
    timezone: str = "America/New_York",
    request_key: str | None = None,
) -> Case:
    """Link channel_id to a new case; a retried request returns the same case."""
    seen = audit.seen_request(session, request_key)
    if seen is not None and seen.ref_id is not None:
        case = session.get(Case, seen.ref_id)
        if case is not None:
            return case
    name = " ".join(name.split())
    if not name:
        raise Invalid("A case needs a name, e.g. `/case new Smith v. Jones 2026-CV-0142`.")
    if len(name) > NAME_MAX:
        raise Invalid(f"That case name is {len(name)} characters; please keep it under {NAME_MAX}.")
    if matter_number and len(matter_number) > MATTER_MAX:
        raise Invalid(f"A matter number can be at most {MATTER_MAX} characters.")
    existing = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if existing is not None:
        raise Conflict(
            f"This channel is already the case *{existing.name}*. "
            "Use `/case rename NEW NAME` to rename it, or open a new channel for another case."
        )
    ensure_workspace(session, team_id=team_id, now=now, timezone=timezone)
    case = Case(
        team_id=team_id,
        channel_id=channel_id,
        name=name,
        matter_number=matter_number or None,
        lead_id=actor_id,
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    session.add(case)
    session.flush()
    audit.record(
        session,
        case_id=case.id,
        actor_id=actor_id,
        action="case.create",
        at=now,
        after={"name": case.name, "matter_number": case.matter_number, "lead_id": actor_id},
    )
    audit.remember_request(session, key=request_key, kind="case.create", ref_id=case.id, at=now)
    return case


def case_for_channel(session: Session, *, channel_id: str) -> Case:
    """The case linked to channel_id, or NotFound with how to create one."""
    case = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if case is None:
        raise NotFound(
            "This channel isn't linked to a case yet. "
            "Start one with `/case new Smith v. Jones 2026-CV-0142`."
        )
    return case


def summarize(session: Session, *, channel_id: str, now: datetime) -> CaseSummary:
    """The channel's case with open/overdue task counts and the next due task."""
    case = case_for_channel(session, channel_id=channel_id)
    open_q = (
        select(func.count()).select_from(Task).where(Task.case_id == case.id, Task.status == "open")
    )
    open_tasks = session.exec(open_q).one()
    overdue = session.exec(open_q.where(Task.due_at < now)).one()
    next_due = session.exec(
        select(Task)
        .where(Task.case_id == case.id, Task.status == "open", Task.due_at >= now)
        .order_by(Task.due_at)
        .limit(1)
    ).first()
    return CaseSummary(case=case, open_tasks=open_tasks, overdue=overdue, next_due=next_due)
