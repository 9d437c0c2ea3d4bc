"""create_app: the Bolt app, its middleware, error handler and every handler module."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot import blocks
from bot.deps import Deps
from bot.handlers import (
    actions,
    calendar,
    case,
    deadline_form,
    digest,
    events,
    forms,
    lifecycle,
    mention,
    shortcuts,
    task,
)
from bot.handlers.common import SAVED
from bot.slack.delivery import Pacer, Sender, make_sender_client
from bot.slack.directory import Directory

HANDLER_MODULES = (
    lifecycle,
    calendar,
    case,
    task,
    actions,
    events,
    digest,
    mention,
    forms,
    deadline_form,
    shortcuts,
)
log = logging.getLogger("docket.app")


def make_client(token: str | None, api_url: str) -> WebClient:
    """A WebClient for api_url that retries rate limits and dropped connections."""
    client = WebClient(token=token, base_url=api_url, timeout=10)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    client.retry_handlers.append(ConnectionErrorRetryHandler(max_retry_count=2))
    return client


def _on_error(
    error: Exception, body: dict[str, Any], context: BoltContext, logger: logging.Logger
) -> BoltResponse:
    """The one place unexpected errors land: log with traceback, answer kindly, never 500."""
    kind = body.get("command") or body.get("type") or "request"
    logger.error("unhandled error in %s: %s", kind, type(error).__name__, exc_info=error)
    if body.get("command"):
        return BoltResponse(
            status=200,
            body=json.dumps(blocks.oops(context.get(SAVED))),
            headers={"content-type": "application/json;charset=utf-8"},
        )
    return BoltResponse(status=200, body="")


def create_app(deps: Deps, *, client: WebClient | None = None) -> App:
    """Build the Bolt app wired to deps; every handler module registers itself."""
    settings = deps.settings
    app = App(
        signing_secret=settings.signing_secret,
        client=client or make_client(settings.bot_token, settings.api_url),
        process_before_response=True,
        token_verification_enabled=False,
        logger=logging.getLogger("docket.bolt"),
    )

    # Inline sends answer one request: no pacing, so the ack stays within Slack's 3 seconds.
    sender = Sender(deps, make_sender_client(settings.bot_token, settings.api_url), pacer=Pacer(0))

    @app.middleware
    def _inject_deps(context, client, next) -> None:  # noqa: A002 - Bolt's argument name
        context["deps"] = deps
        context["directory"] = Directory(deps, client)
        context["sender"] = sender
        next()

    app.error(_on_error)
    for module in HANDLER_MODULES:
        module.register(app)
    return app


def registered_commands(app: App) -> set[str]:
    """The slash commands app listens to (for the manifest check)."""
    found: set[str] = set()
    for listener in app._listeners:  # noqa: SLF001 - Bolt offers no public listing
        for matcher in listener.matchers:
            func = getattr(matcher, "func", None)
            for cell in getattr(func, "__closure__", None) or ():
                value = cell.cell_contents
                if isinstance(value, str) and value.startswith("/"):
                    found.add(value)
    return found


def registered_ids(app: App) -> set[str]:
    """Every string a listener matches on: commands, callback ids, action ids, event types."""
    found: set[str] = set()
    for listener in app._listeners:  # noqa: SLF001 - Bolt offers no public listing
        for matcher in listener.matchers:
            func = getattr(matcher, "func", None)
            for cell in getattr(func, "__closure__", None) or ():
                value = cell.cell_contents
                if isinstance(value, str):
                    found.add(value)
    return found
