"""A court deadline typed with a time in another zone: the closed day is the day as typed.

"Sat Dec 5 9pm PT" is Sunday 12:00 AM in New York: the question is about Saturday (as typed),
names the moment typed, and the next court day keeps 9:00 PM Pacific (not midnight Eastern, which
is Sunday 9pm Pacific: a court day lost). "Fri Dec 11 11pm PT" is a Friday as typed: no question.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from bot.blocks import QUESTION_BLOCK
from bot.models import Task
from sandbox.shell import Shell

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=NY)
SAT_9PM_PT = datetime(2026, 12, 5, 21, 0, tzinfo=LA)
MON_9PM_PT = datetime(2026, 12, 7, 21, 0, tzinfo=LA)


def _tasks(world) -> list[Task]:
    with Session(world.engine) as s:
        return list(s.exec(select(Task).order_by(col(Task.id))))


def _buttons(reply) -> list[dict]:
    return [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]


def _deadline(team, world, text: str):
    world.clock.set(TUESDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    return team.cmd("alice", "/deadline", text)


def _click(team, world, button):
    return world.driver.block_action(
        user_id=team.ids["alice"],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
    )


def _answer(team) -> str:
    return json.dumps([m for m in team.slack.messages if m.kind == "ephemeral"][-1].blocks)


@pytest.mark.db
def test_the_question_is_about_the_day_and_moment_as_typed(team, world):
    reply = _deadline(team, world, "@bob Reply ISO MTD by Sat Dec 5 9pm PT")
    assert _tasks(world) == []
    assert reply.json["blocks"][0]["block_id"] == QUESTION_BLOCK
    said = json.dumps(reply.json)
    assert "Sat Dec 5, 2026 is a Saturday" in said and "Sun Dec 6" not in said.split("(")[0]
    assert "Typed Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)" in said
    assert [b["text"]["text"] for b in _buttons(reply)] == [
        "Keep Sat Dec 5, 2026, 9:00 PM PST",
        "Use Mon Dec 7, 2026, 9:00 PM PST, the next court day",
    ]


@pytest.mark.db
def test_the_next_court_day_keeps_the_typed_time_in_the_typed_zone(team, world):
    reply = _deadline(team, world, "@bob Reply ISO MTD by Sat Dec 5 9pm PT")
    _click(team, world, _buttons(reply)[1])
    (task,) = _tasks(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == MON_9PM_PT
    answer = _answer(team)
    assert "Typed Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)" in answer
    assert "Mon Dec 7, 2026, 9:00 PM PST (Tue Dec 8, 12:00 AM EST)" in answer


@pytest.mark.db
def test_keeping_it_saves_the_moment_typed(team, world):
    reply = _deadline(team, world, "Reply ISO MTD by Sat Dec 5 9pm PT")
    _click(team, world, _buttons(reply)[0])
    (task,) = _tasks(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == SAT_9PM_PT


@pytest.mark.db
def test_a_friday_as_typed_is_saved_at_once(team, world):
    reply = _deadline(team, world, "Sur-reply by Fri Dec 11 11pm PT")
    assert reply.json["blocks"][0].get("block_id") != QUESTION_BLOCK
    (task,) = _tasks(world)
    assert task.due_at == datetime(2026, 12, 11, 23, 0, tzinfo=LA)


@pytest.mark.db
def test_task_due_on_a_deadline_asks_about_the_day_as_typed(team, world):
    _deadline(team, world, "Reply ISO MTD by Fri Dec 4 5pm")
    reply = team.cmd("alice", "/task", "due 1 Sat Dec 5 9pm PT")
    assert [b["text"]["text"] for b in _buttons(reply)][1] == (
        "Use Mon Dec 7, 2026, 9:00 PM PST, the next court day"
    )
    _click(team, world, _buttons(reply)[1])
    (task,) = _tasks(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == MON_9PM_PT


@pytest.mark.db
def test_the_new_task_form_asks_about_the_day_as_typed(world):
    out = io.StringIO()
    shell = Shell(world, out, echo=True)
    shell.run([":as alice", ":in #smith-v-jones"])
    shell.run(["/case new Smith v. Jones 2026-CV-0142", "/digest off", "/task"])
    shell.run([':fill Kind="Court deadline" Due="12/5/2026 9pm PT"'])
    said = out.getvalue()
    assert "Due *Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)*: the court is" in said
    shell.run([':submit Title="Reply ISO MTD" Kind="Court deadline" Due="12/5/2026 9pm PT"'])
    said = out.getvalue().split("Title=")[-1]  # the form as Submit answered it
    assert "Sat Dec 5, 2026 is a Saturday" in said and _tasks(world) == []
    assert "Due *Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)*: the court is" in said
    shell.run([':submit "Which day=Use Mon Dec 7, 2026, 9:00 PM PST, the next court day"'])
    (task,) = _tasks(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == MON_9PM_PT
