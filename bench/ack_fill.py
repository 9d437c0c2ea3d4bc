"""A filled Docket database for benches: N tasks over M cases, with their outbox and audit rows.

Rows are inserted in bulk (consistent by construction): ~75% of tasks due ahead, 5% overdue, 10%
undated, 10% done; each with its sent card and its pending or sent alert, overdue and lead rows.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text, update
from sqlmodel import SQLModel, col

from bot.models import AuditEvent, Case, Outbox, Task

START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
NOW = START.astimezone(UTC)
TEAM = "T0SANDBOX"  # the driver's team id: /case new creates this workspace row
BATCH = 5000


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


def _task_rows(
    case_id: int, count: int, users: list[str], rng: random.Random, now: datetime
) -> list[dict]:
    """count tasks of one case: ~75% due ahead, 5% overdue, 10% undated, 10% done."""
    rows = []
    for number in range(1, count + 1):
        roll = rng.random()
        status, done_at, all_day = "open", None, False
        if roll < 0.10:
            due = None
        elif roll < 0.15:
            due = now - timedelta(hours=rng.randint(1, 30 * 24))
        elif roll < 0.25:
            due = now + timedelta(hours=rng.randint(-20 * 24, 60 * 24))
            status, done_at = "done", now - timedelta(hours=rng.randint(1, 20 * 24))
        else:
            due = now + timedelta(hours=rng.randint(1, 120 * 24))
        kind = "deadline" if rng.random() < 0.2 else "task"
        if kind == "deadline" and due is not None:
            all_day = True
            due = due.replace(hour=22, minute=0, second=0, microsecond=0)  # 5 PM EST
        created = now - timedelta(days=rng.randint(1, 90))
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


def _outbox_rows(task: dict, channel: str, lead: str, now: datetime) -> list[dict]:
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
            status = "pending" if at > now else "sent"
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


def fill(
    world: Any,
    *,
    bench_channel: str,
    tasks: int,
    cases: int,
    case_tasks: int,
    now: datetime = NOW,
) -> Filled:
    """Insert tasks over cases (the bench channel's case gets case_tasks), with outbox and audit.

    Dated around now (an app on the system clock must find nothing of it due yet).
    """
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
        ts = now - timedelta(days=120)
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
                col(Case.channel_id).startswith("CFILL")  # cases the bench opened stay as made
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
                case_id, count, bench_users if case_id == bench.id else users, rng, now
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
            outbox_rows += _outbox_rows(task, channel, lead, now)
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
