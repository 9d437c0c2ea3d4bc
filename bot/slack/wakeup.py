"""Whether the request in this thread committed a write to the outbox, so the courier has work.

Before, every answered request woke the courier, and each wake-up cost it a claim and a
`next_due` query (two transactions on another thread, competing with the request threads for
the GIL and the pool) even after `/task list` or `/case`, which plan nothing. The engine's
events say which transactions wrote to the outbox table: an INSERT (plans and upserts) or an
UPDATE (a row moved, cancelled or made due again) marks the connection; its commit marks the
thread, and a rollback forgets it. A request that wrote nothing leaves the courier asleep.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.models import Outbox

_OUTBOX = Outbox.__table__  # type: ignore[attr-defined]
_MARK = "docket_outbox_written"  # key in the DBAPI connection's info: written, not committed
_state = threading.local()


def watch(engine: Engine) -> None:
    """Track outbox writes on this engine (idempotent)."""
    if event.contains(engine, "commit", _committed):
        return
    event.listen(engine, "after_cursor_execute", _executed)
    event.listen(engine, "commit", _committed)
    event.listen(engine, "rollback", _rolled_back)


def start() -> None:
    """Forget what this thread committed before: a request begins."""
    _state.committed = False


def committed() -> bool:
    """Whether this thread committed an outbox write since start()."""
    return bool(getattr(_state, "committed", False))


def _executed(
    conn: Any, _cursor: Any, _statement: str, _params: Any, context: Any, _many: bool
) -> None:
    if context is None or not (context.isinsert or context.isupdate):
        return
    compiled = getattr(context, "compiled", None)
    table = getattr(getattr(compiled, "statement", None), "table", None)
    # by name: an ORM statement (insert(Outbox), update(Outbox)) carries an annotated copy
    if getattr(table, "name", None) == _OUTBOX.name:
        conn.info[_MARK] = True


def _committed(conn: Any) -> None:
    if conn.info.pop(_MARK, False):
        _state.committed = True


def _rolled_back(conn: Any) -> None:
    conn.info.pop(_MARK, None)
