"""Pure Block Kit builders and the ids they share with the handlers (see bot.blocks.ids)."""

from bot.blocks.case import (
    CASE_EXAMPLE,
    case_changed,
    case_created,
    case_help,
    case_history,
    case_list,
    case_summary,
    export_comment,
    export_sent,
)
from bot.blocks.common import Message, ephemeral, escape, mention, oops, slack_date
from bot.blocks.ids import *  # noqa: F403

__all__ = [
    "CASE_EXAMPLE",
    "Message",
    "case_changed",
    "case_created",
    "case_help",
    "case_history",
    "case_list",
    "case_summary",
    "export_comment",
    "export_sent",
    "ephemeral",
    "escape",
    "mention",
    "oops",
    "slack_date",
]
