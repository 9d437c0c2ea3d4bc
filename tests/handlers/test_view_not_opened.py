"""Snooze, Reassign and Make a task's notice that Slack won't open: said privately, with the
command that does the same; one WARNING line, no traceback (as New task's, test_form_not_opened)."""

from __future__ import annotations

import json
import logging

import pytest

from bot import blocks


@pytest.fixture
def case(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "@bob draft brief by Friday")
    return team


def _button(shown: list[dict], action_id: str) -> tuple[dict, str]:
    for block in shown:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element.get("action_id") == action_id:
                return element, block.get("block_id", "")
    raise AssertionError(f"no {action_id} button")


def _not_opened(caplog, what: str) -> None:
    """One WARNING naming what wasn't opened and Slack's error, and no traceback anywhere."""
    (logged,) = [r for r in caplog.records if "not opened" in r.getMessage()]
    assert logged.levelno == logging.WARNING and logged.exc_info is None
    assert logged.getMessage() == f"{what} not opened: fatal_error"
    assert not any(r.exc_info for r in caplog.records)


def test_reassign_on_a_card_says_so_in_the_channel_with_the_command(case, world, caplog):
    alice = case.ids["alice"]
    card = next(
        m for m in world.slack.messages if m.kind == "message" and m.channel == case.channel
    )
    button, block = _button(card.blocks, blocks.REASSIGN_ACTION)
    world.slack.inject("views.open", status=500, error="fatal_error")
    start = len(world.slack.messages)
    with caplog.at_level(logging.INFO):
        world.driver.block_action(
            user_id=alice,
            channel_id=case.channel,
            action_id=button["action_id"],
            value=button["value"],
            block_id=block,
            message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
        )
    sent = world.slack.messages[start:]
    assert [(m.kind, m.channel, m.user) for m in sent] == [("ephemeral", case.channel, alice)]
    assert "couldn't open the Reassign form" in sent[0].text and "#1 is still with" in sent[0].text
    assert "`/task assign 1 @name`" in json.dumps(sent[0].blocks)
    _not_opened(caplog, "reassign form")


def test_snooze_on_the_home_tab_says_so_by_dm_with_a_command_that_works(case, world, caplog):
    bob = case.ids["bob"]
    dm = world.slack.dm_channel(bob).id
    world.driver.event({"type": "app_home_opened", "user": bob, "tab": "home"})
    home = [m for m in world.slack.messages if m.kind == "home" and m.user == bob][-1]
    button, block = _button(home.view["blocks"], blocks.SNOOZE_OPEN_ACTION)
    world.slack.inject("views.open", status=500, error="fatal_error")
    start = len(world.slack.messages)
    with caplog.at_level(logging.INFO):
        world.driver.block_action(
            user_id=bob,
            channel_id=dm,
            action_id=button["action_id"],
            value=button["value"],
            block_id=block,
            view=home.view,
        )
    sent = [m for m in world.slack.messages[start:] if m.kind != "home"]
    assert [(m.kind, m.channel) for m in sent] == [("message", dm)]
    said = sent[0].text
    assert "couldn't open the Snooze form" in said and f"<#{case.channel}>" in said
    assert "/task snooze 1 tomorrow 9am" in said
    _not_opened(caplog, "snooze form")
    typed = case.cmd("bob", "/task", "snooze 1 tomorrow 9am")  # the example, where it says
    assert "Next reminder" in json.dumps(typed.json)


def test_make_a_task_notice_that_wont_open_is_said_in_the_channel(team, world, caplog):
    alice = team.ids["alice"]  # the channel has no case yet: the notice says so
    world.slack.inject("views.open", status=500, error="fatal_error")
    start = len(world.slack.messages)
    with caplog.at_level(logging.INFO):
        world.driver.shortcut(
            user_id=alice,
            callback_id=blocks.MAKE_TASK_SHORTCUT,
            channel_id=team.channel,
            message={"ts": "1764900000.000100", "text": "draft brief by Friday", "user": alice},
        )
    sent = world.slack.messages[start:]
    assert [(m.kind, m.channel, m.user) for m in sent] == [("ephemeral", team.channel, alice)]
    assert "isn't linked to a case yet" in sent[0].text and "/case new" in sent[0].text
    _not_opened(caplog, "make-a-task notice")


def test_new_task_for_someone_in_no_case_says_that_not_type_it_in_the_case(world, caplog):
    carol = world.slack.add_user("carol").id
    world.slack.inject("views.open", status=500, error="fatal_error")
    start = len(world.slack.messages)
    with caplog.at_level(logging.INFO):
        world.driver.shortcut(user_id=carol, callback_id=blocks.NEW_TASK_SHORTCUT)
    sent = world.slack.messages[start:]
    assert [(m.kind, m.channel) for m in sent] == [("message", world.slack.dm_channel(carol).id)]
    assert "not in any case channel yet" in sent[0].text and "/case new" in sent[0].text
    _not_opened(caplog, "task form")


def test_reassign_clicked_by_someone_no_longer_in_the_channel_is_refused_not_opened(case, world):
    alice = case.ids["alice"]
    card = next(
        m for m in world.slack.messages if m.kind == "message" and m.channel == case.channel
    )
    button, block = _button(card.blocks, blocks.REASSIGN_ACTION)
    world.slack.leave(alice, case.channel)  # e.g. the lead left and clicks an old DM's button
    world.driver.event(
        {"type": "member_left_channel", "user": alice, "channel": case.channel, "channel_type": "C"}
    )
    opened = len([c for c in world.slack.calls if c[0] == "views.open"])
    start = len(world.slack.messages)
    world.driver.block_action(
        user_id=alice,
        channel_id=world.slack.dm_channel(alice).id,
        action_id=button["action_id"],
        value=button["value"],
        block_id=block,
        message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
    )
    assert len([c for c in world.slack.calls if c[0] == "views.open"]) == opened  # no form
    (told,) = world.slack.messages[start:]  # privately, to alice alone
    assert told.kind in ("ephemeral", "message") and told.user == alice
    assert "only members" in (told.text + json.dumps(told.blocks)).lower()
