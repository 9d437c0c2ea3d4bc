"""/task list for a person, and what /task list or show say where they can't be used."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from tests.factories import tasks_of


@pytest.fixture
def case(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "@bob draft brief by Friday")
    return team


def test_the_person_listed_is_a_mention_in_the_heading(case):
    bob = case.ids["bob"]
    reply = case.cmd("alice", "/task", "list @bob")
    heading = reply.json["blocks"][0]["text"]["text"]
    assert heading == f"*Open tasks in Smith v. Jones for <@{bob}>* (1)"
    assert f"for <@{bob}>" in reply.json["text"] and "&lt;@" not in json.dumps(reply.json)


def test_nobody_open_still_names_the_person(case):
    alice = case.ids["alice"]
    reply = case.cmd("alice", "/task", "list @alice")
    assert reply.json["blocks"][0]["text"]["text"].startswith(
        f"*Open tasks in Smith v. Jones for <@{alice}>*\nNothing open"
    )


@pytest.mark.parametrize("text", ["list", "show 1", "list overdue", "done 1"])
def test_in_the_dm_a_case_command_suggests_list_mine_not_an_invite(case, world, text):
    dm = world.slack.dm_channel(case.ids["bob"]).id
    said = json.dumps(case.cmd("bob", "/task", text, channel=dm).json)
    assert "/task list mine" in said and "case's channel" in said and "/invite" not in said


def test_list_mine_in_the_dm_lists_them(case, world):
    dm = world.slack.dm_channel(case.ids["bob"]).id
    said = json.dumps(case.cmd("bob", "/task", "list mine", channel=dm).json)
    assert "draft brief" in said


def test_listing_someone_not_in_the_channel_says_so(case, world):
    carol = world.slack.add_user("carol").id  # in the workspace, not in #smith-v-jones
    case.ids["carol"] = carol
    reply = case.cmd("alice", "/task", "list @carol")
    said = reply.json["blocks"][0]["text"]["text"]
    assert f"<@{carol}> is not a member of this case's channel" in said
    assert "Nothing open" not in said


def test_listing_someone_who_left_with_open_tasks_lists_them_and_says_so(case, world):
    world.slack.leave(case.ids["bob"], case.channel)
    world.driver.event(
        {"type": "member_left_channel", "user": case.ids["bob"], "channel": case.channel}
    )
    said = json.dumps(case.cmd("alice", "/task", "list @bob").json)
    assert "draft brief" in said and "is not a member of this case's channel" in said
    assert "/task assign 1" in said


@pytest.mark.parametrize(
    "text", ["", "history", "export", "close", "rename Smith", "set lead @alice", "calendar"]
)
def test_in_the_dm_a_case_command_says_it_is_no_cases_channel(case, world, text):
    dm = world.slack.dm_channel(case.ids["bob"]).id
    said = json.dumps(case.cmd("bob", "/case", text, channel=dm).json)
    assert "no case here" in said and "case's channel" in said
    assert "`/case list`" in said and "`/task list mine`" in said
    assert "/invite" not in said and "/case new" not in said


def test_case_list_in_the_dm_lists_them(case, world):
    dm = world.slack.dm_channel(case.ids["bob"]).id
    said = json.dumps(case.cmd("bob", "/case", "list", channel=dm).json)
    assert "Your open cases (1)" in said and "Smith v. Jones" in said


def _count(case) -> int:
    from sqlmodel import Session, func, select

    from bot.models import Task

    with Session(case.world.engine) as s:
        return s.exec(select(func.count()).select_from(Task)).one()


@pytest.mark.db
@pytest.mark.parametrize("typed", ["list bob", "list Bob"])
def test_a_known_name_typed_without_the_at_lists_that_person(case, typed):
    start = len(case.slack.messages)
    reply = case.cmd("alice", "/task", typed)
    heading = reply.json["blocks"][0]["text"]["text"]
    assert heading == f"*Open tasks in Smith v. Jones for <@{case.ids['bob']}>* (1)"
    assert _count(case) == 1 and case.slack.messages[start:] == []


@pytest.mark.db
def test_an_unknown_name_after_list_is_refused_with_the_at_form(case):
    start = len(case.slack.messages)
    reply = case.cmd("alice", "/task", "list pat")
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert "I don't know anyone called @pat here" in said and "`/task list @pat`" in said
    assert '/task \\"list pat\\"' in said
    nobody = json.dumps(case.cmd("alice", "/task", "list @nobody").json)
    assert "anyone called @nobody" in nobody and "Try: `/task list`" in nobody
    assert _count(case) == 1 and case.slack.messages[start:] == []
    case.join("pat")
    case.cmd("pat", "/task", "list")  # pat is known to Docket from here on
    listed = case.cmd("alice", "/task", "list @pat")  # the example, picked from the @ list
    assert f"for <@{case.ids['pat']}>" in listed.json["blocks"][0]["text"]["text"]


@pytest.mark.db
@pytest.mark.parametrize("typed", ['"list pat"', "list exhibits for trial by Friday"])
def test_a_title_starting_with_list_is_still_a_task(case, typed):
    reply = case.cmd("alice", "/task", typed)
    assert "Added task #2" in json.dumps(reply.json)


def _overdue_and_later(case, world):
    case.cmd("alice", "/task", "@bob file the stipulation by Dec 1 10am")  # now is Dec 1 9:00
    case.cmd("alice", "/task", "@alice my own memo by Dec 1 11am")
    world.clock.advance(timedelta(hours=3))  # both are overdue now; the brief (#1) is not


@pytest.mark.parametrize("text", ["list overdue @bob", "list @bob overdue"])
def test_list_overdue_for_a_person_keeps_both_narrowings(case, world, text):
    _overdue_and_later(case, world)
    said = json.dumps(case.cmd("alice", "/task", text).json)
    assert "Overdue tasks in Smith v. Jones for" in said
    assert "file the stipulation" in said
    assert "draft brief" not in said and "my own memo" not in said


@pytest.mark.parametrize("text", ["list mine overdue", "list overdue mine"])
def test_list_mine_overdue_lists_only_my_overdue_ones_and_adds_nothing(case, world, text):
    _overdue_and_later(case, world)
    said = json.dumps(case.cmd("bob", "/task", text).json)
    assert "Your overdue tasks" in said and "file the stipulation" in said
    assert "draft brief" not in said
    assert len(tasks_of(world)) == 3


@pytest.mark.parametrize(
    ("text", "word"),
    [("list done", "done"), ("list this week", "this week"), ("list deadlines", "deadlines")],
)
def test_a_list_docket_does_not_make_is_refused_with_a_list_that_works(case, world, text, word):
    reply = case.cmd("alice", "/task", text)
    said = json.dumps(reply.json)
    assert reply.json["response_type"] == "ephemeral"
    assert f"I can't list \\u201c{word}\\u201d" in said and "`/task list overdue`" in said
    assert "@done" not in said and "Which day" not in said
    assert len(tasks_of(world)) == 1


def test_list_all_is_the_list(case):
    said = json.dumps(case.cmd("alice", "/task", "list all").json)
    assert "Open tasks in Smith v. Jones" in said and "draft brief" in said


def test_a_title_that_starts_with_list_is_still_a_task(case, world):
    case.cmd("alice", "/task", "list exhibits for trial by Friday")
    assert [t.title for t in tasks_of(world)] == ["draft brief", "list exhibits for trial"]
