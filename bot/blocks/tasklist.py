"""Builders for task lists, task details and the /task and /deadline help."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.case import describe
from bot.blocks.common import (
    Message,
    context,
    mention,
    notification,
    packed,
    section,
    shown,
    slack_date,
)
from bot.blocks.task import NAME_SHOWN, actions, due_text, plain_title, repeat_line, title_line
from bot.models import AuditEvent, Case, Task
from bot.services.export import Entry
from bot.services.listing import Listing
from bot.services.notice_types import RepeatInfo

SHOWN_PER_GROUP = 15

TASK_HELP = [
    (
        "`/task [@who …] TITLE [by WHEN]`",
        "add a task, e.g. `/task @bob draft motion to compel by next Friday 5pm` (no @: yours; "
        "several @: one task each; no date: undated; quote a title that contains “by”)",
    ),
    (
        "`/task list` · `list mine` · `list @user` · `list overdue`",
        "open tasks, grouped by urgency",
    ),
    ("`/task done 12` · `reopen 12` · `cancel 12`", "close, reopen or cancel task #12"),
    ("`/task due 12 WHEN`", "change the due date, e.g. `/task due 12 Monday 9am`"),
    ("`/task assign 12 @user`", "hand #12 to someone in this channel (both are told)"),
    ("`/task snooze 12 WHEN`", "move only #12's reminder, not its due date"),
    ("`/task show 12`", "details and history of #12"),
    (
        "`/task TITLE every WHEN`",
        "a repeating task, e.g. `/task @bob send the client a status update every other Friday "
        "3pm` or `/task trust account review on the first business day of each month`",
    ),
    ("`/task skip 12` · `/task stop 12`", "skip one occurrence of a repeat, or end the repeat"),
    ("`/task calendar` · `calendar reset`", "your private calendar link to your own open tasks"),
]
DEADLINE_HELP = [
    (
        "`/deadline TITLE WHEN`",
        "a court deadline, e.g. `/deadline Opposition 9 court days before the 12/7 hearing` or "
        "`/deadline Answer 21 days after service on Dec 1`; counted with the case's jurisdiction "
        "(`/case set jurisdiction`) and shown with a worksheet",
    ),
    ("`/deadline @who TITLE WHEN`", "assign it at once (default: you)"),
]
WHO_MAY = (
    "The assignee, the creator and the case lead may complete, reschedule or reassign a "
    "task; anyone in the channel may add one."
)


def _help(title: str, rows: list[tuple[str, str]], extra: str) -> Message:
    lines = "\n".join(f"• {usage} — {what}" for usage, what in rows)
    return {
        "response_type": "ephemeral",
        "text": title,
        "blocks": [section(f"*{title}*"), section(lines), context(extra)],
    }


def task_help() -> Message:
    """Every /task form, ephemeral."""
    return _help(
        "How to use /task",
        TASK_HELP,
        f"{WHO_MAY} Dates: “Fri 5pm”, “eod tomorrow”, “in 3 business days”, “12/18”.",
    )


def deadline_help() -> Message:
    """Every /deadline form, ephemeral."""
    return _help(
        "How to use /deadline",
        DEADLINE_HELP,
        "Court deadlines are listed, assigned and completed like tasks (use `/task`), "
        "and their reminders can't be snoozed past the due moment.",
    )


def _row(task: Task, case: Case | None, *, tz: str, show_case: bool) -> str:
    where = f" · _{shown(case.name, NAME_SHOWN)}_" if show_case and case else ""
    return f"{title_line(task)} — {mention(task.assignee_id)} · {due_text(task, tz=tz)}{where}"


def heading_of(result: Listing) -> str:
    """The list's title, escaped, with the person whose tasks these are as a mention."""
    title = shown(result.title, 400)
    return f"{title} for {mention(result.assignee_id)}" if result.assignee_id else title


def _away(result: Listing) -> str:
    """Why a person listed may have nothing here: they are not in the case's channel."""
    return f"{mention(result.assignee_id)} is not a member of this case's channel."


