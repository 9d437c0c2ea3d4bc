"""What every handler needs: the plain values of a request and the tools to act on them."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from typing import Any

from slack_bolt import BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot import blocks, commands
from bot.db import session_scope
from bot.deps import Deps
from bot.services import cases, replies
from bot.services.changes import TaskRef
from bot.services.errors import DomainError, Invalid
from bot.services.whens import Reading
from bot.slack.directory import Directory

SAVED = "docket_saved"  # context key: what a request committed, for the error answer
TOKEN_ERROR = "docket_token_error"  # context key: Slack refused the token on the last try
AFTER_ACK = "docket_after_ack"  # context key: Slack calls that must follow the ack at once
DM_PREFIX = "D"  # Slack: a direct message conversation id starts with D
log = logging.getLogger("docket.handlers")


class Request:
    """Who asked, where, under which request id, in which zone, at what time."""

    def __init__(self, context: BoltContext, *, user: str, channel: str, key: str | None) -> None:
        self.context = context
        self.deps: Deps = context["deps"]
        self.directory: Directory = context["directory"]
        self.user, self.channel, self.key = user, channel, key
        self.reply_key = key  # what its answers are keyed by (a click: its own trigger_id)
        self.tz = self.directory.zone(user)
        self.reading = Reading(
            now=self.deps.clock.now(),
            tz=self.tz,
            default_due_time=self.deps.settings.default_due_time,
        )

    def task_ref(self, number: int) -> TaskRef:
        """Task `number` of this channel's case, changed by this user under this request id."""
        return {
            "channel_id": self.channel,
            "number": number,
            "actor_id": self.user,
            "request_key": self.key,
        }

    def require_member(
        self, also: Iterable[str] = (), *, session: Session | None = None
    ) -> set[str]:
        """The channel's members; Forbidden unless the requester is one of them.

        `also`: others the request needs in the channel (read with them, in one look-up).
        `session`: the request's own, to read them in (else a read of their own).
        """
        direct = self.channel.startswith(DM_PREFIX)  # no case there, no members to read
        needed = {self.user, *also}
        members = (
            set()
            if direct
            else self.directory.members(self.channel, needed=needed, session=session)
        )
        cases.require_member(self.user, members, direct=direct)
        return members

    def require_people(self, user_ids: list[str]) -> None:
        """Invalid unless each user is a live person (not deleted, not an app or bot)."""
        for person in user_ids:
            profile = self.directory.profile(person)
            if profile is None or profile.deleted:
                raise Invalid(
                    f"<@{person}>'s Slack account no longer exists, so I can't assign work to them."
                )
            if profile.is_bot:
                raise Invalid(f"<@{person}> is an app, not a person, so I can't assign work to it.")

    def named(self, text: str) -> str:
        """Slack text as typed: a user mention becomes @ and their stored name, @channel/@here
        and #channel plain words (so stored and shown text reads as typed and pings no one)."""

        def name(match: re.Match[str]) -> str:
            profile = self.directory.profile(match.group(1))
            label = match.group(0)[:-1].partition("|")[2].lstrip("@")
            return f"@{profile.name if profile and profile.name else label or 'someone'}"

        return commands.plain_text(commands.ANY_MENTION_RE.sub(name, text))

    def saved(self, what: str) -> None:
        """Note what this request committed, so an error after it says so, not 'nothing'."""
        self.context[SAVED] = what

    @property
    def token_error(self) -> str | None:
        """The error Slack gave for Docket's token on the last try (messages wait), or None."""
        error = self.context.get(TOKEN_ERROR)
        return str(error) if error else None

    def reply(
        self,
        message: blocks.Message,
        *,
        via: replies.Via,
        channel: str | None = None,
        thread_ts: str | None = None,
        url: str | None = None,
        replace_original: bool = False,
        session: Session | None = None,
    ) -> None:
        """Plan an answer Slack gets right after the ack (courier), in order after the cards:
        in `session`, the request's own transaction, when given (else in one of its own)."""
        with ExitStack() as own:
            if session is None:
                session = own.enter_context(session_scope(self.deps.engine))
            replies.plan(
                session,
                request_key=self.reply_key,
                team_id=self.context.team_id or "T0",
                user_id=self.user,
                via=via,
                message=dict(message),
                now=self.reading.now,
                channel_id=channel,
                thread_ts=thread_ts,
                url=url,
                replace_original=replace_original,
            )

    def after(self, job: Callable[[], None]) -> None:
        """Run job right after the ack (views.open: the trigger_id lives 3 s, so no outbox)."""
        after_ack(self.context, job)


def tell(
    req: Request,
    body: dict[str, Any],
    message: Any,
    *,
    replace: bool = False,
    session: Session | None = None,
) -> None:
    """An answer only the clicker sees (after the ack): their response_url, else a DM.

    The channel clicked in goes along: if the response_url has expired when the answer is sent,
    it is told there privately (or by DM) instead. In `session` when given (one commit).
    """
    url = body.get("response_url")
    if url:
        clicked, container = body.get("channel") or {}, body.get("container") or {}
        where = clicked.get("id") or container.get("channel_id") or body.get("channel_id")
        req.reply(
            message,
            via=replies.Via.RESPONSE_URL,
            url=url,
            channel=where,
            replace_original=replace,
            session=session,
        )
        return
    shown = {k: v for k, v in message.items() if k in ("text", "blocks")}
    req.reply(shown, via=replies.Via.DM, session=session)


def clicked(context: BoltContext, body: dict[str, Any]) -> Request:
    """The Request of a click on a task button (value: channel:number), keyed by its trigger."""
    channel = str((body.get("actions") or [{}])[0].get("value", "")).rpartition(":")[0]
    return Request(context, user=body["user"]["id"], channel=channel, key=body.get("trigger_id"))


def open_view(
    req: Request,
    body: dict[str, Any],
    client: WebClient,
    view: dict[str, Any],
    *,
    what: str,
    instead: blocks.Message,
) -> None:
    """views.open for the request's trigger_id; when Slack won't open it, `instead` privately.

    The trigger_id lives 3 s and is spent, so no retry: one WARNING line (`what` and Slack's
    error, no traceback) and the person is told through `tell` (response_url, else a DM).
    """
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except SlackApiError as error:
        log.warning("%s not opened: %s", what, error.response.get("error"))
        tell(req, body, instead)


def after_ack(context: BoltContext, job: Callable[[], None]) -> None:
    """Run job in the app's after-ack pool once this request has answered."""
    context.setdefault(AFTER_ACK, []).append(job)


def error_answer(error: DomainError, example: str | None = None) -> blocks.Message:
    """An ephemeral answer for a domain error; malformed requests also get a working example."""
    return blocks.ephemeral(str(error), example=example if isinstance(error, Invalid) else None)
