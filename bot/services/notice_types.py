"""What an outbox row becomes when it is sent: a Notice to render, or a Skip with its reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.models import Case, Outbox, Task

LATE_AFTER = timedelta(minutes=5)


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


@dataclass(frozen=True)
class Skip:
    """The row should not be sent; why."""

    reason: str
