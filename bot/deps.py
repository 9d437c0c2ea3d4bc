"""What handlers and jobs need from the composition root, carried in one object."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.clock import Clock
from bot.config import Settings


@dataclass(frozen=True)
class Deps:
    """The process's engine, clock and settings."""

    engine: Engine
    clock: Clock
    settings: Settings
