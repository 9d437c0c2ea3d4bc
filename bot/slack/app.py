"""create_app: the Bolt app, its middleware, error handler and every handler module."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from slack_bolt import App, BoltContext, BoltRequest, BoltResponse
from slack_sdk import WebClient

from bot import blocks, metrics
from bot.deps import Deps
from bot.handlers import (
    actions,
    calendar,
    case,
    case_close,
    deadline_form,
    digest,
    events,
    forms,
    lifecycle,
    mention,
    shortcuts,
    task,
)
from bot.handlers.common import AFTER_ACK, SAVED, TOKEN_ERROR
from bot.logs import record, requests_log
from bot.slack import wakeup
from bot.slack.courier import Courier
from bot.slack.delivery import Pacer, Sender, make_sender_client
from bot.slack.directory import Directory
from bot.vocab import PostLane

HANDLER_MODULES = (
    lifecycle,
    calendar,
    case,
    case_close,
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
    """The WebClient requests use: no retry handler, so nothing in a request sleeps for one."""
    return make_sender_client(token, api_url)


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
    """Bolt's App, writing one log line per request (HTTP and Socket Mode alike).

    After the ack it wakes the courier when the request committed rows to the outbox, and
    starts its after-ack jobs (views.open with a trigger_id, views.update of an open modal).
    """

    courier: Courier
    jobs: ThreadPoolExecutor
    _pending: set[Future[None]]
    _pending_lock: threading.Lock

    def dispatch(self, req: BoltRequest) -> BoltResponse:
        """Dispatch as Bolt does, timing it: with process_before_response this is the ack."""
        start = time.perf_counter()
        wakeup.start()
        try:
            response = super().dispatch(req)
        finally:
            self._after_ack(req.context)
        seconds = time.perf_counter() - start
        kind, ident, team = describe(req.body if isinstance(req.body, dict) else {})
        outcome = req.context.get("outcome") or (
            "ok" if response.status < 400 else f"http_{response.status}"
        )
        record(requests_log, kind, ident, team, seconds * 1000, outcome)
        metrics.observe_ack(kind, ident, seconds)
        return response

    def _after_ack(self, context: BoltContext) -> None:
        """Start what the request left for after its answer; never raises."""
        for job in context.get(AFTER_ACK) or ():
            future = self.jobs.submit(self._job, job)
            with self._pending_lock:
                self._pending.add(future)
            future.add_done_callback(self._done)
        if wakeup.committed():  # what the request committed to the outbox goes out now
            self.courier.wake()

    def _job(self, job: Callable[[], None]) -> None:
        """Run one after-ack job; wake the courier if it committed outbox rows."""
        wakeup.start()
        _logged(job)
        if wakeup.committed():
            self.courier.wake()

    def _done(self, future: Future[None]) -> None:
        with self._pending_lock:
            self._pending.discard(future)

    def settle(self) -> None:
        """Finish the after-ack jobs started so far, then send the outbox (the sandbox's step)."""
        with self._pending_lock:
            pending = set(self._pending)
        wait(pending)
        self.courier.drain()


def _logged(job: Callable[[], None]) -> None:
    """Run one after-ack job; its failure is logged (the user was answered already)."""
    try:
        job()
    except Exception:
        log.exception("after-ack job %s failed", getattr(job, "__name__", "job"))


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


def create_app(deps: Deps, *, client: WebClient | None = None) -> DocketApp:
    """Build the Bolt app wired to deps; every handler module registers itself."""
    settings = deps.settings
    app = DocketApp(
        signing_secret=settings.signing_secret,
        client=client or make_client(settings.bot_token, settings.api_url),
        process_before_response=True,
        token_verification_enabled=False,
        logger=logging.getLogger("docket.bolt"),
    )

    # What requests leave in the outbox is sent by the courier, after the ack, paced as the tick.
    sender_client = make_sender_client(settings.bot_token, settings.api_url)
    # Everything it sends was caused by someone's action just now: the budget's urgent lane.
    sender = Sender(
        deps,
        sender_client,
        lane=PostLane.URGENT,
        pacer=Pacer(settings.pace_seconds),
        channel_429s=True,
    )
    app.courier = Courier(deps, sender)
    wakeup.watch(deps.engine)  # a request that wrote to the outbox wakes it (bot/slack/wakeup.py)
    app.jobs = ThreadPoolExecutor(max_workers=4, thread_name_prefix="docket-after-ack")
    app._pending, app._pending_lock = set(), threading.Lock()

    @app.middleware
    def _inject_deps(context, client, next) -> None:  # noqa: A002 - Bolt's argument name
        context["deps"] = deps
        context["directory"] = Directory(deps, client)
        context[TOKEN_ERROR] = app.courier.token_error
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
