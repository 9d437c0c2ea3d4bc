"""One engine per process, one session per unit of work, and the schema's entry point."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlmodel import Session as Session  # re-exported: the type a handler passes on, never queries
from sqlmodel import create_engine

from bot import models  # noqa: F401  (registers the tables on SQLModel.metadata)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Connections kept open between uses. A web process's threads that use the database at once:
# waitress's 8 (a request may hold two sessions), the courier and its senders, the after-ack
# jobs and the scheduler's jobs. With 5 kept, a burst of 8 senders opened a fresh connection (a
# PostgreSQL backend: ~9 ms, ~1.2 ms of our CPU) for about one request in ten, and closed it again.
POOL_SIZE = 20
MAX_OVERFLOW = 20
# A pooled connection idle longer than this is pinged before use (a dead one is replaced, as
# pool_pre_ping did for every checkout: a round trip per transaction, ~3 of a /task list's ~10).
# Connections are reused most-recently-first, so in a burst they are never idle this long.
IDLE_PING_SECONDS = 2.0


def make_engine(url: str) -> Engine:
    """Create the process's engine for url (SQLite or PostgreSQL via psycopg)."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            if ":memory:" not in url and url != "sqlite://":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    engine = create_engine(url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW, pool_use_lifo=True)
    _ping_when_idle(engine)
    return engine


def _ping_when_idle(engine: Engine) -> None:
    """Before handing out a connection idle over IDLE_PING_SECONDS, check it answers."""

    @event.listens_for(engine, "connect")
    def _connected(_dbapi_conn: Any, record: Any) -> None:
        record.info["docket_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        if record is not None:
            record.info["docket_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get("docket_idle_since")
        if since is not None and time.monotonic() - since <= IDLE_PING_SECONDS:
            return
        try:
            ping(engine, dbapi_conn)
        except Exception as error:  # the pool replaces it and tries again (up to 3 times)
            raise exc.DisconnectionError("a pooled connection did not answer") from error


def ping(engine: Engine, dbapi_conn: Any) -> None:
    """One round trip on a DBAPI connection, outside any transaction (raises when it is dead)."""
    engine.dialect.do_ping(dbapi_conn)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A session for reads alone, outside any transaction: no BEGIN, no COMMIT, one round trip
    a query. What it reads may be a moment old by the time it is used, as after any commit."""
    reader = engine.execution_options(isolation_level="AUTOCOMMIT")
    with Session(reader, expire_on_commit=False) as session:
        yield session


@contextmanager
def statement_scope(engine: Engine) -> Iterator[Session]:
    """A session outside any transaction for one writing statement, which commits as it runs
    (no BEGIN, no COMMIT: one round trip). Never for statements that must stand or fall together."""
    writer = engine.execution_options(isolation_level="AUTOCOMMIT")
    with Session(writer, expire_on_commit=False) as session:
        yield session


def alembic_config(engine: Engine):
    """An Alembic Config bound to engine's URL and the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (Alembic upgrade head)."""
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


@contextmanager
def scratch_schema(url: str, prefix: str = "docket_scratch") -> Iterator[str]:
    """A fresh PostgreSQL schema inside url's database, dropped afterwards (tests, benches).

    Yields url with search_path set to the schema, so every process using it lands there.
    """
    from uuid import uuid4

    from sqlalchemy import text

    schema = f"{prefix}_{uuid4().hex[:10]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def describe_url(url: str | None) -> str:
    """Where the data lives, without credentials (for logs and reports)."""
    from sqlalchemy.engine import make_url

    if url is None:
        return "sqlite (temporary file)"
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite {parsed.database or '(memory)'}"
    return f"{parsed.get_backend_name()} {parsed.host or ''}:{parsed.port or ''}/{parsed.database}"
