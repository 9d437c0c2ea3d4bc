"""Cases: one per Slack channel; open one, look it up, sum it up (its court shown)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from bot.courts.zones import zone_name
from bot.models import AuditEvent, Case, Task, Workspace
from bot.services import audit, digest_plan, rows
from bot.services.errors import Conflict, Invalid, quoted
from bot.services.lookup import case_for_channel, held
from bot.services.permissions import lead_of, require_member
from bot.services.zones import court_zone
from bot.vocab import AuditAction, CaseStatus, TaskStatus

__all__ = ["lead_of", "require_member"]  # re-exported: handlers and export use them here
NAME_MAX = 200
MATTER_MAX = 64


@dataclass(frozen=True)
class CaseSummary:
    """A case with its open-task counts by status, its next deadline and its oldest overdue
    task; a closed case also when and by whom it was closed (None when not audited)."""

    case: Case
    open_tasks: int
    overdue: int
    next_due: Task | None
    court: str = ""  # jurisdiction, district and the zone its date-only deadlines end in
    first_overdue: Task | None = None
    closed_at: datetime | None = None
    closed_by: str | None = None


def ensure_workspace(session: Session, *, team_id: str, now: datetime, timezone: str) -> Workspace:
    """The workspace row for team_id, created on first use (an upsert: concurrent firsts agree)."""
    workspace = held(session, Workspace, team_id)
    if workspace is None:
        values = {"id": team_id, "timezone": timezone, "created_at": now}
        rows.insert_missing(session, Workspace, values, keys=["id"])
        session.get(Workspace, team_id, populate_existing=True)
        workspace = held(session, Workspace, team_id)
        assert workspace is not None
    return workspace


def clean_name(name: str) -> str:
    """A case name with its whitespace collapsed, or Invalid saying what is wrong."""
    name = " ".join(name.split())
    if not name:
        raise Invalid("A case needs a name, e.g. `/case new Smith v. Jones 2026-CV-0142`.")
    if len(name) > NAME_MAX:
        raise Invalid(f"That case name is {len(name)} characters; please keep it under {NAME_MAX}.")
    return name


def clean_matter(matter: str) -> str:
    """A matter number with its whitespace collapsed, or Invalid saying what is wrong."""
    matter = " ".join(matter.split())
    if not matter:
        raise Invalid("What is the matter number? e.g. `/case set matter 2026-CV-0142`.")
    if len(matter) > MATTER_MAX:
        raise Invalid(f"A matter number can be at most {MATTER_MAX} characters.")
    if any(c in matter for c in "@<>!#"):
        raise Invalid(
            "A matter number can't be a mention or a channel (no @, #, ! or <>). For example "
            "`/case set matter 2026-CV-0142`."
        )
    return matter


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
    name = clean_name(name)
    matter_number = clean_matter(matter_number) if matter_number else None
    ensure_workspace(session, team_id=team_id, now=now, timezone=timezone)
    new = Case(
        team_id=team_id,
        channel_id=channel_id,
        name=name,
        matter_number=matter_number or None,
        lead_id=actor_id,
        created_by=actor_id,
        created_at=now,
        updated_at=now,
    )
    made = rows.insert_new(session, Case, rows.values_of(new), keys=["channel_id"])
    if made is None:  # the channel already had a case, or another request linked it a moment ago
        # a retry of the request that made it (a made case is the only way a retry gets here)
        seen = audit.seen_request(session, request_key)
        retried = session.get(Case, seen.ref_id) if seen and seen.ref_id is not None else None
        if retried is not None:
            return retried
        case = case_for_channel(session, channel_id=channel_id)
        raise Conflict(
            f"This channel is already the case *{quoted(case.name)}*. "
            "Use `/case rename NEW NAME` to rename it, or open a new channel for another case."
        )
    case = made
    audit.write(
        session,
        case_id=case.id or 0,
        actor_id=actor_id,
        action=AuditAction.CASE_CREATE,
        at=now,
        after={"name": case.name, "matter_number": case.matter_number, "lead_id": actor_id},
    )
    audit.remember_request(
        session, key=request_key, kind=AuditAction.CASE_CREATE, ref_id=case.id, at=now
    )
    digest_plan.plan_new_case(session, case=case, now=now)
    return case


def summary_of(session: Session, case: Case, now: datetime) -> CaseSummary:
    """A case's open and overdue task counts, its next due and oldest overdue task, its close."""
    is_open = (Task.case_id == case.id, Task.status == TaskStatus.OPEN)
    open_q = select(func.count()).select_from(Task).where(*is_open)
    open_tasks = session.exec(open_q).one()
    overdue = session.exec(open_q.where(col(Task.due_at) <= now)).one()
    next_due = session.exec(
        select(Task).where(*is_open, col(Task.due_at) > now).order_by(col(Task.due_at)).limit(1)
    ).first()
    first_overdue = None
    if overdue:
        first_overdue = session.exec(
            select(Task)
            .where(*is_open, col(Task.due_at) <= now)
            .order_by(col(Task.due_at), col(Task.number))
            .limit(1)
        ).first()
    closed = last_close(session, case=case) if case.status == CaseStatus.CLOSED else None
    return CaseSummary(
        case=case,
        open_tasks=open_tasks,
        overdue=overdue,
        next_due=next_due,
        court=court_label(session, case=case),
        first_overdue=first_overdue,
        closed_at=closed.at if closed else None,
        closed_by=closed.actor_id if closed else None,
    )


