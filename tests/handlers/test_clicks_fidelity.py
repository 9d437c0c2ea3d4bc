"""Clicks as real Slack sends them: App Home (no response_url), Snooze on the channel card."""

from __future__ import annotations

from bot import blocks
from tests.handlers.test_actions import _buttons, _click, _setup, _task


def test_snooze_on_the_channel_card_answers_the_clicker(team):
    card, _ = _setup(team)
    before = len(team.slack.messages)
    assert _click(team, "bob", card, "Snooze 1 day").status == 200
    answers = [m for m in team.slack.messages_since(before) if m.kind == "ephemeral"]
    assert len(answers) == 1 and answers[0].user == team.ids["bob"]
    assert "Snoozed for a day" in answers[0].text
    assert _task(team.world).remind_at is not None


def test_a_home_click_has_no_response_url_and_redraws_the_tab(team, world):
    _setup(team)
    bob = team.ids["bob"]
    ref = f"{team.channel}:{_task(world).number}"
    done = {"action_id": blocks.DONE_ACTION, "value": ref, "block_id": "home_task_1"}
    home = type("Shown", (), {"view": {"id": "V1", "type": "home", "blocks": []}})
    before = len(world.slack.messages)
    reply = world.driver.block_action(
        user_id=bob,
        channel_id="",
        action_id=done["action_id"],
        value=done["value"],
        block_id=done["block_id"],
        view=home.view,
    )
    assert reply.status == 200
    assert _task(world).status == "done"
    kinds = [m.kind for m in world.slack.messages_since(before)]
    assert "home" in kinds and "error" not in kinds


def test_a_refused_home_click_is_told_by_dm(team, world):
    _setup(team)
    carol = world.slack.add_user("carol")
    task = _task(world)
    reply = world.driver.block_action(
        user_id=carol.id,
        channel_id="",
        action_id=blocks.DONE_ACTION,
        value=f"{team.channel}:{task.number}",
        block_id="b",
        view={"id": "V1", "type": "home", "blocks": []},
    )
    assert reply.status == 200
    (told,) = [m for m in world.slack.messages if m.user == carol.id]
    assert told.kind == "message" and told.channel.startswith("D")


def test_buttons_helper_is_shared(team):
    assert "Mark done" in _buttons(_setup(team)[0])
