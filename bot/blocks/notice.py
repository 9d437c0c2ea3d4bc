"""Rendering an outbox notice (card, DM, thread note, alert, digest) as a Slack message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import alerts, digest
from bot.blocks.common import Message, context
from bot.blocks.task import accept_note, assign_dm, task_card, unassign_dm
from bot.services.notice_types import Notice

Builder = Callable[[Notice, str], Message]


def _card(notice: Notice, tz: str) -> Message:
    assert notice.case and notice.task
    return task_card(notice.case, notice.task, tz=tz)


def _assign(notice: Notice, tz: str) -> Message:
    assert notice.case and notice.task
    return assign_dm(notice.case, notice.task, notice.payload.get("actor", ""), tz=tz)


def _unassign(notice: Notice, tz: str) -> Message:
    assert notice.case and notice.task
    return unassign_dm(
        notice.case, notice.task, notice.payload.get("actor", ""), notice.payload.get("new")
    )


def _accepted(notice: Notice, tz: str) -> Message:
    assert notice.task
    return accept_note(notice.task)


BUILDERS: dict[str, Builder] = {
    "task_card": _card,
    "card_update": _card,
    "assign_dm": _assign,
    "unassign_dm": _unassign,
    "accept_note": _accepted,
    "alert": alerts.alert,
    "overdue": alerts.overdue,
    "lead_overdue": alerts.lead_overdue,
    "failure_note": alerts.failure_note,
    "digest": digest.from_notice,
    "personal_digest": digest.from_notice,
}


def late_note(notice: Notice, tz: str) -> str:
    """'Sent late: Docket was offline at 9:00 AM EST, Tue Dec 1' for a row sent after its time."""
    local = notice.row.due_at.astimezone(ZoneInfo(tz))
    when = f"{local:%-I:%M %p %Z}, {local:%a %b} {local.day}"
    return f":hourglass: Sent late: Docket was offline at {when}."


def render(notice: Notice, *, tz: str) -> Message:
    """The message for a notice, in the reader's zone tz."""
    message: dict[str, Any] = dict(BUILDERS[notice.row.kind](notice, tz))
    if notice.late and notice.row.kind not in ("task_card", "card_update"):
        message["blocks"] = [*message.get("blocks", []), context(late_note(notice, tz))]
    return message
