"""Digest builders: grouping on screen, buttons, and Slack's size limits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.blocks import DONE_ACTION
from bot.blocks import digest as digest_blocks
from bot.blocks.notice import BUILDERS
from bot.services.digests import Digest
from bot.vocab import TaskKind, TaskStatus
from tests.factories import case_row, task_row

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
CASE = case_row("Smith & Jones")


def _task(
    number: int,
    *,
    hours: float = 1,
    kind: TaskKind = TaskKind.TASK,
    status: TaskStatus = TaskStatus.OPEN,
    title=None,
):
    due = NOW + timedelta(hours=hours)
    return task_row(number, id=number, kind=kind, status=status, title=title, due_at=due)


def _digest(**groups) -> Digest:
    return Digest("Smith & Jones", "America/New_York", NOW, cases={7: CASE}, **groups)


def _sections(message) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def _buttons(message):
    return [b["accessory"] for b in message["blocks"] if "accessory" in b]


def test_builders_are_registered_for_both_kinds():
    assert BUILDERS["digest"] is BUILDERS["personal_digest"]


def test_groups_show_in_urgency_order_with_mark_done_buttons():
    message = digest_blocks.digest_message(
        _digest(
            overdue=[_task(1, hours=-5)],
            today=[_task(2, hours=3, kind=TaskKind.DEADLINE)],
            soon=[_task(3, hours=50)],
            done=[_task(4, status=TaskStatus.DONE)],
            undated=2,
        )
    )
    text = json.dumps(message)
    heads = [text for text in _sections(message) if text.startswith("*:")]
    assert [h.split("*")[1].split(": ")[1] for h in heads] == [
        "Overdue",
        "Due today",
        "Due in the next 7 days",
        "Done since the last digest",
    ]
    assert "court deadline" in text and "Smith &amp; Jones" in text
    assert "2 open tasks without a due date" in text
    buttons = _buttons(message)
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (DONE_ACTION, "C1:1"),
        (DONE_ACTION, "C1:2"),
        (DONE_ACTION, "C1:3"),
    ]
    assert message["text"].startswith("Smith &amp; Jones: 1 overdue, 1 due today")


def test_sixty_tasks_fit_in_fifty_blocks_most_urgent_first():
    overdue = [_task(n, hours=-n) for n in range(1, 46)]
    soon = [_task(n, hours=30 + n) for n in range(46, 61)]
    done = [_task(n, status=TaskStatus.DONE, title="x" * 500) for n in range(61, 121)]
    message = digest_blocks.digest_message(_digest(overdue=overdue, soon=soon, done=done))
    blocks = message["blocks"]
    assert len(blocks) <= 49  # room for the "sent late" note
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    values = [b["value"] for b in _buttons(message)]
    assert values[0] == "C1:1" and "C1:46" not in values  # the overdue crowd out the rest
    text = json.dumps(blocks, ensure_ascii=False)
    assert f"…and {45 - len(values)} more" in text and "…and 15 more" in text
    done_section = next(text for text in _sections(message) if "Done since" in text)
    assert done_section.splitlines()[-1].startswith("…and ")


def test_preview_is_ephemeral_and_says_so_even_when_empty():
    message = digest_blocks.preview(_digest())
    assert message["response_type"] == "ephemeral"
    assert "Nothing overdue" in json.dumps(message) and "Preview" in json.dumps(message)


def test_personal_digest_names_the_case_and_shows_plain_dates():
    digest = Digest(
        "Your tasks",
        "America/Los_Angeles",
        NOW,
        personal=True,
        today=[_task(1)],
        cases={7: CASE},
    )
    text = json.dumps(digest_blocks.digest_message(digest))
    assert "Smith &amp; Jones" in text and "PST" in text and "<!date" not in text
