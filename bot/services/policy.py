"""When alerts go out: offsets before a due moment, quiet hours, the lead's overdue delay."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session

from bot.models import AppSetting, Case
from bot.services.errors import Invalid
from bot.vocab import TaskKind

OFFSET_RE = re.compile(
    r"^(?:(?P<days>\d{1,2})d@(?P<hh>\d{1,2}):(?P<mm>\d{2})|(?P<hours>\d{1,3})h)$"
)
POLICY_KEY = "alert_policy"


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


def parse_offsets(text: str) -> tuple[Offset, ...]:
    """'14d@09:00, 7d@09:00, 1h' -> offsets; Invalid with an example otherwise."""
    found = []
    for part in (p.strip().lower() for p in text.split(",") if p.strip()):
        match = OFFSET_RE.match(part)
        if not match:
            raise Invalid(f"I can't read the alert offset {part!r}; write e.g. `14d@09:00, 1h`.")
        if match.group("hours"):
            found.append(Offset(hours=int(match.group("hours"))))
        else:
            hh, mm = int(match.group("hh")), int(match.group("mm"))
            if hh > 23 or mm > 59:
                raise Invalid(f"{part!r} is not a time of day; write e.g. `1d@09:00`.")
            found.append(Offset(days=int(match.group("days")), at=time(hh, mm)))
    return tuple(found)


@dataclass(frozen=True)
class Policy:
    """Alert offsets by kind, quiet hours and how long before the lead hears of an overdue task."""

    task: tuple[Offset, ...] = field(default_factory=lambda: parse_offsets("1d@09:00, 1h"))
    deadline: tuple[Offset, ...] = field(
        default_factory=lambda: parse_offsets("14d@09:00, 7d@09:00, 3d@09:00, 1d@09:00, 0d@09:00")
    )
    lead_delay_task: timedelta = timedelta(hours=24)
    lead_delay_deadline: timedelta = timedelta(0)
    quiet_start: time = time(19, 0)
    quiet_end: time = time(8, 0)
    morning: time = time(9, 0)

    def offsets(self, kind: TaskKind) -> tuple[Offset, ...]:
        """The offsets for a task kind."""
        return self.deadline if kind == TaskKind.DEADLINE else self.task

    def to_json(self) -> str:
        """The policy as stored."""
        data = asdict(self)
        data["task"] = ",".join(o.label for o in self.task)
        data["deadline"] = ",".join(o.label for o in self.deadline)
        for name in ("lead_delay_task", "lead_delay_deadline"):
            data[name] = getattr(self, name).total_seconds()
        for name in ("quiet_start", "quiet_end", "morning"):
            data[name] = getattr(self, name).strftime("%H:%M")
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Policy:
        """Read a stored policy (missing fields take the defaults)."""
        base = cls()
        if not text:
            return base
        data = json.loads(text)
        changes: dict[str, Any] = {}
        for name in ("task", "deadline"):
            if name in data:
                changes[name] = parse_offsets(data[name])
        for name in ("lead_delay_task", "lead_delay_deadline"):
            if name in data:
                changes[name] = timedelta(seconds=float(data[name]))
        for name in ("quiet_start", "quiet_end", "morning"):
            if name in data:
                changes[name] = time.fromisoformat(data[name])
        return replace(base, **changes)

    def is_quiet(self, local: datetime) -> bool:
        """Outside working hours, or on a weekend, in the reader's local time."""
        return local.weekday() >= 5 or not (self.quiet_end <= local.time() < self.quiet_start)

    def next_morning(self, local: datetime) -> datetime:
        """The next working morning at or after a local moment."""
        day: date = local.date()
        candidate = datetime.combine(day, self.morning, tzinfo=local.tzinfo)
        while candidate < local or candidate.weekday() >= 5:
            day += timedelta(days=1)
            candidate = datetime.combine(day, self.morning, tzinfo=local.tzinfo)
        return candidate


def store_default(session: Session, *, policy_json: str) -> None:
    """Record the deployment's policy (from its settings) for every process to read."""
    row = session.get(AppSetting, POLICY_KEY) or AppSetting(key=POLICY_KEY, value=policy_json)
    row.value = policy_json
    session.add(row)


def effective(session: Session, *, case: Case) -> Policy:
    """The case's override, else the workspace's stored policy, else the defaults."""
    stored = session.get(AppSetting, POLICY_KEY)
    policy = Policy.from_json(stored.value if stored else None)
    if case.alert_offsets:
        override = json.loads(case.alert_offsets)
        policy = replace(
            policy,
            task=parse_offsets(override["task"]) if "task" in override else policy.task,
            deadline=(
                parse_offsets(override["deadline"]) if "deadline" in override else policy.deadline
            ),
        )
    return policy
