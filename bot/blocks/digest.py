"""Builders for the daily digest (channel post, DM and preview) and the /digest answers."""

from __future__ import annotations

from datetime import time
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks.common import (
    Message,
    clip_mrkdwn,
    context,
    ephemeral,
    escape,
    mention,
    notification,
    section,
    shown,
)
from bot.blocks.ids import DIGEST_HEADER_BLOCK, DIGEST_HELP_BLOCK, DONE_ACTION
from bot.blocks.task import NAME_SHOWN, button, due_text, task_ref, title_line
from bot.models import Task
from bot.services.digest_plan import DigestSetting
from bot.services.digest_schedule import Schedule
from bot.services.digests import Digest
from bot.services.notice_types import Notice

MAX_BLOCKS = 50
SECTION_MAX = 3000
RESERVED = 1  # the "sent late" note render() may add
GROUPS = (
    ("overdue", ":rotating_light: Overdue"),
    ("today", ":date: Due today"),
    ("soon", ":calendar: Due in the next 7 days"),
)
EXAMPLE = "/digest at 9am weekdays"
HELP = [
    ("`/digest`", "preview this channel's digest now (only you see it)"),
    (
        "`/digest at 9am weekdays` · `at 7:45 daily`",
        "post it at that local time; add `always` to post even when there is nothing to say, "
        "or a zone like `America/Chicago`",
    ),
    ("`/digest off` · `/digest on`", "stop or restart this channel's digest"),
    ("`/digest me at 8am` · `me off` · `me`", "your own tasks across your cases, by DM"),
]


def fit(title: str, lines: list[str], limit: int = SECTION_MAX) -> str:
    """The title and as many lines as fit in one section, then '…and N more'."""
    text = title
    for index, line in enumerate(lines):
        if len(text) + len(line) + 1 > limit - 40:
            return f"{text}\n…and {len(lines) - index} more"
        text += "\n" + line
    return text


def _clip(text: str) -> str:
    return clip_mrkdwn(text, SECTION_MAX)


def _where(digest: Digest, task: Task) -> str:
    case = digest.cases.get(task.case_id)
    return f" · _{shown(case.name, NAME_SHOWN)}_" if digest.personal and case else ""


def _task_block(digest: Digest, task: Task) -> dict[str, Any]:
    due = due_text(task, tz=digest.tz, personal=digest.personal)
    who = "" if digest.personal else f"{mention(task.assignee_id)} · "
    block = section(_clip(f"{title_line(task)}\n{who}due {due}{_where(digest, task)}"))
    case = digest.cases.get(task.case_id)
    if case is not None:
        block["accessory"] = button("Mark done", DONE_ACTION, task_ref(case, task))
    return block


def _summary(digest: Digest) -> str:
    parts = [
        f"{len(digest.overdue)} overdue" if digest.overdue else "",
        f"{len(digest.today)} due today" if digest.today else "",
        f"{len(digest.soon)} in the next 7 days" if digest.soon else "",
        f"{len(digest.done)} done" if digest.done else "",
    ]
    return ", ".join(p for p in parts if p) or "nothing due"


def client_line(digest: Digest) -> str:
    """When the client was last updated, and whether an update is overdue."""
    client = digest.client
    assert client is not None
    last = "never"
    if client.last_done is not None:
        local = client.last_done.astimezone(ZoneInfo(digest.tz))
        last = f"{local:%a %b} {local.day}"
    if client.overdue is not None:
        due = due_text(client.overdue, tz=digest.tz)
        return (
            f":warning: *Client update overdue*: #{client.overdue.number} was due {due} · "
            f"last updated {last} · cadence {escape(client.repeat)}"
        )
    return f":speech_balloon: Client last updated {last} · cadence {escape(client.repeat)}"


