"""New task, a court deadline due on a day the court is closed: the form asks which day to save.

The answer to the submission is the same form, everything typed kept, with the question and
its two answers under the due fields (keep the day typed, or the next court day); nothing is
saved until one is chosen. Asked again for the same due, the form says so beside the question.
"""

from __future__ import annotations

from typing import Any

from bot.blocks import ids
from bot.blocks.common import escape, section
from bot.blocks.forms import due_echo, plain
from bot.dates.readings import When

INITIAL = {  # a submitted value -> the element key that shows it again
    "value": "initial_value",
    "selected_option": "initial_option",
    "selected_options": "initial_options",
    "selected_user": "initial_user",
    "selected_users": "initial_users",
    "selected_date": "initial_date",
    "selected_time": "initial_time",
}
KEPT = ("type", "callback_id", "title", "submit", "close", "private_metadata")
CHOOSE = (
    "Choose the day it is due: the court is closed on the day typed. Nothing is saved until then."
)


def answer(
    view: dict[str, Any],
    question: str,
    choices: tuple[tuple[str, When], ...],
    *,
    stamp: str,
    shown: str,
) -> dict[str, Any]:
    """The view_submission ack: the form with the question, or (already asked) an error by it."""
    block_id = f"{ids.CLOSED_DAY_BLOCK}_{stamp}"
    if any(b.get("block_id") == block_id for b in view.get("blocks", [])):
        return {"response_action": "errors", "errors": {block_id: CHOOSE}}
    state = (view.get("state") or {}).get("values") or {}
    blocks: list[dict[str, Any]] = []
    for block in view.get("blocks", []):
        bid = block.get("block_id", "")
        if bid.startswith(ids.CLOSED_DAY_BLOCK):  # a question about an earlier date
            continue
        if bid == ids.DUE_ECHO_BLOCK:
            block = due_echo(f":warning: Due *{shown}*: the court is closed that day.")
        elif block.get("type") == "input":
            block = as_typed(block, state.get(bid) or {})
        blocks.append(block)
        if bid == ids.DUE_TIME_FIELD:
            blocks += _question(question, choices, stamp)
    if not any(b.get("block_id") == block_id for b in blocks):
        blocks += _question(question, choices, stamp)
    updated = {**{k: view[k] for k in KEPT if k in view}, "blocks": blocks}
    return {"response_action": "update", "view": updated}


def as_typed(block: dict[str, Any], state: dict[str, Any]) -> dict[str, Any]:
    """An input block showing what was submitted in it (Slack's state) as its initial value."""
    element = {k: v for k, v in block["element"].items() if k not in INITIAL.values()}
    for submitted in state.values():
        for key, value in submitted.items():
            if key in INITIAL and value not in (None, "", []):
                element[INITIAL[key]] = value
    return {**block, "element": element}


def _question(question: str, choices: tuple[tuple[str, When], ...], stamp: str) -> list[dict]:
    options = [
        {"text": {"type": "plain_text", "text": plain(when.echo, 75)}, "value": value}
        for value, when in choices
    ]
    return [
        section(f":scales: {escape(question)}", f"{ids.CLOSED_DAY_BLOCK}_q_{stamp}"),
        {
            "type": "input",
            "block_id": f"{ids.CLOSED_DAY_BLOCK}_{stamp}",
            "label": {"type": "plain_text", "text": "Which day is it due?"},
            "optional": True,  # a date changed to an open day needs no answer
            "element": {
                "type": "radio_buttons",
                "action_id": ids.CLOSED_DAY_FIELD,
                "options": options,
            },
        },
    ]
