"""Senders keep to the workspace's chat.postMessage budget together, through the stand-in."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import timedelta

from sqlmodel import Session, select

from bot.models import Outbox
from bot.services.post_budget import MARGIN, WINDOW
from bot.slack.delivery import Sender, make_sender_client
from bot.slack.pacing import WorkspaceBudget, lane_of, posts_message
from bot.vocab import OutboxKind, PostLane
from tests.factories import NOW, seed_cards


def _sender(
    world, *, per_minute: int, patience: float = 0.0, lane: PostLane = PostLane.BULK
) -> Sender:
    """A sender whose lane's share is `per_minute` (the other lane has one a minute more)."""
    settings = replace(world.settings, posts_per_minute=per_minute + 1, urgent_posts_per_minute=1)
    if lane == PostLane.URGENT:
        settings = replace(settings, urgent_posts_per_minute=per_minute)
    deps = replace(world.deps, settings=settings)
    client = make_sender_client(settings.bot_token, settings.api_url)
    return Sender(deps, client, lane=lane, patience=patience)


def _channels(world, count: int) -> list[str]:
    channels = [world.slack.add_channel(f"case-{n}").id for n in range(count)]
    for channel in channels:
        world.slack.join(world.slack.bot_user_id, channel)
    return channels


def _posts(world) -> Counter[str]:
    return Counter(c[1]["channel"] for c in world.slack.calls if c[0] == "chat.postMessage")


def _statuses(world) -> Counter[str]:
    with Session(world.engine) as s:
        return Counter(str(r.status) for r in s.exec(select(Outbox)))


def test_two_senders_share_the_budget_and_slack_is_never_asked_past_it(world):
    channels = _channels(world, 5)
    seed_cards(world.engine, channels, 1, now=world.clock.now())
    first, second = _sender(world, per_minute=3), _sender(world, per_minute=3)
    report = first.deliver(limit=2)
    report2 = second.deliver(limit=10)
    assert len(report.sent) == 2 and len(report2.sent) == 1
    assert set(report2.retried.values()) == {"paced"}  # put back until its slot, not refused
    assert sum(_posts(world).values()) == 3  # every call Slack got, it took
    with Session(world.engine) as s:
        waiting = s.exec(select(Outbox).where(Outbox.status == "pending")).all()
    assert {r.due_at for r in waiting} == {world.clock.now() + WINDOW + MARGIN}
    assert {r.attempts for r in waiting} == {0}  # waiting for a slot is not a try

    world.clock.set(world.clock.now() + WINDOW + MARGIN)
    assert len(second.deliver(limit=10).sent) == 2
    assert _statuses(world) == {"sent": 5}
    assert set(_posts(world).values()) == {1}  # each channel's card once


def test_a_patient_sender_waits_for_its_slot_and_posts_then(world):
    channels = _channels(world, 4)
    seed_cards(world.engine, channels, 1, now=world.clock.now())
    start = world.clock.now()
    sender = _sender(world, per_minute=3, patience=60.0)
    waited: list[float] = []

    def wait(seconds: float) -> bool:  # the clock moves; nobody sleeps
        waited.append(seconds)
        world.clock.set(world.clock.now() + timedelta(seconds=seconds))
        return False

    sender.budget = WorkspaceBudget(
        sender.deps, lane=PostLane.BULK, patience=sender.budget.patience, wait=wait
    )
    report = sender.deliver(limit=10)
    assert len(report.sent) == 4 and not report.retried
    assert waited == [(WINDOW + MARGIN).total_seconds()]
    assert world.clock.now() == start + WINDOW + MARGIN


def test_shutting_down_while_waiting_for_a_slot_posts_nothing_more_and_hands_the_row_back(world):
    channels = _channels(world, 4)
    seed_cards(world.engine, channels, 1, now=world.clock.now())
    sender = _sender(world, per_minute=3, patience=60.0)

    def sigterm(seconds: float) -> bool:  # SIGTERM arrives while the sender waits for a slot
        sender.deps.stopping.set()
        return True

    sender.budget = WorkspaceBudget(
        sender.deps, lane=PostLane.BULK, patience=sender.budget.patience, wait=sigterm
    )
    try:
        report = sender.deliver(limit=10)
    finally:
        sender.deps.stopping.clear()
    assert len(report.sent) == 3 and sum(_posts(world).values()) == 3
    with Session(world.engine) as s:
        (left,) = s.exec(select(Outbox).where(Outbox.status != "sent")).all()
    assert (left.status, left.claim_token, left.attempts) == ("pending", None, 0)  # claimable


def test_a_429_holds_every_sender_off_until_retry_after_without_more_refused_calls(world):
    channels = _channels(world, 3)
    seed_cards(world.engine, channels, 1, now=world.clock.now())
    world.slack.inject("chat.postMessage", status=429, retry_after=7)
    report = _sender(world, per_minute=600).deliver(limit=10)
    assert sorted(report.retried.values()) == ["paced", "paced", "ratelimited"]
    assert sum(_posts(world).values()) == 1  # the others did not spend calls on a 429
    other = _sender(world, per_minute=600)  # another process: held off too
    world.clock.set(world.clock.now() + timedelta(seconds=6))
    assert other.deliver(limit=10).sent == []
    world.clock.set(world.clock.now() + timedelta(seconds=1))
    assert len(other.deliver(limit=10).sent) == 3
    assert _statuses(world) == {"sent": 3}


def test_only_chat_post_message_takes_a_slot():
    def row(kind: OutboxKind, via: str | None = None) -> Outbox:
        payload = None if via is None else f'{{"via": "{via}"}}'
        return Outbox(key="k", kind=kind, team_id="T1", recipient="C1", due_at=NOW, payload=payload)

    assert posts_message(row(OutboxKind.DIGEST)) and posts_message(row(OutboxKind.ALERT))
    assert posts_message(row(OutboxKind.REPLY, "post"))
    assert not posts_message(row(OutboxKind.CARD_UPDATE))
    assert not posts_message(row(OutboxKind.HOME))
    assert not posts_message(row(OutboxKind.REPLY, "ephemeral"))
    assert not posts_message(row(OutboxKind.REPLY, "response_url"))


def test_the_couriers_posts_take_the_urgent_lane_but_scheduled_ones_the_bulk_lane():
    def row(kind: OutboxKind) -> Outbox:
        return Outbox(key="k", kind=kind, team_id="T1", recipient="C1", due_at=NOW)

    urgent, bulk = PostLane.URGENT, PostLane.BULK
    for kind in (OutboxKind.TASK_CARD, OutboxKind.ASSIGN_DM, OutboxKind.REPLY):
        assert (lane_of(row(kind), urgent), lane_of(row(kind), bulk)) == (urgent, bulk)
    # The courier wakes at any row's moment and claims every due row: a digest or an alert it
    # sends takes the clocks' lane, so the rush never spends the urgent share.
    for kind in (OutboxKind.DIGEST, OutboxKind.ALERT, OutboxKind.OVERDUE):
        assert (lane_of(row(kind), urgent), lane_of(row(kind), bulk)) == (bulk, bulk)
