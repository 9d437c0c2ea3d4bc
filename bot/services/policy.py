"""When alerts go out: offsets before a due moment, quiet hours, the lead's overdue delay."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from bot.models import AlertPolicy, Case
from bot.offsets import Offset, Offsets, read_offsets
from bot.services import rows
from bot.services.errors import Invalid
from bot.services.lookup import held
from bot.vocab import TaskKind

DEFAULT_KEY = "default"


def parse_offsets(text: str) -> Offsets:
    """'14d@09:00, 7d@09:00, 1h' -> offsets; Invalid with an example otherwise."""
    try:
        return read_offsets(text)
    except ValueError as error:
        raise Invalid(str(error)) from error


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


def _policy(row: AlertPolicy) -> Policy:
    return Policy(
        task=row.task_alerts,
        deadline=row.deadline_alerts,
        lead_delay_task=timedelta(seconds=row.lead_delay_task_s),
        lead_delay_deadline=timedelta(seconds=row.lead_delay_deadline_s),
        quiet_start=row.quiet_start,
        quiet_end=row.quiet_end,
        morning=row.morning,
    )


def store_default(session: Session, *, policy: Policy) -> None:
    """Record the deployment's policy (from its settings) for every process to read.

    One upsert: processes starting together all succeed (the last one's settings stand).
    """
    row = AlertPolicy(
        id=DEFAULT_KEY,
        task_alerts=policy.task,
        deadline_alerts=policy.deadline,
        lead_delay_task_s=policy.lead_delay_task.total_seconds(),
        lead_delay_deadline_s=policy.lead_delay_deadline.total_seconds(),
        quiet_start=policy.quiet_start,
        quiet_end=policy.quiet_end,
        morning=policy.morning,
    )
    values = rows.values_of(row)
    changed = [name for name in values if name != "id"]
    rows.upsert(session, AlertPolicy, values, keys=["id"], update_columns=changed)


def effective(session: Session, *, case: Case) -> Policy:
    """The case's own offsets, else the deployment's stored policy, else the defaults."""
    stored = held(session, AlertPolicy, DEFAULT_KEY)
    policy = _policy(stored) if stored else Policy()
    return replace(
        policy,
        task=policy.task if case.task_alerts is None else case.task_alerts,
        deadline=policy.deadline if case.deadline_alerts is None else case.deadline_alerts,
    )
