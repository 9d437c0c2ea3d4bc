"""Settings read from the environment; one clear line per bad setting."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.logs import LogFormat
from bot.services.errors import DomainError
from bot.services.policy import Policy, parse_offsets

SLACK_API_DEFAULT = "https://slack.com/api/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Everything Docket reads from its environment."""

    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = SLACK_API_DEFAULT
    database_url: str = "sqlite:///docket.db"
    timezone: str = "America/New_York"
    port: int = 3000
    port_set: bool = False  # PORT was given: `clock` serves /healthz, /readyz, /metrics on it
    log_level: str = "INFO"
    log_format: LogFormat = LogFormat.TEXT
    default_due_time: time = time(17, 0)
    pace_seconds: float = 1.0
    post_burst: int = 3  # the courier's posts to one channel at once before pace_seconds apply
    send_workers: int = 4
    posts_per_minute: int = 600  # chat.postMessage, the whole workspace, all senders (0: off)
    urgent_posts_per_minute: int = 30  # of those, kept for the courier (what people just caused)
    courier_workers: int = 8  # the web process's courier: conversations sent in parallel
    lease_seconds: float = 45.0  # a sender's claim on outbox rows; renewed while it sends
    alert_policy: Policy = Policy()
    installer_id: str | None = None  # told (by DM) when a broken token paused delivery
    public_url: str = "http://localhost:3000"  # where the web process is reached (calendar feeds)

    @property
    def has_slack(self) -> bool:
        """True when credentials for a real workspace are configured."""
        return bool(self.bot_token)

    @property
    def socket_mode(self) -> bool:
        """True when Socket Mode should be used instead of HTTP."""
        return bool(self.app_token)


def normalize_db_url(url: str) -> str:
    """Map postgres:// and postgresql:// to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _zone(name: str, var: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"{var}={name!r} is not an IANA zone like America/New_York") from exc
    return name


def _clock_time(value: str, var: str) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError as exc:
        raise ConfigError(f"{var}={value!r} is not a time of day like 17:00") from exc


def _number(value: str, var: str) -> float:
    try:
        number = float(value)
    except ValueError as exc:
        raise ConfigError(f"{var}={value!r} must be a number") from exc
    if number < 0:
        raise ConfigError(f"{var}={value!r} must not be negative")
    return number


def _send_workers(value: str, var: str) -> int:
    """A thread count from 1 to 32."""
    if not value.isdigit() or not 1 <= int(value) <= 32:
        raise ConfigError(f"{var}={value!r} must be a whole number from 1 to 32")
    return int(value)


def _whole(value: str, var: str) -> int:
    if not value.strip().isdigit():
        raise ConfigError(f"{var}={value!r} must be a whole number (0 or more)")
    return int(value)


def _post_shares(get: Callable[[str], str | None]) -> tuple[int, int]:
    """DOCKET_POSTS_PER_MINUTE and the urgent lane's share of it (at least 1, less than all)."""
    per_minute = _whole(get("DOCKET_POSTS_PER_MINUTE") or "600", "DOCKET_POSTS_PER_MINUTE")
    given = get("DOCKET_URGENT_POSTS_PER_MINUTE") or "30"
    urgent = _whole(given, "DOCKET_URGENT_POSTS_PER_MINUTE")
    if per_minute and not 0 < urgent < per_minute:
        raise ConfigError(
            f"DOCKET_URGENT_POSTS_PER_MINUTE={given!r} must be at least 1 and less than "
            f"DOCKET_POSTS_PER_MINUTE ({per_minute}): the rest is the clocks' share, e.g. "
            f"DOCKET_URGENT_POSTS_PER_MINUTE={max(per_minute // 20, 1)}"
        )
    return per_minute, urgent


