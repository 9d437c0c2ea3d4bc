"""HTTP mode: Bolt behind waitress, a production WSGI server."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable

from slack_bolt import App
from waitress import wasyncore
from waitress.server import create_server

from bot.slack.edge import MAX_BODY, EdgeHandler

EVENTS_PATH = "/slack/events"


def wsgi_app(app: App) -> Callable[..., Iterable[bytes]]:
    """A WSGI callable: Slack requests at /slack/events, a health check at /healthz."""
    slack = EdgeHandler(app, path=EVENTS_PATH)

    def application(environ, start_response):
        if environ.get("PATH_INFO") == "/healthz":
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [b"ok"]
        return slack(environ, start_response)

    return application


class BotServer:
    """waitress serving the bot on host:port (port 0 picks a free one), in a thread."""

    def __init__(self, app: App, *, host: str = "127.0.0.1", port: int = 0, threads: int = 8):
        self._server = create_server(
            wsgi_app(app), host=host, port=port, threads=threads, max_request_body_size=MAX_BODY
        )
        self._thread: threading.Thread | None = None

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

    def stop(self) -> None:
        """Finish the requests in flight, then close every socket from inside the loop thread."""
        server = self._server
        server.task_dispatcher.shutdown(cancel_pending=False, timeout=5)
        if self._thread is None:
            server.close()
            return
        try:
            server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map))  # noqa: SLF001
        except OSError:  # the loop has already closed its sockets
            pass
        self._thread.join(timeout=5)
