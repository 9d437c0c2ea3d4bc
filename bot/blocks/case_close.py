"""/case close while tasks are open: the question (what stops), and what the answer did."""

from __future__ import annotations

import json

from bot.blocks.common import Message, context, mention, notification, section, shown, slack_date
from bot.blocks.ids import CLOSE_ASK_BLOCK, CLOSE_CONFIRM_ACTION, CLOSE_KEEP_ACTION
from bot.blocks.task import NAME_SHOWN, button, due_text, title_line
from bot.services.answers import Answer
from bot.services.closing import KEPT_OPEN, CloseAsk


def close_ask(ask: CloseAsk, *, tz: str, asked: str | None = None) -> Message:
    """Ephemeral: N open tasks (the next due), their reminders and the digest stop; confirm.

    `asked`: the asking request's key, carried by both buttons (the question's identity)."""
    case = ask.case
    name = shown(case.name, NAME_SHOWN)
    tasks = f"{ask.open_tasks} open task{'s' if ask.open_tasks != 1 else ''}"
    repeating = f" ({ask.repeating} repeating)" if ask.repeating else ""
    head = f":warning: *{name}* still has {tasks}{repeating}."
    if ask.again:
        head = (
            f":warning: The case changed since you were asked: *{name}* now has {tasks}{repeating}."
        )
    lines = [head]
    if ask.next_due is not None:
        due = due_text(ask.next_due, tz=tz, court=case.jurisdiction)
        lines.append(f"Next due: {title_line(ask.next_due)} · {due}")
    repeats = " repeating tasks make no new occurrences," if ask.repeating else ""
    lines.append(
        "If you close the case, the reminders and overdue notices of its open tasks and the "
        f"case digest stop,{repeats} and no new tasks can be added."
    )
    number = ask.next_due.number if ask.next_due is not None else 1
    value = json.dumps({"channel": case.channel_id, "state": ask.state, "asked": asked})
    buttons = [
        button("Close anyway", CLOSE_CONFIRM_ACTION, value, style="danger"),
        button("Keep open", CLOSE_KEEP_ACTION, value),
    ]
    return {
        "response_type": "ephemeral",
        "text": notification(f"Close {shown(case.name, NAME_SHOWN)}? {tasks} still open"),
        "blocks": [
            section("\n".join(lines), CLOSE_ASK_BLOCK),
            {"type": "actions", "block_id": CLOSE_ASK_BLOCK + "_buttons", "elements": buttons},
            context(
                f"Or finish or cancel them first (`/task done {number}`, "
                f"`/task cancel {number}`), then `/case close`. `/task list` shows them."
            ),
        ],
    }


def close_answered(text: str) -> Message:
    """The question replaced by what was decided (no live buttons)."""
    return {"response_type": "ephemeral", "text": notification(text), "blocks": [section(text)]}


def close_already_answered(answer: Answer, *, tz: str) -> Message:
    """A click on a close question decided before: what was decided, by whom, when."""
    then = "`/case close` asks again." if answer.choice == KEPT_OPEN else "`/case reopen` opens it."
    text = (
        f"Already answered: {answer.choice} by {mention(answer.actor_id)} at "
        f"{slack_date(answer.at, tz=tz)}. Nothing changed; {then}"
    )
    return close_answered(text)
