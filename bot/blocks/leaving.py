"""Builders for the case channel when its lead leaves: no lead, and escalations that come here."""

from __future__ import annotations

from bot.blocks.alerts import NOUNS, REASONS, lead_overdue
from bot.blocks.common import Message, context, notification, section, shown
from bot.blocks.ids import REASSIGN_ACTION, TASK_ACTIONS_BLOCK
from bot.blocks.task import NAME_SHOWN, button, clip, due_text, task_ref, title_line
from bot.services.notice_types import Notice

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
            "Until someone leads it, overdue escalations for the lead come to this channel. "
            f"{SET_LEAD}"
        )
        summary = f"{case.name} has no lead: its lead left the channel"
    else:
        head = (
            f":wave: {who} left this channel still holding open tasks, and *{name}* has no lead "
            f"to tell. {SET_LEAD}"
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
