"""A scheduler tick with 1,000,000 tasks in PostgreSQL (1,000 due) against the same with 10,000.

The cost must follow the due rows, not the table: the ratio should be near 1. Each run builds its
data in a schema of its own in the `test` database (PG_URL), and drops it afterwards.
Usage: python bench/scheduler_tick.py [--big 1000000] [--small 10000] [--due 1000]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psycopg  # noqa: E402

from bot.clock import FakeClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import make_engine, migrate, scratch_schema, session_scope  # noqa: E402
from bot.deps import Deps  # noqa: E402
from bot.scheduler import tick_job  # noqa: E402
from bot.services import outbox  # noqa: E402
from sandbox.slack_api import FakeSlack  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
CASES = 1000


def _copy(conn, table: str, columns: str, rows) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(str(v) for v in row) + "\n")
    buf.seek(0)
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        while chunk := buf.read(1 << 20):
            copy.write(chunk)


def build(url: str, tasks: int, due: int, slack: FakeSlack) -> None:
    """Migrate url's schema and fill it: `tasks` open tasks with future alerts, `due` overdue."""
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    channels = []
    for n in range(CASES):
        channel = slack.add_channel(f"case-{n:04d}")
        slack.join(slack.bot_user_id, channel.id)
        channels.append(channel.id)
    ts = NOW.isoformat()
    later = (NOW + timedelta(days=30)).isoformat()
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        _copy(conn, "workspace", "id, timezone, created_at", [("T0SANDBOX", "UTC", ts)])
        _copy(
            conn,
            '"case"',
            "id, team_id, channel_id, name, jurisdiction, status, created_by, "
            "created_at, updated_at, next_task_number, digest_time, digest_days",
            (
                (
                    i + 1,
                    "T0SANDBOX",
                    channels[i],
                    f"Case {i}",
                    "US-FED",
                    "open",
                    "U1",
                    ts,
                    ts,
                    1,
                    "08:30",
                    "off",
                )
                for i in range(CASES)
            ),
        )
        _copy(
            conn,
            "task",
            "id, case_id, number, kind, title, assignee_id, created_by, due_at, "
            "all_day, status, created_at, updated_at",
            (
                (
                    i + 1,
                    i % CASES + 1,
                    i // CASES + 1,
                    "task",
                    f"Task {i}",
                    "U1",
                    "U1",
                    later if i >= due else ts,
                    "f",
                    "open",
                    ts,
                    ts,
                )
                for i in range(tasks)
            ),
        )
        _copy(
            conn,
            "outbox",
            "key, kind, team_id, case_id, task_id, recipient, due_at, status, attempts, late",
            (
                (
                    f"task:{i + 1}:{'overdue' if i < due else 'alert'}",
                    "overdue" if i < due else "alert",
                    "T0SANDBOX",
                    i % CASES + 1,
                    i + 1,
                    channels[i % CASES] if i < due else "U1",
                    ts if i < due else later,
                    "pending",
                    0,
                    "f",
                )
                for i in range(tasks)
            ),
        )
        conn.execute("ANALYZE")


def measure(tasks: int, due: int) -> tuple[float, float]:
    """Seconds for the claim query alone, and for a whole tick that sends every due row."""
    with scratch_schema(PG, "bench_tick") as url:
        return _measure(url, tasks, due)


def _measure(url: str, tasks: int, due: int) -> tuple[float, float]:
    slack = FakeSlack().start()
    build(url, tasks, due, slack)
    engine = make_engine(url)
    settings = Settings(bot_token="xoxb-sandbox", api_url=slack.api_url, pace_seconds=0.0)
    deps = Deps(engine=engine, clock=FakeClock(NOW + timedelta(minutes=1)), settings=settings)
    try:
        with session_scope(engine) as session:
            t0 = time.perf_counter()
            claimed = outbox.claim(session, now=deps.clock.now(), limit=due)
            claim = time.perf_counter() - t0
            session.rollback()
        assert len(claimed) == due, len(claimed)
        t0 = time.perf_counter()
        tick_job(deps)
        tick = time.perf_counter() - t0
        sent = sum(1 for m in slack.messages if m.kind == "message")
        assert sent == due, sent
        return claim, tick
    finally:
        engine.dispose()
        slack.stop()


def main() -> int:
    """Measure both sizes in one run and print the ratio."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1000)
    args = parser.parse_args()
    small = measure(args.small, args.due)
    big = measure(args.big, args.due)
    print(f"{args.small:>9,} tasks: claim {small[0] * 1000:7.1f} ms   tick {small[1]:6.2f} s")
    print(f"{args.big:>9,} tasks: claim {big[0] * 1000:7.1f} ms   tick {big[1]:6.2f} s")
    print(
        f"ratio big/small: claim {big[0] / small[0]:.2f}x   tick {big[1] / small[1]:.2f}x"
        f"   ({args.due:,} due rows each)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
