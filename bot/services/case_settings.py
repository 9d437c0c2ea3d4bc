"""Changing a case (audited, once): rename, matter, lead, jurisdiction, court, alerts, close."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from bot.courts.jurisdictions import COURTS
from bot.courts.zones import district_zone
from bot.models import AuditEvent, Case, Task
from bot.offsets import Offsets, labels
from bot.services import alerts, audit, dues, notify
from bot.services.cases import COURT_EXAMPLE, CourtSetting, clean_matter, clean_name, court_label
from bot.services.errors import Conflict, Forbidden, Invalid, quoted
from bot.services.lookup import case_for_channel
from bot.services.permissions import lead_of, require_member
from bot.services.policy import parse_offsets
from bot.services.zones import is_zone
from bot.vocab import AuditAction, TaskStatus

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
class CaseChange:
    """A case after one change, the audit event of that change, and whether it was a retry."""

    case: Case
    event: AuditEvent
    replayed: bool = False


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
            typed = f"`{quoted(code[:20])}`" if code else "that"
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
    if lead_only:
        require_lead(case, actor_id=actor_id, what=what)
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


def require_lead(case: Case, *, actor_id: str, what: str) -> None:
    """Forbidden unless actor_id leads the case (with no lead, anyone here may set one)."""
    leaderless = case.lead_id is None and what == "lead"  # the lead left: anyone here sets one
    if actor_id != lead_of(case) and not leaderless:
        raise Forbidden(
            f"Only the case lead (<@{lead_of(case)}>) can {LEAD_ONLY}. "
            "Ask them to do it, or to make you the lead."
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
    shown = f"`{quoted(typed[:40])}`" if typed else "that"
    raise Invalid(
        f"I don't know {shown} as a court. Give a federal district, a time zone or a "
        f"jurisdiction: {COURT_EXAMPLE}."
    )


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
