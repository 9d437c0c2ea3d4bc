"""Ack latency of /case through the sandbox vs a Bolt app whose handler only acks (same run).

Both apps run behind the same waitress server and are driven by the same signing driver over
loopback, so the ratio isolates what Docket adds: its middleware, parsing and one DB session.
Usage: python bench/ack_latency.py [N] [--tasks 50000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt import App  # noqa: E402

from bot.app import make_client  # noqa: E402
from bot.sandbox.driver import Driver  # noqa: E402
from bot.sandbox.world import World  # noqa: E402
from bot.web import BotServer  # noqa: E402

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))


def _time(call, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        reply = call()
        samples.append(time.perf_counter() - t0)
        assert reply.status == 200, reply
    return samples


def _p95(samples: list[float]) -> float:
    return sorted(samples)[max(0, int(0.95 * len(samples)) - 1)] * 1000


def baseline(world: World, n: int) -> list[float]:
    """A Bolt app whose /case handler only acks, behind the same server and driver."""
    app = App(
        signing_secret="bench-secret",
        client=make_client("xoxb-sandbox", world.slack.api_url),
        process_before_response=True,
        token_verification_enabled=False,
    )
    app.command("/case")(lambda ack: ack())
    server = BotServer(app).start()
    driver = Driver(bot_url=server.url, signing_secret="bench-secret", slack=world.slack)
    user, channel = world.slack.add_user("alice").id, world.slack.add_channel("bench").id
    try:
        return _time(
            lambda: driver.command(user_id=user, channel_id=channel, command="/case", text=""), n
        )
    finally:
        server.stop()


def main() -> int:
    """Run both, print medians and the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100)
    args = parser.parse_args()
    world = World(start=START).start()
    try:
        user = world.slack.add_user("alice").id
        channel = world.slack.add_channel("smith-v-jones")
        world.slack.join(user, channel.id)
        world.slack.join(world.slack.bot_user_id, channel.id)
        assert world.driver
        drv = world.driver
        drv.command(
            user_id=user,
            channel_id=channel.id,
            command="/case",
            text="new Smith v. Jones 2026-CV-0142",
        )
        base = baseline(world, args.n)
        ours = _time(
            lambda: drv.command(user_id=user, channel_id=channel.id, command="/case", text=""),
            args.n,
        )
    finally:
        world.stop()
    b, o = statistics.median(base) * 1000, statistics.median(ours) * 1000
    print(f"ack-only Bolt app   median {b:7.2f} ms  p95 {_p95(base):7.2f} ms")
    print(f"Docket /case        median {o:7.2f} ms  p95 {_p95(ours):7.2f} ms")
    print(f"ratio (Docket / ack-only): {o / b:.2f}x   (n={args.n} each)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
