"""Sandbox instructions for the conversation itself: :say, :mention, :thread."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from sandbox.driver import escape_mentions
from sandbox.slack_state import Message

if TYPE_CHECKING:
    from sandbox.shell import Shell

_LABEL_RE = re.compile(r"<@([UW][A-Z0-9]+)\|[^>]*>")
_CARD_RE = re.compile(r"^#(\d+) ")


def message_text(shell: Shell, typed: str) -> str:
    """What Slack stores for a typed message: &<> escaped, @names as <@U…> (no label)."""
    return _LABEL_RE.sub(r"<@\1>", escape_mentions(typed, shell._lookup_user))


def post(shell: Shell, typed: str) -> Message:
    """Post a message as the acting user in the current channel or thread."""
    user_id, channel_id = shell._acting()
    typed = typed.replace("\\n", "\n")  # a typed \n is a line break
    where = f"{shell._place(channel_id)}{' thread' if shell.thread_ts else ''}"
    if shell.echo:
        shell._print(f"» @{shell._user_name(user_id)} in {where}: {typed}")
    ts = shell.world.slack.next_ts()
    message = Message(
        "message", channel_id, user_id, message_text(shell, typed), [], ts, shell.thread_ts
    )
    message.response_type = "user"
    return shell.world.slack.record(message)


def say(shell: Shell, typed: str) -> None:
    """:say TEXT — a plain message from the acting user (Docket is not told)."""
    post(shell, typed)


def mention(shell: Shell, typed: str) -> None:
    """:mention TEXT — a message that mentions @docket; Slack sends Docket app_mention."""
    bot = shell.world.slack.user(shell.world.slack.bot_user_id)
    name = bot.name if bot else "docket"
    if f"@{name}" not in typed:
        typed = f"@{name} {typed}"
    message = post(shell, typed)
    before = len(shell.world.slack.messages)
    event = {
        "type": "app_mention",
        "user": message.user,
        "text": message.text,
        "ts": message.ts,
        "channel": message.channel,
        "event_ts": message.ts,
    }
    if message.thread_ts:
        event["thread_ts"] = message.thread_ts
    assert shell.world.driver
    shell._check_reply(shell.world.driver.event(event))
    shell._show(shell.world.slack.messages_since(before))


def thread(shell: Shell, which: str) -> None:
    """:thread N (task #N's card) | :thread last (the newest message) | :thread off."""
    _, channel_id = shell._acting()
    which = which.strip().lstrip("#").lower()
    if which in ("off", "none", "channel"):
        shell.thread_ts = None
        return
    slack = shell.world.slack
    for message in reversed(slack.messages):
        if message.channel != channel_id or message.kind not in ("message", "file"):
            continue
        if message.thread_ts and message.thread_ts != message.ts:
            continue
        if slack.find_message(channel_id, message.ts) is None:
            continue
        card = _CARD_RE.match(message.text)
        if which == "last" or (card and card.group(1) == which):
            shell.thread_ts = message.ts
            return
    raise ValueError(f"no message for :thread {which} in {shell._place(channel_id)}")
