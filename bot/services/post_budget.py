"""A workspace's chat.postMessage budget, split in two lanes, shared through the database.

Slack limits chat.postMessage per workspace ("several hundred a minute"; Docket assumes
DOCKET_POSTS_PER_MINUTE, 600). Two or three clock processes and the web process's courier post
for one workspace, so each message takes a slot first. The budget is two lanes that together
never exceed it: URGENT (DOCKET_URGENT_POSTS_PER_MINUTE, 30: what a person's action causes now,
sent by the courier) and BULK (the rest: the clocks' digests, alerts, notices). Each lane is a
sliding window of its own: its slot n may not come earlier than 60 s (plus a margin for the
call's own latency jitter) after its slot n - share, nor before its slot before, nor before a
Retry-After Slack gave any sender (that holds both lanes). So the clocks reserving their whole
share up to a minute ahead never push an urgent post back. An urgent post whose lane is spent
may take a bulk slot that is free now (never one ahead), so outside a rush the courier is not
held to its share. Senders that keep to it are not answered 429. A lane's row is locked while
a slot is taken: on PostgreSQL inside one call of the `take_post_slot` function (migration
0010: the same steps as `_take` here), so no lock is held across a client's round trips; on
SQLite by the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, text, update
from sqlmodel import Session, col

from bot.models import PostBudget, PostSlot
from bot.services import rows
from bot.vocab import PostLane

WINDOW = timedelta(seconds=60)
MARGIN = timedelta(milliseconds=500)  # a later call's latency may be shorter than an earlier's
LANES = (PostLane.URGENT, PostLane.BULK)  # the order their rows are locked in, everywhere


@dataclass(frozen=True)
class Shares:
    """How a workspace's messages a minute split between the lanes (per_minute 0: no pacing)."""

    per_minute: int
    urgent: int

    def __post_init__(self) -> None:
        if self.per_minute > 0 and not 0 < self.urgent < self.per_minute:
            raise ValueError(f"urgent share {self.urgent} not within 1..{self.per_minute - 1}")

    def of(self, lane: PostLane) -> int:
        """The lane's messages a minute."""
        return self.urgent if lane == PostLane.URGENT else self.per_minute - self.urgent


@dataclass(frozen=True)
class Slot:
    """When a message may be posted, in which lane; `taken` when it is the caller's."""

    at: datetime
    taken: bool
    lane: PostLane


def _budget(session: Session, team_id: str, lane: PostLane) -> PostBudget:
    """The lane's budget row, made if missing, locked for this transaction."""
    rows.insert_missing(
        session, PostBudget, {"team_id": team_id, "lane": lane, "seq": 0}, keys=["team_id", "lane"]
    )
    budget = rows.lock_where(
        session, PostBudget, col(PostBudget.team_id) == team_id, col(PostBudget.lane) == lane
    )
    assert budget is not None  # inserted above if missing; budget rows are never deleted
    return budget


def next_at(session: Session, *, budget: PostBudget, now: datetime, share: int) -> datetime:
    """The earliest moment the lane's next message may go, by the slots it has taken."""
    at = max(now, budget.last_at or now, budget.not_before or now)
    oldest = session.get(PostSlot, (budget.team_id, budget.lane, budget.seq - share + 1))
    if oldest is not None:  # `share` slots taken already: the window must move past the oldest
        at = max(at, oldest.at + WINDOW + MARGIN)
    return at


def take(
    session: Session,
    *,
    team_id: str,
    lane: PostLane,
    now: datetime,
    shares: Shares,
    within: timedelta,
) -> Slot:
    """Take the lane's next slot if it comes within `within` of now; else say when it is.

    An urgent post whose lane is spent takes a bulk slot free now, if there is one. A slot not
    taken costs nothing: the caller puts its message back until then. On PostgreSQL the slot is
    committed at once (call this first in its session); on SQLite, commit soon (the database is
    locked until then). Post at the slot's moment, not before.
    """
    if shares.per_minute <= 0:  # no workspace pacing
        return Slot(now, taken=True, lane=lane)
    spare = PostLane.BULK if lane == PostLane.URGENT else None
    if session.get_bind().dialect.name == "postgresql":
        # In a transaction of its own that ends with the call: the row lock is not held while
        # this client gets to its COMMIT (a busy machine can take milliseconds to get there).
        autocommit = session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
        at, taken, got = autocommit.execute(
            text(
                "SELECT slot_at, taken, lane FROM take_post_slot(:team, :lane, :now, :share, "
                ":gap, :latest, CAST(:spare AS text), :spare_share)"
            ),
            {
                "team": team_id,
                "lane": str(lane),
                "now": now,
                "share": shares.of(lane),
                "gap": (WINDOW + MARGIN).total_seconds(),
                "latest": now + within,
                "spare": None if spare is None else str(spare),
                "spare_share": 0 if spare is None else shares.of(spare),
            },
        ).one()
        return Slot(at.astimezone(UTC), taken=bool(taken), lane=PostLane(got))
    return _take(session, team_id=team_id, lane=lane, now=now, shares=shares, within=within)


def _take(
    session: Session,
    *,
    team_id: str,
    lane: PostLane,
    now: datetime,
    shares: Shares,
    within: timedelta,
) -> Slot:
    """`take`'s steps in Python (SQLite: the transaction holds the database's write lock)."""
    mine = _take_in(session, team_id, lane, now=now, share=shares.of(lane), latest=now + within)
    if mine.taken or lane != PostLane.URGENT:
        return mine
    spare = _take_in(session, team_id, PostLane.BULK, now=now, share=shares.of(PostLane.BULK),
                     latest=now)  # fmt: skip
    return spare if spare.taken or spare.at < mine.at else mine


def _take_in(
    session: Session, team_id: str, lane: PostLane, *, now: datetime, share: int, latest: datetime
) -> Slot:
    """One lane's next slot if it comes by `latest` (the steps of `take_lane_slot`)."""
    budget = _budget(session, team_id, lane)
    at = next_at(session, budget=budget, now=now, share=share)
    if at > latest:
        return Slot(at, taken=False, lane=lane)
    seq = budget.seq + 1
    mine = (col(PostBudget.team_id) == team_id) & (col(PostBudget.lane) == lane)
    session.execute(
        update(PostBudget)
        .where(mine)
        .values(seq=seq, last_at=at)
        .execution_options(synchronize_session=False)
    )
    session.add(PostSlot(team_id=team_id, lane=lane, seq=seq, at=at))
    session.execute(  # only the lane's last `share` slots are ever read
        delete(PostSlot).where(
            col(PostSlot.team_id) == team_id,
            col(PostSlot.lane) == lane,
            col(PostSlot.seq) <= seq - share,
        )
    )
    return Slot(at, taken=True, lane=lane)


def hold_off(session: Session, *, team_id: str, until: datetime) -> None:
    """Slack answered 429 (Retry-After): no sender of either lane posts before until."""
    for lane in LANES:  # locked in `take_post_slot`'s order (urgent, then bulk)
        budget = _budget(session, team_id, lane)
        if budget.not_before is None or budget.not_before < until:
            session.execute(
                update(PostBudget)
                .where(col(PostBudget.team_id) == team_id, col(PostBudget.lane) == lane)
                .values(not_before=until)
                .execution_options(synchronize_session=False)
            )
