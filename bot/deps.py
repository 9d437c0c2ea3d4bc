"""What handlers and jobs need from the composition root, carried in one object."""

from __future__ import annotations

import secrets
import threading
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
    """The process's engine, clock, settings, token source, scheduler heartbeat, stop signal."""

    engine: Engine
    clock: Clock
    settings: Settings
    tokens: Callable[[], str] = new_token
    heartbeat: Heartbeat = field(default_factory=Heartbeat)
    stopping: threading.Event = field(default_factory=threading.Event)  # set on SIGTERM
