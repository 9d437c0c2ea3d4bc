"""Building the digests of 1,000 case channels: total time vs building one digest x 1,000.

One digest is what the scheduler sends for a case channel's `digest` outbox row:
`bot.services.digests.compose` (the case, the last digest sent, and `case_digest`: its open and
recently done tasks read from the database) rendered by `bot.blocks.digest.digest_message`.
The database (a temporary SQLite file, or --database-url: PostgreSQL in a schema of its own,
dropped afterwards) holds --cases open cases of --per-case tasks each (overdue, due today, due in
the next 7 days, later, done since the last digest, done before it, undated), their outbox rows
(cards, alerts, yesterday's digest) and today's digest rows, planned by `plan_digests`.
(a) builds one channel's digest --single times, each in a session of its own: median x cases;
(b) builds every channel's digest once, in one pass, each in a session of its own: the sum of
    those builds (a's builds are interleaved evenly with them, so load drift hits both alike);
(c) then the same pass in one session, as `Sender.deliver` composes a claimed batch: wall time.
Usage: python bench/digest_build.py [--cases 1000] [--per-case 20] [--single 50]
       [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine, insert, select, text  # noqa: E402
from sqlmodel import Session, SQLModel, col  # noqa: E402

from bot.blocks.digest import digest_message  # noqa: E402
from bot.db import describe_url, make_engine, migrate, scratch_schema, session_scope  # noqa: E402
from bot.models import AuditEvent, Case, Outbox, Task, Workspace  # noqa: E402
from bot.services import digest_plan, digests  # noqa: E402
from bot.services.notice_types import Notice  # noqa: E402

NY = ZoneInfo("America/New_York")
PLANNED_AT = datetime(2026, 12, 1, 9, 0, tzinfo=NY).astimezone(UTC)  # tests' START
NOW = datetime(2026, 12, 2, 8, 30, tzinfo=NY).astimezone(UTC)  # Wednesday's digests fall due
LAST = datetime(2026, 12, 1, 8, 30, tzinfo=NY).astimezone(UTC)  # Tuesday's digests were sent
TEAM = "T0BENCH"
BATCH = 5000
# per case, out of 20: (how many, what)
MIX = (
    (3, "overdue"),
    (2, "today"),
    (5, "soon"),
    (3, "later"),
    (3, "done"),
    (1, "done_before"),
    (3, "undated"),
)


def _insert(conn, table: type[SQLModel], rows: list[dict]) -> None:
    """Executemany in batches."""
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start : start + BATCH])


def _kinds(per_case: int) -> list[str]:
    """The MIX scaled to per_case tasks."""
    total = sum(n for n, _ in MIX)
    kinds = [kind for n, kind in MIX for _ in range(n)]
    return [kinds[i * total // per_case] for i in range(per_case)]


def _task(case_id: int, number: int, kind: str, user: str, rng: random.Random) -> dict:
    """One task of the given kind relative to NOW."""
    local_day = NOW.astimezone(NY).replace(hour=17, minute=0)
    due: datetime | None = None
    status, done_at = "open", None
    if kind == "overdue":
        due = NOW - timedelta(hours=rng.randint(2, 96))
    elif kind == "today":
        due = local_day.replace(hour=rng.choice((11, 14, 17))).astimezone(UTC)
    elif kind == "soon":
        due = (local_day + timedelta(days=rng.randint(1, 7))).astimezone(UTC)
    elif kind == "later":
        due = (local_day + timedelta(days=rng.randint(10, 90))).astimezone(UTC)
    elif kind.startswith("done"):
        due = NOW + timedelta(days=rng.randint(-5, 10))
        status = "done"
        done_at = NOW - timedelta(
            hours=rng.randint(1, 20) if kind == "done" else rng.randint(30, 200)
        )
    deadline = rng.random() < 0.2
    created = NOW - timedelta(days=rng.randint(3, 90))
    return {
        "case_id": case_id,
        "number": number,
        "kind": "deadline" if deadline else "task",
        "title": f"{'File' if deadline else 'Draft'} item {number} of matter {case_id}",
        "assignee_id": user,
        "created_by": user,
        "due_at": due,
        "all_day": deadline and due is not None,
        "status": status,
        "created_at": created,
        "updated_at": done_at or created,
        "completed_at": done_at,
        "card_ts": f"{created.timestamp():.6f}",
    }


def _outbox(task: dict, channel: str, lead: str) -> list[dict]:
    """The task's card (sent) and its alert, overdue and lead_overdue rows."""
    base = {
        "team_id": TEAM,
        "case_id": task["case_id"],
        "task_id": task["id"],
        "attempts": 1,
        "payload": None,
    }
    created = task["created_at"]
    rows = [
        {
            **base,
            "key": f"task:{task['id']}:card",
            "kind": "task_card",
            "recipient": channel,
            "due_at": created,
            "status": "sent",
            "sent_at": created,
            "ts": task["card_ts"],
        }
    ]
    due = task["due_at"]
    if due is None:
        return rows
    key = due.strftime("%Y%m%dT%H%MZ")
    for kind, recipient, at in (
        ("alert:1d@09:00", task["assignee_id"], due - timedelta(days=1)),
        ("overdue", channel, due),
        ("lead_overdue", lead, due + timedelta(hours=24)),
    ):
        status = "cancelled" if task["status"] != "open" else "pending" if at > NOW else "sent"
        rows.append(
            {
                **base,
                "key": f"task:{task['id']}:{kind}:{key}",
                "kind": kind.split(":")[0],
                "recipient": recipient,
                "due_at": at,
                "status": status,
                "sent_at": at if status == "sent" else None,
                "ts": None,
            }
        )
    return rows


