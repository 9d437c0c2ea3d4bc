"""How much room issue 11's ack target leaves: the least a Docket-shaped ack costs, vs a bare app.

Four Bolt apps from bench/ack_apps.py, each in a process of its own behind the server Docket
uses (waitress, 8 threads), take the same signed requests from 1, 8 and 32 senders at once:
bare (its listeners only ack), txn (bare plus one INSERT committed on the database), date (bare
plus Docket's reading of the title and date, for /task add) and floor (both). No Docket runs:
this bench measures what the target asks of any app that does what item 1 requires (parse, one
short transaction, render) on this machine. Rounds alternate the apps (bare, txn, date, floor,
bare ...); printed per command and level: each app's p50/p99 (ms) and requests/s, and the
median of its per-round ratios to the bare app (p99, throughput) with their range. The target
is p99 within 1.5x of bare and throughput at least 0.7x, at 8 senders.
Usage: python bench/ack_room.py [--database-url URL] [--levels 1,8,32] [--requests 400]
       [--rounds 3] [--only '/task add,/case']
"""

from __future__ import annotations

import argparse
import statistics
import sys
from contextlib import ExitStack
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ack_latency import _baseline, _load  # type: ignore[import-not-found]  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
APPS = ("bare", "txn", "date", "floor")
DUE = datetime.now(ZoneInfo("America/New_York")) + timedelta(days=20)
# The request, with a date that reads one way ("next friday" asks which Friday is meant).
ADD_TEXT = f"draft motion to compel by {DUE:%b} {DUE.day} 5pm"


def run(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Every app, command and level, rounds alternating the apps; raw figures per round."""
    from bot.db import scratch_schema
    from sandbox.world import World

    found: dict[str, dict[str, Any]] = {}
    with ExitStack() as stack:
        url = stack.enter_context(scratch_schema(args.database_url, "bench_room"))
        start = datetime.now(ZoneInfo("America/New_York")).replace(second=0, microsecond=0)
        world = World(start=start, database_url=url).start()
        stack.callback(world.stop)
        slack = world.slack
        users = [slack.add_user(f"user{i:02d}").id for i in range(max(args.levels))]
        channel = slack.add_channel("smith-v-jones").id
        drivers = {kind: _baseline(stack, slack, kind, url) for kind in APPS}
        for command in args.only:
            for level in args.levels:
                per = max(2, args.requests // level)
                rounds: list[dict[str, dict[str, float]]] = []
                for _ in range(args.rounds):
                    rounds.append(
                        {
                            k: _load(level, per, _sender(d, command, users, channel))
                            for k, d in drivers.items()
                        }
                    )
                found[f"{command}|{level}"] = {"rounds": rounds}
    return found


def _sender(driver: Any, command: str, users: list[str], channel: str) -> Any:
    """One signed request of `command` from sender i."""
    verb, _, rest = command.partition(" ")
    text = ADD_TEXT if rest == "add" else rest

    def one(i: int, k: int) -> Any:
        return driver.command(user_id=users[i], channel_id=channel, command=verb, text=text)

    return one


def _cell(rounds: list[dict[str, dict[str, float]]], kind: str) -> str:
    """kind's median p50/p99 and req/s, and its ratios to bare (median [range])."""
    p50 = statistics.median(r[kind]["p50"] for r in rounds)
    p99 = statistics.median(r[kind]["p99"] for r in rounds)
    rps = statistics.median(r[kind]["rps"] for r in rounds)
    line = f"{kind:>5}: p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  {rps:7.1f} req/s"
    if kind == "bare":
        return line
    for stat, name in (("p99", "p99"), ("rps", "throughput")):
        values = [r[kind][stat] / r["bare"][stat] for r in rounds]
        middle = statistics.median(values)
        line += f"  {name} {middle:.2f}x [{min(values):.2f}-{max(values):.2f}]"
    return line


def main() -> int:
    """Measure and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=PG)
    parser.add_argument("--levels", default="1,8,32")
    parser.add_argument("--requests", type=int, default=400, help="per app, level and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", default="/task add,/case")
    args = parser.parse_args()
    args.levels = [int(x) for x in args.levels.split(",")]
    args.only = [x.strip() for x in args.only.split(",")]
    if len(sys.argv) == 1:  # `make bench`: a short run
        args.levels, args.rounds, args.requests = [8], 2, 200
    for key, cell in run(args).items():
        command, level = key.split("|")
        print(f"{command} at {level} sender(s), median of {args.rounds} round(s):")
        for kind in APPS:
            print("  " + _cell(cell["rounds"], kind))
    return 0


if __name__ == "__main__":
    sys.exit(main())
