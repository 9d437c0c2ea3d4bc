"""Builders for /case answers: a case, its changes, its history, a member's cases, help."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.blocks import digest as digest_blocks
from bot.blocks.common import (
    Message,
    context,
    ephemeral,
    escape,
    fields,
    mention,
    notification,
    plain_day,
    section,
    shown,
    slack_date,
)
from bot.blocks.ids import CASE_CHANGE_BLOCK, CASE_HELP_BLOCK, CASE_LIST_BLOCK, CASE_SUMMARY_BLOCK
from bot.blocks.task import due_text
from bot.courts.jurisdictions import COURTS
from bot.models import Case
from bot.services.case_settings import CaseChange
from bot.services.cases import CaseSummary
from bot.services.digest_schedule import Schedule
from bot.services.export import CASES_LISTED, CaseHistory, Entry, Export, entry
from bot.vocab import AuditAction, CaseStatus

CASE_EXAMPLE = "/case new Smith v. Jones 2026-CV-0142"


NAME_SHOWN = 300  # escaped characters of a case name in one line
NEXT_SHOWN = 1500  # escaped characters of the next task's title in a 2,000-character field


def _case_title(case: Case) -> str:
    matter = f" ({shown(case.matter_number, 100)})" if case.matter_number else ""
    return f"*{shown(case.name, NAME_SHOWN)}*{matter}"


def _plain_title(case: Case) -> str:
    return shown(case.name + (f" ({case.matter_number})" if case.matter_number else ""), NAME_SHOWN)


def case_created(case: Case) -> Message:
    """Posted in the channel when a case is opened."""
    matter = f"Matter {escape(case.matter_number)}" if case.matter_number else "No matter number"
    text = f":briefcase: New case {_case_title(case)} opened by {mention(case.created_by)}."
    return {
        "response_type": "in_channel",
        "text": notification(f"New case {_plain_title(case)}"),
        "blocks": [
            section(text, CASE_SUMMARY_BLOCK),
            context(
                f"{matter} · Lead {mention(case.lead_id)} · Jurisdiction {case.jurisdiction} · "
                "`/case help` for what you can do"
            ),
        ],
    }


def case_summary(summary: CaseSummary, *, tz: str) -> Message:
    """The channel's case at a glance (ephemeral): what is overdue and next while open; when
    and by whom it was closed and what was left open once closed."""
    case = summary.case
    lines = [
        f"*Matter*\n{shown(case.matter_number, 200) if case.matter_number else '—'}",
        f"*Lead*\n{mention(case.lead_id) if case.lead_id else 'none: `/case set lead @name`'}",
        f"*Court*\n{summary.court or case.jurisdiction}",
    ]
    after: list[dict[str, Any]] = []
    if case.status == CaseStatus.OPEN:
        lines += ["*Status*\nopen", *_live_work(summary, tz)]
    else:
        lines += [f"*Status*\n{_closed(summary, tz)}", f"*Left open*\n{_left_open(summary)}"]
        after.append(context("`/case reopen` opens it again; `/task list` shows what was left."))
    return {
        "response_type": "ephemeral",
        "text": notification(f"Case {_plain_title(case)}"),
        "blocks": [
            section(f":briefcase: {_case_title(case)}", CASE_SUMMARY_BLOCK),
            fields(lines),
            *after,
        ],
    }


def _live_work(summary: CaseSummary, tz: str) -> list[str]:
    """An open case's fields: its open tasks, the oldest overdue one, the next due one."""
    lines = [f"*Open tasks*\n{summary.open_tasks} ({summary.overdue} overdue)"]
    late = summary.first_overdue
    if late is not None:
        more = summary.overdue - 1
        also = f"; and {more} more: `/task list overdue`" if more else ""
        title = shown(late.title, NEXT_SHOWN)
        lines.append(f"*Overdue*\n#{late.number} {title} — was due {due_text(late, tz=tz)}{also}")
    nxt = summary.next_due
    if nxt is not None and nxt.due_at is not None:
        when = due_text(nxt, tz=tz)
        lines.append(f"*Next due*\n#{nxt.number} {shown(nxt.title, NEXT_SHOWN)} — {when}")
    else:
        lines.append("*Next due*\nnothing scheduled")
    return lines


