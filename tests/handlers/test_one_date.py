"""A date phrase is used whole or refused: "by Dec 7 or Dec 8" is two dates, nothing is created."""

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
    ("typed", "phrase", "example"),
    [
        (
            "@bob prepare exhibits by Dec 7 or Dec 8",
            "by Dec 7 or Dec 8",
            "/task @bob prepare exhibits by Dec 7",
        ),
        (
            "@bob prepare exhibits by Dec 7 and Dec 8",
            "by Dec 7 and Dec 8",
            "/task @bob prepare exhibits by Dec 7",
        ),
        (
            "prepare exhibits by Dec 7, or by Dec 8",
            "by Dec 7 or by Dec 8",
            "/task prepare exhibits by Dec 7",
        ),
        (
            "prepare exhibits by Friday or Monday",
            "by Friday or Monday",
            "/task prepare exhibits by Friday",
        ),
    ],
)
def test_two_dates_are_refused_with_the_command_to_type(team, world, typed, phrase, example):
    _setup(team, world)
    reply = team.cmd("alice", "/task", typed)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert f'I read \\"{phrase}\\" as more than one date' in said
    assert "Nothing was created" in said and f"`{example}`" in said
    assert tasks_of(world) == []
    again = team.cmd("alice", "/task", example.removeprefix("/task "))
    assert "Added task #1" in json.dumps(again.json)
    assert tasks_of(world)[0].title == "prepare exhibits"


@pytest.mark.db
def test_a_deadline_with_two_dates_is_refused_too(team, world):
    _setup(team, world)
    reply = team.cmd("alice", "/deadline", "Reply brief by Dec 7 or Dec 8")
    said = json.dumps(reply.json)
    assert "more than one date" in said and "`/deadline Reply brief by Dec 7`" in said
    assert tasks_of(world) == []


@pytest.mark.db
def test_a_title_cut_at_a_connective_is_refused_with_the_quotes_hint(team, world):
    _setup(team, world)
    reply = team.cmd("alice", "/task", "call Bob and Dec 8")
    said = json.dumps(reply.json)
    assert 'the words before it end with \\"and\\"' in said and "Nothing was created" in said
    assert tasks_of(world) == []


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "title", "due"),
    [
        (
            '"prepare exhibits by Dec 7 or" by Dec 8',
            "prepare exhibits by Dec 7 or",
            date(2026, 12, 8),
        ),
        ("file reply on or before Dec 8", "file reply", date(2026, 12, 8)),
        ("meet and confer by Friday", "meet and confer", date(2026, 12, 4)),
        ("hold the documents until Dec 8", "hold the documents", date(2026, 12, 8)),
    ],
)
def test_titles_with_such_words_are_kept(team, world, typed, title, due):
    _setup(team, world)
    reply = team.cmd("alice", "/task", typed)
    assert "Added task #1" in json.dumps(reply.json)
    (task,) = tasks_of(world)
    assert (task.title, task.due_date) == (title, due)


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "phrase", "example"),
    [
        ("Brief by Dec 7 / Dec 8", "by Dec 7 / Dec 8", "/task Brief by Dec 7"),
        ("Memo by Dec 7 and 8", "by Dec 7 and 8", "/task Memo by Dec 7"),
    ],
)
def test_a_slash_or_a_bare_day_between_dates_is_two_dates(team, world, typed, phrase, example):
    _setup(team, world)
    start = len(team.slack.messages)
    reply = team.cmd("alice", "/task", typed)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert f'I read \\"{phrase}\\" as more than one date' in said and f"`{example}`" in said
    assert tasks_of(world) == [] and team.slack.messages[start:] == []
    team.cmd("alice", "/task", example.removeprefix("/task "))
    (task,) = tasks_of(world)
    assert (task.title, task.due_date) == (typed.split()[0], date(2026, 12, 7))


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "title", "due"),
    [
        ("Brief by 12/7", "Brief", date(2026, 12, 7)),
        ("Review A / B split by Dec 8", "Review A / B split", date(2026, 12, 8)),
    ],
)
def test_a_slash_inside_a_date_or_a_title_is_kept(team, world, typed, title, due):
    _setup(team, world)
    assert "Added task #1" in json.dumps(team.cmd("alice", "/task", typed).json)
    (task,) = tasks_of(world)
    assert (task.title, task.due_date) == (title, due)


@pytest.mark.db
@pytest.mark.parametrize(
    ("phrase", "due"),
    [("on or before Dec 26", date(2026, 12, 26)), ("by Dec 9", date(2026, 12, 9))],
)
def test_task_due_reads_a_leading_keyword_as_deadline_does(team, world, phrase, due):
    _setup(team, world)
    team.cmd("alice", "/task", "Reply brief by Dec 4")
    reply = team.cmd("alice", "/task", f"due 1 {phrase}")
    assert "Moved #1" in json.dumps(reply.json)
    assert tasks_of(world)[0].due_date == due


