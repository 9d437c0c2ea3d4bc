"""The outbox: each message Docket owes Slack is a row, claimed with a lease and sent once."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from bot.models import Outbox
from bot.services import rows
from bot.services.claims import (
    IN_DOUBT,
    LEASE,
    MAX_ATTEMPTS,
    OPEN,
    RENEW,
    back_off,
    claim,
    hold,
    mark_failed,
    mark_sent,
    mark_skipped,
    release,
    renew,
    retry_later,
)
from bot.vocab import OutboxKind, OutboxStatus

__all__ = [  # the claims are outbox.claim, outbox.mark_sent ... to their callers
    "IN_DOUBT",
    "LEASE",
    "MAX_ATTEMPTS",
    "OPEN",
    "RENEW",
    "back_off",
    "cancel",
    "claim",
    "hold",
    "mark_failed",
    "mark_sent",
    "mark_skipped",
    "next_due",
    "oldest_due",
    "payload",
    "plan",
    "release",
    "renew",
    "retry_later",
    "still_open",
]


def plan(
    session: Session,
    *,
    key: str,
    kind: OutboxKind,
    team_id: str,
    recipient: str,
    due_at: datetime,
    case_id: int | None = None,
    task_id: int | None = None,
    payload: dict[str, Any] | None = None,
) -> Outbox:
    """Plan a message once per key; a pending row with the same key is moved, a sent one kept.

    One upsert: two processes planning the same key at once both succeed, with one row.
    """
    data = None if payload is None else json.dumps(payload, sort_keys=True)
    values = {
        "key": key,
        "kind": kind,
        "team_id": team_id,
        "recipient": recipient,
        "due_at": due_at,
        "case_id": case_id,
        "task_id": task_id,
        "payload": data,
        "status": OutboxStatus.PENDING,
        "attempts": 0,
        "late": False,
    }
    rows.upsert(
        session,
        Outbox,
        values,
        keys=["key"],
        update_columns=["status", "recipient", "due_at", "payload"],
        where=col(Outbox.status).in_([OutboxStatus.PENDING, OutboxStatus.CANCELLED]),
    )
    query = select(Outbox).where(Outbox.key == key)
    return session.exec(query.execution_options(populate_existing=True)).one()


def cancel(
    session: Session, *, task_id: int, kinds: Iterable[OutboxKind], keep: Iterable[str] = ()
) -> int:
    """Cancel the task's pending rows of these kinds, except those whose key is in keep."""
    keep = set(keep)
    rows = session.exec(
        select(Outbox).where(
            Outbox.task_id == task_id,
            col(Outbox.kind).in_(list(kinds)),
            Outbox.status == OutboxStatus.PENDING,
        )
    ).all()
    cancelled = 0
    for row in rows:
        if row.key not in keep:
            row.status = OutboxStatus.CANCELLED
            session.add(row)
            cancelled += 1
    return cancelled


def payload(row: Outbox) -> dict[str, Any]:
    """The row's payload as a dict."""
    return json.loads(row.payload) if row.payload else {}


def next_due(session: Session) -> datetime | None:
    """When the earliest open row can next be claimed (the sandbox skips idle ticks)."""
    pending = session.exec(
        select(Outbox.due_at)
        .where(Outbox.status == OutboxStatus.PENDING)
        .order_by(col(Outbox.due_at))
        .limit(1)
    ).first()
    leased = session.exec(
        select(Outbox.lease_until)
        .where(Outbox.status == OutboxStatus.SENDING)
        .order_by(col(Outbox.lease_until))
        .limit(1)
    ).first()
    moments = [m for m in (pending, leased) if m is not None]
    return min(moments) if moments else None


def oldest_due(session: Session, *, now: datetime) -> datetime | None:
    """When the oldest open row that is due now fell due (for the outbox lag metric)."""
    return session.exec(
        select(Outbox.due_at)
        .where(col(Outbox.status).in_(OPEN), col(Outbox.due_at) <= now)
        .order_by(col(Outbox.due_at))
        .limit(1)
    ).first()


def still_open(session: Session, *, row_ids: Iterable[int]) -> set[int]:
    """Which of these rows are still waiting to be sent."""
    ids = list(row_ids)
    if not ids:
        return set()
    found = session.exec(
        select(Outbox.id).where(col(Outbox.id).in_(ids), col(Outbox.status).in_(OPEN))
    ).all()
    return {row_id for row_id in found if row_id is not None}