def _closed(summary: CaseSummary, tz: str) -> str:
    """'closed Thu Dec 3, 2026 by @ann' (the day in the reader's zone), or 'closed'."""
    if summary.closed_at is None:
        return "closed"
    day = plain_day(summary.closed_at.astimezone(ZoneInfo(tz)).date())
    by = f" by {mention(summary.closed_by)}" if summary.closed_by else ""
    return f"closed {day}{by}"


def _left_open(summary: CaseSummary) -> str:
    """A closed case's open tasks: left, with nothing sent about them."""
    if not summary.open_tasks:
        return "none"
    tasks = f"{summary.open_tasks} task{'' if summary.open_tasks == 1 else 's'}"
    return f"{tasks}: no reminders, alerts or digest while closed"


NEWS = {
    AuditAction.CASE_RENAME,
    AuditAction.CASE_LEAD,
    AuditAction.CASE_JURISDICTION,
    AuditAction.CASE_COURT,
    AuditAction.CASE_MATTER,
    AuditAction.CASE_CLOSE,
    AuditAction.CASE_REOPEN,
}
EMOJI = {AuditAction.CASE_CLOSE: ":file_cabinet:", AuditAction.CASE_REOPEN: ":open_file_folder:"}
TITLE_SHOWN = 80
SIMPLE = {
    AuditAction.CASE_CLOSE: "closed the case",
    AuditAction.CASE_REOPEN: "reopened the case",
    AuditAction.TASK_DONE: "completed {n}",
    AuditAction.TASK_REOPEN: "reopened {n}",
    AuditAction.TASK_CANCEL: "cancelled {n}",
    AuditAction.TASK_ACCEPT: "accepted {n}",
    AuditAction.TASK_SKIP: "skipped {n}, one occurrence of a repeat",
    AuditAction.SERIES_MISSED: "noted repeats missed while Docket was offline",
}
SERIES = {  # audit action -> what was done to a repeat
    AuditAction.SERIES_START: "made {n} repeat",
    AuditAction.SERIES_STOP: "stopped the repeat of {n}:",
    AuditAction.SERIES_END: "ended the repeat of {n} (its last date passed):",
}
FROM_TO = {  # audit action -> (what changed, snapshot key)
    AuditAction.CASE_RENAME: ("case name", "name"),
    AuditAction.CASE_LEAD: ("case lead", "lead_id"),
    AuditAction.CASE_JURISDICTION: ("jurisdiction", "jurisdiction"),
    AuditAction.CASE_MATTER: ("matter number", "matter_number"),
    AuditAction.CASE_ALERTS: ("alert times", "alert_offsets"),
    AuditAction.CASE_CLIENT_UPDATES: ("client-update cadence", "client_updates"),
    AuditAction.CASE_COURT: ("court", "court"),
    AuditAction.TASK_DUE: ("due date", "due_at"),
    AuditAction.TASK_ASSIGN: ("assignee", "assignee_id"),
    AuditAction.TASK_SNOOZE: ("reminder", "remind_at"),
}


def _sections(lines: list[str], block_id: str | None = None) -> list[dict[str, Any]]:
    """Lines packed into sections under Slack's 3000-character limit (at most 40 blocks)."""
    chunks: list[str] = []
    for line in lines:
        if chunks and len(chunks[-1]) + len(line) < 2900:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return [section(c, block_id if i == 0 else None) for i, c in enumerate(chunks[:40])]


def _quote(value: Any) -> str:
    return f"*{shown(str(value), TITLE_SHOWN)}*"


def _digest(snap: dict[str, Any]) -> str:
    """A digest schedule as the audit trail stored it: '9:00 AM on weekdays', 'off'."""
    schedule = Schedule(str(snap.get("at") or "08:30"), str(snap.get("days") or "off"))
    always = bool(snap.get("always")) and schedule.days != "off"
    return digest_blocks.describe(schedule) + (", even when empty" if always else "")


def _offsets(value: str) -> str:
    """A case's own alert times as stored ('{"task": "1d@09:00"}'): 'task 1d@09:00'."""
    try:
        data = json.loads(value)
    except ValueError:
        return shown(value, TITLE_SHOWN)
    if not isinstance(data, dict):
        return shown(value, TITLE_SHOWN)
    said = "; ".join(f"{kind} {times}" for kind, times in sorted(data.items()))
    return said.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")[:400]


