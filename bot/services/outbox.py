"""The outbox: each message Docket owes Slack is a row, claimed with a lease and sent once."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_, update
from sqlmodel import Session, col, select

from bot.models import Outbox
from bot.services import rows
from bot.vocab import OutboxKind, OutboxStatus

LEASE = timedelta(minutes=2)
MAX_ATTEMPTS = 6
OPEN = (OutboxStatus.PENDING, OutboxStatus.SENDING)


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


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Due rows not being sent, or whose sender's lease ran out.

    A row is only ever claimed once due, so `due_at <= now` holds for both; putting it first
    lets the partial index on open rows' due_at find just the due ones, however many wait.
    """
    return (
        col(Outbox.status).in_(OPEN)
        & (col(Outbox.due_at) <= now)
        & or_(col(Outbox.status) == OutboxStatus.PENDING, col(Outbox.lease_until) < now)
    )


def claim(
    session: Session,
    *,
    now: datetime,
    limit: int = 100,
    task_ids: Iterable[int] | None = None,
) -> list[Outbox]:
    """Claim due rows with a lease in one statement (PostgreSQL: FOR UPDATE SKIP LOCKED).

    No other process can claim them until the lease ends; commit before sending.
    """
    due = (
        select(Outbox.id)
        .where(_claimable(now))
        .order_by(col(Outbox.due_at), col(Outbox.id))
        .limit(limit)
    )
    if task_ids is not None:
        due = due.where(col(Outbox.task_id).in_(list(task_ids)))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    token = uuid.uuid4().hex
    session.exec(
        update(Outbox)
        .where(col(Outbox.id).in_(due.scalar_subquery()), _claimable(now))
        .values(
            status=OutboxStatus.SENDING,
            lease_until=now + LEASE,
            attempts=Outbox.attempts + 1,
            claim_token=token,
        )
        .execution_options(synchronize_session=False)
    )
    rows = session.exec(select(Outbox).where(Outbox.claim_token == token)).all()
    return sorted(rows, key=lambda r: (r.due_at, r.id or 0))


def mark_sent(session: Session, *, row_id: int, ts: str | None, now: datetime, late: bool) -> None:
    """Record a delivered row with Slack's ts (one statement: this is the hot path)."""
    session.exec(
        update(Outbox)
        .where(col(Outbox.id) == row_id)
        .values(
            status=OutboxStatus.SENT,
            ts=ts,
            sent_at=now,
            lease_until=None,
            late=late,
            last_error=None,
        )
        .execution_options(synchronize_session=False)
    )


def mark_skipped(session: Session, *, row_id: int, reason: str, now: datetime) -> None:
    """Record a row deliberately not sent (nothing to say, recipient left, too late)."""
    row = session.get(Outbox, row_id)
    if row is not None:
        row.status, row.last_error, row.sent_at, row.lease_until = (
            OutboxStatus.SKIPPED,
            reason[:200],
            now,
            None,
        )
        session.add(row)


def mark_failed(session: Session, *, row_id: int, reason: str, now: datetime) -> None:
    """Record a row that cannot be delivered, with Slack's reason; it is not retried."""
    row = session.get(Outbox, row_id)
    if row is not None:
        row.status, row.last_error, row.lease_until = OutboxStatus.FAILED, reason[:200], None
        session.add(row)


def retry_later(session: Session, *, row_id: int, reason: str, now: datetime, wait: float) -> bool:
    """Put a row back for another try after `wait` seconds; False once attempts run out."""
    row = session.get(Outbox, row_id)
    if row is None:
        return False
    if row.attempts >= MAX_ATTEMPTS:
        row.status, row.last_error, row.lease_until = OutboxStatus.FAILED, reason[:200], None
        session.add(row)
        return False
    row.status, row.last_error, row.lease_until = OutboxStatus.PENDING, reason[:200], None
    row.due_at = max(row.due_at, now + timedelta(seconds=wait))
    session.add(row)
    return True


def hold(session: Session, *, row_id: int, reason: str, until: datetime) -> None:
    """Keep a claimed row back until `until` without counting the try (its due time is kept).

    The row stays leased; when the lease ends it is claimable again, and sent late if so.
    """
    row = session.get(Outbox, row_id)
    if row is not None:
        row.status, row.lease_until, row.claim_token = OutboxStatus.SENDING, until, None
        row.attempts, row.last_error = max(row.attempts - 1, 0), reason[:200]
        session.add(row)


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


def release(session: Session, *, claim_token: str, row_ids: Iterable[int]) -> int:
    """Hand back claimed rows that were not sent (shutting down): claimable again at once.

    Only rows still held by this claim are touched; the attempt they were charged is returned.
    """
    ids = list(row_ids)
    if not ids:
        return 0
    result = session.exec(
        update(Outbox)
        .where(
            col(Outbox.id).in_(ids),
            col(Outbox.status) == OutboxStatus.SENDING,
            col(Outbox.claim_token) == claim_token,
        )
        .values(
            status=OutboxStatus.PENDING,
            lease_until=None,
            claim_token=None,
            attempts=Outbox.attempts - 1,
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)
