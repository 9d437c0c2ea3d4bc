"""Repeating tasks: what a repeat costs, as ratios against the plain thing in the same run.

    python bench/recurrence.py [--rounds N] [--series N]

1. Reading: read_rule on repeat phrases vs parse_when on one-off phrases (per phrase).
2. Adding: tasks.add of a repeating task (series row + first occurrence) vs a one-off task.
3. The clock: series.next_due and series.advance_due with N idle series vs with 10.
Uses a scratch SQLite file. Run by hand, never from tests.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore", category=DeprecationWarning)

from sqlmodel import Session  # noqa: E402

from bot.dates.reader import parse_when, warm_up  # noqa: E402
from bot.dates.recurrence import Rule, read_rule  # noqa: E402
from bot.db import make_engine, migrate, session_scope  # noqa: E402
from bot.models import Case, Workspace  # noqa: E402
from bot.services import series, tasks  # noqa: E402
from bot.services.whens import Reading  # noqa: E402
from bot.vocab import TaskKind  # noqa: E402

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=NY)
REPEATS = [
    "every Friday", "every other Monday at 9am", "every 2 weeks", "weekly", "monthly",
    "the first business day of each month", "every 30 days from Dec 1", "every Friday until Jan 15",
    "every weekday at 8:30am", "the last Friday of every month", "every year on Dec 25",
    "quarterly", "every court day", "every month on the 15th at 9:30", "every Monday 4 times",
]  # fmt: skip
ONE_OFF = [
    "Friday", "next Monday at 9am", "in 2 weeks", "Dec 2", "Dec 25",
    "first Monday of next month", "30 days after Dec 1", "Jan 15", "tomorrow 8:30am",
    "Dec 31", "in 3 months", "in 3 business days", "Dec 15 9:30", "Monday", "Tuesday 5pm",
]  # fmt: skip


def _per_call(fn, items: list, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for item in items:
            fn(item)
    return (time.perf_counter() - start) / (rounds * len(items))


def _case(session: Session, n: int) -> Case:
    case = Case(team_id="T1", channel_id=f"C{n}", name=f"Case {n}", created_by="U1",
                lead_id="U1", created_at=NOW, updated_at=NOW)  # fmt: skip
    session.add(case)
    session.flush()
    return case


def main(argv: list[str] | None = None) -> int:
    """Measure and print each cost against its baseline."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--series", type=int, default=2000)
    args = ap.parse_args(argv)
    warm_up()
    tz = "America/New_York"
    rule = _per_call(lambda p: read_rule(p, now=NOW, tz=tz), REPEATS, args.rounds)
    once = _per_call(lambda p: parse_when(p, now=NOW, tz=tz), ONE_OFF, args.rounds)
    print(f"1. read_rule {rule * 1e3:.2f} ms/phrase, parse_when {once * 1e3:.2f} ms/phrase:")
    print(f"   a repeat costs {rule / once:.2f}x a one-off date to read")

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        migrate(engine)
        with session_scope(engine) as s:
            s.add(Workspace(id="T1", created_at=NOW))
            s.flush()
            _case(s, 0)
        reading = Reading(NOW, tz)
        n = [0]

        def add(text: str) -> None:
            n[0] += 1
            with session_scope(engine) as s:
                tasks.add(s, channel_id="C0", actor_id="U1", text=text, assignees=[],
                          members={"U1"}, reading=reading)  # fmt: skip

        texts = [f"check the docket {p}" for p in REPEATS]
        plain = [f"file the brief by {p}" for p in ONE_OFF]
        a = _per_call(add, texts, max(1, args.rounds // 5))
        b = _per_call(add, plain, max(1, args.rounds // 5))
        print(f"2. /task with a repeat {a * 1e3:.1f} ms, one-off {b * 1e3:.1f} ms:")
        print(f"   a repeating task costs {a / b:.2f}x a one-off to add")

        def clock() -> None:
            with session_scope(engine) as s:
                series.next_due(s)
                series.advance_due(s, now=NOW + timedelta(minutes=1))

        small = _per_call(lambda _: clock(), [0], 50)
        got = read_rule("every Friday", now=NOW, tz=tz)
        assert isinstance(got, Rule)
        with session_scope(engine) as s:
            for i in range(args.series):
                case = _case(s, i + 1)
                series.start(s, case=case, rule=got, title="t", kind=TaskKind.TASK,
                             person="U1", actor_id="U1", now=NOW,
                             day_due_time=reading.default_due_time)  # fmt: skip
        big = _per_call(lambda _: clock(), [0], 50)
        print(f"3. idle clock tick with {args.series + len(texts)} series {big * 1e3:.2f} ms, "
              f"with {len(texts)} {small * 1e3:.2f} ms: {big / small:.2f}x")  # fmt: skip
        engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