def _value(key: str, snap: dict[str, Any], tz: str) -> str | None:
    value = snap.get(key)
    if value is None:
        return None
    if key == "alert_offsets":
        return _offsets(str(value))
    if key.endswith("_id"):
        return mention(value)
    if key == "due_at" and snap.get("due_date"):
        return plain_day(date.fromisoformat(snap["due_date"]))
    if key == "due_at" and snap.get("all_day"):  # written before dates were stored as dates
        return plain_day(datetime.fromisoformat(value).astimezone(ZoneInfo(tz)).date())
    if key.endswith("_at"):
        return slack_date(datetime.fromisoformat(value), tz=tz)
    return _quote(value) if key == "name" else shown(str(value), TITLE_SHOWN)


def describe(item: Entry, *, tz: str) -> str:
    """What one audit entry changed, readable, without who or when: 'renamed the case ...'."""
    before, after, action = item.before, item.after, item.event.action
    n = f"#{item.task_number}" if item.task_number is not None else "a task"
    if action in SIMPLE:
        return SIMPLE[action].format(n=n)
    if action == AuditAction.CASE_CREATE:
        matter = _value("matter_number", after, tz)
        return f"opened the case {_quote(after.get('name', ''))}" + (
            f" ({matter})" if matter else ""
        )
    if action in (AuditAction.TASK_CREATE, AuditAction.DEADLINE_CREATE):
        due = _value("due_at", after, tz)
        return f"added {action.split('.')[0]} {n} {_quote(after.get('title', ''))} for " + (
            mention(after.get("assignee_id")) + (f", due {due}" if due else "")
        )
    if action in SERIES:
        return f"{SERIES[action].format(n=n)} {escape(str(after.get('repeat', '')))}"
    if action == AuditAction.CASE_DIGEST:
        now_said = _digest(after)
        said = "turned off the digest" if now_said == "off" else f"set the digest to {now_said}"
        return said + (f" (was {_digest(before)})" if before.get("days") else "")
    if action in FROM_TO:
        what, key = FROM_TO[action]
        what += f" of {n}" if action.startswith("task.") else ""
        old, new = _value(key, before, tz), _value(key, after, tz)
        if old is None:
            return f"set the {what} to {new}"
        return (
            f"removed the {what} (was {old})"
            if new is None
            else (f"changed the {what} from {old} to {new}")
        )
    return f"made a change ({escape(action)})" + (f" to {n}" if item.task_number else "")


def case_changed(change: CaseChange, *, tz: str) -> Message:
    """A change to a case: news for the channel (rename, lead, jurisdiction, close, reopen)."""
    case, action = change.case, change.event.action
    said = f"{mention(change.event.actor_id)} {describe(entry(change.event), tz=tz)}"
    if action in (AuditAction.CASE_CLOSE, AuditAction.CASE_REOPEN):
        said += f" {_case_title(case)}"
    note = f"Case {_case_title(case)} · `/case history` shows every change"
    if action == AuditAction.CASE_JURISDICTION and case.jurisdiction in COURTS:
        note = (
            f"Deadlines computed from now on use {COURTS[case.jurisdiction].name}; "
            "due dates already set are unchanged."
        )
    elif action == AuditAction.CASE_COURT:
        court = shown(str(entry(change.event).after.get("court") or ""), 200)
        note = (
            f"Deadlines given as a date end at 11:59 PM court time ({court}); open ones "
            "moved with it."
        )
    elif action == AuditAction.CASE_CLOSE:
        note = "No new tasks can be added; `/case reopen` opens it again."
    return {
        "response_type": "in_channel" if action in NEWS else "ephemeral",
        "text": notification(f"Case {_plain_title(case)} changed"),
        "blocks": [
            section(f"{EMOJI.get(action, ':briefcase:')} {said}.", CASE_CHANGE_BLOCK),
            context(note),
        ],
    }


def case_history(history: CaseHistory, *, tz: str) -> Message:
    """The latest changes to a case, newest first: when, who, what (ephemeral)."""
    lines = [
        f"• {slack_date(e.event.at, tz=tz)} · {mention(e.event.actor_id)} {describe(e, tz=tz)}"
        for e in history.entries
    ]
    head = f":scroll: Latest changes to {_case_title(history.case)}, newest first"
    return {
        "response_type": "ephemeral",
        "text": notification(f"History of {_plain_title(history.case)}"),
        "blocks": [
            *_sections([head, *(lines or ["Nothing has changed yet."])], CASE_CHANGE_BLOCK),
            context("`/case export` sends you every task and change as a spreadsheet (CSV)."),
        ],
    }


