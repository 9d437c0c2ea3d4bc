"""A court deadline typed as a plain date on a closed day: asked, never saved silently."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import PICK_DATE_ACTIONS, QUESTION_BLOCK
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=NY)


def _buttons(reply) -> list[dict]:
    return [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _ask(team, world, text: str, *, who: str = "alice"):
    world.clock.set(TUESDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    reply = team.cmd(who, "/deadline", text)
    assert reply.json["response_type"] == "ephemeral"
    return reply


def _click(team, world, button, *, who: str = "alice", trigger_id: str | None = None):
    return world.driver.block_action(
        user_id=team.ids[who],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
        trigger_id=trigger_id,
    )


def _answer(team) -> str:
    return json.dumps([m for m in team.slack.messages if m.kind == "ephemeral"][-1].blocks)


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "closed", "keep", "roll"),
    [
        ("Dec 5", "Sat Dec 5, 2026 is a Saturday", date(2026, 12, 5), date(2026, 12, 7)),
        ("12/6", "Sun Dec 6, 2026 is a Sunday", date(2026, 12, 6), date(2026, 12, 7)),
        ("12/25/2026", "Fri Dec 25, 2026 is Christmas Day", date(2026, 12, 25), date(2026, 12, 28)),
    ],
)
def test_a_closed_day_asks_keep_or_next_court_day_and_saves_nothing(
    team, world, typed, closed, keep, roll
):
    reply = _ask(team, world, f"@bob Opposition brief {typed}")
    assert tasks_of(world) == []
    assert reply.json["blocks"][0]["block_id"] == QUESTION_BLOCK
    said = json.dumps(reply.json)
    assert closed in said and "court is closed" in said and "Nothing is saved" in said
    labels = [b["text"]["text"] for b in _buttons(reply)]
    assert labels == [
        f"Keep {keep:%a %b} {keep.day}, 2026",
        f"Use {roll:%a %b} {roll.day}, 2026, the next court day",
    ]
    assert [b["action_id"] for b in _buttons(reply)] == list(PICK_DATE_ACTIONS[:2])


@pytest.mark.db
def test_choosing_the_next_court_day_saves_it_with_the_worksheet(team, world):
    reply = _ask(team, world, "@bob Opposition brief Dec 5")
    _click(team, world, _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_date == date(2026, 12, 7) and task.assignee_id == team.ids["bob"]
    assert task.title == "Opposition brief"
    answer = _answer(team)
    assert "Mon Dec 7, 2026" in answer and "Sat Dec 5, 2026 is a Saturday" in answer
    assert "next day that is not a weekend or holiday: Mon Dec 7, 2026" in answer


@pytest.mark.db
def test_keeping_the_typed_day_saves_it_and_says_the_court_is_closed(team, world):
    reply = _ask(team, world, "Reply brief Dec 25")
    _click(team, world, _buttons(reply)[0])
    (task,) = tasks_of(world)
    assert task.due_date == date(2026, 12, 25)
    answer = _answer(team)
    assert "Christmas Day: the court is closed" in answer and "kept as typed" in answer


@pytest.mark.db
def test_two_clicks_on_the_question_make_one_deadline(team, world):
    reply = _ask(team, world, "Reply brief Dec 5")
    first, second = _buttons(reply)
    _click(team, world, first, trigger_id="T1")
    _click(team, world, second, trigger_id="T2")
    assert len(tasks_of(world)) == 1


@pytest.mark.db
@pytest.mark.parametrize(
    "text",
    [
        "Opposition brief Dec 4",  # a Friday: the court is open
        "Answer 21 days after service on Dec 1",  # counted by the rule: rolled with a worksheet
        "Call the clerk Dec 4 at 10am",  # a time of day on a Friday: the court is open
    ],
)
def test_an_open_day_or_a_counted_rule_is_saved_at_once(team, world, text):
    reply = _ask(team, world, text)
    assert reply.json["blocks"][0].get("block_id") != QUESTION_BLOCK
    assert len(tasks_of(world)) == 1


@pytest.mark.db
def test_a_plain_task_on_a_saturday_is_not_a_court_deadline_and_is_not_asked(team, world):
    world.clock.set(TUESDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "draft the motion by Saturday")
    (task,) = tasks_of(world)
    assert task.due_date == date(2026, 12, 5)


@pytest.mark.db
def test_a_time_of_day_on_a_closed_day_asks_and_moving_keeps_the_time(team, world):
    reply = _ask(team, world, "Reply brief by Sat Dec 12 5pm")
    assert tasks_of(world) == [] and reply.json["blocks"][0]["block_id"] == QUESTION_BLOCK
    said = json.dumps(reply.json)
    assert "Sat Dec 12, 2026 is a Saturday" in said and "the same time of day" in said
    labels = [b["text"]["text"] for b in _buttons(reply)]
    assert labels == [
        "Keep Sat Dec 12, 2026, 5:00 PM EST",
        "Use Mon Dec 14, 2026, 5:00 PM EST, the next court day",
    ]
    _click(team, world, _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at == datetime(2026, 12, 14, 17, 0, tzinfo=NY) and not task.all_day
    assert task.due_date is None and task.title == "Reply brief"
    assert "Mon Dec 14" in _answer(team) and "FRCP 6(a)(1)(C), by your choice" in _answer(team)


@pytest.mark.db
def test_keeping_a_time_on_a_holiday_saves_that_moment(team, world):
    reply = _ask(team, world, "Status report Dec 25 at 10am")
    _click(team, world, _buttons(reply)[0])
    (task,) = tasks_of(world)
    assert task.due_at == datetime(2026, 12, 25, 10, 0, tzinfo=NY) and not task.all_day
    assert "kept as typed" in _answer(team)


def _last_buttons(team) -> list[dict]:
    """The buttons of the newest ephemeral (a click's answer replaces the question)."""
    blocks = [m for m in team.slack.messages if m.kind == "ephemeral"][-1].blocks
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.db
@pytest.mark.parametrize(
    ("text", "picked", "closed", "roll"),
    [
        ("Brief 5/12", "Sat Dec 5", "Sat Dec 5, 2026 is a Saturday", date(2026, 12, 7)),
        ("Brief next weekend", "Sun Dec 13", "Sun Dec 13, 2026 is a Sunday", date(2026, 12, 14)),
    ],
)
def test_a_closed_day_picked_from_an_unclear_date_asks_too(team, world, text, picked, closed, roll):
    reply = _ask(team, world, text)  # "5/12": May 12 or Dec 5? "next weekend": which day?
    (button,) = [b for b in _buttons(reply) if b["text"]["text"] == picked]
    _click(team, world, button)
    assert tasks_of(world) == []  # was: saved on the closed day without a word
    answer = _answer(team)
    assert closed in answer and "court is closed" in answer and "Nothing is saved" in answer
    keep, use = _last_buttons(team)
    assert use["text"]["text"].startswith(f"Use {roll:%a %b} {roll.day}, 2026")
    _click(team, world, use)
    (task,) = tasks_of(world)
    assert task.due_date == roll and "by your choice" in _answer(team)


@pytest.mark.db
def test_an_open_day_picked_from_an_unclear_date_is_saved_at_once(team, world):
    reply = _ask(team, world, "Brief 5/12")
    (button,) = [b for b in _buttons(reply) if b["text"]["text"].startswith("Wed May 12")]
    _click(team, world, button)
    (task,) = tasks_of(world)
    assert task.due_date == date(2027, 5, 12)
