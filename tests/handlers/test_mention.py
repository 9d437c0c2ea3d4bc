"""@Docket in a channel or thread: tasks as /task makes them, lists, help; retries do nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from bot import commands
from tests.factories import tasks_of


def test_list_questions_are_told_from_tasks():
    assert commands.list_question("what's due this week?") == "week"
    assert commands.list_question("What is overdue?") == "overdue"
    assert commands.list_question("list") == "all"
    assert commands.list_question("show bob the due diligence memo by Friday") is None
    assert commands.list_question("pull the transcripts by Thursday noon") is None


def test_strip_mention_removes_docket_and_its_punctuation():
    assert commands.strip_mention("<@UBOT>: <@U1> draft it", "UBOT") == "<@U1> draft it"
    assert commands.all_mentions("<@U1> and <@U2|b> and <@U1>") == ["U1", "U2"]


def _mention(world, team, text, *, event_id="Ev1", thread_ts=None, retry=None):
    bot = world.slack.bot_user_id
    ts = world.slack.next_ts()
    event = {
        "type": "app_mention",
        "user": team.ids["alice"],
        "text": f"<@{bot}> {text}",
        "ts": ts,
        "channel": team.channel,
        "event_ts": ts,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    return world.driver.event(event, event_id=event_id, retry_num=retry)


def test_a_mention_makes_the_task_and_replies_in_the_thread_once(world, team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    bob = team.ids["bob"]
    before = len(world.slack.messages)
    assert _mention(world, team, f"<@{bob}> pull the transcripts by Thursday noon").status == 200
    replies = [m for m in world.slack.messages_since(before) if m.thread_ts]
    assert len(replies) == 1 and "pull the transcripts" in replies[0].text + str(replies[0].blocks)
    assert "Thu Dec 3, 2026, 12:00 PM EST" in str(replies[0].blocks)
    cards = [m for m in world.slack.messages_since(before) if "#1 pull" in m.text]
    assert len(cards) == 1
    # Slack retries the same event: no second task, no second reply
    count = len(world.slack.messages)
    assert (
        _mention(world, team, f"<@{bob}> pull the transcripts by Thursday noon", retry=1).status
        == 200
    )
    assert len(world.slack.messages) == count


def test_an_unreadable_mention_gets_a_private_threaded_example(world, team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    before = len(world.slack.messages)
    _mention(world, team, "draft the summary by the 45th of Smarch", thread_ts="1.000001")
    (answer,) = world.slack.messages_since(before)
    assert answer.kind == "ephemeral" and answer.thread_ts == "1.000001"
    assert "@Docket what's due this week?" in str(answer.blocks)
    assert "#1" not in str(world.slack.messages_since(before))


def _commits(world, request) -> int:
    """How many transactions one request commits before it answers (the courier's not counted)."""
    counted = {"on": True, "commits": 0}

    def committed(_conn) -> None:
        counted["commits"] += counted["on"]

    settle = world.driver.settle

    def settled() -> None:  # the answer is out: what follows is the courier's
        counted["on"] = False
        settle()

    world.driver.settle = settled
    event.listen(world.engine, "commit", committed)
    try:
        assert request().status == 200
    finally:
        event.remove(world.engine, "commit", committed)
        world.driver.settle = settle
    return counted["commits"]


def test_a_mention_and_its_thread_answer_commit_together(world, team):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    bob = team.ids["bob"]
    _mention(world, team, f"<@{bob}> index exhibits by Friday", event_id="Ev0")  # bob is known
    before = len(world.slack.messages)
    made = _commits(
        world, lambda: _mention(world, team, f"<@{bob}> pull transcripts by Friday", event_id="Ev1")
    )
    listed = _commits(world, lambda: _mention(world, team, "what's due this week?", event_id="Ev2"))
    assert (made, listed) == (1, 1)  # was 2 and 2: the answer in a transaction of its own
    answers = [m for m in world.slack.messages_since(before) if m.thread_ts]
    assert [m.text for m in answers] == [
        "Added task #2 for 1 assignee(s).",
        "Open tasks in Smith v. Jones, this week",
    ]
    assert all("pull transcripts" in str(m.blocks) for m in answers)


def test_chatter_and_questions_are_told_from_tasks():
    for said in ("thanks!", "Hello", "who has the brief?", "when is the answer due?"):
        assert commands.chatter(said), said
    for task in (
        "pull the transcripts by Thursday noon",
        "can you file the motion by Friday?",  # a request: a task
        "thank the client for the documents",
        "research whether the stay applies",
    ):
        assert not commands.chatter(task), task


@pytest.mark.parametrize("text", ["thanks!", "hello", "who has the brief?", "what is {bob} on?"])
def test_thanks_or_a_question_to_docket_makes_no_task_and_says_so_privately(world, team, text):
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    before = len(world.slack.messages)
    assert _mention(world, team, text.format(bob=f"<@{team.ids['bob']}>")).status == 200
    sent = world.slack.messages_since(before)
    assert [m.kind for m in sent] == ["ephemeral"] and sent[0].user == team.ids["alice"]
    assert "not a task, so nothing was created" in sent[0].text
    assert tasks_of(world) == []
