"""Logs an operator can use: one line per request and job, JSON on demand, no case data."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot.config import load_settings
from bot.logs import JsonFormatter, LogFormat, setup
from sandbox.shell import Shell

CASE = "Zebulon Quartermaine v. Oxbridge Holdings"
TITLE = "redline the Xanthippe indemnity"
SCRIPT = [
    ":as alice",
    ":in #zq-case",
    f"/case new {CASE}",
    f"/task @alice {TITLE} by tomorrow 3pm",
    ":join bob #zq-case",
    "/task nonsense 99",
    ":fault chat.postMessage channel_not_found",
    ":advance 2d",
]


@pytest.mark.parametrize("fixture", ["world", "socket_world"])
def test_info_lines_name_requests_and_jobs_and_never_the_case(request, caplog, fixture):
    world = request.getfixturevalue(fixture)
    caplog.set_level(logging.INFO)
    Shell(world, io.StringIO()).run(SCRIPT)
    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    text = logging.Formatter("%(name)s %(message)s")
    lines = [text.format(r) for r in records] + [JsonFormatter().format(r) for r in records]
    secrets = [CASE, "Zebulon", "Xanthippe", world.settings.bot_token, world._secret]
    secrets += [world.settings.app_token] if world.settings.app_token else []
    leaks = [line for line in lines for secret in secrets if secret and secret in line]
    assert leaks == []
    requests = [
        json.loads(JsonFormatter().format(r)) for r in records if r.name == "docket.requests"
    ]
    commands = [(r["kind"], r["id"], r["team"], r["outcome"]) for r in requests]
    assert commands.count(("command", "/task", "T0SANDBOX", "ok")) == 2
    assert ("event", "member_joined_channel", "T0SANDBOX", "ok") in commands
    assert all(isinstance(r["latency_ms"], float) for r in requests)
    jobs = [r.__dict__ for r in records if r.name == "docket.jobs"]
    assert {j["id"] for j in jobs} >= {"docket.tick", "docket.plan"}
    assert {j["outcome"] for j in jobs} == {"ok"}


def test_a_job_that_raises_is_logged_once_with_its_traceback_and_outcome(caplog):
    from bot.logs import jobs_log, timed

    caplog.set_level(logging.INFO)
    with pytest.raises(RuntimeError), timed(jobs_log, "job", "docket.tick"):
        raise RuntimeError("boom")
    failed, line = caplog.records[-2:]
    assert failed.exc_info is not None and line.__dict__["outcome"] == "error"


def test_log_format_json_writes_json_lines(capsys):
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    setup("INFO", LogFormat.JSON)
    try:
        logging.getLogger("docket.requests").info(
            "command /task", extra={"kind": "command", "id": "/task", "outcome": "ok"}
        )
        line = capsys.readouterr().err.strip().splitlines()[-1]
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
    data = json.loads(line)
    assert data["level"] == "INFO" and data["logger"] == "docket.requests"
    assert (data["kind"], data["id"], data["outcome"]) == ("command", "/task", "ok")


def test_log_format_setting():
    assert load_settings({"LOG_FORMAT": "JSON"}).log_format is LogFormat.JSON
    assert load_settings({}).log_format is LogFormat.TEXT
    with pytest.raises(Exception, match="LOG_FORMAT"):
        load_settings({"LOG_FORMAT": "xml"})
