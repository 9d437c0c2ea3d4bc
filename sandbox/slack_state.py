"""The workspace kept by the Slack stand-in: users, channels, messages, faults."""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from bot.clock import SystemClock
from sandbox.slack_errors import SlackError

CHANNEL_NAME_MAX = 80  # conversations.create: "80 characters or less"
_CHANNEL_NAME = re.compile(r"[a-z0-9_-]+")  # "lowercase letters, numbers, hyphens, and underscores"
BOT_USER_ID = "U0DOCKETBOT"
BOT_ID = "B0DOCKETBOT"
APP_ID = "A0DOCKETAPP"


@dataclass
class User:
    """A workspace member; `real_name` is the same as `name`."""

    id: str
    name: str
    tz: str = "America/New_York"
    is_bot: bool = False
    deleted: bool = False

    @property
    def real_name(self) -> str:
        """The display name (the sandbox uses the handle)."""
        return self.name


@dataclass
class Channel:
    """A conversation: public/private channel, or the bot's IM with `user`."""

    id: str
    name: str
    is_private: bool = False
    is_archived: bool = False
    is_im: bool = False
    members: set[str] = field(default_factory=set)
    user: str | None = None  # the human side of an IM
    created: int = 0


@dataclass
class Message:
    """One thing the bot sent to Slack.

    kind: "message", "ephemeral", "update", "delete", "home", "modal", "file", or "error"
    (Slack's own line to a user whose command or click Docket did not answer in time/validly).
    edit: "update"/"delete" on an ephemeral that replaces/removes the earlier one of the same ts
    (a click's response_url with replace_original/delete_original; Slack has no other way).
    user: for public posts (channel message/update/delete/file) the sender, i.e. the bot;
    for anything private (DM, ephemeral, home, modal) the user it is addressed to.
    """

    kind: str
    channel: str
    user: str | None
    text: str
    blocks: list
    ts: str
    thread_ts: str | None = None
    response_type: str | None = None
    view: dict | None = None
    title: str | None = None  # files: the file title
    comment: str | None = None  # files: the initial_comment
    metadata: dict | None = None  # chat.postMessage's message metadata (event_type, payload)
    edit: str | None = None  # ephemerals only: "update" or "delete" of the one of the same ts


@dataclass
class Fault:
    """A failure to answer instead of the next call of a method."""

    status: int
    error: str
    retry_after: int | None = None
    channel: str | None = None  # only a call to this channel (None: the method's next call)


def stable_id(prefix: str, key: str) -> str:
    """A deterministic Slack-looking id: prefix + 10 uppercase hex digits of sha1(key)."""
    return prefix + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10].upper()