@pytest.mark.db
@pytest.mark.parametrize(
    ("phrase", "example"),
    [("12/5 or 12/7", "/task due 1 12/5"), ("Dec 7 or Dec 8", "/task due 1 Dec 7")],
)
def test_task_due_with_two_dates_says_so_and_moves_nothing(team, world, phrase, example):
    _setup(team, world)
    team.cmd("alice", "/task", "Reply brief by Dec 4")
    reply = team.cmd("alice", "/task", f"due 1 {phrase}")
    said = json.dumps(reply.json)
    assert f'I read \\"{phrase}\\" as more than one date' in said and "Nothing changed." in said
    assert f"`{example}`" in said
    assert tasks_of(world)[0].due_date == date(2026, 12, 4)
    if example.endswith("Dec 7"):
        team.cmd("alice", "/task", example.removeprefix("/task "))
        assert tasks_of(world)[0].due_date == date(2026, 12, 7)


def _labels(reply) -> list[str]:
    blocks = reply.json.get("blocks", [])
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "ends"),
    [
        ("draft brief between Dec 7 and 8", ["Mon Dec 7", "Tue Dec 8"]),
        ("draft brief between Dec 7 and Dec 8", ["Mon Dec 7", "Tue Dec 8"]),
        ("draft brief from Dec 7 to Dec 8", ["Mon Dec 7", "Tue Dec 8"]),
        ("draft brief Dec 7-8", ["Mon Dec 7", "Tue Dec 8"]),
        ("draft brief Dec 7 through Dec 9", ["Mon Dec 7", "Wed Dec 9"]),
        ("draft brief Dec 7 to 9", ["Mon Dec 7", "Wed Dec 9"]),
        ("draft brief by Dec 7 thru 9", ["Mon Dec 7", "Wed Dec 9"]),
        ("draft brief 12/7-12/8", ["Mon Dec 7", "Tue Dec 8"]),
    ],
)
def test_a_range_asks_which_end_and_creates_nothing(team, world, typed, ends):
    _setup(team, world)
    start = len(team.slack.messages)
    reply = team.cmd("alice", "/task", typed)
    assert reply.json["response_type"] == "ephemeral"
    assert "is a range: is it due at its start or at its end?" in json.dumps(reply.json)
    assert _labels(reply) == ends
    assert tasks_of(world) == [] and team.slack.messages[start:] == []


@pytest.mark.db
def test_a_deadline_over_a_range_asks_too(team, world):
    _setup(team, world)
    reply = team.cmd("alice", "/deadline", "Reply brief between Dec 7 and 8")
    assert _labels(reply) == ["Mon Dec 7", "Tue Dec 8"] and tasks_of(world) == []


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "phrase", "example"),
    [
        ("draft brief Dec 7 or 8", "Dec 7 or 8", "/task draft brief by Dec 7"),
        ("draft brief Dec 7 and 8", "Dec 7 and 8", "/task draft brief by Dec 7"),
    ],
)
def test_two_dates_without_by_are_refused_too(team, world, typed, phrase, example):
    _setup(team, world)
    reply = team.cmd("alice", "/task", typed)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert f'I read \\"{phrase}\\" as more than one date' in said and f"`{example}`" in said
    assert tasks_of(world) == []


@pytest.mark.db
@pytest.mark.parametrize(
    ("typed", "title", "due"),
    [
        ("call between sessions by Dec 8", "call between sessions", date(2026, 12, 8)),
        ("memo from client by Friday", "memo from client", date(2026, 12, 4)),
        ("reply to Smith by Dec 8", "reply to Smith", date(2026, 12, 8)),
        ("split 2 to 3 exhibits by Dec 8", "split 2 to 3 exhibits", date(2026, 12, 8)),
    ],
)
def test_between_from_and_to_in_a_title_are_kept(team, world, typed, title, due):
    _setup(team, world)
    assert "Added task #1" in json.dumps(team.cmd("alice", "/task", typed).json)
    (task,) = tasks_of(world)
    assert (task.title, task.due_date) == (title, due)


@pytest.mark.db
@pytest.mark.parametrize(
    ("command", "typed", "named"),
    [
        ("/task", "prepare exhibits by Dec 7 or Dec 8", "Mon Dec 7 and Tue Dec 8"),
        ("/task", "Memo by Dec 7 and 8", "Mon Dec 7 and Tue Dec 8"),
        ("/task", "draft brief Dec 7 or 8", "Mon Dec 7 and Tue Dec 8"),
        ("/task", "due 1 Dec 7 or Dec 8", "Mon Dec 7 and Tue Dec 8"),
        ("/deadline", "Reply brief by Dec 10 or Dec 11", "Thu Dec 10 and Fri Dec 11"),
    ],
)
def test_two_dates_refused_are_named_as_understood(team, world, command, typed, named):
    _setup(team, world)
    if typed.startswith("due 1"):
        team.cmd("alice", "/task", "Reply brief by Dec 4")
    said = json.dumps(team.cmd("alice", command, typed).json)
    assert f"as more than one date ({named}), but" in said
