"""A case feed with repeating tasks: each as one RRULE item, against a year of copies, one run.

The database (a temporary SQLite file) holds one case with --series repeating tasks (half
"every Monday", all-day; half "every other Friday 3pm", timed), each with its first occurrence
made, through the same services /task uses. Each figure is the median of --repeat runs:
(a) baseline: copies — every occurrence of the next --days as its own VEVENT (the series'
    occurrences worked out with bot.dates.occurrences, then ical.render), as a feed without
    RRULE support would have to;
(b) the feed Docket serves — feeds.read (rules, EXDATEs, court-holiday overrides) + ical.render.
Printed: feed bytes b/a and time b/a. Usage: python bench/feed_repeats.py [--series 40]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import select  # noqa: E402

from bench.feeds_and_desk import _median  # noqa: E402
from bot import ical  # noqa: E402
from bot.dates.occurrences import following  # noqa: E402
from bot.dates.recurrence import Rule, read_rule  # noqa: E402
from bot.db import make_engine, migrate, session_scope  # noqa: E402
from bot.models import CalendarFeed, Case, ChannelMember, Series, Task, Workspace  # noqa: E402
from bot.services import feeds, series  # noqa: E402
from bot.services.series import spec_of  # noqa: E402
from bot.vocab import FeedScope, TaskKind  # noqa: E402

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
USER, TZ, HOST = "U0BENCH", "America/New_York", "docket.bench"


def _seed(engine, count: int) -> None:
    with session_scope(engine) as session:
        session.add(Workspace(id="T1", created_at=NOW))
        session.flush()
        case = Case(id=1, team_id="T1", channel_id="C1", name="Bench v. Mark", lead_id=USER,
                    created_by=USER, created_at=NOW, updated_at=NOW)  # fmt: skip
        session.add(case)
        session.flush()
        session.add(ChannelMember(channel_id="C1", user_id=USER))
        session.add(CalendarFeed(token="bench-token", user_id=USER, team_id="T1",
                                 scope=FeedScope.CASE, case_id=1, created_at=NOW))  # fmt: skip
        session.flush()
        for n in range(count):
            phrase = "every Monday" if n % 2 == 0 else "every other Friday 3pm"
            rule = read_rule(phrase, now=NOW, tz=TZ)
            assert isinstance(rule, Rule)
            series.start(session, case=case, rule=rule, title=f"repeat {n}", kind=TaskKind.TASK,
                         person=USER, actor_id=USER, now=NOW, day_due_time=clock(17))  # fmt: skip


def _copies(engine, days: int) -> bytes:
    """Every occurrence up to `days` ahead as a task of its own, rendered as today's feed is."""
    end = NOW + timedelta(days=days)
    with session_scope(engine) as session:
        feed = feeds.read(session, token="bench-token", now=NOW)
        assert feed is not None
        items = []
        for rep in feed.repeats:
            spec, due_time = spec_of(rep.series), rep.series.day_due_time
            template = rep.made[0][1]
            occ = following(spec, after=None, due_time=due_time)
            number = 1000
            while occ is not None and occ.due <= end:
                number += 1
                task = Task(**{**template.task.model_dump(), "id": number, "number": number,
                               "due_at": occ.due, "due_date": occ.day if occ.all_day else None,
                               "slot": occ.slot})  # fmt: skip
                items.append(replace(template, task=task, alarms=()))
                occ = following(spec, after=occ.slot, due_time=due_time)
        flat = feeds.Feed(name=feed.name, items=items, owner=feed.owner)
        return ical.render(flat, now=NOW, host=HOST)


def _rules(engine) -> bytes:
    with session_scope(engine) as session:
        feed = feeds.read(session, token="bench-token", now=NOW)
        assert feed is not None
        return ical.render(feed, now=NOW, host=HOST)


def main() -> None:
    """Seed, time (a) and (b), print the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=40)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(engine)
        _seed(engine, args.series)
        with session_scope(engine) as session:
            assert len(session.exec(select(Series)).all()) == args.series
        copies, rules = _copies(engine, args.days), _rules(engine)
        t_copies = _median(lambda: _copies(engine, args.days), args.repeat)
        t_rules = _median(lambda: _rules(engine), args.repeat)
    n = args.series
    print(f"{n} series, a year ahead: copies {len(copies):,} bytes, rules {len(rules):,} bytes")
    print(f"feed size, RRULE / copies: {len(rules) / len(copies):.2f}x")
    print(f"feed time, RRULE / copies: {t_rules / t_copies:.2f}x ({t_copies * 1000:.0f} ms base)")


if __name__ == "__main__":
    main()
