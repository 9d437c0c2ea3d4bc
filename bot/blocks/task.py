"""Builders for task cards, delegation DMs and the answers to /task and /deadline."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
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
    unescape_mrkdwn,
)
from bot.blocks.ids import (
    ACCEPT_ACTION,
    DONE_ACTION,
    OPEN_CASE_ACTION,
    PICK_DATE_ACTIONS,
    QUESTION_BLOCK,
    REASSIGN_ACTION,
    REASSIGN_USER_ACTION,
    REASSIGN_USER_BLOCK,
    REASSIGN_VIEW,
    REOPEN_ACTION,
    SNOOZE_ACTION,
    TASK_ACTIONS_BLOCK,
    TASK_CARD_BLOCK,
)
from bot.courts.zones import day_ends_label
from bot.dates.reader import When, echo
from bot.dates.recurrence import Rule
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


def echo_due(tasks: list[Task], when: When | None, *, tz: str, court: str) -> str:
    """'due *Mon Dec 7, 2026, 11:59 PM Eastern, court time*' as understood; 'no due date'."""
    if when is None or not tasks:
        return "no due date"
    if tasks[0].all_day:
        deadline = tasks[0].kind == TaskKind.DEADLINE
        return f"due *{due_text(tasks[0], tz=tz, court=court if deadline else None)}*"
    return f"due *{echo(when.due, tz=tz, all_day=False)}*"


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


def repeat_added(case: Case, tasks: list[Task], rule: Rule, *, tz: str) -> Message:
    """The echo of a repeating task: the rule and its next occurrence, with any holiday move."""
    first = tasks[0]
    kind = "court deadline" if first.kind == "deadline" else "task"
    numbers = ", ".join(f"#{t.number}" for t in tasks)
    people = ", ".join(mention(t.assignee_id) for t in tasks)
    due = echo(rule.first.due, tz=tz, all_day=rule.first.all_day)
    text = (
        f"Added repeating {kind} {numbers} *{clip(first.title)}* for {people}: "
        f"*{escape(rule.words)}*, next *{due}*."
    )
    blocks = [section(text)]
    if rule.first.note:
        blocks.append(context(f":calendar: {escape(rule.first.note)}."))
    if first.kind == "deadline":
        blocks.append(context(VERIFY))
    n = first.number
    blocks.append(
        context(
            f"Each occurrence is a task of its own; the next comes when #{n} is done or falls "
            f"due. `/task skip {n}` skips one; `/task stop {n}` ends the repeat."
        )
    )
    return {"response_type": "ephemeral", "text": notification(text), "blocks": blocks}


def task_added(
    case: Case, tasks: list[Task], when: When | None, *, tz: str, rule: Rule | None = None
) -> Message:
    """The ephemeral echo of what was understood, in the requester's zone."""
    if rule is not None:
        return repeat_added(case, tasks, rule, tz=tz)
    first = tasks[0]
    kind = "court deadline" if first.kind == TaskKind.DEADLINE else "task"
    numbers = ", ".join(f"#{t.number}" for t in tasks)
    people = ", ".join(mention(t.assignee_id) for t in tasks)
    due = echo_due(tasks, when, tz=tz, court=case.jurisdiction)
    text = f"Added {kind} {numbers} *{clip(first.title)}* for {people}, {due}."
    blocks = [section(text)]
    if when and when.worksheet:
        blocks.append(
            section("*Worksheet*\n" + "\n".join(f"• {escape(s)}" for s in when.worksheet))
        )
    if first.kind == TaskKind.DEADLINE:
        blocks.append(context(VERIFY))
    blocks.append(
        context(
            "Not what you meant? `/task due "
            f"{first.number} DATE` fixes the date; `/task cancel {first.number}` "
            "removes it."
        )
    )
    return {"response_type": "ephemeral", "text": notification(text), "blocks": blocks}


def changed(
    case: Case,
    task: Task,
    what: str,
    *,
    tz: str,
    repeat: RepeatInfo | None = None,
    following: Task | None = None,
    reminder: datetime | None = None,
    when: When | None = None,
) -> Message:
    """Ephemeral confirmation of a change, with the task's current card (and its next reminder).

    `when`: the due chosen, whose worksheet is shown under the card.
    """
    card = task_card(case, task, tz=tz, repeat=repeat)
    if reminder is not None:
        what = f"{what} Next reminder: {slack_date(reminder, tz=tz)}."
    if following is not None:
        due = due_text(following, tz=tz, personal=True)
        what = f"{what} Next occurrence: #{following.number}, due {due}."
    steps = when.worksheet if when else ()
    sheet = [section("*Worksheet*\n" + "\n".join(f"• {escape(s)}" for s in steps))] if steps else []
    return {
        "response_type": "ephemeral",
        "text": notification(what),
        "blocks": [section(what), *sheet, *card["blocks"]],
    }


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


def question(
    text: str,
    options: tuple[When, ...],
    *,
    resubmit: dict[str, Any],
    action_ids: tuple[str, ...] = PICK_DATE_ACTIONS,
) -> Message:
    """Ask which date was meant; each option re-submits the request with that date."""
    blocks: list[dict[str, Any]] = [section(f":thinking_face: {escape(text)}", QUESTION_BLOCK)]
    buttons = []
    for action_id, when in zip(action_ids, options, strict=False):
        value = json.dumps(
            {**resubmit, "due": when.due.isoformat(), "all_day": when.all_day, "echo": when.echo}
            | ({"worksheet": list(when.worksheet)} if when.worksheet else {})
        )
        if len(value) <= 2000:  # each button its own action_id: Slack wants them unique
            buttons.append(button(when.echo, action_id, value))
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    else:
        blocks.append(context("Please type the command again with a full date, e.g. 12/4/2026."))
    return {"response_type": "ephemeral", "text": notification(escape(text)), "blocks": blocks}


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
