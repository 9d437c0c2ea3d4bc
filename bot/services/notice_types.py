"""What an outbox row becomes when it is sent: a Notice to render, or a Skip with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.models import Case, Outbox, Task

LATE_AFTER = timedelta(minutes=5)
PAUSED = "paused:"  # a held row's last_error: Slack refused the token (the code follows)


@dataclass(frozen=True)
class RepeatInfo:
    """A repeating task's series, as its card shows it."""

    words: str  # "every other Fri at 3:00 PM"
    active: bool = True
    status: str = "active"
    note: str | None = None  # this occurrence moved off a court holiday, and why


@dataclass(frozen=True)
class Notice:
    """Everything needed to render and send one outbox row."""

    row: Outbox
    case: Case | None
    task: Task | None
    payload: dict[str, Any] = field(default_factory=dict)
    late: bool = False
    content: Any = None  # what a digest says, built when it is sent
    now: datetime | None = None
    repeat: RepeatInfo | None = None  # the task's series, when it repeats
    posted: str | None = None  # its ts, when a sender that died had posted it already
    held: str | None = None  # Slack's token error that held it back (delivery paused), if one did


def held_by(row: Outbox) -> str | None:
    """The token error that held this row back while delivery was paused, if one did."""
    error = row.last_error or ""
    return error.removeprefix(PAUSED) if error.startswith(PAUSED) else None


@dataclass(frozen=True)
class Skip:
    """The row should not be sent; why."""

    reason: str
