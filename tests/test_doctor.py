"""`python -m bot doctor` against the stand-in: it passes a good install and names each fault."""

from __future__ import annotations

import io
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from bot.config import Settings
from bot.doctor import MANIFEST, main, run_checks
from sandbox.slack_api import BOT_SCOPES, FakeSlack

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def settings(slack, db_url) -> Settings:
    return Settings(
        bot_token=slack.bot_token,
        signing_secret="s",
        app_token=slack.app_token,
        api_url=slack.api_url,
        database_url=db_url,
    )


def _failures(settings: Settings, **kw) -> dict[str, str]:
    return {c.name: c.line() for c in run_checks(settings, **kw) if not c.ok}


def test_a_good_install_passes_every_check(settings):
    out = io.StringIO()
    assert main(settings, out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert all(line.startswith("ok") for line in lines[:-1])
    names = {line.split()[1] for line in lines[:-1]}
    assert {"settings", "database", "token", "scopes", "socket", "commands", "events"} <= names
    assert "xoxb" not in out.getvalue() and "xapp" not in out.getvalue()


def test_the_stand_in_grants_what_the_manifest_asks():
    manifest = yaml.safe_load(MANIFEST.read_text())
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(BOT_SCOPES)


def test_a_missing_scope_fails_with_a_fix(settings, slack):
    slack.bot_scopes.discard("files:write")
    out = io.StringIO()
    assert main(settings, out) == 1
    failed = _failures(settings)
    assert list(failed) == ["scopes"]
    assert "files:write" in failed["scopes"] and "reinstall" in failed["scopes"]


def test_a_command_missing_from_the_manifest_fails_with_a_fix(settings, tmp_path):
    manifest = yaml.safe_load(MANIFEST.read_text())
    manifest["features"]["slash_commands"] = [
        c for c in manifest["features"]["slash_commands"] if c["command"] != "/digest"
    ]
    manifest["settings"]["event_subscriptions"]["bot_events"].append("reaction_added")
    path = tmp_path / "manifest.yml"
    path.write_text(yaml.safe_dump(manifest))
    failed = _failures(settings, manifest_path=path)
    assert set(failed) == {"commands", "events"}
    assert "/digest" in failed["commands"] and "features.slash_commands" in failed["commands"]
    assert "reaction_added" in failed["events"]


def test_a_bad_token_a_bad_app_token_and_an_old_schema_fail(settings, tmp_path):
    broken = replace(
        settings,
        bot_token="xoxb-revoked",
        app_token="xapp-wrong",
        database_url=f"sqlite:///{tmp_path / 'new.db'}",
    )
    failed = _failures(broken)
    assert set(failed) == {"token", "socket", "database"}
    assert "invalid_auth" in failed["token"] and "python -m bot migrate" in failed["database"]


def test_the_command_line_exits_non_zero_and_reports_a_bad_setting():
    result = subprocess.run(
        [sys.executable, "-m", "bot", "doctor"],
        cwd=ROOT,
        env={"PATH": "", "DOCKET_ENV_FILE": str(ROOT / "no.env"), "DOCKET_TIMEZONE": "Mars/Base"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("FAIL  settings") and "DOCKET_TIMEZONE" in result.stdout
