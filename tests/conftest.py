"""Shared fixtures: a real database (SQLite, or PostgreSQL in its own schema) and the world."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, SQLModel

from bot.db import make_engine, migrate, scratch_schema

PG_ENV = "DOCKET_TEST_DATABASE_URL"
DB_FIXTURES = {"db_url", "engine", "session", "world", "socket_world"}
NY = ZoneInfo("America/New_York")
START = datetime(2026, 12, 1, 9, 0, tzinfo=NY)


def pytest_collection_modifyitems(items) -> None:
    """Mark every test that touches the database, so `make test` can rerun them on PostgreSQL."""
    for item in items:
        if DB_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.db)


def pytest_configure(config) -> None:
    """Register the markers."""
    config.addinivalue_line("markers", "db: uses the database (rerun on PostgreSQL)")


@pytest.fixture(scope="session")
def db_url(tmp_path_factory) -> Iterator[str]:
    """A migrated, empty database for this run; PostgreSQL gets a schema dropped at the end."""
    pg = os.environ.get(PG_ENV)
    if not pg:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url
        return
    with scratch_schema(pg, "docket_test") as url:
        engine = make_engine(url)
        migrate(engine)
        engine.dispose()
        yield url


def _wipe(engine) -> None:
    with engine.begin() as conn:
        for table in reversed(SQLModel.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def engine(db_url):
    """The run's engine, emptied after each test."""
    eng = make_engine(db_url)
    try:
        yield eng
    finally:
        _wipe(eng)
        eng.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    """One session on the test database."""
    with Session(engine, expire_on_commit=False) as s:
        yield s


def _world(db_url: str, *, socket_mode: bool):
    from sandbox.world import World

    w = World(start=START, database_url=db_url, socket_mode=socket_mode).start()
    try:
        yield w
    finally:
        w.stop()
        eng = make_engine(db_url)
        _wipe(eng)
        eng.dispose()


@pytest.fixture
def world(db_url):
    """The stand-in, Docket over HTTP and a fake clock at Tue Dec 1, 2026 9:00 New York."""
    yield from _world(db_url, socket_mode=False)


@pytest.fixture
def socket_world(db_url):
    """The same world, with Docket connected to the stand-in over Socket Mode."""
    yield from _world(db_url, socket_mode=True)
