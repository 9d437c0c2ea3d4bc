"""Buttons and the reassign modal, clicked through signed block_actions / view_submission."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta

from sqlmodel import Session, func, select

from bot import blocks
from bot.models import AuditEvent, Task


def _task(world) -> Task:
    with Session(world.engine) as s:
        return s.exec(select(Task)).one()


def _buttons(message) -> dict[str, dict]:
    return {
        e["text"]["text"]: e
        for b in message.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


def _click(team, name, message, label, *, trigger_id=None, retry_num=None):
    button = _buttons(message)[label]
    return team.world.driver.block_action(
        user_id=team.ids[name],
        channel_id=message.channel,
        action_id=button["action_id"],
        value=button.get("value"),
        block_id=blocks.TASK_ACTIONS_BLOCK,
        message={"ts": message.ts, "text": message.text, "blocks": message.blocks},
        container={
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": False,
        },
        retry_num=retry_num,
    )


def _setup(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/task", "@bob draft brief by Dec 11 5pm")
    card = next(m for m in team.slack.messages if m.channel == team.channel and m.kind == "message")
    dm = next(m for m in team.slack.messages if m.channel.startswith("D"))
    return card, dm


def test_mark_done_on_the_card_updates_it_in_place(team):
    card, _ = _setup(team)
    start = len(team.slack.messages)
    assert _click(team, "bob", card, "Mark done").status == 200
    updates = [m for m in team.slack.messages[start:] if m.kind == "update"]
    on_card = [m for m in updates if m.channel == team.channel]
    assert len(on_card) == 1 and on_card[0].ts == card.ts
    assert list(_buttons(on_card[0])) == ["Reopen", "Open case"]
    (in_dm,) = [m for m in updates if m.channel.startswith("D")]  # the delegation DM follows
    assert list(_buttons(in_dm)) == ["Reopen", "Open case"]
    assert _task(team.world).status == "done"


def test_accept_from_the_dm_tells_the_thread_and_redraws_the_dm(team):
    card, dm = _setup(team)
    start = len(team.slack.messages)
    _click(team, "bob", dm, "Accept")
    new = team.slack.messages[start:]
    thread = [m for m in new if m.thread_ts == card.ts]
    assert len(thread) == 1 and "accepted #1" in thread[0].text
    redrawn = [m for m in new if m.kind == "update" and m.ts == dm.ts]
    assert redrawn and "Accept" not in _buttons(redrawn[-1])
    assert _task(team.world).accepted_at is not None


def test_a_click_by_someone_not_allowed_is_explained_privately(team):
    card, _ = _setup(team)
    carol = team.slack.add_user("carol")
    team.slack.join(carol.id, team.channel)
    team.ids["carol"] = carol.id
    start = len(team.slack.messages)
    _click(team, "carol", card, "Mark done")
    (answer,) = team.slack.messages[start:]
    assert answer.kind == "ephemeral" and answer.user == carol.id and "Only" in answer.text
    assert _task(team.world).status == "open"


def test_snooze_moves_the_reminder_not_the_due_date(team):
    card, _ = _setup(team)
    due = _task(team.world).due_at
    _click(team, "bob", card, "Snooze 1 day")
    task = _task(team.world)
    assert task.due_at == due
    assert task.remind_at - team.world.clock.now() == timedelta(days=1)


def test_retried_click_changes_once(team):
    card, _ = _setup(team)
    button = _buttons(card)["Mark done"]
    for retry in (None, 1, 2):
        reply = team.world.driver.block_action(
            user_id=team.ids["bob"],
            channel_id=card.channel,
            action_id=button["action_id"],
            value=button["value"],
            block_id="b",
            message={"ts": card.ts},
            container={"type": "message", "message_ts": card.ts, "channel_id": card.channel},
            retry_num=retry,
            trigger_id="click-1",
        )
        assert reply.status == 200
    with Session(team.world.engine) as s:
        done = s.exec(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "task.done")
        ).one()
    assert done == 1
    assert not [m for m in team.slack.messages if m.kind == "ephemeral" and "already" in m.text]


def test_reassign_opens_a_modal_and_the_submission_reassigns(team):
    card, _ = _setup(team)
    carol = team.slack.user(team.join("carol"))
    _click(team, "alice", card, "Reassign")
    modal = next(m for m in reversed(team.slack.messages) if m.kind == "modal")
    view = modal.view
    assert view["callback_id"] == blocks.REASSIGN_VIEW
    values = {
        blocks.REASSIGN_USER_BLOCK: {
            blocks.REASSIGN_USER_ACTION: {"type": "users_select", "selected_user": carol.id}
        }
    }
    start = len(team.slack.messages)
    reply = team.world.driver.view_submission(user_id=team.ids["alice"], view=view, values=values)
    assert reply.status == 200
    assert _task(team.world).assignee_id == carol.id
    dms = {m.user for m in team.slack.messages[start:] if m.channel.startswith("D")}
    assert dms == {team.ids["bob"], carol.id}


def test_reassign_to_an_outsider_shows_the_error_in_the_modal(team):
    card, _ = _setup(team)
    outsider = team.slack.add_user("mallory")
    _click(team, "alice", card, "Reassign")
    view = next(m for m in reversed(team.slack.messages) if m.kind == "modal").view
    values = {
        blocks.REASSIGN_USER_BLOCK: {
            blocks.REASSIGN_USER_ACTION: {"type": "users_select", "selected_user": outsider.id}
        }
    }
    reply = team.world.driver.view_submission(user_id=team.ids["alice"], view=view, values=values)
    assert reply.json["response_action"] == "errors"
    said = json.dumps(reply.json["errors"])
    assert "not in this channel" in said
    assert "<@" not in said and "@mallory" in said  # modal errors are plain text: names, not ids
    assert _task(team.world).assignee_id == team.ids["bob"]


def test_bot_removed_or_channel_archived_is_reported_not_lost(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.slack.leave(team.slack.bot_user_id, team.channel)
    reply = team.cmd("alice", "/task", "file it")
    # the ack only knows it saved the task; the refusal comes after it, by DM to alice
    assert reply.status == 200 and "Added task #1" in json.dumps(reply.json)
    told = [m.text for m in _dms_to(team, "alice")]
    assert any("#1 file it" in t and "/invite @docket" in t for t in told)
    team.slack.join(team.slack.bot_user_id, team.channel)
    team.slack.archive(team.channel)
    reply = team.cmd("alice", "/task", "file another")
    assert reply.status == 200 and "Added task #2" in json.dumps(reply.json)
    told = [m.text for m in _dms_to(team, "alice")]
    assert any("#2 file another" in t and "archived" in t for t in told)


def _dms_to(team, name):
    """Messages in the user's DM with Docket."""
    found = []
    for message in team.slack.messages:
        channel = team.slack.channel(message.channel)
        if channel is not None and channel.is_im and channel.user == team.ids[name]:
            found.append(message)
    return found


