"""The courier's lanes: claimed rows queued per conversation, sent by a small pool of threads.

A lane is one conversation (a row's recipient: a case channel, a person). Its rows go out one at a
time in the order they were claimed (due time, then id), so a case's messages never overtake each
other; different lanes go out at once on `courier_workers` threads. Slack's limits are kept without
sleeping: a lane posts at most one message per `pace_seconds` (Slack: about one message a second
per channel, "short bursts >1 allowed"), with a burst of `post_burst` (3) when it has been quiet,
so a card and the next one or two right after it are not held a second each; a method whose minute
is spent waits for a free slot (`limits.Budget`), and a worker with nothing ready waits on a
condition for new rows or the next ready moment. A 429 puts that lane's rows back in the outbox
until Retry-After and closes the lane meanwhile (for a tier-limited method other than
chat.postMessage: that method everywhere); every other lane goes on. Every outcome is recorded by
`Sender.send_one` under the row's claim.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.deps import Deps
from bot.models import Outbox
from bot.slack.delivery import Claimed, Report, Sender
from bot.slack.limits import POST, Budget, method_of

log = logging.getLogger("docket.courier")
HELD = 200  # rows the courier holds at most (queued or in flight); the tick takes the rest


@dataclass(eq=False)
class _Claim:
    claimed: Claimed
    left: int  # rows not yet done


@dataclass(eq=False)
class _Job:
    row: Outbox
    claim: _Claim


@dataclass
class _Lane:
    jobs: deque[_Job] = field(default_factory=deque)
    busy: bool = False  # a worker is sending its head row (or putting its rows back)


@dataclass
class _Pick:
    key: str
    job: _Job | None  # send this row, or
    closed: list[_Job]  # put these back in the outbox (the lane or its method is closed)
    until: datetime | None = None


class Lanes:
    """Claimed rows by conversation, sent by `workers` threads (see the module's docstring)."""

    def __init__(
        self,
        deps: Deps,
        sender: Sender,
        *,
        workers: int,
        on_done: Callable[[Report], None],
        wake: Callable[[], None],
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.deps, self.sender, self.workers = deps, sender, workers
        self.on_done, self.wake, self.monotonic = on_done, wake, monotonic
        self.pace = deps.settings.pace_seconds
        self.burst = max(deps.settings.post_burst, 1)
        self.budget = Budget(monotonic, posts_per_minute=deps.settings.posts_per_minute)
        self._cv = threading.Condition()
        self._lanes: dict[str, _Lane] = {}  # in the order they came: older lanes first
        # lane -> when its pace is caught up (monotonic; a GCRA's theoretical arrival time): it
        # may post while this is at most (burst - 1) paces ahead of now
        self._posted: dict[str, float] = {}
        self._closed: dict[str, datetime] = {}  # lane or method -> closed until (a 429)
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._full = False
        self.held = 0  # rows queued or being sent

    def start(self) -> Lanes:
        """Start the workers."""
        for n in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"docket-courier-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def room(self) -> int:
        """How many more rows the lanes take now (the courier claims no more than this)."""
        with self._cv:
            room = max(HELD - self.held, 0)
            self._full = room == 0
            return room

    def add(self, claimed: Claimed) -> None:
        """Queue a claim's rows on their lanes, in claim order."""
        rows = [r for r in claimed.rows if r.id is not None and r.id not in claimed.report.retried]
        claim = _Claim(claimed, len(rows))
        with self._cv:
            if not self._stopping:
                for row in rows:
                    self._lanes.setdefault(row.recipient, _Lane()).jobs.append(_Job(row, claim))
                self.held += len(rows)
                self._cv.notify_all()
        if self._stopping or not rows:
            self._finish(claim)  # nothing to send: release what it holds

    def stop(self, timeout: float) -> None:
        """Send what is ready, let the calls in flight finish, hand back every other row."""
        with self._cv:
            self._stopping = True
            self._cv.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        with self._cv:
            left = [job for lane in self._lanes.values() if not lane.busy for job in lane.jobs]
            self._lanes.clear()
        for claim in {job.claim for job in left}:
            self._finish(claim)  # releases its unsent rows

    def _work(self) -> None:
        while True:
            with self._cv:
                picked = self._pick()
                while not isinstance(picked, _Pick):
                    if self._stopping:
                        return
                    self._cv.wait(picked)
                    picked = self._pick()
            try:
                self._serve(picked)
            except Exception:  # a worker outlives a bad row; its claim's lease ends on its own
                log.exception("courier lane failed")

    def _pick(self) -> _Pick | float | None:
        """The first ready lane's next row (marked busy), or the seconds until one is ready."""
        if self.deps.stopping.is_set():
            return None
        now, mono = self.deps.clock.now(), self.monotonic()
        self._closed = {k: until for k, until in self._closed.items() if until > now}
        if len(self._posted) > HELD:  # only lanes still inside their pace matter
            self._posted = {k: at for k, at in self._posted.items() if at > mono}
        soonest: float | None = None
        for key, lane in self._lanes.items():
            if lane.busy or not lane.jobs:
                continue
            method = method_of(lane.jobs[0].row)
            closed = [self._closed[k] for k in (key, method or "") if k in self._closed]
            if closed:
                lane.busy = True
                jobs, until = list(lane.jobs), max(closed)
                lane.jobs.clear()
                return _Pick(key, None, jobs, until)
            ahead = (self.burst - 1) * self.pace
            wait = self._posted.get(key, mono) - ahead - mono if method == POST else 0.0
            if wait <= 0:
                wait = self.budget.take(method)
            if wait > 0:
                soonest = wait if soonest is None else min(soonest, wait)
                continue
            lane.busy = True
            return _Pick(key, lane.jobs.popleft(), [])
        return soonest

    def _serve(self, pick: _Pick) -> None:
        """Send the picked row (or put the closed lane's rows back), then free the lane."""
        done, wait = list(pick.closed), 0.0
        if pick.until is not None:
            wait = max((pick.until - self.deps.clock.now()).total_seconds(), 0.0)
        if pick.job is not None:
            row = pick.job.row
            limited = self.sender.send_one(row, pick.job.claim.claimed)
            method = method_of(row)
            with self._cv:
                if method == POST:
                    mono = self.monotonic()
                    self._posted[pick.key] = max(self._posted.get(pick.key, mono), mono) + self.pace
                if limited is not None:  # the lane (or the method) closes; the rest goes back
                    wait = limited.wait
                    until = self.deps.clock.now() + timedelta(seconds=wait)
                    self._closed[pick.key] = until
                    if method is not None and method != POST:
                        self._closed[method] = until
                    lane = self._lanes[pick.key]
                    done += list(lane.jobs)
                    lane.jobs.clear()
            done.append(pick.job)
        for job in [j for j in done if j is not pick.job]:
            self.sender.back_off(job.row, wait, job.claim.claimed)
        self._free(pick.key, done, backed_off=len(done) > (pick.job is not None))

    def _free(self, key: str, done: list[_Job], *, backed_off: bool) -> None:
        finished: list[_Claim] = []
        with self._cv:
            lane = self._lanes.get(key)
            if lane is not None:
                lane.busy = False
                if not lane.jobs:
                    del self._lanes[key]
            for job in done:
                job.claim.left -= 1
                if job.claim.left == 0:
                    finished.append(job.claim)
            self.held -= len(done)
            woke = backed_off or (self._full and self.held <= HELD // 2)
            # Only the lane freed may have become ready: one worker for it (this one picks
            # again too), not every worker (each wake-up takes its turn at the GIL).
            self._cv.notify()
        for claim in finished:
            self._finish(claim)
        if woke:  # rows went back to the outbox (the courier times its next look) or room
            self.wake()

    def _finish(self, claim: _Claim) -> None:
        try:
            self.sender.finish(claim.claimed)
            self.on_done(claim.claimed.report)
        except Exception:
            log.exception("could not close an outbox claim; its lease ends on its own")
