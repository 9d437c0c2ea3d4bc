"""/task list for a person, and what /task list or show say where they can't be used."""

from __future__ import annotations

import json

import pytest


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
