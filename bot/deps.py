"""What handlers and jobs need from the composition root, carried in one object."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.config import Settings


def new_token() -> str:
    """A fresh unguessable token (256 bits, URL-safe) for a secret link."""
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class Deps:
    """The process's engine, clock and settings (and where secret tokens come from)."""

    engine: Engine
    clock: Clock
    settings: Settings
    tokens: Callable[[], str] = new_token
