"""Socket Mode in the stand-in: single-use WebSocket URLs and Slack's envelope protocol.

What Slack does, and so what this does: `apps.connections.open` (app-level token) hands out a
`ws://…/link/?ticket=…&app_id=…` URL that works once; on connect the app gets a `hello`; each
request comes as an envelope (`envelope_id`, `type`, `payload`, `accepts_response_payload`,
and for events `retry_attempt`/`retry_reason`) that the app must ack within 3 seconds with
`{"envelope_id": …, "payload": …}`. An events_api envelope not acked (or whose connection died
before its ack) is sent again, up to 3 times, on whichever connection is open (Slack waits
1 and 5 minutes between retries; the stand-in retries at once). A command or interaction that
is not acked is lost ("operation_timeout"), as in Slack. `disconnect(reason)` sends Slack's
`disconnect` message; `drop()` closes the connection without one.
"""

from __future__ import annotations

import itertools
import json
import secrets
import threading
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import Server, ServerConnection, serve

ACK_SECONDS = 3.0
EVENT_RETRIES = 3
CONNECT_SECONDS = 30.0
DISCONNECT_REASONS = ("warning", "refresh_requested", "link_disabled")


@dataclass
class _Pending:
    """An envelope waiting for its ack."""

    connection: int
    done: threading.Event = field(default_factory=threading.Event)
    ack: dict[str, Any] | None = None
    lost: bool = False


@dataclass
class Ack:
    """What the app answered: the envelope's payload (None when it sent none)."""

    envelope_id: str
    payload: dict[str, Any] | None
    attempts: int


