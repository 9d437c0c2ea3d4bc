"""Builders for deadline alerts, overdue reminders and failure notes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.blocks.common import Message, context, mention, notification, section, shown
from bot.blocks.ids import DONE_ACTION, REASSIGN_ACTION, SNOOZE_ACTION, TASK_ACTIONS_BLOCK
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


def time_left(due: datetime, now: datetime) -> str:
    """'in 3 days', 'in 2 hours', 'in 45 minutes', 'now' or '2 days overdue'."""
    delta = due - now
    late = delta < timedelta(0)
    delta = abs(delta)
    if delta >= timedelta(days=2):
        amount, unit = delta // timedelta(days=1), "day"
    elif delta >= timedelta(hours=1):
        amount, unit = delta // timedelta(hours=1), "hour"
    elif delta >= timedelta(minutes=1):
        amount, unit = delta // timedelta(minutes=1), "minute"
    else:
        return "now"
    words = f"{amount} {unit}{'s' if amount != 1 else ''}"
    return f"{words} overdue" if late else f"in {words}"


def days_left(due: date, now: datetime, tz: str) -> str:
    """For a date-only due: 'today', 'tomorrow' or 'in N days', from the reader's today."""
    days = (due - now.astimezone(ZoneInfo(tz)).date()).days
    if days <= 0:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


def _with_buttons(fallback: str, text: str, buttons: list[dict]) -> Message:
    """A section and a row of task buttons, with plain fallback text for notifications."""
    actions = {"type": "actions", "block_id": TASK_ACTIONS_BLOCK, "elements": buttons}
    return {"text": notification(fallback), "blocks": [section(text), actions]}


def alert(notice: Notice, tz: str) -> Message:
    """The DM an assignee gets before something of theirs is due."""
    case, task = notice.case, notice.task
    assert case and task and task.due_at and notice.now
    kind = "Court deadline" if task.kind == TaskKind.DEADLINE else "Task"
    due = due_text(task, tz=tz, personal=True, court=case.jurisdiction)
    day = due_day(task, tz)
    if notice.now >= task.due_at:  # sent late (Docket was down): say what is true now
        left = "overdue"
        head = f":warning: {kind} overdue since {due}: {title_line(task)}"
    else:
        left = (
            f"due {days_left(day, notice.now, tz) if day else time_left(task.due_at, notice.now)}"
        )
        head = f":alarm_clock: {kind} {left}: {title_line(task)}"
    text = f"{head}\n*{clip(case.name, NAME_SHOWN)}* · due {due}"
    buttons = [
        button("Mark done", DONE_ACTION, task_ref(case, task), style="primary"),
        button("Snooze 1 day", SNOOZE_ACTION, task_ref(case, task)),
        open_case_button(case),
    ]
    return _with_buttons(f"{kind} {left}: {plain_title(task)}", text, buttons)


def overdue(notice: Notice, tz: str) -> Message:
    """The one channel reminder when a task becomes overdue."""
    case, task = notice.case, notice.task
    assert case and task
    due = due_text(task, tz=tz, court=case.jurisdiction)
    if notice.payload.get("left"):  # not in the channel any more: named, never mentioned
        name = str(notice.payload.get("name") or "").strip()
        who = shown(name, 60) if name else "a former member"
        text = (
            f":warning: {title_line(task)} is overdue: it was due {due}. It is still assigned to "
            f"{who}, who left this channel; reassign it or mark it done."
        )
    else:
        who = mention(task.assignee_id)
        text = f":warning: {title_line(task)} is overdue — {who}, it was due {due}."
    buttons = [button("Mark done", DONE_ACTION, task_ref(case, task), style="primary")]
    if notice.payload.get("left"):
        buttons.append(button("Reassign", REASSIGN_ACTION, task_ref(case, task)))
    return _with_buttons(f"{plain_title(task)} is overdue", text, buttons)


def lead_overdue(notice: Notice, tz: str) -> Message:
    """The DM a case lead gets when a task stays open past its due moment."""
    case, task = notice.case, notice.task
    assert case and task and task.due_at and notice.now
    late = time_left(task.due_at, notice.now)
    late = f", {late}" if late.endswith("overdue") else ""
    text = (
        f":rotating_light: In *{clip(case.name, NAME_SHOWN)}*, {title_line(task)} assigned to "
        f"{mention(task.assignee_id)} is still open{late} "
        f"(due {due_text(task, tz=tz, personal=True, court=case.jurisdiction)})."
    )
    return _with_buttons(f"{plain_title(task)} is still open", text, [open_case_button(case)])


