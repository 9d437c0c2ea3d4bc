"""Slack's rate limits as a sender keeps them: which method a row uses, and each method's budget.

Slack limits each Web API method per workspace by tier (Tier 2 about 20 calls a minute, Tier 3
about 50, Tier 4 about 100) and chat.postMessage by channel (about one message a second) and by
workspace ("several hundred a minute": 600 here, as the stand-in enforces). A `Budget` counts a
process's calls of each method in a sliding minute and says how long to wait before the next;
Slack's 429 (Retry-After) remains the authority when other processes share the workspace.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from bot.models import Outbox
from bot.services import outbox
from bot.vocab import OutboxKind

POST = "chat.postMessage"
PER_MINUTE = {
    POST: 600,
    "chat.update": 50,
    "chat.postEphemeral": 100,
    "views.publish": 100,
    "files.getUploadURLExternal": 100,
}
VIA_METHOD = {"ephemeral": "chat.postEphemeral", "upload": "files.getUploadURLExternal"}


def method_of(row: Outbox) -> str | None:
    """The Web API method sending this row calls (None: a response_url, which has no tier)."""
    if row.kind == OutboxKind.HOME:
        return "views.publish"
    if row.kind == OutboxKind.CARD_UPDATE:
        return "chat.update"
    if row.kind != OutboxKind.REPLY:
        return POST
    via = str(outbox.payload(row).get("via") or "")
    if via == "response_url":
        return None
    return VIA_METHOD.get(via, POST)


class Budget:
    """Calls of each method in the last 60 seconds, kept within its limit (thread-safe)."""

    def __init__(
        self, monotonic: Callable[[], float] = time.monotonic, *, posts_per_minute: int = 600
    ) -> None:
        self.monotonic = monotonic
        # chat.postMessage's figure is the workspace's (DOCKET_POSTS_PER_MINUTE; 0: not paced)
        self.limits = {k: v for k, v in PER_MINUTE.items() if k != POST}
        if posts_per_minute > 0:
            self.limits[POST] = posts_per_minute
        self._calls: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def take(self, method: str | None) -> float:
        """Spend one call of `method` now and return 0, or return the seconds until one is free."""
        limit = self.limits.get(method or "")
        if limit is None:
            return 0.0
        now = self.monotonic()
        with self._lock:
            calls = self._calls.setdefault(method or "", deque())
            while calls and calls[0] <= now - 60:
                calls.popleft()
            if len(calls) >= limit:
                return calls[0] + 60 - now
            calls.append(now)
        return 0.0
