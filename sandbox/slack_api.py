"""FakeSlack: an offline stand-in of the Slack Web API, a real HTTP server on 127.0.0.1.

Point `slack_sdk.WebClient(token=..., base_url=fake.api_url)` at it. Methods are served at
/api/<method> (form, JSON or query parameters); response URLs at /response/<token>; file
uploads at /upload/<file_id>. Everything the bot sends is kept in `messages`, every call in
`calls`. Faults are injected with `inject`.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from sandbox.rate_limits import RateLimits
from sandbox.slack_methods import METHODS, replacement
from sandbox.slack_objects import SlackError, check_message
from sandbox.slack_socket import SocketModeServer
from sandbox.slack_state import Channel, Fault, Message, User, Workspace

__all__ = ["Channel", "FakeSlack", "Message", "User"]

# The scopes Docket's manifest.yml asks for: the stand-in's token is granted all of them.
BOT_SCOPES = (
    "app_mentions:read",
    "commands",
    "chat:write",
    "channels:read",
    "channels:history",
    "groups:read",
    "groups:history",
    "im:history",
    "im:read",
    "mpim:read",
    "im:write",
    "users:read",
    "files:write",
)
RESPONSE_URL_USES = 5  # Slack accepts up to 5 posts per response_url,
RESPONSE_URL_LIFE = timedelta(minutes=30)  # within 30 minutes of the interaction
ACK_SECONDS = 3.0  # an answer later than this is lost: the user sees operation_timeout


class FakeSlack(Workspace):
    """The Slack stand-in: workspace state (see Workspace) served over loopback HTTP."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-sandbox",
        app_token: str = "xapp-sandbox",
        team_id: str = "T0SANDBOX",
        bot_name: str = "docket",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(bot_token=bot_token, team_id=team_id, bot_name=bot_name, clock=clock)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.response_urls: dict[str, dict[str, Any]] = {}
        self.app_token = app_token
        self.bot_scopes: set[str] = set(BOT_SCOPES)  # what the installed token was granted
        self.sockets: SocketModeServer | None = None  # started by the first apps.connections.open
        self.rate_limits = RateLimits(self.clock)

    def start(self) -> FakeSlack:
        """Start serving on 127.0.0.1 (a free port) in a daemon thread; returns self."""
        handler = type("_BoundHandler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the servers and wait for their threads."""
        if self.sockets is not None:
            self.sockets.stop()
            self.sockets = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """The Web API base URL to give WebClient: "http://127.0.0.1:PORT/api/"."""
        return f"{self.base_url}/api/"

    def new_response_url(
        self, *, channel_id: str, user_id: str, message_ts: str | None = None
    ) -> str:
        """A response_url for a command or an interaction (on a message: it can replace it)."""
        token = secrets.token_hex(12)
        with self.lock:
            self.response_urls[token] = {
                "channel": channel_id,
                "user": user_id,
                "uses": 0,
                "ts": message_ts,
                "born": self.clock(),
            }
        return f"{self.base_url}/response/{token}"

    # -- request handling (called from server threads) ----------------------------------------
    def handle_api(self, method: str, params: dict[str, Any], token: str | None) -> _Answer:
        """Answer one Web API call: faults first, then auth, then the method itself."""
        with self.lock:
            self.calls.append((method, {k: v for k, v in params.items() if k != "token"}))
        self.pass_gate(method, params)
        fault = self.take_fault(method, params)
        if fault is not None:
            return _fault_answer(fault)
        if not token:
            return _Answer(200, {"ok": False, "error": "not_authed"})
        if method == "apps.connections.open":
            return _Answer(200, self._connections_open(token))
        if token != self.bot_token:
            return _Answer(200, {"ok": False, "error": "invalid_auth"})
        wait = self.rate_limits.check(method, params)
        if wait is not None:
            limited = {"ok": False, "error": "ratelimited"}
            return _Answer(429, limited, headers={"Retry-After": str(wait)})
        if self.token_error is not None:
            body: dict[str, Any] = {"ok": False, "error": self.token_error}
            if self.token_error == "missing_scope":
                body.update(needed="chat:write", provided="commands")
            return _Answer(200, body)
        handler = METHODS.get(method)
        if handler is None:
            return _Answer(200, {"ok": False, "error": "unknown_method", "req_method": method})
        scopes = {"X-OAuth-Scopes": ",".join(sorted(self.bot_scopes))}  # as Slack sends them
        try:
            return _Answer(200, handler(self, params), headers=scopes)
        except SlackError as err:
            return _Answer(200, err.body(), headers=scopes)

    def _connections_open(self, token: str) -> dict[str, Any]:
        """apps.connections.open: only an app-level token opens a Socket Mode URL."""
        if token == self.bot_token:
            return {"ok": False, "error": "not_allowed_token_type"}
        if token != self.app_token:
            return {"ok": False, "error": "invalid_auth"}
        with self.lock:
            if self.sockets is None:
                self.sockets = SocketModeServer(app_id=self.app_id).start()
            sockets = self.sockets
        return {"ok": True, "url": sockets.open_url()}

    def handle_response_url(self, token: str, payload: dict[str, Any]) -> _Answer:
        """Record a post to a response_url as an ephemeral, in_channel or delete message.

        replace_original / delete_original act on the message the click came from, an
        ephemeral included (its person then sees the new version in place of the old one).

        As Slack: 5 posts within 30 minutes (on the stand-in's clock); after that, 404.
        """
        with self.lock:
            target = self.response_urls.get(token)
            if target is None or target["uses"] >= RESPONSE_URL_USES:
                return _Answer(404, None, "no_such_url")
            if self.clock() - target["born"] > RESPONSE_URL_LIFE:
                return _Answer(404, None, "expired_url")
            target["uses"] += 1
        fault = self.take_fault("response_url")
        if fault is not None:
            return _fault_answer(fault)
        original = self.find_message(target["channel"], target["ts"]) if target["ts"] else None
        private = (
            self.find_ephemeral(target["channel"], target["ts"], target["user"])
            if target["ts"] and original is None
            else None
        )
        if payload.get("delete_original"):
            gone = original or private
            if gone is None:  # nothing to delete (a command's response_url)
                self.record(
                    Message("delete", target["channel"], target["user"], "", [], self.next_ts())
                )
            elif gone.kind == "ephemeral":
                self.record(_edited(gone, "delete", "", []))
            else:
                self.record(
                    Message("delete", gone.channel, gone.user, "", [], gone.ts, gone.thread_ts)
                )
            return _Answer(200, None, "ok")
        shown = original or private
        if payload.get("replace_original") and shown is not None:
            try:  # a replacement is a whole new message: `text` alone removes the old blocks
                text, blocks = check_message(replacement(payload, shown))
            except SlackError as err:
                return _Answer(400, err.body())
            if shown.kind == "ephemeral":  # only its person sees it, in place of the old one
                self.record(_edited(shown, "update", text, blocks))
                return _Answer(200, None, "ok")
            update = Message(
                "update",
                shown.channel,
                shown.user,
                text,
                blocks,
                shown.ts,
                shown.thread_ts,
            )
            self.record(update)
            return _Answer(200, None, "ok")
        try:
            found = self.record_reply(payload, channel_id=target["channel"], user_id=target["user"])
        except SlackError as err:
            return _Answer(400, err.body())
        return _Answer(200, None, "ok") if found else _Answer(400, None, "no_text")

    def answer_request(
        self,
        body: dict[str, Any] | str | None,
        *,
        channel_id: str,
        user_id: str,
        what: str,
        elapsed: float = 0.0,
        status: int = 200,
    ) -> Message | None:
        """What the user sees of the HTTP answer to a command or an interaction, as Slack shows it.

        Too late (over 3 s), an HTTP error, or a body Slack refuses: the user gets Slack's own
        line, '/task failed with the error "invalid_blocks"' (kind "error"), and Docket's
        answer is lost. Otherwise the answer is recorded as record_reply does.
        """
        code = None
        if elapsed > ACK_SECONDS:
            code = "operation_timeout"
        elif status != 200:
            code = "dispatch_failed"
        else:
            try:
                return self.record_reply(body, channel_id=channel_id, user_id=user_id)
            except SlackError as err:
                code = err.error
        text = f'{what} failed with the error "{code}"'
        return self.record(Message("error", channel_id, user_id, text, [], self.next_ts()))

    def record_reply(
        self, body: dict[str, Any] | str | None, *, channel_id: str, user_id: str
    ) -> Message | None:
        """Show a reply as Slack does (a command's ack body or a response_url post).

        `body` is the JSON answer (dict) or a plain-text ack (str). Ephemeral to `user_id`
        unless response_type is "in_channel"; None when the body has neither text nor blocks.
        Raises SlackError("invalid_blocks") for malformed blocks.
        """
        if not body:
            return None
        if isinstance(body, str):
            body = {"text": body}
        if not body.get("text") and body.get("blocks") in (None, "", []):
            return None
        text, blocks = check_message(body)
        in_channel = body.get("response_type") == "in_channel"
        kind, who = ("message", self.bot_user_id) if in_channel else ("ephemeral", user_id)
        rtype = "in_channel" if in_channel else "ephemeral"
        thread_ts = body.get("thread_ts") or None
        msg = Message(kind, channel_id, who, text, blocks, self.next_ts(), thread_ts)
        msg.response_type = rtype
        return self.record(msg)

    def handle_upload(self, file_id: str, data: bytes) -> _Answer:
        """Store the bytes of a file announced by files.getUploadURLExternal."""
        with self.lock:
            stored = self.files.get(file_id)
            if stored is None:
                return _Answer(404, None, "not_found")
            stored["data"] = data
        return _Answer(200, None, f"OK - {len(data)}")


class _Answer:
    """An HTTP answer: JSON body, or plain text when `json_body` is None."""

    def __init__(
        self,
        status: int,
        json_body: dict | None,
        text: str = "",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.json_body = json_body
        self.text = text
        self.headers = headers or {}


def _edited(old: Message, edit: str, text: str, blocks: list) -> Message:
    """A new version of an ephemeral (same channel, person, ts and thread)."""
    msg = Message("ephemeral", old.channel, old.user, text, blocks, old.ts, old.thread_ts)
    msg.response_type, msg.edit = "ephemeral", edit
    return msg


def _fault_answer(fault: Fault) -> _Answer:
    headers = {"Retry-After": str(fault.retry_after)} if fault.status == 429 else {}
    return _Answer(fault.status, {"ok": False, "error": fault.error}, headers=headers)


def _parse_body(content_type: str, body: bytes) -> dict[str, Any]:
    """Parameters from a JSON, urlencoded or multipart body."""
    if not body:
        return {}
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/json":
        data = json.loads(body.decode("utf-8"))
        return data if isinstance(data, dict) else {}
    if ctype == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\n\r\n".encode()
        msg = BytesParser(policy=HTTP).parsebytes(head + body)
        params: dict[str, Any] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            assert isinstance(payload, bytes)  # decode=True on a non-multipart part gives bytes
            params[str(name)] = payload if part.get_filename() else payload.decode("utf-8")
        return params
    return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))


