"""The courier: sends what requests left in the outbox, right after their acks, in the web process.

A request commits its outbox rows and answers; only then is the courier woken (a
threading.Event, no polling). It claims and sends every due row as the scheduler's tick does, and
sleeps until woken again or until the earliest row it had to put back falls due (a 429's
Retry-After). The tick remains the backstop: rows the courier never reached (it died, the process
was killed) are sent by the next tick of any clock process.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from bot.db import session_scope
from bot.deps import Deps
from bot.services import outbox
from bot.slack.delivery import Sender

log = logging.getLogger("docket.courier")
ROUNDS = 20  # passes of up to 100 rows per wake-up; the tick takes what is left
LOOK_AHEAD = 300.0  # seconds: a row due later than this is the tick's


class Courier:
    """One thread that delivers the outbox whenever a request has left something in it."""

    def __init__(self, deps: Deps, sender: Sender) -> None:
        self.deps = deps
        self.sender = sender
        self.token_error: str | None = None  # Slack refused the token on the last try
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        """A request committed outbox rows and has answered: send them now."""
        self._wake.set()

    @property
    def alive(self) -> bool:
        """Whether the courier's thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Courier:
        """Run in a daemon thread until stop()."""
        self._thread = threading.Thread(target=self._run, name="docket-courier", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop after the pass in flight (which releases its unsent rows when `stopping`)."""
        self._closed = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        timeout: float | None = None
        while True:
            self._wake.wait(timeout)
            if self._closed or self.deps.stopping.is_set():
                return
            self._wake.clear()
            timeout = self.drain()

    def drain(self) -> float | None:
        """Send every due row now; the seconds until the next one this courier should send."""
        try:
            for _ in range(ROUNDS):
                report = self.sender.deliver(limit=100)
                if report.paused:
                    self.token_error = next(iter(report.paused.values()))
                elif report.sent:
                    self.token_error = None
                if not (report.sent or report.failed or report.retried or report.skipped):
                    break
            with session_scope(self.deps.engine) as session:
                upcoming = outbox.next_due(session)
        except Exception:  # the tick is the backstop; the courier must outlive a bad pass
            log.exception("courier pass failed; the scheduler's tick will send what is left")
            return None
        return _until(upcoming, self.deps.clock.now())


def _until(moment: datetime | None, now: datetime) -> float | None:
    """Seconds to wait for a row due at `moment` (at least 1 s); None when it is the tick's."""
    if moment is None:
        return None
    seconds = (moment - now).total_seconds()
    return None if seconds > LOOK_AHEAD else max(seconds, 1.0)
