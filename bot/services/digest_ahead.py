"""Case digests built ahead of their moment, so that at 08:30 sending one is just its post.

The clock composes the digests falling due within the next minute as of their moment (what a
digest composed at 08:30 says) and keeps the rendered message on the row with when it was built.
At send time the message is used only while it is still exactly what composing then would give:
not late, due at the moment it was built for, no change to the case since it was built (every
change is an audit event), and no open task of the case fallen due since that moment. Otherwise
the digest is composed afresh, as it always was.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, update
from sqlmodel import Session, col, select

from bot.models import AuditEvent, Outbox, Task
from bot.services import outbox
from bot.services.notice_types import LATE_AFTER
from bot.vocab import OutboxKind, OutboxStatus, TaskStatus

AHEAD = timedelta(seconds=60)  # how long before their moment digests are built
# A change whose transaction began before the build and ended after it was not seen by the
# build but is audited as of its beginning: changes this long before the build count too.
SETTLE = timedelta(seconds=60)
KEY = "prepared"


@dataclass(frozen=True)
class Prepared:
    """A digest's message, built at `built` as of `as_of` (its moment)."""

    message: dict[str, Any]
    as_of: datetime
    built: datetime


def to_prepare(session: Session, *, now: datetime, limit: int = 50) -> list[Outbox]:
    """Case digests due within AHEAD and not built yet, locked for this transaction.

    On PostgreSQL the rows are locked with SKIP LOCKED, so clocks preparing at once share them.
    """
    query = (
        select(Outbox)
        .where(
            Outbox.kind == OutboxKind.DIGEST,
            Outbox.status == OutboxStatus.PENDING,
            col(Outbox.due_at) > now,
            col(Outbox.due_at) <= now + AHEAD,
            col(Outbox.payload).is_(None),
        )
        .order_by(col(Outbox.due_at), col(Outbox.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.exec(query))


def keep(session: Session, *, row: Outbox, message: dict[str, Any] | None, built: datetime) -> bool:
    """Keep a digest's message on its row, built as of its moment; False if the row moved on.

    None: nothing was built (it would be skipped as things stand); it is composed when due.
    """
    ready = {"message": message, "as_of": row.due_at.isoformat(), "built": built.isoformat()}
    data = {KEY: ready if message is not None else None}
    result = session.exec(
        update(Outbox)
        .where(
            col(Outbox.id) == row.id,
            col(Outbox.status) == OutboxStatus.PENDING,
            col(Outbox.due_at) == row.due_at,
            col(Outbox.payload).is_(None),
        )
        .values(payload=json.dumps(data))
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)


def prepared(row: Outbox) -> Prepared | None:
    """The message built ahead for this digest row, if any."""
    data = outbox.payload(row).get(KEY) if row.kind == OutboxKind.DIGEST else None
    if not data:
        return None
    as_of = datetime.fromisoformat(data["as_of"])
    return Prepared(data["message"], as_of, datetime.fromisoformat(data["built"]))


def still_true(session: Session, *, row: Outbox, ready: Prepared, now: datetime) -> bool:
    """Whether the message built ahead says what composing the digest now would say."""
    if ready.as_of != row.due_at or now < row.due_at or now - row.due_at > LATE_AFTER:
        return False
    since = ready.built - SETTLE
    changed = exists().where(col(AuditEvent.case_id) == row.case_id, col(AuditEvent.at) >= since)
    fell_due = exists().where(
        col(Task.case_id) == row.case_id,
        col(Task.status) == TaskStatus.OPEN,
        col(Task.due_at) > ready.as_of,
        col(Task.due_at) <= now,
    )
    return not session.exec(select(changed | fell_due)).one()
