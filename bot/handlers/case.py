"""/case: open, show, list, change, close, reopen, audit and export a channel's case."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import blocks, commands
from bot.blocks import repeat as repeat_blocks
from bot.blocks.case_close import close_ask
from bot.db import read_scope, session_scope
from bot.deps import Deps
from bot.handlers import calendar
from bot.handlers.common import DM_PREFIX
from bot.services import case_settings, cases, client_updates, closing, export, replies
from bot.services.errors import DomainError
from bot.services.whens import Reading
from bot.slack.directory import Directory
from bot.vocab import FeedScope

HELP = ("help", "?", "-h", "--help")
READS = ("", "list", "history", "export")
CHANGES = ("rename", "close", "reopen")
SET_FIELDS = {
    "lead": "lead",
    "jurisdiction": "jurisdiction",
    "court": "court",
    "district": "court",
    "zone": "court",
    "matter": "matter",
    "matter-number": "matter",
    "number": "matter",
    "alerts": "alerts",
    "reminders": "alerts",
    "client-updates": "client-updates",
    "client-update": "client-updates",
    "client": "client-updates",
}
SET_EXAMPLE = "/case set lead @bob"
RENAME_EXAMPLE = "/case rename Smith v. Jones"
log = logging.getLogger("docket.case")


def _verb(text: str | None) -> tuple[str, str]:
    """The subcommand ('lead', 'jurisdiction', 'matter' for `set ...`) and its arguments."""
    sub, rest = commands.split_subcommand(text)
    if sub != "set":
        return sub, rest
    field, value = commands.split_subcommand(rest)
    return SET_FIELDS.get(field, "set ?"), value


def _answer(body: dict[str, Any], context: BoltContext) -> blocks.Message:
    deps: Deps = context["deps"]
    directory: Directory = context["directory"]
    sub, rest = _verb(body.get("text"))
    if sub in HELP:
        return blocks.case_help()
    if sub == "new" and not rest:
        return blocks.ephemeral("What should the case be called?", example=blocks.CASE_EXAMPLE)
    if sub == "rename" and not commands.plain_text(rest).strip():
        return blocks.ephemeral("What should the case be called now?", example=RENAME_EXAMPLE)
    if sub == "set ?":
        return blocks.ephemeral(
            "I can set the case's `lead`, `jurisdiction`, `court`, `matter`, `alerts` or "
            "`client-updates`.",
            example=SET_EXAMPLE,
        )
    if sub == "calendar":
        return calendar.answer(body, context, scope=FeedScope.CASE, rest=rest)
    if sub not in ("new", *READS, *CHANGES, *SET_FIELDS.values()):
        return blocks.ephemeral(
            f"I don't know `/case {blocks.escape(sub[:40])}`. `/case help` lists what I can do.",
            example=blocks.CASE_EXAMPLE,
        )
    now, user, channel = deps.clock.now(), body["user_id"], body["channel_id"]
    key = body.get("trigger_id")
    if sub == "new":
        if not directory.can_post(channel, context.bot_user_id or ""):
            return blocks.ephemeral(
                "A case lives in a channel where I can post its cards and reminders: "
                "run `/case new` in a channel (not a DM) after `/invite @docket` there.",
                example=blocks.CASE_EXAMPLE,
            )
        # not a member: nothing about the channel's case (its name, if it has one) is told
        cases.require_member(user, directory.members(channel, needed={user}))
        name, matter = commands.parse_case_new(commands.plain_text(rest))
        with session_scope(deps.engine) as session:
            case = cases.create_case(
                session,
                team_id=body.get("team_id") or "T0",
                channel_id=channel,
                name=name,
                matter_number=matter,
                actor_id=user,
                now=now,
                timezone=deps.settings.timezone,
                request_key=key,
            )
        return blocks.case_created(case)
    tz = directory.zone(user)
    if sub == "list":
        with read_scope(deps.engine) as session:  # one statement: no transaction around it
            team = body.get("team_id") or "T0"
            found = export.cases_of_member(session, team_id=team, user_id=user, now=now)
        return blocks.case_list(found.shown, tz=tz, total=found.total)
    if channel.startswith(DM_PREFIX):  # a DM is no case's channel: say what works anywhere
        cases.require_member(user, set(), direct=True)
    members = directory.members(channel, needed={user})
    if sub == "":  # one read, one statement: no transaction around it
        with read_scope(deps.engine) as session:
            summary = cases.summarize(
                session, channel_id=channel, now=now, viewer_id=user, members=members
            )
        return blocks.case_summary(summary, tz=tz)
    with session_scope(deps.engine) as session:
        if sub == "history":
            history = export.history(session, channel_id=channel, viewer_id=user, members=members)
            return blocks.case_history(history, tz=tz)
        if sub == "client-updates":
            cadence = client_updates.set_cadence(
                session,
                channel_id=channel,
                actor_id=user,
                members=members,
                text=commands.plain_text(rest),
                reading=Reading(now, tz, default_due_time=deps.settings.default_due_time),
                request_key=key,
            )
            return repeat_blocks.client_cadence(cadence, tz=tz)
        if sub == "export":  # the file goes to their DM right after the ack (outbox)
            made = export.case_csv(
                session, channel_id=channel, viewer_id=user, members=members, tz=tz, now=now
            )
            file = {
                "filename": made.filename,
                "content": made.content,
                "title": made.title,
                "initial_comment": blocks.export_comment(made),
            }
            replies.plan(
                session,
                request_key=key,
                team_id=body.get("team_id") or "T0",
                user_id=user,
                via=replies.Via.UPLOAD,
                message=file,
                now=now,
            )
            return blocks.export_sent(made)
        if sub == "close":  # with open tasks: what stops, and a question first
            closed = closing.close(
                session,
                channel_id=channel,
                actor_id=user,
                members=members,
                now=now,
                request_key=key,
            )
            if isinstance(closed, closing.CloseAsk):
                return close_ask(closed, tz=tz, asked=key)
            return blocks.case_changed(closed, tz=tz)
        else:
            value = commands.mentioned(rest) if sub == "lead" else commands.plain_text(rest)
            change = case_settings.change(
                session,
                channel_id=channel,
                actor_id=user,
                members=members,
                what=sub,
                value=value,
                now=now,
                request_key=key,
            )
            return blocks.case_changed(change, tz=tz)


def on_case(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Handle /case and its subcommands."""
    try:
        message = _answer(body, context)
    except DomainError as error:
        message = blocks.ephemeral(str(error))
    ack(message)


def register(app: App) -> None:
    """Attach the /case listener."""
    app.command(blocks.CASE_COMMAND)(on_case)
