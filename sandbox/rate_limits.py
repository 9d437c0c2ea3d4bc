"""Slack's rate limits, on the stand-in's clock: per-method tiers and chat.postMessage per channel.

Tier 2 allows about 20 calls a minute, Tier 3 about 50, Tier 4 about 100 (per method and
workspace); chat.postMessage allows about one message a second per channel, with short bursts,
and keeps a workspace-wide limit Slack does not publish ("several hundred a minute"): the
stand-in takes 600 messages in any minute (POSTS_PER_MINUTE; a per-minute tier, so off under the
sandbox's frozen clock). Over a limit the call is answered 429 with `Retry-After` (seconds), as
Slack does.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

TIER_PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS = {
    "auth.test": 4,
    "chat.postEphemeral": 4,
    "chat.update": 3,
    "chat.delete": 3,
    "conversations.open": 3,
    "conversations.info": 3,
    "conversations.members": 4,
    "conversations.history": 3,
    "users.info": 4,
    "users.list": 2,
    "views.open": 4,
    "views.push": 4,
    "views.update": 4,
    "views.publish": 4,
    "files.getUploadURLExternal": 4,
    "files.completeUploadExternal": 4,
}
POST_BURST = 10  # messages one channel may take at once before the 1-a-second pace applies
POST_PER_SECOND = 1.0
POSTS_PER_MINUTE = 600  # workspace-wide, all channels together


class RateLimits:
    """Counts calls on an injected clock; `check` says how long to wait, or None."""

    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock
        self.enabled = True
        self.tiers = True  # per-minute tiers (the sandbox's frozen clock turns them off)
        self.posts_per_minute = POSTS_PER_MINUTE  # chat.postMessage, the whole workspace
        self._lock = threading.Lock()
        self._calls: dict[str, deque[float]] = {}
        self._buckets: dict[str, tuple[float, float]] = {}  # channel -> (tokens, at)

    def check(self, method: str, params: dict[str, Any]) -> int | None:
        """Record one call; the Retry-After seconds when Slack would refuse it, else None."""
        if not self.enabled:
            return None
        now = self.clock().timestamp()
        with self._lock:
            if method == "chat.postMessage":
                if self.tiers:
                    wait = self._window(method, self.posts_per_minute, now)
                    if wait is not None:
                        return wait
                wait = self._post(str(params.get("channel") or ""), now)
                if wait is not None and self.tiers:
                    self._calls[method].pop()  # refused: not a message in the workspace's minute
                return wait
            tier = METHOD_TIERS.get(method) if self.tiers else None
            if tier is None:
                return None
            return self._window(method, TIER_PER_MINUTE[tier], now)

    def _window(self, method: str, limit: int, now: float) -> int | None:
        """At most `limit` calls of `method` in any 60 seconds (the caller holds the lock)."""
        calls = self._calls.setdefault(method, deque())
        while calls and calls[0] <= now - 60:
            calls.popleft()
        if len(calls) >= limit:
            return max(1, math.ceil(calls[0] + 60 - now))
        calls.append(now)
        return None

    def _post(self, channel: str, now: float) -> int | None:
        tokens, at = self._buckets.get(channel, (float(POST_BURST), now))
        tokens = min(float(POST_BURST), tokens + max(now - at, 0.0) * POST_PER_SECOND)
        if tokens < 1:
            self._buckets[channel] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / POST_PER_SECOND))
        self._buckets[channel] = (tokens - 1, now)
        return None
