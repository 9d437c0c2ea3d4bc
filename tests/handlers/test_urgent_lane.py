"""A card made during the morning rush is posted at once: the courier has a lane of its own."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlmodel import Session, col, select

from bot.config import Settings
from bot.db import make_engine
from bot.models import Outbox, PostBudget, PostSlot
from bot.scheduler import sender_for
from bot.services import post_budget
from bot.services.post_budget import MARGIN, WINDOW
from bot.vocab import OutboxKind, PostLane
from tests.conftest import START, _wipe
from tests.factories import seed_cards
from tests.handlers.conftest import Team

GAP = WINDOW + MARGIN


@pytest.fixture
def rush_world(db_url) -> Iterator:
    """The world with a budget of 10 posts a minute: 2 for the courier, 8 for the clocks."""
    from sandbox.world import World

    settings = Settings(posts_per_minute=10, urgent_posts_per_minute=2)
    world = World(start=START, database_url=db_url, settings=settings).start()
    try:
        yield world
    finally:
        world.stop()
        engine = make_engine(db_url)
        _wipe(engine)
        engine.dispose()


def _slots(world, lane: PostLane) -> list:
    with Session(world.engine) as s:
        rows = s.exec(select(PostSlot).where(PostSlot.lane == lane).order_by(col(PostSlot.seq)))
        return [slot.at for slot in rows]


def test_a_card_added_mid_rush_is_posted_at_once_not_behind_the_clocks_reservations(rush_world):
    world, now = rush_world, rush_world.clock.now()
    rush = [world.slack.add_channel(f"case-{n}").id for n in range(16)]
    for channel in rush:
        world.slack.join(world.slack.bot_user_id, channel)
    seed_cards(world.engine, rush, 1, now=now)  # the rush: 16 posts due now, for the clocks
    clock = sender_for(world.deps)  # the clocks' sender: the bulk lane
    report = clock.deliver(limit=100)
    assert len(report.sent) == 8 and set(report.retried.values()) == {"paced"}
    # A patient clock reserves the next minute's 8 and waits for them (the rows it holds).
    for _ in range(8):
        with Session(world.engine) as s:
            slot = post_budget.take(s, team_id="T0SANDBOX", lane=PostLane.BULK, now=now,
                                    shares=clock.budget.shares, within=GAP)  # fmt: skip
            s.commit()
        assert slot.taken and slot.at == now + GAP
    before = len(world.slack.messages)

    team = Team(world)
    assert team.cmd("alice", "/case", "new Smith v. Jones").status == 200
    reply = team.cmd("alice", "/task", "@bob draft motion to compel by Dec 11 5pm")
    assert reply.status == 200

    posted = [m for m in world.slack.messages[before:] if m.channel == team.channel]
    cards = [m for m in posted if m.kind == "message" and "draft motion" in json.dumps(m.blocks)]
    assert len(cards) == 1  # posted with the answer; on one budget it waited a minute
    with Session(world.engine) as s:
        (row,) = s.exec(select(Outbox).where(Outbox.kind == OutboxKind.TASK_CARD,
                                            Outbox.recipient == team.channel)).all()  # fmt: skip
    assert row.status == "sent" and row.sent_at == now
    dms = [m for m in world.slack.messages[before:] if m.channel.startswith("D")]
    assert len(dms) == 1  # bob's DM too: the urgent lane's two slots, both at once
    assert _slots(world, PostLane.URGENT) == [now, now]
    # The clocks' reservations were not touched: their 16 slots, the last 8 a minute on.
    with Session(world.engine) as s:
        bulk = s.get(PostBudget, ("T0SANDBOX", PostLane.BULK))
    assert bulk is not None and (bulk.seq, bulk.last_at) == (16, now + GAP)
    assert _slots(world, PostLane.BULK) == [now + GAP] * 8
