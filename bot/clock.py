"""The injected clock: the only place that reads the real time."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current aware UTC time."""

    def now(self) -> datetime:
        """Return the current moment, aware, in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """Return the real current moment in UTC."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to (tests and the sandbox)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Return the clock's current moment."""
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        """Jump to moment (aware)."""
        if moment.tzinfo is None:
            raise ValueError("FakeClock.set needs an aware datetime")
        with self._lock:
            self._now = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by delta and return the new moment."""
        with self._lock:
            self._now += delta
            return self._now
