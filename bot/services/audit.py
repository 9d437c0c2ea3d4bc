"""The audit trail: every change to a case or task is recorded here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from bot.models import AuditEvent, RequestKey
from bot.services import rows
from bot.services.errors import Conflict
from bot.vocab import AuditAction

AUDIT = AuditEvent.__table__  # type: ignore[attr-defined]


def record(
    session: Session,
    *,
    case_id: int,
    actor_id: str,
    action: AuditAction,
    at: datetime,
    task_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Add one audit event (before/after are stored as JSON)."""
    event = AuditEvent(**_columns(case_id, task_id, actor_id, action, at, before, after))
    session.add(event)
    return event


def write(
    session: Session,
    *,
    case_id: int,
    actor_id: str,
    action: AuditAction,
    at: datetime,
    task_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """`record`, written at once in one INSERT (no object for the session to flush)."""
    values = _columns(case_id, task_id, actor_id, action, at, before, after)
    session.connection().execute(insert(AUDIT), values)


def _columns(
    case_id: int,
    task_id: int | None,
    actor_id: str,
    action: AuditAction,
    at: datetime,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    """An event's column values, before/after as JSON (for `record` and `write` alike)."""
    return {
        "case_id": case_id,
        "task_id": task_id,
        "actor_id": actor_id,
        "action": action,
        "at": at,
        "before": None if before is None else json.dumps(before, sort_keys=True, default=str),
        "after": None if after is None else json.dumps(after, sort_keys=True, default=str),
    }


def history(session: Session, *, case_id: int, limit: int = 20) -> list[AuditEvent]:
    """The latest audit events of a case, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.case_id == case_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def task_history(session: Session, *, task_id: int, limit: int = 50) -> list[AuditEvent]:
    """The audit events of one task, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.task_id == task_id)
        .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def seen_request(session: Session, key: str | None) -> RequestKey | None:
    """The record of an already handled request with this key, if any."""
    return None if not key else session.get(RequestKey, key)


def remember_request(
    session: Session,
    *,
    key: str | None,
    kind: str,
    ref_id: int | None,
    at: datetime,
    refs: list[int] | None = None,
) -> None:
    """Remember a handled request so a retry of it changes nothing.

    The key is inserted unless present: when a retry of this request was handled at the same
    moment, Conflict rolls this one back (the other's answer stands), never a unique violation.
    """
    if key:
        joined = ",".join(str(r) for r in refs) if refs else None
        values = {"key": key, "kind": kind, "ref_id": ref_id, "refs": joined, "at": at}
        if not rows.insert_missing(session, RequestKey, values, keys=["key"]):
            raise Conflict("That request was already handled a moment ago; nothing was done twice.")


def replayed_refs(session: Session, key: str | None) -> list[int] | None:
    """The ids a request with this key made, if it was handled already."""
    return refs_of(seen_request(session, key))


def refs_of(seen: RequestKey | None) -> list[int] | None:
    """The ids a handled request made, as its key records them (None: not handled)."""
    if seen is None:
        return None
    if seen.refs:
        return [int(r) for r in seen.refs.split(",")]
    return [seen.ref_id] if seen.ref_id is not None else []
