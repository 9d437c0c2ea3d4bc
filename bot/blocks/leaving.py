"""Builders for the case channel when its lead leaves: no lead, and escalations that come here."""

from __future__ import annotations

from bot.blocks.alerts import NOUNS, REASONS, days_left, lead_overdue, time_left
from bot.blocks.common import Message, context, mention, notification, section, shown
from bot.blocks.ids import DONE_ACTION, REASSIGN_ACTION, TASK_ACTIONS_BLOCK
from bot.blocks.task import (
    NAME_SHOWN,
    button,
    clip,
    due_day,
    due_text,
    open_case_button,
    plain_title,
    task_ref,
    title_line,
)
from bot.services.notice_types import Notice
from bot.vocab import TaskKind

SET_LEAD = "Anyone in this channel can make someone the lead: `/case set lead @name`."
SHOWN = 5


def _who(notice: Notice) -> str:
    """The person's name (who left, or who was not reached) as plain text, never a mention."""
    name = str(notice.payload.get("name") or "").strip()
    return shown(name, 60) if name else "a member"


def lead_left(notice: Notice, tz: str) -> Message:
    """Told once in the case channel: the lead left (the case has no lead), or someone left
    holding open tasks while the case has no lead; their open tasks with Reassign buttons."""
    case = notice.case
    assert case
    held = [t for t in (notice.content if isinstance(notice.content, list) else []) if t]
    name = clip(case.name, NAME_SHOWN)
    who = _who(notice)
    if notice.payload.get("was_lead"):
        head = (
            f":warning: The case lead, {who}, left this channel: *{name}* has no lead now. "
            "Until someone leads it, overdue escalations for the lead, and the reminders of "
            "tasks still assigned to them, come to this channel. "
            f"{SET_LEAD}"
        )
        summary = f"{case.name} has no lead: its lead left the channel"
    else:
        head = (
            f":wave: {who} left this channel still holding open tasks, and *{name}* has no lead "
            f"to tell. Until a task is reassigned, its reminders come here. {SET_LEAD}"
        )
        summary = f"An assignee left {case.name}, which has no lead"
    lines = "\n".join(f"• {title_line(t)} · due {due_text(t, tz=tz)}" for t in held[:SHOWN])
    more = f"\n…and {len(held) - SHOWN} more" if len(held) > SHOWN else ""
    blocks = [section(head)]
    if held:
        blocks.append(section(f"Still assigned to {who}:\n{lines}{more}"))
        blocks.append(context("The new lead, or whoever added a task, can reassign it."))
        blocks.extend(
            {
                "type": "actions",
                "block_id": f"{TASK_ACTIONS_BLOCK}_{t.number}",
                "elements": [button(f"Reassign #{t.number}", REASSIGN_ACTION, task_ref(case, t))],
            }
            for t in held[:SHOWN]
        )
    return {"text": notification(clip(summary, 150)), "blocks": blocks}


def no_lead_overdue(notice: Notice, tz: str) -> Message:
    """The lead's overdue escalation, posted in the channel because the case has no lead."""
    message = lead_overdue(notice, tz)
    note = context(f":bust_in_silhouette: This case has no lead to escalate to. {SET_LEAD}")
    return {**message, "blocks": [*message["blocks"], note]}


def no_lead_failure(notice: Notice, tz: str) -> Message:
    """The lead's failure note, posted in the channel because the case has no lead: who was
    not reached is named as plain text (never a mention)."""
    case = notice.case
    assert case
    reason = str(notice.payload.get("reason", ""))
    why = REASONS.get(reason, f"Slack answered `{reason}`")
    noun = NOUNS.get(str(notice.payload.get("kind", "")), "a message")
    text = (
        f":warning: Docket couldn't deliver {noun} for *{clip(case.name, NAME_SHOWN)}* "
        f"to {_who(notice)}: {why}. I won't retry it."
    )
    note = (
        ":bust_in_silhouette: This case has no lead to tell, so it is said here, once per "
        f"reason. {SET_LEAD}"
    )
    return {"text": notification(text), "blocks": [section(text), context(note)]}


def _left_reminder(notice: Notice, tz: str, *, who: str, whom: str) -> Message:
    """A reminder the assignee would have had, sent to whom (the lead, or this channel)."""
    case, task = notice.case, notice.task
    assert case and task and task.due_at and notice.now
    kind = "Court deadline" if task.kind == TaskKind.DEADLINE else "Task"
    day = due_day(task, tz)
    if notice.now >= task.due_at:
        left = "overdue"
    else:
        soon = days_left(day, notice.now, tz) if day else time_left(task.due_at, notice.now)
        left = f"due {soon}"
    due = due_text(task, tz=tz, personal=True, court=case.jurisdiction)
    text = (
        f":alarm_clock: {kind} {left}: {title_line(task)}\n*{clip(case.name, NAME_SHOWN)}* · "
        f"due {due}\nAssigned to {who}, who left the case channel, so its reminders come to "
        f"{whom} until it is reassigned."
    )
    buttons = [
        button("Reassign", REASSIGN_ACTION, task_ref(case, task), style="primary"),
        button("Mark done", DONE_ACTION, task_ref(case, task)),
        open_case_button(case),
    ]
    actions = {"type": "actions", "block_id": TASK_ACTIONS_BLOCK, "elements": buttons}
    fallback = f"{kind} {left} (assignee left): {plain_title(task)}"
    return {"text": notification(clip(fallback, 150)), "blocks": [section(text), actions]}


def left_alert(notice: Notice, tz: str) -> Message:
    """To the lead by DM: a reminder of a task whose assignee left the case channel."""
    return _left_reminder(notice, tz, who=mention(notice.payload.get("left")), whom="you")


def no_lead_left_alert(notice: Notice, tz: str) -> Message:
    """In the case channel (no lead): the same reminder, the assignee named as plain text."""
    message = _left_reminder(notice, tz, who=_who(notice), whom="this channel")
    note = context(f":bust_in_silhouette: This case has no lead. {SET_LEAD}")
    return {**message, "blocks": [*message["blocks"], note]}
