"""The App Home tab as the user's desk: their open work across cases, their cases, settings."""

from __future__ import annotations

from typing import Any

from bot.blocks.common import context, packed, section, shown
from bot.blocks.ids import DONE_ACTION, NEW_DEADLINE_BUTTON, NEW_TASK_BUTTON, SNOOZE_OPEN_ACTION
from bot.blocks.task import NAME_SHOWN, button, due_text, open_case_button, task_ref, title_line
from bot.models import Case, Task
from bot.services.desk import Desk

MAX_BLOCKS = 100  # Slack's limit for a Home tab
MAX_TASKS = 40  # two blocks each, leaving room for the rest of the desk


def _task_blocks(task: Task, case: Case | None, *, tz: str) -> list[dict[str, Any]]:
    where = f" · _{shown(case.name, NAME_SHOWN)}_" if case else ""
    text = f"{title_line(task)}\nDue {due_text(task, tz=tz)}{where}"
    elements = []
    if case is not None:
        ref = task_ref(case, task)
        elements = [
            button("Mark done", DONE_ACTION, ref, style="primary"),
            button("Snooze…", SNOOZE_OPEN_ACTION, ref),
            open_case_button(case),
        ]
    return (
        [section(text), {"type": "actions", "elements": elements}] if elements else [section(text)]
    )


def _case_line(case: Case, deadline: Task | None, *, tz: str) -> str:
    name = f"*{shown(case.name, NAME_SHOWN)}*"
    if case.matter_number:
        name += f" ({shown(case.matter_number, 64)})"
    if deadline is None:
        return f"• {name} — no open court deadline"
    return f"• {name} — next deadline {title_line(deadline)}, {due_text(deadline, tz=tz)}"


def _digest_line(desk: Desk) -> str:
    if desk.digest is None:
        return "*Morning digest:* off. `/digest me at 8am` sends your list by DM each weekday."
    days = desk.digest.days
    return (
        f"*Morning digest:* {days} at {desk.digest.at_time}, by DM. "
        "`/digest me at 7:30` changes it; `/digest me off` stops it."
    )


def desk(found: Desk, *, tz: str) -> dict[str, Any]:
    """The Home tab view: ≤100 blocks, whatever the number of tasks ("and N more")."""
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Your desk"}},
        {
            "type": "actions",
            "elements": [
                button("New task", NEW_TASK_BUTTON, "task", style="primary"),
                button("New deadline", NEW_DEADLINE_BUTTON, "deadline"),
            ],
        },
    ]
    listed = found.tasks
    tail = _tail(found, tz=tz)  # sized first: the tasks get the blocks it leaves (2 each)
    room = MAX_BLOCKS - len(blocks) - len(tail) - 1 - 2 * len(listed.groups)
    budget = min(MAX_TASKS, room // 2)
    if not listed.count:
        blocks.append(section("Nothing open on your desk. :tada:"))
    for label, tasks in listed.groups.items():
        blocks.append(section(f"*{label}* ({len(tasks)})"))
        for task in tasks[: max(budget, 0)]:
            blocks += _task_blocks(task, listed.cases.get(task.case_id), tz=tz)
        hidden = len(tasks) - max(budget, 0)
        budget -= len(tasks)
        if hidden > 0:
            blocks.append(
                context(
                    f"…and {hidden} more. `/task list mine` lists them by urgency; "
                    "`/task calendar` gives you a calendar link with every one."
                )
            )
    blocks.append({"type": "divider"})
    return {"type": "home", "blocks": [*blocks, *tail][:MAX_BLOCKS]}


def _tail(found: Desk, *, tz: str) -> list[dict[str, Any]]:
    """The desk under its tasks: the user's cases (each line whole), their digest, a note."""
    lines = [_case_line(line.case, line.next_deadline, tz=tz) for line in found.cases[:30]]
    total = len(found.cases) if found.case_count is None else found.case_count
    more = total - len(lines)
    if more > 0:
        lines.append(f"…and {more} more (`/case` in a case's channel shows that case)")
    return [
        *packed(["*Your cases*\n" + (lines[0] if lines else "None yet."), *lines[1:]]),
        section(_digest_line(found)),
        context("Only cases whose channels you are in are shown. `/task help` for commands."),
    ]
