"""Keeping a batch's claim alive: the lease is renewed while its rows are being sent."""

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
    """Renews the claim on a batch every third of the lease until the batch is done.

    A sender that stalls (a long pause, a hung call) past the lease can lose rows to another
    sender; `holds` says whether a row is still this batch's to send.
    """

    def __init__(self, deps: Deps, rows: list[Outbox]) -> None:
        self.deps = deps
        self.length = timedelta(seconds=deps.settings.lease_seconds)
        self.tokens = {row.claim_token for row in rows if row.claim_token}
        self.ids = {row.id for row in rows if row.id is not None}
        self.lost: set[int] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="outbox-lease", daemon=True)

    def __enter__(self) -> Lease:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def holds(self, row_id: int | None) -> bool:
        """Whether this batch still holds the row (False once another sender took it)."""
        return row_id not in self.lost

    def renew(self) -> None:
        """Extend the lease of every row still held; note the ones another sender took."""
        now = self.deps.clock.now()
        held: set[int] = set()
        with session_scope(self.deps.engine) as session:
            for token in self.tokens:
                held |= outbox.renew(session, claim_token=token, now=now, lease=self.length)
        with session_scope(self.deps.engine) as session:
            open_now = outbox.still_open(session, row_ids=self.ids - held)
        self.lost |= open_now  # open but not ours: the lease ran out and someone claimed them

    def _run(self) -> None:
        while not self._stop.wait(self.length.total_seconds() / 3):
            try:
                self.renew()
            except Exception:  # the database is away: try again at the next beat
                log.exception("could not renew the outbox lease")
