"""Builders for /case answers."""

from __future__ import annotations

from bot.blocks.common import Message, context, escape, mention, section, slack_date
from bot.blocks.ids import CASE_HELP_BLOCK, CASE_SUMMARY_BLOCK
from bot.models import Case
from bot.services.cases import CaseSummary

CASE_EXAMPLE = "/case new Smith v. Jones 2026-CV-0142"


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
            section(text, CASE_SUMMARY_BLOCK),
            context(
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
            section(f":briefcase: {_case_title(case)}", CASE_SUMMARY_BLOCK),
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
            section("*/case* links this channel to a legal matter.", CASE_HELP_BLOCK),
            section(lines),
            context("Case data is shown only to members of the case's channel."),
        ],
    }
