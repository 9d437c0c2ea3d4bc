"""create_app: the Bolt app, its middleware, error handler and every handler module."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

from bot import blocks, metrics
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
from bot.logs import record, requests_log
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


def describe(body: dict[str, Any]) -> tuple[str, str, str]:
    """(kind, id, team) of a Slack request: command name, action, callback or event type."""
    team_field = body.get("team")
    team = body.get("team_id") or (team_field.get("id") if isinstance(team_field, dict) else "")
    if body.get("command"):
        return "command", str(body["command"]), str(team or "")
    kind = str(body.get("type") or "unknown")
    ident: Any = ""
    if kind == "block_actions":
        ident = ((body.get("actions") or [{}])[0] or {}).get("action_id", "")
    elif kind in ("view_submission", "view_closed"):
        ident = (body.get("view") or {}).get("callback_id", "")
    elif kind in ("shortcut", "message_action"):
        ident = body.get("callback_id", "")
    elif kind == "event_callback":
        kind, ident = "event", (body.get("event") or {}).get("type", "")
    return kind, str(ident), str(team or "")


class DocketApp(App):
    """Bolt's App, writing one log line per request (HTTP and Socket Mode alike)."""

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        """Dispatch as Bolt does, timing it: with process_before_response this is the ack."""
        start = time.perf_counter()
        response = super().dispatch(req)
        seconds = time.perf_counter() - start
        kind, ident, team = describe(req.body if isinstance(req.body, dict) else {})
        outcome = req.context.get("outcome") or (
            "ok" if response.status < 400 else f"http_{response.status}"
        )
        record(requests_log, kind, ident, team, seconds * 1000, outcome)
        metrics.observe_ack(kind, ident, seconds)
        return response


def _on_error(
    error: Exception, body: dict[str, Any], context: BoltContext, logger: logging.Logger
) -> BoltResponse:
    """The one place unexpected errors land: log with traceback, answer kindly, never 500."""
    kind, ident, _ = describe(body)
    context["outcome"] = "error"
    logger.error("unhandled error in %s %s: %s", kind, ident, type(error).__name__, exc_info=error)
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
    app = DocketApp(
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
