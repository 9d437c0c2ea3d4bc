"""The engine's pool on PostgreSQL: an idle connection is checked before use, a busy one is not."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot import db


@pytest.fixture
def pg(db_url):
    if not db_url.startswith("postgresql"):
        pytest.skip("the pool's idle check is PostgreSQL's (SQLite opens a file)")
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


def _pings(monkeypatch) -> list[int]:
    pinged: list[int] = []
    real = db.ping

    def counted(engine, dbapi_conn) -> None:
        pinged.append(1)
        real(engine, dbapi_conn)

    monkeypatch.setattr(db, "ping", counted)
    return pinged


def _one(engine) -> int:
    with db.session_scope(engine) as session:
        return session.execute(text("SELECT 1")).scalar_one()


def test_a_connection_in_use_is_not_pinged_each_time(pg, monkeypatch):
    pinged = _pings(monkeypatch)
    monkeypatch.setattr(db, "IDLE_PING_SECONDS", 3600.0)
    for _ in range(5):
        assert _one(pg) == 1
    assert pinged == []  # was: a round trip before every transaction (pool_pre_ping)


def test_an_idle_connection_that_died_is_replaced_before_use(pg, monkeypatch):
    assert _one(pg) == 1
    with pg.connect() as conn:  # whose backend is it? the pool hands back the same connection
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
    killer = db.make_engine(pg.url.render_as_string(hide_password=False))
    try:
        with killer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        killer.dispose()
    pinged = _pings(monkeypatch)
    monkeypatch.setattr(db, "IDLE_PING_SECONDS", 0.0)  # as if it had waited past the limit
    assert _one(pg) == 1  # pinged, found dead, replaced: the transaction never saw it
    assert pinged
