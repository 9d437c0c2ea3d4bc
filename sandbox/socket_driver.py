"""SocketDriver: the same requests as Driver, delivered as Socket Mode envelopes, not HTTP."""

from __future__ import annotations

import json
import time
from typing import Any

from sandbox.driver import Driver, Reply
from sandbox.slack_api import FakeSlack
from sandbox.slack_socket import SocketModeServer

# Interactions whose ack may carry a body (response_action, options); others are acked empty.
ACK_BODY_TYPES = ("view_submission", "block_suggestion")


class SocketDriver(Driver):
    """Sends commands, interactions and events over the stand-in's Socket Mode connection."""

    def __init__(self, *, slack: FakeSlack, team_id: str = "T0SANDBOX") -> None:
        super().__init__(bot_url="", signing_secret="", slack=slack, team_id=team_id)

    @property
    def sockets(self) -> SocketModeServer:
        """The stand-in's Socket Mode server (the app must have connected)."""
        assert self.slack.sockets is not None, "the app has not opened a Socket Mode connection"
        return self.slack.sockets

    def post(self, body: bytes, *, content_type: str, **_: Any) -> Reply:
        """Raw HTTP bodies have no Socket Mode form: refuse plainly."""
        raise NotImplementedError("Socket Mode carries envelopes, not signed HTTP bodies")

    def _post_form(self, form: dict[str, str], **_: Any) -> Reply:
        return self._deliver("slash_commands", dict(form), accepts=True)

    def _post_payload(self, payload: dict[str, Any], **_: Any) -> Reply:
        return self._deliver("interactive", payload, accepts=payload.get("type") in ACK_BODY_TYPES)

    def _post_event(
        self, envelope: dict[str, Any], *, retry_num: int | None, retry_reason: str | None
    ) -> Reply:
        return self._deliver(
            "events_api",
            envelope,
            accepts=False,
            retry_attempt=retry_num or 0,
            retry_reason=retry_reason or "",
        )

    def _deliver(self, kind: str, payload: dict[str, Any], *, accepts: bool, **retry: Any) -> Reply:
        started = time.monotonic()
        ack = self.sockets.deliver(kind, payload, accepts_response_payload=accepts, **retry)
        elapsed = time.monotonic() - started
        if self.settle is not None:
            self.settle()
        if ack is None:  # no ack in time: like a late HTTP answer, the user sees operation_timeout
            return Reply(200, "", None, elapsed=max(elapsed, self.sockets.ack_seconds + 0.001))
        if ack.payload is None:
            return Reply(200, "", None, elapsed=elapsed)
        return Reply(200, json.dumps(ack.payload), ack.payload, elapsed=elapsed)
