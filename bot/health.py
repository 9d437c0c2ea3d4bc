"""Liveness and readiness: does the database answer, is the schema at head, is the clock ticking."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.db import MIGRATIONS

# The tick runs every 30 s and beats after every round; four missed ticks mean it is stuck.
STALE_AFTER = timedelta(minutes=2)


@dataclass
class Heartbeat:
    """When this process's scheduler last showed progress (only if it runs one)."""

    expected_since: datetime | None = None
    last: datetime | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def expect(self, now: datetime) -> None:
        """This process runs the scheduler from now on: readiness watches its ticks."""
        with self._lock:
            self.expected_since = now

    def beat(self, now: datetime) -> None:
        """The scheduler made progress at now."""
        with self._lock:
            self.last = now

    def state(self, now: datetime) -> tuple[str, float | None]:
        """'ok', 'stalled' or 'not run here', with seconds since the last sign of life."""
        with self._lock:
            since, last = self.expected_since, self.last
        if since is None:
            return "not run here", None
        seen = max(since, last) if last is not None else since
        age = (now - seen).total_seconds()
        return ("ok" if now - seen <= STALE_AFTER else "stalled"), round(age, 1)


@cache
def schema_head() -> str | None:
    """The newest migration this code knows (read from the packaged scripts once)."""
    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def database_state(engine: Engine) -> tuple[str, str]:
    """('ok' | 'unreachable', 'ok' | 'behind' | 'unknown') from one short connection."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except (SQLAlchemyError, OSError):
        return "unreachable", "unknown"
    return "ok", ("ok" if current == schema_head() else "behind")


def liveness() -> dict[str, Any]:
    """The process is up and answering."""
    return {"status": "ok"}


def readiness(engine: Engine, *, clock: Clock, heartbeat: Heartbeat) -> tuple[bool, dict[str, Any]]:
    """Whether this process can do its work, with one word per check (no data, no secrets)."""
    database, migrations = database_state(engine)
    scheduler, age = heartbeat.state(clock.now())
    checks: dict[str, Any] = {
        "database": database,
        "migrations": migrations,
        "scheduler": scheduler,
    }
    if age is not None:
        checks["last_tick_seconds_ago"] = age
    ready = database == "ok" and migrations == "ok" and scheduler != "stalled"
    return ready, {"status": "ok" if ready else "unavailable", "checks": checks}
