"""The case lead leaves: the channel is told, escalations come there, anyone may set a lead."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from bot.models import SYSTEM_ACTOR, AuditEvent, Case, Outbox
from bot.services import outbox
from bot.vocab import AuditAction, OutboxKind
from tests.handlers.conftest import Team

NY = ZoneInfo("America/New_York")
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=NY)


@pytest.fixture
def three(world):
    """alice (who opens the case and leads it), bob and carol in #smith-v-jones."""
    return Team(world, users=("alice", "bob", "carol"))


def _leave(team, world, name: str) -> None:
    team.slack.leave(team.ids[name], team.channel)
    world.driver.event(
        {
            "type": "member_left_channel",
            "user": team.ids[name],
            "channel": team.channel,
            "channel_type": "G",
        }
    )


def _posted(team, start: int) -> list:
    return [
        m for m in team.slack.messages[start:] if m.channel == team.channel and m.kind == "message"
    ]


def _case(world) -> Case:
    with Session(world.engine) as s:
        return s.exec(select(Case)).one()


def _open(team, world):
    world.clock.set(TUESDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "@alice call opposing counsel by Dec 2 3pm")
    team.cmd("alice", "/task", "@bob pull transcripts by Dec 2 5pm")


@pytest.mark.db
def test_the_channel_is_told_without_a_ping_and_the_lead_is_cleared_and_audited(three, world):
    _open(three, world)
    start = len(three.slack.messages)
    _leave(three, world, "alice")
    (notice,) = _posted(three, start)
    said = json.dumps(notice.blocks) + notice.text
    assert "has no lead" in said and "/case set lead @name" in said
    assert "alice" in said and "call opposing counsel" in said and "Reassign #1" in said
    assert three.ids["alice"] not in said and "<!" not in said.replace("<!date", "")
    assert _case(world).lead_id is None
    with Session(world.engine) as s:
        event = s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.CASE_LEAD)).one()
    assert event.actor_id == SYSTEM_ACTOR
    assert json.loads(event.before or "{}") == {"lead_id": three.ids["alice"]}


@pytest.mark.db
def test_the_leads_overdue_escalation_comes_to_the_channel_until_a_lead_is_set(three, world):
    _open(three, world)
    _leave(three, world, "alice")
    with Session(world.engine) as s:
        rows = s.exec(
            select(Outbox).where(
                col(Outbox.kind).in_([OutboxKind.LEAD_OVERDUE, OutboxKind.NO_LEAD_OVERDUE])
            )
        ).all()
    pending = [r for r in rows if r.status == "pending"]
    assert sorted((r.kind, r.recipient) for r in pending) == [
        (OutboxKind.NO_LEAD_OVERDUE, three.channel),
        (OutboxKind.NO_LEAD_OVERDUE, three.channel),
    ]  # alice's own task too: with no lead, an overdue task of hers is escalated
    start = len(three.slack.messages)
    world.advance_to(TUESDAY + timedelta(days=3))
    escalations = [
        m for m in _posted(three, start) if "no lead to escalate to" in json.dumps(m.blocks)
    ]
    assert len(escalations) == 2 and "pull transcripts" in json.dumps(
        [m.blocks for m in escalations]
    )


@pytest.mark.db
def test_anyone_in_the_channel_may_set_the_lead_when_there_is_none(three, world):
    _open(three, world)
    refused = three.cmd("carol", "/case", "set lead @carol")
    assert "Only the case lead" in json.dumps(refused.json)  # while alice leads, she decides
    _leave(three, world, "alice")
    three.cmd("carol", "/case", "set lead @bob")
    assert _case(world).lead_id == three.ids["bob"]
    with Session(world.engine) as s:
        pending = s.exec(
            select(Outbox).where(
                Outbox.status == "pending",
                col(Outbox.kind).in_([OutboxKind.LEAD_OVERDUE, OutboxKind.NO_LEAD_OVERDUE]),
            )
        ).all()
    # bob is the new lead: the escalation for alice's task is his again; his own task has none
    assert [(r.kind, r.recipient) for r in pending] == [(OutboxKind.LEAD_OVERDUE, three.ids["bob"])]


@pytest.mark.db
def test_an_assignee_leaving_a_case_without_a_lead_is_told_in_the_channel(three, world):
    _open(three, world)
    _leave(three, world, "alice")
    start = len(three.slack.messages)
    _leave(three, world, "bob")
    (notice,) = _posted(three, start)
    said = json.dumps(notice.blocks)
    assert "bob left this channel still holding open tasks" in said and "Reassign #2" in said
    assert three.ids["bob"] not in said


def _dms(team, start: int) -> list:
    return [m for m in team.slack.messages[start:] if m.channel.startswith("D")]


@pytest.mark.db
def test_a_reminder_slack_refuses_is_told_in_the_channel_when_there_is_no_lead(three, world):
    _open(three, world)
    _leave(three, world, "alice")
    bob = three.ids["bob"]
    three.slack.inject("chat.postMessage", error="user_not_found", channel=bob, times=20)
    start = len(three.slack.messages)
    world.advance_to(TUESDAY + timedelta(days=1, hours=9))  # bob's 4pm reminder falls due
    with Session(world.engine) as s:
        refused = s.exec(
            select(Outbox).where(Outbox.recipient == bob, Outbox.status == "failed")
        ).all()
    assert refused and {r.last_error for r in refused} == {"user_not_found"}
    notes = [m for m in _posted(three, start) if "couldn't deliver" in m.text]
    assert len(notes) == 1  # once per reason, however many of bob's reminders were refused
    said = json.dumps(notes[0].blocks) + notes[0].text
    assert "Smith v. Jones" in said and "to bob" in said and "no longer exists" in said
    assert "/case set lead @name" in said
    assert bob not in said and "<@" not in said  # named, never pinged
    assert not [m for m in _dms(three, start) if "couldn't deliver" in m.text]  # nobody else


@pytest.mark.db
def test_a_channel_that_refuses_an_escalation_is_told_to_whoever_added_the_task(three, world):
    _open(three, world)
    _leave(three, world, "alice")
    three.cmd("carol", "/task", "@bob file the motion by Dec 2 4pm")
    three.slack.leave(three.slack.bot_user_id, three.channel)  # Docket removed, no event
    start = len(three.slack.messages)
    world.advance_to(TUESDAY + timedelta(days=3))
    notes = [m for m in _dms(three, start) if "couldn't deliver" in m.text]
    assert [m.user for m in notes] == [three.ids["carol"]]  # she added it; once per reason
    assert "removed from the case channel" in notes[0].text


@pytest.mark.db
def test_a_reminder_given_up_after_its_retries_is_told_in_the_channel_too(three, world):
    _open(three, world)
    _leave(three, world, "alice")
    bob = three.ids["bob"]
    tries = outbox.OUTAGE_ATTEMPTS  # every try, for about a day
    three.slack.inject("chat.postMessage", status=503, channel=bob, times=tries)
    start = len(three.slack.messages)
    world.advance_to(TUESDAY + timedelta(days=2, hours=9))
    with Session(world.engine) as s:
        alert = s.exec(select(Outbox).where(Outbox.recipient == bob, Outbox.kind == "alert")).one()
    assert (alert.status, alert.attempts) == ("failed", tries)
    notes = [m for m in _posted(three, start) if "couldn't deliver" in m.text]
    assert len(notes) == 1 and "a reminder" in notes[0].text and "to bob" in notes[0].text
