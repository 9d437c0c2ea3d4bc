"""What the person is told privately when Slack won't open a modal: nothing changed, type this."""

from __future__ import annotations

from bot.blocks.common import Message, ephemeral

NOT_OPENED_EXAMPLES = {
    "task": "/task @bob draft motion to compel by next Friday 5pm",
    "deadline": "/deadline Answer 21 days after service on Jan 5",
}


def not_opened(kind: str) -> Message:
    """Said privately when Slack wouldn't open the New task / New deadline form."""
    name = "New deadline" if kind == "deadline" else "New task"
    return ephemeral(
        f":warning: Slack couldn't open the {name} form just now, so nothing was added. "
        "Please try again, or type it in the case's channel instead.",
        example=NOT_OPENED_EXAMPLES.get(kind, NOT_OPENED_EXAMPLES["task"]),
    )


def snooze_not_opened(ref: str) -> Message:
    """Said privately when Slack wouldn't open the Snooze form of task `ref` (channel:number)."""
    channel, _, number = ref.rpartition(":")
    return ephemeral(
        f":warning: Slack couldn't open the Snooze form just now, so #{number}'s reminder has "
        f"not moved. Please try again, or type this in <#{channel}> (only the reminder moves, "
        "not the due date):",
        example=f"/task snooze {number} tomorrow 9am",
    )


def reassign_not_opened(ref: str) -> Message:
    """Said privately when Slack wouldn't open the Reassign form of task `ref` (channel:number)."""
    channel, _, number = ref.rpartition(":")
    return ephemeral(
        f":warning: Slack couldn't open the Reassign form just now, so #{number} is still with "
        f"whoever had it. Please try again, or type this in <#{channel}> with the @name of "
        "someone in that channel:",
        example=f"/task assign {number} @name",
    )
