"""The world starts Docket as the runner does."""

from __future__ import annotations

from sandbox import world as world_module
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
