"""`python -m bot` as a new user runs it: the sandbox without credentials, clear config errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args, stdin: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_", "DATABASE"))
    }
    clean.update(DOCKET_ENV_FILE=str(ROOT / "does-not-exist.env"), **env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=clean,
        timeout=60,
    )


def test_without_credentials_it_starts_the_sandbox_and_answers():
    script = ":as alice\n:in #smith-v-jones\n/case new Smith v. Jones 2026-CV-0142\n/case\n"
    result = _run([], script)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Docket sandbox") and "SLACK_BOT_TOKEN" in lines[0]
    assert "[#smith-v-jones]" in result.stdout
    assert "[ephemeral @alice in #smith-v-jones]" in result.stdout
    assert result.stdout.count("2026-CV-0142") >= 3 and "Smith v. Jones" in result.stdout
    assert "Traceback" not in result.stderr


def test_a_bad_setting_is_one_clear_line():
    result = _run([], "", DOCKET_TIMEZONE="Mars/Base")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "DOCKET_TIMEZONE" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_lists_the_entry_points():
    result = _run(["--help"], "")
    for word in ("sandbox", "clock", "dates", "web", "migrate"):
        assert word in result.stdout


def test_http_mode_serves_signed_commands_under_waitress(tmp_path):
    import socket

    from sandbox.driver import Driver
    from sandbox.slack_api import FakeSlack

    slack = FakeSlack().start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_", "DATABASE"))
    }
    env.update(
        DOCKET_ENV_FILE=str(ROOT / "no.env"),
        SLACK_BOT_TOKEN="xoxb-sandbox",
        SLACK_SIGNING_SECRET="web-secret",
        SLACK_API_URL=slack.api_url,
        PORT=str(port),
        DATABASE_URL=f"sqlite:///{tmp_path / 'web.db'}",
        LOG_LEVEL="INFO",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "web"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        driver = Driver(
            bot_url=f"http://127.0.0.1:{port}/slack/events",
            signing_secret="web-secret",
            slack=slack,
        )
        user = slack.add_user("alice").id
        channel = slack.add_channel("web-mode").id
        for line in proc.stderr:  # the socket is bound before this line is logged
            if "listening on" in line:
                break
        reply = driver.command(user_id=user, channel_id=channel, command="/case", text="help")
        assert reply.status == 200 and "/case new" in reply.body
    finally:
        proc.terminate()
        proc.communicate(timeout=20)
        slack.stop()


def test_clock_without_a_token_says_what_it_needs():
    result = _run(["clock"], "")
    assert result.returncode == 2 and "SLACK_BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr
