"""What one `/task` add costs the database: statements, rows written and commits, before and after.

The same measurement runs twice in the same run, each in a process of its own on PostgreSQL (a
schema of its own in the `test` database, dropped afterwards): against a checkout of --base (a
temporary git worktree; default `main`) and against this checkout. Each builds the sandbox world
(Docket over HTTP, the Slack stand-in), opens a case, makes one warm-up add (profiles and the
member list cached, as for any later request), then sends --adds signed `/task @bob draft motion
N to compel by Dec 11 5pm` commands through Bolt and counts, with SQLAlchemy engine events, every
statement, the rows INSERT/UPDATE/DELETE wrote (cursor.rowcount) and every commit, per add. The
request's own delivery (card and DM, sent in the request while it still is) is included.
Usage: python bench/request_cost.py [--base main] [--adds 10]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))


def measure(adds: int) -> dict[str, float]:
    """Per-add statements, rows written and commits in the checkout first on sys.path."""
    from sqlalchemy import event

    from bot.db import scratch_schema
    from sandbox.world import World

    with scratch_schema(PG, "docket_bench") as url:
        world = World(start=START, database_url=url).start()
        try:
            slack, driver = world.slack, world.driver
            assert driver is not None and world.engine is not None
            channel = slack.add_channel("cost-v-bench").id
            alice, bob = slack.add_user("alice").id, slack.add_user("bob").id
            for user in (slack.bot_user_id, alice, bob):
                slack.join(user, channel)

            def add(n: int) -> None:
                text = f"<@{bob}|bob> draft motion {n} to compel by Dec 11 5pm"
                reply = driver.command(
                    user_id=alice, channel_id=channel, command="/task", text=text
                )
                assert reply.status == 200 and "Added task" in reply.body, reply.body

            driver.command(user_id=alice, channel_id=channel, command="/case", text="new Cost")
            add(0)
            counts = {"statements": 0, "rows": 0, "commits": 0}

            def executed(conn, cursor, statement, params, context, many) -> None:
                counts["statements"] += 1
                verb = statement.lstrip().split(None, 1)[0].upper()
                if verb in ("INSERT", "UPDATE", "DELETE") and cursor.rowcount > 0:
                    counts["rows"] += cursor.rowcount

            def committed(conn) -> None:
                counts["commits"] += 1

            event.listen(world.engine, "after_cursor_execute", executed)
            event.listen(world.engine, "commit", committed)
            for n in range(1, adds + 1):
                add(n)
            event.remove(world.engine, "after_cursor_execute", executed)
            event.remove(world.engine, "commit", committed)
        finally:
            world.stop()
    return {name: value / adds for name, value in counts.items()}


def run_in(checkout: Path, adds: int) -> dict[str, float]:
    """measure() in a fresh process that imports Docket from `checkout`."""
    code = (
        f"import sys; sys.path.insert(0, {str(checkout)!r}); "
        f"sys.path.insert(1, {str(ROOT / 'bench')!r}); "
        f"import json, request_cost; print(json.dumps(request_cost.measure({adds})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=checkout, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"measuring {checkout} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    """Measure --base and this checkout; print both and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git ref to compare with (default main)")
    parser.add_argument("--adds", type=int, default=10)
    args = parser.parse_args()
    base = subprocess.run(
        ["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="docket-base-") as tmp:
        tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), base],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            before = run_in(tree, args.adds)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False
            )
    after = run_in(ROOT, args.adds)
    print(f"one /task add (delegated, dated), mean of {args.adds}, PostgreSQL")
    print(f"{'':>12} {'before (' + base + ')':>18} {'after':>10} {'after/before':>13}")
    for name in ("statements", "rows", "commits"):
        ratio = after[name] / before[name] if before[name] else float("nan")
        print(f"{name:>12} {before[name]:>18.1f} {after[name]:>10.1f} {ratio:>12.2f}x")


if __name__ == "__main__":
    main()
