"""HTTP mode: Bolt behind waitress, a production WSGI server, with the operator's endpoints."""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from slack_bolt import App
from sqlalchemy.exc import SQLAlchemyError
from waitress import wasyncore
from waitress.server import create_server

from bot import ical, metrics
from bot.db import session_scope
from bot.deps import Deps
from bot.health import liveness, readiness
from bot.services import feeds, outbox
from bot.slack.edge import MAX_BODY, EdgeHandler

EVENTS_PATH = "/slack/events"
ICAL_PATH = re.compile(r"/ical/([A-Za-z0-9_-]{16,64})\.ics")
Answer = tuple[int, str, bytes]  # status, content type, body


def calendar_feed(deps: Deps, path: str, method: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """GET /ical/<token>.ics: the feed, or 404 for an unknown, revoked or orphaned token."""
    match = ICAL_PATH.fullmatch(path)
    if method not in ("GET", "HEAD"):
        return "405 Method Not Allowed", [("Allow", "GET, HEAD")], b"GET only"
    now = deps.clock.now()
    with session_scope(deps.engine) as session:
        feed = feeds.read(session, token=match.group(1), now=now) if match else None
        if feed is None:
            return "404 Not Found", [("Content-Type", "text/plain")], b"No such calendar."
        host = urlsplit(deps.settings.public_url).hostname or "docket"
        body = ical.render(feed, now=now, host=host)
    headers = [
        ("Content-Type", "text/calendar; charset=utf-8"),
        ("Content-Disposition", 'inline; filename="docket.ics"'),
        ("Cache-Control", "private, max-age=300"),
    ]
    return "200 OK", headers, body


def _json(status: int, body: dict[str, Any]) -> Answer:
    return status, "application/json", json.dumps(body, sort_keys=True).encode()


def ops_answer(path: str, deps: Deps | None) -> Answer | None:
    """The answer for an operator's endpoint (/healthz, /readyz, /metrics), or None."""
    if path == "/healthz":
        return _json(200, liveness())
    if deps is None:
        return None
    if path == "/readyz":
        ready, body = readiness(deps.engine, clock=deps.clock, heartbeat=deps.heartbeat)
        return _json(200 if ready else 503, body)
    if path == "/metrics":
        return 200, metrics.CONTENT_TYPE, _metrics(deps)
    return None


def _metrics(deps: Deps) -> bytes:
    """Prometheus' text format; the outbox lag is read from the database at each scrape."""
    now = deps.clock.now()
    try:
        with session_scope(deps.engine) as session:
            oldest = outbox.oldest_due(session, now=now)
            still_open = outbox.still_open(session, row_ids=metrics.retrying())
        metrics.set_outbox_lag(now, oldest, still_open)
    except SQLAlchemyError:  # the database is away: /readyz says so; keep the last lag
        pass
    return metrics.exposition()


def wsgi_app(app: App | None, deps: Deps | None = None) -> Callable[..., Iterable[bytes]]:
    """A WSGI callable: Slack at /slack/events (when app is given) and the operator's endpoints."""
    slack = EdgeHandler(app, path=EVENTS_PATH) if app is not None else None

    def application(environ, start_response):
        path = environ.get("PATH_INFO") or ""
        answer = ops_answer(path, deps)
        if answer is None and deps is not None and path.startswith("/ical/"):
            status, headers, body = calendar_feed(deps, path, environ.get("REQUEST_METHOD", "GET"))
            start_response(status, [*headers, ("Content-Length", str(len(body)))])
            return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else body]
        if answer is None and slack is not None:
            return slack(environ, start_response)
        if answer is not None and environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            answer = (405, "text/plain", b"GET only\n")
        status, ctype, body = answer or (404, "text/plain", b"not found\n")
        phrase = HTTPStatus(status).phrase
        headers = [("Content-Type", ctype), ("Content-Length", str(len(body)))]
        start_response(f"{status} {phrase}", headers + [("Cache-Control", "no-store")])
        return [body]

    return application


class BotServer:
    """waitress serving the bot on host:port (port 0 picks a free one), in a thread."""

    def __init__(
        self,
        app: App | None,
        *,
        deps: Deps | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        threads: int = 8,
    ):
        application = wsgi_app(app, deps)
        self._server = create_server(
            application, host=host, port=port, threads=threads, max_request_body_size=MAX_BODY
        )
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self._server.effective_port}"

    @property
    def url(self) -> str:
        """The events URL Slack (or the driver) posts to."""
        return f"http://127.0.0.1:{self._server.effective_port}{EVENTS_PATH}"

    def start(self) -> BotServer:
        """Serve in a daemon thread."""
        self._thread = threading.Thread(target=self._server.run, name="docket-web", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted."""
        self._server.run()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, finish requests in flight (up to timeout), then close every socket."""
        server = self._server
        if self._thread is not None:  # refuse new connections while the old ones finish
            try:
                # only the listening socket: server.close() would also close the trigger
                server.trigger.pull_trigger(lambda: wasyncore.dispatcher.close(server))
            except OSError:
                pass
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=timeout)
        if self._thread is None:
            server.close()
            return
        _flushed(server, timeout=2.0)
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))  # noqa: SLF001
        except OSError:  # the loop has already closed its sockets
            pass
        self._thread.join(timeout=5)


def _flushed(server: Any, *, timeout: float) -> None:
    """Wait (briefly) until every finished response has left for its client."""
    done = threading.Event()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        channels = list(server._map.values())  # noqa: SLF001
        if all(not getattr(c, "total_outbufs_len", 0) for c in channels):
            return
        done.wait(0.02)
