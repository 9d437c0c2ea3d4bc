"""An assignee leaves the case channel: until the task is reassigned, its reminders still reach
someone in the case (the lead by DM, or the channel when there is no lead), with Reassign."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.models import Outbox
from bot.vocab import OutboxKind
from tests.handlers.conftest import Team

NY = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=NY)
DUE = datetime(2026, 12, 10, 23, 59, tzinfo=NY)


@pytest.fixture
def three(world):
    """alice (who opens the case and leads it), bob and carol in #smith-v-jones."""
    return Team(world, users=("alice", "bob", "carol"))


def _event(team, world, name: str, kind: str) -> None:
    world.driver.event(
        {"type": kind, "user": team.ids[name], "channel": team.channel, "channel_type": "G"}
    )


def _leave(team, world, name: str) -> None:
    team.slack.leave(team.ids[name], team.channel)
    _event(team, world, name, "member_left_channel")


def _reminders(team, start: int, *, channel: str | None = None, user: str | None = None) -> list:
    """Messages mentioning the statement's reminder text, to a DM of `user` or to `channel`."""
    found = []
    for m in team.slack.messages[start:]:
        said = json.dumps(m.blocks) + m.text
        if "Settlement conference statement" not in said or "left the case channel" not in said:
            continue
        to_user = user and m.channel.startswith("D") and m.user == user
        if channel and m.channel == channel or to_user:
            found.append(said)
    return found


def _open(team, world, assignee: str) -> None:
    world.clock.set(MONDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("carol", "/deadline", f"@{assignee} Settlement conference statement Dec 10")


@pytest.mark.db
def test_the_lead_gets_the_reminders_of_an_assignee_who_left(three, world):
    _open(three, world, "bob")
    _leave(three, world, "bob")
    start = len(three.slack.messages)
    world.advance_to(DUE - timedelta(minutes=1))
    got = _reminders(three, start, user=three.ids["alice"])
    assert len(got) >= 3  # 7-, 3-, 1-day and day-of reminders, none lost
    assert all(f"<@{three.ids['bob']}>" in s and "Reassign" in s for s in got)
    assert "due tomorrow" in got[-2] and "due today" in got[-1]
    bob_dms = [m for m in three.slack.messages[start:] if m.user == three.ids["bob"]]
    assert bob_dms == []  # nothing of the case reaches the one who left


@pytest.mark.db
def test_reassigning_gives_the_reminders_to_the_new_assignee(three, world):
    _open(three, world, "bob")
    _leave(three, world, "bob")
    three.cmd("carol", "/task", "assign 1 @carol")
    with Session(world.engine) as s:
        pending = s.exec(select(Outbox).where(Outbox.status == "pending")).all()
    kinds = {(r.kind, r.recipient) for r in pending if "alert" in r.kind}
    assert kinds == {(OutboxKind.ALERT, three.ids["carol"])}


@pytest.mark.db
def test_an_assignee_who_comes_back_gets_their_reminders_again(three, world):
    _open(three, world, "bob")
    _leave(three, world, "bob")
    three.slack.join(three.ids["bob"], three.channel)
    _event(three, world, "bob", "member_joined_channel")
    with Session(world.engine) as s:
        pending = s.exec(select(Outbox).where(Outbox.status == "pending")).all()
    kinds = {(r.kind, r.recipient) for r in pending if "alert" in r.kind}
    assert kinds == {(OutboxKind.ALERT, three.ids["bob"])}


@pytest.mark.db
def test_with_no_lead_the_reminders_of_the_leads_own_task_come_to_the_channel(three, world):
    _open(three, world, "alice")  # the lead's own deadline
    _leave(three, world, "alice")
    start = len(three.slack.messages)
    world.advance_to(DUE - timedelta(minutes=1))
    got = _reminders(three, start, channel=three.channel)
    assert len(got) >= 3
    assert all("alice" in s and "Reassign" in s and "/case set lead @name" in s for s in got)
    assert not [s for s in got if three.ids["alice"] in s]  # named, never pinged


@pytest.mark.db
def test_the_overdue_post_names_an_assignee_who_left_without_mentioning_them(three, world):
    _open(three, world, "bob")
    _leave(three, world, "bob")
    start = len(three.slack.messages)
    world.advance_to(DUE + timedelta(hours=2))
    overdue = [
        json.dumps(m.blocks) + m.text
        for m in three.slack.messages[start:]
        if m.channel == three.channel and "is overdue" in m.text
    ]
    assert len(overdue) == 1
    assert f"<@{three.ids['bob']}>" not in overdue[0]  # bob left: named, not mentioned
    assert "bob" in overdue[0] and "who left this channel" in overdue[0]
    assert "Reassign" in overdue[0]
