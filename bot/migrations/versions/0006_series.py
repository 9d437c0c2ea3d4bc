"""series: repeating tasks (an RRULE per series; occurrences are tasks with a slot)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

import bot.models

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=4000), nullable=False),
        sa.Column("assignee_id", sa.String(length=32), nullable=True),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("rrule", sa.String(length=400), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("at_time", sa.Time(), nullable=True),
        sa.Column("day_due_time", sa.Time(), nullable=False),
        sa.Column("zone", sa.String(length=64), nullable=False),
        sa.Column("court", sa.String(length=16), nullable=False),
        sa.Column("roll", sa.String(length=16), nullable=False),
        sa.Column("weekends_ok", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("last_slot", sa.Date(), nullable=True),
        sa.Column("next_at", bot.models.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", bot.models.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", bot.models.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_series_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_series_next_at"), ["next_at"], unique=False)
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.add_column(sa.Column("series_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("slot", sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f("ix_task_series_id"), ["series_id"], unique=False)
        batch_op.create_unique_constraint("uq_task_series_slot", ["series_id", "slot"])
        batch_op.create_foreign_key("fk_task_series_id", "series", ["series_id"], ["id"])


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("task", schema=None) as batch_op:
        batch_op.drop_constraint("fk_task_series_id", type_="foreignkey")
        batch_op.drop_constraint("uq_task_series_slot", type_="unique")
        batch_op.drop_index(batch_op.f("ix_task_series_id"))
        batch_op.drop_column("slot")
        batch_op.drop_column("series_id")
    with op.batch_alter_table("series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_series_next_at"))
        batch_op.drop_index(batch_op.f("ix_series_case_id"))
    op.drop_table("series")
