"""The Web API calls that send one outbox row: a post, an update, a reply or an App Home."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.blocks import home
from bot.blocks.notice import render
from bot.db import read_scope, session_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import audit, desk, notices
from bot.services.errors import DomainError
from bot.services.notice_types import Notice
from bot.slack import history
from bot.slack.directory import Directory
from bot.slack.replies import send_reply
from bot.vocab import OutboxKind

log = logging.getLogger("docket.delivery")
# Not looked up in history when in doubt: updates and Home are harmless to repeat; a reply
# (response_url, often ephemeral) is in no history: it takes the one-call bound.
# An accept note is a thread reply, and thread replies are not in a channel's history either.
NOT_IN_HISTORY = frozenset(
    {
        OutboxKind.CARD_UPDATE,
        OutboxKind.DM_UPDATE,
        OutboxKind.HOME,
        OutboxKind.REPLY,
        OutboxKind.ACCEPT_NOTE,
    }
)


def make_sender_client(token: str | None, api_url: str) -> WebClient:
    """A WebClient without sleeping retries: the outbox itself retries, after Retry-After."""
    client = WebClient(token=token, base_url=api_url, timeout=10)
    client.retry_handlers.clear()
    return client


class Pacer:
    """Keeps at least `interval` seconds between messages to one channel (Slack: ~1/s)."""

    def __init__(
        self,
        interval: float = 1.0,
        *,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.interval, self.sleep, self.monotonic = interval, sleep, monotonic
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        """Block until a message may go to channel."""
        if self.interval <= 0:
            return
        with self._lock:
            last = self._last.get(channel)
        if last is not None:
            pause = self.interval - (self.monotonic() - last)
            if pause > 0:
                self.sleep(pause)
        with self._lock:
            self._last[channel] = self.monotonic()


class Poster:
    """Makes the one Web API call a composed row needs; Slack's errors are the caller's."""

    def __init__(self, deps: Deps, client: WebClient) -> None:
        self.deps = deps
        self.client = client
        self.directory = Directory(deps, client)

    def send(self, notice: Notice) -> str | None:
        """Send the row as composed; the ts of the message posted or updated (None: no ts)."""
        row = notice.row
        if row.kind == OutboxKind.HOME:
            self.client.views_publish(user_id=row.recipient, view=self.home_view(row.recipient))
            return None
        if row.kind == OutboxKind.REPLY:
            return send_reply(self.client, notice)
        message = render(notice, tz=self._zone_for(row))
        if row.kind == OutboxKind.CARD_UPDATE:
            assert notice.task is not None and notice.case is not None
            assert notice.task.card_ts is not None  # compose skips a card_update without a card
            response = self.client.chat_update(
                channel=notice.case.channel_id, ts=notice.task.card_ts, **message
            )
            return response.get("ts")
        if row.kind == OutboxKind.DM_UPDATE:  # chat.update needs the IM's id, not the user's
            im = self.client.conversations_open(users=row.recipient)["channel"]["id"]
            response = self.client.chat_update(channel=im, ts=notice.payload["ts"], **message)
            return response.get("ts")
        accept = row.kind == OutboxKind.ACCEPT_NOTE and notice.task is not None
        response = self.client.chat_postMessage(
            channel=row.recipient,
            thread_ts=notice.task.card_ts if accept and notice.task else None,
            unfurl_links=False,
            metadata=history.metadata_for(row),  # found again if this process dies right now
            **message,
        )
        return response.get("ts")

    def home_view(self, user_id: str) -> dict[str, Any]:
        """The user's App Home (their desk), built now."""
        tz = self.directory.zone(user_id)
        with read_scope(self.deps.engine) as session:  # reads alone: no transaction
            found = desk.desk_of(session, user_id=user_id, now=self.deps.clock.now(), tz=tz)
        return home.desk(found, tz=tz)

    def _zone_for(self, row: Outbox) -> str:
        if row.kind in notices.DM_KINDS or row.kind == OutboxKind.PERSONAL_DIGEST:
            return self.directory.zone(row.recipient)
        return self.deps.settings.timezone

    def tell_installer(self, reasons: list[str], count: int) -> None:
        """Once per reason and day: tell the installer that delivery resumed after a pause."""
        installer = self.deps.settings.installer_id
        now = self.deps.clock.now()
        key = f"token-note:{','.join(reasons)}:{now.date().isoformat()}"
        try:
            with session_scope(self.deps.engine) as session:
                if installer is None or audit.seen_request(session, key):
                    return
                audit.remember_request(session, key=key, kind="token_note", ref_id=None, at=now)
        except DomainError:  # another sender is telling them right now
            return
        codes = ", ".join(f"`{r}`" for r in reasons)
        text = (
            f":warning: Slack refused Docket's token ({codes}), so Docket held its messages. "
            f"The token works again: {count} held message(s) went out now, marked late; "
            "nothing was lost. If this was not you, check the app's installation."
        )
        try:
            self.client.chat_postMessage(channel=installer, text=text)
        except SlackApiError as error:
            log.warning("could not tell the installer: %s", error.response.get("error"))
