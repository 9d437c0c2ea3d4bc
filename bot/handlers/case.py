"""/case: open a case for a channel, show it, and explain itself."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import blocks, commands
from bot.db import session_scope
from bot.deps import Deps
from bot.services import cases
from bot.services.errors import DomainError


def _answer(body: dict[str, Any], deps: Deps) -> blocks.Message:
    sub, rest = commands.split_subcommand(body.get("text"))
    if sub in ("help", "?", "-h", "--help"):
        return blocks.case_help()
    if sub == "new" and not rest:
        return blocks.ephemeral("What should the case be called?", example=blocks.CASE_EXAMPLE)
    if sub not in ("", "new"):
        return blocks.ephemeral(
            f"I don't know `/case {blocks.escape(sub[:40])}`. `/case help` lists what I can do.",
            example=blocks.CASE_EXAMPLE,
        )
    now = deps.clock.now()
    with session_scope(deps.engine) as session:
        if sub == "new":
            name, matter = commands.parse_case_new(rest)
            case = cases.create_case(
                session,
                team_id=body.get("team_id") or "T0",
                channel_id=body["channel_id"],
                name=name,
                matter_number=matter,
                actor_id=body["user_id"],
                now=now,
                timezone=deps.settings.timezone,
                request_key=body.get("trigger_id"),
            )
            return blocks.case_created(case)
        summary = cases.summarize(session, channel_id=body["channel_id"], now=now)
        return blocks.case_summary(summary, tz=deps.settings.timezone)


def on_case(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Handle /case and its subcommands."""
    deps: Deps = context["deps"]
    try:
        message = _answer(body, deps)
    except DomainError as error:
        message = blocks.ephemeral(str(error))
    ack(message)


def register(app: App) -> None:
    """Attach the /case listener."""
    app.command(blocks.CASE_COMMAND)(on_case)