def _open(s: CaseSummary) -> str:
    tasks = f"{s.open_tasks} open task{'' if s.open_tasks == 1 else 's'}"
    return tasks + (f" ({s.overdue} overdue)" if s.overdue else "")


def case_list(found: list[CaseSummary], *, tz: str, total: int | None = None) -> Message:
    """The open cases whose channels the asker is in (ephemeral): the first CASES_LISTED of
    `total` (None: as many as found)."""
    total = len(found) if total is None else total
    lines = []
    for s in found[:CASES_LISTED]:
        nxt = s.next_due
        due = ""
        if nxt is not None and nxt.due_at is not None:
            due = f" · next due {due_text(nxt, tz=tz)}"
        lines.append(
            f"• {_case_title(s.case)} in <#{s.case.channel_id}> — lead {mention(s.case.lead_id)}"
            f" · {_open(s)}{due}"
        )
    if total > len(lines):
        lines.append(f"…and {total - len(lines)} more.")
    head = (
        f":briefcase: Your open cases ({total})"
        if total
        else "None of the channels you're in has an open case. `/case new NAME` opens one."
    )
    return {
        "response_type": "ephemeral",
        "text": f"Your open cases: {total}",
        "blocks": _sections([head, *lines], CASE_LIST_BLOCK),
    }


def export_comment(export: Export) -> str:
    """The note posted with an export file."""
    return (
        f"Every task ({export.tasks}) and audit event ({export.events}) of this case, "
        f"with times in {export.tz}."
    )


def export_sent(export: Export) -> Message:
    """The ephemeral answer: the export is on its way to the asker's DMs (after the ack)."""
    return ephemeral(
        f":inbox_tray: I'm sending you the export by DM: `{escape(export.filename)}` "
        f"({export.tasks} tasks, {export.events} audit events)."
    )


CASE_HELP = [
    (
        "`/case new NAME [MATTER-NUMBER]`",
        "open a case for this channel, e.g. `/case new Smith v. Jones 2026-CV-0142` "
        "(the last word is the matter number when it has a digit and a dash, colon or slash)",
    ),
    ("`/case`", "this channel's case: matter, lead, jurisdiction, open tasks, next deadline"),
    ("`/case list`", "the open cases whose channels you are in"),
    ("`/case set lead @someone`", "make a member of this channel the case lead"),
    (
        f"`/case set jurisdiction {'|'.join(COURTS)}`",
        "the court whose holidays count when Docket computes deadlines",
    ),
    ("`/case set matter NUMBER`", "change the matter number (`none` removes it)"),
    (
        "`/case set alerts deadline 14d@09:00, 7d@09:00, 0d@09:00`",
        "this case's own alert times (`task …` for tasks; `default` goes back to the "
        "workspace's): `Nd@HH:MM` is N days before at a local time, `Nh` N hours before",
    ),
    (
        "`/case set client-updates every 2 weeks` · `off`",
        "a repeating “Update the client” task for the lead (the lead only); the digest shows "
        "when the client was last updated and flags an overdue update",
    ),
    ("`/case rename NAME`", "rename the case"),
    ("`/case close` · `/case reopen`", "a closed case takes no new tasks"),
    ("`/case history`", "the latest changes: who, when, before → after"),
    ("`/case export`", "every task and change as a CSV file, sent to you by DM"),
    (
        "`/case calendar` · `/case calendar reset`",
        "your private link to subscribe to this case's deadlines in Outlook, Google or Apple "
        "Calendar; `reset` stops the old link",
    ),
    ("`/case help`", "this help"),
]
PERMISSIONS = (
    "*Who may do what*\n"
    "• Anyone in the channel may add tasks, rename the case and set its matter number.\n"
    "• The assignee, the creator and the case lead may complete, reschedule or reassign a task.\n"
    "• Only the case lead (or whoever opened the case, if it has no lead) may close or reopen "
    "the case, change its lead or change its jurisdiction."
)


def case_help() -> Message:
    """Every /case subcommand and who may do what, ephemeral."""
    lines = "\n".join(f"• {usage} — {what}" for usage, what in CASE_HELP)
    return {
        "response_type": "ephemeral",
        "text": "How to use /case",
        "blocks": [
            section("*/case* links this channel to a legal matter.", CASE_HELP_BLOCK),
            section(lines),
            section(PERMISSIONS),
            context(
                "Case data is shown only to members of the case's channel. "
                "Every change is kept in the audit trail (`/case history`)."
            ),
        ],
    }
