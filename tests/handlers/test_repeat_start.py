"""'every other Friday' typed on a Friday: a private question with buttons, answered by a click."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.blocks import PICK_START_ACTIONS, REPEAT_QUESTION_BLOCK
from bot.models import Series
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")
FRIDAY = datetime(2026, 12, 4, 9, 0, tzinfo=NY)


def _ask(team, world, text: str):
    world.clock.set(FRIDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    reply = team.cmd("alice", "/task", text)
    assert reply.json["response_type"] == "ephemeral" and tasks_of(world) == []
    assert reply.json["blocks"][0]["block_id"] == REPEAT_QUESTION_BLOCK
    buttons = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return reply, buttons


def _click(team, world, button, *, trigger_id: str | None = None, retry: int | None = None):
    return world.driver.block_action(
        user_id=team.ids["alice"],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
        trigger_id=trigger_id,
        retry_num=retry,
    )


@pytest.mark.parametrize(
    ("pick", "due"),
    [(0, datetime(2026, 12, 4, 15, 0, tzinfo=NY)), (1, datetime(2026, 12, 11, 15, 0, tzinfo=NY))],
)
def test_the_question_has_buttons_and_each_starts_the_series_there(team, world, pick, due):
    reply, buttons = _ask(
        team, world, "@bob send the client a status update every other Friday 3pm"
    )
    assert "count as the first Friday" in json.dumps(reply.json)
    assert [b["text"]["text"] for b in buttons] == [
        "Yes, start today (Fri Dec 4, 2026)",
        "No, start Fri Dec 11, 2026",
    ]
    assert [b["action_id"] for b in buttons] == list(PICK_START_ACTIONS)
    picked = _click(team, world, buttons[pick])
    assert picked.status == 200
    (task,) = tasks_of(world)
    assert task.title == "send the client a status update" and task.assignee_id == team.ids["bob"]
    assert task.due_at == due and task.series_id is not None
    answer = [m for m in team.slack.messages if m.kind == "ephemeral"][-1]
    assert "every other Fri at 3:00 PM" in json.dumps(answer.blocks)  # the echo replaced it


def test_a_retried_click_makes_one_series(team, world):
    _, buttons = _ask(team, world, "check the docket every other Friday")
    for retry in (None, 1):
        _click(team, world, buttons[0], trigger_id="T-start", retry=retry)
    assert len(tasks_of(world)) == 1
    with Session(world.engine) as s:
        assert len(s.exec(select(Series)).all()) == 1


def test_the_title_comes_back_word_for_word(team, world):
    _, buttons = _ask(team, world, 'review the "every Friday" memo every other Friday')
    _click(team, world, buttons[1])
    (task,) = tasks_of(world)
    assert task.title == 'review the "every Friday" memo'
    assert task.due_date is not None and task.due_date.day == 11


def test_a_click_a_day_late_still_means_the_day_chosen(team, world):
    _, buttons = _ask(team, world, "check the docket every other Friday")
    world.clock.set(datetime(2026, 12, 5, 10, 0, tzinfo=NY))  # Saturday
    _click(team, world, buttons[1])
    (task,) = tasks_of(world)
    assert task.due_date is not None and task.due_date.isoformat() == "2026-12-11"


@pytest.mark.db
def test_both_start_buttons_clicked_make_one_series_and_the_second_says_what_was_saved(team, world):
    _, buttons = _ask(team, world, "@bob send the client a status update every other Friday 3pm")
    _click(team, world, buttons[0])
    start = len(team.slack.messages)
    _click(team, world, buttons[1])  # the other answer, after the first was saved
    with Session(world.engine) as s:
        assert len(s.exec(select(Series)).all()) == 1
    assert len(tasks_of(world)) == 1
    (answer,) = [m for m in team.slack.messages[start:] if m.kind == "ephemeral"]
    said = json.dumps(answer.blocks)
    assert "Already saved: task #1" in said and "Dec 4" in said
