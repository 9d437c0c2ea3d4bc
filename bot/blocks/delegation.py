"""Builders for delegation: the assignee's DMs, the accept note, the reassign modal."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import (
    Message,
    context,
    mention,
    notification,
    section,
    shown,
    unescape_mrkdwn,
)
from bot.blocks.ids import (
    ACCEPT_ACTION,
    REASSIGN_USER_ACTION,
    REASSIGN_USER_BLOCK,
    REASSIGN_VIEW,
    TASK_CARD_BLOCK,
)
from bot.blocks.task import NAME_SHOWN, actions, clip, due_text, title_line
from bot.models import Case, Task
from bot.vocab import TaskKind, TaskStatus


def assign_dm(case: Case, task: Task, actor_id: str, *, tz: str) -> Message:
    """The DM a delegated assignee gets: who, what, which case, when (their zone), buttons."""
    kind = "court deadline" if task.kind == TaskKind.DEADLINE else "task"
    text = (
        f"{mention(actor_id)} delegated a {kind} to you in *{clip(case.name, NAME_SHOWN)}*:\n"
        f"{title_line(task)}\nDue {due_text(task, tz=tz, personal=True)}"
    )
    return {
        "text": notification(
            f"{kind.capitalize()} #{task.number} delegated to you: {clip(task.title)}"
        ),
        "blocks": [section(text, TASK_CARD_BLOCK), actions(case, task, accept=True)],
    }


def unassign_dm(case: Case, task: Task, actor_id: str, new_id: str | None) -> Message:
    """The DM the previous assignee gets on reassignment."""
    text = (
        f"{mention(actor_id)} reassigned *#{task.number} {clip(task.title)}* in "
        f"*{clip(case.name, NAME_SHOWN)}* to {mention(new_id)}. It's off your list."
    )
    return {"text": notification(text), "blocks": [section(text)]}


def accept_note(task: Task) -> Message:
    """The thread reply under a task's card when its assignee accepts it."""
    text = f":handshake: {mention(task.assignee_id)} accepted #{task.number}."
    return {"text": notification(text), "blocks": [section(text)]}


def reassign_modal(ref: str, *, title: str, repeats: bool = False) -> dict[str, Any]:
    """A small modal with a user picker; private_metadata carries the task's reference.

    For a repeating task it says first that the repeat's future occurrences follow.
    """
    number = ref.rpartition(":")[2]
    follows = (
        [
            context(
                ":repeat: This task repeats: its future occurrences go to the new assignee too. "
                f"`/task assign {number} @name only` hands over this one alone."
            )
        ]
        if repeats
        else []
    )
    return {
        "type": "modal",
        "callback_id": REASSIGN_VIEW,
        "private_metadata": ref,
        "title": {"type": "plain_text", "text": "Reassign task"},
        "submit": {"type": "plain_text", "text": "Reassign"},
        "close": {"type": "plain_text", "text": "Cancel"},
        "blocks": [
            section(shown(unescape_mrkdwn(title), 2900)),
            {
                "type": "input",
                "block_id": REASSIGN_USER_BLOCK,
                "label": {"type": "plain_text", "text": "New assignee"},
                "element": {"type": "users_select", "action_id": REASSIGN_USER_ACTION},
            },
            *follows,
        ],
    }


def dm_after_click(
    case: Case, task: Task, what: str, *, tz: str, shown: list[dict[str, Any]] | None = None
) -> Message:
    """A DM redrawn after its reader clicked a button: it still says what it was (an alert
    stays an alert), with what was done and the buttons that fit now. `shown`: its blocks."""
    first = next((b for b in shown or [] if b.get("type") == "section"), None)
    delegated = any(
        e.get("action_id") == ACCEPT_ACTION
        for b in shown or []
        if b.get("type") == "actions"
        for e in b.get("elements", [])
    )
    if first is None or delegated:
        first = assign_dm(case, task, task.created_by, tz=tz)["blocks"][0]
    accept = delegated and task.status == TaskStatus.OPEN and task.accepted_at is None
    return {
        "text": notification(what),
        "blocks": [first, context(what), actions(case, task, accept=accept)],
    }
