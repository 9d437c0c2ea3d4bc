"""Refusals: what cannot be used whole is answered privately and creates nothing."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from bot.models import Case
from tests.factories import tasks_of


def _text(reply) -> str:
    return json.dumps(reply.json)


@pytest.fixture
def case(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "draft brief")
    team.cmd("alice", "/task", "call client")
    return team


@pytest.mark.parametrize(
    "text", ["done -1", "done 99999999999999999999", "cancel 1.5", "done one", "reopen 0",
             "show #9", "due x Monday", "snooze 1.5 tomorrow", "assign -2 @bob"],
)  # fmt: skip
def test_a_subcommand_without_a_valid_number_creates_nothing_and_gives_the_range(case, text):
    start = len(case.slack.messages)
    reply = case.cmd("alice", "/task", text)
    verb = text.split()[0]
    assert "from 1 to 2" in _text(reply) and f"/task {verb}" in _text(reply)
    assert len(tasks_of(case.world)) == 2 and case.slack.messages[start:] == []


def test_an_unknown_name_is_named_and_nothing_is_created(case):
    reply = case.cmd("alice", "/task", "@bobb pull the transcripts by friday")
    assert "@bobb" in _text(reply) and "don't know" in _text(reply)
    assert len(tasks_of(case.world)) == 2


def test_assigning_to_an_unknown_name_says_so(case):
    reply = case.cmd("alice", "/task", "assign 1 @bobb")
    assert "@bobb" in _text(reply) and "don't know" in _text(reply)
    assert tasks_of(case.world)[0].assignee_id == case.ids["alice"]


def test_a_past_court_phrase_under_deadline_creates_nothing(case, world):
    world.clock.set(world.clock.now().replace(year=2027))
    reply = case.cmd("alice", "/deadline", "Reply 14 days after Nov 1")
    assert "in the past" in _text(reply) and "/deadline" in _text(reply)
    reply = case.cmd("alice", "/deadline", "21 days after service on Dec 1")
    assert "no title" in _text(reply)
    assert len(tasks_of(case.world)) == 2


def test_25_oclock_is_refused(case):
    reply = case.cmd("alice", "/task", "call client by today 25:00")
    assert "25:00" in _text(reply) and len(tasks_of(case.world)) == 2


def test_a_trailing_date_without_by_is_echoed(case):
    reply = case.cmd("alice", "/task", "draft brief within 30 days")
    assert "Thu Dec 31" in _text(reply)
    assert tasks_of(case.world)[-1].title == "draft brief"


def test_list_overdue_says_overdue_once(case, world):
    case.cmd("alice", "/task", "file the notice by today 11am")
    world.clock.set(datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("America/New_York")))
    shown = json.dumps(case.cmd("alice", "/task", "list overdue").json["blocks"])
    assert shown.count("Overdue") == 1 and "file the notice" in shown


def test_matter_everyone_is_refused(case):
    reply = case.cmd("alice", "/case", "set matter @everyone")
    assert "matter number" in _text(reply).lower() and "everyone" not in _case_matter(case)


def _case_matter(team) -> str:
    with Session(team.world.engine) as s:
        return s.exec(select(Case)).one().matter_number or ""


@pytest.mark.parametrize(
    ("command", "text", "example"),
    [
        ("/task", "due 1 the 45th of Smarch", "/task due 1 Monday 9am"),
        ("/task", "snooze 1 the 45th of Smarch", "/task snooze 1 tomorrow 9am"),
        ("/task", "due 2 the 45th of Smarch", "/task due 2 Monday 9am"),
        ("/deadline", "Reply brief 21 days after the 45th of Smarch", "/deadline Answer"),
    ],
)
def test_a_date_error_comes_with_its_own_commands_example(case, command, text, example):
    reply = _text(case.cmd("alice", command, text))
    assert f"Try: `{example}" in reply and len(tasks_of(case.world)) == 2


@pytest.mark.db
def test_a_date_error_gives_an_example_on_the_task_typed_and_it_works(case, world):
    reply = _text(case.cmd("alice", "/task", "due 2 the 45th of Smarch"))
    assert "I could not read" in reply and "Try: `/task due 2 Monday 9am`" in reply
    assert "due 3" not in reply and [t.due_at for t in tasks_of(case.world)] == [None, None]
    reply = _text(case.cmd("alice", "/task", "snooze 1 yesterday 9am"))
    assert "`/task snooze 1 tomorrow 9am`" in reply and "snooze 3" not in reply
    case.cmd("alice", "/task", "done 1")  # a closed task: the example uses one still open
    reply = _text(case.cmd("alice", "/task", "due 1 the 45th of Smarch"))
    assert "Try: `/task due 2 Monday 9am`" in reply
    case.cmd("alice", "/task", "due 2 Monday 9am")  # the example works
    moved = tasks_of(case.world)[1].due_at
    assert moved is not None and moved.isoformat() == "2026-12-07T14:00:00+00:00"


@pytest.mark.parametrize("text", ["done 1 2", "cancel 2 please", "show 1 2", "reopen 1 extra"])
def test_a_change_with_words_after_its_number_changes_nothing(case, text):
    reply = case.cmd("alice", "/task", text)
    assert "takes one task number" in _text(reply) and "Nothing was changed" in _text(reply)
    assert [t.status for t in tasks_of(case.world)] == ["open", "open"]
    assert len(tasks_of(case.world)) == 2


@pytest.mark.db
def test_a_number_past_the_only_task_names_it_and_the_example_works(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "draft brief")
    reply = _text(team.cmd("alice", "/task", "done 2"))
    assert "There is no task #2" in reply and "#1, the only task" in reply
    assert "Try: `/task done 1`" in reply and "/task done 3" not in reply
    team.cmd("alice", "/task", "done 1")  # the example works
    assert [t.status for t in tasks_of(team.world)] == ["done"]


@pytest.mark.db
def test_a_missing_number_names_the_tasks_the_verb_can_act_on(case):
    case.cmd("alice", "/task", "done 1")
    reply = _text(case.cmd("alice", "/task", "cancel 7"))
    assert "Open now: #2." in reply and "Try: `/task cancel 2`" in reply
    reply = _text(case.cmd("alice", "/task", "reopen 7"))
    assert "Closed now: #1." in reply and "Try: `/task reopen 1`" in reply
    reply = _text(case.cmd("alice", "/task", "due 7 Friday"))
    assert "Try: `/task due 2 Monday 9am`" in reply
    reply = _text(case.cmd("alice", "/task", "due 2"))
    assert "Try: `/task due 2 Monday 9am`" in reply
    case.cmd("alice", "/task", "done 2")
    reply = _text(case.cmd("alice", "/task", "done 7"))
    assert "No task is open now." in reply and "Try: `/task list`" in reply
    assert [t.status for t in tasks_of(case.world)] == ["done", "done"]


@pytest.mark.db
def test_a_number_in_a_case_without_tasks_suggests_adding_one(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    reply = _text(team.cmd("alice", "/task", "done 2"))
    assert "no tasks yet" in reply and "Try: `/task draft motion" in reply
    assert tasks_of(team.world) == []


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("snooze 1 tomorrow", "/task snooze 1 tomorrow 9am"),  # was a deadline "snooze", 1 PM
        ("due 1 Dec 14", "/task due 1 Monday 9am"),
        ("done #1", "/task done 1"),
        ("assign 1 @bob", "/task assign 1 @bob"),
        ("list", "/task list"),
        ("list overdue", "/task list"),
    ],
)
def test_a_task_command_typed_as_deadline_points_to_task_and_adds_nothing(
    case, world, text, example
):
    reply = case.cmd("alice", "/deadline", text)
    said = _text(reply)
    assert reply.json["response_type"] == "ephemeral"
    assert "Court deadlines are listed and changed with `/task`" in said
    assert f"Try: `{example}`" in said and "Nothing was created" in said
    assert len(tasks_of(world)) == 2


def test_a_deadline_title_opening_with_a_command_word_is_still_a_deadline(case, world):
    case.cmd("alice", "/deadline", "show cause brief Dec 10")
    assert [t.title for t in tasks_of(world)][-1] == "show cause brief"
