"""Migrations carry existing rows over: old-shaped rows at 0001 read right at head, and back."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import Session, SQLModel, col, select

from bot.db import alembic_config, make_engine, scratch_schema
from bot.models import AlertPolicy, Case, Outbox, Task
from bot.offsets import read_offsets
from bot.services.digest_schedule import case_schedule
from bot.services.policy import Policy, effective
from tests.conftest import PG_ENV

pytestmark = pytest.mark.db
NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
OLD_POLICY = {
    "task": "2d@10:00,3h",
    "deadline": "7d@09:00,0d@08:00",
    "lead_delay_task": 7200.0,
    "lead_delay_deadline": 0.0,
    "quiet_start": "20:00",
    "quiet_end": "07:30",
    "morning": "08:45",
}


@pytest.fixture
def fresh(tmp_path) -> Iterator[Engine]:
    """An empty database of its own (SQLite, or a scratch PostgreSQL schema)."""
    pg = os.environ.get(PG_ENV)
    if not pg:
        engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
        yield engine
        engine.dispose()
        return
    with scratch_schema(pg, "docket_migr") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def _old_rows(engine: Engine) -> None:
    """Rows as revision 0001 wrote them: encoded digest days, JSON alert settings."""
    cases = [
        ("C1", "weekdays:always", '{"deadline": "2d@10:00,0d@08:00"}'),
        ("C2", "daily", '{"task": "1h"}'),
        ("C3", "off", None),
    ]
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO workspace (id, timezone, created_at) VALUES ('T1', 'UTC', :at)"),
            {"at": NOW.replace(tzinfo=None)},
        )
        for channel, days, offsets in cases:
            conn.execute(
                text(
                    'INSERT INTO "case" (team_id, channel_id, name, jurisdiction, status, '
                    "created_by, created_at, updated_at, next_task_number, digest_time, "
                    "digest_days, alert_offsets) VALUES ('T1', :ch, :ch, 'US-FED', 'open', "
                    "'U1', :at, :at, 1, '08:30', :days, :offsets)"
                ),
                {"ch": channel, "at": NOW.replace(tzinfo=None), "days": days, "offsets": offsets},
            )
        conn.execute(
            text("INSERT INTO appsetting (key, value) VALUES ('alert_policy', :v)"),
            {"v": json.dumps(OLD_POLICY)},
        )


def test_typed_settings_migration_carries_old_rows_over_and_back(fresh):
    cfg = alembic_config(fresh)
    command.upgrade(cfg, "0001")
    _old_rows(fresh)
    command.upgrade(cfg, "head")
    with Session(fresh) as session:
        by_channel = {c.channel_id: c for c in session.exec(select(Case))}
        c1, c2, c3 = by_channel["C1"], by_channel["C2"], by_channel["C3"]
        assert (c1.digest_days, c1.digest_always) == ("weekdays", True)
        assert (c2.digest_days, c2.digest_always) == ("daily", False)
        assert (c3.digest_days, c3.digest_always) == ("off", False)
        assert case_schedule(c1).always and not case_schedule(c2).always
        assert c1.task_alerts is None and c1.deadline_alerts == read_offsets("2d@10:00, 0d@08:00")
        assert c2.task_alerts == read_offsets("1h") and c2.deadline_alerts is None
        assert c3.task_alerts is None and c3.deadline_alerts is None
        stored = session.get(AlertPolicy, "default")
        assert stored is not None
        policy = effective(session, case=c3)
        assert policy == Policy(
            task=read_offsets("2d@10:00,3h"),
            deadline=read_offsets("7d@09:00,0d@08:00"),
            lead_delay_task=timedelta(hours=2),
            lead_delay_deadline=timedelta(0),
            quiet_start=time(20, 0),
            quiet_end=time(7, 30),
            morning=time(8, 45),
        )
        assert effective(session, case=c1).deadline == read_offsets("2d@10:00,0d@08:00")
        assert effective(session, case=c1).task == read_offsets("2d@10:00,3h")
    command.downgrade(cfg, "0001")
    with fresh.connect() as conn:
        back = dict(conn.execute(text('SELECT channel_id, digest_days FROM "case"')).all())
        offsets = dict(conn.execute(text('SELECT channel_id, alert_offsets FROM "case"')).all())
        policy_json = conn.execute(text("SELECT value FROM appsetting")).scalar_one()
    assert back == {"C1": "weekdays:always", "C2": "daily", "C3": "off"}
    assert json.loads(offsets["C1"]) == {"deadline": "2d@10:00,0d@08:00"}
    assert json.loads(offsets["C2"]) == {"task": "1h"} and offsets["C3"] is None
    assert json.loads(policy_json) == OLD_POLICY


def test_a_database_without_a_stored_policy_migrates_to_the_defaults(fresh):
    cfg = alembic_config(fresh)
    command.upgrade(cfg, "head")
    with Session(fresh) as session:
        assert session.get(AlertPolicy, "default") is None
        case = Case(team_id="T1", channel_id="C9", name="x", created_by="U1")
        assert effective(session, case=case) == Policy()


def test_the_models_match_the_migrations(fresh):
    command.upgrade(alembic_config(fresh), "head")
    with fresh.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_date_only_migration_moves_old_all_day_tasks_to_the_court_day(fresh):
    cfg = alembic_config(fresh)
    command.upgrade(cfg, "0006")
    five_pm_london = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)  # typed in London, old style
    with fresh.begin() as conn:
        conn.execute(
            text("INSERT INTO workspace (id, timezone, created_at) VALUES ('T1', :tz, :at)"),
            {"tz": "America/New_York", "at": NOW.replace(tzinfo=None)},
        )
        for channel, court in (("C1", "US-FED"), ("C2", "US-CA")):
            conn.execute(
                text(
                    'INSERT INTO "case" (team_id, channel_id, name, jurisdiction, status, '
                    "created_by, created_at, updated_at, next_task_number, digest_time, "
                    "digest_days, digest_always) VALUES ('T1', :ch, :ch, :court, 'open', 'U1', "
                    ":at, :at, 2, '08:30', 'weekdays', false)"
                ),
                {"ch": channel, "court": court, "at": NOW.replace(tzinfo=None)},
            )
        for case_id in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO task (case_id, number, kind, title, created_by, due_at, all_day, "
                    "status, created_at, updated_at) VALUES (:c, 1, 'deadline', 'Reply', 'U1', "
                    ":due, true, 'open', :at, :at)"
                ),
                {"c": case_id, "due": five_pm_london.replace(tzinfo=None), "at": NOW},
            )
        conn.execute(
            text(
                "INSERT INTO outbox (key, kind, team_id, case_id, task_id, recipient, due_at, "
                "status, attempts, late) VALUES ('k1', 'overdue', 'T1', 1, 1, 'C1', :due, "
                "'pending', 0, false)"
            ),
            {"due": five_pm_london.replace(tzinfo=None)},
        )
    command.upgrade(cfg, "head")
    with Session(fresh) as session:
        fed, ca = session.exec(select(Task).order_by(col(Task.case_id))).all()
        assert fed.due_date == ca.due_date == date(2026, 12, 7)
        assert (fed.due_zone, ca.due_zone) == ("America/New_York", "America/Los_Angeles")
        assert fed.due_at == datetime(2026, 12, 8, 5, 0, tzinfo=UTC)  # midnight Eastern
        assert ca.due_at == datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # midnight Pacific
        row = session.exec(select(Outbox)).one()
        assert row.due_at == fed.due_at  # the overdue notice moved with it
    command.downgrade(cfg, "0006")
    with fresh.connect() as conn:
        back = conn.execute(text("SELECT due_at FROM task ORDER BY case_id")).scalars().all()
    assert str(back[0]).startswith("2026-12-07 22:00")  # 5 PM Eastern on the same day


OLD_TITLES = {  # as rows written before 0f12102 hold them -> as the code stores them now
    "<!channel> review the privilege log": "@channel review the privilege log",
    "tell <!here> the hearing moved": "tell @here the hearing moved",
    "call <@U2|pat> about the hearing": "call @pat about the hearing",
    "ping <@U3> and <!subteam^S1|@lawyers>": "ping @Dana Whit and @lawyers",
    "file it in <#C1|smith-v-jones> & serve": "file it in #smith-v-jones & serve",
    "<@U9|gone> tells <!subteam^S2> and <@U8>": "@gone tells @subteam and @someone",
    "a < b, as typed": "a < b, as typed",
}
PROFILES = {"U2": "pat", "U3": "Dana Whit"}  # U8, U9: never seen


def _readable_titles():
    """The migration's frozen rewrite (its module name starts with a digit)."""
    import importlib.util

    path = os.path.join(
        os.path.dirname(__file__), "..", "bot", "migrations", "versions", "0009_readable_titles.py"
    )
    spec = importlib.util.spec_from_file_location("migration_0009", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.readable


def test_readable_titles_migration_rewrites_old_tokens_as_the_code_stores_them(fresh):
    cfg = alembic_config(fresh)
    command.upgrade(cfg, "0008")
    at = NOW.replace(tzinfo=None)
    with fresh.begin() as conn:
        conn.execute(
            text("INSERT INTO workspace (id, timezone, created_at) VALUES ('T1', 'UTC', :at)"),
            {"at": at},
        )
        conn.execute(
            text(
                'INSERT INTO "case" (team_id, channel_id, name, jurisdiction, status, '
                "created_by, created_at, updated_at, next_task_number, digest_time, "
                "digest_days, digest_always) VALUES ('T1', 'C1', 'Smith', 'US-FED', 'open', "
                "'U1', :at, :at, 9, '08:30', 'weekdays', false)"
            ),
            {"at": at},
        )
        for user, name in PROFILES.items():
            conn.execute(
                text(
                    "INSERT INTO userprofile (id, name, deleted, is_bot, fetched_at) "
                    "VALUES (:id, :name, false, false, :at)"
                ),
                {"id": user, "name": name, "at": at},
            )
        for number, title in enumerate(OLD_TITLES, start=1):
            conn.execute(
                text(
                    "INSERT INTO task (case_id, number, kind, title, notes, created_by, all_day, "
                    "status, created_at, updated_at) VALUES (1, :n, 'task', :title, :notes, "
                    "'U1', false, 'open', :at, :at)"
                ),
                {
                    "n": number,
                    "title": title,
                    "notes": "From the thread:\n<!here> &amp; <@U2|pat>" if number == 1 else None,
                    "at": at,
                },
            )
        conn.execute(
            text(
                "INSERT INTO series (case_id, purpose, kind, title, created_by, rrule, start, "
                "day_due_time, zone, court, roll, weekends_ok, status, created_at, updated_at) "
                "VALUES (1, 'task', 'task', '<!channel> status to <@U2|pat>', 'U1', "
                "'FREQ=WEEKLY', :day, '17:00', 'UTC', 'US-FED', 'forward', false, 'active', "
                ":at, :at)"
            ),
            {"day": date(2026, 12, 4), "at": at},
        )

    def stored() -> tuple[list[str], str | None, str]:
        with fresh.connect() as conn:
            titles = conn.execute(text("SELECT title FROM task ORDER BY number")).scalars().all()
            notes = conn.execute(text("SELECT notes FROM task WHERE number = 1")).scalar_one()
            series = conn.execute(text("SELECT title FROM series")).scalar_one()
        return list(titles), notes, series

    command.upgrade(cfg, "head")
    titles, notes, series = stored()
    assert titles == list(OLD_TITLES.values())
    assert notes == "From the thread:\n@here &amp; @pat"  # stored text is not unescaped twice
    assert series == "@channel status to @pat"
    command.downgrade(cfg, "0008")  # documented no-op: the readable rows stay
    assert stored() == (titles, notes, series)
    command.upgrade(cfg, "head")  # and running it again changes nothing
    assert stored() == (titles, notes, series)


def test_the_frozen_rewrite_matches_what_the_code_stores_now():
    """0009 holds a copy of Request.named + commands.plain_text as they were. When this fails
    after a change to those, the stored form changed: leave 0009 alone and write a migration
    for the rows stored before your change."""
    from types import SimpleNamespace

    from bot.handlers.common import Request

    def profile(user_id: str):
        name = PROFILES.get(user_id)
        return SimpleNamespace(name=name) if name else None

    request = SimpleNamespace(directory=SimpleNamespace(profile=profile))
    readable = _readable_titles()
    for old, new in OLD_TITLES.items():
        typed = old.replace("&", "&amp;").replace("< ", "&lt; ")  # as Slack sends the command
        assert Request.named(request, typed) == readable(old, PROFILES) == new


def test_post_lanes_migration_makes_the_shared_budget_the_clocks_lane_and_back(fresh):
    from sqlalchemy import inspect

    from bot.services import post_budget
    from bot.vocab import PostLane

    cfg = alembic_config(fresh)
    command.upgrade(cfg, "0009")
    with fresh.begin() as conn:
        conn.execute(
            text("INSERT INTO postbudget (team_id, seq, last_at) VALUES ('T1', 3, :at)"),
            {"at": NOW},
        )
        for seq in (2, 3):
            conn.execute(
                text("INSERT INTO postslot (team_id, seq, at) VALUES ('T1', :seq, :at)"),
                {"seq": seq, "at": NOW},
            )

    def keys() -> tuple[list[str], list[str]]:
        found = inspect(fresh)
        return (
            found.get_pk_constraint("postbudget")["constrained_columns"],
            found.get_pk_constraint("postslot")["constrained_columns"],
        )

    def slots() -> list[tuple]:
        with fresh.connect() as conn:
            return [tuple(r) for r in conn.execute(text("SELECT * FROM postslot ORDER BY seq"))]

    command.upgrade(cfg, "head")
    assert keys() == (["team_id", "lane"], ["team_id", "lane", "seq"])
    with fresh.connect() as conn:
        assert conn.execute(text("SELECT lane, seq FROM postbudget")).all() == [("bulk", 3)]
    shares = post_budget.Shares(per_minute=4, urgent=1)
    with Session(fresh) as s:  # the clocks go on from their slots; the courier's lane is new
        for lane in (PostLane.BULK, PostLane.URGENT):
            slot = post_budget.take(s, team_id="T1", lane=lane, now=NOW, shares=shares,
                                    within=timedelta(0))  # fmt: skip
            s.commit()
            assert (slot.taken, slot.lane, slot.at) == (True, lane, NOW)
    with fresh.connect() as conn:
        lanes = conn.execute(text("SELECT lane, seq FROM postbudget ORDER BY lane")).all()
    assert [tuple(r) for r in lanes] == [("bulk", 4), ("urgent", 1)]

    command.downgrade(cfg, "0009")  # one budget again: the clocks' slots, the courier's dropped
    assert keys() == (["team_id"], ["team_id", "seq"])
    assert [seq for _, seq, _ in slots()] == [2, 3, 4]
    if fresh.dialect.name == "postgresql":  # 0008's function is back, and takes the next slot
        with fresh.begin() as conn:
            taken = conn.execute(
                text("SELECT taken FROM take_post_slot('T1', :now, 3, 60.5, :now)"), {"now": NOW}
            ).scalar_one()
        assert taken is False  # three slots at NOW already: the next is a minute on
    command.upgrade(cfg, "head")
    assert keys() == (["team_id", "lane"], ["team_id", "lane", "seq"])
