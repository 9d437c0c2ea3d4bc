"""A case's calendar feed and a user's desk, against the /task list they extend, in one run.

The database (a temporary SQLite file) holds --cases open cases of --per-case open tasks each
(half court deadlines, all-day; half timed tasks, each with two planned alerts), all assigned
to one user (with a Slack profile and zone) who is a member of every case channel. Each
figure is the median of --repeat runs, each in a session of its own:
(a) baseline: `/task list` of one case — listing.for_case + tasklist.listing;
(b) that case's calendar feed — feeds.read (with each task's planned alerts) + ical.render;
(c) baseline: `/task list mine` — listing.for_user + tasklist.listing across every case;
(d) the user's desk (App Home) — desk.desk_of + home.desk across every case.
Printed: b/a and d/c. Usage: python bench/feeds_and_desk.py [--cases 20] [--per-case 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from bot import ical  # noqa: E402
from bot.blocks import home, tasklist  # noqa: E402
from bot.db import make_engine, migrate, session_scope  # noqa: E402
from bot.models import (  # noqa: E402
    CalendarFeed,
    Case,
    ChannelMember,
    Outbox,
    Task,
    UserProfile,
    Workspace,
)
from bot.services import desk, feeds, listing  # noqa: E402
from bot.vocab import FeedScope  # noqa: E402

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
USER, TZ = "U0BENCH", "America/New_York"


def _seed(engine, cases: int, per_case: int) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Workspace), [{"id": "T1", "created_at": NOW}])
        conn.execute(
            insert(UserProfile), [{"id": USER, "name": "bench", "tz": TZ, "fetched_at": NOW}]
        )
        conn.execute(
            insert(Case),
            [
                {
                    "id": c,
                    "team_id": "T1",
                    "channel_id": f"C{c:05d}",
                    "name": f"Case {c}",
                    "matter_number": f"2026-CV-{c:04d}",
                    "lead_id": USER,
                    "created_by": USER,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for c in range(1, cases + 1)
            ],
        )
        conn.execute(
            insert(ChannelMember),
            [{"channel_id": f"C{c:05d}", "user_id": USER} for c in range(1, cases + 1)],
        )
        rows = []
        for c in range(1, cases + 1):
            for n in range(1, per_case + 1):
                deadline = n % 2 == 0
                rows.append(
                    {
                        "case_id": c,
                        "number": n,
                        "kind": "deadline" if deadline else "task",
                        "title": f"task {n} of case {c}",
                        "assignee_id": USER,
                        "created_by": USER,
                        "due_at": NOW + timedelta(hours=7 * n),
                        "all_day": deadline,
                        "status": "open",
                        "created_at": NOW,
                        "updated_at": NOW,
                    }
                )
        conn.execute(insert(Task), rows)
        alerts = [
            {
                "key": f"task:{t}:alert:{k}",
                "kind": "alert",
                "team_id": "T1",
                "case_id": 1 + (t - 1) // per_case,
                "task_id": t,
                "recipient": USER,
                "due_at": NOW + timedelta(hours=7 * t - k),
                "status": "pending",
            }
            for t in range(1, len(rows) + 1)
            for k in (1, 24)
        ]
        conn.execute(insert(Outbox), alerts)
        conn.execute(
            insert(CalendarFeed),
            [
                {
                    "token": "bench-token-0001",
                    "user_id": USER,
                    "team_id": "T1",
                    "scope": FeedScope.CASE,
                    "case_id": 1,
                    "created_at": NOW,
                }
            ],
        )


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Seed, time (a)-(d), print the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--per-case", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        _seed(engine, args.cases, args.per_case)

        def case_list() -> None:
            with session_scope(engine) as s:
                tasklist.listing(listing.for_case(s, channel_id="C00001", now=NOW, tz=TZ), tz=TZ)

        def case_feed() -> None:
            with session_scope(engine) as s:
                found = feeds.read(s, token="bench-token-0001", now=NOW)
                assert found is not None and len(found.items) == args.per_case
                ical.render(found, now=NOW, host="docket.bench")

        def my_list() -> None:
            with session_scope(engine) as s:
                found = listing.for_user(s, user_id=USER, now=NOW, tz=TZ)
                tasklist.listing(found, tz=TZ)

        def my_desk() -> None:
            with session_scope(engine) as s:
                found = desk.desk_of(s, user_id=USER, now=NOW, tz=TZ)
                assert len(home.desk(found, tz=TZ)["blocks"]) <= 100

        a, b = _median(case_list, args.repeat), _median(case_feed, args.repeat)
        c, d = _median(my_list, args.repeat), _median(my_desk, args.repeat)
        engine.dispose()
    print(f"{args.cases} cases x {args.per_case} open tasks, median of {args.repeat}")
    print(f"(a) /task list, one case        {a * 1000:8.1f} ms  (baseline)")
    print(f"(b) that case's calendar feed   {b * 1000:8.1f} ms  = {b / a:5.1f} x (a)")
    print(f"(c) /task list mine             {c * 1000:8.1f} ms  (baseline)")
    print(f"(d) the desk (App Home)         {d * 1000:8.1f} ms  = {d / c:5.1f} x (c)")


if __name__ == "__main__":
    main()
