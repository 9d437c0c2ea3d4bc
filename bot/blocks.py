"""Pure Block Kit builders and every command, action and block id Docket uses."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.models import Case
from bot.services.cases import CaseSummary

# Commands (manifest.yml lists exactly these; a test checks it).
CASE_COMMAND = "/case"
COMMANDS = (CASE_COMMAND,)

# Block ids.
CASE_SUMMARY_BLOCK = "case_summary"
CASE_HELP_BLOCK = "case_help"
ERROR_BLOCK = "error"

Message = dict[str, Any]

CASE_EXAMPLE = "/case new Smith v. Jones 2026-CV-0142"


def escape(text: str) -> str:
    """Escape user text for mrkdwn: &, < and > as Slack requires."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mention(user_id: str | None) -> str:
    """A user mention, or 'nobody' for no user."""
    return f"<@{user_id}>" if user_id else "nobody"


def slack_date(moment: datetime, *, tz: str, all_day: bool = False) -> str:
    """Slack's <!date> token: each reader sees it in their zone; fallback in tz."""
    local = moment.astimezone(ZoneInfo(tz))
    epoch = int(moment.timestamp())
    if all_day:
        fallback = f"{local:%a %b} {local.day}, {local.year}"
        return f"<!date^{epoch}^{{date_short_pretty}}|{fallback}>"
    fallback = f"{local:%a %b} {local.day}, {local:%-I:%M %p %Z}"
    return f"<!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>"


def _section(text: str, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    if block_id:
        block["block_id"] = block_id
    return block


def _context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text}]}


def ephemeral(text: str, *, example: str | None = None) -> Message:
    """A short ephemeral answer, optionally followed by a working example."""
    blocks = [_section(text, ERROR_BLOCK)]
    if example:
        blocks.append(_context(f"Try: `{example}`"))
    full = text if not example else f"{text} Try: {example}"
    return {"response_type": "ephemeral", "text": full, "blocks": blocks}


def oops() -> Message:
    """The answer when something unexpected broke: nothing was changed."""
    return ephemeral(
        ":warning: Sorry, something went wrong on Docket's side and nothing was changed. "
        "Please try again in a minute; if it keeps happening, tell your Docket admin."
    )


def _case_title(case: Case) -> str:
    matter = f" ({escape(case.matter_number)})" if case.matter_number else ""
    return f"*{escape(case.name)}*{matter}"


def _plain_title(case: Case) -> str:
    return case.name + (f" ({case.matter_number})" if case.matter_number else "")


def case_created(case: Case) -> Message:
    """Posted in the channel when a case is opened."""
    matter = f"Matter {escape(case.matter_number)}" if case.matter_number else "No matter number"
    text = f":briefcase: New case {_case_title(case)} opened by {mention(case.created_by)}."
    return {
        "response_type": "in_channel",
        "text": f"New case {_plain_title(case)}",
        "blocks": [
            _section(text, CASE_SUMMARY_BLOCK),
            _context(
                f"{matter} · Lead {mention(case.lead_id)} · Jurisdiction {case.jurisdiction} · "
                "`/case help` for what you can do"
            ),
        ],
    }


def case_summary(summary: CaseSummary, *, tz: str) -> Message:
    """The channel's case at a glance (ephemeral)."""
    case = summary.case
    status = "open" if case.status == "open" else "closed"
    fields = [
        f"*Matter*\n{escape(case.matter_number) if case.matter_number else '—'}",
        f"*Lead*\n{mention(case.lead_id)}",
        f"*Jurisdiction*\n{case.jurisdiction}",
        f"*Status*\n{status}",
        f"*Open tasks*\n{summary.open_tasks} ({summary.overdue} overdue)",
    ]
    nxt = summary.next_due
    if nxt is not None and nxt.due_at is not None:
        when = slack_date(nxt.due_at, tz=tz, all_day=nxt.all_day)
        fields.append(f"*Next due*\n#{nxt.number} {escape(nxt.title)} — {when}")
    else:
        fields.append("*Next due*\nnothing scheduled")
    return {
        "response_type": "ephemeral",
        "text": f"Case {_plain_title(case)}",
        "blocks": [
            _section(f":briefcase: {_case_title(case)}", CASE_SUMMARY_BLOCK),
            {"type": "section", "fields": [{"type": "mrkdwn", "text": f} for f in fields]},
        ],
    }


CASE_HELP = [
    (
        "`/case new NAME [MATTER-NUMBER]`",
        "open a case for this channel, e.g. `/case new Smith v. Jones 2026-CV-0142` "
        "(the last word is the matter number when it has a digit and a dash, colon or slash)",
    ),
    ("`/case`", "this channel's case: matter, lead, jurisdiction, open tasks, next deadline"),
    ("`/case help`", "this help"),
]


def case_help() -> Message:
    """Every /case subcommand, ephemeral."""
    lines = "\n".join(f"• {usage} — {what}" for usage, what in CASE_HELP)
    return {
        "response_type": "ephemeral",
        "text": "How to use /case",
        "blocks": [
            _section("*/case* links this channel to a legal matter.", CASE_HELP_BLOCK),
            _section(lines),
            _context("Case data is shown only to members of the case's channel."),
        ],
    }
