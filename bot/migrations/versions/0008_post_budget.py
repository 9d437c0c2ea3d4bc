"""a workspace's chat.postMessage budget, shared by every sender (postbudget, postslot)

Revision ID: 0008
Revises: 0007

On PostgreSQL, `take_post_slot` takes a slot in one round trip (bot/services/post_budget.py
holds the same steps in Python, used on SQLite): the budget row is locked only for the
microseconds the function runs, not across a client's round trips.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


# Each statement of a (volatile) function reads what is committed when it starts, so once the
# budget row is locked, the slots read are every slot taken before.
TAKE_POST_SLOT = """
CREATE FUNCTION take_post_slot(
    p_team text, p_now timestamptz, p_per_minute integer, p_gap double precision,
    p_latest timestamptz
) RETURNS TABLE (slot_at timestamptz, taken boolean) LANGUAGE plpgsql AS $$
DECLARE
    b postbudget%ROWTYPE;
    oldest timestamptz;
    v_at timestamptz;
BEGIN
    INSERT INTO postbudget (team_id, seq) VALUES (p_team, 0) ON CONFLICT DO NOTHING;
    SELECT * INTO b FROM postbudget WHERE team_id = p_team FOR UPDATE;
    SELECT s.at INTO oldest FROM postslot s
        WHERE s.team_id = p_team AND s.seq = b.seq - p_per_minute + 1;
    v_at := GREATEST(p_now, b.last_at, b.not_before, oldest + p_gap * interval '1 second');
    IF v_at > p_latest THEN
        RETURN QUERY SELECT v_at, false;
        RETURN;
    END IF;
    UPDATE postbudget SET seq = b.seq + 1, last_at = v_at WHERE team_id = p_team;
    INSERT INTO postslot (team_id, seq, at) VALUES (p_team, b.seq + 1, v_at);
    DELETE FROM postslot WHERE team_id = p_team AND seq <= b.seq + 1 - p_per_minute;
    RETURN QUERY SELECT v_at, true;
END
$$
"""


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "postbudget",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("team_id"),
    )
    op.create_table(
        "postslot",
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("team_id", "seq"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(TAKE_POST_SLOT)


def downgrade() -> None:
    """Revert this revision."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS take_post_slot")
    op.drop_table("postslot")
    op.drop_table("postbudget")
