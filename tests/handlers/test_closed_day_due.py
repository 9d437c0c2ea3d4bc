"""`/task due N DATE` moving a court deadline onto a closed day asks, and the choice is checked."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.blocks import PICK_DUE_ACTIONS, QUESTION_BLOCK
from bot.models import AuditEvent
from bot.vocab import AuditAction
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=NY)
pytestmark = pytest.mark.db


def _moves(world) -> list[AuditEvent]:
    with Session(world.engine) as s:
        return list(s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.TASK_DUE)))


def _buttons(reply) -> list[dict]:
    return [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]


@pytest.fixture
def deadline(team, world):
    """Court deadline #1, due Fri Dec 4, 2026, assigned to bob."""
    world.clock.set(TUESDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/deadline", "@bob Opposition brief Dec 4")
    assert tasks_of(world)[0].due_date == date(2026, 12, 4)
    return team


def _click(team, button, *, who: str = "alice", trigger_id: str | None = None):
    return team.world.driver.block_action(
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


@pytest.mark.parametrize(
    ("typed", "closed", "keep", "roll"),
    [
        ("Sat Dec 5", "Sat Dec 5, 2026 is a Saturday", date(2026, 12, 5), date(2026, 12, 7)),
        ("12/25", "Fri Dec 25, 2026 is Christmas Day", date(2026, 12, 25), date(2026, 12, 28)),
    ],
)
def test_moving_a_deadline_onto_a_closed_day_asks_and_changes_nothing(
    deadline, typed, closed, keep, roll
):
    reply = deadline.cmd("alice", "/task", f"due 1 {typed}")
    assert reply.json["blocks"][0]["block_id"] == QUESTION_BLOCK
    said = json.dumps(reply.json, ensure_ascii=False)
    assert closed in said and "#1 “Opposition brief”" in said and "Nothing changes" in said
    labels = [b["text"]["text"] for b in _buttons(reply)]
    assert labels == [
        f"Keep {keep:%a %b} {keep.day}, 2026",
        f"Use {roll:%a %b} {roll.day}, 2026, the next court day",
    ]
    assert [b["action_id"] for b in _buttons(reply)] == list(PICK_DUE_ACTIONS)
    assert (
        tasks_of(deadline.world)[0].due_date == date(2026, 12, 4) and _moves(deadline.world) == []
    )


def test_choosing_the_next_court_day_moves_it_audited_with_the_worksheet(deadline):
    reply = deadline.cmd("alice", "/task", "due 1 Sat Dec 5")
    _click(deadline, _buttons(reply)[1])
    (task,) = tasks_of(deadline.world)
    assert task.due_date == date(2026, 12, 7) and task.title == "Opposition brief"
    (move,) = _moves(deadline.world)
    assert move.actor_id == deadline.ids["alice"] and "2026-12-07" in (move.after or "")
    answer = _answer(deadline)
    assert "Moved #1." in answer and "Mon Dec 7, 2026" in answer
    assert "next day that is not a weekend or holiday: Mon Dec 7, 2026" in answer


def test_keeping_the_holiday_moves_it_there(deadline):
    reply = deadline.cmd("alice", "/task", "due 1 12/25")
    _click(deadline, _buttons(reply)[0])
    assert tasks_of(deadline.world)[0].due_date == date(2026, 12, 25)
    assert "kept as typed" in _answer(deadline) and len(_moves(deadline.world)) == 1


def test_a_choice_made_after_someone_else_moved_it_changes_nothing(deadline):
    reply = deadline.cmd("alice", "/task", "due 1 Sat Dec 5")
    deadline.cmd("bob", "/task", "due 1 Dec 8")  # a Tuesday: moved at once
    _click(deadline, _buttons(reply)[1])
    assert tasks_of(deadline.world)[0].due_date == date(2026, 12, 8)
    assert "changed after you were asked" in _answer(deadline) and len(_moves(deadline.world)) == 1


def test_a_choice_made_after_it_was_done_changes_nothing(deadline):
    reply = deadline.cmd("alice", "/task", "due 1 Sat Dec 5")
    deadline.cmd("bob", "/task", "done 1")
    _click(deadline, _buttons(reply)[1])
    assert tasks_of(deadline.world)[0].due_date == date(2026, 12, 4)
    assert "already marked done" in _answer(deadline) and _moves(deadline.world) == []


def test_two_clicks_on_the_question_move_it_once(deadline):
    reply = deadline.cmd("alice", "/task", "due 1 Sat Dec 5")
    keep, roll = _buttons(reply)
    _click(deadline, keep, trigger_id="T1")
    _click(deadline, roll, trigger_id="T2")
    assert tasks_of(deadline.world)[0].due_date == date(2026, 12, 5)
    assert len(_moves(deadline.world)) == 1


def test_an_ordinary_task_or_an_open_day_is_moved_at_once(deadline):
    deadline.cmd("alice", "/task", "draft the exhibit list by Friday")
    reply = deadline.cmd("alice", "/task", "due 2 Saturday")
    assert reply.json["blocks"][0].get("block_id") != QUESTION_BLOCK
    reply = deadline.cmd("alice", "/task", "due 1 Dec 8")
    assert reply.json["blocks"][0].get("block_id") != QUESTION_BLOCK
    assert [t.due_date for t in tasks_of(deadline.world)] == [date(2026, 12, 8), date(2026, 12, 5)]


def test_moving_a_deadline_to_a_time_on_a_holiday_asks_and_keeps_the_time(deadline):
    reply = deadline.cmd("alice", "/task", "due 1 Dec 25 9am")
    assert reply.json["blocks"][0]["block_id"] == QUESTION_BLOCK and _moves(deadline.world) == []
    _click(deadline, _buttons(reply)[1])
    (task,) = tasks_of(deadline.world)
    assert task.due_at == datetime(2026, 12, 28, 9, 0, tzinfo=NY) and not task.all_day
    assert task.due_date is None and len(_moves(deadline.world)) == 1
