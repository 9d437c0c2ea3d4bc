"""A workspace's chat.postMessage budget, shared through the database by every sender.

Slack limits chat.postMessage per workspace ("several hundred a minute"; Docket assumes
DOCKET_POSTS_PER_MINUTE, 600). Two or three clock processes and the web process's courier post
for one workspace, so each message takes a slot first: slot n may not come earlier than 60 s
(plus a margin for the call's own latency jitter) after slot n - per_minute, nor before the slot
before it, nor before a Retry-After Slack gave any sender. That is a sliding window, as strict
as any per-minute limit: the first `per_minute` messages go at once, the next as the first ones
leave the window. Senders that keep to it are not answered 429, and share the budget exactly
whatever their number. The budget row is locked while a slot is taken: on PostgreSQL inside one
call of the `take_post_slot` function (migration 0008: the same steps as `_take` here), so the
lock is never held across a client's round trips; on SQLite by the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, text, update
from sqlmodel import Session, col

from bot.models import PostBudget, PostSlot
from bot.services import rows

WINDOW = timedelta(seconds=60)
MARGIN = timedelta(milliseconds=500)  # a later call's latency may be shorter than an earlier's


@dataclass(frozen=True)
class Slot:
    """When a message may be posted; `taken` when the slot is the caller's (else only looked at)."""

    at: datetime
    taken: bool


def _budget(session: Session, team_id: str) -> PostBudget:
    """The workspace's budget row, made if missing, locked for this transaction."""
    rows.insert_missing(session, PostBudget, {"team_id": team_id, "seq": 0}, keys=["team_id"])
    return rows.lock(session, PostBudget(team_id=team_id))


def next_at(session: Session, *, budget: PostBudget, now: datetime, per_minute: int) -> datetime:
    """The earliest moment the workspace's next message may go, by the slots already taken."""
    at = max(now, budget.last_at or now, budget.not_before or now)
    oldest = session.get(PostSlot, (budget.team_id, budget.seq - per_minute + 1))
    if oldest is not None:  # per_minute slots taken already: the window must move past it
        at = max(at, oldest.at + WINDOW + MARGIN)
    return at


def take(
    session: Session, *, team_id: str, now: datetime, per_minute: int, within: timedelta
) -> Slot:
    """Take the workspace's next slot if it comes within `within` of now; else say when it is.

    A slot not taken costs nothing: the caller puts its message back until then. On PostgreSQL
    the slot is committed at once (call this first in its session); on SQLite, commit soon (the
    database is locked until then). Post at the slot's moment, not before.
    """
    if per_minute <= 0:  # no workspace pacing
        return Slot(now, taken=True)
    if session.get_bind().dialect.name == "postgresql":
        # In a transaction of its own that ends with the call: the row lock is not held while
        # this client gets to its COMMIT (a busy machine can take milliseconds to get there).
        autocommit = session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        at, taken = autocommit.execute(
            text("SELECT slot_at, taken FROM take_post_slot(:team, :now, :n, :gap, :latest)"),
            {
                "team": team_id,
                "now": now,
                "n": per_minute,
                "gap": (WINDOW + MARGIN).total_seconds(),
                "latest": now + within,
            },
        ).one()
        return Slot(at.astimezone(UTC), taken=bool(taken))
    return _take(session, team_id=team_id, now=now, per_minute=per_minute, within=within)


def _take(
    session: Session, *, team_id: str, now: datetime, per_minute: int, within: timedelta
) -> Slot:
    """`take`'s steps in Python (SQLite: the transaction holds the database's write lock)."""
    budget = _budget(session, team_id)
    at = next_at(session, budget=budget, now=now, per_minute=per_minute)
    if at > now + within:
        return Slot(at, taken=False)
    seq = budget.seq + 1
    session.execute(
        update(PostBudget)
        .where(col(PostBudget.team_id) == team_id)
        .values(seq=seq, last_at=at)
        .execution_options(synchronize_session=False)
    )
    session.add(PostSlot(team_id=team_id, seq=seq, at=at))
    session.execute(  # only the last per_minute slots are ever read
        delete(PostSlot).where(
            col(PostSlot.team_id) == team_id, col(PostSlot.seq) <= seq - per_minute
        )
    )
    return Slot(at, taken=True)


def hold_off(session: Session, *, team_id: str, until: datetime) -> None:
    """Slack answered 429 (Retry-After): no sender takes a slot of this workspace before until."""
    budget = _budget(session, team_id)
    if budget.not_before is None or budget.not_before < until:
        session.execute(
            update(PostBudget)
            .where(col(PostBudget.team_id) == team_id)
            .values(not_before=until)
            .execution_options(synchronize_session=False)
        )
