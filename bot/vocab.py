"""The fixed words Docket stores: task kinds, statuses, outbox kinds and audit actions.

Each is a `StrEnum`, so the value in the database, in JSON and in an f-string is the same
word it always was ("open", "task_card", "task.done"); the enum only names the set. Columns
that hold one use `VocabType`, which hands back the enum member on load.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class TaskKind(StrEnum):
    """A task, or a court deadline (shown with the court's scales, alerted on the day)."""

    TASK = "task"
    DEADLINE = "deadline"


class TaskStatus(StrEnum):
    """Where a task stands."""

    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class CaseStatus(StrEnum):
    """Whether a case is being worked."""

    OPEN = "open"
    CLOSED = "closed"


class OutboxKind(StrEnum):
    """What a planned message is; bot/blocks/notice.py has one builder for each."""

    TASK_CARD = "task_card"
    CARD_UPDATE = "card_update"
    ASSIGN_DM = "assign_dm"
    UNASSIGN_DM = "unassign_dm"
    ACCEPT_NOTE = "accept_note"
    ALERT = "alert"
    OVERDUE = "overdue"
    LEAD_OVERDUE = "lead_overdue"
    FAILURE_NOTE = "failure_note"
    CARD_REFUSED = "card_refused"  # whoever added a task: Slack refused its card
    ASSIGNEE_LEFT = "assignee_left"  # the lead, once: an assignee left the case channel
    LEAD_LEFT = "lead_left"  # the case channel, once: the lead left (or anyone, with no lead)
    NO_LEAD_OVERDUE = "no_lead_overdue"  # the case channel: the lead's overdue note, no lead
    NO_LEAD_FAILURE = "no_lead_failure"  # the case channel: the lead's failure note, no lead
    LEFT_ALERT = "left_alert"  # the lead: a reminder whose assignee left the case channel
    NO_LEAD_LEFT_ALERT = "no_lead_left_alert"  # the case channel: the same, when it has no lead
    DM_UPDATE = "dm_update"  # a delegation DM redrawn: its task changed (done, cancelled, moved)
    DIGEST = "digest"
    PERSONAL_DIGEST = "personal_digest"
    HOME = "home"
    REPLY = "reply"  # an answer to a request, rendered by it, sent right after its ack


class PostLane(StrEnum):
    """Which share of a workspace's chat.postMessage budget a post takes (bot/slack/pacing.py)."""

    URGENT = "urgent"  # the web process's courier: what a person's action causes now
    BULK = "bulk"  # the clocks: digests, alerts, overdue notices, the tick's backstop sends


class FeedScope(StrEnum):
    """What a calendar feed shows: a case's open deadlines and tasks, or one person's tasks."""

    CASE = "case"
    MINE = "mine"


class OutboxStatus(StrEnum):
    """Where a planned message stands: pending and sending are open, the rest are final."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"
    FAILED = "failed"


class AuditAction(StrEnum):
    """What an audit event records."""

    CASE_CREATE = "case.create"
    CASE_RENAME = "case.rename"
    CASE_MATTER = "case.matter"
    CASE_LEAD = "case.lead"
    CASE_JURISDICTION = "case.jurisdiction"
    CASE_ALERTS = "case.alerts"
    CASE_COURT = "case.court"
    CASE_CLOSE = "case.close"
    CASE_REOPEN = "case.reopen"
    CASE_DIGEST = "case.digest"
    TASK_CREATE = "task.create"
    DEADLINE_CREATE = "deadline.create"
    TASK_DONE = "task.done"
    TASK_REOPEN = "task.reopen"
    TASK_CANCEL = "task.cancel"
    TASK_DUE = "task.due"
    TASK_SNOOZE = "task.snooze"
    TASK_ASSIGN = "task.assign"
    TASK_ACCEPT = "task.accept"
    TASK_SKIP = "task.skip"
    SERIES_START = "series.start"
    SERIES_STOP = "series.stop"
    SERIES_END = "series.end"
    SERIES_MISSED = "series.missed"
    SERIES_ASSIGN = "series.assign"
    CASE_CLIENT_UPDATES = "case.client_updates"


class SeriesStatus(StrEnum):
    """Whether a repeat still makes occurrences."""

    ACTIVE = "active"
    STOPPED = "stopped"  # someone ended it
    ENDED = "ended"  # its rule has no more dates (UNTIL / COUNT)


class SeriesPurpose(StrEnum):
    """Why a repeat exists: work someone asked to repeat, or the case's client-update cadence."""

    TASK = "task"
    CLIENT_UPDATE = "client_update"


class VocabType(TypeDecorator[StrEnum]):
    """A VARCHAR column holding one enum's values; loads them back as members."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        """Store the word; refuse one that is not in the vocabulary."""
        return None if value is None else str(self.enum(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        """Load the word as the enum member."""
        return None if value is None else self.enum(value)