def fill(engine: Engine, *, cases: int, per_case: int) -> tuple[int, int]:
    """Cases with per_case tasks each, their outbox and audit rows; returns (tasks, outbox rows)."""
    rng = random.Random(11)
    users = [f"UBENCH{n:04d}" for n in range(200)]
    kinds = _kinds(per_case)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":  # bulk load: the rows are consistent by construction
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        _insert(
            conn,
            Workspace,
            [{"id": TEAM, "timezone": "America/New_York", "created_at": PLANNED_AT}],
        )
        _insert(
            conn,
            Case,
            [
                {
                    "team_id": TEAM,
                    "channel_id": f"CDIG{i:05d}",
                    "name": f"Matter {i} v. Others",
                    "matter_number": f"2026-CV-{i:04d}",
                    "lead_id": users[i % len(users)],
                    "jurisdiction": "US-FED",
                    "status": "open",
                    "created_by": users[i % len(users)],
                    "created_at": PLANNED_AT - timedelta(days=120),
                    "updated_at": PLANNED_AT - timedelta(days=120),
                    "next_task_number": per_case + 1,
                    "digest_time": "08:30",
                    "digest_days": "weekdays",
                }
                for i in range(cases)
            ],
        )
        found = conn.execute(select(col(Case.id), col(Case.channel_id), col(Case.lead_id))).all()
        by_id = {row.id: row for row in found}
        tasks = [
            _task(row.id, n + 1, kinds[n], rng.choice(users[:40]), rng)
            for row in found
            for n in range(per_case)
        ]
        _insert(conn, Task, tasks)
        ids = {
            (r.case_id, r.number): r.id
            for r in conn.execute(select(col(Task.id), col(Task.case_id), col(Task.number)))
        }
        rows, audit = [], []
        for task in tasks:
            task["id"] = ids[(task["case_id"], task["number"])]
            case = by_id[task["case_id"]]
            rows += _outbox(task, case.channel_id, case.lead_id)
            audit.append(
                {
                    "case_id": task["case_id"],
                    "task_id": task["id"],
                    "actor_id": task["created_by"],
                    "action": f"{task['kind']}.create",
                    "at": task["created_at"],
                    "after": None,
                }
            )
        for case in found:  # yesterday's digest, sent: `since` for today's
            rows.append(
                {
                    "key": f"digest:{case.channel_id}:2026-12-01",
                    "kind": "digest",
                    "team_id": TEAM,
                    "case_id": case.id,
                    "task_id": None,
                    "recipient": case.channel_id,
                    "due_at": LAST,
                    "status": "sent",
                    "sent_at": LAST,
                    "ts": f"{LAST.timestamp():.6f}",
                    "attempts": 1,
                    "payload": None,
                }
            )
        _insert(conn, Outbox, rows)
        _insert(conn, AuditEvent, audit)
        conn.commit()
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")  # the pool hands this connection on
    with session_scope(engine) as session:
        planned = digest_plan.plan_digests(session, now=PLANNED_AT)
    assert planned == cases, f"planned {planned} digests for {cases} cases"
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    return len(tasks), len(rows) + planned


