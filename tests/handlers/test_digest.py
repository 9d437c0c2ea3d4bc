"""/digest through signed requests, and a digest delivered end to end to the case channel."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from bot import blocks
from bot.db import session_scope
from bot.models import Case, Outbox, PersonalDigest, Task
from bot.services import digest_plan
from bot.slack.delivery import Sender, make_sender_client
from bot.vocab import PostLane

NY = ZoneInfo("America/New_York")


def _text(reply) -> str:
    return json.dumps(reply.json, ensure_ascii=False)


def _case(world) -> Case:
    with Session(world.engine) as s:
        return s.exec(select(Case)).one()


def _rows(world, kind="digest", status="pending") -> list[Outbox]:
    with Session(world.engine) as s:
        query = select(Outbox).where(Outbox.kind == kind, Outbox.status == status)
        return list(s.exec(query.order_by(col(Outbox.due_at))))


def _open(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")


def test_digest_at_changes_the_case_plans_it_and_answers(team):
    _open(team)
    reply = team.cmd("alice", "/digest", "at 9am weekdays")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "9:00 AM on weekdays" in _text(reply) and "Next: Wed Dec 2, 9:00 AM EST" in _text(reply)
    case = _case(team.world)
    assert (case.digest_time, case.digest_days) == ("09:00", "weekdays")
    (row,) = _rows(team.world)
    assert row.key == f"digest:{team.channel}:2026-12-02" and row.due_at.hour == 14


def test_bad_time_gets_a_friendly_answer_with_an_example(team):
    _open(team)
    reply = team.cmd("alice", "/digest", "at 25pm")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "couldn't read “25pm”" in _text(reply) and "Try: `/digest at 9am weekdays`" in _text(
        reply
    )
    assert _case(team.world).digest_time == "08:30"


def test_off_and_always_are_remembered(team):
    _open(team)
    assert "is off" in _text(team.cmd("alice", "/digest", "off"))
    assert _case(team.world).digest_days == "off" and _rows(team.world) == []
    reply = team.cmd("alice", "/digest", "at 7:45 daily always")
    assert "even when there is nothing to say" in _text(reply)
    assert (_case(team.world).digest_days, _case(team.world).digest_always) == ("daily", True)


def test_preview_is_ephemeral_and_touches_no_outbox(team):
    _open(team)
    team.cmd("alice", "/task", "@bob draft brief by Dec 1 5pm")
    posted = len(team.slack.messages)
    pending = len(_rows(team.world, status="pending"))
    reply = team.cmd("alice", "/digest")
    assert reply.json["response_type"] == "ephemeral" and "Preview" in _text(reply)
    assert "draft brief" in _text(reply) and "Due today" in _text(reply)
    values = [b["accessory"]["value"] for b in reply.json["blocks"] if "accessory" in b]
    assert values == [f"{team.channel}:1"]
    assert len(_rows(team.world, status="pending")) == pending
    assert len(team.slack.messages) == posted


def test_digest_outside_a_case_channel_says_how_to_start(team):
    reply = team.cmd("alice", "/digest")
    assert "/case new" in _text(reply)


def test_help_lists_every_form(team):
    reply = team.cmd("alice", "/digest", "help")
    assert reply.json["response_type"] == "ephemeral"
    for form in ("/digest at 9am weekdays", "/digest off", "/digest me at 8am"):
        assert form in _text(reply)


def test_personal_digest_opt_in_and_out_in_my_zone(team):
    team.slack.set_tz(team.ids["bob"], "America/Los_Angeles")
    _open(team)
    reply = team.cmd("bob", "/digest", "me at 8am")
    assert "8:00 AM on weekdays" in _text(reply) and "America/Los_Angeles" in _text(reply)
    with Session(team.world.engine) as s:
        assert s.get(PersonalDigest, team.ids["bob"]).at_time == "08:00"
    rows = _rows(team.world, kind="personal_digest")
    assert rows[0].recipient == team.ids["bob"] and rows[0].due_at.hour == 16  # 8:00 PST
    assert "is off" in _text(team.cmd("bob", "/digest", "me off"))
    assert _rows(team.world, kind="personal_digest") == []


def test_the_digest_is_posted_at_its_time_with_mark_done_buttons(team, world):
    _open(team)
    team.cmd("alice", "/task", "@bob draft brief by Dec 2 5pm")
    team.cmd("alice", "/task", "@alice file reply by Dec 4 5pm")
    team.cmd("alice", "/task", "call the clerk")
    with session_scope(world.engine) as session:  # planned when the case was opened
        assert digest_plan.plan_digests(session, now=world.clock.now()) == 0
    world.clock.set(datetime(2026, 12, 2, 8, 30, tzinfo=NY))
    start = len(world.slack.messages)
    client = make_sender_client(world.settings.bot_token, world.settings.api_url)
    sender = Sender(world.deps, client, lane=PostLane.BULK)
    report = sender.deliver()
    (row,) = _rows(world, status="sent")
    assert report.sent == [row.id]
    (message,) = [m for m in world.slack.messages[start:] if m.channel == team.channel]
    assert message.kind == "message" and "Smith v. Jones" in message.text
    text = json.dumps(message.blocks, ensure_ascii=False)
    assert text.index("Due today") < text.index("draft brief") < text.index("Due in the next")
    assert "1 open task without a due date" in text
    buttons = [b["accessory"] for b in message.blocks if "accessory" in b]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (blocks.DONE_ACTION, f"{team.channel}:1"),
        (blocks.DONE_ACTION, f"{team.channel}:2"),
    ]
    clicked = world.driver.block_action(
        user_id=team.ids["bob"],
        channel_id=team.channel,
        action_id=blocks.DONE_ACTION,
        value=buttons[0]["value"],
        block_id="digest",
        message={"ts": message.ts, "text": message.text, "blocks": message.blocks},
    )
    assert clicked.status == 200
    with Session(world.engine) as s:
        assert s.exec(select(Task).where(Task.number == 1)).one().status == "done"


def test_nothing_is_posted_when_there_is_nothing_to_say(team, world):
    _open(team)
    with session_scope(world.engine) as session:
        digest_plan.plan_digests(session, now=world.clock.now())
    world.clock.set(datetime(2026, 12, 2, 8, 31, tzinfo=NY))
    start = len(world.slack.messages)
    client = make_sender_client(world.settings.bot_token, world.settings.api_url)
    sender = Sender(world.deps, client, lane=PostLane.BULK)
    report = sender.deliver()
    assert list(report.skipped.values()) == ["nothing to say"]
    assert world.slack.messages[start:] == []


def test_on_restores_what_off_paused(team):
    _open(team)
    team.cmd("alice", "/digest", "at 7:45 daily")
    team.cmd("alice", "/digest", "off")
    team.cmd("alice", "/digest", "off")  # twice: still remembers daily
    reply = team.cmd("alice", "/digest", "on")
    assert "every day" in _text(reply)
    case = _case(team.world)
    assert (case.digest_time, case.digest_days) == ("07:45", "daily")


def test_an_unknown_zone_is_named_as_a_zone(team):
    _open(team)
    reply = team.cmd("alice", "/digest", "at 9am weekdays Mars/Olympus")
    assert "time zone" in _text(reply) and "weekdays or daily" not in _text(reply)


@pytest.mark.parametrize("typed", ["", "at 9am weekdays", "off"])
def test_a_channel_digest_asked_for_in_a_dm_says_where_it_works(team, typed):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    dm = team.slack.dm_channel(team.ids["alice"]).id
    reply = team.cmd("alice", "/digest", typed, channel=dm)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert "a case's digest is set in its channel" in said and "`/digest me`" in said
    assert "Try: `/digest me at 8am`" in said
    assert "`/task list mine`" not in said  # not the generic DM answer
    with Session(team.world.engine) as s:
        assert s.exec(select(PersonalDigest)).all() == []
    assert team.cmd("alice", "/digest", "me", channel=dm).json["response_type"] == "ephemeral"


@pytest.mark.parametrize("typed", ["", "at 9am weekdays", "off"])
def test_a_channel_digest_asked_for_where_there_is_no_case_points_to_digest_me(team, typed):
    reply = team.cmd("alice", "/digest", typed)  # #smith-v-jones, no case linked yet
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert "isn't linked to a case" in said and "`/case new Smith v. Jones" in said
    assert "`/digest me` works anywhere" in said and "Try: `/digest me at 8am`" in said
    with Session(team.world.engine) as s:
        assert s.exec(select(PersonalDigest)).all() == []
    _open(team)
    assert "`/digest me`" not in _text(team.cmd("alice", "/digest", "off"))
