"""Reassigning an occurrence: its repeat follows (the newest, unless `only`), audited, said."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot import blocks
from bot.models import AuditEvent, Series
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")


def _series(world) -> Series:
    with Session(world.engine) as s:
        return s.exec(select(Series)).one()


def _start(team) -> None:
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "check the docket every Monday")


def test_the_newest_occurrence_takes_its_repeat_along_and_says_so(team):
    _start(team)
    reply = team.cmd("alice", "/task", "assign 1 @bob")
    said = json.dumps(reply.json)
    assert "future occurrences too" in said and team.ids["bob"] in said and " only" in said
    assert _series(team.world).assignee_id == team.ids["bob"]
    team.cmd("bob", "/task", "done 1")
    assert [t.assignee_id for t in tasks_of(team.world)] == [team.ids["bob"]] * 2
    with Session(team.world.engine) as s:
        (event,) = s.exec(select(AuditEvent).where(AuditEvent.action == "series.assign")).all()
    assert team.ids["alice"] in (event.before or "") and team.ids["bob"] in (event.after or "")
    assert event.actor_id == team.ids["alice"]


def test_only_hands_over_one_occurrence(team):
    _start(team)
    reply = team.cmd("alice", "/task", "assign 1 @bob only")
    assert "only; its repeat's future occurrences stay with" in json.dumps(reply.json)
    assert _series(team.world).assignee_id == team.ids["alice"]
    team.cmd("bob", "/task", "done 1")
    assert [t.assignee_id for t in tasks_of(team.world)] == [team.ids["bob"], team.ids["alice"]]


def test_an_earlier_occurrence_goes_alone(team):
    _start(team)
    team.world.advance_to(datetime(2026, 12, 8, 0, 1, tzinfo=NY))  # #1 overdue, #2 made
    reply = team.cmd("alice", "/task", "assign 1 @bob")
    assert "earlier occurrence" in json.dumps(reply.json)
    assert _series(team.world).assignee_id == team.ids["alice"]
    reply = team.cmd("alice", "/task", "assign 2 @bob")
    assert "future occurrences too" in json.dumps(reply.json)
    assert _series(team.world).assignee_id == team.ids["bob"]


def test_the_reassign_button_says_it_and_the_repeat_follows(team):
    _start(team)
    card = next(m for m in team.slack.messages if m.channel == team.channel and m.blocks)
    button = next(
        e for b in card.blocks if b["type"] == "actions" for e in b["elements"]
        if e["action_id"] == blocks.REASSIGN_ACTION
    )  # fmt: skip
    team.world.driver.block_action(
        user_id=team.ids["alice"],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id=blocks.TASK_ACTIONS_BLOCK,
        message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
        container={"type": "message", "message_ts": card.ts, "channel_id": team.channel},
    )
    view = next(m for m in reversed(team.slack.messages) if m.kind == "modal").view
    assert "future occurrences go to the new assignee too" in json.dumps(view["blocks"])
    values = {
        blocks.REASSIGN_USER_BLOCK: {
            blocks.REASSIGN_USER_ACTION: {"type": "users_select", "selected_user": team.ids["bob"]}
        }
    }
    reply = team.world.driver.view_submission(user_id=team.ids["alice"], view=view, values=values)
    assert reply.status == 200
    assert _series(team.world).assignee_id == team.ids["bob"]


def test_a_task_that_does_not_repeat_is_just_reassigned(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "draft the brief by Dec 11")
    reply = team.cmd("alice", "/task", "assign 1 @bob")
    assert "Reassigned #1." in json.dumps(reply.json) and "occurrence" not in json.dumps(reply.json)
