"""Running against a real workspace: HTTP (waitress) or Socket Mode, with or without the clock."""

from __future__ import annotations

import logging
import signal
import sys
import threading

from bot.clock import SystemClock
from bot.config import Settings
from bot.dates import warm_up
from bot.db import describe_url, make_engine, migrate
from bot.deps import Deps
from bot.scheduler import build_scheduler, catch_up, drain, prepare
from bot.slack.app import create_app
from bot.slack.web import BotServer

log = logging.getLogger("docket")


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
    prepare(deps)
    scheduler = build_scheduler(deps) if mode in ("run", "clock", "drain") else None
    if mode == "drain":
        drain(deps)
        return 0
    if mode == "clock":
        assert scheduler is not None
        catch_up(deps)
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        deps.heartbeat.expect(deps.clock.now())
        scheduler.start()
        probes = None
        if settings.port_set:  # the operator's endpoints, for the platform's health checks
            probes = BotServer(None, deps=deps, host="0.0.0.0", port=settings.port).start()
            log.info("Docket clock serving /healthz, /readyz and /metrics on :%d", settings.port)
        log.info("Docket clock running (scheduler only)")
        stop.wait()
        scheduler.shutdown()
        if probes is not None:
            probes.stop()
        return 0
    warm_up()
    app = create_app(deps)
    if scheduler is not None:
        catch_up(deps)
        deps.heartbeat.expect(deps.clock.now())
        scheduler.start()
    try:
        if settings.socket_mode:
            if settings.port_set:  # no Slack HTTP here, but the platform's health checks
                BotServer(None, deps=deps, host="0.0.0.0", port=settings.port).start()
            # websocket-client, not the SDK's built-in client: that one stops reading for up to
            # 3 s while it closes a refreshed connection, so acks in that window come too late.
            from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler

            log.info("Docket connecting to Slack over Socket Mode")
            BotServer(app, host="0.0.0.0", port=settings.port, deps=deps).start()  # feeds
            SocketModeHandler(app, settings.app_token).start()
        else:
            server = BotServer(app, deps=deps, host="0.0.0.0", port=settings.port)
            log.info("Docket listening on :%d/slack/events", settings.port)
            server.serve_forever()
    finally:
        if scheduler is not None:
            scheduler.shutdown(wait=False)
    return 0
