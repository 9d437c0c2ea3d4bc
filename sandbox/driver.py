"""Driver: signs and posts requests to the bot's HTTP endpoint exactly as Slack does."""

from __future__ import annotations

import hashlib
import hmac
import html
import itertools
import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sandbox.slack_api import FakeSlack

VERIFICATION_TOKEN = "sandbox-verification-token"
_USER_RE = re.compile(r"(?<![\w.@<|/])@([A-Za-z0-9][\w.\-]*)")
_CHANNEL_RE = re.compile(r"(?<![\w&<|/])#([A-Za-z0-9][\w\-]*)")
_SPECIAL = {"here", "channel", "everyone"}


@dataclass
class Reply:
    """The bot's HTTP answer to one request."""

    status: int
    body: str
    json: dict | None
    elapsed: float = 0.0  # seconds until the answer came (Slack waits 3)


def escape_mentions(
    text: str,
    lookup: Callable[[str], str | None],
    channel_lookup: Callable[[str], str | None] | None = None,
) -> str:
    """Escape typed text the way Slack does for commands with should_escape: true.

    First &, <, > become &amp; &lt; &gt; (Slack always does this), then "@bob" -> "<@U..|bob>"
    when lookup("bob") gives an id, "@here" -> "<!here>", "#chan" -> "<#C..|chan>" via
    channel_lookup; unknown names and e-mail addresses are left alone. Apply it once.
    """

    def user(match: re.Match[str]) -> str:
        name = match.group(1)
        for candidate in (name, name.rstrip(".-_")):
            if candidate in _SPECIAL:
                return f"<!{candidate}>" + name[len(candidate) :]
            found = lookup(candidate) if candidate else None
            if found:
                return f"<@{found}|{candidate}>" + name[len(candidate) :]
        return match.group(0)

    def channel(match: re.Match[str]) -> str:
        name = match.group(1)
        for candidate in (name, name.rstrip("-_")):
            found = channel_lookup(candidate) if channel_lookup and candidate else None
            if found:
                return f"<#{found}|{candidate}>" + name[len(candidate) :]
        return match.group(0)

    text = html.escape(text, quote=False)
    return _CHANNEL_RE.sub(channel, _USER_RE.sub(user, text))


