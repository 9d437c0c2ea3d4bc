"""A question's buttons after it was answered: never silent. The first choice replaces the
question with what was chosen; a second or other click answers privately what was saved."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, col, delete, select

from bot.blocks import PICK_DATE_ACTIONS, PICK_DUE_ACTIONS
from bot.models import Outbox, RequestKey
from bot.services import audit
from bot.vocab import OutboxKind
from tests.factories import tasks_of
from tests.handlers.conftest import Team

NY = ZoneInfo("America/New_York")
MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=NY)
pytestmark = pytest.mark.db
CHOICES = {*PICK_DATE_ACTIONS, *PICK_DUE_ACTIONS}


def _buttons(reply) -> dict[str, dict]:
    """The question's buttons by label."""
    found = [e for b in reply.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    return {e["text"]["text"]: e for e in found}


def _click(team, button: dict, who: str = "carol"):
    return team.world.driver.block_action(
        user_id=team.ids[who],
        channel_id=team.channel,
        action_id=button["action_id"],
        value=button["value"],
        block_id="b",
        container={"type": "message", "is_ephemeral": True, "channel_id": team.channel},
    )


def _private(team, start: int, who: str = "carol") -> list:
    return [
        m for m in team.slack.messages[start:] if m.kind == "ephemeral" and m.user == team.ids[who]
    ]


@pytest.fixture
def team3(world):
    team = Team(world, users=("alice", "carol", "pat"))
    world.clock.set(MONDAY)
    team.cmd("alice", "/case", "new Smith v. Jones 2026-CV-0142")
    return team


def _no_choice_buttons(message) -> bool:
    ids = {
        e.get("action_id") for b in message.blocks if b["type"] == "actions" for e in b["elements"]
    }
    return not ids & CHOICES


def test_the_other_choice_after_a_choice_says_what_was_saved(team3, world):
    ask = team3.cmd("carol", "/deadline", "@alice Reply Dec 25")
    buttons = _buttons(ask)
    use = next(b for label, b in buttons.items() if label.startswith("Use Mon Dec 28"))
    keep = next(b for label, b in buttons.items() if label.startswith("Keep Fri Dec 25"))
    start = len(team3.slack.messages)
    _click(team3, use)
    (first,) = _private(team3, start)
    assert "Mon Dec 28" in first.text + json.dumps(first.blocks) and _no_choice_buttons(first)
    for button in (keep, use):  # the other choice, then the same one again
        start = len(team3.slack.messages)
        _click(team3, button)
        (answer,) = _private(team3, start)
        said = json.dumps(answer.blocks)
        assert "Already saved" in said and "Mon Dec 28, 2026" in said
        assert f"chosen by <@{team3.ids['carol']}>" in said and _no_choice_buttons(answer)
    assert [t.due_date for t in tasks_of(world)] == [date(2026, 12, 28)]


def test_an_ambiguous_date_clicked_twice_adds_once_and_answers_twice(team3, world):
    ask = team3.cmd("carol", "/task", "@pat serve subpoena by 5/12")
    dec5 = next(b for label, b in _buttons(ask).items() if "Dec 5" in label)
    _click(team3, dec5)
    start = len(team3.slack.messages)
    _click(team3, dec5)
    (answer,) = _private(team3, start)
    assert "Already saved: task #1" in json.dumps(answer.blocks)
    assert len(tasks_of(world)) == 1


def test_a_closed_day_move_answered_then_clicked_again_says_what_was_saved(team3, world):
    team3.cmd("carol", "/deadline", "@alice Reply Dec 18")
    ask = team3.cmd("carol", "/task", "due 1 Dec 25")
    buttons = _buttons(ask)
    keep = next(b for label, b in buttons.items() if label.startswith("Keep Fri Dec 25"))
    use = next(b for label, b in buttons.items() if label.startswith("Use Mon Dec 28"))
    _click(team3, keep)
    start = len(team3.slack.messages)
    _click(team3, use)
    (answer,) = _private(team3, start)
    said = json.dumps(answer.blocks)
    assert "Already saved" in said and "Fri Dec 25, 2026" in said
    assert [t.due_date for t in tasks_of(world)] == [date(2026, 12, 25)]


def _message_buttons(message) -> dict[str, dict]:
    found = [e for b in message.blocks if b["type"] == "actions" for e in b["elements"]]
    return {e["text"]["text"]: e for e in found}


def test_the_first_questions_other_reading_while_the_follow_up_is_open_changes_nothing(
    team3, world
):
    """/deadline Notice2 5/12 -> Sat Dec 5 (asks keep or next court day) -> the first question's
    Wed May 12 is told what was chosen and adds nothing; the follow-up still works, once."""
    ask = team3.cmd("carol", "/deadline", "@alice Notice2 5/12")
    buttons = _buttons(ask)
    dec5 = next(b for label, b in buttons.items() if "Dec 5" in label)
    may12 = next(b for label, b in buttons.items() if "May 12" in label)
    start = len(team3.slack.messages)
    _click(team3, dec5)
    (follow_up,) = _private(team3, start)
    use = next(b for label, b in _message_buttons(follow_up).items() if label.startswith("Use Mon"))
    for stale in (may12, dec5):
        start = len(team3.slack.messages)
        _click(team3, stale)
        (answer,) = _private(team3, start)
        said = json.dumps(answer.blocks)
        assert "Already answered: you chose *Sat Dec 5" in said and _no_choice_buttons(answer)
        assert tasks_of(world) == []
    _click(team3, use)
    _click(team3, may12)  # and after the follow-up was answered
    assert [t.due_date for t in tasks_of(world)] == [date(2026, 12, 7)]


def test_a_due_moves_first_question_clicked_again_after_a_follow_up_moves_nothing(team3, world):
    """/task due 1 5/12 -> Sat Dec 5 (keep or next?) -> Wed May 12 on the first question: #1
    stays; keeping Saturday then moves it once."""
    team3.cmd("carol", "/deadline", "@alice Reply Dec 18")
    ask = team3.cmd("carol", "/task", "due 1 5/12")
    buttons = _buttons(ask)
    dec5 = next(b for label, b in buttons.items() if "Dec 5" in label)
    may12 = next(b for label, b in buttons.items() if "May 12" in label)
    start = len(team3.slack.messages)
    _click(team3, dec5)
    (follow_up,) = _private(team3, start)
    keep = next(b for label, b in _message_buttons(follow_up).items() if label.startswith("Keep"))
    start = len(team3.slack.messages)
    _click(team3, may12)
    (answer,) = _private(team3, start)
    assert "Already answered: you chose *Sat Dec 5" in json.dumps(answer.blocks)
    assert [t.due_date for t in tasks_of(world)] == [date(2026, 12, 18)]
    _click(team3, keep)
    assert [t.due_date for t in tasks_of(world)] == [date(2026, 12, 5)]


def _last_reply(world) -> dict:
    """The newest private reply Docket planned (what it says and whether it replaces the
    message clicked: a replaced ephemeral is gone, so a second answer must not replace)."""
    with Session(world.engine) as s:
        row = s.exec(
            select(Outbox).where(Outbox.kind == OutboxKind.REPLY).order_by(col(Outbox.id).desc())
        ).first()
    assert row is not None and row.payload
    return json.loads(row.payload)


@pytest.mark.parametrize(
    ("command", "typed", "label"),
    [
        ("/deadline", "@alice Reply Dec 25", "Keep Fri Dec 25"),
        ("/task", "@pat serve subpoena by 5/12", "Sat Dec 5"),
        ("/task", "call every other Monday", "Yes, start today"),
    ],
)
def test_the_same_button_twice_at_once_is_told_the_answer_not_a_conflict(
    team3, world, monkeypatch, command, typed, label
):
    """A double click: the second click read the question open before the first committed
    (seen_request None), so its own add conflicts; it is told what was chosen, privately."""
    ask = team3.cmd("carol", command, typed)
    button = next(b for text, b in _buttons(ask).items() if text.startswith(label))
    _click(team3, button)
    # the second click read the request key before the first committed: not seen
    monkeypatch.setattr(audit, "seen_request", lambda session, key: None)
    monkeypatch.setattr(audit, "refs_of", lambda seen: None)
    start = len(team3.slack.messages)
    _click(team3, button)
    (answer,) = _private(team3, start)
    said = json.dumps(answer.blocks)
    assert "Already answered: you chose *" in said and "Nothing changed by this click" in said
    assert "already handled" not in said
    assert not _last_reply(world).get("replace_original")
    assert len(tasks_of(world)) == 1


def test_a_due_move_clicked_twice_at_once_is_told_the_answer_not_that_the_due_changed(team3, world):
    team3.cmd("carol", "/deadline", "@alice Reply Dec 18")
    ask = team3.cmd("carol", "/task", "due 1 5/12")
    may12 = next(b for label, b in _buttons(ask).items() if "May 12" in label)
    _click(team3, may12)
    with Session(world.engine) as s:  # the second click read before the first committed
        asked = json.loads(may12["value"])["asked"]
        s.exec(delete(RequestKey).where(col(RequestKey.key) == f"pick:{asked}"))
        s.commit()
    start = len(team3.slack.messages)
    _click(team3, may12)
    (answer,) = _private(team3, start)
    said = json.dumps(answer.blocks)
    assert "Already answered: you chose *Wed May 12, 2027" in said
    assert "changed after you were asked" not in said
    assert not _last_reply(world).get("replace_original")
    assert [t.due_date for t in tasks_of(world)] == [date(2027, 5, 12)]


@pytest.mark.parametrize(
    ("command", "typed", "label"),
    [
        ("/deadline", "@alice Reply Dec 25", "Keep Fri Dec 25"),
        ("/task", "call every other Monday", "Yes, start today"),
    ],
)
def test_the_same_button_again_answers_in_a_note_of_its_own(team3, world, command, typed, label):
    """The second click's answer is a new private note: it never replaces (hides) the first
    click's answer, as a reply that replaces the ephemeral clicked would."""
    ask = team3.cmd("carol", command, typed)
    button = next(b for text, b in _buttons(ask).items() if text.startswith(label))
    _click(team3, button)
    assert _last_reply(world).get("replace_original") is True  # the question becomes its answer
    _click(team3, button)
    reply = _last_reply(world)
    assert "Already saved" in json.dumps(reply["message"]) and not reply.get("replace_original")
