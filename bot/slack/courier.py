"""The courier: sends what requests left in the outbox, right after their acks, in the web process.

A request commits its outbox rows and answers; only then is the courier woken (a
threading.Event, no polling). Its thread claims every due row (at most `lanes.HELD` in hand)
and queues them on lanes, one per conversation, which a small pool of workers sends: different
conversations in parallel, one conversation's rows in order, Slack's limits kept without
sleeping (bot/slack/lanes.py). A wake-up during a burst claims the new rows at once; it never
waits for the rows already in hand. The thread then sleeps until woken again or until the
earliest row put back falls due (a 429's Retry-After). The tick remains the backstop: rows the
courier never reached (it died, the process was killed) are sent by the next tick of any clock
process.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from bot.db import read_scope
from bot.deps import Deps
from bot.services import outbox
from bot.slack.delivery import Report, Sender
from bot.slack.lanes import Lanes

log = logging.getLogger("docket.courier")
ROUNDS = 20  # passes of up to 100 rows per wake-up; the tick takes what is left
LOOK_AHEAD = 300.0  # seconds: a row due later than this is the tick's


class Courier:
    """A thread that claims what requests leave in the outbox, and lanes that send it."""

    def __init__(self, deps: Deps, sender: Sender) -> None:
        self.deps = deps
        self.sender = sender
        self.token_error: str | None = None  # Slack refused the token on the last try
        self._wake = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self.lanes: Lanes | None = None

    def wake(self) -> None:
        """A request committed outbox rows and has answered: send them now."""
        self._wake.set()

    @property
    def alive(self) -> bool:
        """Whether the courier's thread is running."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Courier:
        """Run in a daemon thread, with `courier_workers` lane workers, until stop()."""
        workers = self.deps.settings.courier_workers
        self.lanes = Lanes(self.deps, self.sender, workers=workers, on_done=self._note,
                           wake=self.wake).start()  # fmt: skip
        self._thread = threading.Thread(target=self._run, name="docket-courier", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Claim nothing more; send what is ready, finish the calls in flight, release the rest."""
        self._closed = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        if self.lanes is not None:
            self.lanes.stop(timeout)

    def _run(self) -> None:
        timeout: float | None = None
        while True:
            self._wake.wait(timeout)
            if self._closed or self.deps.stopping.is_set():
                return
            self._wake.clear()
            timeout = self._fill()

    def _fill(self) -> float | None:
        """Claim due rows onto the lanes (as many as they take); seconds until the next look."""
        assert self.lanes is not None
        try:
            while (room := self.lanes.room()) > 0:
                limit = min(room, 100)
                claimed = self.sender.claim(limit=limit)
                if claimed is None:
                    break
                self.lanes.add(claimed)
                if claimed.report.claimed < limit:  # every due row it could take is in hand
                    break
            upcoming = self._next_due()
        except Exception:  # the tick is the backstop; the courier must outlive a bad claim
            log.exception("courier claim failed; the scheduler's tick will send what is left")
            return None
        return _until(upcoming, self.deps.clock.now())

    def _next_due(self) -> datetime | None:
        """When the earliest open row can next be claimed (read outside a transaction)."""
        with read_scope(self.deps.engine) as session:
            return outbox.next_due(session)

    def _note(self, report: Report) -> None:
        """What a finished claim says about the token (the ack tells users messages wait)."""
        if report.paused:
            self.token_error = next(iter(report.paused.values()))
        elif report.sent:
            self.token_error = None

    def drain(self) -> float | None:
        """Send every due row now, in this thread (the sandbox's settle step, as the tick does).

        Returns the seconds until the next row this courier should send.
        """
        upcoming = None
        try:
            for _ in range(ROUNDS):
                report = self.sender.deliver(limit=100)
                self._note(report)
                upcoming = self._next_due()
                if not (report.sent or report.failed or report.retried or report.skipped):
                    break
                # fewer than it asked for: all were due, unless the pass planned more (a note)
                if report.claimed < 100 and (upcoming is None or upcoming > self.deps.clock.now()):
                    break
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
