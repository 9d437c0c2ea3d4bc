"""Ack latency of /case through the sandbox vs a Bolt app whose handler only acks (same run).

Both apps run behind the same waitress server and are driven by the same signing driver over
loopback, so the ratio isolates what Docket adds: its middleware, parsing and one DB session.

Then, in the same run, the latency of `/case`, `/task list` and `/task TITLE by Dec 20` (each adds
a task) on an empty database and on one filled with --tasks tasks (default 50,000) spread over
--cases cases (default 500), with their outbox and audit rows, the bench channel's own case
holding --case-tasks of them (default 100); it prints a ratio (filled / empty) per command.
The database is a temporary SQLite file, or --database-url (PostgreSQL: each run builds its data
in schemas of its own and drops them afterwards).
Usage: python bench/ack_latency.py [N] [--tasks 50000] [--cases 500] [--case-tasks 100]
       [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slack_bolt import App  # noqa: E402
from sqlalchemy import func, insert, select, text, update  # noqa: E402
from sqlmodel import SQLModel, col  # noqa: E402

from bot.db import describe_url, scratch_schema  # noqa: E402
from bot.models import AuditEvent, Case, Outbox, Task  # noqa: E402
from bot.slack.app import make_client  # noqa: E402
from bot.slack.web import BotServer  # noqa: E402
from sandbox.driver import Driver, Reply  # noqa: E402
from sandbox.world import World  # noqa: E402

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
NOW = START.astimezone(UTC)
TEAM = "T0SANDBOX"  # the driver's team id: /case new creates this workspace row
WARMUP = 5
BATCH = 5000


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


# -- the filled database ----------------------------------------------------------------------


@dataclass
class Filled:
    """What fill() put in the database."""

    tasks: int = 0
    cases: int = 0
    outbox: int = 0
    pending: int = 0
    seconds: float = 0.0


def _insert(conn, table: type[SQLModel], rows: list[dict]) -> None:
    """Executemany in batches."""
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start : start + BATCH])


def _task_rows(case_id: int, count: int, users: list[str], rng: random.Random) -> list[dict]:
    """count tasks of one case: ~75% due ahead, 5% overdue, 10% undated, 10% done."""
    rows = []
    for number in range(1, count + 1):
        roll = rng.random()
        status, done_at, all_day = "open", None, False
        if roll < 0.10:
            due = None
        elif roll < 0.15:
            due = NOW - timedelta(hours=rng.randint(1, 30 * 24))
        elif roll < 0.25:
            due = NOW + timedelta(hours=rng.randint(-20 * 24, 60 * 24))
            status, done_at = "done", NOW - timedelta(hours=rng.randint(1, 20 * 24))
        else:
            due = NOW + timedelta(hours=rng.randint(1, 120 * 24))
        kind = "deadline" if rng.random() < 0.2 else "task"
        if kind == "deadline" and due is not None:
            all_day = True
            due = due.replace(hour=22, minute=0, second=0, microsecond=0)  # 5 PM EST
        created = NOW - timedelta(days=rng.randint(1, 90))
        rows.append(
            {
                "case_id": case_id,
                "number": number,
                "kind": kind,
                "title": f"{'File' if kind == 'deadline' else 'Draft'} item {number} of {case_id}",
                "assignee_id": rng.choice(users),
                "created_by": users[0],
                "due_at": due,
                "all_day": all_day,
                "status": status,
                "created_at": created,
                "updated_at": done_at or created,
                "completed_at": done_at,
            }
        )
    return rows


def _outbox_rows(task: dict, channel: str, lead: str) -> list[dict]:
    """The card (sent) and the alert, overdue and lead_overdue rows a task owes."""
    tid, due = task["id"], task["due_at"]
    base = {
        "team_id": TEAM,
        "case_id": task["case_id"],
        "task_id": tid,
        "attempts": 0,
        "sent_at": None,
        "ts": None,
        "payload": None,
    }
    rows = [
        {
            **base,
            "key": f"task:{tid}:card",
            "kind": "task_card",
            "recipient": channel,
            "due_at": task["created_at"],
            "status": "sent",
            "sent_at": task["created_at"],
            "ts": f"{task['created_at'].timestamp():.6f}",
            "attempts": 1,
        }
    ]
    if due is None:
        return rows
    key = due.strftime("%Y%m%dT%H%MZ")
    planned = (
        (f"task:{tid}:alert:1d@09:00:{key}", "alert", task["assignee_id"], due - timedelta(days=1)),
        (f"task:{tid}:overdue:{key}", "overdue", channel, due),
        (f"task:{tid}:lead_overdue:{key}", "lead_overdue", lead, due + timedelta(hours=24)),
    )
    for row_key, kind, recipient, at in planned:
        if task["status"] != "open":
            status = "cancelled"
        else:
            status = "pending" if at > NOW else "sent"
        rows.append(
            {
                **base,
                "key": row_key,
                "kind": kind,
                "recipient": recipient,
                "due_at": at,
                "status": status,
                "sent_at": at if status == "sent" else None,
                "payload": '{"offset": "1d@09:00"}' if kind == "alert" else None,
            }
        )
    return rows


def fill(world: World, *, bench_channel: str, tasks: int, cases: int, case_tasks: int) -> Filled:
    """Insert tasks over cases (the bench channel's case gets case_tasks), with outbox and audit."""
    t0 = time.perf_counter()
    rng = random.Random(7)
    assert world.engine is not None
    engine = world.engine
    users = [f"UFILL{n:04d}" for n in range(40)]
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":  # bulk load: the rows are consistent by construction
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        bench = conn.execute(select(Case).where(col(Case.channel_id) == bench_channel)).one()
        channels = {bench.id: (bench_channel, bench.lead_id)}
        others = cases - 1
        per_case = [
            (tasks - case_tasks) // others + (i < (tasks - case_tasks) % others)
            for i in range(others)
        ]
        ts = NOW - timedelta(days=120)
        _insert(
            conn,
            Case,
            [
                {
                    "team_id": TEAM,
                    "channel_id": f"CFILL{i:05d}",
                    "name": f"Matter {i} v. Others",
                    "matter_number": f"2026-CV-{i:04d}",
                    "lead_id": users[i % len(users)],
                    "jurisdiction": "US-FED",
                    "status": "open",
                    "created_by": users[i % len(users)],
                    "created_at": ts,
                    "updated_at": ts,
                    "next_task_number": per_case[i] + 1,
                    "digest_time": "08:30",
                    "digest_days": "weekdays",
                }
                for i in range(others)
            ],
        )
        for row in conn.execute(
            select(col(Case.id), col(Case.channel_id), col(Case.lead_id)).where(
                col(Case.id) != bench.id
            )
        ):
            channels[row.id] = (row.channel_id, row.lead_id)
        counts = {bench.id: case_tasks}
        for case_id, (channel, _) in channels.items():
            if case_id != bench.id:
                counts[case_id] = per_case[int(channel[5:])]
        bench_users = [bench.lead_id] * 3 + users[:2]
        task_rows = []
        for case_id, count in counts.items():
            task_rows += _task_rows(
                case_id, count, bench_users if case_id == bench.id else users, rng
            )
        _insert(conn, Task, task_rows)
        conn.execute(
            update(Case).where(col(Case.id) == bench.id).values(next_task_number=case_tasks + 1)
        )
        ids = {
            (r.case_id, r.number): r.id
            for r in conn.execute(select(col(Task.id), col(Task.case_id), col(Task.number)))
        }
        outbox_rows, audit_rows = [], []
        for task in task_rows:
            task["id"] = ids[(task["case_id"], task["number"])]
            channel, lead = channels[task["case_id"]]
            outbox_rows += _outbox_rows(task, channel, lead)
            audit_rows.append(
                {
                    "case_id": task["case_id"],
                    "task_id": task["id"],
                    "actor_id": task["created_by"],
                    "action": f"{task['kind']}.create",
                    "at": task["created_at"],
                    "after": f'{{"title": "{task["title"]}"}}',
                }
            )
        _insert(conn, Outbox, outbox_rows)
        _insert(conn, AuditEvent, audit_rows)
        conn.commit()
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")  # the pool hands this connection on
        else:
            conn.execute(text("ANALYZE"))
            conn.commit()
        total = conn.execute(select(func.count()).select_from(Task)).scalar_one()
    pending = sum(1 for r in outbox_rows if r["status"] == "pending")
    return Filled(total, cases, len(outbox_rows), pending, time.perf_counter() - t0)


# -- the commands -----------------------------------------------------------------------------


@contextmanager
def database(url: str | None) -> Iterator[str | None]:
    """None (World's own SQLite file), or url inside a fresh PostgreSQL schema dropped after."""
    if url is None or not url.startswith("postgresql"):
        yield url
        return
    with scratch_schema(url, "bench_ack") as scoped:
        yield scoped


def _bench_count(world: World, channel: str) -> int:
    """How many tasks the channel's case holds."""
    assert world.engine is not None
    with world.engine.connect() as conn:
        query = select(func.count()).select_from(Task).join(Case, col(Case.id) == col(Task.case_id))
        return conn.execute(query.where(col(Case.channel_id) == channel)).scalar_one()


@dataclass
class Setup:
    """One started world with the bench channel's case, and the commands to time in it."""

    world: World
    channel: str
    commands: dict[str, Callable[[], Reply]]
    tasks_before: int
    filled: Filled


def prepare(stack: ExitStack, url: str | None, size: dict | None) -> Setup:
    """A world on a fresh database (stopped and dropped by stack), filled when size is given."""
    db_url = stack.enter_context(database(url))
    world = World(start=START, database_url=db_url).start()
    stack.callback(world.stop)
    assert world.driver
    drv = world.driver
    user = world.slack.add_user("alice").id
    channel = world.slack.add_channel("smith-v-jones").id
    world.slack.join(user, channel)
    world.slack.join(world.slack.bot_user_id, channel)
    world.slack.join(world.slack.add_user("bob").id, channel)

    def run(command: str, text: str) -> Reply:
        return drv.command(user_id=user, channel_id=channel, command=command, text=text)

    reply = run("/case", "new Smith v. Jones 2026-CV-0142")
    assert "Smith" in reply.body, reply.body
    filled = fill(world, bench_channel=channel, **size) if size else Filled()
    titles = iter(range(1_000_000))
    commands: dict[str, Callable[[], Reply]] = {
        "/case": lambda: run("/case", ""),
        "/task list": lambda: run("/task", "list"),
        "/task TITLE by Dec 20": lambda: run("/task", f"review exhibit {next(titles)} by Dec 20"),
    }
    return Setup(world, channel, commands, _bench_count(world, channel), filled)


def compare(url: str | None, n: int, sizes: list[dict | None]) -> tuple[list[dict], list[Filled]]:
    """Samples per command and database, taken in turns so that load drift hits all alike."""
    with ExitStack() as stack:
        setups = [prepare(stack, url, size) for size in sizes]
        samples: list[dict[str, list[float]]] = [{} for _ in setups]
        for name in setups[0].commands:
            for setup in setups:
                _time(setup.commands[name], WARMUP)
            for _ in range(n):
                for setup, found in zip(setups, samples, strict=True):
                    found.setdefault(name, []).extend(_time(setup.commands[name], 1))
        for setup in setups:
            added = _bench_count(setup.world, setup.channel) - setup.tasks_before
            assert added == n + WARMUP, f"/task added {added} tasks, expected {n + WARMUP}"
            answer = setup.commands["/case"]().body
            assert "Open tasks" in answer, answer
    return samples, [setup.filled for setup in setups]


def main() -> int:
    """Run both, print medians and the ratio; then the empty vs filled database comparison."""
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=100)
    parser.add_argument("--tasks", type=int, default=50_000)
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--case-tasks", type=int, default=100)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 1"
    assert args.cases >= 2 and args.tasks >= args.case_tasks
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

    size = {"tasks": args.tasks, "cases": args.cases, "case_tasks": args.case_tasks}
    alone = {"tasks": args.case_tasks, "cases": 2, "case_tasks": args.case_tasks}
    (empty, case_only, full), (_, _, filled) = compare(
        args.database_url, args.n, [None, alone, size]
    )
    big = f"{filled.tasks:,}"
    print()
    print(
        f"empty database vs {big} tasks in {filled.cases:,} cases ({args.case_tasks} in this "
        f"channel's case), {filled.outbox:,} outbox rows ({filled.pending:,} pending); "
        f"{describe_url(args.database_url)}; filled in {filled.seconds:.1f} s"
    )
    print(
        f"{'median / p95 ms':<22} {'empty':>13} {f'case only ({args.case_tasks})':>17} "
        f"{big + ' tasks':>15}  {big + ' / empty':>15}  {'/ case only':>11}  {'/ ack-only':>10}"
    )
    for name in empty:
        runs = [empty[name], case_only[name], full[name]]
        med = [statistics.median(r) * 1000 for r in runs]
        p95 = [_p95(r) for r in runs]
        print(
            f"{name:<22} {med[0]:6.1f} /{p95[0]:5.1f} {med[1]:10.1f} /{p95[1]:5.1f} "
            f"{med[2]:8.1f} /{p95[2]:5.1f}  {med[2] / med[0]:7.2f}x /{p95[2] / p95[0]:5.2f}x"
            f"  {med[2] / med[1]:5.2f}x /{p95[2] / p95[1]:5.2f}x  {med[2] / b:9.1f}x"
        )
    print(
        f"(n={args.n} each after {WARMUP} warm-up requests, the three databases in turns; "
        f"'case only' holds just this channel's {args.case_tasks} tasks)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
