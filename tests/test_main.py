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
