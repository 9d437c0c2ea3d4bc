"""/task due N with a date that could mean two days ("5/12"): buttons move it, never a dead end."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import PICK_DUE_ACTIONS
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")


def _buttons(reply) -> list[dict]:
    return [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _click(team, world, button) -> list[dict]:
    world.driver.block_action(
        user_id=team.ids["alice"],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
    )
    answer = [m for m in team.slack.messages if m.kind == "ephemeral"][-1]
    return answer.blocks


def _move(team, world, command: str, added: str):
    world.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=NY))
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", command, added)
    reply = team.cmd("alice", "/task", "due 1 5/12")
    assert "Do you mean Wed May 12, 2027 or Sat Dec 5, 2026?" in json.dumps(reply.json)
    assert "Nothing changes until you choose" in json.dumps(reply.json)
    assert [b["action_id"] for b in _buttons(reply)] == list(PICK_DUE_ACTIONS)
    assert [b["text"]["text"] for b in _buttons(reply)] == ["Wed May 12, 2027", "Sat Dec 5"]
    assert tasks_of(world)[0].due_date == date(2026, 12, 4)  # nothing moved yet
    return reply


@pytest.mark.db
@pytest.mark.parametrize("command", ["/task", "/deadline"])
def test_a_reading_picked_moves_the_task(team, world, command):
    reply = _move(team, world, command, "Pretrial order by Fri Dec 4")
    answer = _click(team, world, _buttons(reply)[0])
    assert "Moved #1." in json.dumps(answer)
    assert tasks_of(world)[0].due_date == date(2027, 5, 12)


@pytest.mark.db
def test_a_closed_day_picked_for_a_court_deadline_asks_keep_or_next_court_day(team, world):
    reply = _move(team, world, "/deadline", "Pretrial order by Fri Dec 4")
    question = _click(team, world, _buttons(reply)[1])
    said = json.dumps(question)
    assert "Sat Dec 5, 2026 is a Saturday: the court is closed" in said
    assert tasks_of(world)[0].due_date == date(2026, 12, 4)
    (actions,) = [b for b in question if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions["elements"]]
    assert labels == ["Keep Sat Dec 5, 2026", "Use Mon Dec 7, 2026, the next court day"]
    answer = _click(team, world, actions["elements"][1])
    assert "next day that is not a weekend or holiday: Mon Dec 7, 2026" in json.dumps(answer)
    assert tasks_of(world)[0].due_date == date(2026, 12, 7)


@pytest.mark.db
def test_a_saturday_picked_for_an_ordinary_task_moves_it_at_once(team, world):
    reply = _move(team, world, "/task", "call the clerk by Fri Dec 4")
    _click(team, world, _buttons(reply)[1])
    assert tasks_of(world)[0].due_date == date(2026, 12, 5)


@pytest.mark.db
def test_snooze_with_two_readings_gives_the_command_for_each_and_each_works(team, world):
    world.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=NY))
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "call the clerk by June 1, 2027")
    reply = team.cmd("alice", "/task", "snooze 1 5/12")
    said = json.dumps(reply.json)
    assert "Do you mean Wed May 12, 2027 or Sat Dec 5, 2026? Nothing changed." in said
    assert "`/task snooze 1 May 12, 2027` or `/task snooze 1 Dec 5, 2026`" in said
    assert tasks_of(world)[0].remind_at is None
    for typed, day in (("May 12, 2027", date(2027, 5, 12)), ("Dec 5, 2026", date(2026, 12, 5))):
        team.cmd("alice", "/task", f"snooze 1 {typed}")
        remind = tasks_of(world)[0].remind_at
        assert remind is not None and remind.astimezone(NY).date() == day
