"""Claims on outbox rows: a short, renewed lease under a token; only its holder records.

A sender claims due rows (one token per batch), renews the lease while it sends, and records
each row's outcome only while its token still holds the row: a sender that lost its claim (it
stalled past the lease and another took over) records nothing and sends nothing more.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Update,
    bindparam,
    case,
    exists,
    func,
    or_,
    update,
)
from sqlmodel import Session, col, select

from bot.models import Outbox, Task
from bot.vocab import OutboxStatus

LEASE = timedelta(seconds=45)  # the default (DOCKET_LEASE_SECONDS); renewed every third of it
RENEW = LEASE / 3
IN_DOUBT = "in_doubt"  # last_error of a row whose sender died mid-send: it may be in Slack
MAX_ATTEMPTS = 6  # a row Docket itself cannot compose or send (a bug): told after 6 tries
# Slack failing (5xx, no answer, unreachable) is an outage, not the message's fault: the row is
# tried again every RETRY_CAP at most, for about a day (OUTAGE_ATTEMPTS), before it is given up
# and the lead told. Slack's own outages last minutes to hours; a reminder late is not lost.
RETRY_CAP = 300.0
OUTAGE_ATTEMPTS = 300
INTERNAL = "internal_error"


def exhausted(attempts: int, reason: str) -> bool:
    """Whether a row that failed `attempts` times for `reason` has had its last try."""
    return attempts >= (MAX_ATTEMPTS if reason == INTERNAL else OUTAGE_ATTEMPTS)


OPEN = (OutboxStatus.PENDING, OutboxStatus.SENDING)


def _claimable(now: BindParameter[Any]) -> ColumnElement[bool]:
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
    lease: timedelta = LEASE,
) -> list[Outbox]:
    """Claim due rows with a short lease under one new token (PostgreSQL: SKIP LOCKED).

    No other sender can claim them until the lease ends (renew it while sending); only the
    holder of the token can record their outcome. A row whose earlier claim expired while it
    was being sent (its sender died) comes back marked IN_DOUBT: it may already be in Slack.
    Commit before sending.
    """
    dialect = session.get_bind().dialect.name
    params: dict[str, Any] = {
        "now": now,
        "batch": limit,
        "until": now + lease,
        "token": uuid.uuid4().hex,
    }
    if task_ids is not None:
        params["only_tasks"] = list(task_ids)
    statement = _claim_statement(dialect, task_ids is not None)
    claimed = session.execute(statement, params)
    rows = list(claimed.scalars())
    return sorted(rows, key=lambda r: (r.due_at, r.id or 0))


@cache
def _claim_statement(dialect: str, of_tasks: bool) -> Any:
    """claim's UPDATE ... RETURNING, built once per dialect (bound parameters: now, batch,
    until, token and, with of_tasks, only_tasks)."""
    now: BindParameter[Any] = bindparam("now", type_=Outbox.__table__.c.due_at.type)  # type: ignore[attr-defined]
    due = (
        select(Outbox.id)
        .where(_claimable(now))
        .order_by(col(Outbox.due_at), col(Outbox.id))
        .limit(bindparam("batch"))
    )
    if of_tasks:
        due = due.where(col(Outbox.task_id).in_(bindparam("only_tasks", expanding=True)))
    chosen: Any = due.scalar_subquery()
    if dialect == "postgresql":
        # The batch is locked first, then updated, in one statement: a MATERIALIZED CTE runs
        # `LIMIT ... FOR UPDATE SKIP LOCKED` once. As a plain subquery of the UPDATE, PostgreSQL
        # may run it again for each row, skipping the rows the UPDATE has just changed and so
        # taking every due row, whatever the limit.
        locked = due.with_for_update(skip_locked=True).cte("chosen").prefix_with("MATERIALIZED")
        chosen = select(locked.c.id)
    died = (col(Outbox.status) == OutboxStatus.SENDING) & col(Outbox.claim_token).is_not(None)
    return (
        update(Outbox)
        .where(col(Outbox.id).in_(chosen), _claimable(now))
        .values(
            status=OutboxStatus.SENDING,
            lease_until=bindparam("until"),
            attempts=Outbox.attempts + 1,
            claim_token=bindparam("token"),
            # read before the update: a row still "sending" under a claim is a dead sender's
            last_error=case((died, IN_DOUBT), else_=col(Outbox.last_error)),
        )
        .returning(Outbox)
        .execution_options(synchronize_session=False, populate_existing=True)
    )


def renew(
    session: Session, *, claim_token: str, now: datetime, lease: timedelta = LEASE
) -> set[int]:
    """Extend the lease of the rows this claim still holds; their ids (the rest were lost)."""
    return renew_all(session, claim_tokens=[claim_token], now=now, lease=lease)


def renew_all(
    session: Session, *, claim_tokens: Iterable[str], now: datetime, lease: timedelta = LEASE
) -> set[int]:
    """Extend the lease of the rows these claims still hold, in one statement; their ids."""
    tokens = sorted(set(claim_tokens))
    if not tokens:
        return set()
    held = session.exec(
        update(Outbox)
        .where(col(Outbox.claim_token).in_(tokens), col(Outbox.status) == OutboxStatus.SENDING)
        .values(lease_until=now + lease)
        .returning(col(Outbox.id))
        .execution_options(synchronize_session=False)
    )
    return {row_id for (row_id,) in held}


def _held(row_id: int, claim_token: str) -> ColumnElement[bool]:
    """The row, while this claim holds it (a sender that lost its claim records nothing)."""
    return (
        (col(Outbox.id) == row_id)
        & (col(Outbox.claim_token) == claim_token)
        & (col(Outbox.status) == OutboxStatus.SENDING)
    )


def _record(session: Session, row_id: int, held_by: str, **values: Any) -> bool:
    result = session.exec(
        update(Outbox)
        .where(_held(row_id, held_by))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def mark_sent(
    session: Session,
    *,
    row_id: int,
    claim_token: str,
    ts: str | None,
    now: datetime,
    late: bool,
    card_of: int | None = None,
) -> bool:
    """Record a delivered row with Slack's ts; False if this claim no longer holds it.

    card_of: the task whose card the row posted, which remembers where its card is (its first
    card's ts), only while the claim holds the row. On PostgreSQL that is the same statement,
    which needs no transaction of its own (run it outside one: a single round trip).
    """
    params = {"row_id": row_id, "held_by": claim_token, "at_ts": ts, "at": now, "was_late": late}
    connection = session.connection()
    if card_of is None or ts is None:
        return bool(connection.execute(_sent_statement(), params).rowcount)
    params["card_task"] = card_of
    if connection.dialect.name == "postgresql":
        return bool(connection.execute(_sent_card_statement(), params).scalar())
    held = bool(connection.execute(_sent_statement(), params).rowcount)
    if held:
        connection.execute(_card_statement(), params)
    return held


@cache
def _sent_statement() -> Update:
    """mark_sent's UPDATE on the table, built once (the commonest record: every post makes one).

    Core, not the ORM's bulk UPDATE (synchronize_session=False did no more); bound parameters.
    """
    table = Outbox.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(
            table.c.id == bindparam("row_id"),
            table.c.claim_token == bindparam("held_by"),
            table.c.status == OutboxStatus.SENDING,
        )
        .values(
            status=OutboxStatus.SENT,
            ts=bindparam("at_ts"),
            sent_at=bindparam("at"),
            lease_until=None,
            late=bindparam("was_late"),
            last_error=None,
        )
    )


@cache
def _card_statement() -> Update:
    """The task's card is at at_ts, unless it had one already (bound parameter: card_task).

    No parameter is named as a column: an UPDATE sets a column named by an extra parameter.
    """
    table = Task.__table__  # type: ignore[attr-defined]
    return (
        update(table)
        .where(
            table.c.id == bindparam("card_task"),
            or_(table.c.card_ts.is_(None), table.c.card_ts == ""),
        )
        .values(card_ts=bindparam("at_ts"))
    )


@cache
def _sent_card_statement() -> Any:
    """PostgreSQL: the row marked sent and, if that held, its task's card, in one statement
    (data-modifying CTEs); it returns how many rows were marked sent (0 or 1)."""
    sent = _sent_statement().returning(Outbox.__table__.c.id).cte("sent")  # type: ignore[attr-defined]
    card = _card_statement().where(exists(select(sent.c.id))).cte("card")
    return select(func.count()).select_from(sent).add_cte(card)


def mark_skipped(
    session: Session, *, row_id: int, claim_token: str, reason: str, now: datetime
) -> bool:
    """Record a row deliberately not sent (nothing to say, recipient left, too late)."""
    return _record(
        session,
        row_id,
        claim_token,
        status=OutboxStatus.SKIPPED,
        last_error=reason[:200],
        sent_at=now,
        lease_until=None,
    )


def mark_failed(
    session: Session, *, row_id: int, claim_token: str, reason: str, now: datetime
) -> bool:
    """Record a row that cannot be delivered, with Slack's reason; it is not retried."""
    values = {"status": OutboxStatus.FAILED, "last_error": reason[:200], "lease_until": None}
    return _record(session, row_id, claim_token, **values)


def retry_later(
    session: Session, *, row_id: int, claim_token: str, reason: str, now: datetime, wait: float
) -> bool:
    """Put a row back for another try after `wait` seconds; False once attempts run out."""
    row = session.get(Outbox, row_id)
    if row is None or row.claim_token != claim_token or row.status != OutboxStatus.SENDING:
        return False
    if exhausted(row.attempts, reason):
        mark_failed(session, row_id=row_id, claim_token=claim_token, reason=reason, now=now)
        return False
    later = max(row.due_at, now + timedelta(seconds=min(wait, RETRY_CAP)))
    values = {"status": OutboxStatus.PENDING, "last_error": reason[:200], "lease_until": None}
    return _record(session, row_id, claim_token, **values, due_at=later)


def in_doubt(
    session: Session, *, row_id: int, claim_token: str, now: datetime, wait: float
) -> bool:
    """A post whose answer never came (it may be in Slack): tried again after `wait` seconds,
    marked IN_DOUBT so history is read first, its due time kept (history is read from it);
    False once attempts run out."""
    row = session.get(Outbox, row_id)
    if row is None or row.claim_token != claim_token or row.status != OutboxStatus.SENDING:
        return False
    if exhausted(row.attempts, IN_DOUBT):
        mark_failed(session, row_id=row_id, claim_token=claim_token, reason=IN_DOUBT, now=now)
        return False
    until = now + timedelta(seconds=min(wait, RETRY_CAP))
    return _record(
        session, row_id, claim_token, claim_token=None, lease_until=until, last_error=IN_DOUBT
    )


def back_off(
    session: Session, *, row_id: int, claim_token: str, reason: str, until: datetime
) -> bool:
    """Slack asked to wait (429): the row goes back until `until`, its try not counted."""
    return _record(
        session,
        row_id,
        claim_token,
        status=OutboxStatus.PENDING,
        last_error=reason[:200],
        lease_until=None,
        claim_token=None,
        attempts=case((col(Outbox.attempts) > 0, col(Outbox.attempts) - 1), else_=0),
        due_at=case((col(Outbox.due_at) < until, until), else_=col(Outbox.due_at)),
    )


def hold(session: Session, *, row_id: int, claim_token: str, reason: str, until: datetime) -> bool:
    """Keep a claimed row back until `until` without counting the try (its due time is kept).

    The row stays leased; when the lease ends it is claimable again, and sent late if so.
    """
    return _record(
        session,
        row_id,
        claim_token,
        lease_until=until,
        claim_token=None,
        attempts=case((col(Outbox.attempts) > 0, col(Outbox.attempts) - 1), else_=0),
        last_error=reason[:200],
    )


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
