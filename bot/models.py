"""SQLModel tables; every datetime is stored and returned as aware UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import DateTime, Index, Text, UniqueConstraint, text
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bot.offsets import Offsets, OffsetsType
from bot.vocab import (
    AuditAction,
    CaseStatus,
    FeedScope,
    OutboxKind,
    OutboxStatus,
    PostLane,
    SeriesPurpose,
    SeriesStatus,
    TaskKind,
    TaskStatus,
    VocabType,
)


class UTCDateTime(TypeDecorator):
    """A timestamp column that accepts only aware datetimes and returns aware UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        """Store as UTC; SQLite keeps it naive, PostgreSQL as timestamptz."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        """Return an aware UTC datetime whatever the backend gave."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utc_field(*, nullable: bool = False, index: bool = False):
    """A Field backed by the UTCDateTime column type."""
    default = None if nullable else ...
    return Field(default=default, sa_type=UTCDateTime, nullable=nullable, index=index)


class Workspace(SQLModel, table=True):
    """A Slack workspace (team) that installed Docket."""

    id: str = Field(primary_key=True, max_length=32)
    timezone: str = Field(default="America/New_York", max_length=64)
    created_at: datetime = utc_field()


class Case(SQLModel, table=True):
    """A legal matter, linked one-to-one to a Slack channel."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(foreign_key="workspace.id", max_length=32, index=True)
    channel_id: str = Field(max_length=32, unique=True)
    name: str = Field(max_length=200)
    matter_number: str | None = Field(default=None, max_length=64)
    lead_id: str | None = Field(default=None, max_length=32)
    jurisdiction: str = Field(default="US-FED", max_length=16)
    status: CaseStatus = Field(default=CaseStatus.OPEN, sa_type=VocabType(CaseStatus, 16))
    created_by: str = Field(max_length=32)
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()
    next_task_number: int = Field(default=1)
    digest_time: str = Field(default="08:30", max_length=5)
    digest_days: str = Field(default="weekdays", max_length=16)
    digest_paused_days: str | None = Field(default=None, max_length=16)  # what `on` restores
    digest_always: bool = False  # post the digest even when it has nothing to say
    digest_zone: str | None = Field(default=None, max_length=64)
    court_district: str | None = Field(default=None, max_length=16)  # a federal district: SDNY
    court_zone: str | None = Field(default=None, max_length=64)  # None: the jurisdiction's
    # None: the deployment's alert times
    task_alerts: Offsets | None = Field(default=None, sa_type=OffsetsType(), nullable=True)
    deadline_alerts: Offsets | None = Field(default=None, sa_type=OffsetsType(), nullable=True)


SYSTEM_ACTOR = "docket"  # who Docket itself is in the audit trail (e.g. making an occurrence)


class Series(SQLModel, table=True):
    """A repeating task: an RFC 5545 rule; each occurrence is an ordinary Task with its slot."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    purpose: SeriesPurpose = Field(default=SeriesPurpose.TASK, sa_type=VocabType(SeriesPurpose, 16))
    kind: TaskKind = Field(default=TaskKind.TASK, sa_type=VocabType(TaskKind, 16))
    title: str = Field(max_length=4000)
    assignee_id: str | None = Field(default=None, max_length=32)
    created_by: str = Field(max_length=32)
    rrule: str = Field(max_length=400)  # RRULE value, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=FR
    start: date  # DTSTART (wall-clock date in zone)
    at_time: time | None = None  # None: all-day occurrences
    day_due_time: time = time(17, 0)  # when an all-day occurrence falls due
    zone: str = Field(max_length=64)
    court: str = Field(default="US-FED", max_length=16)
    roll: str = Field(default="forward", max_length=16)  # bot.dates.occurrences.Roll
    weekends_ok: bool = False
    status: SeriesStatus = Field(default=SeriesStatus.ACTIVE, sa_type=VocabType(SeriesStatus, 16))
    last_slot: date | None = None  # the rule date of the newest occurrence made
    next_at: datetime | None = utc_field(nullable=True, index=True)  # when to make the next
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()


