"""Building the coming minute's case digests before their moment (services/digest_ahead.py).

Called by the clock's tick and while `--drain` waits: at 08:30 the digests are already built,
so sending one is its slot and its post. Clocks preparing at once share the rows (SKIP LOCKED).
"""

from __future__ import annotations

from bot.blocks.notice import render
from bot.db import session_scope
from bot.deps import Deps
from bot.services import digest_ahead, digests
from bot.services.notice_types import Skip

ROUNDS = 500  # batches of 20: 10,000 case digests in one minute
BATCH = 20  # rows locked at a time (a clock racing the moment stops within one batch)


def prepare(deps: Deps) -> int:
    """Build the case digests due within the next minute, as of their moment; how many."""
    built = 0
    for _ in range(ROUNDS):
        if deps.stopping.is_set():
            break
        now = deps.clock.now()
        with session_scope(deps.engine) as session:
            rows = digest_ahead.to_prepare(session, now=now, limit=BATCH)
            for row in rows:
                notice = digests.compose(session, row=row, now=row.due_at)
                message = None  # a skip is decided again when it falls due
                if not isinstance(notice, Skip):
                    message = render(notice, tz=deps.settings.timezone)
                kept = digest_ahead.keep(session, row=row, message=message, built=now)
                built += kept and message is not None
        if not rows:
            break
    return built
