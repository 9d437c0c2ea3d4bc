"""A court deadline typed with a time: asked about a closed day as typed or in the court's zone.

"Sat Dec 5 9pm PT" is Sunday 12:00 AM in New York: the question is about Saturday (as typed),
names the moment typed, and the next court day keeps 9:00 PM Pacific (not midnight Eastern, which
is Sunday 9pm Pacific: a court day lost). "Fri Dec 11 11pm PT" is a Friday as typed but Saturday
2:00 AM in the court's zone, where the last day ends (FRCP 6(a)(4)): asked too, saying so. The
next court day is open both as typed and in the court's zone. A New Yorker's Fri 5pm: no question.
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.blocks import QUESTION_BLOCK
from sandbox.shell import Shell
from tests.factories import tasks_of

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")
TUESDAY = datetime(2026, 12, 1, 9, 0, tzinfo=NY)
SAT_9PM_PT = datetime(2026, 12, 5, 21, 0, tzinfo=LA)
MON_9PM_PT = datetime(2026, 12, 7, 21, 0, tzinfo=LA)


def _buttons(reply) -> list[dict]:
    return _buttons_in(reply.json["blocks"])


def _buttons_in(blocks) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


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
    assert tasks_of(world) == []
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
    (task,) = tasks_of(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == MON_9PM_PT
    answer = _answer(team)
    assert "Typed Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)" in answer
    assert "Mon Dec 7, 2026, 9:00 PM PST (Tue Dec 8, 12:00 AM EST)" in answer


@pytest.mark.db
def test_keeping_it_saves_the_moment_typed(team, world):
    reply = _deadline(team, world, "Reply ISO MTD by Sat Dec 5 9pm PT")
    _click(team, world, _buttons(reply)[0])
    (task,) = tasks_of(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == SAT_9PM_PT


@pytest.mark.db
def test_a_friday_as_typed_that_is_saturday_in_the_court_zone_is_asked(team, world):
    reply = _deadline(team, world, "Sur-reply by Fri Dec 11 11pm PT")  # Sat 2:00 AM in New York
    assert reply.json["blocks"][0].get("block_id") == QUESTION_BLOCK and tasks_of(world) == []
    assert "Fri Dec 11, 11:00 PM PST is Sat Dec 12, 2:00 AM EST in the court's time zone" in (
        json.dumps(reply.json)
    )
    _click(team, world, _buttons(reply)[0])  # keep it: the moment typed
    (task,) = tasks_of(world)
    assert task.due_at == datetime(2026, 12, 11, 23, 0, tzinfo=LA)


@pytest.mark.db
def test_task_due_on_a_deadline_asks_about_the_day_as_typed(team, world):
    _deadline(team, world, "Reply ISO MTD by Fri Dec 4 5pm")
    reply = team.cmd("alice", "/task", "due 1 Sat Dec 5 9pm PT")
    assert [b["text"]["text"] for b in _buttons(reply)][1] == (
        "Use Mon Dec 7, 2026, 9:00 PM PST, the next court day"
    )
    _click(team, world, _buttons(reply)[1])
    (task,) = tasks_of(world)
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
    assert "Sat Dec 5, 2026 is a Saturday" in said and tasks_of(world) == []
    assert "Due *Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)*: the court is" in said
    shell.run([':submit "Which day=Use Mon Dec 7, 2026, 9:00 PM PST, the next court day"'])
    (task,) = tasks_of(world)
    assert task.due_at is not None and task.due_at.astimezone(LA) == MON_9PM_PT


# --- A court deadline on a closed day in the court's time zone (FRCP 6(a)(4)): asked too ---

LONDON = ZoneInfo("Europe/London")


def _sdny(team, world, *people: tuple[str, str]):
    world.clock.set(TUESDAY)
    for name, zone in people:
        team.slack.set_tz(team.ids.get(name) or team.join(name), zone)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/case", "set court SDNY")


def _labels(reply) -> list[str]:
    return [b["text"]["text"] for b in _buttons(reply)]


def _click_as(team, world, name: str, button):
    return world.driver.block_action(
        user_id=team.ids[name],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
    )


@pytest.mark.db
def test_friday_10pm_pacific_is_saturday_in_the_court_zone_and_is_asked(team, world):
    _sdny(team, world, ("bob", "America/Los_Angeles"))
    reply = team.cmd("bob", "/deadline", "Opp brief Fri Dec 11 10pm")
    assert tasks_of(world) == []
    assert reply.json["blocks"][0]["block_id"] == QUESTION_BLOCK
    said = json.dumps(reply.json)
    assert (
        "Fri Dec 11, 10:00 PM PST is Sat Dec 12, 1:00 AM EST in the court's time zone, a "
        "Saturday: the court is closed that day" in said
    )
    assert _labels(reply) == [
        "Keep Fri Dec 11, 2026, 10:00 PM PST",
        "Use Mon Dec 14, 2026, 10:00 PM PST, the next court day",
    ]
    assert "Mon Dec 14, 2026, 10:00 PM PST (Tue Dec 15, 1:00 AM EST)" in said
    _click_as(team, world, "bob", _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(NY) == datetime(2026, 12, 15, 1, 0, tzinfo=NY)


@pytest.mark.db
def test_monday_1am_london_is_sunday_in_the_court_zone_and_is_asked(team, world):
    _sdny(team, world, ("liz", "Europe/London"))
    reply = team.cmd("liz", "/deadline", "Liz brief Mon Dec 14 1am")
    assert tasks_of(world) == []
    said = json.dumps(reply.json)
    assert (
        "Mon Dec 14, 1:00 AM GMT is Sun Dec 13, 8:00 PM EST in the court's time zone, a "
        "Sunday: the court is closed that day" in said
    )
    assert _labels(reply)[1] == "Use Tue Dec 15, 2026, 1:00 AM GMT, the next court day"
    assert "Tue Dec 15, 2026, 1:00 AM GMT (Mon Dec 14, 8:00 PM EST)" in said
    _click_as(team, world, "liz", _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(NY) == datetime(2026, 12, 14, 20, 0, tzinfo=NY)
    answer = _answer(team)
    assert "Tue Dec 15, 2026, 1:00 AM GMT (Mon Dec 14, 8:00 PM EST)" in answer


@pytest.mark.db
def test_sunday_11pm_pacific_names_the_court_time_of_the_next_court_day(team, world):
    _sdny(team, world, ("bob", "America/Los_Angeles"))
    reply = team.cmd("bob", "/deadline", "Reply brief Sun Dec 13 11pm")
    said = json.dumps(reply.json)
    assert "Sun Dec 13, 2026 is a Sunday" in said
    assert "Sun Dec 13, 2026, 11:00 PM PST (Mon Dec 14, 2:00 AM EST)" in said  # as typed
    assert "Mon Dec 14, 2026, 11:00 PM PST (Tue Dec 15, 2:00 AM EST)" in said  # next court day
    _click_as(team, world, "bob", _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(LA) == datetime(2026, 12, 14, 23, 0, tzinfo=LA)
    assert "Mon Dec 14, 2026, 11:00 PM PST (Tue Dec 15, 2:00 AM EST)" in _answer(team)


@pytest.mark.db
def test_a_saturday_9pm_pt_after_christmas_names_both_zones(team, world):
    _sdny(team, world, ("bob", "America/Los_Angeles"))
    reply = team.cmd("bob", "/deadline", "Sur-reply Dec 26 9pm PT")
    said = json.dumps(reply.json)
    assert "Sat Dec 26, 2026 is a Saturday" in said
    assert "Mon Dec 28, 2026, 9:00 PM PST (Tue Dec 29, 12:00 AM EST)" in said
    _click_as(team, world, "bob", _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(LA) == datetime(2026, 12, 28, 21, 0, tzinfo=LA)
    assert "Mon Dec 28, 2026, 9:00 PM PST (Tue Dec 29, 12:00 AM EST)" in _answer(team)


@pytest.mark.db
def test_a_new_yorkers_friday_5pm_deadline_is_saved_at_once(team, world):
    _sdny(team, world, ("alice", "America/New_York"))
    reply = team.cmd("alice", "/deadline", "Opp brief Fri Dec 11 5pm")
    assert reply.json["blocks"][0].get("block_id") != QUESTION_BLOCK
    (task,) = tasks_of(world)
    assert task.due_at == datetime(2026, 12, 11, 17, 0, tzinfo=NY)


@pytest.mark.db
def test_task_due_to_friday_10pm_pacific_asks_about_the_court_day(team, world):
    _sdny(team, world, ("bob", "America/Los_Angeles"))
    team.cmd("bob", "/deadline", "Opp brief Fri Dec 4 1pm")
    reply = team.cmd("bob", "/task", "due 1 Fri Dec 11 10pm")
    said = json.dumps(reply.json)
    assert "is Sat Dec 12, 1:00 AM EST in the court's time zone" in said
    assert _labels(reply)[1] == "Use Mon Dec 14, 2026, 10:00 PM PST, the next court day"
    _click_as(team, world, "bob", _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(NY) == datetime(2026, 12, 15, 1, 0, tzinfo=NY)


@pytest.mark.db
def test_the_new_task_form_asks_about_the_court_day(team, world):
    world.clock.set(TUESDAY)
    team.slack.set_tz(team.ids["alice"], "America/Los_Angeles")
    out = io.StringIO()
    shell = Shell(world, out, echo=True)
    shell.run([":as alice", ":in #smith-v-jones"])
    shell.run(["/case new Smith v. Jones 2026-CV-0142", "/case set court SDNY", "/digest off"])
    shell.run(["/task", ':fill Kind="Court deadline" Due="12/11/2026 10pm"'])
    said = out.getvalue()
    assert "Due *Fri Dec 11, 2026, 10:00 PM PST (Sat Dec 12, 1:00 AM EST)*: the court is" in said
    shell.run([':submit Title="Opp brief" Kind="Court deadline" Due="12/11/2026 10pm"'])
    said = out.getvalue().split("Title=")[-1]
    assert "is Sat Dec 12, 1:00 AM EST in the court's time zone" in said and tasks_of(world) == []
    shell.run([':submit "Which day=Use Mon Dec 14, 2026, 10:00 PM PST, the next court day"'])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(NY) == datetime(2026, 12, 15, 1, 0, tzinfo=NY)


@pytest.mark.db
def test_a_reading_picked_for_task_due_asks_about_the_court_day(team, world):
    _sdny(team, world, ("bob", "America/Los_Angeles"))
    team.cmd("bob", "/deadline", "Opp brief Fri Dec 4 1pm")
    which = team.cmd("bob", "/task", "due 1 11/12 10pm")  # Nov 12, 2027 or Dec 11: buttons
    (dec11,) = [b for b in _buttons(which) if "Dec 11" in b["text"]["text"]]
    _click_as(team, world, "bob", dec11)
    said = _answer(team)
    assert "Fri Dec 11, 10:00 PM PST is Sat Dec 12, 1:00 AM EST in the court's time zone" in said
    (task,) = tasks_of(world)
    assert task.due_at is not None and task.due_at.astimezone(LA).day == 4  # not moved yet
    last = [m for m in team.slack.messages if m.kind == "ephemeral"][-1]
    _click_as(team, world, "bob", _buttons_in(last.blocks)[1])  # the question, as sent
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(NY) == datetime(2026, 12, 15, 1, 0, tzinfo=NY)
    moved = _answer(team)  # the worksheet says why a Friday moved
    assert "Fri Dec 11, 10:00 PM PST is Sat Dec 12, 1:00 AM EST in the court's time zone" in moved
    assert "Mon Dec 14, 2026, 10:00 PM PST (Tue Dec 15, 1:00 AM EST)" in moved


@pytest.mark.db
def test_a_next_court_day_closed_in_the_court_zone_is_passed_over(team, world):
    _sdny(team, world, ("liz", "Europe/London"))
    reply = team.cmd("liz", "/deadline", "Liz brief Sat Dec 12 2am")  # Fri 9:00 PM in New York
    said = json.dumps(reply.json)
    assert "Sat Dec 12, 2026 is a Saturday: the court is closed that day" in said
    # Mon Dec 14 2am London is Sun 9pm in New York: the next court day is Tuesday, as typed
    assert _labels(reply)[1] == "Use Tue Dec 15, 2026, 2:00 AM GMT, the next court day"
    _click_as(team, world, "liz", _buttons(reply)[1])
    (task,) = tasks_of(world)
    assert task.due_at is not None
    assert task.due_at.astimezone(NY) == datetime(2026, 12, 14, 21, 0, tzinfo=NY)
    assert "Mon Dec 14, 2026, 2:00 AM GMT is Sun Dec 13, 9:00 PM EST in the court's" in (
        _answer(team)
    )
