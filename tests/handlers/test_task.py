"""/task and /deadline end to end: signed commands in, what Slack received out."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import Session, func, select

from bot.models import AuditEvent, Outbox
from tests.factories import tasks_of


def _count(world, model, *where) -> int:
    with Session(world.engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()


def _text(reply) -> str:
    return json.dumps(reply.json)


def _since(team, start):
    return team.slack.messages[start:]


def _open(team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")


def test_delegated_task_posts_card_dms_assignee_in_their_zone_and_echoes(team):
    team.slack.set_tz(team.ids["bob"], "America/Los_Angeles")
    _open(team)
    start = len(team.slack.messages)
    reply = team.cmd("alice", "/task", "@bob draft motion to compel by Dec 11 5pm")
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert "Fri Dec 11, 2026, 5:00 PM EST" in _text(reply)
    sent = _since(team, start)
    card = [m for m in sent if m.channel == team.channel and m.kind == "message"]
    dm = [m for m in sent if m.channel.startswith("D")]
    assert len(card) == 1 and "draft motion to compel" in json.dumps(card[0].blocks)
    assert len(dm) == 1 and "2:00 PM PST" in json.dumps(dm[0].blocks)
    labels = [
        e["text"]["text"] for b in dm[0].blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert labels == ["Accept", "Mark done", "Open case"]
    (task,) = tasks_of(team.world)
    assert (task.number, task.assignee_id, task.all_day) == (1, team.ids["bob"], False)
    assert task.card_ts == card[0].ts
    assert _count(team.world, AuditEvent, AuditEvent.action == "task.create") == 1


def test_several_assignees_make_one_task_each(team):
    team.slack.add_user("carol")
    team.slack.join(team.slack.user_by_name("carol").id, team.channel)
    _open(team)
    reply = team.cmd("alice", "/task", "@bob @carol review exhibits")
    assert "#1, #2" in _text(reply)
    assert [t.assignee_id for t in tasks_of(team.world)] == [
        team.ids["bob"],
        team.slack.user_by_name("carol").id,
    ]


def test_no_assignee_means_the_requester_and_no_date_is_fine(team):
    _open(team)
    start = len(team.slack.messages)
    reply = team.cmd("alice", "/task", "call the clerk")
    assert "no due date" in _text(reply)
    (task,) = tasks_of(team.world)
    assert task.assignee_id == team.ids["alice"] and task.due_at is None
    assert not [m for m in _since(team, start) if m.channel.startswith("D")]


def test_title_is_stored_exactly_as_typed(team):
    _open(team)
    title = 'review "exhibits" & <docs> *now* _x_ ~y~ `z` 🚀 ünïcode'
    team.cmd("alice", "/task", title)
    assert tasks_of(team.world)[0].title == title


def test_mentioning_a_non_member_creates_nothing(team):
    outsider = team.slack.add_user("mallory")
    _open(team)
    reply = team.cmd("alice", "/task", "@mallory draft brief by Dec 11")
    assert reply.json["response_type"] == "ephemeral" and "not in this channel" in _text(reply)
    assert "/invite" in _text(reply) and tasks_of(team.world) == []
    assert not [m for m in team.slack.messages if m.user == outsider.id]


def test_a_deleted_user_gets_a_clear_answer(team):
    _open(team)
    team.slack.delete_user(team.ids["bob"])
    reply = team.cmd("alice", "/task", "@bob draft brief")
    assert "no longer exists" in _text(reply) and tasks_of(team.world) == []


def test_ambiguous_date_asks_and_the_pick_creates_the_task(team, world):
    world.clock.set(world.clock.now().replace(day=2, hour=15))  # Wed Dec 2
    _open(team)
    reply = team.cmd("alice", "/task", "@bob file reply by next Friday")
    assert "Which Friday" in _text(reply) and tasks_of(team.world) == []
    buttons = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [b["text"]["text"] for b in buttons][:2] == ["Fri Dec 4", "Fri Dec 11"]
    picked = world.driver.block_action(
        user_id=team.ids["alice"],
        channel_id=team.channel,
        action_id=buttons[1]["action_id"],
        value=buttons[1]["value"],
        block_id="q",
        message=None,
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
    )
    assert picked.status == 200
    (task,) = tasks_of(team.world)
    assert (
        task.title == "file reply"
        and task.due_date.day == 11
        and task.assignee_id == team.ids["bob"]
    )


def test_retried_command_makes_one_task_one_dm_one_audit_event(team):
    _open(team)
    for retry in (None, 1, 2):
        reply = team.cmd(
            "alice", "/task", "@bob draft brief by Dec 11", trigger_id="trig-7", retry_num=retry
        )
        assert reply.status == 200 and "#1" in _text(reply)
    assert len(tasks_of(team.world)) == 1
    assert len([m for m in team.slack.messages if m.channel.startswith("D")]) == 1
    assert _count(team.world, AuditEvent, AuditEvent.action == "task.create") == 1


def test_long_text_is_answered_not_500(team):
    _open(team)
    reply = team.cmd("alice", "/task", "x" * 4000)
    assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
    assert _count(team.world, Outbox, Outbox.status == "failed") == 0


def test_changes_need_permission_and_are_audited(team):
    team.slack.add_user("carol")
    team.slack.join(team.slack.user_by_name("carol").id, team.channel)
    team.ids["carol"] = team.slack.user_by_name("carol").id
    _open(team)
    team.cmd("alice", "/task", "@bob draft brief by Dec 11")
    denied = team.cmd("carol", "/task", "done 1")
    assert "Only the assignee" in _text(denied)
    assert team.cmd("bob", "/task", "done 1").json["response_type"] == "ephemeral"
    assert tasks_of(team.world)[0].status == "done"
    again = _text(team.cmd("bob", "/task", "done 1"))
    assert f"#1 was already marked done by <@{team.ids['bob']}> a moment ago" in again
    team.cmd("alice", "/task", "reopen 1")
    team.cmd("alice", "/task", "due 1 Dec 14 9am")
    task = tasks_of(team.world)[0]
    assert task.status == "open" and task.due_at.day == 14 and task.due_at.hour == 14
    actions = [e.action for e in _audit(team)]
    assert actions == ["case.create", "task.create", "task.done", "task.reopen", "task.due"]


def _audit(team):
    with Session(team.world.engine) as s:
        return list(s.exec(select(AuditEvent).order_by(AuditEvent.id)))


def test_unknown_task_and_missing_arguments_are_explained(team):
    _open(team)
    assert "no task #42" in _text(team.cmd("alice", "/task", "done 42"))
    assert "Which task" in _text(team.cmd("alice", "/task", "show"))
    team.cmd("alice", "/task", "draft brief")
    assert "needs more" in _text(team.cmd("alice", "/task", "due 1"))


def test_commands_outside_a_case_channel_say_how_to_start(team):
    reply = team.cmd("alice", "/task", "draft brief")
    assert "/case new" in _text(reply) and tasks_of(team.world) == []


def test_deadline_shows_worksheet_and_verification_note(team, world):
    world.clock.set(world.clock.now().replace(month=11, day=2))
    _open(team)
    team.cmd("alice", "/case", "set jurisdiction US-CA")
    reply = team.cmd("alice", "/deadline", "Opposition 9 court days before the 12/7/2026 hearing")
    text = _text(reply)
    assert "Fri Nov 20" in text and "Worksheet" in text and "verify" in text
    (task,) = tasks_of(team.world)
    assert task.kind == "deadline" and task.title == "Opposition"


def test_deadline_cannot_be_snoozed_past_due(team):
    _open(team)
    team.cmd("alice", "/deadline", "Answer 21 days after service on 12/1/2026")
    reply = team.cmd("alice", "/task", "snooze 1 12/30/2026")
    assert "court deadline" in _text(reply)
    assert tasks_of(team.world)[0].remind_at is None


def test_reassign_tells_both_and_moves_the_task(team):
    team.slack.add_user("carol")
    team.ids["carol"] = team.slack.user_by_name("carol").id
    team.slack.join(team.ids["carol"], team.channel)
    _open(team)
    team.cmd("alice", "/task", "@bob draft brief by Dec 11")
    start = len(team.slack.messages)
    team.cmd("alice", "/task", "assign 1 @carol")
    dms = {m.user for m in _since(team, start) if m.channel.startswith("D")}
    assert dms == {team.ids["bob"], team.ids["carol"]}
    assert tasks_of(team.world)[0].assignee_id == team.ids["carol"]


def test_list_groups_by_urgency_and_mine_only_shows_my_channels(team, world):
    _open(team)
    team.cmd("alice", "/task", "overdue thing by Dec 1 8am")  # now is Dec 1 9:00
    team.cmd("alice", "/task", "today thing by 5pm")
    team.cmd("alice", "/task", "later thing by Dec 20")
    team.cmd("alice", "/task", "someday thing")
    text = _text(team.cmd("alice", "/task", "list"))
    assert "Due today" in text and "Later" in text and "No due date" in text
    secret = team.slack.add_channel("secret-matter")
    team.slack.join(team.slack.bot_user_id, secret.id)
    team.slack.join(team.ids["alice"], secret.id)
    team.cmd("alice", "/case", "new Secret Matter", channel=secret.id)
    team.cmd("alice", "/task", "@alice secret filing", channel=secret.id)
    assert "secret filing" in _text(team.cmd("alice", "/task", "list mine"))
    team.slack.leave(team.ids["alice"], secret.id)
    world.driver.event(
        {
            "type": "member_left_channel",
            "user": team.ids["alice"],
            "channel": secret.id,
            "channel_type": "C",
        }
    )
    assert "secret filing" not in _text(team.cmd("alice", "/task", "list mine"))


def test_non_members_see_nothing_of_the_case(team, world):
    _open(team)
    team.cmd("alice", "/task", "@bob privileged strategy memo by Dec 11")
    outsider = team.slack.add_user("mallory")
    team.ids["mallory"] = outsider.id
    for command, text in [
        ("/task", "list"),
        ("/task", "show 1"),
        ("/task", "done 1"),
        ("/digest", ""),
        ("/case", ""),
    ]:
        reply = team.cmd("mallory", command, text)
        assert reply.status == 200 and reply.json["response_type"] == "ephemeral"
        assert "strategy memo" not in _text(reply), command + " " + text
        assert "Only members" in _text(reply)
    assert "strategy memo" not in _text(team.cmd("mallory", "/task", "list mine"))
    assert tasks_of(team.world)[0].status == "open"


def test_list_filters_show_cancel_and_help(team, world):
    _open(team)
    team.cmd("alice", "/task", "@bob late filing by Dec 1 10am")  # now is Dec 1 9:00
    team.cmd("alice", "/task", "@alice my own memo by Dec 20")
    world.clock.advance(timedelta(hours=2))  # the filing is now overdue
    assert "late filing" not in _text(team.cmd("alice", "/task", "list @alice"))
    assert "my own memo" in _text(team.cmd("alice", "/task", "list @alice"))
    overdue = _text(team.cmd("alice", "/task", "list overdue"))
    assert "late filing" in overdue and "my own memo" not in overdue
    assert "History" in _text(team.cmd("alice", "/task", "show 2"))
    assert "Cancelled #2" in _text(team.cmd("alice", "/task", "cancel 2"))
    assert tasks_of(team.world)[1].status == "cancelled"
    for command in ("/task", "/deadline"):
        help_reply = team.cmd("bob", command, "help")
        assert help_reply.json["response_type"] == "ephemeral" and command in _text(help_reply)


def test_app_home_lists_my_tasks_only_from_my_channels(team, world):
    _open(team)
    team.cmd("alice", "/task", "@bob draft brief by Dec 11")
    world.driver.event({"type": "app_home_opened", "user": team.ids["bob"], "tab": "home"})
    (home,) = [m for m in team.slack.messages if m.kind == "home"]
    assert home.user == team.ids["bob"] and "draft brief" in json.dumps(home.view)


def test_snooze_echoes_the_next_reminder(team, world):
    _open(team)
    team.cmd("alice", "/task", "draft brief by 12/30/2026 5pm")
    reply = team.cmd("alice", "/task", "snooze 1 in 30 minutes")
    (task,) = tasks_of(team.world)
    assert task.remind_at is not None
    assert f"Next reminder: <!date^{int(task.remind_at.timestamp())}^" in _text(reply)
