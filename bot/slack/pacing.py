"""Pacing a sender to its workspace's chat.postMessage budget, shared with every other sender.

Each message that Slack counts against the workspace (chat.postMessage) takes a slot from
`services/post_budget.py` right before its call and is posted at the slot's moment: the clock's
sender waits for a slot up to its patience (a minute), a request's courier not at all (the row
goes back to the outbox until its slot). Which lane a post takes is decided by who sends it:
the courier's sender is URGENT (what a person's action causes now: cards, DMs, replies), the
clocks' is BULK. The courier also claims any due row, so a digest, alert or overdue notice it
happens to send takes the bulk lane all the same: the urgent share is never spent on the rush.
A 429 holds every sender of the workspace, both lanes, off for Retry-After, so none of them
spends the window on calls Slack refuses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.db import session_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import alerts, notices, outbox, post_budget
from bot.vocab import OutboxKind, PostLane

# Not chat.postMessage: updates and App Home are other methods with limits of their own.
UNCOUNTED = frozenset({OutboxKind.CARD_UPDATE, OutboxKind.HOME})
UNCOUNTED_REPLIES = frozenset({"response_url", "ephemeral", "upload"})
# Sent at a moment planned ahead, whoever sends them: the bulk lane's, even from the courier.
SCHEDULED = frozenset(alerts.KINDS) | frozenset(notices.DIGEST_KINDS)


def posts_message(row: Outbox) -> bool:
    """Whether sending the row is a chat.postMessage call (counted against the workspace)."""
    if row.kind in UNCOUNTED:
        return False
    if row.kind == OutboxKind.REPLY:
        return outbox.payload(row).get("via") not in UNCOUNTED_REPLIES
    return True


def lane_of(row: Outbox, sender: PostLane) -> PostLane:
    """The lane the row's post takes when `sender`'s lane sends it (scheduled ones: bulk)."""
    return PostLane.BULK if row.kind in SCHEDULED else sender


@dataclass(frozen=True)
class Turn:
    """A row's turn: `go` once it may be posted; else wait `wait` seconds (0: shutting down)."""

    go: bool
    wait: float = 0.0


GO = Turn(go=True)


class WorkspaceBudget:
    """A sender's lane of its workspace's chat.postMessage budget (one slot per message)."""

    def __init__(
        self,
        deps: Deps,
        *,
        lane: PostLane,
        patience: float,
        wait: Callable[[float], bool] | None = None,
    ) -> None:
        self.deps = deps
        self.lane = lane
        given = deps.settings
        self.shares = post_budget.Shares(given.posts_per_minute, given.urgent_posts_per_minute)
        self.per_minute = self.shares.per_minute
        self.patience = patience  # the longest this sender waits for a slot
        self.wait = wait or deps.stopping.wait  # True: stop waiting, shutting down

    def turn(self, row: Outbox) -> Turn:
        """Take the row's slot and wait for it (up to patience), or say how long until it comes."""
        if self.per_minute <= 0 or not posts_message(row):
            return GO
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            slot = post_budget.take(
                session,
                team_id=row.team_id,
                lane=lane_of(row, self.lane),
                now=now,
                shares=self.shares,
                within=timedelta(seconds=self.patience),
            )
        pause = (slot.at - now).total_seconds()
        if not slot.taken:
            return Turn(go=False, wait=max(pause, 0.001))
        if pause > 0 and self.wait(pause):  # SIGTERM: the slot goes unused
            return Turn(go=False)
        return GO

    def limited(self, row: Outbox, wait: float) -> None:
        """Slack answered 429: hold every sender of the workspace off for Retry-After seconds."""
        if self.per_minute <= 0 or not posts_message(row):
            return
        until = self.deps.clock.now() + timedelta(seconds=wait)
        with session_scope(self.deps.engine) as session:
            post_budget.hold_off(session, team_id=row.team_id, until=until)
