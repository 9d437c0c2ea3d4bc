"""Routine clean-up that keeps the database small."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session

from bot.models import RequestKey

REQUEST_KEY_TTL = timedelta(days=2)


def purge_request_keys(session: Session, *, now: datetime) -> int:
    """Forget handled request ids older than Slack's retry window (two days kept)."""
    result = session.exec(delete(RequestKey).where(RequestKey.at < now - REQUEST_KEY_TTL))
    return result.rowcount or 0
