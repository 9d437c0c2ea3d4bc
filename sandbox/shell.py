"""The sandbox's instruction language: type as Slack users, move the clock, read every message."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TextIO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sandbox import calendar, forms, talk
from sandbox.driver import Reply, escape_mentions
from sandbox.render import buttons, render
from sandbox.slack_api import ACK_SECONDS, Message
from sandbox.slack_errors import SlackError
from sandbox.slack_objects import user_obj
from sandbox.slack_socket import DISCONNECT_REASONS
from sandbox.slack_state import CHANNEL_NAME_MAX, Channel
from sandbox.world import World

HELP = """instructions (one per line; a line starting with # is a comment):
  :as NAME                act as user NAME (created on first use; joins nothing: use :join)
  :tz NAME ZONE           set a user's Slack time zone, e.g. :tz bob America/Los_Angeles
  :in #CHANNEL            act in CHANNEL (created on first use; you and Docket join it;
                          for your DM with Docket use :dm)
  :join NAME #CHANNEL     add a user to a channel;  :leave NAME #CHANNEL  remove one
                          (channel names: lowercase letters, digits, - and _, at most 80)
  :now 2026-12-01T09:00 [ZONE]   set the clock (forward: Docket runs meanwhile, not downtime)
  :advance 90m|36h|3d     move the clock, running every job on the way
  /command text           a slash command as the acting user in the current channel
  :offline 3h             Docket is down for 3h, then starts again and catches up
  :fault METHOD 429|500|ERROR [N]   the next N calls of a Slack method fail (default 1)
  :dm [/command text]     act in your DM with Docket (or run one command there)
  :click LABEL            press a button on the newest message you can see where you are
                          (this channel or thread, your DM with Docket, your Home or modal)
  :token revoke [ERROR]|restore   break Docket's token (token_revoked, invalid_auth,
                          missing_scope…) until restored
  :home                   open your App Home
  :say TEXT               post a message as the acting user (in the current thread, if any)
  :mention TEXT           post a message mentioning @docket (Docket gets app_mention)
  :thread N|last|off      go into the thread of task #N's card or of the newest message; leave it
  :shortcut NAME          a shortcut: "New task", "New deadline", or "Make a task" (on the
                          newest message you see in the channel or thread)
  :fill LABEL=VALUE …     type into your open modal (fields by label; quote values with spaces)
  :submit [LABEL=VALUE …] fill, then submit your open modal; prints it with its errors
  :calendar [URL]         read a calendar feed (default: the newest link Docket gave you) and
                          print its events in your zone (a repeating one: its rule, then
                          its next occurrences)
  :disconnect [REASON|drop]  (--socket-mode) Slack ends the connection: refresh_requested
                          (default), warning, link_disabled, or drop it without a word
  :help                   this text"""

DURATION_RE = re.compile(r"(\d+)\s*([mhd])")
UNITS = {"m": "minutes", "h": "hours", "d": "days"}


class ShellError(Exception):
    """An instruction that cannot be carried out; the message is one line."""


class Shell:
    """Reads instructions and prints, for each, every message Slack received from Docket."""

    def __init__(self, world: World, out: TextIO, *, echo: bool = True) -> None:
        self.world = world
        self.out = out
        self.echo = echo
        self.user_id: str | None = None
        self.channel_id: str | None = None
        self.thread_ts: str | None = None
        self.forms: dict[str, list[forms.Form]] = {}

    # -- plumbing ---------------------------------------------------------------
    def _print(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def _user_name(self, user_id: str) -> str:
        user = self.world.slack.user(user_id)
        return user.name if user else user_id

    def _channel_name(self, channel_id: str) -> str:
        channel = self.world.slack.channel(channel_id)
        return channel.name if channel else channel_id

    def _place(self, channel_id: str) -> str:
        """Where someone acts, as the transcript says it: "#channel", or "DM" (with Docket)."""
        channel = self.world.slack.channel(channel_id)
        if channel is not None and channel.is_im:
            return "DM"
        return f"#{self._channel_name(channel_id)}"

    def _show(self, messages: Iterable[Message]) -> None:
        messages = list(messages)
        forms.track(self, messages)
        for message in messages:
            shown = forms.displayed(self, message)
            text = render(
                shown,
                channel_name=self._channel_name,
                user_name=self._user_name,
                zones=self._zones(shown),
            )
            self._print(text + "\n")

    def _zones(self, message: Message) -> list[str]:
        """The zones of the people who read a message: its addressee, or the channel's members."""
        slack = self.world.slack
        channel = slack.channel(message.channel)
        private = message.kind in ("ephemeral", "home", "modal", "error")
        if private or (channel is not None and channel.is_im):
            readers = [message.user] if message.user else []
        else:
            readers = sorted(channel.members) if channel is not None else []
        people = [slack.user(r) for r in readers]
        zones = sorted({p.tz for p in people if p is not None and not p.is_bot})
        return zones or [self.world.settings.timezone]

    def _acting(self) -> tuple[str, str]:
        if self.user_id is None:
            self._as("you")
        if self.channel_id is None:
            self._in("#general")
        assert self.user_id and self.channel_id
        return self.user_id, self.channel_id

    def _check_reply(self, reply: Reply) -> None:
        if reply.status != 200:
            self._print(f"[error] Docket answered HTTP {reply.status}\n")

    def prompt(self) -> str:
        """The interactive prompt: who is acting where."""
        user = self._user_name(self.user_id) if self.user_id else "you"
        place = self._place(self.channel_id) if self.channel_id else "#general"
        return f"@{user} {place}> "

    def clock_line(self) -> str:
        """The clock in the workspace zone, as printed after :now and :advance."""
        local = self.world.clock.now().astimezone(ZoneInfo(self.world.settings.timezone))
        return f"-- {local:%a %b} {local.day}, {local.year} {local:%-I:%M %p %Z} --"

    # -- instructions -------------------------------------------------------------
    def run(self, lines: Iterable[str]) -> None:
        """Carry out each instruction in turn."""
        for line in lines:
            self.run_line(line)

    def run_line(self, line: str) -> None:
        """Carry out one instruction; an error prints one line and the shell goes on."""
        line = line.strip()
        if not line or line.startswith("#"):
            return
        try:
            if line.startswith("/"):
                self._command(line)
            elif line.startswith(":"):
                self._meta(line)
            else:
                raise ShellError(f"unknown instruction {line[:40]!r} (try :help)")
        except ShellError as error:
            self._print(f"error: {error}")

    def _meta(self, line: str) -> None:
        try:
            words = shlex.split(line)
        except ValueError:
            words = line.split()
        verb, args = words[0].lower(), words[1:]
        handlers = {
            ":as": (1, lambda: self._as(args[0])),
            ":tz": (2, lambda: self._tz(args[0], args[1])),
            ":in": (1, lambda: self._in(" ".join(args))),  # a name with spaces is refused whole
            ":join": (2, lambda: self._join(args[0], " ".join(args[1:]), joined=True)),
            ":leave": (2, lambda: self._join(args[0], " ".join(args[1:]), joined=False)),
            ":now": (1, lambda: self._now(args)),
            ":advance": (1, lambda: self._advance(" ".join(args))),
            ":click": (1, lambda: self._click(" ".join(args))),
            ":offline": (1, lambda: self._offline(" ".join(args))),
            ":fault": (2, lambda: self._fault(args)),
            ":home": (0, self._home),
            ":dm": (0, lambda: self._dm(line.split(None, 1)[1] if len(args) else "")),
            ":token": (1, lambda: self._token(args)),
            ":say": (1, lambda: talk.say(self, line.split(None, 1)[1])),
            ":mention": (1, lambda: talk.mention(self, line.split(None, 1)[1])),
            ":thread": (1, lambda: self._thread(args[0])),
            ":fill": (1, lambda: self._form(forms.fill, line.split(None, 1)[1])),
            ":submit": (0, lambda: self._form(forms.submit, (line.split(None, 1) + [""])[1])),
            ":shortcut": (1, lambda: self._form(forms.shortcut, " ".join(args))),
            ":calendar": (0, lambda: self._calendar(" ".join(args))),
            ":disconnect": (0, lambda: self._disconnect(args[0] if args else "refresh_requested")),
            ":help": (0, lambda: self._print(HELP)),
        }
        if verb not in handlers:
            raise ShellError(f"unknown instruction {verb!r} (try :help)")
        needed, action = handlers[verb]
        if len(args) < needed:
            raise ShellError(f"{verb} needs {needed} argument(s); see :help")
        action()

    def _calendar(self, url: str) -> None:
        try:
            calendar.show(self, url)
        except calendar.CalendarError as error:
            raise ShellError(str(error)) from None

    def _form(self, action, text: str) -> None:
        try:
            action(self, text)
        except forms.FormError as error:
            raise ShellError(str(error)) from None

    def _thread(self, which: str) -> None:
        try:
            talk.thread(self, which)
        except ValueError as error:
            raise ShellError(str(error)) from None

    def _as(self, name: str) -> None:
        user = self.world.slack.add_user(name.lstrip("@"))
        self.user_id = user.id
        channel = self.world.slack.channel(self.channel_id or "")
        if channel is not None and channel.is_im and channel.user != user.id:
            self.channel_id = self.world.slack.dm_channel(user.id).id  # each their own DM

    def _dm(self, rest: str) -> None:
        user_id, channel_id = self._acting()
        dm = self.world.slack.dm_channel(user_id).id
        if not rest.strip():
            self.channel_id, self.thread_ts = dm, None
            return
        if not rest.startswith("/"):
            raise ShellError("use :dm to go to your DM with Docket, or :dm /command text")
        self.channel_id = dm
        try:
            self._command(rest.strip())
        finally:
            self.channel_id = channel_id

    def _token(self, args: list[str]) -> None:
        if args[0] == "restore":
            self.world.slack.restore_token()
        elif args[0] == "revoke":
            self.world.slack.revoke_token(error=args[1] if len(args) > 1 else "token_revoked")
        else:
            raise ShellError("use :token revoke [token_revoked|invalid_auth|…] or :token restore")

    def _tz(self, name: str, zone: str) -> None:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ShellError(f"{zone!r} is not a time zone (e.g. America/Chicago)") from exc
        user = self.world.slack.add_user(name.lstrip("@"))
        self.world.slack.set_tz(user.id, zone)
        if self.world.driver is not None:  # Slack tells the app: user_change
            event = {"type": "user_change", "user": user_obj(self.world.slack, user)}
            self._check_reply(self.world.driver.event(event))

    def _in(self, name: str) -> None:
        if name.startswith("@"):  # a person or the app: a DM, which :dm opens (with Docket)
            raise ShellError(
                f":in takes a #channel, not {name}: use :dm to act in your DM with Docket "
                "(:dm /command text runs one command there)"
            )
        channel = self._add_channel(name)
        if channel.id != self.channel_id:
            self.thread_ts = None
        self.channel_id = channel.id
        if self.user_id is None:
            self._as("you")
        assert self.user_id
        for user_id in (self.world.slack.bot_user_id, self.user_id):
            if user_id in channel.members:
                continue
            self.world.slack.join(user_id, channel.id)
            if self.world.driver is not None:  # Slack tells the app: member_joined_channel
                event = {"type": "member_joined_channel", "user": user_id, "channel": channel.id}
                self._check_reply(self.world.driver.event({**event, "channel_type": "C"}))

    def _add_channel(self, name: str) -> Channel:
        """The channel called `name` ("#" optional), made on first use; Slack's name rules hold."""
        try:
            return self.world.slack.add_channel(name.removeprefix("#"))
        except SlackError:
            raise ShellError(
                f"{name!r} is not a Slack channel name: lowercase letters, numbers, hyphens and "
                f"underscores, at most {CHANNEL_NAME_MAX} characters (e.g. #smith-v-jones)"
            ) from None

    def _join(self, name: str, channel_name: str, *, joined: bool) -> None:
        channel = self._add_channel(channel_name)
        bot = self.world.slack.user(self.world.slack.bot_user_id)
        is_bot = bot is not None and name.lstrip("@") == bot.name
        user = bot if is_bot else self.world.slack.add_user(name.lstrip("@"))
        assert user is not None
        before = len(self.world.slack.messages)
        if joined:
            self.world.slack.join(user.id, channel.id)
        else:
            self.world.slack.leave(user.id, channel.id)
        assert self.world.driver
        kind = "member_joined_channel" if joined else "member_left_channel"
        event = {"type": kind, "user": user.id, "channel": channel.id, "channel_type": "C"}
        self._check_reply(self.world.driver.event(event))
        self._show(self.world.slack.messages_since(before))

    def _now(self, args: list[str]) -> None:
        zone = args[1] if len(args) > 1 else self.world.settings.timezone
        try:
            moment = datetime.fromisoformat(args[0])
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=ZoneInfo(zone))
        except (ValueError, ZoneInfoNotFoundError) as exc:
            raise ShellError(f"use :now 2026-12-01T09:00 [America/New_York], not {args!r}") from exc
        before = len(self.world.slack.messages)
        if moment > self.world.clock.now() and self.world.slack.messages:
            # time passes with Docket running (not downtime): jobs run; before anything has
            # happened there is nothing to run, so the clock is just set
            self.world.advance_to(moment)
        else:
            self.world.clock.set(moment)
        self.world.plan()
        self._show(self.world.slack.messages_since(before))
        self._print(self.clock_line())

    @staticmethod
    def _duration(text: str, verb: str) -> timedelta:
        parts = DURATION_RE.findall(text)
        if not parts or DURATION_RE.sub("", text).strip():
            raise ShellError(f"use {verb} 90m, 36h or 3d, not {text!r}")
        delta = timedelta()
        for amount, unit in parts:
            delta += timedelta(**{UNITS[unit]: int(amount)})
        return delta

    def _offline(self, text: str) -> None:
        self.world.clock.advance(self._duration(text, ":offline"))
        self._print(f"(Docket was offline; it starts again) {self.clock_line()}")
        before = len(self.world.slack.messages)
        self.world.restart()
        self._show(self.world.slack.messages_since(before))

    def _fault(self, args: list[str]) -> None:
        method, what = args[0], args[1]
        times = int(args[2]) if len(args) > 2 and args[2].isdigit() else 1
        if what.isdigit():
            status = int(what)
            retry = 1 if status == 429 else None
            self.world.slack.inject(method, status=status, retry_after=retry, times=times)
        else:
            self.world.slack.inject(method, error=what, times=times)

    def _advance(self, text: str) -> None:
        delta = self._duration(text, ":advance")
        before = len(self.world.slack.messages)
        self.world.advance_to(self.world.clock.now() + delta)
        self._show(self.world.slack.messages_since(before))
        self._print(self.clock_line())

    def _command(self, line: str) -> None:
        user_id, channel_id = self._acting()
        command, _, text = line.partition(" ")
        if self.echo:
            where = f"@{self._user_name(user_id)} in {self._place(channel_id)}"
            self._print(f"» {where}: {line}")
        text = escape_mentions(text, self._lookup_user)
        before = len(self.world.slack.messages)
        assert self.world.driver
        reply = self.world.driver.command(
            user_id=user_id, channel_id=channel_id, command=command, text=text
        )
        self._check_reply(reply)
        self.world.slack.answer_request(
            reply.json if reply.json is not None else reply.body,
            channel_id=channel_id,
            user_id=user_id,
            what=command,
            elapsed=reply.elapsed,
            status=reply.status,
        )
        self._show(self.world.slack.messages_since(before))

    def _lookup_user(self, name: str) -> str | None:
        user = self.world.slack.user_by_name(name)
        return user.id if user else None

    def _visible(self, message: Message, user_id: str) -> bool:
        """What the acting user sees where they are: this channel, their DM, Home and modals."""
        if message.kind in ("home", "modal"):
            return message.user == user_id
        channel = self.world.slack.channel(message.channel)
        if channel is None:
            return False
        here = message.channel == self.channel_id or (channel.is_im and channel.user == user_id)
        if message.kind == "ephemeral":
            return here and message.user == user_id
        return here and user_id in channel.members

    def _click(self, label: str) -> None:
        user_id, channel_id = self._acting()
        if self.echo:
            self._print(f"» @{self._user_name(user_id)} clicks [{label}]")
        wanted = label.strip("[]").strip().lower()
        newer: set[tuple[str, str]] = set()
        for message in reversed(self.world.slack.messages):
            version = (message.channel, message.ts)
            if message.kind in ("home", "modal"):  # only the newest Home / open view counts
                version = (message.kind, message.user or "")
            superseded = version in newer  # an ephemeral too, once replaced through its click
            newer.add(version)
            gone = message.kind == "delete" or message.edit == "delete"
            if superseded or gone or not self._visible(message, user_id):
                continue
            for button in buttons(message):
                if button.get("text", {}).get("text", "").strip().lower() == wanted:
                    self._press(message, button, user_id)
                    return
        raise ShellError(f"no button [{label}] on any message @{self._user_name(user_id)} can see")

    def _press(self, message: Message, button: dict, user_id: str) -> None:
        before = len(self.world.slack.messages)
        assert self.world.driver
        container = {
            "type": "message",
            "message_ts": message.ts,
            "channel_id": message.channel,
            "is_ephemeral": message.kind == "ephemeral",
        }
        reply = self.world.driver.block_action(
            user_id=user_id,
            channel_id=message.channel,
            action_id=button.get("action_id", ""),
            value=button.get("value"),
            block_id=button.get("block_id", ""),
            message={"ts": message.ts, "text": message.text, "blocks": message.blocks},
            container=container,
            view=message.view if message.kind in ("home", "modal") else None,
        )
        self._check_reply(reply)
        label = f"[{button.get('text', {}).get('text', '')}]"
        if reply.status != 200 or reply.elapsed > ACK_SECONDS:
            self.world.slack.answer_request(
                None,
                channel_id=message.channel,
                user_id=user_id,
                what=label,
                elapsed=reply.elapsed,
                status=reply.status,
            )
        self._show(self.world.slack.messages_since(before))

    def _disconnect(self, reason: str) -> None:
        sockets = self.world.slack.sockets
        if not self.world.socket_mode or sockets is None:
            raise ShellError(":disconnect needs the sandbox in Socket Mode (--socket-mode)")
        if reason != "drop" and reason not in DISCONNECT_REASONS:
            raise ShellError(f"use :disconnect {'|'.join(DISCONNECT_REASONS)}|drop, not {reason!r}")
        made = sockets.connections_made
        if reason == "drop":
            sockets.drop()
        else:
            sockets.disconnect(reason)
        if not sockets.wait_new_connection(made):
            raise ShellError("Docket did not reconnect within 30 seconds")
        self._print(f"(Slack ended the Socket Mode connection: {reason}; Docket reconnected)")

    def _home(self) -> None:
        user_id, _ = self._acting()
        before = len(self.world.slack.messages)
        assert self.world.driver
        event = {"type": "app_home_opened", "user": user_id, "tab": "home", "channel": "D0"}
        self._check_reply(self.world.driver.event(event))
        messages = self.world.slack.messages_since(before)
        self._show(messages)
        if not messages:
            self._print(f"[home @{self._user_name(user_id)}]\n(nothing here yet)\n")
