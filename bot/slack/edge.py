"""The HTTP edge in front of Bolt: body cap, UTF-8 check and a correct form parser.

Bolt's parser (`slack_bolt/request/internals.py`) treats any form body that merely contains the
word "payload" as an interaction, so `/task review payload terms` or any command in
#payload-dispute reached no listener (404). Here the body is parsed by its keys (once: Bolt's
own parse is not run as well), while Bolt still verifies the signature over the raw body exactly
as received.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request.internals import build_context, parse_body

MAX_BODY = 1024 * 1024  # Slack's largest payloads (a 100-block view with its state) are far below
FORM = "application/x-www-form-urlencoded"
log = logging.getLogger("docket.edge")


class EdgeRequest(BoltRequest):
    """A BoltRequest whose form body is parsed by its keys, not by a substring test, once."""

    def __init__(self, *, body: str, query: str, headers: dict[str, Any]) -> None:
        super().__init__(body="", query=query, headers=headers)  # headers, query: as Bolt does
        self.raw_body = body  # what the signature is checked over, exactly as received
        if self.content_type == FORM and not body.startswith("{"):
            params = dict(parse_qsl(body, keep_blank_values=True))
            parsed: Any = json.loads(params["payload"]) if "payload" in params else params
            if not isinstance(parsed, dict):
                raise ValueError("a payload that is not a JSON object")
            self.body = parsed
        else:
            self.body = parse_body(body, self.content_type)
        self.context = build_context(BoltContext(), self.body)


def _plain(start_response: Any, status: str, text: str) -> Iterable[bytes]:
    start_response(status, [("Content-Type", "text/plain;charset=utf-8")])
    return [text.encode()]


class EdgeHandler(SlackRequestHandler):
    """Bolt's WSGI handler, with the body checked and capped before anything reads it whole."""

    def __init__(self, app: App, path: str) -> None:
        super().__init__(app, path=path)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """Answer one WSGI request: 413 over the cap, 400 for a body that isn't UTF-8."""
        if environ.get("REQUEST_METHOD") != "POST" or environ.get("PATH_INFO") != self.path:
            return super().__call__(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, "400 Bad Request", "Bad Request")
        if length > MAX_BODY or length < 0:
            log.warning("refused a %d-byte request body", length)
            return _plain(start_response, "413 Payload Too Large", "Payload Too Large")
        raw = environ["wsgi.input"].read(length) if length else b""
        try:
            text = raw.decode("utf-8")
            headers = {
                k[5:].lower().replace("_", "-"): v
                for k, v in environ.items()
                if k.startswith("HTTP_")
            }
            headers["content-type"] = environ.get("CONTENT_TYPE", "")
            headers["content-length"] = str(length)
            request = EdgeRequest(body=text, query=environ.get("QUERY_STRING", ""), headers=headers)
        except ValueError:  # not UTF-8, or a "payload" that is not JSON
            return _plain(start_response, "400 Bad Request", "Bad Request")
        answer = self.app.dispatch(request)
        response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
        start_response(response.status, response.get_headers())
        return response.get_body()
