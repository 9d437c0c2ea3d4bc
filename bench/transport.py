"""Socket Mode vs HTTP: the same commands, the same world, timed end to end (same run).

The baseline is HTTP (a signed POST to waitress, answered when Bolt acks); the other is Socket
Mode (an envelope over the stand-in's WebSocket, answered by the app's ack). Also, in the same
run, /metrics and /readyz scrapes against a /healthz baseline.
Usage: python bench/transport.py [N]
"""

from __future__ import annotations

import io
import logging
import statistics
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.slack.web import BotServer  # noqa: E402
from sandbox.shell import Shell  # noqa: E402
from sandbox.world import World  # noqa: E402

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
SETUP = [":in #bench", "/case new Bench v. Mark", "/task @you read the file by Friday 5pm"]


def _commands(socket_mode: bool, n: int) -> tuple[list[float], World]:
    world = World(start=START, socket_mode=socket_mode).start()
    shell = Shell(world, io.StringIO())
    shell.run(SETUP)
    for _ in range(5):
        shell.run_line("/task list")
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        shell.run_line("/task list")
        samples.append(time.perf_counter() - t0)
    return samples, world


def _scrape(url: str, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        with urllib.request.urlopen(url, timeout=10) as resp:
            resp.read()
        samples.append(time.perf_counter() - t0)
    return samples


def main(n: int) -> None:
    """Print medians and ratios against the baselines."""
    logging.disable(logging.WARNING)
    http, world = _commands(False, n)
    world.stop()
    socket, world = _commands(True, n)
    ops = BotServer(None, deps=world.deps).start()
    try:
        health = _scrape(ops.base_url + "/healthz", n)
        ready = _scrape(ops.base_url + "/readyz", n)
        metrics = _scrape(ops.base_url + "/metrics", n)
    finally:
        ops.stop()
        world.stop()
    base = statistics.median(http)
    print(f"/task list over HTTP (baseline)  median {base * 1000:7.1f} ms  n={n}")
    print(f"/task list over Socket Mode      ratio {statistics.median(socket) / base:5.2f}")
    hz = statistics.median(health)
    print(f"/healthz (baseline)              median {hz * 1000:7.1f} ms")
    print(f"/readyz                          ratio {statistics.median(ready) / hz:5.2f}")
    print(f"/metrics                         ratio {statistics.median(metrics) / hz:5.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
