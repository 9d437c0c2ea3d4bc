"""The ack holds only local work: every Slack call a request causes comes after its answer."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from bot.db import session_scope
from bot.models import Outbox
from bot.scheduler import tick_job
from bot.vocab import OutboxKind, OutboxStatus


def _production(world):
    """As in `python -m bot`: the courier's thread sends; the sandbox's settle step is off."""
    world.driver.settle = None
    world.driver.timeout = 5.0  # a request stuck behind Slack fails the test instead of hanging
    return world.app.courier.start()


def _posted(world, words):
    return [m for m in world.slack.messages if m.kind == "message" and words in m.text]


def _card_row(world):
    with session_scope(world.engine) as session:
        row = session.exec(select(Outbox).where(Outbox.kind == OutboxKind.TASK_CARD)).one()
        session.expunge(row)
        return row


def test_the_answer_arrives_while_the_card_is_still_being_posted(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    courier = _production(team.world)
    gate = team.slack.hold("chat.postMessage")  # Slack takes as long as this test says
    try:
        reply = team.cmd("alice", "/task", "@bob file the brief by Dec 8 5pm")
        assert reply.status == 200 and "Added task #1" in json.dumps(reply.json)
        assert gate.arrived.wait(10)  # woken by the request: the courier is posting now
        assert not _posted(team.world, "file the brief")  # the answer came first
    finally:
        gate.release()
        courier.stop()  # finishes the pass in flight: the card and bob's DM go out
    assert _posted(team.world, "file the brief")
    assert _card_row(team.world).status == OutboxStatus.SENT


def test_a_rate_limited_card_never_holds_the_answer(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    assert team.world.app.client.retry_handlers == []  # nothing in a request sleeps for a retry
    team.slack.inject("chat.postMessage", status=429, retry_after=30)
    before = len([c for c in team.slack.calls if c[0] == "chat.postMessage"])
    reply = team.cmd("alice", "/task", "file the brief by Dec 8 5pm")
    assert reply.status == 200 and "Added task #1" in json.dumps(reply.json)
    posts = [c for c in team.slack.calls if c[0] == "chat.postMessage"]
    assert len(posts) == before + 1  # tried once after the ack, put back: nobody slept
    row = _card_row(team.world)
    now = team.world.clock.now()
    assert row.status == OutboxStatus.PENDING and row.due_at >= now + timedelta(seconds=29)
    team.world.advance_to(now + timedelta(seconds=60))  # the tick sends it after Retry-After
    assert _posted(team.world, "file the brief")


def test_the_tick_delivers_when_the_courier_is_dead(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.world.driver.settle = None  # no courier at all: its thread never started
    assert not team.world.app.courier.alive
    reply = team.cmd("alice", "/task", "file the brief by Dec 8 5pm")
    assert reply.status == 200 and "Added task #1" in json.dumps(reply.json)
    assert not _posted(team.world, "file the brief")
    tick_job(team.world.deps)
    assert _posted(team.world, "file the brief")


def test_a_click_is_answered_before_its_card_update_and_confirmation(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/task", "@bob file the brief by Dec 8 5pm")
    card = _posted(team.world, "file the brief")[0]
    courier = _production(team.world)
    gate = team.slack.hold("chat.update")
    try:
        reply = team.world.driver.block_action(
            user_id=team.ids["bob"],
            channel_id=team.channel,
            action_id="task_done",
            value=f"{team.channel}:1",
            block_id="task_actions",
            message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
        )
        assert reply.status == 200
        assert gate.arrived.wait(10)
    finally:
        gate.release()
        courier.stop()
    updated = [m for m in team.slack.messages if m.kind == "update" and m.ts == card.ts]
    assert updated and ":white_check_mark:" in json.dumps(updated[-1].blocks)
