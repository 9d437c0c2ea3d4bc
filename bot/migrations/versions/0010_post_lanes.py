"""the post budget in two lanes: urgent (the courier) and bulk (the clocks), each its own slots

Revision ID: 0010
Revises: 0009

postbudget and postslot gain `lane` (bot.vocab.PostLane) in their keys; the rows there are
the one budget every sender shared, and become the bulk lane's (the clocks' share; the urgent
lane starts empty). On PostgreSQL `take_post_slot` is replaced: it takes a slot of the given
lane and, for an urgent post whose lane is spent, a bulk slot free now, in one round trip
(bot/services/post_budget.py holds the same steps in Python, used on SQLite). Downgrade drops
the urgent lane's rows and restores 0008's keys and function.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Each statement of a (volatile) function reads what is committed when it starts, so once the
# lane's row is locked, the slots read are every slot it has taken before. An urgent take locks
# the urgent row, then the bulk row; a 429's hold_off locks them in the same order.
TAKE_LANE_SLOT = """
CREATE FUNCTION take_lane_slot(
    p_team text, p_lane text, p_now timestamptz, p_share integer, p_gap double precision,
    p_latest timestamptz
) RETURNS TABLE (slot_at timestamptz, taken boolean) LANGUAGE plpgsql AS $$
DECLARE
    b postbudget%ROWTYPE;
    oldest timestamptz;
    v_at timestamptz;
BEGIN
    INSERT INTO postbudget (team_id, lane, seq) VALUES (p_team, p_lane, 0) ON CONFLICT DO NOTHING;
    SELECT * INTO b FROM postbudget pb WHERE pb.team_id = p_team AND pb.lane = p_lane FOR UPDATE;
    SELECT s.at INTO oldest FROM postslot s
        WHERE s.team_id = p_team AND s.lane = p_lane AND s.seq = b.seq - p_share + 1;
    v_at := GREATEST(p_now, b.last_at, b.not_before, oldest + p_gap * interval '1 second');
    IF v_at > p_latest THEN
        RETURN QUERY SELECT v_at, false;
        RETURN;
    END IF;
    UPDATE postbudget pb SET seq = b.seq + 1, last_at = v_at
        WHERE pb.team_id = p_team AND pb.lane = p_lane;
    INSERT INTO postslot (team_id, lane, seq, at) VALUES (p_team, p_lane, b.seq + 1, v_at);
    DELETE FROM postslot s
        WHERE s.team_id = p_team AND s.lane = p_lane AND s.seq <= b.seq + 1 - p_share;
    RETURN QUERY SELECT v_at, true;
END
$$
"""

TAKE_POST_SLOT = """
CREATE FUNCTION take_post_slot(
    p_team text, p_lane text, p_now timestamptz, p_share integer, p_gap double precision,
    p_latest timestamptz, p_spare text, p_spare_share integer
) RETURNS TABLE (slot_at timestamptz, taken boolean, lane text) LANGUAGE plpgsql AS $$
DECLARE
    mine record;
    spare record;
BEGIN
    SELECT * INTO mine FROM take_lane_slot(p_team, p_lane, p_now, p_share, p_gap, p_latest);
    IF mine.taken OR p_spare IS NULL THEN
        RETURN QUERY SELECT mine.slot_at, mine.taken, p_lane;
        RETURN;
    END IF;
    SELECT * INTO spare
        FROM take_lane_slot(p_team, p_spare, p_now, p_spare_share, p_gap, p_now);
    IF spare.taken OR spare.slot_at < mine.slot_at THEN
        RETURN QUERY SELECT spare.slot_at, spare.taken, p_spare;
        RETURN;
    END IF;
    RETURN QUERY SELECT mine.slot_at, false, p_lane;
END
$$
"""

# 0008's function, frozen here for the downgrade (a migration is history).
TAKE_POST_SLOT_0008 = """
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

OLD_SIGNATURE = "take_post_slot(text, timestamptz, integer, double precision, timestamptz)"
NEW_SIGNATURE = (
    "take_post_slot(text, text, timestamptz, integer, double precision, timestamptz, text, integer)"
)
LANE_SIGNATURE = "take_lane_slot(text, text, timestamptz, integer, double precision, timestamptz)"
KEYS = {"postbudget": ["team_id"], "postslot": ["team_id", "seq"]}


def _shape(table: str, *, lane_keyed: bool) -> sa.Table:
    """The table with a `lane` column, in or out of its key (SQLite copies the table from it)."""
    budget = table == "postbudget"
    return sa.Table(
        table,
        sa.MetaData(),
        sa.Column("team_id", sa.String(length=32), primary_key=True),
        sa.Column("lane", sa.String(length=16), nullable=False, primary_key=lane_keyed),
        sa.Column("seq", sa.Integer(), nullable=False, primary_key=not budget),
        *(
            [
                sa.Column("last_at", sa.DateTime(timezone=True), nullable=True),
                sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
            ]
            if budget
            else [sa.Column("at", sa.DateTime(timezone=True), nullable=False)]
        ),
    )


def upgrade() -> None:
    """Apply this revision."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"DROP FUNCTION IF EXISTS {OLD_SIGNATURE}")
    for table, keys in KEYS.items():
        # The rows there were what every sender shared: the clocks' lane from now on.
        lane = sa.Column("lane", sa.String(length=16), nullable=False, server_default="bulk")
        op.add_column(table, lane)
        if postgres:
            op.alter_column(table, "lane", server_default=None)
            op.drop_constraint(f"{table}_pkey", table, type_="primary")
            op.create_primary_key(f"{table}_pkey", table, [*keys[:1], "lane", *keys[1:]])
        else:  # a copy keyed with the lane, without the default
            shape = _shape(table, lane_keyed=True)
            with op.batch_alter_table(table, recreate="always", copy_from=shape):
                pass
    if postgres:
        op.execute(TAKE_LANE_SLOT)
        op.execute(TAKE_POST_SLOT)


def downgrade() -> None:
    """Revert this revision."""
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(f"DROP FUNCTION IF EXISTS {NEW_SIGNATURE}")
        op.execute(f"DROP FUNCTION IF EXISTS {LANE_SIGNATURE}")
    for table, keys in KEYS.items():
        op.execute(f"DELETE FROM {table} WHERE lane <> 'bulk'")  # one budget again: the clocks'
        if postgres:
            op.drop_column(table, "lane")  # its key goes with it
            op.create_primary_key(f"{table}_pkey", table, keys)
        else:
            shape = _shape(table, lane_keyed=False)
            with op.batch_alter_table(table, recreate="always", copy_from=shape) as batch:
                batch.drop_column("lane")
    if postgres:
        op.execute(TAKE_POST_SLOT_0008)
