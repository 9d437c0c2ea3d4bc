"""task notes and the link to the message a task was made from

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("task") as batch:
        batch.add_column(sa.Column("notes", sa.Text(), nullable=True))
        batch.add_column(sa.Column("source_url", sa.String(length=500), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("task") as batch:
        batch.drop_column("source_url")
        batch.drop_column("notes")
