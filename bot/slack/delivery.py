"""Sending the outbox to Slack: claim due rows, render them, post, and record what happened."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot import metrics
from bot.blocks import home
from bot.blocks.notice import render
from bot.db import session_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import alerts, audit, desk, notice_types, notices, outbox
from bot.services.errors import DomainError
from bot.services.notice_types import Notice, Skip
from bot.services.post_budget import MARGIN
from bot.slack import history
from bot.slack.directory import Directory
from bot.slack.lease import Lease
from bot.slack.pacing import WorkspaceBudget
from bot.slack.replies import ReplyRefused, send_reply
from bot.vocab import OutboxKind, PostLane

log = logging.getLogger("docket.delivery")
# Final: this message can never be delivered as it is (the lead is told once).
PERMANENT = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "user_not_found",
        "user_not_visible",
        "user_disabled",
        "cannot_dm_bot",
        "invalid_blocks",
        "invalid_arguments",
        "msg_too_long",
        "no_text",
        "message_not_found",
        "cant_update_message",
        "restricted_action",
    }
)
# The token, not the message, is broken: hold everything until a call works again.
TOKEN_ERRORS = frozenset(
    {
        "invalid_auth",
        "not_authed",
        "token_revoked",
        "token_expired",
        "account_inactive",
        "missing_scope",
    }
)
PAUSED = notice_types.PAUSED  # the row held while the token is broken: its last_error prefix
HOLD_MIN, HOLD_MAX = timedelta(minutes=1), timedelta(minutes=15)


@dataclass
class Report:
    """What one delivery pass did."""

    sent: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)
    retried: dict[int, str] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    paused: dict[int, str] = field(default_factory=dict)  # held while the token is broken
    resumed: dict[int, str] = field(default_factory=dict)  # sent after a pause (the reason)
    claimed: int = 0  # rows the pass claimed (fewer than its limit: every due row it could)


def make_sender_client(token: str | None, api_url: str) -> WebClient:
    """A WebClient without sleeping retries: the outbox itself retries, after Retry-After."""
    client = WebClient(token=token, base_url=api_url, timeout=10)
    client.retry_handlers.clear()
    return client


class Pacer:
    """Keeps at least `interval` seconds between messages to one channel (Slack: ~1/s)."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval, self.sleep, self.monotonic = interval, sleep, monotonic
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        """Block until a message may go to channel."""
        if self.interval <= 0:
            return
        with self._lock:
            last = self._last.get(channel)
        if last is not None:
            pause = self.interval - (self.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        with self._lock:
            self._last[channel] = self.monotonic()


# Not looked up in history when in doubt: updates and Home are harmless to repeat; a reply
# (response_url, often ephemeral) is in no history: it takes the one-call bound.
# An accept note is a thread reply, and thread replies are not in a channel's history either.
NOT_IN_HISTORY = frozenset(
    {
        OutboxKind.CARD_UPDATE,
        OutboxKind.DM_UPDATE,
        OutboxKind.HOME,
        OutboxKind.REPLY,
        OutboxKind.ACCEPT_NOTE,
    }
)
PATIENT_TRIES = 10  # 429s waited out in a row for one message before it goes back to the outbox


@dataclass(frozen=True)
class Batch:
    """One claimed batch: when it was claimed, its lease, and rows found already posted."""

    now: datetime
    lease: Lease
    posted: dict[int, str]


@dataclass(frozen=True)
class Limited:
    """Slack answered 429: wait this long; recorded: the row is back in the outbox until then."""

    wait: float
    recorded: bool


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


def _token(row: Outbox) -> str:
    """The claim under which this pass holds the row."""
    return row.claim_token or ""


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
        self.directory = Directory(deps, client)
        self.pacer = pacer or Pacer(deps.settings.pace_seconds)
        self.workers = workers or deps.settings.send_workers
        # A 429 asking to wait at most this long is waited out here (the clock's sender);
        # longer, or with no patience (a request), the row goes back to the outbox until then.
        self.patience = patience
        # The workspace's budget, shared by every sender: a patient one waits out a full window.
        # Its lane, by who sends: the courier's URGENT, the clocks' BULK (slack/pacing.py).
        self.budget = WorkspaceBudget(
            deps, lane=lane, patience=patience + MARGIN.total_seconds() if patience else 0.0
        )
        self.paused: str | None = None  # the token error that stopped this pass
        # A chat.postMessage 429 holds the whole workspace off (the clocks, which send at the
        # workspace's limit); with channel_429s only its channel waits (the courier's lanes: a
        # request's post is far more likely over its channel's 1 a second, the shared budget
        # keeping the workspace's limit).
        self.channel_429s = channel_429s

    def deliver(self, *, task_ids: Iterable[int] | None = None, limit: int = 100) -> Report:
        """Claim and send due rows (only those of `task_ids` when given); return what happened."""
        report = Report()
        self.paused = None  # a long-lived sender (the courier's) tries the token again each pass
        if self.deps.stopping.is_set():  # shutting down: claim nothing more
            return report
        rows: list[Outbox] = []
        try:
            rows = self._deliver(report, task_ids=task_ids, limit=limit)
        finally:
            self._release_unsent(rows, report)
        _observe(rows, report)
        return report

    def claim(self, *, limit: int = 100) -> Claimed | None:
        """Claim due rows under a renewed lease, to be sent one by one (`send_one`), then `finish`.

        Rows in doubt are looked up in history first: found ones count as posted; those history
        could not answer for yet (429) are back in the outbox already.
        """
        self.paused = None  # each claim tries a broken token again, as each pass does
        if self.deps.stopping.is_set():
            return None
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            length = timedelta(seconds=self.deps.settings.lease_seconds)
            rows = outbox.claim(session, now=now, limit=limit, lease=length)
        if not rows:
            return None
        report, lease = Report(claimed=len(rows)), Lease(self.deps, rows).__enter__()
        try:
            by_channel: dict[str, list[Outbox]] = {}
            for row in rows:
                by_channel.setdefault(row.recipient, []).append(row)
            posted = self._check_doubts(by_channel, report)
        except Exception:
            self.finish(Claimed(rows, Batch(now, lease, {}), report))
            raise
        return Claimed(rows, Batch(now=now, lease=lease, posted=posted), report)

    def send_one(self, row: Outbox, claimed: Claimed) -> Limited | None:
        """Try one claimed row now, never waiting; what Slack's 429 asked (the row is put back)."""
        report, batch = claimed.report, claimed.batch
        if row.id in report.retried or not batch.lease.holds(row.id):
            return None  # back in the outbox already, or another sender has it now
        if self.paused is not None:  # the token broke meanwhile: hold it
            self._hold(row, self.paused, report)
            return None
        try:
            notice = self._compose(row, report, batch)
            return None if notice is None else self._one(notice, report, patient=False)
        except Exception:  # one bad row must not stop the others, nor be retried forever
            log.exception("outbox %s (%s) could not be sent", row.id, row.kind)
            self._retry(row, "internal_error", 60.0 * row.attempts, report)
            return None

    def back_off(self, row: Outbox, wait: float, claimed: Claimed) -> None:
        """Put a claimed row back in the outbox for `wait` seconds (a 429), the try not counted."""
        self._back_off(row, wait, claimed.report)

    def finish(self, claimed: Claimed) -> None:
        """Close a claim: stop renewing its lease, hand back rows never tried, count the outcome."""
        claimed.batch.lease.__exit__(None, None, None)
        self._release_unsent(claimed.rows, claimed.report)
        _observe(claimed.rows, claimed.report)
        if claimed.report.resumed:
            resumed = claimed.report.resumed
            self._tell_installer(sorted(set(resumed.values())), len(resumed))

    def _deliver(
        self, report: Report, *, task_ids: Iterable[int] | None, limit: int
    ) -> list[Outbox]:
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            length = timedelta(seconds=self.deps.settings.lease_seconds)
            rows = outbox.claim(session, now=now, limit=limit, task_ids=task_ids, lease=length)
        report.claimed = len(rows)
        if not rows:
            return rows
        with Lease(self.deps, rows) as lease:
            self._send_claimed(rows, report, now, lease)
        return rows

    def _send_claimed(
        self, rows: list[Outbox], report: Report, now: datetime, lease: Lease
    ) -> None:
        by_channel: dict[str, list[Outbox]] = {}
        for row in rows:
            by_channel.setdefault(row.recipient, []).append(row)
        posted = self._check_doubts(by_channel, report)
        batch = Batch(now=now, lease=lease, posted=posted)
        if len(by_channel) <= 1 or self.workers <= 1:
            for queue in by_channel.values():
                self._queue(queue, report, batch)
        else:
            with ThreadPoolExecutor(max_workers=self.workers) as pool:
                queues = by_channel.values()
                for future in [pool.submit(self._queue, q, report, batch) for q in queues]:
                    future.result()
        if report.resumed:
            self._tell_installer(sorted(set(report.resumed.values())), len(report.resumed))

    def _compose(self, row: Outbox, report: Report, batch: Batch) -> Notice | None:
        """What the row says, composed right before it is sent (None: skipped, and recorded)."""
        assert row.id is not None
        with Session(self.deps.engine, expire_on_commit=False) as session:  # reads; a skip writes
            notice = notices.compose(session, row=row, now=batch.now)
            if isinstance(notice, Skip):
                outbox.mark_skipped(
                    session, row_id=row.id, claim_token=_token(row), reason=notice.reason,
                    now=batch.now,
                )  # fmt: skip
                session.commit()
        if isinstance(notice, Skip):
            report.skipped[row.id] = notice.reason
            log.info("outbox %s skipped: %s", row.id, notice.reason)
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

    def _queue(self, queue: list[Outbox], report: Report, batch: Batch) -> None:
        index, waits, notice = 0, 0, None
        while index < len(queue):
            row = queue[index]
            if self.deps.stopping.is_set():
                return
            if not batch.lease.holds(row.id):  # another sender has it now: leave it to them
                index += 1
                continue
            if self.paused is not None:  # the token broke during this pass: hold the rest
                self._hold(row, self.paused, report)
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
                self._retry(row, "internal_error", 60.0 * row.attempts, report)
                limited = None
            if limited is not None and not limited.recorded:  # wait it out, then this row again
                waits += 1
                if self.deps.stopping.wait(limited.wait):  # SIGTERM ends the wait at once
                    return
                continue
            if limited is not None:  # the row waits in the outbox: so does the rest of its channel
                for later in queue[index + 1 :]:
                    self._back_off(later, limited.wait, report)
                return
            index, waits, notice = index + 1, 0, None

    def _take_turn(self, row: Outbox, report: Report) -> Limited | None:
        """Wait for the row's slot in the workspace's budget; Limited when it may not go now."""
        turn = self.budget.turn(row)
        if turn.go:
            return None
        if turn.wait <= 0:  # shutting down: not sent, not recorded (the row is released)
            return Limited(0.0, recorded=False)
        self._back_off(row, turn.wait, report, reason="paced")
        return Limited(turn.wait, recorded=True)

    def _one(self, notice: Notice, report: Report, *, patient: bool) -> Limited | None:
        """Send one row and record it; how long to wait when Slack answered 429."""
        row = notice.row
        assert row.id is not None
        if not notice.posted:  # a message to post takes its slot of the workspace's budget
            limited = self._take_turn(row, report)
            if limited is not None:
                return limited
        try:
            ts = notice.posted or self._send(notice, self._zone_for(row))
        except SlackApiError as error:
            return self._failed(row, error, report, patient=patient)
        except URLError as error:  # the request never reached Slack whole: nothing was posted
            self._retry(row, type(error).__name__, 30.0 * row.attempts, report)
            return None
        except (OSError, HTTPException) as error:  # sent, but Slack's answer never came
            self._answer_lost(row, error, report)
            return None
        except ReplyRefused as refused:  # a response_url refused the reply itself: final
            if refused.retryable:
                self._retry(row, refused.code, 30.0 * row.attempts, report)
            else:
                with session_scope(self.deps.engine) as session:
                    outbox.mark_failed(
                        session,
                        row_id=row.id,
                        claim_token=_token(row),
                        reason=refused.code,
                        now=self.deps.clock.now(),
                    )
                report.failed[row.id] = refused.code
                log.warning("outbox %s (reply) refused: HTTP %s", row.id, refused.status)
            return None
        with session_scope(self.deps.engine) as session:
            held = outbox.mark_sent(
                session,
                row_id=row.id,
                claim_token=_token(row),
                ts=ts,
                now=self.deps.clock.now(),
                late=notice.late,
            )
            if held and row.kind == OutboxKind.TASK_CARD and row.task_id and ts:
                notices.card_posted(session, task_id=row.task_id, ts=ts)
        if not held:  # another sender took the row over (this one stalled past its lease)
            log.warning("outbox %s was sent after its claim was lost", row.id)
        report.sent.append(row.id)
        if row.last_error and row.last_error.startswith(PAUSED):
            report.resumed[row.id] = row.last_error.removeprefix(PAUSED)
        return None

    def _answer_lost(self, row: Outbox, error: Exception, report: Report) -> None:
        """Slack may have posted it (a read timeout, a dropped connection): tried again later,
        after a look in history for its key, as a dead sender's row is (kinds history shows)."""
        assert row.id is not None
        wait = 30.0 * row.attempts
        if row.kind in NOT_IN_HISTORY:
            self._retry(row, type(error).__name__, wait, report)
            return
        log.warning("outbox %s (%s): no answer from Slack (%s); history is read before it is "
                    "sent again", row.id, row.kind, type(error).__name__)  # fmt: skip
        with session_scope(self.deps.engine) as session:
            again = outbox.in_doubt(
                session, row_id=row.id, claim_token=_token(row), now=self.deps.clock.now(),
                wait=wait,
            )  # fmt: skip
        if again:
            report.retried[row.id] = outbox.IN_DOUBT
        else:
            report.failed[row.id] = outbox.IN_DOUBT
            log.warning("outbox %s (%s) gave up after retries: %s", row.id, row.kind, "no answer")

    def _zone_for(self, row: Outbox) -> str:
        if row.kind in notices.DM_KINDS or row.kind == OutboxKind.PERSONAL_DIGEST:
            return self.directory.zone(row.recipient)
        return self.deps.settings.timezone

    def home_view(self, user_id: str) -> dict[str, Any]:
        """The user's App Home (their desk), built now."""
        tz = self.directory.zone(user_id)
        channels = self.directory.member_channels(user_id)
        with session_scope(self.deps.engine) as session:
            found = desk.desk_of(
                session, user_id=user_id, channels=channels, now=self.deps.clock.now(), tz=tz
            )
        return home.desk(found, tz=tz)

    def _send(self, notice: Notice, tz: str) -> str | None:
        row = notice.row
        if row.kind == OutboxKind.HOME:
            self.client.views_publish(user_id=row.recipient, view=self.home_view(row.recipient))
            return None
        if row.kind == OutboxKind.REPLY:
            return send_reply(self.client, notice)
        message = render(notice, tz=tz)
        if row.kind == OutboxKind.CARD_UPDATE:
            assert notice.task is not None and notice.case is not None
            assert notice.task.card_ts is not None  # compose skips a card_update without a card
            response = self.client.chat_update(
                channel=notice.case.channel_id, ts=notice.task.card_ts, **message
            )
            return response.get("ts")
        if row.kind == OutboxKind.DM_UPDATE:  # chat.update needs the IM's id, not the user's
            im = self.client.conversations_open(users=row.recipient)["channel"]["id"]
            response = self.client.chat_update(channel=im, ts=notice.payload["ts"], **message)
            return response.get("ts")
        thread_ts = self._thread_of(notice)
        response = self.client.chat_postMessage(
            channel=row.recipient,
            thread_ts=thread_ts,
            unfurl_links=False,
            metadata=history.metadata_for(row),  # found again if this process dies right now
            **message,
        )
        return response.get("ts")

    def _check_doubts(self, by_channel: dict[str, list[Outbox]], report: Report) -> dict[int, str]:
        """Rows whose sender died mid-send: those found in history count as posted (their ts).

        One history read per conversation. Rows history could not answer for yet (429) go back
        to the outbox, out of this batch.
        """
        doubts = [
            row
            for queue in by_channel.values()
            for row in queue
            if row.last_error == outbox.IN_DOUBT and row.kind not in NOT_IN_HISTORY
        ]
        if not doubts:
            return {}
        found = history.find_posted(self.client, doubts)
        for channel, queue in by_channel.items():
            for row in [r for r in queue if r.id in found.unknown]:
                self._still_in_doubt(row, found.wait, report)  # history is rate limited: later
            by_channel[channel] = [r for r in queue if r.id not in found.unknown]
        return found.posted

    @staticmethod
    def _thread_of(notice: Notice) -> str | None:
        accept = notice.row.kind == OutboxKind.ACCEPT_NOTE and notice.task is not None
        return notice.task.card_ts if accept and notice.task else None

    def _failed(
        self, row: Outbox, error: SlackApiError, report: Report, *, patient: bool = False
    ) -> Limited | None:
        assert row.id is not None
        status = error.response.status_code
        code = str(error.response.get("error") or f"http_{status}")
        if code in TOKEN_ERRORS:
            self._hold(row, code, report)
        elif status == 429 or code == "ratelimited":  # not an attempt: wait and send again
            wait = float(error.response.headers.get("Retry-After", 1) or 1)
            if not self.channel_429s:  # every sender of the workspace waits, not just this
                self.budget.limited(row, wait)
            if patient and wait <= self.patience:
                return Limited(wait, recorded=False)
            self._back_off(row, wait, report)
            return Limited(wait, recorded=True)
        elif code not in PERMANENT:  # 5xx, unknown codes, odd bodies: retried with backoff
            self._retry(row, code, 30.0 * 2 ** max(row.attempts - 1, 0), report)
        else:
            now = self.deps.clock.now()
            with session_scope(self.deps.engine) as session:
                if outbox.mark_failed(
                    session, row_id=row.id, claim_token=_token(row), reason=code, now=now
                ):
                    alerts.failure_note(session, row=row, reason=code, now=now)
                    alerts.card_refused(session, row=row, reason=code, now=now)
            report.failed[row.id] = code
            log.warning("outbox %s (%s) failed: %s", row.id, row.kind, code)
        return None

    def _back_off(
        self, row: Outbox, wait: float, report: Report, *, reason: str = "ratelimited"
    ) -> None:
        """Slack's rate limit: the row waits Retry-After seconds; the try does not count."""
        assert row.id is not None
        until = self.deps.clock.now() + timedelta(seconds=wait)
        with session_scope(self.deps.engine) as session:
            outbox.back_off(
                session, row_id=row.id, claim_token=_token(row), reason=reason, until=until
            )
        report.retried[row.id] = reason

    def _still_in_doubt(self, row: Outbox, wait: float, report: Report) -> None:
        """History could not say yet (429): the row waits `wait` s, still in doubt, its try and
        its due time (history is read from it) kept."""
        assert row.id is not None
        until = self.deps.clock.now() + timedelta(seconds=wait)
        with session_scope(self.deps.engine) as session:
            outbox.hold(
                session, row_id=row.id, claim_token=_token(row), reason=outbox.IN_DOUBT,
                until=until,
            )  # fmt: skip
        report.retried[row.id] = "ratelimited"

    def _hold(self, row: Outbox, code: str, report: Report) -> None:
        """Keep a row back while the token is broken; its try is not counted, nothing is lost."""
        assert row.id is not None
        now = self.deps.clock.now()
        if self.paused is None:
            self.paused = code
            log.error("Slack refuses Docket's token (%s): delivery paused until it works", code)
        waited = now - row.due_at
        until = now + min(max(waited / 2, HOLD_MIN), HOLD_MAX)
        with session_scope(self.deps.engine) as session:
            outbox.hold(
                session, row_id=row.id, claim_token=_token(row), reason=PAUSED + code, until=until
            )
        report.paused[row.id] = code

    def _tell_installer(self, reasons: list[str], count: int) -> None:
        """Once per reason and day: tell the installer that delivery resumed after a pause."""
        installer = self.deps.settings.installer_id
        now = self.deps.clock.now()
        key = f"token-note:{','.join(reasons)}:{now.date().isoformat()}"
        try:
            with session_scope(self.deps.engine) as session:
                if installer is None or audit.seen_request(session, key):
                    return
                audit.remember_request(session, key=key, kind="token_note", ref_id=None, at=now)
        except DomainError:  # another sender is telling them right now
            return
        codes = ", ".join(f"`{r}`" for r in reasons)
        text = (
            f":warning: Slack refused Docket's token ({codes}), so Docket held its messages. "
            f"The token works again: {count} held message(s) went out now, marked late; "
            "nothing was lost. If this was not you, check the app's installation."
        )
        try:
            self.client.chat_postMessage(channel=installer, text=text)
        except SlackApiError as error:
            log.warning("could not tell the installer: %s", error.response.get("error"))

    def _retry(self, row: Outbox, reason: str, wait: float, report: Report) -> None:
        assert row.id is not None
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            if row.attempts >= outbox.MAX_ATTEMPTS:  # its last try: failed for good, and told
                again = False
                if outbox.mark_failed(
                    session, row_id=row.id, claim_token=_token(row), reason=reason, now=now
                ):
                    alerts.failure_note(session, row=row, reason=reason, now=now)
                    alerts.card_refused(session, row=row, reason=reason, now=now)
            else:
                again = outbox.retry_later(
                    session,
                    row_id=row.id,
                    claim_token=_token(row),
                    reason=reason,
                    now=now,
                    wait=wait,
                )
        if again:
            report.retried[row.id] = reason
        else:
            report.failed[row.id] = reason
            log.warning("outbox %s (%s) gave up after retries: %s", row.id, row.kind, reason)
