"""Recording what became of a claimed row, under its claim: sent, retried, held, failed.

Each outcome is one transaction, committed as soon as it is known (right after the Slack call
that decided it, before the sender's next call), by a conditional UPDATE that holds only while
this sender's claim holds the row (services/claims.py): a sender that lost its claim records
nothing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from slack_sdk.errors import SlackApiError

from bot.db import session_scope, statement_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import alerts, notice_types, outbox
from bot.services.notice_types import Notice
from bot.slack.pacing import WorkspaceBudget
from bot.slack.posting import NOT_IN_HISTORY
from bot.slack.replies import ReplyRefused
from bot.vocab import OutboxKind

log = logging.getLogger("docket.delivery")
# Final: this message can never be delivered as it is (the lead is told once).
PERMANENT = frozenset(
    {
        "not_in_channel",
        "channel_not_found",
        "is_archived",
        "is_inactive",  # chat.update in an archived channel (or a deactivated person's DM)
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


@dataclass(frozen=True)
class Limited:
    """Slack answered 429: wait this long; recorded: the row is back in the outbox until then."""

    wait: float
    recorded: bool


def token_of(row: Outbox) -> str:
    """The claim under which this pass holds the row."""
    return row.claim_token or ""


class Outcomes:
    """Records a sender's outcomes under its claims; `paused` once Slack refused the token."""

    def __init__(
        self, deps: Deps, budget: WorkspaceBudget, *, patience: float, channel_429s: bool
    ) -> None:
        self.deps, self.budget = deps, budget
        self.patience, self.channel_429s = patience, channel_429s
        self.paused: str | None = None  # the token error that stopped this pass

    def sent(self, notice: Notice, ts: str | None, report: Report) -> None:
        """Record a delivered row (and where a task's card now is) in one transaction."""
        row = notice.row
        assert row.id is not None
        card = row.task_id if row.kind == OutboxKind.TASK_CARD else None
        # One statement on PostgreSQL (the row and its task's card together), committed as it
        # runs; elsewhere a card takes two, in a transaction.
        one = card is None or ts is None or self.deps.engine.dialect.name == "postgresql"
        with (statement_scope if one else session_scope)(self.deps.engine) as session:
            held = outbox.mark_sent(
                session, row_id=row.id, claim_token=token_of(row), ts=ts,
                now=self.deps.clock.now(), late=notice.late, card_of=card,
            )  # fmt: skip
        if not held:  # another sender took the row over (this one stalled past its lease)
            log.warning("outbox %s was sent after its claim was lost", row.id)
        report.sent.append(row.id)
        if row.last_error and row.last_error.startswith(PAUSED):
            report.resumed[row.id] = row.last_error.removeprefix(PAUSED)

    def skipped(self, row: Outbox, reason: str, report: Report) -> None:
        """Note a row composing skipped (recorded in compose's transaction)."""
        assert row.id is not None
        report.skipped[row.id] = reason
        log.info("outbox %s skipped: %s", row.id, reason)

    def failed(
        self, row: Outbox, error: SlackApiError, report: Report, *, patient: bool = False
    ) -> Limited | None:
        """Slack refused the call: hold (token), wait (429), retry, or fail for good."""
        assert row.id is not None
        status = error.response.status_code
        code = str(error.response.get("error") or f"http_{status}")
        if code in TOKEN_ERRORS:
            self.hold(row, code, report)
        elif status == 429 or code == "ratelimited":  # not an attempt: wait and send again
            wait = float(error.response.headers.get("Retry-After", 1) or 1)
            if not self.channel_429s:  # every sender of the workspace waits, not just this
                self.budget.limited(row, wait)
            if patient and wait <= self.patience:
                return Limited(wait, recorded=False)
            self.back_off(row, wait, report)
            return Limited(wait, recorded=True)
        elif code not in PERMANENT:  # 5xx, unknown codes, odd bodies: retried with backoff
            self.retry(row, code, 30.0 * 2 ** max(row.attempts - 1, 0), report)
        else:
            self._final(row, code, report)
        return None

    def refused(self, row: Outbox, refused: ReplyRefused, report: Report) -> None:
        """A response_url refused the reply itself: retried, or final."""
        assert row.id is not None
        if refused.retryable:
            self.retry(row, refused.code, 30.0 * row.attempts, report)
            return
        with session_scope(self.deps.engine) as session:
            outbox.mark_failed(
                session, row_id=row.id, claim_token=token_of(row), reason=refused.code,
                now=self.deps.clock.now(),
            )  # fmt: skip
        report.failed[row.id] = refused.code
        log.warning("outbox %s (reply) refused: HTTP %s", row.id, refused.status)

    def answer_lost(self, row: Outbox, error: Exception, report: Report) -> None:
        """Slack may have posted it (a read timeout, a dropped connection): tried again later,
        after a look in history for its key, as a dead sender's row is (kinds history shows)."""
        assert row.id is not None
        wait = 30.0 * row.attempts
        if row.kind in NOT_IN_HISTORY:
            self.retry(row, type(error).__name__, wait, report)
            return
        log.warning("outbox %s (%s): no answer from Slack (%s); history is read before it is "
                    "sent again", row.id, row.kind, type(error).__name__)  # fmt: skip
        with session_scope(self.deps.engine) as session:
            again = outbox.in_doubt(
                session, row_id=row.id, claim_token=token_of(row), now=self.deps.clock.now(),
                wait=wait,
            )  # fmt: skip
        if again:
            report.retried[row.id] = outbox.IN_DOUBT
        else:
            report.failed[row.id] = outbox.IN_DOUBT
            log.warning("outbox %s (%s) gave up after retries: %s", row.id, row.kind, "no answer")

    def back_off(
        self, row: Outbox, wait: float, report: Report, *, reason: str = "ratelimited"
    ) -> None:
        """Slack's rate limit: the row waits Retry-After seconds; the try does not count."""
        assert row.id is not None
        until = self.deps.clock.now() + timedelta(seconds=wait)
        with session_scope(self.deps.engine) as session:
            outbox.back_off(
                session, row_id=row.id, claim_token=token_of(row), reason=reason, until=until
            )
        report.retried[row.id] = reason

    def still_in_doubt(self, row: Outbox, wait: float, report: Report) -> None:
        """History could not say yet (429): the row waits `wait` s, still in doubt, its try and
        its due time (history is read from it) kept."""
        assert row.id is not None
        until = self.deps.clock.now() + timedelta(seconds=wait)
        with session_scope(self.deps.engine) as session:
            outbox.hold(
                session, row_id=row.id, claim_token=token_of(row), reason=outbox.IN_DOUBT,
                until=until,
            )  # fmt: skip
        report.retried[row.id] = "ratelimited"

    def hold(self, row: Outbox, code: str, report: Report) -> None:
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
                session, row_id=row.id, claim_token=token_of(row), reason=PAUSED + code,
                until=until,
            )  # fmt: skip
        report.paused[row.id] = code

    def retry(self, row: Outbox, reason: str, wait: float, report: Report) -> None:
        """Try the row again after `wait` s; on its last try it fails for good, and is told."""
        assert row.id is not None
        if outbox.exhausted(row.attempts, reason):
            self._final(row, reason, report, gave_up=True)
            return
        with session_scope(self.deps.engine) as session:
            again = outbox.retry_later(
                session, row_id=row.id, claim_token=token_of(row), reason=reason,
                now=self.deps.clock.now(), wait=wait,
            )  # fmt: skip
        if again:
            report.retried[row.id] = reason
        else:
            report.failed[row.id] = reason
            log.warning("outbox %s (%s) gave up after retries: %s", row.id, row.kind, reason)

    def _final(self, row: Outbox, code: str, report: Report, *, gave_up: bool = False) -> None:
        """Failed for good: recorded, and the lead (or whoever added the card) is told once."""
        assert row.id is not None
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            if outbox.mark_failed(
                session, row_id=row.id, claim_token=token_of(row), reason=code, now=now
            ):
                alerts.failure_note(session, row=row, reason=code, now=now)
                alerts.card_refused(session, row=row, reason=code, now=now)
        report.failed[row.id] = code
        if gave_up:
            log.warning("outbox %s (%s) gave up after retries: %s", row.id, row.kind, code)
        else:
            log.warning("outbox %s (%s) failed: %s", row.id, row.kind, code)
