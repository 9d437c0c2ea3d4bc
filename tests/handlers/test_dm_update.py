"""A change made anywhere redraws the assignee's delegation DM, so its buttons fit the task."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.handlers.conftest import Team

NY = ZoneInfo("America/New_York")


@pytest.fixture
def three(world):
    """alice delegates to bob; carol is in the channel too."""
    team = Team(world, users=("alice", "bob", "carol"))
    world.clock.set(datetime(2026, 12, 1, 9, 0, tzinfo=NY))
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "@bob pull the transcripts by Dec 4")
    return team


def _dm_now(team, name: str):
    """The newest state of the delegation DM the person got (post, then any updates)."""
    im = team.slack.dm_channel(team.ids[name]).id
    return [m for m in team.slack.messages if m.channel == im][-1]


def _buttons(message) -> list[str]:
    return [
        e["text"]["text"] for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    ]


@pytest.mark.db
@pytest.mark.parametrize(
    ("command", "said", "buttons"),
    [
        ("done 1", "Marked done.", ["Reopen", "Open case"]),
        ("cancel 1", "Cancelled.", ["Reopen", "Open case"]),
    ],
)
def test_done_or_cancel_by_command_redraws_the_dm_without_its_buttons(
    three, command, said, buttons
):
    assert _buttons(_dm_now(three, "bob")) == ["Accept", "Mark done", "Open case"]
    three.cmd("alice", "/task", command)
    dm = _dm_now(three, "bob")
    assert dm.kind == "update" and said in json.dumps(dm.blocks)
    assert _buttons(dm) == buttons


@pytest.mark.db
def test_reopening_gives_the_dm_its_buttons_back(three):
    three.cmd("alice", "/task", "done 1")
    three.cmd("alice", "/task", "reopen 1")
    assert _buttons(_dm_now(three, "bob")) == ["Accept", "Mark done", "Open case"]


@pytest.mark.db
def test_reassigning_tells_the_old_dm_it_is_off_their_list(three):
    three.cmd("alice", "/task", "assign 1 @carol")
    im = three.slack.dm_channel(three.ids["bob"]).id
    old = [m for m in three.slack.messages if m.kind == "update" and m.channel == im]
    assert old and "Reassigned to" in json.dumps(old[-1].blocks)
    assert _buttons(old[-1]) == ["Open case"]
