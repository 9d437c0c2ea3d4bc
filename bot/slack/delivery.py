"""Sending the outbox to Slack: claim due rows, compose them, call the Web API, record.

A sender claims a batch of due rows under one token (services/claims.py), keeps its lease
renewed while it sends (slack/lease.py), composes each row right before its call, takes its
slot of the workspace's budget (slack/pacing.py), makes the call (slack/posting.py) and records
the outcome under the claim at once (slack/outcomes.py). The clocks' tick sends a batch here,
channel by channel on `send_workers` threads (`deliver`); the courier claims (`claim`) and
its lanes send row by row (`send_one`), then close the claim (`finish`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from http.client import HTTPException
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import metrics
from bot.db import read_scope, session_scope, statement_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import notices, outbox
from bot.services.notice_types import Notice, Skip
from bot.services.post_budget import MARGIN
from bot.slack import history
from bot.slack.lease import Lease, Leases
from bot.slack.outcomes import PERMANENT, TOKEN_ERRORS, Limited, Outcomes, Report, token_of
from bot.slack.pacing import WorkspaceBudget
from bot.slack.posting import NOT_IN_HISTORY, Pacer, Poster, make_sender_client
from bot.slack.replies import ReplyRefused
from bot.vocab import PostLane

__all__ = [  # what callers import from here
    "PERMANENT",
    "TOKEN_ERRORS",
    "Claimed",
    "Limited",
    "Pacer",
    "Report",
    "Sender",
    "make_sender_client",
]
log = logging.getLogger("docket.delivery")
PATIENT_TRIES = 10  # 429s waited out in a row for one message before it goes back to the outbox


@dataclass(frozen=True)
class Batch:
    """One claimed batch: when it was claimed, its lease, and rows found already posted."""

    now: datetime
    lease: Lease
    posted: dict[int, str]


@dataclass(frozen=True)
class Claimed:
    """Rows one claim holds, its batch (lease, rows found posted) and what became of them."""

    rows: list[Outbox]
    batch: Batch
    report: Report


def _observe(rows: list[Outbox], report: Report) -> None:
    """Count a pass's (or a claim's) outcome in the metrics."""
    metrics.observe_sends(
        due={row.id: row.due_at for row in rows if row.id is not None},
        kinds={row.id: str(row.kind) for row in rows if row.id is not None},
        sent=report.sent,
        failed=report.failed,
        retried=report.retried,
        skipped=report.skipped,
        paused=report.paused,
    )


class Sender:
    """Delivers outbox rows through a WebClient: channels in parallel, each one paced."""

    def __init__(
        self,
        deps: Deps,
        client: WebClient,
        *,
        pacer: Pacer | None = None,
        lane: PostLane,
        workers: int | None = None,
        patience: float = 0.0,
        channel_429s: bool = False,
    ) -> None:
        self.deps = deps
        self.client = client
        self.poster = Poster(deps, client)
        self.pacer = pacer or Pacer(deps.settings.pace_seconds)
        self.workers = workers or deps.settings.send_workers
        self.leases = Leases(deps)  # one thread renews every batch this sender holds
        # A 429 asking to wait at most this long is waited out here (the clock's sender);
        # longer, or with no patience (a request), the row goes back to the outbox until then.
        self.patience = patience
        # The workspace's budget, shared by every sender: a patient one waits out a full window.
        # Its lane, by who sends: the courier's URGENT, the clocks' BULK (slack/pacing.py).
        self.budget = WorkspaceBudget(
            deps, lane=lane, patience=patience + MARGIN.total_seconds() if patience else 0.0
        )
        # A chat.postMessage 429 holds the whole workspace off (the clocks, which send at the
        # workspace's limit); with channel_429s only its channel waits (the courier's lanes: a
        # request's post is far more likely over its channel's 1 a second, the shared budget
        # keeping the workspace's limit).
        self.record = Outcomes(deps, self.budget, patience=patience, channel_429s=channel_429s)

    def deliver(self, *, task_ids: Iterable[int] | None = None, limit: int = 100) -> Report:
        """Claim and send due rows (only those of `task_ids` when given); return what happened."""
        claimed = self.claim(limit=limit, task_ids=task_ids)
        if claimed is None:
            return Report()
        try:
            by_channel: dict[str, list[Outbox]] = {}
            for row in claimed.rows:
                if row.id not in claimed.report.retried:  # history could not say yet: later
                    by_channel.setdefault(row.recipient, []).append(row)
            if len(by_channel) <= 1 or self.workers <= 1:
                for queue in by_channel.values():
                    self._queue(queue, claimed)
            else:
                with ThreadPoolExecutor(max_workers=self.workers) as pool:
                    sends = [pool.submit(self._queue, q, claimed) for q in by_channel.values()]
                    for future in sends:
                        future.result()
        finally:
            self.finish(claimed)
        return claimed.report

    def claim(self, *, limit: int = 100, task_ids: Iterable[int] | None = None) -> Claimed | None:
        """Claim due rows under a renewed lease, to be sent one by one (`send_one`), then `finish`.

        Rows in doubt are looked up in history first: found ones count as posted; those history
        could not answer for yet (429) are back in the outbox already.
        """
        self.record.paused = None  # each claim tries a broken token again
        if self.deps.stopping.is_set():  # shutting down: claim nothing more
            return None
        now = self.deps.clock.now()
        length = timedelta(seconds=self.deps.settings.lease_seconds)
        with statement_scope(self.deps.engine) as session:  # one statement: committed as it runs
            rows = outbox.claim(session, now=now, limit=limit, task_ids=task_ids, lease=length)
        if not rows:
            return None
        report, lease = Report(claimed=len(rows)), self.leases.hold(rows)
        claimed = Claimed(rows, Batch(now, lease, {}), report)
        try:
            posted = self._check_doubts(rows, report)
        except Exception:
            self.finish(claimed)
            raise
        return replace(claimed, batch=replace(claimed.batch, posted=posted))

    def send_one(self, row: Outbox, claimed: Claimed) -> Limited | None:
        """Try one claimed row now, never waiting; what Slack's 429 asked (the row is put back)."""
        report, batch = claimed.report, claimed.batch
        if row.id in report.retried or not batch.lease.holds(row.id):
            return None  # back in the outbox already, or another sender has it now
        if self.record.paused is not None:  # the token broke meanwhile: hold it
            self.record.hold(row, self.record.paused, report)
            return None
        try:
            notice = self._compose(row, report, batch)
            return None if notice is None else self._one(notice, report, patient=False)
        except Exception:  # one bad row must not stop the others, nor be retried forever
            log.exception("outbox %s (%s) could not be sent", row.id, row.kind)
            self.record.retry(row, outbox.INTERNAL, 60.0 * row.attempts, report)
            return None

    def back_off(self, row: Outbox, wait: float, claimed: Claimed) -> None:
        """Put a claimed row back in the outbox for `wait` seconds (a 429), the try not counted."""
        self.record.back_off(row, wait, claimed.report)

    def finish(self, claimed: Claimed) -> None:
        """Close a claim: stop renewing its lease, hand back rows never tried, count the outcome."""
        claimed.batch.lease.__exit__(None, None, None)
        self._release_unsent(claimed.rows, claimed.report)
        _observe(claimed.rows, claimed.report)
        if claimed.report.resumed:
            resumed = claimed.report.resumed
            self.poster.tell_installer(sorted(set(resumed.values())), len(resumed))

    def _compose(self, row: Outbox, report: Report, batch: Batch) -> Notice | None:
        """What the row says, composed right before it is sent (None: skipped, and recorded)."""
        assert row.id is not None
        with read_scope(self.deps.engine) as session:  # no transaction: a round trip a read
            notice = notices.compose(session, row=row, now=batch.now)
        if isinstance(notice, Skip):
            with statement_scope(self.deps.engine) as session:
                outbox.mark_skipped(
                    session, row_id=row.id, claim_token=token_of(row), reason=notice.reason,
                    now=batch.now,
                )  # fmt: skip
            self.record.skipped(row, notice.reason, report)
            return None
        return replace(notice, posted=batch.posted.get(row.id))

    def _release_unsent(self, rows: list[Outbox], report: Report) -> None:
        """Hand back at once the claimed rows this pass did not get to (SIGTERM mid-batch)."""
        done = {*report.sent, *report.failed, *report.retried, *report.skipped, *report.paused}
        unsent = [row for row in rows if row.id is not None and row.id not in done]
        for token in {row.claim_token for row in unsent if row.claim_token}:
            ids = [row.id for row in unsent if row.claim_token == token and row.id is not None]
            with session_scope(self.deps.engine) as session:
                released = outbox.release(session, claim_token=token, row_ids=ids)
            log.info("released %d claimed, unsent outbox rows", released)

    def _queue(self, queue: list[Outbox], claimed: Claimed) -> None:
        """Send one channel's rows in order, paced; a 429 waited out or the rest put back."""
        report, batch = claimed.report, claimed.batch
        index, waits, notice = 0, 0, None
        while index < len(queue):
            row = queue[index]
            if self.deps.stopping.is_set():
                return
            if not batch.lease.holds(row.id):  # another sender has it now: leave it to them
                index += 1
                continue
            if self.record.paused is not None:  # the token broke during this pass: hold the rest
                self.record.hold(row, self.record.paused, report)
                index += 1
                continue
            try:
                notice = notice or self._compose(row, report, batch)
                if notice is None:  # skipped
                    index += 1
                    continue
                self.pacer.wait(row.recipient)
                limited = self._one(notice, report, patient=waits < PATIENT_TRIES)
            except Exception:  # one bad row must not stop the others, nor be retried forever
                log.exception("outbox %s (%s) could not be sent", row.id, row.kind)
                self.record.retry(row, outbox.INTERNAL, 60.0 * row.attempts, report)
                limited = None
            if limited is not None and not limited.recorded:  # wait it out, then this row again
                waits += 1
                if self.deps.stopping.wait(limited.wait):  # SIGTERM ends the wait at once
                    return
                continue
            if limited is not None:  # the row waits in the outbox: so does the rest of its channel
                for later in queue[index + 1 :]:
                    self.record.back_off(later, limited.wait, report)
                return
            index, waits, notice = index + 1, 0, None

    def _take_turn(self, row: Outbox, report: Report) -> Limited | None:
        """Wait for the row's slot in the workspace's budget; Limited when it may not go now."""
        turn = self.budget.turn(row)
        if turn.go:
            return None
        if turn.wait <= 0:  # shutting down: not sent, not recorded (the row is released)
            return Limited(0.0, recorded=False)
        self.record.back_off(row, turn.wait, report, reason="paced")
        return Limited(turn.wait, recorded=True)

    def _one(self, notice: Notice, report: Report, *, patient: bool) -> Limited | None:
        """Send one row and record it; how long to wait when Slack answered 429."""
        row = notice.row
        if not notice.posted:  # a message to post takes its slot of the workspace's budget
            limited = self._take_turn(row, report)
            if limited is not None:
                return limited
        try:
            ts = notice.posted or self.poster.send(notice)
        except SlackApiError as error:
            return self.record.failed(row, error, report, patient=patient)
        except URLError as error:  # the request never reached Slack whole: nothing was posted
            self.record.retry(row, type(error).__name__, 30.0 * row.attempts, report)
            return None
        except (OSError, HTTPException) as error:  # sent, but Slack's answer never came
            self.record.answer_lost(row, error, report)
            return None
        except ReplyRefused as refused:  # a response_url refused the reply itself
            self.record.refused(row, refused, report)
            return None
        self.record.sent(notice, ts, report)  # at once: the re-send window is this one call
        return None

    def _check_doubts(self, rows: list[Outbox], report: Report) -> dict[int, str]:
        """Rows whose sender died mid-send: those found in history count as posted (their ts).

        One history read per conversation. Rows history could not answer for yet (429) go back
        to the outbox, out of this batch (in `report.retried`).
        """
        doubts = [
            r for r in rows if r.last_error == outbox.IN_DOUBT and r.kind not in NOT_IN_HISTORY
        ]
        if not doubts:
            return {}
        found = history.find_posted(self.client, doubts)
        for row in [r for r in doubts if r.id in found.unknown]:
            self.record.still_in_doubt(row, found.wait, report)  # history is rate limited: later
        return found.posted
