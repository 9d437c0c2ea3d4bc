"""A command word Docket doesn't have ("/task delete 1") is refused privately, never a title."""

from __future__ import annotations

import json

import pytest

from bot.vocab import TaskStatus
from tests.factories import tasks_of


@pytest.fixture
def case(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "draft brief")
    return team


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("delete 1", "/task cancel 1"),
        ("remove #1", "/task cancel 1"),
        ("complete 1", "/task done 1"),
        ("Close 1", "/task done 1"),
        ("finish task 1", "/task done 1"),
        ("edit 1", "/task due 1 Monday 9am"),
        ("rename 1", "/task assign 1 @bob"),
        ("move 1", "/task due 1 Monday 9am"),
        ("history", "/case history"),
        ("delete", "/task cancel N"),
        ("Complete", "`/task list` shows them"),
        ("history 1", "/task show 1"),
    ],
)
def test_a_mistyped_command_is_refused_privately_and_creates_nothing(case, text, right):
    start = len(case.slack.messages)
    reply = case.cmd("alice", "/task", text)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert "isn't a Docket command" in said and right in said
    assert case.slack.messages[start:] == []  # no card in the channel
    assert [(t.number, t.title, t.status) for t in tasks_of(case.world)] == [
        (1, "draft brief", TaskStatus.OPEN)
    ]


def test_the_suggested_command_works(case):
    reply = case.cmd("alice", "/task", "complete 1")
    example = reply.json["blocks"][-1]["elements"][0]["text"].split("`")[1]
    case.cmd("alice", "/task", example.removeprefix("/task "))
    assert tasks_of(case.world)[0].status == TaskStatus.DONE


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("close out discovery by Friday", "close out discovery"),
        ("Move to compel by Dec 8", "Move to compel"),
        ("Update client by Friday", "Update client"),
        ("Assign exhibits numbers by Dec 9", "Assign exhibits numbers"),
        ("Mark exhibits for trial", "Mark exhibits for trial"),
        ('"complete 1 the privilege log"', "complete 1 the privilege log"),
        # a number that counts things is part of the title (an everyday trial's false refusals)
        ("complete 2 interrogatory responses by Dec 10", "complete 2 interrogatory responses"),
        ("update 3 exhibits for trial by Friday", "update 3 exhibits for trial"),
        ("give 3 binders to chambers by Dec 9 noon", "give 3 binders to chambers"),
        ("mark 12 exhibits for identification by Dec 10", "mark 12 exhibits for identification"),
        ("extend 2 subpoena return dates by Friday", "extend 2 subpoena return dates"),
        ("move 2 depositions to January by Dec 4", "move 2 depositions to January"),
        ("log 3 calls in billing system by Friday", "log 3 calls in billing system"),
        ("close 3 open discovery requests by Dec 11", "close 3 open discovery requests"),
        ("update 40 pages of the brief", "update 40 pages of the brief"),
    ],
)
def test_a_title_that_starts_with_such_a_word_is_still_a_task(case, text, title):
    reply = case.cmd("alice", "/task", text)
    assert "Added task #2" in json.dumps(reply.json)
    assert tasks_of(case.world)[-1].title == title


@pytest.mark.parametrize(
    ("text", "right"),
    [
        ("mark done 1", "/task done 1"),
        ("mark 1 done", "/task done 1"),
        ("mark #1 as done", "/task done 1"),
        ("del 1", "/task cancel 1"),
        ("rm 1", "/task cancel 1"),
        ("reassign 1 @bob", "/task assign 1 @bob"),
        ("reschedule 1 Friday", "/task due 1 Friday"),
        ("move 1 to Friday", "/task due 1 Friday"),
        ("postpone #1 until Dec 9", "/task due 1 Dec 9"),
        ("edit 1 due Friday", "/task due 1 Friday"),
        ("complete 1 by Friday", "/task done 1"),
        ("complete 1 the privilege log", "/task done 1"),
        ("delete 1 by Friday", "/task cancel 1"),
        ("@bob delete 1", "/task cancel 1"),
    ],
)
def test_a_command_word_before_a_task_number_is_never_a_title(case, text, right):
    start = len(case.slack.messages)
    reply = case.cmd("alice", "/task", text)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert "isn't a Docket command" in said and f"`{right}`" in said
    assert case.slack.messages[start:] == []  # no card in the channel
    assert [(t.number, t.title, t.due_date) for t in tasks_of(case.world)] == [
        (1, "draft brief", None)
    ]
    example = reply.json["blocks"][-1]["elements"][0]["text"].split("`")[1]
    assert example == right
    again = json.dumps(case.cmd("alice", "/task", example.removeprefix("/task ")).json)
    assert "isn't a Docket command" not in again and "Added task" not in again
    assert len(tasks_of(case.world)) == 1


def test_reassign_runs_as_assign(case):
    reply = case.cmd("alice", "/task", "reassign 1 @bob")
    example = reply.json["blocks"][-1]["elements"][0]["text"].split("`")[1]
    case.cmd("alice", "/task", example.removeprefix("/task "))
    assert tasks_of(case.world)[0].assignee_id == case.ids["bob"]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("due diligence memo by Dec 15", "due diligence memo"),
        ("cancel the hotel for 2 nights by Friday", "cancel the hotel for 2 nights"),
        ("show exhibits to Alice by Dec 9", "show exhibits to Alice"),
        (
            "reopen the discussion with opposing counsel by Dec 3",
            "reopen the discussion with opposing counsel",
        ),
        ("snooze reminder emails by Dec 9", "snooze reminder emails"),
    ],
)
def test_a_real_command_word_opening_a_title_without_a_number_adds_the_task(case, text, title):
    reply = case.cmd("alice", "/task", text)
    assert "Added task #2" in json.dumps(reply.json), reply.json
    assert tasks_of(case.world)[-1].title == title


@pytest.mark.parametrize("text", ["due next Friday", "cancel all", "done", "show"])
def test_a_command_without_its_number_is_still_asked_for_it(case, text):
    start = len(case.slack.messages)
    reply = case.cmd("alice", "/task", text)
    assert reply.json["response_type"] == "ephemeral"
    assert "Added task" not in json.dumps(reply.json)
    assert case.slack.messages[start:] == [] and len(tasks_of(case.world)) == 1