class Task(SQLModel, table=True):
    """A task or court deadline of a case; `number` is short and per case (#12)."""

    __table_args__ = (
        UniqueConstraint("case_id", "number", name="uq_task_case_number"),
        UniqueConstraint("series_id", "slot", name="uq_task_series_slot"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    number: int
    kind: TaskKind = Field(default=TaskKind.TASK, sa_type=VocabType(TaskKind, 16))
    title: str = Field(max_length=4000)
    assignee_id: str | None = Field(default=None, max_length=32, index=True)
    created_by: str = Field(max_length=32)
    due_at: datetime | None = utc_field(nullable=True, index=True)  # when it becomes overdue
    all_day: bool = False
    due_date: date | None = None  # a date-only task: the day, in due_zone (the court's)
    due_zone: str | None = Field(default=None, max_length=64)
    status: TaskStatus = Field(
        default=TaskStatus.OPEN, sa_type=VocabType(TaskStatus, 16), index=True
    )
    created_at: datetime = utc_field()
    updated_at: datetime = utc_field()
    completed_at: datetime | None = utc_field(nullable=True)
    accepted_at: datetime | None = utc_field(nullable=True)
    remind_at: datetime | None = utc_field(nullable=True)  # a snoozed reminder comes then
    snoozed_offset: str | None = Field(default=None, max_length=16)  # the one alert it replaces
    card_ts: str | None = Field(default=None, max_length=32)
    notes: str | None = Field(default=None, sa_type=Text)
    source_url: str | None = Field(default=None, max_length=500)
    series_id: int | None = Field(default=None, foreign_key="series.id", index=True)
    slot: date | None = None  # the series' rule date this occurrence stands for


class AuditEvent(SQLModel, table=True):
    """One change to a case or task: who, when, what, before and after (JSON text)."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    actor_id: str = Field(max_length=32)
    action: AuditAction = Field(sa_type=VocabType(AuditAction, 32))
    at: datetime = utc_field()
    before: str | None = None
    after: str | None = None


class RequestKey(SQLModel, table=True):
    """A Slack request already handled (by trigger or event id), so retries change nothing."""

    key: str = Field(primary_key=True, max_length=128)
    kind: str = Field(max_length=32)
    ref_id: int | None = None
    refs: str | None = Field(default=None, max_length=400)
    at: datetime = utc_field()


class QuestionAnswer(SQLModel, table=True):
    """The answer that settled one question's buttons (first click wins; later ones are told)."""

    question: str = Field(primary_key=True, max_length=160)  # the asking request's key
    actor_id: str = Field(max_length=32)
    choice: str = Field(max_length=200)  # what was chosen, as shown on its button
    at: datetime = utc_field()


class UserProfile(SQLModel, table=True):
    """What Slack told us about a user (zone, name), refreshed daily."""

    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(default="", max_length=120)
    tz: str | None = Field(default=None, max_length=64)
    deleted: bool = False
    is_bot: bool = False
    fetched_at: datetime = utc_field()


class ChannelMember(SQLModel, table=True):
    """A member of a case channel, as Slack last told us."""

    channel_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32, index=True)


class ChannelSync(SQLModel, table=True):
    """When a channel's member list was last read from Slack."""

    channel_id: str = Field(primary_key=True, max_length=32)
    synced_at: datetime = utc_field()


class Outbox(SQLModel, table=True):
    """A message Docket owes Slack: due at a moment, sent once, keyed against repeats."""

    __table_args__ = (
        Index(
            "ix_outbox_open_due",
            "due_at",
            postgresql_where=text("status IN ('pending', 'sending')"),
            sqlite_where=text("status IN ('pending', 'sending')"),
        ),
        Index("ix_outbox_recipient_kind_sent", "recipient", "kind", "sent_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=200, unique=True)
    kind: OutboxKind = Field(sa_type=VocabType(OutboxKind, 32))
    team_id: str = Field(max_length=32)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    task_id: int | None = Field(default=None, foreign_key="task.id", index=True)
    recipient: str = Field(max_length=32)
    due_at: datetime = utc_field()
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_type=VocabType(OutboxStatus, 16))
    lease_until: datetime | None = utc_field(nullable=True)
    claim_token: str | None = Field(default=None, max_length=32, index=True)
    attempts: int = 0
    last_error: str | None = Field(default=None, max_length=200)
    payload: str | None = None
    sent_at: datetime | None = utc_field(nullable=True)
    ts: str | None = Field(default=None, max_length=32)
    late: bool = False


class PersonalDigest(SQLModel, table=True):
    """A user's opt-in morning DM of their tasks across their cases."""

    user_id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(max_length=32)
    at_time: str = Field(default="08:00", max_length=5)
    days: str = Field(default="weekdays", max_length=16)


class AlertPolicy(SQLModel, table=True):
    """The deployment's alert policy (from its settings), one row every process reads."""

    id: str = Field(default="default", primary_key=True, max_length=16)
    task_alerts: Offsets = Field(sa_type=OffsetsType())
    deadline_alerts: Offsets = Field(sa_type=OffsetsType())
    lead_delay_task_s: float
    lead_delay_deadline_s: float
    quiet_start: time
    quiet_end: time
    morning: time


class HomeView(SQLModel, table=True):
    """Someone who has opened Docket's App Home: it is republished when their work changes."""

    user_id: str = Field(primary_key=True, max_length=32)
    opened_at: datetime = utc_field()


class CalendarFeed(SQLModel, table=True):
    """A secret calendar subscription (/ical/<token>.ics): a case's deadlines or one's tasks."""

    token: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(max_length=32, index=True)
    team_id: str = Field(max_length=32)
    scope: FeedScope = Field(sa_type=VocabType(FeedScope, 8))
    case_id: int | None = Field(default=None, foreign_key="case.id")
    created_at: datetime = utc_field()
    revoked_at: datetime | None = utc_field(nullable=True)


class PostBudget(SQLModel, table=True):
    """One lane of a workspace's chat.postMessage budget, shared by its senders: slots taken."""

    team_id: str = Field(primary_key=True, max_length=32)
    lane: PostLane = Field(primary_key=True, sa_type=VocabType(PostLane, 16))
    seq: int = 0  # how many slots this lane has taken (PostSlot.seq of the newest)
    last_at: datetime | None = utc_field(nullable=True)  # the newest slot's moment
    not_before: datetime | None = utc_field(nullable=True)  # Slack's Retry-After: none before


class PostSlot(SQLModel, table=True):
    """When one of a lane's recent messages was sent (its last `share` are kept)."""

    team_id: str = Field(primary_key=True, max_length=32)
    lane: PostLane = Field(primary_key=True, sa_type=VocabType(PostLane, 16))
    seq: int = Field(primary_key=True)
    at: datetime = utc_field()
