"""/case close with open tasks: it says what would stop and asks; it closes only on the state
it asked about; Keep open changes nothing; with nothing open it closes at once (audited)."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, select

from bot.blocks.ids import CLOSE_CONFIRM_ACTION, CLOSE_KEEP_ACTION
from bot.models import AuditEvent, Case, Outbox
from bot.vocab import AuditAction, CaseStatus, OutboxKind

NY = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=NY)


def _status(world) -> CaseStatus:
    with Session(world.engine) as s:
        return s.exec(select(Case)).one().status


def _closes(world) -> int:
    with Session(world.engine) as s:
        found = s.exec(select(AuditEvent).where(AuditEvent.action == AuditAction.CASE_CLOSE))
        return len(found.all())


def _buttons(message: dict) -> dict[str, dict]:
    return {
        e["action_id"]: e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
    }


def _click(team, button: dict, *, who: str = "alice"):
    return team.world.driver.block_action(
        user_id=team.ids[who],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
    )


def _last_reply(world) -> dict:
    """The newest private reply planned: a second answer must not replace the ephemeral."""
    with Session(world.engine) as s:
        row = s.exec(
            select(Outbox).where(Outbox.kind == OutboxKind.REPLY).order_by(col(Outbox.id).desc())
        ).first()
    assert row is not None and row.payload
    return json.loads(row.payload)


def _last_private(team, who: str = "alice"):
    return [m for m in team.slack.messages if m.kind == "ephemeral" and m.user == team.ids[who]][-1]


@pytest.fixture
def busy(team, world):
    world.clock.set(MONDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    team.cmd("alice", "/task", "@bob pull transcripts by Dec 4")
    team.cmd("alice", "/deadline", "@bob Opposition brief Dec 10")
    team.cmd("alice", "/task", "@alice client update every Friday")
    return team


@pytest.mark.db
def test_closing_with_open_tasks_says_what_stops_and_asks_first(busy, world):
    reply = busy.cmd("alice", "/case", "close")
    said = json.dumps(reply.json)
    assert "3 open tasks" in said and "(1 repeating)" in said
    assert "#1 pull transcripts" in said and "Fri Dec 4, 2026" in said  # the next due
    assert "digest stop" in said and "/task done 1" in said
    assert set(_buttons(reply.json)) == {CLOSE_CONFIRM_ACTION, CLOSE_KEEP_ACTION}
    assert _status(world) == CaseStatus.OPEN and _closes(world) == 0


@pytest.mark.db
def test_close_anyway_closes_audited_tells_the_channel_and_leaves_no_live_buttons(busy, world):
    ask = busy.cmd("alice", "/case", "close").json
    start = len(busy.slack.messages)
    _click(busy, _buttons(ask)[CLOSE_CONFIRM_ACTION])
    assert _status(world) == CaseStatus.CLOSED and _closes(world) == 1
    news = [m for m in busy.slack.messages[start:] if m.kind == "message"]
    assert [m.channel for m in news] == [busy.channel]
    assert "closed the case" in json.dumps(news[0].blocks)
    answer = _last_private(busy)
    assert "Closed the case" in answer.text + json.dumps(answer.blocks)
    assert not [b for b in answer.blocks if b["type"] == "actions"]
    _click(busy, _buttons(ask)[CLOSE_CONFIRM_ACTION])  # the same button again: never silent
    said = json.dumps(_last_private(busy).blocks)
    assert f"Already answered: closed by <@{busy.ids['alice']}> at" in said  # as Keep open is
    assert not _last_reply(world).get("replace_original")  # a note of its own, never hidden
    assert _closes(world) == 1


@pytest.mark.db
def test_a_task_added_after_the_question_asks_again_and_closes_nothing(busy, world):
    ask = busy.cmd("alice", "/case", "close").json
    busy.cmd("bob", "/task", "@bob file the exhibits by Dec 8")
    _click(busy, _buttons(ask)[CLOSE_CONFIRM_ACTION])
    assert _status(world) == CaseStatus.OPEN and _closes(world) == 0
    again = _last_private(busy)
    said = json.dumps(again.blocks)
    assert "changed since you were asked" in said and "4 open tasks" in said


@pytest.mark.db
def test_keep_open_changes_nothing_and_says_so(busy, world):
    ask = busy.cmd("alice", "/case", "close").json
    _click(busy, _buttons(ask)[CLOSE_KEEP_ACTION])
    assert _status(world) == CaseStatus.OPEN and _closes(world) == 0
    assert "Kept the case open" in _last_private(busy).text


@pytest.mark.db
def test_only_the_lead_is_asked_and_a_case_with_nothing_open_closes_at_once(team, world):
    world.clock.set(MONDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    refused = team.cmd("bob", "/case", "close")
    assert "Only the case lead" in json.dumps(refused.json)
    closed = team.cmd("alice", "/case", "close")
    assert "closed the case" in json.dumps(closed.json)
    assert _status(world) == CaseStatus.CLOSED and _closes(world) == 1


@pytest.mark.db
def test_the_other_button_after_an_answer_says_what_was_decided_and_changes_nothing(busy, world):
    """Keep open, then Close anyway on the same question: nothing closes; it says kept open by
    whom; after Close anyway, Keep open says closed; a fresh /case close asks again."""
    ask = busy.cmd("alice", "/case", "close").json
    _click(busy, _buttons(ask)[CLOSE_KEEP_ACTION])
    for button in (CLOSE_CONFIRM_ACTION, CLOSE_KEEP_ACTION):
        _click(busy, _buttons(ask)[button])
        said = json.dumps(_last_private(busy).blocks)
        assert f"Already answered: kept open by <@{busy.ids['alice']}> at" in said
        assert _status(world) == CaseStatus.OPEN and _closes(world) == 0
    fresh = busy.cmd("alice", "/case", "close").json
    assert set(_buttons(fresh)) == {CLOSE_CONFIRM_ACTION, CLOSE_KEEP_ACTION}
    _click(busy, _buttons(fresh)[CLOSE_CONFIRM_ACTION])
    assert _status(world) == CaseStatus.CLOSED and _closes(world) == 1
    _click(busy, _buttons(fresh)[CLOSE_KEEP_ACTION])
    said = json.dumps(_last_private(busy).blocks)
    assert f"Already answered: closed by <@{busy.ids['alice']}> at" in said
    assert _status(world) == CaseStatus.CLOSED and _closes(world) == 1