def assignee_left(notice: Notice, tz: str) -> Message:
    """Told once to the lead: someone left the case channel still holding open tasks."""
    case = notice.case
    held = list(notice.content) if isinstance(notice.content, list) else [notice.task]
    assert case
    who = mention(notice.payload.get("user"))
    lines = "\n".join(
        f"• {title_line(t)} · due {due_text(t, tz=tz, personal=True)}"
        for t in held[:5]
        if t is not None
    )
    more = f"\n…and {len(held) - 5} more: `/task list @them`" if len(held) > 5 else ""
    text = (
        f":wave: {who} left the channel of *{clip(case.name, NAME_SHOWN)}*, so Docket no longer "
        f"sends them anything about it; until a task is reassigned, its reminders come to you. "
        f"Still assigned to them:\n{lines}{more}"
    )
    rows = [  # one row per task: each row's Reassign button carries its task
        {
            "type": "actions",
            "block_id": f"{TASK_ACTIONS_BLOCK}_{t.number}",
            "elements": [button(f"Reassign #{t.number}", REASSIGN_ACTION, task_ref(case, t))],
        }
        for t in held[:5]
        if t is not None
    ]
    return {
        "text": notification(f"An assignee left {clip(case.name, NAME_SHOWN)}"),
        "blocks": [section(text), *rows],
    }


REASONS = {
    "not_in_channel": "I was removed from the case channel: `/invite @docket` there",
    "channel_not_found": "I can't see the case channel any more: `/invite @docket` there",
    "is_archived": "the channel (or the person's account) is archived or deactivated",
    "is_inactive": "the channel (or the person's account) is archived or deactivated",
    "user_not_found": "that person's Slack account no longer exists",
    "user_not_visible": "that person's account can't be reached from this workspace",
}


NOUNS = {
    "overdue": "an overdue reminder",
    "digest": "the daily digest",
    "task_card": "a task card",
    "card_update": "a task card update",
    "alert": "a reminder",
    "left_alert": "a reminder",
    "assign_dm": "a delegation DM",
    "accept_note": "an acceptance note",
    "lead_overdue": "an overdue notice",
    "assignee_left": "a note that an assignee left",
}


def failure_note(notice: Notice, tz: str) -> Message:
    """Told once to the case lead when Slack refuses a message for the case."""
    case = notice.case
    assert case
    reason = notice.payload.get("reason", "")
    why = REASONS.get(reason, f"Slack answered `{reason}`")
    target = notice.payload.get("recipient", "")
    where = f"<#{target}>" if target.startswith("C") else mention(target)
    noun = NOUNS.get(notice.payload.get("kind", ""), "a message")
    task = notice.task
    about = f" about {title_line(task)} in" if task is not None else " for"
    text = (
        f":warning: Docket couldn't deliver {noun}{about} "
        f"*{clip(case.name, 200)}* to {where}: {why}. I won't retry it."
    )
    once = "You'll hear about this only once per reason."
    if task is not None:  # which one was lost, so someone can act on it
        once = (
            f"Please make sure {where} knows: `/task show {task.number}` in the case channel "
            "shows it. You'll hear about each task only once per reason."
        )
    return {"text": notification(text), "blocks": [section(text), context(once)]}


def card_refused(notice: Notice, tz: str) -> Message:
    """To whoever added a task: it is saved, but Slack refused its card (and what to do)."""
    case, task = notice.case, notice.task
    assert case and task
    reason = notice.payload.get("reason", "")
    where = f"<#{case.channel_id}>"
    if reason in ("not_in_channel", "channel_not_found"):
        why = f"I'm not in {where}, so I couldn't post its card: `/invite @docket` there"
    elif reason == "is_archived":
        why = f"{where} is archived, so nothing can be posted there"
    else:
        why = f"Slack refused its card (`{reason}`)"
    noun = "court deadline" if task.kind == TaskKind.DEADLINE else "task"
    text = (
        f":warning: I saved {noun} *{plain_title(task)}* in *{clip(case.name, NAME_SHOWN)}*, "
        f"but {why}."
    )
    return {"text": notification(text), "blocks": [section(text)]}