class Driver:
    """Posts signed slash commands, interactions and events to the bot, like Slack."""

    def __init__(
        self,
        *,
        bot_url: str,
        signing_secret: str,
        slack: FakeSlack,
        team_id: str = "T0SANDBOX",
        team_domain: str = "sandbox",
    ) -> None:
        self.bot_url = bot_url
        self.signing_secret = signing_secret
        self.slack = slack
        self.team_id = team_id
        self.team_domain = team_domain
        self.timeout = 30.0
        self._ids = itertools.count(1)
        # Run after each answer: the sandbox sends what the request left in the outbox here, so
        # each instruction's messages are all there when it ends (deterministic transcripts).
        self.settle: Callable[[], None] | None = None

    # -- transport ----------------------------------------------------------------------------
    def sign(self, body: bytes, timestamp: int | None = None) -> dict[str, str]:
        """Slack's v0 signature headers for a body (timestamp: real wall time by default)."""
        ts = int(time.time()) if timestamp is None else timestamp
        base = f"v0:{ts}:".encode() + body
        digest = hmac.new(self.signing_secret.encode(), base, hashlib.sha256).hexdigest()
        return {"X-Slack-Request-Timestamp": str(ts), "X-Slack-Signature": f"v0={digest}"}

    def post(
        self,
        body: bytes,
        *,
        content_type: str,
        timestamp: int | None = None,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Reply:
        """POST a signed body to the bot; HTTP errors come back as a Reply, never raised."""
        all_headers = {"Content-Type": content_type, "User-Agent": "Slackbot 1.0 (+sandbox)"}
        all_headers.update(self.sign(body, timestamp))
        if retry_num is not None:
            all_headers["X-Slack-Retry-Num"] = str(retry_num)
            all_headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
        all_headers.update(headers or {})
        request = urllib.request.Request(self.bot_url, data=body, headers=all_headers)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                reply = _reply(resp.status, resp.read(), resp.headers.get("Content-Type"))
        except urllib.error.HTTPError as err:
            reply = _reply(err.code, err.read(), err.headers.get("Content-Type"))
        reply.elapsed = time.monotonic() - started
        if self.settle is not None:
            self.settle()
        return reply

    def _post_form(self, form: dict[str, str], **kw: Any) -> Reply:
        body = urlencode(form).encode()
        return self.post(body, content_type="application/x-www-form-urlencoded", **kw)

    def _post_payload(self, payload: dict[str, Any], **kw: Any) -> Reply:
        return self._post_form({"payload": json.dumps(payload)}, **kw)

    # -- common pieces ------------------------------------------------------------------------
    def _user(self, user_id: str) -> dict[str, str]:
        user = self.slack.user(user_id)
        name = user.name if user else user_id
        return {"id": user_id, "username": name, "name": name, "team_id": self.team_id}

    def _channel_name(self, channel_id: str) -> str:
        ch = self.slack.channel(channel_id)
        if ch is None:
            return channel_id
        return "directmessage" if ch.is_im else ch.name

    def _team(self) -> dict[str, str]:
        return {"id": self.team_id, "domain": self.team_domain}

    def _action_ts(self) -> str:
        return f"{time.time():.6f}"

    def _trigger(self, user_id: str, channel_id: str, trigger_id: str | None = None) -> str:
        n = next(self._ids)
        tid = trigger_id or f"{int(time.time())}.{n}.{self.team_id.lower()}sandbox"
        return self.slack.new_trigger_id(user_id=user_id, channel_id=channel_id, trigger_id=tid)

    # -- slash commands -----------------------------------------------------------------------
    def command(
        self,
        *,
        user_id: str,
        channel_id: str,
        command: str,
        text: str,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        trigger_id: str | None = None,
        escape: bool = False,
    ) -> Reply:
        """A slash command; escape=True applies escape_mentions (else pass text as escaped)."""
        if escape:
            text = escape_mentions(
                text,
                lambda n: _id(self.slack.user_by_name(n)),
                lambda n: _id(self.slack.channel_by_name(n)),
            )
        user = self._user(user_id)
        form = {
            "token": VERIFICATION_TOKEN,
            "team_id": self.team_id,
            "team_domain": self.team_domain,
            "channel_id": channel_id,
            "channel_name": self._channel_name(channel_id),
            "user_id": user_id,
            "user_name": user["name"],
            "command": command,
            "text": text,
            "api_app_id": self.slack.app_id,
            "is_enterprise_install": "false",
            "response_url": self.slack.new_response_url(channel_id=channel_id, user_id=user_id),
            "trigger_id": self._trigger(user_id, channel_id, trigger_id),
        }
        return self._post_form(form, retry_num=retry_num, retry_reason=retry_reason)

    # -- interactivity ------------------------------------------------------------------------
    def block_action(
        self,
        *,
        user_id: str,
        channel_id: str,
        action_id: str,
        value: str | None,
        block_id: str,
        message: dict | None = None,
        container: dict | None = None,
        retry_num: int | None = None,
        trigger_id: str | None = None,
        view: dict | None = None,
    ) -> Reply:
        """A button click (block_actions) on a message in a channel (a retry reuses trigger_id).

        With `view` (App Home or a modal) the payload is Slack's view shape: a container of
        type "view", the view itself, and no channel, message or response_url.
        """
        action: dict[str, Any] = {
            "action_id": action_id,
            "block_id": block_id,
            "type": "button",
            "action_ts": self._action_ts(),
            "text": {"type": "plain_text", "text": _button_label(message, action_id)},
        }
        if value is not None:
            action["value"] = value
        if view is not None:
            container = {"type": "view", "view_id": view.get("id", "")}
        if container is None:
            container = {"type": "message", "channel_id": channel_id, "is_ephemeral": False}
            if message and message.get("ts"):
                container["message_ts"] = message["ts"]
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.slack.app_id,
            "token": VERIFICATION_TOKEN,
            "container": container,
            "trigger_id": self._trigger(user_id, channel_id, trigger_id),
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
            "channel": {"id": channel_id, "name": self._channel_name(channel_id)},
            "state": {"values": {}},
            "response_url": self.slack.new_response_url(
                channel_id=channel_id, user_id=user_id, message_ts=container.get("message_ts")
            ),
            "actions": [action],
        }
        if message is not None:
            payload["message"] = message
        if view is not None:  # Slack sends no response_url, channel or message for a view
            for key in ("response_url", "channel", "message"):
                payload.pop(key, None)
            payload["view"] = view
        return self._post_payload(payload, retry_num=retry_num)

    def view_submission(
        self, *, user_id: str, view: dict, values: dict, retry_num: int | None = None
    ) -> Reply:
        """Submit a modal: the view as opened, with state.values filled in."""
        full = {
            "id": view.get("id") or f"V{next(self._ids):08X}S",
            "team_id": self.team_id,
            "type": "modal",
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "hash": view.get("hash", "sandbox"),
            "app_id": self.slack.app_id,
            "bot_id": self.slack.bot_id,
            **view,
            "state": {"values": values},
        }
        payload = {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user_id),
            "api_app_id": self.slack.app_id,
            "token": VERIFICATION_TOKEN,
            "trigger_id": self._trigger(user_id, ""),
            "view": full,
            "response_urls": [],
            "is_enterprise_install": False,
            "enterprise": None,
        }
        return self._post_payload(payload, retry_num=retry_num)

    def view_action(
        self, *, user_id: str, view: dict, action: dict[str, Any], values: dict
    ) -> Reply:
        """An interaction inside an open modal (e.g. Enter in an input with dispatch_action)."""
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user(user_id),
            "api_app_id": self.slack.app_id,
            "token": VERIFICATION_TOKEN,
            "container": {"type": "view", "view_id": view.get("id", "")},
            "trigger_id": self._trigger(user_id, ""),
            "team": self._team(),
            "enterprise": None,
            "is_enterprise_install": False,
            "view": {**view, "state": {"values": values}},
            "actions": [{**action, "action_ts": self._action_ts()}],
        }
        return self._post_payload(payload)

    def shortcut(
        self,
        *,
        user_id: str,
        callback_id: str,
        channel_id: str | None = None,
        message: dict | None = None,
    ) -> Reply:
        """A global shortcut, or a message shortcut ("message_action") when message is given."""
        payload: dict[str, Any] = {
            "type": "shortcut",
            "token": VERIFICATION_TOKEN,
            "action_ts": self._action_ts(),
            "team": self._team(),
            "user": self._user(user_id),
            "callback_id": callback_id,
            "trigger_id": self._trigger(user_id, channel_id or ""),
            "is_enterprise_install": False,
            "enterprise": None,
        }
        if message is not None:
            channel = channel_id or ""
            payload.update(
                type="message_action",
                message_ts=message.get("ts", ""),
                message=message,
                channel={"id": channel, "name": self._channel_name(channel)},
                response_url=self.slack.new_response_url(channel_id=channel, user_id=user_id),
            )
        return self._post_payload(payload)

    # -- events -------------------------------------------------------------------------------
    def envelope(self, event: dict, *, event_id: str | None = None) -> dict[str, Any]:
        """The Events API envelope (event_callback) around one event."""
        event = dict(event)
        event.setdefault("event_ts", self.slack.next_ts())
        return {
            "token": VERIFICATION_TOKEN,
            "team_id": self.team_id,
            "api_app_id": self.slack.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._ids):08X}SBX",
            "event_time": self.slack.now_epoch(),
            "authed_users": [self.slack.bot_user_id],
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.team_id,
                    "user_id": self.slack.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
        }

    def event(
        self,
        event: dict,
        *,
        retry_num: int | None = None,
        retry_reason: str | None = None,
        event_id: str | None = None,
    ) -> Reply:
        """Deliver one Events API event (JSON envelope), optionally as a retry."""
        envelope = self.envelope(event, event_id=event_id)
        return self._post_event(envelope, retry_num=retry_num, retry_reason=retry_reason)

    def _post_event(
        self, envelope: dict[str, Any], *, retry_num: int | None, retry_reason: str | None
    ) -> Reply:
        body = json.dumps(envelope).encode()
        return self.post(
            body, content_type="application/json", retry_num=retry_num, retry_reason=retry_reason
        )


def _id(found: Any) -> str | None:
    return found.id if found is not None else None


def _button_label(message: dict | None, action_id: str) -> str:
    for block in (message or {}).get("blocks") or []:
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("action_id") == action_id:
                return str((element.get("text") or {}).get("text", ""))
    return action_id


def _reply(status: int, raw: bytes, content_type: str | None) -> Reply:
    body = raw.decode("utf-8", errors="replace")
    parsed: dict | None = None
    if "json" in (content_type or "") or body.lstrip().startswith("{"):
        try:
            loaded = json.loads(body)
            parsed = loaded if isinstance(loaded, dict) else None
        except ValueError:
            parsed = None
    return Reply(status, body, parsed)
