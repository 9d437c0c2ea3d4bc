"""Opening a case and adding a task with 10, 1,000 and 10,000 cases in the database.

Each database (a temporary SQLite file; PostgreSQL in a scratch schema when it answers on
127.0.0.1:5432) is seeded with N open cases, each with --per-case open tasks and the digest
rows the hourly plan makes (digest_plan.plan_digests over every case: one or two pending rows per
case). Then, --repeat times: `/case new` in a fresh channel (cases.create_case, its digest
planned) and one `/task` add there with a date (tasks.add: the task, its audit event, card and
alerts), each in its own session, as a request runs them. Printed: the median per size and the
ratio of 10,000 cases to 10 (target <= 1.2).

With --ref REF (default: main when run from a git checkout) the same measurement also runs, in
the same run, on REF's code (a temporary worktree, imported through PYTHONPATH), so before and
after are printed side by side. Usage: python bench/scale.py [--sizes 10,1000,10000]
[--repeat 15] [--backend sqlite|postgres|both] [--ref main|none]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from base_tree import worktree  # type: ignore[import-not-found]  # bench/ is on the path

ROOT = Path(__file__).resolve().parents[1]
if "PYTHONPATH" not in os.environ:  # with --ref the code under test comes from PYTHONPATH
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert  # noqa: E402
from sqlmodel import col, select  # noqa: E402

from bot.db import make_engine, migrate, scratch_schema, session_scope  # noqa: E402
from bot.models import Case, Task, UserProfile, Workspace  # noqa: E402
from bot.services import cases, digest_plan, tasks  # noqa: E402
from bot.services.whens import Reading  # noqa: E402

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
USER, TZ = "U0BENCH", "America/New_York"
PG_URL = os.environ.get("DOCKET_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _seed(engine, count: int, per_case: int) -> None:
    with engine.begin() as conn:
        conn.execute(insert(Workspace), [{"id": "T1", "created_at": NOW}])
        conn.execute(
            insert(UserProfile), [{"id": USER, "name": "bench", "tz": TZ, "fetched_at": NOW}]
        )
        conn.execute(
            insert(Case),
            [
                {
                    "team_id": "T1",
                    "channel_id": f"C{c:06d}",
                    "name": f"Case {c}",
                    "lead_id": USER,
                    "created_by": USER,
                    "created_at": NOW,
                    "updated_at": NOW,
                }
                for c in range(1, count + 1)
            ],
        )
        ids = [row[0] for row in conn.execute(select(col(Case.id)).order_by(col(Case.id)))]
        rows = [
            {
                "case_id": c,
                "number": n,
                "kind": "task",
                "title": f"task {n} of case {c}",
                "assignee_id": USER,
                "created_by": USER,
                "due_at": NOW + timedelta(days=n),
                "status": "open",
                "created_at": NOW,
                "updated_at": NOW,
            }
            for c in ids
            for n in range(1, per_case + 1)
        ]
        if rows:
            conn.execute(insert(Task), rows)
    with session_scope(engine) as session:
        digest_plan.plan_digests(session, now=NOW)  # what the hourly plan leaves pending


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def _measure(engine, repeat: int) -> tuple[float, float]:
    """Median ms of `/case new` and of one `/task` add in that case."""
    opened, added = [], []
    reading = Reading(NOW, TZ, default_due_time=dtime(17, 0))
    for i in range(repeat):
        channel = f"CNEW{i:05d}"
        start = time.perf_counter()
        with session_scope(engine) as session:
            cases.create_case(
                session,
                team_id="T1",
                channel_id=channel,
                name=f"New case {i}",
                matter_number=None,
                actor_id=USER,
                now=NOW,
            )
        opened.append(time.perf_counter() - start)
        start = time.perf_counter()
        with session_scope(engine) as session:
            tasks.add(
                session,
                channel_id=channel,
                actor_id=USER,
                text="draft motion to compel by Dec 18 5pm",
                assignees=[USER],
                members={USER},
                reading=reading,
            )
        added.append(time.perf_counter() - start)
    return _median_ms(opened), _median_ms(added)


@contextmanager
def _database(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="docket-bench-") as tmp:
            yield f"sqlite:///{tmp}/bench.db"
    else:
        with scratch_schema(PG_URL, "docket_bench") as url:
            yield url


def _pg_answers() -> bool:
    try:
        engine = make_engine(PG_URL)
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:  # noqa: BLE001 - no PostgreSQL here: SQLite only
        return False


def measure(backends: list[str], sizes: list[int], per_case: int, repeat: int) -> dict:
    """{backend: {size: [open ms, add ms]}} for the code on sys.path."""
    out: dict[str, dict[str, list[float]]] = {}
    for backend in backends:
        out[backend] = {}
        for size in sizes:
            with _database(backend) as url:
                engine = make_engine(url)
                migrate(engine)
                _seed(engine, size, per_case)
                out[backend][str(size)] = list(_measure(engine, repeat))
                engine.dispose()
    return out


def _print(label: str, found: dict, sizes: list[int]) -> None:
    first, last = str(sizes[0]), str(sizes[-1])
    for backend, by_size in found.items():
        print(f"-- {label}, {backend}")
        for what, index in (("/case new", 0), ("/task add", 1)):
            cells = "  ".join(
                f"{size:>6} cases {by_size[str(size)][index]:7.2f} ms" for size in sizes
            )
            ratio = by_size[last][index] / by_size[first][index]
            print(f"   {what:10} {cells}   ratio {last}/{first} = {ratio:5.2f}")


def main() -> None:
    """Measure this code (and --ref's), print medians and ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,1000,10000")
    parser.add_argument("--per-case", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--backend", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--ref", default="main", help="also measure this git ref ('none': skip)")
    parser.add_argument("--json", action="store_true", help="print only the figures, as JSON")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    if "postgres" in backends and not _pg_answers():
        backends.remove("postgres")
    if args.json:
        print(json.dumps(measure(backends, sizes, args.per_case, args.repeat)))
        return
    print(f"{args.per_case} open tasks per case, median of {args.repeat}; target ratio <= 1.2")
    before = None
    if args.ref != "none":
        with worktree(args.ref) as (_, tree):
            command = [sys.executable, str(Path(__file__).resolve()), "--json"]
            command += ["--sizes", args.sizes, "--per-case", str(args.per_case)]
            command += ["--repeat", str(args.repeat), "--backend", args.backend]
            env = {**os.environ, "PYTHONPATH": str(tree)}
            done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            before = json.loads(done.stdout.strip().splitlines()[-1])
    after = measure(backends, sizes, args.per_case, args.repeat)
    if before is not None:
        _print(f"before ({args.ref})", before, sizes)
    _print("after (this tree)", after, sizes)


if __name__ == "__main__":
    main()
