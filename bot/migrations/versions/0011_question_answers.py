"""questionanswer: the answer that settled a question's buttons (a stale click is told it)

Revision ID: 0011
Revises: 0010

One row per question answered (/deadline and /task date readings, closed-day keep-or-next,
/case close's Close anyway / Keep open), keyed by the question's id (the asking request's key).
The first click inserts it; a later or concurrent click finds it and changes nothing.
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "questionanswer",
        sa.Column("question", sa.String(length=160), nullable=False),
        sa.Column("actor_id", sa.String(length=32), nullable=False),
        sa.Column("choice", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("question"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("questionanswer")
