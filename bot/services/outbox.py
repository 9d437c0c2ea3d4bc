"""The outbox: each message Docket owes Slack is a row, claimed with a lease and sent once."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import or_, update
from sqlmodel import Session, col, select

from bot.models import Outbox
from bot.services import rows
from bot.services.claims import (
    IN_DOUBT,
    INTERNAL,
    LEASE,
    MAX_ATTEMPTS,
    OPEN,
    OUTAGE_ATTEMPTS,
    RENEW,
    back_off,
    claim,
    exhausted,
    hold,
    in_doubt,
    mark_failed,
    mark_sent,
    mark_skipped,
    release,
    renew,
    renew_all,
    retry_later,
)
from bot.vocab import OutboxKind, OutboxStatus

__all__ = [  # the claims are outbox.claim, outbox.mark_sent ... to their callers
    "IN_DOUBT",
    "INTERNAL",
    "LEASE",
    "MAX_ATTEMPTS",
    "OPEN",
    "OUTAGE_ATTEMPTS",
    "RENEW",
    "back_off",
    "cancel",
    "claim",
    "exhausted",
    "hold",
    "in_doubt",
    "mark_failed",
    "mark_sent",
    "mark_skipped",
    "next_due",
    "oldest_due",
    "payload",
    "plan",
    "plan_many",
    "put",
    "release",
    "renew",
    "renew_all",
    "retry_later",
    "Row",
    "still_open",
]


@dataclass(frozen=True)
class Row:
    """One message to plan: its key (one row per key), kind, recipient, moment and payload."""

    key: str
    kind: OutboxKind
    team_id: str
    recipient: str
    due_at: datetime
    case_id: int | None = None
    task_id: int | None = None
    payload: dict[str, Any] | None = None


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
    row = Row(key, kind, team_id, recipient, due_at, case_id, task_id, payload)
    return plan_many(session, [row])[0]


def plan_many(session: Session, planned: Sequence[Row]) -> list[Outbox]:
    """Plan several messages in one statement (`plan` for each, in order); their rows back.

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING: a pending (or cancelled) row with the
    same key is moved, a sent one kept (and read back). Rows are numbered in the order given,
    which is the order they are sent in.
    """
    unique = {row.key: row for row in planned}  # the same key twice: the later plan stands
    if not unique:
        return []
    stmt = _upsert(rows.insert_into(session, Outbox))
    fresh = {"populate_existing": True}
    values = _values(unique.values())
    returned = session.scalars(stmt.returning(Outbox), values, execution_options=fresh)
    found = {o.key: o for o in returned}
    kept = [key for key in unique if key not in found]  # sent (or being sent): left as it is
    if kept:
        query = select(Outbox).where(col(Outbox.key).in_(kept)).execution_options(**fresh)
        found.update((o.key, o) for o in session.exec(query))
    return [found[row.key] for row in planned]


def put(session: Session, planned: Sequence[Row]) -> None:
    """`plan_many` without reading the rows back (a new task's messages: nobody reads them).

    The same INSERT ... ON CONFLICT DO UPDATE on the table (no ORM objects made or refreshed),
    returning only ids, so it still goes as one statement. Rows of these keys loaded in this
    session are not refreshed: only for keys no row of this session holds.
    """
    unique = {row.key: row for row in planned}
    if unique:
        session.execute(_put_statement(session), _values(unique.values()))


_PUT: dict[str, Any] = {}  # dialect name -> put's statement, built once (it never changes)


def _put_statement(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    stmt = _PUT.get(dialect)
    if stmt is None:
        stmt = _upsert(rows.table_insert(session, Outbox))
        stmt = _PUT[dialect] = stmt.returning(stmt.table.c.id)
    return stmt


def _values(planned: Iterable[Row]) -> list[dict[str, Any]]:
    """The rows' column values as executemany parameters."""
    return [
        {
            "key": row.key,
            "kind": row.kind,
            "team_id": row.team_id,
            "recipient": row.recipient,
            "due_at": row.due_at,
            "case_id": row.case_id,
            "task_id": row.task_id,
            "payload": None if row.payload is None else json.dumps(row.payload, sort_keys=True),
            "status": OutboxStatus.PENDING,
            "attempts": 0,
            "late": False,
        }
        for row in planned
    ]


def _upsert(stmt: Any) -> Any:
    """The plan's ON CONFLICT clause: a pending (or cancelled) row with the key is moved."""
    # The values go as executemany parameters, not .values([...]): the statement is then
    # compiled once per process and cached (a multi-VALUES statement is compiled anew every
    # time, 2-3 ms), and SQLAlchemy still sends it as one INSERT (insertmanyvalues).
    return stmt.on_conflict_do_update(
        index_elements=["key"],
        set_={name: stmt.excluded[name] for name in ("status", "recipient", "due_at", "payload")},
        # two comparisons, not IN (...): an expanding IN cannot be sent as executemany
        where=or_(
            col(Outbox.status) == OutboxStatus.PENDING,
            col(Outbox.status) == OutboxStatus.CANCELLED,
        ),
    )


def cancel(
    session: Session, *, task_id: int, kinds: Iterable[OutboxKind], keep: Iterable[str] = ()
) -> int:
    """Cancel the task's pending rows of these kinds, except those whose key is in keep.

    One UPDATE (rows loaded in this session are kept in step with it).
    """
    keep = sorted(set(keep))
    stmt = update(Outbox).where(
        col(Outbox.task_id) == task_id,
        col(Outbox.kind).in_(list(kinds)),
        col(Outbox.status) == OutboxStatus.PENDING,
    )
    if keep:
        stmt = stmt.where(col(Outbox.key).not_in(keep))
    stmt = stmt.values(status=OutboxStatus.CANCELLED).returning(col(Outbox.id))
    done = session.execute(stmt.execution_options(synchronize_session="fetch"))
    return len(done.all())


def payload(row: Outbox) -> dict[str, Any]:
    """The row's payload as a dict."""
    return json.loads(row.payload) if row.payload else {}


def next_due(session: Session) -> datetime | None:
    """When the earliest open row can next be claimed (the sandbox skips idle ticks).

    One statement: the earliest pending row's due time and the earliest lease to end, each
    read from its index.
    """
    found = session.exec(_next_due_statement()).one()
    moments = [m for m in found if m is not None]
    return min(moments) if moments else None


@cache
def _next_due_statement() -> Any:
    """next_due's statement, built once (it has no parameters; the courier asks after each wake)."""
    pending = (
        select(Outbox.due_at)
        .where(Outbox.status == OutboxStatus.PENDING)
        .order_by(col(Outbox.due_at))
        .limit(1)
        .scalar_subquery()
    )
    leased = (
        select(Outbox.lease_until)
        .where(Outbox.status == OutboxStatus.SENDING)
        .order_by(col(Outbox.lease_until))
        .limit(1)
        .scalar_subquery()
    )
    return select(pending, leased)


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
