"""Pure Block Kit builders and the ids they share with the handlers (see bot.blocks.ids)."""

from bot.blocks.case import CASE_EXAMPLE, case_created, case_help, case_summary
from bot.blocks.common import Message, ephemeral, escape, mention, oops, slack_date
from bot.blocks.ids import *  # noqa: F403

__all__ = [
    "CASE_EXAMPLE",
    "Message",
    "case_created",
    "case_help",
    "case_summary",
    "ephemeral",
    "escape",
    "mention",
    "oops",
    "slack_date",
]
