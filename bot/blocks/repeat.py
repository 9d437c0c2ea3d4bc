"""Builders for repeats: the start question and the client-update cadence answer."""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.common import Message, context, escape, mention, notification, section
from bot.blocks.ids import PICK_START_ACTIONS, REPEAT_QUESTION_BLOCK
from bot.blocks.task import button
from bot.dates.readings import echo
from bot.services.client_updates import Cadence
from bot.services.repeats import Handed, Handover

CLIENT_EXAMPLE = "/case set client-updates every 2 weeks"


def start_question(
    text: str, choices: tuple[tuple[str, str], ...], *, resubmit: dict[str, Any]
) -> Message:
    """Ask when a repeat starts; each button re-submits the command with that start."""
    blocks: list[dict[str, Any]] = [
        section(f":thinking_face: {escape(text)}", REPEAT_QUESTION_BLOCK)
    ]
    buttons = []
    for action_id, (label, repeat) in zip(PICK_START_ACTIONS, choices, strict=False):
        value = json.dumps({**resubmit, "repeat": repeat})
        if len(value) <= 2000:  # Slack's limit on a button's value
            buttons.append(button(label, action_id, value))
    if len(buttons) == len(choices) and buttons:
        blocks.append({"type": "actions", "elements": buttons})
    else:
        blocks.append(context("Please type the command again with one of the phrases above."))
    return {"response_type": "ephemeral", "text": notification(escape(text)), "blocks": blocks}


def handed_words(number: int, handed: Handed | None) -> str:
    """What reassigning #number did, its repeat included."""
    if handed is None:
        return f"Reassigned #{number}."
    who = mention(handed.keeper)
    if handed.how == Handover.FOLLOWED:
        return (
            f"Reassigned #{number}, and future occurrences too: its repeat now goes to {who}. "
            f"(`/task assign {number} @name only` hands over one occurrence alone.)"
        )
    if handed.how == Handover.ONLY:
        return f"Reassigned #{number} only; its repeat's future occurrences stay with {who}."
    return (
        f"Reassigned #{number} only: it is an earlier occurrence, so its repeat's next ones "
        f"stay with {who}."
    )


def client_cadence(cadence: Cadence, *, tz: str) -> Message:
    """Ephemeral confirmation of `/case set client-updates`: the rule and the first update due."""
    if cadence.rule is None or cadence.task is None:
        text = (
            f"Client updates for *{escape(cadence.case.name)}* are off. Any open update task "
            f"stays; `/task cancel N` removes it. `{CLIENT_EXAMPLE}` turns them back on."
        )
        return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}
    rule, task = cadence.rule, cadence.task
    due = echo(rule.first.due, tz=tz, all_day=rule.first.all_day)
    text = (
        f"The client of *{escape(cadence.case.name)}* is to be updated *{escape(rule.words)}*: "
        f"task #{task.number} *{escape(task.title)}* for {mention(task.assignee_id)}, "
        f"first due *{due}*."
    )
    blocks = [section(text)]
    if rule.first.note:
        blocks.append(context(f":calendar: {escape(rule.first.note)}."))
    blocks.append(
        context(
            "Mark each update done when the client has heard from you; the digest shows when "
            "that last happened and flags an overdue update. `/case set client-updates off` "
            "stops them."
        )
    )
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
