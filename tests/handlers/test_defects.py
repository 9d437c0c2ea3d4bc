"""Defects real Slack exposes: where a case may live, who may be assigned, what an error says."""

from __future__ import annotations

import pytest

from bot.handlers import task as task_handler
from tests.handlers.conftest import Team


def test_case_new_is_refused_in_a_dm(world):
    team = Team(world)
    dm = world.slack.dm_channel(team.ids["alice"]).id
    reply = team.cmd("alice", "/case", "new Smith v. Jones", channel=dm)
    assert reply.status == 200 and "not a DM" in reply.json["text"]


def test_case_new_is_refused_where_docket_is_not_a_member(world):
    team = Team(world)
    world.slack.leave(world.slack.bot_user_id, team.channel)
    reply = team.cmd("alice", "/case", "new Smith v. Jones")
    assert "/invite @docket" in reply.json["text"]
    world.slack.join(world.slack.bot_user_id, team.channel)
    world.driver.event(
        {"type": "member_joined_channel", "user": world.slack.bot_user_id, "channel": team.channel}
    )
    assert "New case" in team.cmd("alice", "/case", "new Smith v. Jones").json["text"]


def test_an_app_cannot_be_assigned_a_task(world):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    world.slack.users["U0HELPERBOT"] = type(world.slack.user(team.ids["bob"]))(
        id="U0HELPERBOT", name="helperbot", is_bot=True
    )
    world.slack.join("U0HELPERBOT", team.channel)
    reply = team.cmd("alice", "/task", "@helperbot file the brief by Dec 10 5pm")
    assert "is an app, not a person" in reply.json["text"]
    reply = team.cmd("alice", "/task", "file the brief by Dec 10 5pm")
    assert "Added task #1" in reply.json["text"]
    reply = team.cmd("alice", "/task", "assign 1 @helperbot")
    assert "is an app, not a person" in reply.json["text"]


def test_an_error_after_the_task_was_saved_says_it_was_saved(world, monkeypatch):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")

    def broken(*args, **kwargs):
        raise RuntimeError("rendering broke")

    monkeypatch.setattr(task_handler.task_answers, "task_added", broken)
    reply = team.cmd("alice", "/task", "file the brief by Dec 10 5pm")
    assert reply.status == 200
    assert "I saved task #1" in reply.json["text"]
    assert "nothing was changed" not in reply.json["text"]


@pytest.mark.parametrize("reason", ["user_not_visible"])
def test_user_not_visible_is_not_called_a_deleted_account(reason):
    from bot.blocks.alerts import REASONS

    assert "no longer exists" not in REASONS[reason]
