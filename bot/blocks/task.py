"""Builders for a task's card and its parts (title, due, buttons), shared by every task message."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import (
    PLAIN_MAX,
    Message,
    clip_mrkdwn,
    context,
    escape,
    mention,
    notification,
    plain_day,
    section,
    shown,
    slack_date,
)
from bot.blocks.ids import (
    ACCEPT_ACTION,
    DONE_ACTION,
    OPEN_CASE_ACTION,
    REASSIGN_ACTION,
    REOPEN_ACTION,
    SNOOZE_ACTION,
    TASK_ACTIONS_BLOCK,
    TASK_CARD_BLOCK,
)
from bot.courts.zones import day_ends_label
from bot.dates.readings import echo
from bot.models import Case, Task
from bot.services.notice_types import RepeatInfo
from bot.vocab import TaskKind, TaskStatus

VERIFY = (
    ":scales: Computed court deadline: verify it against the governing rules and any court order."
)
STATUS_ICON = {"open": ":white_circle:", "done": ":white_check_mark:", "cancelled": ":no_entry:"}


PERMALINK = re.compile(
    r"https://[a-z0-9-]+\.slack\.com/archives/[CGD][A-Z0-9]+/p\d+"
    r"(?:\?thread_ts=\d+\.\d+&cid=[CGD][A-Z0-9]+)?"
)
TITLE_SHOWN = 600  # escaped characters of a title in a message (it is stored whole)
NAME_SHOWN = 300  # escaped characters of a case name in a line


def clip(text: str, limit: int = TITLE_SHOWN) -> str:
    """User text escaped and clipped for display (it is stored whole)."""
    return shown(text, limit)


def plain_title(task: Task) -> str:
    """'#3 Draft motion' for a notification: escaped, clipped, no markup."""
    return f"#{task.number} {clip(task.title)}"


def task_ref(case: Case, task: Task) -> str:
    """The value every task button carries: the case channel and the task number."""
    return f"{case.channel_id}:{task.number}"


def button(label: str, action_id: str, value: str, *, style: str | None = None) -> dict[str, Any]:
    """A Block Kit button."""
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip_mrkdwn(label, PLAIN_MAX), "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        element["style"] = style
    return element


def open_case_button(case: Case) -> dict[str, Any]:
    """A link button to the case channel."""
    element = button("Open case", OPEN_CASE_ACTION, case.channel_id)
    element["url"] = f"https://slack.com/app_redirect?channel={case.channel_id}&team={case.team_id}"
    return element


def title_line(task: Task) -> str:
    """'#3 Draft motion' (struck through when closed), marked when a court deadline."""
    title = f"#{task.number} {clip(task.title)}"
    if task.status != TaskStatus.OPEN:
        title = f"~{title}~"
    court = " :scales: _court deadline_" if task.kind == TaskKind.DEADLINE else ""
    repeats = " :repeat:" if task.series_id is not None else ""
    return f"{STATUS_ICON.get(task.status, '')} *{title}*{court}{repeats}".strip()


def due_day(task: Task, tz: str) -> date | None:
    """The day a date-only task is due (the same for every reader); None for an instant."""
    if not task.all_day or task.due_at is None:
        return None
    return task.due_date or task.due_at.astimezone(ZoneInfo(tz)).date()


def court_time(task: Task, court: str = "US-FED") -> str:
    """'11:59 PM Eastern, court time' for a date-only task; '' otherwise."""
    return day_ends_label(task.due_zone, court) if task.all_day and task.due_zone else ""


def due_text(task: Task, *, tz: str, personal: bool = False, court: str | None = None) -> str:
    """The due: a plain date for a date-only task (with the court's end of day when `court` is
    given); for an instant Slack's <!date> in a channel, plain words in the reader's zone in a DM.
    """
    if task.due_at is None:
        return "no due date"
    day = due_day(task, tz)
    if day is not None:
        ends = court_time(task, court) if court else ""
        return f"{plain_day(day)}, {ends}" if ends else plain_day(day)
    if personal:
        return echo(task.due_at, tz=tz, all_day=False)
    return slack_date(task.due_at, tz=tz)


def actions(case: Case, task: Task, *, accept: bool = False) -> dict[str, Any]:
    """The buttons that fit the task's state."""
    ref = task_ref(case, task)
    if task.status != TaskStatus.OPEN:
        elements = [button("Reopen", REOPEN_ACTION, ref), open_case_button(case)]
    else:
        elements = [button("Mark done", DONE_ACTION, ref, style="primary")]
        if accept:
            elements.insert(0, button("Accept", ACCEPT_ACTION, ref))
        else:
            elements += [
                button("Snooze 1 day", SNOOZE_ACTION, ref),
                button("Reassign", REASSIGN_ACTION, ref),
            ]
        elements.append(open_case_button(case))
    return {"type": "actions", "block_id": TASK_ACTIONS_BLOCK, "elements": elements}


def _state(task: Task) -> str:
    if task.status == TaskStatus.DONE:
        return "done"
    if task.status == TaskStatus.CANCELLED:
        return "cancelled"
    return "accepted" if task.accepted_at else "open"


def permalink(url: str, label: str) -> str:
    """A mrkdwn link to a Slack message (only Slack's own permalinks; anything else: nothing)."""
    if not PERMALINK.fullmatch(url):
        return ""
    return f"<{url.replace('&', '&amp;')}|{label}>"


def _source(task: Task) -> str:
    """' · from a message' linking to the message the task was made from, if any."""
    link = permalink(task.source_url or "", "from a message")
    return f" · {link}" if link else ""


def _where(case: Case, task: Task) -> str:
    return f"{clip(case.name, NAME_SHOWN)}{_source(task)}"


def repeat_line(task: Task, repeat: RepeatInfo) -> str:
    """':repeat: Repeats every other Fri at 3:00 PM · `/task skip 3` …', and any holiday move."""
    line = f":repeat: Repeats {escape(repeat.words)}"
    if not repeat.active:
        line += f" (repeat {repeat.status})"
    if repeat.note:
        line += f" · {escape(repeat.note)}"
    if task.status == "open" and repeat.active:
        n = task.number
        line += f" · `/task skip {n}` skips this one · `/task stop {n}` ends the repeat"
    return line


def _card_due(case: Case, task: Task, tz: str) -> str:
    court = case.jurisdiction if task.kind == TaskKind.DEADLINE else None
    return due_text(task, tz=tz, court=court)


def task_card(case: Case, task: Task, *, tz: str, repeat: RepeatInfo | None = None) -> Message:
    """The task's message in the case channel, kept current with chat.update."""
    lines = [
        title_line(task),
        f"Assignee {mention(task.assignee_id)} · Due {_card_due(case, task, tz)} · {_state(task)}",
    ]
    blocks = [
        section("\n".join(lines), TASK_CARD_BLOCK),
        context(f"Added by {mention(task.created_by)} · {_where(case, task)}"),
    ]
    if repeat is not None:
        blocks.append(context(repeat_line(task, repeat)))
    return {
        "text": notification(plain_title(task)),
        "blocks": [*blocks, actions(case, task)],
    }