def build(session: Session, row: Outbox) -> dict:
    """One channel's digest as sent: composed from the database, rendered as blocks."""
    notice = digests.compose(session, row=row, now=NOW)
    assert isinstance(notice, Notice), notice
    return digest_message(notice.content)


def build_alone(engine: Engine, row: Outbox) -> dict:
    """build() in a session of its own."""
    with session_scope(engine) as session:
        return build(session, row)


def time_one(engine: Engine, row: Outbox, n: int) -> list[float]:
    """Seconds for each of n builds of one channel's digest."""
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        build_alone(engine, row)
        samples.append(time.perf_counter() - t0)
    return samples


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """A migrated database: a temporary SQLite file, or a fresh schema in url (dropped after)."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="docket-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'docket.db'}"
        return
    if not url.startswith("postgresql"):
        yield url
        return
    with scratch_schema(url, "bench_digest") as scoped:
        yield scoped


def _summary(message: dict) -> str:
    """The digest's one-line text, e.g. '3 overdue, 2 due today, ...'."""
    return message["text"].split(": ", 1)[1]


def main() -> int:
    """Fill, then measure (a), (b) and (c) and print the ratios to (a)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--per-case", type=int, default=20)
    parser.add_argument("--single", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with database(args.database_url) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            t0 = time.perf_counter()
            tasks, outbox_rows = fill(engine, cases=args.cases, per_case=args.per_case)
            filled = time.perf_counter() - t0
            with session_scope(engine) as session:
                rows = session.scalars(
                    select(Outbox)
                    .where(col(Outbox.kind) == "digest", col(Outbox.status) == "pending")
                    .order_by(col(Outbox.due_at), col(Outbox.id))
                ).all()
            assert len(rows) == args.cases and all(r.due_at == NOW for r in rows), len(rows)
            one = rows[len(rows) // 2]
            for _ in range(3):
                sample = build_alone(engine, one)
            spots = {int((k + 0.5) * len(rows) / args.single) for k in range(args.single)}
            singles: list[float] = []
            each, laps = [], []
            for index, row in enumerate(rows):
                if index in spots:  # (a)'s builds, spread through the pass: drift hits both
                    singles += time_one(engine, one, 1)
                lap = time.perf_counter()
                each.append(build_alone(engine, row))
                laps.append(time.perf_counter() - lap)
            singles += time_one(engine, one, args.single - len(singles))
            separate = sum(laps)
            t0 = time.perf_counter()
            with session_scope(engine) as session:
                shared = [build(session, row) for row in rows]
            together = time.perf_counter() - t0
        finally:
            engine.dispose()
    assert [m["text"] for m in each] == [m["text"] for m in shared]
    blocks = sum(len(m["blocks"]) for m in each)
    single = statistics.median(singles)
    baseline = single * args.cases
    n = f"{args.cases:,}"
    print(
        f"{n} open cases x {args.per_case} tasks ({tasks:,} tasks, {outbox_rows:,} outbox rows), "
        f"{describe_url(args.database_url)}; filled in {filled:.1f} s"
    )
    print(f"one digest: {_summary(sample)}; {len(sample['blocks'])} blocks")
    print(
        f"{f'(a) one digest x {n}':<36} {baseline:7.2f} s   median of {args.single} builds "
        f"{single * 1000:.2f} ms (min {min(singles) * 1000:.2f}, max {max(singles) * 1000:.2f})"
    )
    print(
        f"{f'(b) all {n} digests, one pass':<36} {separate:7.2f} s   "
        f"ratio (b)/(a) {separate / baseline:.2f}x   per digest: mean "
        f"{separate / args.cases * 1000:.2f} ms, median {statistics.median(laps) * 1000:.2f} ms"
    )
    print(
        f"{'(c) the same pass in one session':<36} {together:7.2f} s   "
        f"ratio (c)/(a) {together / baseline:.2f}x   (as Sender.deliver composes a batch)"
    )
    print(f"({blocks:,} blocks rendered per pass)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