def test_reopen_and_open_case_buttons(team):
    card, _ = _setup(team)
    _click(team, "bob", card, "Mark done")
    done_card = [m for m in team.slack.messages if m.kind == "update" and m.ts == card.ts][-1]
    assert _click(team, "bob", done_card, "Open case").status == 200
    _click(team, "bob", done_card, "Reopen")
    assert _task(team.world).status == "open"


def test_two_clicks_on_one_date_question_add_one_task(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    asked = team.cmd("alice", "/task", "@bob file the brief by 7/12").json
    assert asked is not None
    buttons = [e for b in asked["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) >= 2, asked  # a question: which 7/12 was meant
    for trigger, button in (("t-1", buttons[0]), ("t-2", buttons[0]), ("t-3", buttons[1])):
        reply = team.world.driver.block_action(
            user_id=team.ids["alice"],
            channel_id=team.channel,
            action_id=button["action_id"],
            value=button["value"],
            block_id=blocks.QUESTION_BLOCK,
            message={"ts": "1.0", "blocks": asked["blocks"]},
            container={"type": "message", "channel_id": team.channel, "is_ephemeral": True},
            trigger_id=trigger,
        )
        assert reply.status == 200
    with Session(team.world.engine) as s:
        assert s.exec(select(func.count()).select_from(Task)).one() == 1
    cards = [m for m in team.slack.messages if m.channel == team.channel and m.kind == "message"]
    assert len(cards) == 1
    assert len([m for m in team.slack.messages if m.channel.startswith("D")]) == 1


def test_a_refused_card_is_told_once_to_a_lead_who_added_it(team):
    team.cmd("alice", "/case", "new Smith v. Jones")  # alice is the lead
    team.slack.inject("chat.postMessage", error="not_in_channel")
    team.cmd("alice", "/task", "draft brief by Dec 30")
    alice_dms = [
        m for m in team.slack.messages if m.channel.startswith("D") and m.user == team.ids["alice"]
    ]
    assert len(alice_dms) == 1, [m.text for m in alice_dms]
    assert "/invite @docket" in alice_dms[0].text


def test_the_reassign_form_names_the_task_whatever_message_it_was_clicked_on(team):
    card, _ = _setup(team)
    reply_like = replace(card, text="Added task #1 for 1 assignee(s).")  # e.g. a thread reply
    _click(team, "alice", reply_like, "Reassign")
    view = next(m for m in reversed(team.slack.messages) if m.kind == "modal").view
    shown = json.dumps(view["blocks"])
    assert "#1 draft brief" in shown and "assignee(s)" not in shown
