"""`python -m bot doctor`: is this deployment ready for its workspace? One line per check."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import yaml
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import SystemClock
from bot.config import Settings
from bot.db import describe_url, make_engine
from bot.deps import Deps
from bot.health import database_state
from bot.slack.app import create_app

MANIFEST = Path(__file__).resolve().parents[1] / "manifest.yml"
APP_CONFIG = "your app's page at api.slack.com/apps"


@dataclass(frozen=True)
class Check:
    """One check's verdict: what was found and, when it failed, how to fix it."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def line(self) -> str:
        """'ok    name  detail' or 'FAIL  name  detail -> fix'."""
        verdict = "ok  " if self.ok else "FAIL"
        return f"{verdict}  {self.name:<9} {self.detail}" + ("" if self.ok else f" -> {self.fix}")


def registered(app: App) -> dict[str, set[str]]:
    """What the app listens to, by kind: command, event, action, shortcut, view_submission."""
    found: dict[str, set[str]] = {}
    for listener in app._listeners:  # noqa: SLF001 - Bolt offers no public listing
        for matcher in listener.matchers:
            func = getattr(matcher, "func", None)
            kind = str(getattr(func, "__qualname__", "")).split(".", 1)[0]
            for cell in getattr(func, "__closure__", None) or ():
                if isinstance(cell.cell_contents, str):
                    found.setdefault(kind, set()).add(cell.cell_contents)
    return found


def _settings(settings: Settings) -> Check:
    if not settings.has_slack:
        return Check(
            "settings",
            False,
            "SLACK_BOT_TOKEN is not set",
            "copy .env.example to .env and set SLACK_BOT_TOKEN (xoxb-…) from OAuth & Permissions",
        )
    mode = "Socket Mode (SLACK_APP_TOKEN)" if settings.socket_mode else "HTTP (signing secret)"
    return Check("settings", True, f"bot token set; {mode}; zone {settings.timezone}")


def _database(settings: Settings) -> Check:
    engine = make_engine(settings.database_url)
    try:
        reachable, schema = database_state(engine)
    finally:
        engine.dispose()
    where = describe_url(settings.database_url)
    if reachable != "ok":
        return Check(
            "database", False, f"{where} does not answer", "check DATABASE_URL and start it"
        )
    if schema != "ok":
        return Check(
            "database",
            False,
            f"{where}: schema not at the newest migration",
            "python -m bot migrate",
        )
    return Check("database", True, f"{where}, schema at the newest migration")


def _token(settings: Settings) -> tuple[Check, set[str] | None]:
    client = WebClient(token=settings.bot_token, base_url=settings.api_url, timeout=10)
    fix = "copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions; reinstall if revoked"
    try:
        answer = client.auth_test()
    except SlackApiError as error:
        code = error.response.get("error") or f"HTTP {error.response.status_code}"
        return Check("token", False, f"auth.test: {code}", fix), None
    except OSError as error:
        detail = f"cannot reach {settings.api_url} ({type(error).__name__})"
        return Check("token", False, detail, "check SLACK_API_URL and the network"), None
    header = next((v for k, v in answer.headers.items() if k.lower() == "x-oauth-scopes"), "")
    scopes = {s.strip() for s in str(header).split(",") if s.strip()}
    who = f"bot {answer.get('user_id')} in team {answer.get('team_id')}"
    return Check("token", True, f"auth.test ok: {who}"), scopes


def _scopes(granted: set[str], manifest: dict[str, Any]) -> Check:
    needed = set(manifest.get("oauth_config", {}).get("scopes", {}).get("bot", []))
    missing = sorted(needed - granted)
    if missing:
        return Check(
            "scopes",
            False,
            f"the token lacks {', '.join(missing)}",
            f"add them under OAuth & Permissions → Bot Token Scopes on {APP_CONFIG}, reinstall",
        )
    return Check("scopes", True, f"all {len(needed)} scopes manifest.yml asks for are granted")


def _socket(settings: Settings) -> Check:
    client = WebClient(base_url=settings.api_url, timeout=10)
    try:
        client.apps_connections_open(app_token=settings.app_token or "")
    except (SlackApiError, OSError) as error:
        code = error.response.get("error") if isinstance(error, SlackApiError) else "unreachable"
        return Check(
            "socket",
            False,
            f"apps.connections.open: {code}",
            "create an app-level token with connections:write under Basic Information",
        )
    return Check("socket", True, "the app-level token opens a Socket Mode connection")


def _listed(manifest: dict[str, Any]) -> dict[str, set[str]]:
    features, settings = manifest.get("features", {}), manifest.get("settings", {})
    return {
        "command": {c["command"] for c in features.get("slash_commands", [])},
        "event": set(settings.get("event_subscriptions", {}).get("bot_events", [])),
        "shortcut": {s["callback_id"] for s in features.get("shortcuts", [])},
    }


def _manifest(app: App, manifest: dict[str, Any]) -> list[Check]:
    listens, listed = registered(app), _listed(manifest)
    checks = []
    for kind, section in (
        ("command", "features.slash_commands"),
        ("event", "settings.event_subscriptions.bot_events"),
        ("shortcut", "features.shortcuts"),
    ):
        handled = listens.get(kind, set())
        unlisted, unhandled = sorted(handled - listed[kind]), sorted(listed[kind] - handled)
        if unlisted:
            checks.append(
                Check(
                    f"{kind}s",
                    False,
                    f"Docket handles {', '.join(unlisted)} but manifest.yml does not list it",
                    f"add it under {section} in manifest.yml and paste that on {APP_CONFIG}",
                )
            )
        if unhandled:
            checks.append(
                Check(
                    f"{kind}s",
                    False,
                    f"manifest.yml lists {', '.join(unhandled)} but Docket does not handle it",
                    f"remove it from {section}, or upgrade Docket",
                )
            )
        if not unlisted and not unhandled:
            checks.append(Check(f"{kind}s", True, f"{len(handled)} in manifest.yml and the app"))
    return checks


def run_checks(
    settings: Settings,
    *,
    manifest_path: Path = MANIFEST,
    app_factory: Callable[[Deps], App] = create_app,
) -> list[Check]:
    """Every check, in the order an admin would fix them."""
    checks = [_settings(settings), _database(settings)]
    manifest = yaml.safe_load(manifest_path.read_text()) or {}
    if settings.has_slack:
        token, granted = _token(settings)
        checks.append(token)
        if granted is not None:
            checks.append(_scopes(granted, manifest))
        if settings.socket_mode:
            checks.append(_socket(settings))
    deps = Deps(engine=make_engine("sqlite://"), clock=SystemClock(), settings=settings)
    checks += _manifest(app_factory(deps), manifest)
    return checks


def main(settings: Settings, out: TextIO, *, manifest_path: Path = MANIFEST) -> int:
    """Print one line per check; 0 when all pass, 1 otherwise."""
    checks = run_checks(settings, manifest_path=manifest_path)
    for check in checks:
        out.write(check.line() + "\n")
    failed = [c for c in checks if not c.ok]
    out.write(f"{len(checks) - len(failed)} of {len(checks)} checks passed\n")
    return 1 if failed else 0