def _upload_bytes(content_type: str, body: bytes) -> bytes:
    """The file bytes of an upload: the raw body, or the file part of a multipart body."""
    if content_type.lower().startswith("multipart/form-data"):
        for value in _parse_body(content_type, body).values():
            if isinstance(value, bytes):
                return value
    return body


class _Handler(BaseHTTPRequestHandler):
    """Routes /api/, /response/ and /upload/ requests to the FakeSlack instance."""

    fake: FakeSlack
    server_version = "FakeSlack/1.0"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Stay silent (the sandbox owns the terminal)."""

    def do_GET(self) -> None:
        """GET /api/<method>?params."""
        self._dispatch(b"")

    def do_POST(self) -> None:
        """POST /api/<method>, /response/<token>, /upload/<file_id>."""
        length = int(self.headers.get("Content-Length") or 0)
        self._dispatch(self.rfile.read(length) if length else b"")

    def _dispatch(self, body: bytes) -> None:
        url = urlsplit(self.path)
        ctype = self.headers.get("Content-Type") or ""
        try:
            if url.path.startswith("/api/"):
                params: dict[str, Any] = dict(parse_qsl(url.query, keep_blank_values=True))
                params.update(_parse_body(ctype, body))
                answer = self.fake.handle_api(url.path[5:], params, self._token(params))
            elif url.path.startswith("/response/"):
                payload = _parse_body("application/json", body) if body else {}
                answer = self.fake.handle_response_url(url.path[10:], payload)
            elif url.path.startswith("/upload/"):
                answer = self.fake.handle_upload(url.path[8:], _upload_bytes(ctype, body))
            else:
                answer = _Answer(404, None, "not_found")
        except (ValueError, UnicodeDecodeError):
            answer = _Answer(200, {"ok": False, "error": "invalid_form_data"})
        self._send(answer)

    def _token(self, params: dict[str, Any]) -> str | None:
        auth = self.headers.get("Authorization") or ""
        if auth.lower().startswith("bearer "):
            return auth[7:].strip() or None
        token = params.get("token")
        return str(token) if token else None

    def _send(self, answer: _Answer) -> None:
        if answer.json_body is not None:
            data = json.dumps(answer.json_body).encode("utf-8")
            ctype = "application/json; charset=utf-8"
        else:
            data, ctype = answer.text.encode("utf-8"), "text/plain; charset=utf-8"
        self.send_response(answer.status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in answer.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
