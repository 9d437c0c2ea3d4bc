"""/digest: preview, schedule or stop a channel's daily digest, and opt in to a personal one."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from bot import blocks, commands
from bot.blocks import digest as digest_blocks
from bot.db import session_scope
from bot.handlers.common import DM_PREFIX, Request, error_answer
from bot.services import digest_plan, digests
from bot.services.errors import DomainError, NoCase

HELP = ("help", "?", "-h", "--help")
EXAMPLE = digest_blocks.EXAMPLE
PERSONAL_EXAMPLE = "/digest me at 8am"


def _personal(req: Request, team_id: str, rest: str) -> blocks.Message:
    with session_scope(req.deps.engine) as session:
        if not rest:
            found = digests.preview(
                session,
                channel_id=req.channel,
                now=req.reading.now,
                user_id=req.user,
                team_id=team_id,
            )
            return digest_blocks.preview(found)
        setting = digest_plan.set_personal_digest(
            session, user_id=req.user, team_id=team_id, text=rest, now=req.reading.now
        )
    return digest_blocks.setting_changed(setting)


def answer(body: dict[str, Any], context: BoltContext) -> blocks.Message:
    """The reply to one /digest command."""
    text = commands.plain_text((body.get("text") or "").strip())
    verb, rest = commands.split_subcommand(text)
    if verb in HELP:
        return digest_blocks.digest_help()
    req = Request(
        context, user=body["user_id"], channel=body["channel_id"], key=body.get("trigger_id")
    )
    team_id = body.get("team_id") or "T0"
    try:
        if verb == "me":
            return _personal(req, team_id, rest)
        if req.channel.startswith(DM_PREFIX):  # no case here: say where it works, and `me`
            return digest_blocks.in_dm(PERSONAL_EXAMPLE)
        req.require_member()
        with session_scope(req.deps.engine) as session:
            if not verb:
                found = digests.preview(session, channel_id=req.channel, now=req.reading.now)
                return digest_blocks.preview(found)
            setting = digest_plan.set_case_digest(
                session, channel_id=req.channel, actor_id=req.user, text=text, now=req.reading.now
            )
        return digest_blocks.setting_changed(setting)
    except NoCase:  # a channel with no case: say `/digest me` works anywhere, this one too
        return digest_blocks.no_case(PERSONAL_EXAMPLE)
    except DomainError as error:
        return error_answer(error, PERSONAL_EXAMPLE if verb == "me" else EXAMPLE)


def on_digest(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    """Handle /digest."""
    ack(answer(body, context))


def register(app: App) -> None:
    """Attach the /digest listener."""
    app.command(blocks.DIGEST_COMMAND)(on_digest)
