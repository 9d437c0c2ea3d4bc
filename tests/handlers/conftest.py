"""Helpers for driving Docket through signed requests in the world."""

from __future__ import annotations

import pytest


class Team:
    """A channel with members, and a way to run commands as one of them."""

    def __init__(self, world, channel: str = "smith-v-jones", users=("alice", "bob")) -> None:
        self.world = world
        self.slack = world.slack
        self.channel = self.slack.add_channel(channel).id
        self.slack.join(self.slack.bot_user_id, self.channel)
        self.ids = {}
        for name in users:
            self.ids[name] = self.slack.add_user(name).id
            self.slack.join(self.ids[name], self.channel)

    def join(self, name: str) -> str:
        """Add a user to the channel the way Slack tells Docket: with member_joined_channel."""
        user = self.slack.add_user(name)
        self.slack.join(user.id, self.channel)
        self.ids[name] = user.id
        self.world.driver.event(
            {"type": "member_joined_channel", "user": user.id, "channel": self.channel}
        )
        return user.id

    def cmd(self, name: str, command: str, text: str = "", **kw):
        """Run a slash command as `name` in the team's channel; return the bot's Reply."""
        return self.world.driver.command(
            user_id=self.ids[name],
            channel_id=kw.pop("channel", self.channel),
            command=command,
            text=text,
            escape=True,
            **kw,
        )


@pytest.fixture
def team(world):
    """alice and bob in #smith-v-jones with Docket."""
    return Team(world)
