"""Numbers before "by DATE" are the title's: /task answer rogs 1-12 by Dec 10 adds the task."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")


def _setup(team, world) -> None:
    world.clock.set(datetime(2026, 11, 30, 9, 0, tzinfo=NY))
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "title", "due", "echo"),
    [
        ("answer rogs 1-12 by Dec 10", "answer rogs 1-12", date(2026, 12, 10), "Thu Dec 10, 2026"),
        (
            "review exhibits 3-5 by Dec 10",
            "review exhibits 3-5",
            date(2026, 12, 10),
            "Thu Dec 10, 2026",
        ),  # fmt: skip
        ("RFAs 1–30 due Dec 10", "RFAs 1–30", date(2026, 12, 10), "Thu Dec 10, 2026"),
        ("Counts 1 and 2 by Dec 10", "Counts 1 and 2", date(2026, 12, 10), "Thu Dec 10, 2026"),
    ],
)
def test_the_numbers_stay_in_the_title_and_the_date_is_echoed(team, world, typed, title, due, echo):
    _setup(team, world)
    reply = team.cmd("alice", "/task", typed)
    said = json.dumps(reply.json, ensure_ascii=False)
    assert f"Added task #1 *{title}* for <@{team.ids['alice']}>, due *{echo}*" in said
    (task,) = tasks_of(world)
    assert (task.title, task.due_date) == (title, due)


@pytest.mark.db
def test_a_time_after_the_numbers_is_kept_whole(team, world):
    _setup(team, world)
    reply = team.cmd("alice", "/task", "Interrogatories 1-25 by Friday 5pm")
    said = json.dumps(reply.json)
    assert "*Interrogatories 1-25*" in said and "Fri Dec 4, 2026, 5:00 PM EST" in said
    (task,) = tasks_of(world)
    assert task.due_at == datetime(2026, 12, 4, 17, 0, tzinfo=NY)


@pytest.mark.db
def test_a_date_before_by_is_a_second_date_refused_with_the_quoted_title(team, world):
    _setup(team, world)
    start = len(team.slack.messages)
    reply = team.cmd("alice", "/task", "brief Dec 7 by Dec 10")
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert 'I read \\"Dec 7 by Dec 10\\" as more than one date' in said and "2110" not in said
    assert "Nothing was created" in said and '`/task \\"brief Dec 7\\" by Dec 10`' in said
    assert tasks_of(world) == [] and team.slack.messages[start:] == []
    team.cmd("alice", "/task", '"brief Dec 7" by Dec 10')
    (task,) = tasks_of(world)
    assert (task.title, task.due_date) == ("brief Dec 7", date(2026, 12, 10))


@pytest.mark.db
@pytest.mark.parametrize("typed", ["hearing due 1-12", "hearing 1/12", "draft brief Dec 7-8"])
def test_a_date_written_with_numbers_still_asks(team, world, typed):
    _setup(team, world)
    reply = team.cmd("alice", "/task", typed)
    assert reply.json["response_type"] == "ephemeral"
    assert reply.json.get("blocks") and tasks_of(world) == []
