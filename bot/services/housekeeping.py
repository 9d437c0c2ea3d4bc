"""Routine clean-up that keeps the database small."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlmodel import Session, col

from bot.models import Outbox, RequestKey
from bot.vocab import OutboxStatus

REQUEST_KEY_TTL = timedelta(days=2)
OUTBOX_TTL = timedelta(days=90)


def purge_request_keys(session: Session, *, now: datetime) -> int:
    """Forget handled request ids older than Slack's retry window (two days kept)."""
    result = session.exec(delete(RequestKey).where(col(RequestKey.at) < now - REQUEST_KEY_TTL))
    return result.rowcount or 0


def purge_outbox(session: Session, *, now: datetime) -> int:
    """Drop delivered, skipped and cancelled outbox rows after 90 days (the audit trail stays)."""
    result = session.exec(
        delete(Outbox).where(
            col(Outbox.status).in_(
                [OutboxStatus.SENT, OutboxStatus.SKIPPED, OutboxStatus.CANCELLED]
            ),
            col(Outbox.due_at) < now - OUTBOX_TTL,
        )
    )
    return result.rowcount or 0
