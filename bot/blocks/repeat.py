"""Builders for the client-update cadence answer."""

from __future__ import annotations

from bot.blocks.common import Message, context, escape, mention, section
from bot.dates.reader import echo
from bot.services.client_updates import Cadence

CLIENT_EXAMPLE = "/case set client-updates every 2 weeks"


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
