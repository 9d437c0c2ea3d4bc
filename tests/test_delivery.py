"""Delivery through the stand-in: retries after 429 and 5xx, failures recorded once, pacing."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import Session, col, select

from bot.models import Outbox
from bot.services import outbox
from bot.slack.delivery import Pacer
from tests.handlers.conftest import Team


def _rows(world, kind=None) -> list[Outbox]:
    with Session(world.engine) as s:
        query = select(Outbox).order_by(col(Outbox.id))
        if kind:
            query = query.where(Outbox.kind == kind)
        return list(s.exec(query))


def _posts(world, channel=None) -> list:
    return [
        m
        for m in world.slack.messages
        if m.kind == "message" and (channel is None or m.channel == channel)
    ]


def _case_with_task(world, text="@bob draft brief by Dec 2 3pm"):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/digest", "off")
    team.cmd("alice", "/task", text)
    return team


def test_429_and_5xx_are_retried_until_delivered_exactly_once(world):
    team = _case_with_task(world)
    world.slack.inject("chat.postMessage", status=429, retry_after=5, times=2)
    world.slack.inject("chat.postMessage", status=503, times=2)
    world.advance_to(world.clock.now() + timedelta(days=2))
    alerts = _rows(world, "alert") + _rows(world, "overdue")
    assert alerts and {r.status for r in alerts} == {"sent"}
    texts = [m.text for m in world.slack.messages if m.kind == "message"]
    assert len(texts) == len(set((m.channel, m.ts) for m in _posts(world)))
    overdue = [m for m in _posts(world, team.channel) if m.text.endswith("is overdue")]
    assert len(overdue) == 1
    assert max(r.attempts for r in alerts) >= 2


def test_not_in_channel_is_recorded_and_the_lead_told_once(world):
    team = _case_with_task(world, "@bob draft brief by Dec 2 3pm")
    team.cmd("alice", "/task", "@bob second brief by Dec 2 4pm")
    world.slack.leave(world.slack.bot_user_id, team.channel)
    calls_before = len(world.slack.calls)
    world.advance_to(world.clock.now() + timedelta(days=2))
    failed = [r for r in _rows(world) if r.status == "failed"]
    assert failed and {r.last_error for r in failed} == {"not_in_channel"}
    notes = [
        m
        for m in world.slack.messages
        if m.channel.startswith("D") and "couldn't deliver" in m.text
    ]
    assert len(notes) == 1 and notes[0].user == team.ids["alice"]
    posts = [
        c
        for c in world.slack.calls[calls_before:]
        if c[0] == "chat.postMessage" and c[1].get("channel") == team.channel
    ]
    assert len(posts) == len(failed)  # one try each: no retry storm


def test_nothing_is_sent_to_someone_who_left_the_channel(world):
    team = _case_with_task(world)
    world.slack.leave(team.ids["bob"], team.channel)
    world.driver.event(
        {"type": "member_left_channel", "user": team.ids["bob"], "channel": team.channel}
    )
    before = len([m for m in world.slack.messages if m.user == team.ids["bob"]])
    world.advance_to(world.clock.now() + timedelta(days=2))
    after = len([m for m in world.slack.messages if m.user == team.ids["bob"]])
    assert after == before
    # bob's reminders were replanned when he left: they go to the lead, alice, instead
    assert {r.status for r in _rows(world, "alert")} == {"cancelled"}
    to_lead = _rows(world, "left_alert")
    assert to_lead and {(r.recipient, r.status) for r in to_lead} == {(team.ids["alice"], "sent")}


def test_pacer_keeps_a_second_between_messages_to_one_channel():
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    pacer = Pacer(1.0, sleep=sleep, monotonic=lambda: now[0])
    pacer.wait("C1")
    now[0] += 0.25
    pacer.wait("C1")
    pacer.wait("C2")
    assert slept == [0.75]


def test_a_reminder_is_tried_through_a_slack_outage_and_arrives_after_it(world):
    team = _case_with_task(world, "@bob draft brief by Dec 2 3pm")
    outage = 12  # an hour and a half of 503s to bob (tries 30 s apart, doubling, at most 5 min)
    world.slack.inject("chat.postMessage", status=503, channel=team.ids["bob"], times=outage)
    world.advance_to(world.clock.now() + timedelta(days=2))
    (alert,) = _rows(world, "alert")
    assert (alert.status, alert.attempts) == ("sent", outage + 1)
    assert not [m for m in world.slack.messages if "couldn't deliver" in m.text]


def test_a_message_given_up_after_its_retries_is_told_to_the_lead_once(world):
    team = _case_with_task(world, "@bob draft brief by Dec 2 3pm")
    tries = outbox.OUTAGE_ATTEMPTS  # about a day of Slack failing every try
    world.slack.inject("chat.postMessage", status=503, channel=team.ids["bob"], times=tries)
    world.advance_to(world.clock.now() + timedelta(days=3))
    (alert,) = _rows(world, "alert")
    assert (alert.status, alert.attempts) == ("failed", tries)
    notes = [m for m in world.slack.messages if "couldn't deliver" in m.text]
    assert [m.user for m in notes] == [team.ids["alice"]] and notes[0].channel.startswith("D")


def test_each_reminder_lost_in_a_slack_outage_is_named_to_the_lead(world):
    team = _case_with_task(world, "@bob draft brief by Dec 2 3pm")
    team.cmd("alice", "/task", "@bob file exhibits by Dec 2 4pm")
    every = 4 * outbox.OUTAGE_ATTEMPTS  # every try of everything to bob, for days
    world.slack.inject("chat.postMessage", status=503, channel=team.ids["bob"], times=every)
    world.advance_to(world.clock.now() + timedelta(days=3))
    assert {a.status for a in _rows(world, "alert")} == {"failed"}
    notes = [m for m in world.slack.messages if "couldn't deliver" in m.text]
    assert {m.user for m in notes} == {team.ids["alice"]}
    said = [json.dumps(m.blocks) for m in notes]
    assert (
        sum("draft brief" in s for s in said) == 1 and sum("file exhibits" in s for s in said) == 1
    )
    assert all("a reminder about" in s and "/task show" in s for s in said)
