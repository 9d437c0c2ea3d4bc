"""typed case settings: digest_always and alert offsets as columns, the alert policy as a table

Revision ID: 0002
Revises: 0001

Before: case.digest_days held "weekdays:always", case.alert_offsets a JSON string
('{"deadline": "2d@10:00,0d@08:00"}'), and the deployment's policy was a JSON string in
appsetting['alert_policy']. After: case.digest_always, case.task_alerts and
case.deadline_alerts (offset labels, read by bot.offsets.OffsetsType), and an alertpolicy
row with one typed column per setting. Existing rows are carried over both ways.
"""

import json
from datetime import time

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

DEFAULT_POLICY = {
    "task": "1d@09:00,1h",
    "deadline": "14d@09:00,7d@09:00,3d@09:00,1d@09:00,0d@09:00",
    "lead_delay_task": 86400.0,
    "lead_delay_deadline": 0.0,
    "quiet_start": "19:00",
    "quiet_end": "08:00",
    "morning": "09:00",
}


def _parse_time(text: str) -> time:
    """'8:00' or '08:00' -> time(8, 0)."""
    hh, mm = text.split(":")[:2]
    return time(int(hh), int(mm))


def upgrade() -> None:
    """Add the typed columns and table, move the encoded values into them, drop the old ones."""
    with op.batch_alter_table("case") as batch:
        batch.add_column(
            sa.Column("digest_always", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("task_alerts", sa.String(length=400), nullable=True))
        batch.add_column(sa.Column("deadline_alerts", sa.String(length=400), nullable=True))
    op.create_table(
        "alertpolicy",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("task_alerts", sa.String(length=400), nullable=False),
        sa.Column("deadline_alerts", sa.String(length=400), nullable=False),
        sa.Column("lead_delay_task_s", sa.Float(), nullable=False),
        sa.Column("lead_delay_deadline_s", sa.Float(), nullable=False),
        sa.Column("quiet_start", sa.Time(), nullable=False),
        sa.Column("quiet_end", sa.Time(), nullable=False),
        sa.Column("morning", sa.Time(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    bind = op.get_bind()
    case = sa.table(
        "case",
        sa.column("id", sa.Integer),
        sa.column("digest_days", sa.String),
        sa.column("digest_always", sa.Boolean),
        sa.column("alert_offsets", sa.String),
        sa.column("task_alerts", sa.String),
        sa.column("deadline_alerts", sa.String),
    )
    rows = bind.execute(sa.select(case.c.id, case.c.digest_days, case.c.alert_offsets)).all()
    for row in rows:
        days, _, flag = (row.digest_days or "weekdays").partition(":")
        override = json.loads(row.alert_offsets) if row.alert_offsets else {}
        bind.execute(
            case.update()
            .where(case.c.id == row.id)
            .values(
                digest_days=days,
                digest_always=flag == "always",
                task_alerts=override.get("task"),
                deadline_alerts=override.get("deadline"),
            )
        )
    setting = sa.table("appsetting", sa.column("key", sa.String), sa.column("value", sa.String))
    stored = bind.execute(
        sa.select(setting.c.value).where(setting.c.key == "alert_policy")
    ).scalar_one_or_none()
    if stored is not None:
        data = {**DEFAULT_POLICY, **json.loads(stored)}
        op.bulk_insert(
            sa.table(
                "alertpolicy",
                sa.column("id", sa.String),
                sa.column("task_alerts", sa.String),
                sa.column("deadline_alerts", sa.String),
                sa.column("lead_delay_task_s", sa.Float),
                sa.column("lead_delay_deadline_s", sa.Float),
                sa.column("quiet_start", sa.Time),
                sa.column("quiet_end", sa.Time),
                sa.column("morning", sa.Time),
            ),
            [
                {
                    "id": "default",
                    "task_alerts": data["task"],
                    "deadline_alerts": data["deadline"],
                    "lead_delay_task_s": float(data["lead_delay_task"]),
                    "lead_delay_deadline_s": float(data["lead_delay_deadline"]),
                    "quiet_start": _parse_time(data["quiet_start"]),
                    "quiet_end": _parse_time(data["quiet_end"]),
                    "morning": _parse_time(data["morning"]),
                }
            ],
        )
    op.drop_table("appsetting")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("alert_offsets")


def downgrade() -> None:
    """Put the encoded forms back from the typed ones."""
    with op.batch_alter_table("case") as batch:
        batch.add_column(sa.Column("alert_offsets", sa.String(length=400), nullable=True))
    op.create_table(
        "appsetting",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    bind = op.get_bind()
    case = sa.table(
        "case",
        sa.column("id", sa.Integer),
        sa.column("digest_days", sa.String),
        sa.column("digest_always", sa.Boolean),
        sa.column("alert_offsets", sa.String),
        sa.column("task_alerts", sa.String),
        sa.column("deadline_alerts", sa.String),
    )
    rows = bind.execute(
        sa.select(
            case.c.id,
            case.c.digest_days,
            case.c.digest_always,
            case.c.task_alerts,
            case.c.deadline_alerts,
        )
    ).all()
    for row in rows:
        override = {
            k: v for k, v in (("task", row.task_alerts), ("deadline", row.deadline_alerts)) if v
        }
        bind.execute(
            case.update()
            .where(case.c.id == row.id)
            .values(
                digest_days=row.digest_days + (":always" if row.digest_always else ""),
                alert_offsets=json.dumps(override, sort_keys=True) if override else None,
            )
        )
    policy = sa.table(
        "alertpolicy",
        sa.column("task_alerts", sa.String),
        sa.column("deadline_alerts", sa.String),
        sa.column("lead_delay_task_s", sa.Float),
        sa.column("lead_delay_deadline_s", sa.Float),
        sa.column("quiet_start", sa.Time),
        sa.column("quiet_end", sa.Time),
        sa.column("morning", sa.Time),
    )
    found = bind.execute(sa.select(policy)).first()
    if found is not None:
        value = {
            "task": found.task_alerts,
            "deadline": found.deadline_alerts,
            "lead_delay_task": found.lead_delay_task_s,
            "lead_delay_deadline": found.lead_delay_deadline_s,
            "quiet_start": found.quiet_start.strftime("%H:%M"),
            "quiet_end": found.quiet_end.strftime("%H:%M"),
            "morning": found.morning.strftime("%H:%M"),
        }
        op.bulk_insert(
            sa.table("appsetting", sa.column("key", sa.String), sa.column("value", sa.String)),
            [{"key": "alert_policy", "value": json.dumps(value, sort_keys=True)}],
        )
    op.drop_table("alertpolicy")
    with op.batch_alter_table("case") as batch:
        batch.drop_column("task_alerts")
        batch.drop_column("deadline_alerts")
        batch.drop_column("digest_always")