def listing(result: Listing, *, tz: str) -> Message:
    """An ephemeral list of open tasks, grouped by urgency."""
    if not result.count:
        empty = (
            f"{_away(result)} Nothing here is assigned to them."
            if result.assignee_away
            else "Nothing open. :tada:"
        )
        return {
            "response_type": "ephemeral",
            "text": notification(
                f"{heading_of(result)}: {empty if result.assignee_away else 'nothing open.'}"
            ),
            "blocks": [section(f"*{heading_of(result)}*\n{empty}")],
        }
    show_case = result.across_cases or len(result.cases) > 1
    counted = (
        f"{result.count}" if not result.total else f"the first {result.count} of {result.total}"
    )
    blocks: list[dict[str, Any]] = [section(f"*{heading_of(result)}* ({counted})")]
    hidden = bool(result.total)
    for label, tasks in result.groups.items():
        rows = [
            _row(t, result.cases.get(t.case_id), tz=tz, show_case=show_case)
            for t in tasks[:SHOWN_PER_GROUP]
        ]
        more = len(tasks) - SHOWN_PER_GROUP
        if more > 0:
            rows.append(f"…and {more} more")
            hidden = True
        said = len(result.groups) == 1 and result.title.lower().startswith(label.lower())
        heading = "" if said else f"*{label}*\n"  # "Overdue tasks in X": not "Overdue" again
        blocks += packed([heading + rows[0], *rows[1:]])
    if result.assignee_away:  # left the channel with tasks still open here
        first = next(iter(result.groups.values()))[0].number
        blocks.append(
            context(
                f"{_away(result)} Hand a task on with `/task assign {first}` and an @name "
                "from this channel."
            )
        )
    if hidden:  # some are not listed: say where they are
        blocks.append(context(_where_the_rest_are(result)))
    text = notification(heading_of(result))
    return {"response_type": "ephemeral", "text": text, "blocks": blocks[:50]}


def _where_the_rest_are(result: Listing) -> str:
    """How to see the tasks a cut list leaves out."""
    if result.mine:
        return (
            "`/task list` in a case's channel lists that case's tasks; `/task calendar` gives "
            "you a calendar link with every task of yours."
        )
    if result.assignee_id or result.title.startswith("Overdue"):
        return "`/case export` sends you every task of this case by DM."
    return (
        "`/task list overdue` or `/task list @name` lists fewer at a time; `/case export` sends "
        "you every task of this case by DM."
    )


def detail(
    case: Case,
    task: Task,
    events: list[AuditEvent],
    *,
    tz: str,
    repeat: RepeatInfo | None = None,
) -> Message:
    """Everything about one task, its repeat (if any) and its history (ephemeral)."""
    lines = [
        title_line(task),
        f"Assignee {mention(task.assignee_id)} · Due "
        f"{due_text(task, tz=tz, court=case.jurisdiction)} · {task.status}",
        f"Created by {mention(task.created_by)} {slack_date(task.created_at, tz=tz)}",
    ]
    if task.remind_at:
        lines.append(f"Reminder snoozed to {slack_date(task.remind_at, tz=tz)}")
    if repeat is not None:
        lines.append(repeat_line(task, repeat))
    entries = [
        Entry(
            event=e,
            before=json.loads(e.before) if e.before else {},
            after=json.loads(e.after) if e.after else {},
            task_number=task.number,
        )
        for e in events[:20]
    ]
    lines_of_history = [
        f"• {slack_date(e.event.at, tz=tz)} · {mention(e.event.actor_id)} {describe(e, tz=tz)}"
        for e in entries
    ]
    history = "\n".join(lines_of_history) or "• nothing yet"
    return {
        "response_type": "ephemeral",
        "text": notification(plain_title(task)),
        "blocks": [
            section("\n".join(lines)),
            section(f"*History*\n{history}"),
            actions(case, task),
        ],
    }
