"""Cases: one per Slack channel; open one, look it up, sum it up, change it (audited)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, func, select

from bot.courts.jurisdictions import COURTS
from bot.courts.zones import district_zone, zone_name
from bot.models import AuditEvent, Case, Task, Workspace
from bot.offsets import Offsets, labels
from bot.services import alerts, audit, digests, dues, notify, rows
from bot.services.errors import Conflict, Forbidden, Invalid
from bot.services.lookup import case_for_channel, held
from bot.services.permissions import lead_of, require_member
from bot.services.policy import parse_offsets
from bot.services.zones import court_zone, is_zone
from bot.vocab import AuditAction, TaskStatus

__all__ = ["lead_of", "require_member"]  # re-exported: handlers and export use them here
NAME_MAX = 200
MATTER_MAX = 64
LEAD_ONLY = "close or reopen the case, change its lead or change its court or jurisdiction"
# /case verb -> (audit action, Case field, may only the lead do it?)
CHANGES = {
    "rename": (AuditAction.CASE_RENAME, "name", False),
    "matter": (AuditAction.CASE_MATTER, "matter_number", False),
    "lead": (AuditAction.CASE_LEAD, "lead_id", True),
    "jurisdiction": (AuditAction.CASE_JURISDICTION, "jurisdiction", True),
    "alerts": (AuditAction.CASE_ALERTS, "alert_offsets", True),  # audit key; two columns
    "court": (AuditAction.CASE_COURT, "court", True),  # audit key; district, zone, jurisdiction
    "close": (AuditAction.CASE_CLOSE, "status", True),
    "reopen": (AuditAction.CASE_REOPEN, "status", True),
}


@dataclass(frozen=True)
class CaseSummary:
    """A case with its open-task counts by status and its next deadline."""

    case: Case
    open_tasks: int
    overdue: int
    next_due: Task | None
    court: str = ""  # jurisdiction, district and the zone its date-only deadlines end in


@dataclass(frozen=True)
class CaseChange:
    """A case after one change, the audit event of that change, and whether it was a retry."""

    case: Case
    event: AuditEvent
    replayed: bool = False


def _shown(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    seen = audit.seen_request(session, request_key)
    if seen is not None and seen.ref_id is not None:
        case = session.get(Case, seen.ref_id)
        if case is not None:
            return case
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
        case = case_for_channel(session, channel_id=channel_id)
        raise Conflict(
            f"This channel is already the case *{_shown(case.name)}*. "
            "Use `/case rename NEW NAME` to rename it, or open a new channel for another case."
        )
    case = made
    audit.record(
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

    digests.plan_digests(session, now=now, case_id=case.id)
    return case


def summary_of(session: Session, case: Case, now: datetime) -> CaseSummary:
    """A case's open and overdue task counts and its next due task."""
    open_q = (
        select(func.count())
        .select_from(Task)
        .where(Task.case_id == case.id, Task.status == TaskStatus.OPEN)
    )
    open_tasks = session.exec(open_q).one()
    overdue = session.exec(open_q.where(col(Task.due_at) <= now)).one()
    next_due = session.exec(
        select(Task)
        .where(Task.case_id == case.id, Task.status == TaskStatus.OPEN, col(Task.due_at) > now)
        .order_by(col(Task.due_at))
        .limit(1)
    ).first()
    return CaseSummary(
        case=case,
        open_tasks=open_tasks,
        overdue=overdue,
        next_due=next_due,
        court=court_label(session, case=case),
    )


def summarize(
    session: Session,
    *,
    channel_id: str,
    now: datetime,
    viewer_id: str | None = None,
    members: set[str] | None = None,
) -> CaseSummary:
    """The channel's case with open/overdue task counts and the next due task."""
    case = case_for_channel(session, channel_id=channel_id)
    if viewer_id is not None:
        require_member(viewer_id, members or set())
    return summary_of(session, case, now)


def _alerts(value: str | None, case: Case) -> tuple[Offsets | None, Offsets | None]:
    """'task 1d@09:00,1h' / 'deadline 7d@09:00,0d@09:00' / 'default' -> (task, deadline) offsets."""

    kind, _, offsets = (value or "").strip().partition(" ")
    if kind.lower() in ("default", "defaults", "reset"):
        return None, None
    if kind.lower() not in ("task", "tasks", "deadline", "deadlines") or not offsets.strip():
        raise Invalid(
            "Say which alerts and when, e.g. `/case set alerts deadline 14d@09:00, 7d@09:00, "
            "1d@09:00, 0d@09:00` or `/case set alerts task 1d@09:00, 1h`; "
            "`/case set alerts default` goes back to the workspace's."
        )
    parsed = parse_offsets(offsets)
    if kind.lower().startswith("deadline"):
        return case.task_alerts, parsed
    return parsed, case.deadline_alerts


def _alert_label(task: Offsets | None, deadline: Offsets | None) -> str | None:
    """A case's own alert times as its audit trail shows them: '{"deadline": "2d@10:00"}'."""
    data = {k: labels(v) for k, v in (("task", task), ("deadline", deadline)) if v is not None}
    return json.dumps(data, sort_keys=True) if data else None


