"""Rendering an outbox notice (card, DM, thread note, alert, digest) as a Slack message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import alerts, digest, leaving
from bot.blocks.common import Message, context, mention, notification
from bot.blocks.delegation import accept_note, assign_dm, unassign_dm
from bot.blocks.ids import TASK_ACTIONS_BLOCK
from bot.blocks.task import actions, open_case_button, task_card
from bot.services.notice_types import Notice
from bot.vocab import OutboxKind, TaskStatus

CLOSED_WORDS = {
    TaskStatus.DONE: ":white_check_mark: Marked done.",
    TaskStatus.CANCELLED: ":no_entry: Cancelled.",
}

Builder = Callable[[Notice, str], Message]


def _card(notice: Notice, tz: str) -> Message:
    assert notice.case and notice.task
    return task_card(notice.case, notice.task, tz=tz, repeat=notice.repeat)


def _assign(notice: Notice, tz: str) -> Message:
    assert notice.case and notice.task
    return assign_dm(notice.case, notice.task, notice.payload.get("actor", ""), tz=tz)


def _unassign(notice: Notice, tz: str) -> Message:
    assert notice.case and notice.task
    return unassign_dm(
        notice.case, notice.task, notice.payload.get("actor", ""), notice.payload.get("new")
    )


def _dm_update(notice: Notice, tz: str) -> Message:
    """A delegation DM redrawn after its task changed elsewhere: the buttons that fit now."""
    case, task = notice.case, notice.task
    assert case and task
    dm = assign_dm(case, task, notice.payload.get("actor", ""), tz=tz)
    first = dm["blocks"][0]
    if task.assignee_id != notice.row.recipient:
        what = f"Reassigned to {mention(task.assignee_id)}: it's off your list."
        link = {
            "type": "actions",
            "block_id": TASK_ACTIONS_BLOCK,
            "elements": [open_case_button(case)],
        }
        return {"text": notification(what), "blocks": [first, context(what), link]}
    if task.status in CLOSED_WORDS:
        what = CLOSED_WORDS[task.status]
        return {"text": notification(what), "blocks": [first, context(what), actions(case, task)]}
    if task.accepted_at is None:
        return dm  # reopened or moved, not yet accepted: as it was first sent
    what = "Accepted. The team sees it in the case channel."
    return {"text": dm["text"], "blocks": [first, context(what), actions(case, task)]}


def _accepted(notice: Notice, tz: str) -> Message:
    assert notice.task
    return accept_note(notice.task)


def _reply(notice: Notice, tz: str) -> Message:
    """A request's answer, rendered when the request was handled."""
    return dict(notice.payload.get("message") or {})


BUILDERS: dict[OutboxKind, Builder] = {
    OutboxKind.TASK_CARD: _card,
    OutboxKind.CARD_UPDATE: _card,
    OutboxKind.ASSIGN_DM: _assign,
    OutboxKind.UNASSIGN_DM: _unassign,
    OutboxKind.DM_UPDATE: _dm_update,
    OutboxKind.ACCEPT_NOTE: _accepted,
    OutboxKind.ALERT: alerts.alert,
    OutboxKind.OVERDUE: alerts.overdue,
    OutboxKind.LEAD_OVERDUE: alerts.lead_overdue,
    OutboxKind.FAILURE_NOTE: alerts.failure_note,
    OutboxKind.CARD_REFUSED: alerts.card_refused,
    OutboxKind.ASSIGNEE_LEFT: alerts.assignee_left,
    OutboxKind.LEAD_LEFT: leaving.lead_left,
    OutboxKind.NO_LEAD_OVERDUE: leaving.no_lead_overdue,
    OutboxKind.NO_LEAD_FAILURE: leaving.no_lead_failure,
    OutboxKind.LEFT_ALERT: leaving.left_alert,
    OutboxKind.NO_LEAD_LEFT_ALERT: leaving.no_lead_left_alert,
    OutboxKind.DIGEST: digest.from_notice,
    OutboxKind.PERSONAL_DIGEST: digest.from_notice,
    OutboxKind.REPLY: _reply,
}


def _when(moment: datetime, tz: str) -> str:
    """'9:00 AM EST, Tue Dec 1' in zone tz."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%-I:%M %p %Z}, {local:%a %b} {local.day}"


def late_note(notice: Notice, tz: str) -> str:
    """Why a row went out after its time: 'Sent late (due 9:00 AM EST, Tue Dec 1): Slack refused
    Docket's token, so Docket held it until 9:15 AM EST, Tue Dec 1' when it was held for that
    (until: when it went out), else 'Docket was offline'."""
    due = _when(notice.row.due_at, tz)
    if notice.held and notice.now is not None:
        until = _when(notice.now, tz)
        return (
            f":hourglass: Sent late (due {due}): Slack refused Docket's token, "
            f"so Docket held it until {until}."
        )
    return f":hourglass: Sent late: Docket was offline at {due}."


def render(notice: Notice, *, tz: str) -> Message:
    """The message for a notice, in the reader's zone tz."""
    message: dict[str, Any] = dict(BUILDERS[notice.row.kind](notice, tz))
    if notice.late and notice.row.kind not in (
        OutboxKind.TASK_CARD,
        OutboxKind.CARD_UPDATE,
        OutboxKind.REPLY,
    ):
        message["blocks"] = [*message.get("blocks", []), context(late_note(notice, tz))]
    return message
