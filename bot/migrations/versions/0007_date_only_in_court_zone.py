"""date-only tasks as a date in the court's zone; each case's court district and zone; snooze
moves one alert; the digest days `/digest off` paused

Revision ID: 0007
Revises: 0006

Before: a task given without a time of day was an instant at DOCKET_DUE_TIME (17:00) in the
typist's zone. After: it is task.due_date in task.due_zone (the case's court zone), and
task.due_at is the moment it becomes overdue: the end of that day in that zone. Existing
date-only rows are carried over (their date read in the court's zone, where 17:00 in any US or
European zone falls on the same day), and the pending overdue notices of those tasks move with
their due moment. Downgrade puts them back at 17:00 in the court's zone.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JURISDICTION_ZONES = {"US-CA": "America/Los_Angeles"}


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _store(value: datetime, dialect: str) -> datetime:
    return value.replace(tzinfo=None) if dialect == "sqlite" else value


def _tables():
    case = sa.table(
        "case",
        sa.column("id", sa.Integer),
        sa.column("team_id", sa.String),
        sa.column("jurisdiction", sa.String),
        sa.column("digest_zone", sa.String),
    )
    task = sa.table(
        "task",
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("due_at", sa.DateTime(timezone=True)),
        sa.column("all_day", sa.Boolean),
        sa.column("due_date", sa.Date),
        sa.column("due_zone", sa.String),
    )
    outbox = sa.table(
        "outbox",
        sa.column("id", sa.Integer),
        sa.column("task_id", sa.Integer),
        sa.column("kind", sa.String),
        sa.column("status", sa.String),
        sa.column("due_at", sa.DateTime(timezone=True)),
    )
    workspace = sa.table("workspace", sa.column("id", sa.String), sa.column("timezone", sa.String))
    return case, task, outbox, workspace


def _move(bind, outbox, task_id: int, shift: timedelta, dialect: str) -> None:
    rows = bind.execute(
        sa.select(outbox.c.id, outbox.c.due_at).where(
            outbox.c.task_id == task_id,
            outbox.c.kind.in_(("overdue", "lead_overdue")),
            outbox.c.status.in_(("pending", "sending")),
        )
    ).all()
    for row in rows:
        moved = _store(_aware(row.due_at) + shift, dialect)
        bind.execute(outbox.update().where(outbox.c.id == row.id).values(due_at=moved))


def upgrade() -> None:
    """Add the columns, then re-anchor every date-only task in its case's court zone."""
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("court_district", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("court_zone", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("digest_paused_days", sa.String(length=16), nullable=True))
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("due_zone", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("snoozed_offset", sa.String(length=16), nullable=True))
    bind = op.get_bind()
    dialect = bind.dialect.name
    case, task, outbox, workspace = _tables()
    zones = {w.id: w.timezone for w in bind.execute(sa.select(workspace)).all()}
    court_zone = {
        c.id: JURISDICTION_ZONES.get(c.jurisdiction)
        or c.digest_zone
        or zones.get(c.team_id)
        or "America/New_York"
        for c in bind.execute(sa.select(case)).all()
    }
    rows = bind.execute(
        sa.select(task.c.id, task.c.case_id, task.c.due_at).where(
            task.c.all_day.is_(True), task.c.due_at.is_not(None)
        )
    ).all()
    for row in rows:
        zone = court_zone.get(row.case_id, "America/New_York")
        old = _aware(row.due_at)
        day = old.astimezone(ZoneInfo(zone)).date()
        new = datetime.combine(day + timedelta(days=1), time(0), tzinfo=ZoneInfo(zone))
        new = new.astimezone(UTC)
        bind.execute(
            task.update()
            .where(task.c.id == row.id)
            .values(due_date=day, due_zone=zone, due_at=_store(new, dialect))
        )
        _move(bind, outbox, row.id, new - old, dialect)


def downgrade() -> None:
    """Date-only tasks back to 17:00 on their date in their zone; drop the columns."""
    bind = op.get_bind()
    dialect = bind.dialect.name
    _, task, outbox, _ = _tables()
    rows = bind.execute(
        sa.select(task.c.id, task.c.due_at, task.c.due_date, task.c.due_zone).where(
            task.c.due_date.is_not(None)
        )
    ).all()
    for row in rows:
        day: date = row.due_date
        zone = ZoneInfo(row.due_zone or "America/New_York")
        old = _aware(row.due_at)
        new = datetime.combine(day, time(17, 0), tzinfo=zone).astimezone(UTC)
        bind.execute(task.update().where(task.c.id == row.id).values(due_at=_store(new, dialect)))
        _move(bind, outbox, row.id, new - old, dialect)
    with op.batch_alter_table("task", recreate="never") as batch:  # others refer to task
        batch.drop_column("snoozed_offset")
        batch.drop_column("due_zone")
        batch.drop_column("due_date")
    with op.batch_alter_table("case", recreate="never") as batch:
        batch.drop_column("digest_paused_days")
        batch.drop_column("court_zone")
        batch.drop_column("court_district")
