"""/case at a glance: an open case shows what is overdue as well as what is next; a closed case
says it is closed (when, by whom) and shows its open tasks as left, not as live work."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.blocks.ids import CLOSE_CONFIRM_ACTION

NY = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=NY)


def _fields(reply) -> dict[str, str]:
    """The summary's fields as {label: value}."""
    found = {}
    for block in reply.json["blocks"]:
        for field in block.get("fields", []):
            label, _, value = field["text"].partition("\n")
            found[label.strip("*")] = value
    return found


def _text(reply) -> str:
    return "\n".join(
        b.get("text", {}).get("text", "") if isinstance(b.get("text"), dict) else ""
        for b in reply.json["blocks"]
    ) + "\n".join(e.get("text", "") for b in reply.json["blocks"] for e in b.get("elements", []))


@pytest.fixture
def late(team, world):
    world.clock.set(MONDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "@bob file motion by Dec 1")
    team.cmd("alice", "/task", "@bob serve papers by Dec 2")
    team.cmd("alice", "/task", "draft brief by Dec 10")
    world.clock.set(MONDAY + timedelta(days=3))  # Thu Dec 3: #1 and #2 are overdue
    return team


@pytest.mark.db
def test_an_open_case_shows_its_overdue_tasks_not_only_the_next(late):
    fields = _fields(late.cmd("alice", "/case"))
    assert fields["Status"] == "open"
    assert fields["Open tasks"] == "3 (2 overdue)"
    assert fields["Overdue"].startswith("#1 file motion — was due Tue Dec 1, 2026")
    assert "and 1 more" in fields["Overdue"] and "`/task list overdue`" in fields["Overdue"]
    assert fields["Next due"] == "#3 draft brief — Thu Dec 10, 2026"


@pytest.mark.db
def test_a_closed_case_says_so_and_shows_no_live_work(late, world):
    asked = late.cmd("alice", "/case", "close")
    (button,) = [
        e
        for b in asked.json["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == CLOSE_CONFIRM_ACTION
    ]
    world.driver.block_action(
        user_id=late.ids["alice"],
        channel_id=late.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": late.channel},
    )
    reply = late.cmd("bob", "/case")
    fields = _fields(reply)
    alice = late.ids["alice"]
    assert fields["Status"] == f"closed Thu Dec 3, 2026 by <@{alice}>"
    assert "Next due" not in fields and "Overdue" not in fields and "Open tasks" not in fields
    assert fields["Left open"] == "3 tasks: no reminders, alerts or digest while closed"
    assert "`/case reopen` opens it again" in _text(reply)
