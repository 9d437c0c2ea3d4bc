"""The installation's own events: revoked tokens, uninstall, rate limits, archived or renamed
channels, and closed modals. Each is acknowledged (a 404 counts as a failed delivery at Slack)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, BoltResponse

from bot import blocks

log = logging.getLogger("docket.lifecycle")


def on_rate_limited(body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:  # noqa: A002
    """app_rate_limited comes outside event_callback: acknowledge it here, and log it."""
    if body.get("type") != blocks.APP_RATE_LIMITED:
        next()
        return None
    log.warning(
        "Slack rate-limited Docket's events for the minute starting %s",
        body.get("minute_rate_limited"),
    )
    return BoltResponse(status=200, body="")


def on_tokens_revoked(event: dict[str, Any]) -> None:
    """The bot token was revoked: delivery holds every message until a token works again."""
    revoked = (event.get("tokens") or {}).get("bot") or []
    log.error(
        "Slack revoked %d bot token(s): delivery pauses until Docket is reinstalled", len(revoked)
    )


def on_uninstalled(event: dict[str, Any]) -> None:
    """Docket was uninstalled: nothing can be sent; messages wait in the outbox."""
    log.error("Docket was uninstalled from the workspace: delivery pauses until it is reinstalled")


def on_channel_event(event: dict[str, Any]) -> None:
    """A channel was archived or renamed: the case keeps its channel id; nothing to change."""
    log.info("channel event %s", event.get("type"))


def on_view_closed(ack: Ack) -> None:
    """A modal was closed with notify_on_close: nothing was saved, nothing to do."""
    ack()


def register(app: App) -> None:
    """Attach the lifecycle listeners."""
    app.middleware(on_rate_limited)
    app.event(blocks.TOKENS_REVOKED_EVENT)(on_tokens_revoked)
    app.event(blocks.APP_UNINSTALLED_EVENT)(on_uninstalled)
    app.event(blocks.CHANNEL_ARCHIVE_EVENT)(on_channel_event)
    app.event(blocks.CHANNEL_RENAME_EVENT)(on_channel_event)
    app.view_closed(re.compile(r".+"))(on_view_closed)
