"""What every handler needs: the plain values of a request and the tools to act on them."""

from __future__ import annotations

import re

from slack_bolt import BoltContext

from bot import blocks, commands
from bot.deps import Deps
from bot.services import cases
from bot.services.changes import TaskRef
from bot.services.errors import DomainError, Invalid
from bot.services.whens import Reading
from bot.slack.delivery import Report, Sender
from bot.slack.directory import Directory

SAVED = "docket_saved"  # context key: what a request committed, for the error answer


class Request:
    """Who asked, where, under which request id, in which zone, at what time."""

    def __init__(self, context: BoltContext, *, user: str, channel: str, key: str | None) -> None:
        self.context = context
        self.deps: Deps = context["deps"]
        self.directory: Directory = context["directory"]
        self.sender: Sender = context["sender"]
        self.user, self.channel, self.key = user, channel, key
        self.tz = self.directory.zone(user)
        self.reading = Reading(
            now=self.deps.clock.now(),
            tz=self.tz,
            default_due_time=self.deps.settings.default_due_time,
        )

    def task_ref(self, number: int) -> TaskRef:
        """Task `number` of this channel's case, changed by this user under this request id."""
        return {
            "channel_id": self.channel,
            "number": number,
            "actor_id": self.user,
            "request_key": self.key,
        }

    def require_member(self) -> set[str]:
        """The channel's members; Forbidden unless the requester is one of them."""
        members = self.directory.members(self.channel)
        cases.require_member(self.user, members)
        return members

    def require_people(self, user_ids: list[str]) -> None:
        """Invalid unless each user is a live person (not deleted, not an app or bot)."""
        for person in user_ids:
            profile = self.directory.profile(person)
            if profile is None or profile.deleted:
                raise Invalid(
                    f"<@{person}>'s Slack account no longer exists, so I can't assign work to them."
                )
            if profile.is_bot:
                raise Invalid(f"<@{person}> is an app, not a person, so I can't assign work to it.")

    def named(self, text: str) -> str:
        """Slack text as typed: mentions become plain @names (so stored text pings no one)."""

        def name(match: re.Match[str]) -> str:
            profile = self.directory.profile(match.group(1))
            return f"@{profile.name}" if profile else "@someone"

        return commands.unescape(commands.ANY_MENTION_RE.sub(name, text))

    def saved(self, what: str) -> None:
        """Note what this request committed, so an error after it says so, not 'nothing'."""
        self.context[SAVED] = what

    def deliver(self, task_ids: list[int]) -> Report:
        """Send what a change owes Slack right away (the scheduler retries what fails)."""
        return self.sender.deliver(task_ids=task_ids)


def error_answer(error: DomainError, example: str | None = None) -> blocks.Message:
    """An ephemeral answer for a domain error; malformed requests also get a working example."""
    return blocks.ephemeral(str(error), example=example if isinstance(error, Invalid) else None)