def _policy(get: Callable[[str], str | None]) -> Policy:
    """The alert policy from DOCKET_TASK_ALERTS, DOCKET_DEADLINE_ALERTS, DOCKET_LEAD_DELAY_HOURS."""
    changes: dict[str, Any] = {}
    for var, field in (("DOCKET_TASK_ALERTS", "task"), ("DOCKET_DEADLINE_ALERTS", "deadline")):
        value = get(var)
        if value:
            try:
                changes[field] = parse_offsets(value)
            except DomainError as exc:
                raise ConfigError(f"{var}: {exc}") from exc
    delay = get("DOCKET_LEAD_DELAY_HOURS")
    if delay:
        changes["lead_delay_task"] = timedelta(hours=_number(delay, "DOCKET_LEAD_DELAY_HOURS"))
    return replace(Policy(), **changes)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Build Settings from env (default os.environ); raise ConfigError naming the variable."""
    env = os.environ if env is None else env

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    bot_token, secret, app_token = (
        get("SLACK_BOT_TOKEN"),
        get("SLACK_SIGNING_SECRET"),
        get("SLACK_APP_TOKEN"),
    )
    if bot_token and not bot_token.startswith("xoxb-"):
        raise ConfigError("SLACK_BOT_TOKEN must be a bot token starting with xoxb-")
    if app_token and not app_token.startswith("xapp-"):
        raise ConfigError("SLACK_APP_TOKEN must be an app-level token starting with xapp-")
    if (secret or app_token) and not bot_token:
        raise ConfigError("SLACK_BOT_TOKEN is missing (needed with SLACK_SIGNING_SECRET/APP_TOKEN)")
    if bot_token and not app_token and not secret:
        raise ConfigError("SLACK_SIGNING_SECRET is missing (needed for HTTP mode)")
    api_url = get("SLACK_API_URL") or SLACK_API_DEFAULT
    if not api_url.startswith(("http://", "https://")):
        raise ConfigError(f"SLACK_API_URL={api_url!r} must be an http(s) URL")
    if not api_url.endswith("/"):
        api_url += "/"
    db_url = normalize_db_url(get("DATABASE_URL") or "sqlite:///docket.db")
    if not db_url.startswith(("sqlite:", "postgresql+psycopg:")):
        raise ConfigError("DATABASE_URL must be sqlite:///PATH or postgresql://USER@HOST/DB")
    port_set = get("PORT") is not None
    port_text = get("PORT") or "3000"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(f"PORT={port_text!r} must be a port number (1-65535)")
    level = (get("LOG_LEVEL") or "INFO").upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL={level!r} must be one of {', '.join(LOG_LEVELS)}")
    try:
        log_format = LogFormat((get("LOG_FORMAT") or "text").lower())
    except ValueError as exc:
        raise ConfigError(f"LOG_FORMAT={get('LOG_FORMAT')!r} must be text or json") from exc
    per_minute, urgent = _post_shares(get)
    return Settings(
        log_format=log_format,
        alert_policy=_policy(get),
        pace_seconds=_number(get("DOCKET_PACE_SECONDS") or "1", "DOCKET_PACE_SECONDS"),
        post_burst=_send_workers(get("DOCKET_POST_BURST") or "3", "DOCKET_POST_BURST"),
        lease_seconds=_number(get("DOCKET_LEASE_SECONDS") or "45", "DOCKET_LEASE_SECONDS"),
        send_workers=_send_workers(get("DOCKET_SEND_WORKERS") or "4", "DOCKET_SEND_WORKERS"),
        posts_per_minute=per_minute,
        urgent_posts_per_minute=urgent,
        courier_workers=_send_workers(
            get("DOCKET_COURIER_WORKERS") or "8", "DOCKET_COURIER_WORKERS"
        ),
        bot_token=bot_token,
        signing_secret=secret,
        app_token=app_token,
        api_url=api_url,
        database_url=db_url,
        timezone=_zone(get("DOCKET_TIMEZONE") or "America/New_York", "DOCKET_TIMEZONE"),
        port=int(port_text),
        port_set=port_set,
        log_level=level,
        default_due_time=_clock_time(get("DOCKET_DUE_TIME") or "17:00", "DOCKET_DUE_TIME"),
        installer_id=get("SLACK_INSTALLER_ID"),
        public_url=_public_url(get("DOCKET_PUBLIC_URL") or f"http://localhost:{port_text}"),
    )


def _public_url(url: str) -> str:
    """DOCKET_PUBLIC_URL: the https:// (or local http://) address calendar apps fetch feeds from."""
    url = url.rstrip("/")
    if not url.startswith(("https://", "http://localhost", "http://127.0.0.1")):
        raise ConfigError(f"DOCKET_PUBLIC_URL={url!r} must start with https://")
    return url