def last_close(session: Session, *, case: Case) -> AuditEvent | None:
    """The audited event that last closed the case (who and when), or None."""
    return session.exec(
        select(AuditEvent)
        .where(AuditEvent.case_id == case.id, AuditEvent.action == AuditAction.CASE_CLOSE)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(1)
    ).first()


def summarize(
    session: Session,
    *,
    channel_id: str,
    now: datetime,
    viewer_id: str | None = None,
    members: set[str] | None = None,
) -> CaseSummary:
    """The channel's case with open/overdue task counts, its next due and oldest overdue task and
    a closed case's close, in one statement (`_summary_query`); nothing shown to a non-member."""
    found = session.execute(_summary_query(), {"channel_id": channel_id, "now": now}).first()
    if found is None:
        case_for_channel(session, channel_id=channel_id)  # NotFound, saying how to open one
    assert found is not None
    # the workspace, held here, is in the session: court_label reads it from there, not again
    case, workspace, next_due, open_count, overdue_count, first_late, closed = found
    if viewer_id is not None:
        require_member(viewer_id, members or set())
    court = court_label(session, case=case)
    del workspace
    closed = closed if case.status == CaseStatus.CLOSED else None
    return CaseSummary(
        case,
        open_count,
        overdue_count,
        next_due,
        court,
        first_overdue=first_late,
        closed_at=closed.at if closed else None,
        closed_by=closed.actor_id if closed else None,
    )


@cache
def _summary_query() -> Any:
    """summarize's one statement, built once (aliases and correlated subqueries cost more to
    build than to run): the case, its workspace, the next due and oldest overdue task, its last
    close and both counts, for the :channel_id at :now."""
    now: Any = bindparam("now")  # typed by the due_at it is compared with
    is_open = (col(Task.case_id) == col(Case.id), col(Task.status) == TaskStatus.OPEN)
    open_tasks = select(func.count()).select_from(Task).where(*is_open)
    overdue = open_tasks.where(col(Task.due_at) <= now)

    def first(*where: Any, order: tuple[Any, ...]) -> Any:
        query = select(col(Task.id)).where(*is_open, *where).order_by(*order).limit(1)
        return query.correlate(Case).scalar_subquery()

    next_id = first(col(Task.due_at) > now, order=(col(Task.due_at), col(Task.id)))
    late_id = first(col(Task.due_at) <= now, order=(col(Task.due_at), col(Task.number)))
    close_id = (  # the audited close, shown while the case is closed
        select(col(AuditEvent.id))
        .where(col(AuditEvent.case_id) == col(Case.id))
        .where(col(AuditEvent.action) == AuditAction.CASE_CLOSE)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(1)
        .correlate(Case)
        .scalar_subquery()
    )
    upcoming, late, closing = aliased(Task), aliased(Task), aliased(AuditEvent)
    return (
        sa_select(
            Case,
            Workspace,
            upcoming,
            open_tasks.correlate(Case).scalar_subquery().label("open_tasks"),
            overdue.correlate(Case).scalar_subquery().label("overdue"),
            late,
            closing,
        )
        .outerjoin(Workspace, col(Workspace.id) == col(Case.team_id))
        .outerjoin(upcoming, col(upcoming.id) == next_id)
        .outerjoin(late, col(late.id) == late_id)
        .outerjoin(closing, col(closing.id) == close_id)
        .where(col(Case.channel_id) == bindparam("channel_id"))
    )


@dataclass(frozen=True)
class CourtSetting:
    """What `/case set court` sets: a jurisdiction, a federal district, a zone."""

    jurisdiction: str
    district: str | None
    zone: str | None

    def apply(self, case: Case) -> None:
        """Set it on the case."""
        case.jurisdiction, case.court_district, case.court_zone = (
            self.jurisdiction,
            self.district,
            self.zone,
        )


COURT_EXAMPLE = (
    "`/case set court SDNY`, `/case set court America/Chicago` or `/case set court US-CA`"
)


def court_label(session: Session, *, case: Case, court: CourtSetting | None = None) -> str:
    """'US-FED · SDNY · Eastern time': the court and the zone its date-only deadlines end in
    (with `court`: as they would be once it is set)."""
    if court is None:
        court = CourtSetting(case.jurisdiction, case.court_district, case.court_zone)
    zone = court_zone(session, case=case, court=(court.jurisdiction, court.zone))
    parts = [court.jurisdiction, court.district, f"{zone_name(zone)} time"]
    return " · ".join(p for p in parts if p)
