"""SlackError: a Web API refusal, answered as HTTP 200 {"ok": false, "error": ...}."""

from __future__ import annotations

from typing import Any


class SlackError(Exception):
    """A Web API error answered as HTTP 200 {"ok": false, "error": ...}."""

    def __init__(self, error: str, *messages: str) -> None:
        super().__init__(error)
        self.error = error
        self.messages = list(messages)

    def body(self) -> dict[str, Any]:
        """The JSON body Slack answers with."""
        body: dict[str, Any] = {"ok": False, "error": self.error}
        if self.messages:
            body["response_metadata"] = {"messages": [f"[ERROR] {m}" for m in self.messages]}
            if self.error in ("invalid_blocks", "invalid_arguments"):
                body["errors"] = list(self.messages)
        return body
