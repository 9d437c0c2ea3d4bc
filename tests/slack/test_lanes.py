"""The courier's lanes: conversations in parallel, one conversation in order, 429s kept apart."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from typing import Any

from sqlmodel import select

from bot.db import session_scope
from bot.models import Outbox
from bot.scheduler import tick_job
from bot.slack.lanes import Lanes
from bot.slack.limits import PER_MINUTE, Budget
from bot.vocab import OutboxKind, OutboxStatus


def _cases(team, count):
    """`count` case channels with alice, bob and Docket (opened before the courier runs)."""
    channels = []
    for n in range(count):
        channel = team.slack.add_channel(f"case-{n}").id
        for who in (team.slack.bot_user_id, team.ids["alice"], team.ids["bob"]):
            team.slack.join(who, channel)
        team.cmd("alice", "/case", f"new Matter {n}", channel=channel)
        channels.append(channel)
    team.world.driver.settle = None  # from here on, as in production: the courier's thread
    team.world.driver.timeout = 5.0
    return channels, team.world.app.courier.start()


def _add(team, channel, title):
    reply = team.cmd("alice", "/task", f"{title} by Dec 8 5pm", channel=channel)
    assert reply.status == 200 and "Added task" in json.dumps(reply.json)


def _cards(world, channel):
    return [m.text for m in world.slack.messages if m.kind == "message" and m.channel == channel]


def _card_rows(world, channel):
    with session_scope(world.engine) as session:
        rows = session.exec(
            select(Outbox).where(Outbox.kind == OutboxKind.TASK_CARD, Outbox.recipient == channel)
        ).all()
        return [(row.status, row.due_at) for row in rows]


def test_cards_for_different_channels_are_posted_at_the_same_time(team):
    channels, courier = _cases(team, 4)
    gate = team.slack.hold("chat.postMessage")  # Slack holds every post until released
    try:
        for n, channel in enumerate(channels):
            _add(team, channel, f"brief {n}")
        assert gate.wait_held(4)  # four posts in flight at once, one per channel
        assert sorted(call["channel"] for call in gate.waiting) == sorted(channels)
    finally:
        gate.release()
        courier.stop()
    for n, channel in enumerate(channels):
        assert any(f"brief {n}" in text for text in _cards(team.world, channel))
        assert _card_rows(team.world, channel)[0][0] == OutboxStatus.SENT


def test_one_channels_cards_go_one_at_a_time_in_order(team):
    (first, other), courier = _cases(team, 2)
    gate = team.slack.hold("chat.postMessage")
    try:
        for n in range(3):
            _add(team, first, f"step {n}")
        _add(team, other, "elsewhere")
        assert gate.wait_held(2)  # the other channel's card went past the queue in `first`
        held = [call["channel"] for call in gate.waiting]
        assert sorted(held) == sorted([first, other])  # `first`: one post at a time
        assert gate.peak == 2
    finally:
        gate.release()
        courier.stop()
    texts = _cards(team.world, first)
    order = [next(i for i, t in enumerate(texts) if f"step {n}" in t) for n in range(3)]
    assert order == sorted(order) and len(texts) == 3  # in the order they were added


def test_a_429_in_one_channel_does_not_hold_another(team):
    (limited, free), courier = _cases(team, 2)
    team.slack.inject("chat.postMessage", status=429, retry_after=30, channel=limited)
    try:
        _add(team, limited, "first motion")
        _add(team, free, "other brief")
        arrived = team.slack.wait_for_message(lambda m: "other brief" in m.text)
        assert arrived  # the free channel's card came while the limited one waits
        _add(team, limited, "second motion")  # the closed lane: straight back to the outbox
        _add(team, free, "another brief")
        assert team.slack.wait_for_message(lambda m: "another brief" in m.text)
    finally:
        courier.stop()
    now = team.world.clock.now()
    rows = _card_rows(team.world, limited)
    assert len(rows) == 2 and all(s == OutboxStatus.PENDING for s, _ in rows)
    assert all(due >= now + timedelta(seconds=29) for _, due in rows)  # after Retry-After
    posts = [c for c in team.slack.calls if c[0] == "chat.postMessage"]
    assert sum(c[1].get("channel") == limited for c in posts) == 1  # tried once, nobody slept
    team.world.clock.set(now + timedelta(seconds=31))
    tick_job(team.world.deps)
    texts = _cards(team.world, limited)
    assert [("first" in t, "second" in t) for t in texts] == [(True, False), (False, True)]


def test_a_budget_keeps_a_method_within_its_minute():
    moment = [1000.0]
    budget = Budget(lambda: moment[0])
    limit = PER_MINUTE["chat.update"]
    assert all(budget.take("chat.update") == 0 for _ in range(limit))
    assert budget.take("chat.update") == 60  # the minute is spent: the first call frees it
    assert budget.take("chat.postMessage") == 0  # another method is not held by it
    assert budget.take(None) == 0  # a response_url has no tier
    moment[0] += 60
    assert budget.take("chat.update") == 0


def test_posts_are_budgeted_by_the_workspace_s_figure():
    moment = [1000.0]
    budget = Budget(lambda: moment[0], posts_per_minute=3)
    assert [budget.take("chat.postMessage") for _ in range(4)] == [0, 0, 0, 60]
    unpaced = Budget(lambda: moment[0], posts_per_minute=0)  # DOCKET_POSTS_PER_MINUTE=0: off
    assert all(unpaced.take("chat.postMessage") == 0 for _ in range(1000))


def _still_lanes(team, *, post_burst: int) -> tuple[Lanes, Any]:
    """Lanes on a monotonic clock that stands still (pace 1 s), started, and their sender."""
    settings = replace(team.world.deps.settings, pace_seconds=1.0, post_burst=post_burst)
    deps = replace(team.world.deps, settings=settings)
    sender = team.world.app.courier.sender
    lanes = Lanes(deps, sender, workers=2, on_done=lambda _: None, wake=lambda: None,
                  monotonic=lambda: 100.0)  # fmt: skip
    return lanes.start(), sender


def test_a_channel_is_paced_without_sleeping(team):
    (paced, other), _ = _cases(team, 2)
    team.world.app.courier.stop()  # these lanes are driven here, on a clock the test moves
    for title in ("first filing", "second filing"):
        _add(team, paced, title)
    _add(team, other, "elsewhere")
    lanes, sender = _still_lanes(team, post_burst=1)
    claimed = sender.claim()
    assert claimed is not None and len(claimed.rows) == 3
    lanes.add(claimed)
    assert team.slack.wait_for_message(lambda m: "first filing" in m.text)
    assert team.slack.wait_for_message(lambda m: "elsewhere" in m.text)  # not held by the pace
    lanes.stop(5)  # the second post to `paced` is not due for a second: handed back, unsent
    assert not [t for t in _cards(team.world, paced) if "second filing" in t]
    statuses = sorted(status for status, _ in _card_rows(team.world, paced))
    assert statuses == [OutboxStatus.PENDING, OutboxStatus.SENT]


def test_a_quiet_channel_takes_a_short_burst_then_is_paced(team):
    (paced,), _ = _cases(team, 1)
    team.world.app.courier.stop()  # these lanes are driven here, on a clock the test moves
    titles = ("first filing", "second filing", "third filing", "fourth filing")
    for title in titles:
        _add(team, paced, title)
    lanes, sender = _still_lanes(team, post_burst=3)
    claimed = sender.claim()
    assert claimed is not None and len(claimed.rows) == 4
    lanes.add(claimed)
    assert team.slack.wait_for_message(lambda m: "third filing" in m.text)  # three at once
    lanes.stop(5)  # the fourth is a pace away (the clock stands still): handed back, unsent
    texts = _cards(team.world, paced)
    assert [any(t in text for text in texts) for t in titles] == [True, True, True, False]
    statuses = sorted(status for status, _ in _card_rows(team.world, paced))
    assert statuses == [OutboxStatus.PENDING] + [OutboxStatus.SENT] * 3
