"""Keeping claims alive: every batch a sender holds is renewed while its rows are being sent.

One thread per sender renews all its batches at once, every third of the lease (one UPDATE for
every claim token in hand), and stops when the sender holds none; a batch is renewed within a
third of the lease of its claim, as when each batch had a thread of its own.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from types import TracebackType

from bot.db import session_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import outbox

log = logging.getLogger("docket.delivery")


class Lease:
    """One claimed batch, renewed by its sender's keeper until the batch is done.

    A sender that stalls (a long pause, a hung call) past the lease can lose rows to another
    sender; `holds` says whether a row is still this batch's to send.
    """

    def __init__(self, keeper: Leases, rows: list[Outbox]) -> None:
        self.keeper = keeper
        self.tokens = {row.claim_token for row in rows if row.claim_token}
        self.ids = {row.id for row in rows if row.id is not None}
        self.lost: set[int] = set()

    def __enter__(self) -> Lease:
        self.keeper.add(self)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.keeper.discard(self)

    def holds(self, row_id: int | None) -> bool:
        """Whether this batch still holds the row (False once another sender took it)."""
        return row_id not in self.lost


class Leases:
    """A sender's keeper: renews every batch it holds, in one statement, each third of a lease."""

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self.length = timedelta(seconds=deps.settings.lease_seconds)
        self._held: set[Lease] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._beat = threading.Event()  # never set: the thread beats until no batch is held

    def hold(self, rows: list[Outbox]) -> Lease:
        """A lease on these claimed rows, renewed from now on (close it when the batch is done)."""
        return Lease(self, rows).__enter__()

    def add(self, lease: Lease) -> None:
        """Renew this batch from now on (the keeper's thread starts if it was idle)."""
        with self._lock:
            self._held.add(lease)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="outbox-lease", daemon=True)
                self._thread.start()

    def discard(self, lease: Lease) -> None:
        """Stop renewing this batch (its rows are done or handed back)."""
        with self._lock:
            self._held.discard(lease)

    def renew(self) -> None:
        """Extend the lease of every row still held; note the ones another sender took."""
        with self._lock:
            leases = list(self._held)
        tokens = {token for lease in leases for token in lease.tokens}
        if not tokens:
            return
        ids = {row_id for lease in leases for row_id in lease.ids}
        now = self.deps.clock.now()
        with session_scope(self.deps.engine) as session:
            held = outbox.renew_all(session, claim_tokens=tokens, now=now, lease=self.length)
            open_now = outbox.still_open(session, row_ids=ids - held)
        for lease in leases:  # open but not ours: the lease ran out and someone claimed them
            lease.lost |= open_now & lease.ids

    def _run(self) -> None:
        while not self._beat.wait(self.length.total_seconds() / 3):
            with self._lock:
                if not self._held:  # idle: the next batch starts the thread again
                    self._thread = None
                    return
            try:
                self.renew()
            except Exception:  # the database is away: try again at the next beat
                log.exception("could not renew the outbox leases")