@dataclass
class Gate:
    """Calls of one method wait here until released: Slack taking as long as a test wants."""

    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    waiting: list[dict] = field(default_factory=list)  # the params of the calls held right now
    peak: int = 0  # the most calls held at once (overlapping calls)
    _changed: threading.Condition = field(default_factory=threading.Condition)

    def release(self) -> None:
        """Let every waiting and later call through."""
        self.released.set()

    def hold(self, params: dict) -> None:
        """Hold one call (with its params) until released (at most 60 s)."""
        with self._changed:
            self.waiting.append(params)
            self.peak = max(self.peak, len(self.waiting))
            self.arrived.set()
            self._changed.notify_all()
        self.released.wait(60)
        with self._changed:
            self.waiting.remove(params)
            self._changed.notify_all()

    def wait_held(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until `count` calls are held at once; False if that never happened in time."""
        with self._changed:
            return self._changed.wait_for(lambda: len(self.waiting) >= count, timeout)


class Workspace:
    """Thread-safe state of the fake workspace; FakeSlack serves it over HTTP."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-sandbox",
        team_id: str = "T0SANDBOX",
        bot_name: str = "docket",
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.bot_token = bot_token
        self.team_id = team_id
        self.bot_name = bot_name
        self.clock: Callable[[], datetime] = clock or SystemClock().now
        self.bot_user_id = BOT_USER_ID
        self.bot_id = BOT_ID
        self.app_id = APP_ID
        self.lock = threading.RLock()
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.messages: list[Message] = []
        self.calls: list[tuple[str, dict]] = []
        self.faults: dict[str, list[Fault]] = {}
        self.triggers: dict[str, tuple[str, str]] = {}
        self.trigger_born: dict[str, float] = {}  # trigger_id -> time.monotonic() when issued
        self.exchanged_triggers: set[str] = set()  # trigger_ids a views.open/push has used
        self.views: dict[str, dict] = {}
        self.files: dict[str, dict] = {}
        self.opened_ims: set[str] = set()
        self.token_error: str | None = None  # set by revoke_token: every call answers it
        self.gates: dict[str, Gate] = {}  # method -> a gate its calls wait at (tests: a slow Slack)
        self.recorded = threading.Condition()  # notified after each message is recorded
        self.base_url = ""
        self._last_us = 0
        self._seq = 0
        self.users[BOT_USER_ID] = User(id=BOT_USER_ID, name=bot_name, is_bot=True)

    # -- time and ids ---------------------------------------------------------------------
    def now_epoch(self) -> int:
        """The injected clock as integer epoch seconds."""
        return int(self.clock().timestamp())

    def next_ts(self) -> str:
        """A unique, increasing message ts "<epoch>.<6 digits>" from the clock."""
        with self.lock:
            us = int(self.clock().timestamp() * 1_000_000)
            us = max(us, self._last_us + 1)
            self._last_us = us
            return f"{us // 1_000_000}.{us % 1_000_000:06d}"

    def next_id(self, prefix: str) -> str:
        """A fresh sequential id, e.g. "V00000001A"."""
        with self.lock:
            self._seq += 1
            return f"{prefix}{self._seq:08X}S"

    # -- users ------------------------------------------------------------------------------
    def add_user(self, name: str, *, tz: str = "America/New_York") -> User:
        """Add a user (idempotent by name; an existing user is returned unchanged)."""
        with self.lock:
            found = self.user_by_name(name)
            if found:
                return found
            user = User(id=stable_id("U", name), name=name, tz=tz)
            self.users[user.id] = user
            return user

    def user(self, user_id: str) -> User | None:
        """The user with this id, if any."""
        return self.users.get(user_id)

    def user_by_name(self, name: str) -> User | None:
        """The user with this handle (a leading '@' is ignored), if any."""
        name = name.lstrip("@")
        with self.lock:
            return next((u for u in self.users.values() if u.name == name), None)

    def set_tz(self, user_id: str, tz: str) -> None:
        """Change a user's IANA time zone."""
        self._need_user(user_id).tz = tz

    def delete_user(self, user_id: str) -> None:
        """Deactivate a user: users.info says deleted, their DM answers is_archived."""
        with self.lock:
            self._need_user(user_id).deleted = True
            for ch in self.channels.values():
                if ch.is_im and ch.user == user_id:
                    ch.is_archived = True

    def _need_user(self, user_id: str) -> User:
        user = self.users.get(user_id)
        if user is None:
            raise KeyError(f"unknown user {user_id}")
        return user

    # -- channels ---------------------------------------------------------------------------
    @staticmethod
    def check_channel_name(name: str) -> None:
        """Slack's channel-name rules (conversations.create); else SlackError with its code."""
        if not name:
            raise SlackError("invalid_name_required", "a channel needs a name")
        if len(name) > CHANNEL_NAME_MAX:
            raise SlackError("invalid_name_maxlength", f"at most {CHANNEL_NAME_MAX} characters")
        if not _CHANNEL_NAME.fullmatch(name):
            raise SlackError(
                "invalid_name_specials",
                "only lowercase letters, numbers, hyphens and underscores",
            )
        if not name.strip("-_"):
            raise SlackError("invalid_name_punctuation", "not only hyphens and underscores")

    def add_channel(
        self, name: str, *, is_private: bool = False, members: Iterable[str] = ()
    ) -> Channel:
        """Add a channel (idempotent by name, '#' ignored); the bot is not a member until joined.

        A name Slack would refuse raises SlackError (invalid_name_specials, …).
        """
        name = name.removeprefix("#")
        with self.lock:
            ch = self.channel_by_name(name)
            if ch is None:
                self.check_channel_name(name)
                ch = Channel(id=stable_id("C", "channel:" + name), name=name, is_private=is_private)
                ch.created = self.now_epoch()
                self.channels[ch.id] = ch
            ch.members.update(members)
            return ch

    def channel(self, channel_id: str) -> Channel | None:
        """The conversation with this id, if any."""
        return self.channels.get(channel_id)

    def channel_by_name(self, name: str) -> Channel | None:
        """The (non-IM) channel with this name, if any."""
        name = name.lstrip("#")
        with self.lock:
            return next((c for c in self.channels.values() if not c.is_im and c.name == name), None)

    def join(self, user_id: str, channel_id: str) -> None:
        """Make a user (or the bot) a member of a channel."""
        with self.lock:
            self._need_channel(channel_id).members.add(user_id)

    def leave(self, user_id: str, channel_id: str) -> None:
        """Remove a user (or the bot) from a channel."""
        with self.lock:
            self._need_channel(channel_id).members.discard(user_id)

    def archive(self, channel_id: str) -> None:
        """Archive a channel: posting to it then fails with is_archived."""
        self._need_channel(channel_id).is_archived = True

    def dm_channel(self, user_id: str) -> Channel:
        """The bot<->user IM, created on demand (id "D" + hex, stable)."""
        with self.lock:
            user = self._need_user(user_id)
            cid = stable_id("D", "im:" + user_id)
            ch = self.channels.get(cid)
            if ch is None:
                ch = Channel(id=cid, name=user_id, is_private=True, is_im=True, user=user_id)
                ch.members = {user_id, self.bot_user_id}
                ch.is_archived = user.deleted
                ch.created = self.now_epoch()
                self.channels[cid] = ch
            return ch

    def _need_channel(self, channel_id: str) -> Channel:
        ch = self.channels.get(channel_id)
        if ch is None:
            raise KeyError(f"unknown channel {channel_id}")
        return ch

    # -- triggers (interactivity) -----------------------------------------------------------
    def new_trigger_id(
        self, *, user_id: str, channel_id: str = "", trigger_id: str | None = None
    ) -> str:
        """Register a trigger_id views.open will accept, bound to a user and channel."""
        with self.lock:
            tid = trigger_id or f"{self.now_epoch()}.{len(self.triggers) + 1}.sandbox"
            self.triggers[tid] = (user_id, channel_id)
            self.trigger_born[tid] = time.monotonic()  # Slack: usable for 3 seconds
            return tid

    # -- record -----------------------------------------------------------------------------
    def record(self, message: Message) -> Message:
        """Append a message to the history (thread-safe)."""
        with self.lock:
            self.messages.append(message)
        with self.recorded:
            self.recorded.notify_all()
        return message

    def wait_for_message(self, match: Callable[[Message], bool], timeout: float = 10.0) -> bool:
        """Wait (no polling) until a recorded message matches; False if none did in time."""
        with self.recorded:
            return self.recorded.wait_for(lambda: any(match(m) for m in list(self.messages)),
                                          timeout)  # fmt: skip

    def messages_since(self, index: int) -> list[Message]:
        """Messages recorded at or after position `index` of `messages`."""
        with self.lock:
            return list(self.messages[index:])

    def find_message(self, channel_id: str, ts: str) -> Message | None:
        """The latest version of a posted message (None when unknown or deleted)."""
        with self.lock:
            found: Message | None = None
            for m in self.messages:
                if m.channel != channel_id or m.ts != ts:
                    continue
                if m.kind in ("message", "file"):
                    found = m
                elif m.kind == "update" and found is not None:
                    found = m
                elif m.kind == "delete":
                    found = None
            return found

    def find_ephemeral(self, channel_id: str, ts: str, user_id: str) -> Message | None:
        """The latest version of an ephemeral shown to user_id (None when unknown or deleted)."""
        with self.lock:
            found: Message | None = None
            for m in self.messages:
                if m.kind == "ephemeral" and (m.channel, m.ts, m.user) == (channel_id, ts, user_id):
                    found = None if m.edit == "delete" else m
            return found

    # -- token ------------------------------------------------------------------------------
    def revoke_token(self, *, error: str = "token_revoked") -> None:
        """Break the bot token: every Web API call answers `error` until restore_token()."""
        with self.lock:
            self.token_error = error

    def restore_token(self) -> None:
        """The token works again (reinstalled, scope granted, account reactivated)."""
        with self.lock:
            self.token_error = None

    # -- faults -----------------------------------------------------------------------------
    def inject(
        self,
        method: str,
        *,
        status: int | None = None,
        error: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        channel: str | None = None,
    ) -> None:
        """Make the next `times` calls of `method` fail (429, 5xx, or 200 with ok:false).

        `method` is a Web API method name, or "response_url" for the response URL sink; with
        `channel`, only calls to that channel fail (Slack's per-channel chat.postMessage limit).
        """
        if status is None and error is None:
            raise ValueError("inject needs a status or an error")
        status = status or 200
        if status == 429:
            fault = Fault(429, error or "ratelimited", retry_after or 1, channel)
        else:
            fault = Fault(status, error or "fatal_error", channel=channel)
        with self.lock:
            self.faults.setdefault(method, []).extend([fault] * times)

    def hold(self, method: str) -> Gate:
        """Hold every call of `method` until the returned gate is released (at most 60 s)."""
        gate = Gate()
        with self.lock:
            self.gates[method] = gate
        return gate

    def pass_gate(self, method: str, params: dict | None = None) -> None:
        """Called as a call of `method` arrives: wait at its gate, if it has one."""
        with self.lock:
            gate = self.gates.get(method)
        if gate is not None:
            gate.hold(dict(params or {}))

    def take_fault(self, method: str, params: dict | None = None) -> Fault | None:
        """Pop the next pending fault for a method (and this call's channel), if any."""
        channel = str((params or {}).get("channel") or "")
        with self.lock:
            pending = self.faults.get(method) or []
            for index, fault in enumerate(pending):
                if fault.channel is None or fault.channel == channel:
                    return pending.pop(index)
            return None