def _value(what: str, value: str | None, members: set[str], case: Case) -> str | None:
    if what == "rename":
        return clean_name(value or "")
    if what == "matter":
        matter = clean_matter(value or "")
        return None if matter.lower() in ("none", "-") else matter
    if what == "lead":
        if not value:
            raise Invalid("Who should lead the case? Mention them: `/case set lead @bob`.")
        if value not in members:
            raise Forbidden(
                f"<@{value}> isn't in this channel, so they can't lead its case. "
                "Invite them with `/invite`, then try again."
            )
        return value
    if what == "jurisdiction":
        code = (value or "").strip().upper()
        if code not in COURTS:
            known = "\n".join(f"• `{c.code}` — {c.name}" for c in COURTS.values())
            typed = f"`{_shown(code[:20])}`" if code else "that"
            raise Invalid(f"I don't know {typed} as a jurisdiction. Docket knows:\n{known}")
        return code
    return "closed" if what == "close" else "open"


def change(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    members: set[str],
    what: str,
    value: str | None,
    now: datetime,
    request_key: str | None = None,
) -> CaseChange:
    """Rename, set matter/lead/jurisdiction, close or reopen the channel's case; audited, once."""
    action, name, lead_only = CHANGES[what]
    case = case_for_channel(session, channel_id=channel_id)
    require_member(actor_id, members)
    seen = audit.seen_request(session, request_key)
    if seen is not None and seen.kind == action and seen.ref_id is not None:
        event = session.get(AuditEvent, seen.ref_id)
        if event is not None:
            return CaseChange(case, event, replayed=True)
    leaderless = case.lead_id is None and what == "lead"  # the lead left: anyone here sets one
    if lead_only and actor_id != lead_of(case) and not leaderless:
        raise Forbidden(
            f"Only the case lead (<@{lead_of(case)}>) can {LEAD_ONLY}. "
            "Ask them to do it, or to make you the lead."
        )
    if what == "alerts":
        task_alerts, deadline_alerts = _alerts(value, case)
        old = _alert_label(case.task_alerts, case.deadline_alerts)
        new = _alert_label(task_alerts, deadline_alerts)
    elif what == "court":
        court = _court(value)
        old, new = court_label(session, case=case), court_label(session, case=case, court=court)
    else:
        new, old = _value(what, value, members, case), getattr(case, name)
    if old == new:
        label = name.removesuffix("_id").replace("_", " ")
        raise Conflict(
            f"This case is already {new}." if name == "status" else f"That is already the {label}."
        )
    if what == "alerts":
        case.task_alerts, case.deadline_alerts = task_alerts, deadline_alerts
    elif what == "court":
        court.apply(case)
    else:
        setattr(case, name, new)
    case.updated_at = now
    session.add(case)
    event = audit.record(
        session,
        case_id=case.id or 0,
        actor_id=actor_id,
        action=action,
        at=now,
        before={name: old},
        after={name: new},
    )
    session.flush()
    audit.remember_request(session, key=request_key, kind=action, ref_id=event.id, at=now)
    if what in ("court", "jurisdiction"):  # date-only dues end at the court's midnight
        _reanchor_open_tasks(session, case=case, now=now)
    if what in ("alerts", "lead", "close", "reopen"):  # who hears what, and when, changed
        replan_open_tasks(session, case=case, now=now)
    return CaseChange(case, event)


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


def _court(value: str | None) -> CourtSetting:
    typed = (value or "").strip()
    code = typed.upper()
    if code in COURTS:
        return CourtSetting(code, None, None)
    if (zone := district_zone(typed)) is not None:
        return CourtSetting("US-FED", code.replace(".", "").replace(" ", ""), zone)
    if is_zone(typed) and "/" in typed:
        return CourtSetting("US-FED", None, typed)
    shown = f"`{_shown(typed[:40])}`" if typed else "that"
    raise Invalid(
        f"I don't know {shown} as a court. Give a federal district, a time zone or a "
        f"jurisdiction: {COURT_EXAMPLE}."
    )


def court_label(session: Session, *, case: Case, court: CourtSetting | None = None) -> str:
    """'US-FED · SDNY · Eastern time': the court and the zone its date-only deadlines end in
    (with `court`: as they would be once it is set)."""
    if court is None:
        court = CourtSetting(case.jurisdiction, case.court_district, case.court_zone)
    zone = court_zone(session, case=case, court=(court.jurisdiction, court.zone))
    parts = [court.jurisdiction, court.district, f"{zone_name(zone)} time"]
    return " · ".join(p for p in parts if p)


def _reanchor_open_tasks(session: Session, *, case: Case, now: datetime) -> None:
    for task in session.exec(
        select(Task).where(Task.case_id == case.id, Task.status == TaskStatus.OPEN)
    ):
        if dues.reanchor(session, case=case, task=task):
            session.add(task)
            alerts.replan(session, case=case, task=task, now=now)
            notify.card_changed(session, case=case, task=task, now=now)


def replan_open_tasks(session: Session, *, case: Case, now: datetime) -> None:
    """Plan the alerts of every open task of the case again (who hears what, and when)."""
    for task in session.exec(
        select(Task).where(Task.case_id == case.id, Task.status == TaskStatus.OPEN)
    ):
        alerts.replan(session, case=case, task=task, now=now)