class SocketModeServer:
    """A WebSocket server on 127.0.0.1 speaking Slack's Socket Mode to the app's connections."""

    def __init__(self, *, app_id: str, ack_seconds: float = ACK_SECONDS) -> None:
        self.app_id = app_id
        self.ack_seconds = ack_seconds
        self.connect_seconds = CONNECT_SECONDS
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._tickets: set[str] = set()
        self._open: dict[int, ServerConnection] = {}
        self._pending: dict[str, _Pending] = {}
        self._ids = itertools.count(1)
        self._drop_after_send = 0
        self.sent: list[dict[str, Any]] = []  # every envelope and control message, in order
        self.protocol_errors: list[str] = []  # what the app sent that Slack would not accept
        self.late_acks: list[str] = []  # acks after the envelope was given up (or unknown)
        self.connections_made = 0

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> SocketModeServer:
        """Serve on a free loopback port in a daemon thread."""
        self._server = serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            ping_interval=None,
            close_timeout=1,
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="fake-slack-socket", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Close every connection and stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._server is not None
        return int(self._server.socket.getsockname()[1])

    def open_url(self) -> str:
        """A new single-use URL, as apps.connections.open returns."""
        ticket = secrets.token_hex(12)
        with self._cond:
            self._tickets.add(ticket)
        return f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"

    @property
    def connections(self) -> int:
        """How many connections are open now."""
        with self._cond:
            return len(self._open)

    def wait_connected(self, count: int = 1, timeout: float | None = None) -> bool:
        """Block until at least `count` connections are open (False on timeout)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: len(self._open) >= count, timeout or self.connect_seconds
            )

    def wait_all_closed(self, timeout: float | None = None) -> bool:
        """Block until no connection is open (each has handled all it received)."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._open, timeout or self.connect_seconds)

    def wait_new_connection(self, made: int, timeout: float | None = None) -> bool:
        """Block until a connection beyond the first `made` is open (False on timeout)."""
        with self._cond:
            return self._cond.wait_for(
                lambda: self.connections_made > made and bool(self._open),
                timeout or self.connect_seconds,
            )

    # -- faults ---------------------------------------------------------------------------------
    def disconnect(self, reason: str = "refresh_requested") -> None:
        """Send Slack's `disconnect` message on every open connection; the app reconnects."""
        if reason not in DISCONNECT_REASONS:
            raise ValueError(f"reason must be one of {DISCONNECT_REASONS}")
        message = {"type": "disconnect", "reason": reason, "debug_info": {"host": "sandbox"}}
        with self._cond:
            targets = list(self._open.values())
        for ws in targets:
            self._send(ws, message)

    def drop(self) -> None:
        """Close every open connection abruptly, without a `disconnect` message."""
        with self._cond:
            targets = list(self._open.values())
        for ws in targets:
            ws.close(1011, "connection dropped")

    def drop_after_next_envelope(self, times: int = 1) -> None:
        """The next `times` envelopes are sent, then their connection drops before any ack."""
        with self._cond:
            self._drop_after_send += times

    # -- delivery -------------------------------------------------------------------------------
    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        accepts_response_payload: bool,
        retry_attempt: int = 0,
        retry_reason: str = "",
    ) -> Ack | None:
        """Send one envelope and wait for its ack; None when it was never acked."""
        attempt, reason = retry_attempt, retry_reason
        while True:
            envelope_id = str(uuid.uuid4())
            envelope: dict[str, Any] = {
                "envelope_id": envelope_id,
                "payload": payload,
                "type": kind,
                "accepts_response_payload": accepts_response_payload,
            }
            if kind == "events_api":
                envelope["retry_attempt"], envelope["retry_reason"] = attempt, reason
            pending = self._dispatch(envelope_id, envelope)
            if pending is not None:
                pending.done.wait(self.ack_seconds)
                with self._cond:
                    self._pending.pop(envelope_id, None)
                if pending.done.is_set() and not pending.lost:
                    ack = pending.ack or {}
                    body = ack.get("payload") if accepts_response_payload else None
                    return Ack(envelope_id, body, attempt - retry_attempt + 1)
            if kind != "events_api" or attempt - retry_attempt >= EVENT_RETRIES:
                return None
            attempt, reason = attempt + 1, "timeout"

    def _dispatch(self, envelope_id: str, envelope: dict[str, Any]) -> _Pending | None:
        """Send the envelope on the newest open connection (waiting for one); None if none."""
        with self._cond:
            if not self._cond.wait_for(lambda: bool(self._open), self.connect_seconds):
                return None
            number = max(self._open)
            ws = self._open[number]
            pending = _Pending(number)
            self._pending[envelope_id] = pending
            drop = self._drop_after_send > 0
            self._drop_after_send -= int(drop)
        self._send(ws, envelope)
        if drop:
            ws.close(1011, "connection dropped")
        return pending

    def _send(self, ws: ServerConnection, message: dict[str, Any]) -> None:
        with self._cond:
            self.sent.append(message)
        try:
            ws.send(json.dumps(message))
        except ConnectionClosed:
            pass  # the connection's own thread marks its envelopes lost

    # -- connections ----------------------------------------------------------------------------
    def _check_ticket(self, connection: ServerConnection, request: Any) -> Any:
        """Refuse a handshake without a valid, unused ticket for this app (as Slack does)."""
        url = urlsplit(request.path)
        query = parse_qs(url.query)
        ticket = (query.get("ticket") or [""])[0]
        with self._cond:
            valid = url.path == "/link/" and ticket in self._tickets
            self._tickets.discard(ticket)
        if not valid or (query.get("app_id") or [""])[0] != self.app_id:
            return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid or used ticket\n")
        return None

    def _handle(self, ws: ServerConnection) -> None:
        with self._cond:
            number = next(self._ids)
            self._open[number] = ws
            self.connections_made += 1
            count = len(self._open)
            self._cond.notify_all()
        hello = {
            "type": "hello",
            "num_connections": count,
            "debug_info": {
                "host": "applink-sandbox",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": self.app_id},
        }
        self._send(ws, hello)
        try:
            for raw in ws:
                self._on_message(raw)
        except ConnectionClosed:
            pass
        finally:
            with self._cond:
                self._open.pop(number, None)
                for pending in self._pending.values():
                    if pending.connection == number and not pending.done.is_set():
                        pending.lost = True
                        pending.done.set()
                self._cond.notify_all()

    def _on_message(self, raw: str | bytes) -> None:
        """An ack: JSON with a known envelope_id and, optionally, a payload object."""
        try:
            message = json.loads(raw)
        except ValueError:
            self._error("a message that is not JSON")
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        if not isinstance(envelope_id, str):
            self._error("a message without an envelope_id")
            return
        if "payload" in message and not isinstance(message["payload"], dict):
            self._error(f"an ack for {envelope_id} whose payload is not an object")
            return
        with self._cond:
            pending = self._pending.get(envelope_id)
            if pending is None or pending.done.is_set():  # Slack drops it: it came too late
                self.late_acks.append(envelope_id)
                return
            pending.ack = message
            pending.done.set()

    def _error(self, what: str) -> None:
        with self._cond:
            self.protocol_errors.append(what)
