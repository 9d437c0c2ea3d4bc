"""Builders for the answers to /task and /deadline: what was added or changed, which date."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.blocks.common import Message, context, escape, mention, notification, section, slack_date
from bot.blocks.ids import PICK_DATE_ACTIONS, QUESTION_BLOCK
from bot.blocks.task import VERIFY, button, clip, due_text, task_card
from bot.dates.readings import When, echo, echo_typed, zone_key
from bot.dates.recurrence import Rule
from bot.models import Case, Task
from bot.services.answers import Answer
from bot.services.notice_types import RepeatInfo
from bot.vocab import TaskKind


def echo_due(tasks: list[Task], when: When | None, *, tz: str, court: str) -> str:
    """'due *Mon Dec 7, 2026, 11:59 PM Eastern, court time*' as understood; 'no due date'."""
    if when is None or not tasks:
        return "no due date"
    if tasks[0].all_day:
        deadline = tasks[0].kind == TaskKind.DEADLINE
        return f"due *{due_text(tasks[0], tz=tz, court=court if deadline else None)}*"
    return f"due *{echo_typed(when, tz=tz)}*"


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
    n = first.number
    if rule.moves:
        blocks.append(context(court_moves_text(rule.moves)))
    if first.kind == "deadline":
        blocks.append(context(VERIFY))
    blocks.append(
        context(
            f"Each occurrence is a task of its own; the next comes when #{n} is done or falls "
            f"due. `/task skip {n}` skips one; `/task stop {n}` ends the repeat."
        )
    )
    return {"response_type": "ephemeral", "text": notification(text), "blocks": blocks}


MOVES_SHOWN = 6


def court_moves_text(moves: tuple[str, ...]) -> str:
    """The occurrences in the coming year a court's closed days move, each with why."""
    shown = [f"• {escape(m)}" for m in moves[:MOVES_SHOWN]]
    more = len(moves) - MOVES_SHOWN
    if more > 0:
        shown.append(f"• and {more} more")
    return (
        ":calendar: Later occurrences the court's calendar moves in the coming year:\n"
        + "\n".join(shown)
        + "\nA date fixed by a court order may not move: when that occurrence is made, "
        "`/task due` with its number and the date asks whether to keep it."
    )


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
            | ({"zone": zone_key(when.zone)} if when.zone else {})
        )
        if len(value) <= 2000:  # each button its own action_id: Slack wants them unique
            buttons.append(button(when.echo, action_id, value))
    if buttons:
        blocks.append({"type": "actions", "elements": buttons})
    else:
        blocks.append(context("Please type the command again with a full date, e.g. 12/4/2026."))
    return {"response_type": "ephemeral", "text": notification(escape(text)), "blocks": blocks}


def already_saved(case: Case, task: Task, *, by: str, tz: str) -> Message:
    """A click on a question answered before: what was saved then (no live buttons)."""
    court = case.jurisdiction if task.kind == TaskKind.DEADLINE else None
    due = due_text(task, tz=tz, court=court)
    kind = "court deadline" if task.kind == TaskKind.DEADLINE else "task"
    text = (
        f"Already saved: {kind} #{task.number} *{escape(clip(task.title))}* due {due} "
        f"(chosen by {mention(by)}). Nothing changed; `/task due {task.number} DATE` moves it."
    )
    return {"response_type": "ephemeral", "text": notification(text), "blocks": [section(text)]}


def already_chosen(answer: Answer, *, user: str, tz: str) -> Message:
    """A click on a question settled by an earlier choice (a follow-up may still be open)."""
    who = "you" if answer.actor_id == user else mention(answer.actor_id)
    text = (
        f"Already answered: {who} chose *{escape(answer.choice)}* "
        f"({slack_date(answer.at, tz=tz)}). Nothing changed by this click."
    )
    return {"response_type": "ephemeral", "text": notification(text), "blocks": [section(text)]}
