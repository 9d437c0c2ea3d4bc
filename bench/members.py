"""The member-heavy paths, `/task list mine` and App Home, with 1, 100 and 1,000 open cases.

Docket runs as in the sandbox: its real HTTP endpoint, signed requests, the Slack stand-in
over loopback (answering at once, rate-limit tiers off so nothing waits), a fresh database per
size (a temporary SQLite file; PostgreSQL in a scratch schema when it answers). The user is in
every case channel (in the stand-in and in Docket's member table) and holds two open tasks in
each of the first five, so the answer is the same size at every scale and what grows is only
the number of cases the user is in. Before each request the clock moves 11 minutes, so no
cached member list is fresh (what a user sees who opens Home now and then). Per size: the
median time of --repeat requests and the Slack calls each one made (views.publish, the Home
itself, not counted). Printed: the ratio of 1,000 cases to 1 (time, and calls).

With --ref REF (default main) the same runs also use REF's code (a temporary worktree,
imported through PYTHONPATH), so before and after print side by side.
Usage: python bench/members.py [--sizes 1,100,1000] [--repeat 9] [--backend sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "PYTHONPATH" not in os.environ:  # with --ref the code under test comes from PYTHONPATH
    sys.path.insert(0, str(ROOT))

from base_tree import worktree  # type: ignore[import-not-found]  # noqa: E402  # bench/ on the path
from sqlalchemy import insert  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from bench.scale import PG_URL, _pg_answers  # noqa: E402
from bot.db import scratch_schema  # noqa: E402
from bot.models import Case, ChannelMember, Task, UserProfile, Workspace  # noqa: E402
from sandbox.world import World  # noqa: E402

START = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
NOT_COUNTED = {"views.publish"}
TEAM = "T0SANDBOX"  # the stand-in's team
TASK_CASES = 5  # the user's open tasks are in the first 5 cases: the answer is the same size


def _seed(world: World, count: int) -> tuple[str, list[str]]:
    slack = world.slack
    user = slack.add_user("paula").id
    channels = []
    for n in range(count):
        channel = slack.add_channel(f"case-{n:04d}").id
        slack.join(slack.bot_user_id, channel)
        slack.join(user, channel)
        channels.append(channel)
    assert world.engine is not None
    with world.engine.begin() as conn:
        conn.execute(insert(Workspace), [{"id": TEAM, "created_at": START}])
        conn.execute(
            insert(UserProfile),
            [{"id": user, "name": "paula", "tz": "America/New_York", "fetched_at": START}],
        )
        conn.execute(
            insert(Case),
            [
                {
                    "team_id": TEAM,
                    "channel_id": channel,
                    "name": f"Case {n}",
                    "lead_id": user,
                    "created_by": user,
                    "created_at": START,
                    "updated_at": START,
                }
                for n, channel in enumerate(channels)
            ],
        )
        ids = [row[0] for row in conn.execute(select(col(Case.id)).order_by(col(Case.id)))]
        conn.execute(
            insert(ChannelMember),
            [{"channel_id": c, "user_id": u} for c in channels for u in (user, slack.bot_user_id)],
        )
        conn.execute(
            insert(Task),
            [
                {
                    "case_id": case_id,
                    "number": k,
                    "kind": "task",
                    "title": f"task {k}",
                    "assignee_id": user,
                    "created_by": user,
                    "due_at": START + timedelta(days=k + 1),
                    "status": "open",
                    "created_at": START,
                    "updated_at": START,
                }
                for case_id in ids[:TASK_CASES]
                for k in (1, 2)
            ],
        )
    return user, channels


def _one(world: World, request) -> tuple[float, int]:
    world.clock.advance(timedelta(minutes=11))
    before = len(world.slack.calls)
    start = time.perf_counter()
    reply = request()
    elapsed = time.perf_counter() - start
    if reply.status != 200:  # e.g. past Slack's 3 seconds: the time still counts
        print(f"answered HTTP {reply.status}", file=sys.stderr)
    calls = [name for name, _ in world.slack.calls[before:] if name not in NOT_COUNTED]
    return elapsed, len(calls)


def _measure(url: str, count: int, repeat: int) -> dict[str, list[float]]:
    world = World(start=START, database_url=url).start()
    try:
        user, channels = _seed(world, count)
        assert world.driver is not None
        driver = world.driver

        def mine():
            return driver.command(
                user_id=user, channel_id=channels[0], command="/task", text="list mine"
            )

        def home():
            event = {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0"}
            return driver.event(event)

        out: dict[str, list[float]] = {}
        for name, request in (("mine", mine), ("home", home)):
            _one(world, request)  # warm up (first request of the process)
            runs = [_one(world, request) for _ in range(repeat)]
            out[name] = [
                statistics.median(r[0] for r in runs) * 1000,
                statistics.median(r[1] for r in runs),
            ]
        return out
    finally:
        world.stop()


@contextmanager
def _database(backend: str) -> Iterator[str | None]:
    if backend == "sqlite":
        yield None  # the world makes a temporary SQLite file
    else:
        with scratch_schema(PG_URL, "docket_bench") as url:
            yield url


def measure(backends: list[str], sizes: list[int], repeat: int) -> dict:
    """{backend: {size: {path: [median ms, Slack calls]}}} for the code on sys.path."""
    found: dict = {}
    for backend in backends:
        found[backend] = {}
        for size in sizes:
            with _database(backend) as url:
                found[backend][str(size)] = _measure_at(url, size, repeat)
    return found


def _measure_at(url: str | None, size: int, repeat: int) -> dict[str, list[float]]:
    if url is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="docket-bench-") as tmp:
            return _measure(f"sqlite:///{tmp}/bench.db", size, repeat)
    return _measure(url, size, repeat)


def _print(label: str, found: dict, sizes: list[int]) -> None:
    first, last = str(sizes[0]), str(sizes[-1])
    for backend, by_size in found.items():
        print(f"-- {label}, {backend}")
        for path, what in (("mine", "/task list mine"), ("home", "App Home")):
            cells = "  ".join(
                f"{size:>5} cases {by_size[str(size)][path][0]:8.1f} ms"
                f" {by_size[str(size)][path][1]:5.0f} calls"
                for size in sizes
            )
            ratio = by_size[last][path][0] / by_size[first][path][0]
            print(f"   {what:16} {cells}   time ratio {last}/{first} = {ratio:6.2f}")


def main() -> None:
    """Measure this code (and --ref's), print medians, Slack calls and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--ref", default="main", help="also measure this git ref ('none': skip)")
    parser.add_argument("--json", action="store_true", help="print only the figures, as JSON")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not _pg_answers():
        backends.remove("postgres")
    if args.json:
        print(json.dumps(measure(backends, sizes, args.repeat)))
        return
    print(
        f"median of {args.repeat} requests, each 11 minutes after the last; Slack calls per request"
    )
    before = None
    if args.ref != "none":
        with worktree(args.ref) as (_, tree):
            command = [sys.executable, str(Path(__file__).resolve()), "--json"]
            command += ["--sizes", args.sizes, "--repeat", str(args.repeat)]
            command += ["--backend", args.backend]
            env = {**os.environ, "PYTHONPATH": f"{tree}{os.pathsep}{ROOT}"}
            done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            before = json.loads(done.stdout.strip().splitlines()[-1])
    after = measure(backends, sizes, args.repeat)
    if before is not None:
        _print(f"before ({args.ref})", before, sizes)
    _print("after (this tree)", after, sizes)


if __name__ == "__main__":
    main()
