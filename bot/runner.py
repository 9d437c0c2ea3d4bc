"""Running against a real workspace: HTTP (waitress) or Socket Mode, with or without the clock."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from bot.clock import SystemClock
from bot.config import Settings
from bot.dates import warm_up
from bot.db import describe_url, make_engine, migrate
from bot.deps import Deps
from bot.scheduler import build_scheduler, catch_up, drain, prepare
from bot.slack.app import create_app
from bot.slack.web import BotServer

log = logging.getLogger("docket")
GRACE_SECONDS = 20.0  # platforms allow ~30 s between SIGTERM and SIGKILL


def run(mode: str, settings: Settings) -> int:
    """Run mode 'run' (bot + scheduler), 'web' (HTTP only), 'clock' or 'migrate'."""
    if mode != "migrate" and not settings.has_slack:  # everything but migrate talks to Slack
        print(
            f"docket: `{mode}` needs SLACK_BOT_TOKEN (see .env.example); "
            "without Slack, `python -m bot sandbox` runs a local workspace",
            file=sys.stderr,
        )
        return 2
    engine = make_engine(settings.database_url)
    log.info("database: %s", describe_url(settings.database_url))
    migrate(engine)
    if mode == "migrate":
        log.info("database schema is up to date")
        return 0
    deps = Deps(engine=engine, clock=SystemClock(), settings=settings)
    stop = _stop_on_signals(deps)
    prepare(deps)
    scheduler = build_scheduler(deps) if mode in ("run", "clock", "drain") else None
    if mode == "drain":
        drain(deps)
        return 0
    app = None
    if mode != "clock":
        warm_up()
        app = create_app(deps)
    if scheduler is not None:
        catch_up(deps)
        deps.heartbeat.expect(deps.clock.now())
        scheduler.start()
    socket = None
    server = None
    if app is not None and settings.socket_mode:
        # websocket-client, not the SDK's built-in client: that one stops reading for up to
        # 3 s while it closes a refreshed connection, so acks in that window come too late.
        from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

        socket = SocketModeHandler(app, settings.app_token)
        socket.connect()
        log.info("Docket connected to Slack over Socket Mode")
    if app is not None:  # what requests leave in the outbox goes out right after their acks
        app.courier.start()
    if app is not None:  # Slack's requests in HTTP mode; calendar feeds and probes in both
        server = BotServer(app, deps=deps, host="0.0.0.0", port=settings.port).start()
        log.info("Docket listening on :%d/slack/events", settings.port)
    elif settings.port_set:  # no Slack over HTTP here, but the platform's health checks
        server = BotServer(None, deps=deps, host="0.0.0.0", port=settings.port).start()
        log.info("Docket serving /healthz, /readyz and /metrics on :%d", settings.port)
    log.info("Docket running (%s)", mode)
    stop.wait()
    _shut_down(server, socket, scheduler)
    if app is not None:  # after the last request: its pass releases unsent rows (`stopping`)
        app.courier.stop(timeout=GRACE_SECONDS)
        app.jobs.shutdown(wait=True)
    return 0


def _stop_on_signals(deps: Deps) -> threading.Event:
    """SIGTERM/SIGINT: stop claiming outbox rows at once, then shut down in order."""
    stop = threading.Event()

    def on_signal(signum: int, _frame: object) -> None:
        log.info("%s received: finishing requests in flight, releasing unsent rows", signum)
        deps.stopping.set()
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    return stop


def _shut_down(
    server: BotServer | None, socket: Any, scheduler: BackgroundScheduler | None
) -> None:
    """Finish requests in flight, close Slack's connection, let the running job hand back rows."""
    if socket is not None:
        socket.close()
    if server is not None:
        server.stop(timeout=GRACE_SECONDS)
    if scheduler is not None:
        scheduler.shutdown(wait=True)  # a running tick sees `stopping` and releases its rows
    log.info("Docket stopped")
