"""What handlers and jobs need from the composition root, carried in one object."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.config import Settings
from bot.health import Heartbeat


def new_token() -> str:
    """A fresh unguessable token (256 bits, URL-safe) for a secret link."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Deps:
    """The process's engine, clock, settings, token source and its scheduler's heartbeat."""

    engine: Engine
    clock: Clock
    settings: Settings
    tokens: Callable[[], str] = new_token
    heartbeat: Heartbeat = field(default_factory=Heartbeat)
