"""What safety costs: a task card built with escaping, defusing and clipping vs the bare dict,
and the stand-in's Block Kit check (slack_sdk.models + own rules) vs json.dumps of the message.

Both baselines are measured in the same run, interleaved with what they are compared to.
Usage: python bench/escaping.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.blocks.common import defuse, escape, shown
from bot.blocks.task import task_card
from bot.models import Case, Task
from bot.vocab import TaskKind, TaskStatus
from sandbox.block_kit import check_message

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
TITLE = "Opposition to <!channel> motion & exhibits *A-F* " * 3
CASE = Case(
    id=1,
    team_id="T1",
    channel_id="C1",
    name="Smith & Jones v. Acme",
    created_by="U1",
    created_at=NOW,
    updated_at=NOW,
)
TASK = Task(
    id=1,
    case_id=1,
    number=12,
    kind=TaskKind.TASK,
    title=TITLE,
    assignee_id="U2",
    created_by="U1",
    due_at=NOW + timedelta(days=2),
    status=TaskStatus.OPEN,
    created_at=NOW,
    updated_at=NOW,
)


def bare() -> dict:
    """The same card with no escaping, clipping or defusing (the unsafe baseline)."""
    text = f"*#{TASK.number} {TASK.title}*\nAssignee <@{TASK.assignee_id}> · open"
    return {
        "text": f"#{TASK.number} {TASK.title}",
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": text}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": CASE.name}]},
        ],
    }


def _time(func: Callable[[], object], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        func()
    return (time.perf_counter() - start) / rounds


def main() -> None:
    """Print each cost as a ratio to its baseline (median of 5 interleaved runs)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds
    card = task_card(CASE, TASK, tz="America/New_York")
    pairs = {
        "card builder (escape+defuse+clip) vs bare dict": (
            lambda: task_card(CASE, TASK, tz="America/New_York"),
            bare,
        ),
        "title: escape+clip+defuse vs escape alone": (
            lambda: defuse(shown(TITLE, 600)),
            lambda: escape(TITLE),
        ),
        "stand-in Block Kit check vs json.dumps": (
            lambda: check_message(card),
            lambda: json.dumps(card),
        ),
    }
    for name, (measured, baseline) in pairs.items():
        ratios = []
        for _ in range(5):
            base = _time(baseline, rounds)
            cost = _time(measured, rounds)
            ratios.append(cost / base)
        print(
            f"{name}: {statistics.median(ratios):.1f}x ({cost * 1e6:.0f} µs vs {base * 1e6:.1f} µs)"
        )


if __name__ == "__main__":
    main()
