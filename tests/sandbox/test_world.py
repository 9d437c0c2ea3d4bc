"""The world starts Docket as the runner does; its workspace keeps Slack's channel-name rules."""

from __future__ import annotations

import pytest

from sandbox import world as world_module
from sandbox.slack_errors import SlackError
from sandbox.slack_state import Workspace
from sandbox.world import World
from tests.conftest import START


def test_the_date_readers_are_warm_before_docket_serves(monkeypatch):
    served: list[bool] = []

    def warm_up() -> list:
        served.append(world.server is not None)
        return []

    monkeypatch.setattr(world_module, "warm_up", warm_up)
    world = World(start=START)
    world.start()
    try:
        # no first dated command pays dateparser's load inside its 3-second ack
        assert served == [False]
    finally:
        world.stop()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("", "invalid_name_required"),
        ("a" * 81, "invalid_name_maxlength"),
        ("@x", "invalid_name_specials"),
        ("Smith", "invalid_name_specials"),
        ("smith v jones", "invalid_name_specials"),
        ("-_-", "invalid_name_punctuation"),
    ],
)
def test_the_workspace_refuses_a_channel_name_as_slack_does(name, code):
    slack = Workspace()
    with pytest.raises(SlackError) as refused:
        slack.add_channel(name)
    assert refused.value.error == code
    assert slack.channels == {}
