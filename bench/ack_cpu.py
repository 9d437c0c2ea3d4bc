"""The CPU one `/task` add costs before it answers (the ack), against a baseline in the same run.

Each checkout runs in a process of its own on PostgreSQL (a scratch schema in the `test`
database, dropped afterwards): the sandbox world (Docket over HTTP, the Slack stand-in), a case,
a warm-up, then --n signed `/task @bob draft motion N to compel by Dec 11 5pm` requests through
Bolt. The figure is the CPU time of the handler's thread inside `bot.handlers.task.answer`
(time.thread_time: Docket's request path up to the ack's body, not Bolt, HTTP or the courier),
per add. Baseline and this checkout alternate --rounds times (the machine is shared); the
median round of each is compared. --profile N prints this checkout's top N functions (cProfile).
Usage: python bench/ack_cpu.py [--base main | --against DIR] [--n 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from base_tree import measure_in, worktree  # type: ignore[import-not-found]  # bench/ is on the path

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))


def measure(n: int, profile: int = 0) -> dict[str, Any]:
    """CPU milliseconds per add ack (median and mean) in the checkout first on sys.path."""
    import cProfile
    import io
    import pstats

    from bot.db import scratch_schema
    from bot.handlers import task as task_handler
    from sandbox.world import World

    spent: list[float] = []
    profiler = cProfile.Profile(time.thread_time) if profile else None  # CPU, not wall time
    answer = task_handler.answer

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        if profiler is not None and measuring["on"]:
            profiler.enable()
        try:
            return answer(*args, **kwargs)
        finally:
            if profiler is not None:
                profiler.disable()
            if measuring["on"]:
                spent.append((time.thread_time() - started) * 1000)

    measuring = {"on": False}
    task_handler.answer = timed
    with scratch_schema(PG, "docket_bench") as url:
        world = World(start=START, database_url=url).start()
        try:
            slack, driver = world.slack, world.driver
            assert driver is not None
            slack.rate_limits.enabled = False
            channel = slack.add_channel("cpu-v-bench").id
            alice, bob = slack.add_user("alice").id, slack.add_user("bob").id
            for user in (slack.bot_user_id, alice, bob):
                slack.join(user, channel)
            driver.command(user_id=alice, channel_id=channel, command="/case", text="new Cpu")
            for i in range(n + 20):
                measuring["on"] = i >= 20  # the first 20 warm up (caches, profiles, pool)
                reply = driver.command(
                    user_id=alice,
                    channel_id=channel,
                    command="/task",
                    text=f"<@{bob}|bob> draft motion {i} to compel by Dec 11 5pm",
                )
                assert reply.status == 200 and "Added task" in reply.body, reply.body
        finally:
            world.stop()
    shown = ""
    if profiler is not None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(profile)
        shown = out.getvalue()
    return {"median": statistics.median(spent), "mean": statistics.fmean(spent), "profile": shown}


def run_in(checkout: Path, n: int, profile: int = 0) -> dict[str, Any]:
    """measure() in a fresh process that imports Docket from `checkout`."""
    return measure_in(checkout, "ack_cpu", f"measure({n}, {profile})")


def compare(base: Path, name: str, args: argparse.Namespace) -> None:
    """Alternate the baseline and this checkout; print each round and the median ratio."""
    before, after = [], []
    for i in range(args.rounds):
        before.append(run_in(base, args.n))
        after.append(run_in(ROOT, args.n, args.profile if i == args.rounds - 1 else 0))
        b, a = before[-1]["median"], after[-1]["median"]
        print(f"round {i + 1}: {name} {b:6.2f} ms, this {a:6.2f} ms per add ack ({a / b:4.2f}x)")
    b = statistics.median(r["median"] for r in before)
    a = statistics.median(r["median"] for r in after)
    print(f"/task add ack CPU (thread time in the handler), median of {args.rounds} rounds of")
    print(f"{args.n} adds: {name} {b:.2f} ms -> this {a:.2f} ms: {a / b:.2f}x")
    if args.profile:
        print(after[-1]["profile"])


def main() -> None:
    """Measure the baseline and this checkout, alternately; print the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git ref to compare with (default main)")
    parser.add_argument("--against", type=Path, default=None, help="a checkout to compare with")
    parser.add_argument("--n", type=int, default=200, help="adds measured per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", type=int, default=0, help="print this checkout's top N")
    args = parser.parse_args()
    if args.against is not None:
        compare(args.against.resolve(), args.against.name, args)
        return
    with worktree(args.base) as (name, tree):
        compare(tree, name, args)


if __name__ == "__main__":
    main()
