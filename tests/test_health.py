"""/healthz and /readyz: the database, the schema and the scheduler's heartbeat, as JSON."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.config import Settings
from bot.db import make_engine, migrate
from bot.deps import Deps
from bot.scheduler import tick_job
from bot.slack.web import BotServer
from tests.conftest import START


def _get(server: BotServer, path: str, method: str = "GET") -> tuple[int, dict | str]:
    request = urllib.request.Request(server.base_url + path, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as resp:
            status, raw, ctype = resp.status, resp.read(), resp.headers["Content-Type"]
    except urllib.error.HTTPError as err:
        status, raw, ctype = err.code, err.read(), err.headers["Content-Type"]
    return status, json.loads(raw) if "json" in ctype else raw.decode()


@pytest.fixture
def served(engine):
    deps = Deps(engine=engine, clock=FakeClock(START), settings=Settings())
    server = BotServer(None, deps=deps).start()
    try:
        yield deps, server
    finally:
        server.stop()


def test_ready_without_a_scheduler_here(served):
    _, server = served
    assert _get(server, "/healthz") == (200, {"status": "ok"})
    status, body = _get(server, "/readyz")
    assert status == 200 and body["status"] == "ok"
    assert body["checks"] == {"database": "ok", "migrations": "ok", "scheduler": "not run here"}


def test_readyz_turns_503_when_the_scheduler_stalls_and_back_when_it_ticks(served):
    deps, server = served
    deps.heartbeat.expect(deps.clock.now())
    tick_job(deps)
    deps.clock.advance(timedelta(seconds=90))
    status, body = _get(server, "/readyz")
    assert status == 200 and body["checks"]["last_tick_seconds_ago"] == 90.0
    deps.clock.advance(timedelta(minutes=1))
    status, body = _get(server, "/readyz")
    assert status == 503 and body["status"] == "unavailable"
    assert body["checks"]["scheduler"] == "stalled"
    tick_job(deps)
    assert _get(server, "/readyz")[0] == 200


def test_readyz_turns_503_when_the_database_is_gone(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    engine = make_engine(f"sqlite:///{folder / 'docket.db'}")
    migrate(engine)
    deps = Deps(engine=engine, clock=FakeClock(START), settings=Settings())
    server = BotServer(None, deps=deps).start()
    try:
        assert _get(server, "/readyz")[0] == 200
        engine.dispose()
        shutil.rmtree(folder)  # the database is stopped: nothing answers any more
        status, body = _get(server, "/readyz")
        assert status == 503 and body["checks"]["database"] == "unreachable"
        assert _get(server, "/healthz")[0] == 200  # the process itself is still up
    finally:
        server.stop()
        engine.dispose()


def test_readyz_503_on_a_server_that_does_not_answer_and_on_an_old_schema(tmp_path):
    for url, check in (
        ("postgresql+psycopg://postgres@127.0.0.1:1/test", {"database": "unreachable"}),
        (f"sqlite:///{tmp_path / 'empty.db'}", {"database": "ok", "migrations": "behind"}),
    ):
        engine = make_engine(url)
        deps = Deps(engine=engine, clock=FakeClock(START), settings=Settings())
        server = BotServer(None, deps=deps).start()
        try:
            status, body = _get(server, "/readyz")
            assert status == 503 and check.items() <= body["checks"].items()
        finally:
            server.stop()
            engine.dispose()


def test_the_probes_answer_get_only_and_nothing_else_is_served(served):
    _, server = served
    assert _get(server, "/readyz", method="POST")[0] == 405
    assert _get(server, "/slack/events")[0] == 404
