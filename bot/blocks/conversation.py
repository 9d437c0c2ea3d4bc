"""Thread replies to @Docket: the echo of a task made from a message, a list, or how to ask."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import Message, context, mention, notification, section
from bot.blocks.ids import MENTION_REPLY_BLOCK, TASK_ACTIONS_BLOCK
from bot.blocks.task import VERIFY, actions, clip
from bot.blocks.task_answers import echo_due
from bot.blocks.tasklist import listing
from bot.dates.readings import When
from bot.models import Case, Task
from bot.services.listing import Listing
from bot.vocab import TaskKind

MENTION_EXAMPLES = (
    "@Docket @bob pull the deposition transcripts by Thursday noon",
    "@Docket what's due this week?",
)
MAX_BUTTON_ROWS = 5


def mention_added(case: Case, tasks: list[Task], when: When | None, *, tz: str) -> Message:
    """The thread reply to a task made by @Docket: what was understood, and its buttons."""
    first = tasks[0]
    kind = "court deadline" if first.kind == TaskKind.DEADLINE else "task"
    numbers = ", ".join(f"#{t.number}" for t in tasks)
    people = ", ".join(mention(t.assignee_id) for t in tasks)
    due = echo_due(tasks, when, tz=tz, court=case.jurisdiction)
    text = f"Added {kind} {numbers} *{clip(first.title)}* for {people}, {due}."
    blocks: list[dict[str, Any]] = [section(text, MENTION_REPLY_BLOCK)]
    for task in tasks[:MAX_BUTTON_ROWS]:
        row = actions(case, task)
        if len(tasks) > 1:
            row = {**row, "block_id": f"{TASK_ACTIONS_BLOCK}_{task.number}"}
            blocks.append(context(f"#{task.number} · {mention(task.assignee_id)}"))
        blocks.append(row)
    if first.kind == TaskKind.DEADLINE:
        blocks.append(context(VERIFY))
    blocks.append(
        context(f"Wrong date? `/task due {first.number} DATE` · `/task cancel {first.number}`")
    )
    plain = f"Added {kind} {numbers} for {len(tasks)} assignee(s)."
    return {"text": notification(plain), "blocks": blocks}


def mention_list(result: Listing, *, tz: str) -> Message:
    """The case's list as a thread reply."""
    message = listing(result, tz=tz)
    blocks = [{**b} for b in message["blocks"]]
    if blocks:
        blocks[0] = {**blocks[0], "block_id": MENTION_REPLY_BLOCK}
    return {"text": message["text"], "blocks": blocks}


def mention_help(problem: str) -> Message:
    """A short reply when @Docket could not use a message, with examples that work."""
    examples = " or ".join(f"`{e}`" for e in MENTION_EXAMPLES)
    return {
        "text": notification(f"{problem} Try: {MENTION_EXAMPLES[0]}"),
        "blocks": [section(problem, MENTION_REPLY_BLOCK), context(f"Try {examples}.")],
    }
