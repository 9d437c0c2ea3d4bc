"""Delivery after a crash and under Slack's rate limit: nothing lost, nothing posted twice."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.models import Outbox, Task
from bot.services import outbox
from tests.handlers.conftest import Team


def _cards(world, channel: str) -> list:
    return [
        m
        for m in world.slack.messages
        if m.kind == "message" and m.channel == channel and "draft brief" in json.dumps(m.blocks)
    ]


def _card_row(world) -> Outbox:
    with Session(world.engine) as s:
        return s.exec(select(Outbox).where(Outbox.kind == "task_card")).one()


def _died_mid_send(world, *, posted: bool, due: timedelta = timedelta(seconds=-5)) -> Team:
    """A card whose sender died after claiming it: after Slack answered (posted) or before."""
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/digest", "off")
    if not posted:
        world.slack.inject("chat.postMessage", status=503)  # the request's own send fails
    team.cmd("alice", "/task", "@bob draft brief by Dec 11")
    now = world.clock.now()
    with Session(world.engine) as s:  # the row as a sender that died mid-send leaves it
        s.exec(
            update(Outbox)
            .where(col(Outbox.kind) == "task_card")
            .values(
                status="sending",
                claim_token="dead-sender",
                lease_until=now + outbox.LEASE,
                ts=None,
                sent_at=None,
                due_at=now + due,
            )
        )
        s.exec(update(Task).values(card_ts=None))
        s.commit()
    return team


def test_a_card_posted_by_a_sender_that_died_is_found_in_history_not_posted_again(world):
    team = _died_mid_send(world, posted=True)
    (posted,) = _cards(world, team.channel)
    world.advance_to(world.clock.now() + outbox.LEASE + timedelta(seconds=31))
    assert len(_cards(world, team.channel)) == 1
    row = _card_row(world)
    assert (row.status, row.ts) == ("sent", posted.ts)
    with Session(world.engine) as s:
        assert s.exec(select(Task)).one().card_ts == posted.ts  # its buttons still update it
    history = [c for c in world.slack.calls if c[0] == "conversations.history"]
    assert len(history) == 1 and history[0][1]["include_all_metadata"] in (True, "1", "true")


def test_history_is_read_from_well_before_the_row_fell_due_by_docket_s_clock(world):
    # Docket's clock 30 s ahead of Slack's: the message Slack stamped is older than the row's due
    team = _died_mid_send(world, posted=True, due=timedelta(seconds=30))
    (posted,) = _cards(world, team.channel)
    world.advance_to(world.clock.now() + outbox.LEASE + timedelta(seconds=61))
    assert len(_cards(world, team.channel)) == 1
    assert (_card_row(world).status, _card_row(world).ts) == ("sent", posted.ts)


def test_a_card_the_dead_sender_never_posted_is_sent_once_when_its_lease_ends(world):
    team = _died_mid_send(world, posted=False)
    assert _cards(world, team.channel) == []
    world.advance_to(world.clock.now() + outbox.LEASE + timedelta(seconds=31))
    assert len(_cards(world, team.channel)) == 1
    assert _card_row(world).status == "sent"


def test_without_history_a_dead_senders_last_message_is_the_bound(world):
    world.slack.bot_scopes.discard("channels:history")
    team = _died_mid_send(world, posted=True)
    world.advance_to(world.clock.now() + outbox.LEASE + timedelta(seconds=31))
    assert len(_cards(world, team.channel)) == 2  # the one call in flight, posted again
    assert _card_row(world).status == "sent"


def test_429s_beyond_max_attempts_wait_retry_after_and_deliver_once(world):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/digest", "off")
    world.slack.inject("chat.postMessage", status=429, retry_after=7, times=outbox.MAX_ATTEMPTS + 4)
    team.cmd("alice", "/task", "@bob draft brief by Dec 11")
    for _ in range(outbox.MAX_ATTEMPTS + 6):
        world.advance_to(world.clock.now() + timedelta(seconds=31))
    assert len(_cards(world, team.channel)) == 1
    row = _card_row(world)
    assert row.status == "sent" and row.attempts == 1  # the 429s were not tries


def _answer_lost_once(world, monkeypatch, channel: str) -> list[dict]:
    """Slack records the next post to `channel`, then the connection breaks before its answer."""
    handle = world.slack.handle_api
    lost: list[dict] = []

    def handle_api(method, params, token):
        answer = handle(method, params, token)
        if method == "chat.postMessage" and params.get("channel") == channel and not lost:
            lost.append(params)
            raise ConnectionAbortedError("the connection broke before Slack answered")
        return answer

    monkeypatch.setattr(world.slack, "handle_api", handle_api)
    return lost


def test_a_post_whose_answer_was_lost_is_found_in_history_not_posted_again(world, monkeypatch):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/digest", "off")
    lost = _answer_lost_once(world, monkeypatch, team.channel)
    team.cmd("alice", "/task", "@bob draft brief by Dec 11")
    (posted,) = _cards(world, team.channel)  # in Slack; the sender never heard back
    row = _card_row(world)
    assert lost and (row.last_error, row.claim_token) == (outbox.IN_DOUBT, None)  # tried later
    world.advance_to(world.clock.now() + timedelta(minutes=5))
    assert len(_cards(world, team.channel)) == 1
    row = _card_row(world)
    assert (row.status, row.ts) == ("sent", posted.ts)
    with Session(world.engine) as s:
        assert s.exec(select(Task)).one().card_ts == posted.ts


def test_a_dead_senders_post_stays_in_doubt_while_history_is_rate_limited(world):
    team = _died_mid_send(world, posted=True)
    (posted,) = _cards(world, team.channel)
    world.slack.inject("conversations.history", status=429, retry_after=7)
    world.advance_to(world.clock.now() + outbox.LEASE + timedelta(minutes=2))
    assert len(_cards(world, team.channel)) == 1  # history asked again after its Retry-After
    row = _card_row(world)
    assert (row.status, row.ts) == ("sent", posted.ts)
    assert len([c for c in world.slack.calls if c[0] == "conversations.history"]) == 2
