"""Alert offsets ('14d@09:00', '1h') as typed values, and the column type that stores them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

OFFSET_RE = re.compile(
    r"^(?:(?P<days>\d{1,2})d@(?P<hh>\d{1,2}):(?P<mm>\d{2})|(?P<hours>\d{1,3})h)$"
)
Offsets = tuple["Offset", ...]


@dataclass(frozen=True)
class Offset:
    """'1d@09:00' (days before the due date, at a local time) or '1h' (hours before the moment)."""

    days: int | None = None
    at: time | None = None
    hours: int | None = None

    @property
    def label(self) -> str:
        """The offset as written in settings."""
        if self.hours is not None:
            return f"{self.hours}h"
        assert self.at is not None
        return f"{self.days}d@{self.at:%H:%M}"


def read_offsets(text: str) -> Offsets:
    """'14d@09:00, 7d@09:00, 1h' -> offsets; ValueError with a message fit for a user."""
    found = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        match = OFFSET_RE.match(part)
        if not match:
            raise ValueError(f"I can't read the alert offset {part!r}; write e.g. `14d@09:00, 1h`.")
        if match.group("hours"):
            found.append(Offset(hours=int(match.group("hours"))))
        else:
            hh, mm = int(match.group("hh")), int(match.group("mm"))
            if hh > 23 or mm > 59:
                raise ValueError(f"{part!r} is not a time of day; write e.g. `1d@09:00`.")
            found.append(Offset(days=int(match.group("days")), at=time(hh, mm)))
    return tuple(found)


def labels(offsets: Offsets) -> str:
    """Offsets as written in settings: '14d@09:00,1h'."""
    return ",".join(o.label for o in offsets)


class OffsetsType(TypeDecorator[Offsets]):
    """A column of alert offsets: stored as their labels, loaded as a tuple of Offset."""

    impl = String
    cache_ok = True

    def __init__(self, length: int = 400) -> None:
        super().__init__(length)

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Store the labels of a tuple of offsets."""
        return None if value is None else labels(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Offsets | None:
        """Load the labels back as offsets."""
        return None if value is None else read_offsets(value)