def digest_message(digest: Digest) -> Message:
    """The digest: most urgent first, within 50 blocks and 3,000 characters a section."""
    local = digest.now.astimezone(ZoneInfo(digest.tz))
    kind = "Your morning digest" if digest.personal else f"Digest: {shown(digest.title, 300)}"
    head = f":sunrise: *{kind}* · {local:%a %b} {local.day}\n{_summary(digest)}"
    blocks: list[dict[str, Any]] = [section(_clip(head), DIGEST_HEADER_BLOCK)]
    groups = [(label, getattr(digest, name)) for name, label in GROUPS if getattr(digest, name)]
    if digest.client is not None:
        blocks.append(context(client_line(digest)))
    fixed = len(blocks) + 1 + RESERVED + 2 * len(groups) + (1 if digest.done else 0)
    budget = MAX_BLOCKS - fixed
    for label, tasks in groups:
        picked = tasks[: max(budget, 0)]
        budget -= len(picked)
        blocks.append(section(f"*{label}* ({len(tasks)})"))
        blocks += [_task_block(digest, task) for task in picked]
        if len(picked) < len(tasks):
            blocks.append(context(f"…and {len(tasks) - len(picked)} more: `/task list` shows all"))
    if digest.done:
        lines = [
            f"{title_line(t)} — {mention(t.assignee_id)}{_where(digest, t)}" for t in digest.done
        ]
        blocks.append(
            section(fit(f"*:white_check_mark: Done since the last digest* ({len(lines)})", lines))
        )
    if digest.empty:
        blocks.append(
            section("Nothing overdue, due this week or done since the last digest. :tada:")
        )
    notes = [f"{digest.undated} open task{'s' if digest.undated != 1 else ''} without a due date"]
    notes = notes if digest.undated else []
    notes.append("`/digest help` to change when this comes")
    blocks.append(context(" · ".join(notes)))
    whose = "Your morning digest" if digest.personal else shown(digest.title, 300)
    return {"text": notification(f"{whose}: {_summary(digest)}"), "blocks": blocks[:MAX_BLOCKS]}


def from_notice(notice: Notice, tz: str) -> Message:
    """The digest a digest row carries: built when it was composed, or before (as it is)."""
    if notice.content is None:  # built ahead of its moment (services/digest_ahead.py)
        return dict(notice.payload["message"])
    return digest_message(notice.content)


def preview(digest: Digest) -> Message:
    """The digest shown only to the person who asked."""
    message = digest_message(digest)
    note = context("Preview: only you can see this. The scheduled one stays quiet when empty.")
    return {"response_type": "ephemeral", **message, "blocks": [*message["blocks"][:48], note]}


def _clock(at: str) -> str:
    hour, minute = (int(part) for part in at.split(":"))
    return f"{time(hour, minute):%-I:%M %p}"


def describe(schedule: Schedule) -> str:
    """'8:30 AM on weekdays' (or 'off')."""
    if schedule.days == "off":
        return "off"
    days = "on weekdays" if schedule.days == "weekdays" else "every day"
    return f"{_clock(schedule.at)} {days}"


def setting_changed(setting: DigestSetting) -> Message:
    """Ephemeral confirmation of a /digest change, with when the next one comes."""
    schedule = setting.schedule
    whose = "This channel's digest" if setting.case else "Your personal digest"
    if schedule.days == "off":
        again = "`/digest on`" if setting.case else "`/digest me at 8am`"
        text = f"{whose} is off. {again} turns it back on."
    else:
        quiet = " (even when there is nothing to say)" if schedule.always else ""
        text = f"{whose} comes at *{describe(schedule)}* ({setting.zone}){quiet}."
        if setting.next_at:
            local = setting.next_at.astimezone(ZoneInfo(setting.zone))
            text += f" Next: {local:%a %b} {local.day}, {local:%-I:%M %p %Z}."
    return {"response_type": "ephemeral", "text": notification(text), "blocks": [section(text)]}


def in_dm(example: str) -> Message:
    """/digest for a channel typed in the DM with Docket: where it works, what works here."""
    return ephemeral(
        "This is your DM with Docket, not a case's channel: a case's digest is set in its "
        "channel (`/digest` to preview it there, `/digest at 9am weekdays`, `/digest off`). "
        "Here, `/digest me` previews your own digest (your open tasks across your cases) and "
        "`/digest me at 8am` sends it to you in this DM each weekday.",
        example=example,
    )


def no_case(example: str) -> Message:
    """/digest in a channel linked to no case: how to start one, and that `/digest me` works."""
    return ephemeral(
        "This channel isn't linked to a case yet, so it has no case digest: start one with "
        "`/case new Smith v. Jones 2026-CV-0142`. `/digest me` works anywhere: it previews your "
        "own digest (your open tasks across your cases) and `/digest me at 8am` sends it to you "
        "by DM each weekday.",
        example=example,
    )


def digest_help() -> Message:
    """Every /digest form, ephemeral."""
    lines = "\n".join(f"• {usage} — {what}" for usage, what in HELP)
    extra = (
        "The channel digest lists overdue tasks, tasks due today and in the next 7 days "
        "(court deadlines first), and what was done since the last one. Default: 8:30 AM on "
        "weekdays in the workspace's zone, and nothing is posted when there is nothing to say."
    )
    return {
        "response_type": "ephemeral",
        "text": "How to use /digest",
        "blocks": [
            section("*How to use /digest*", DIGEST_HELP_BLOCK),
            section(lines),
            context(extra),
        ],
    }
