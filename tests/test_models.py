"""Models: every datetime goes in and comes out as aware UTC, on SQLite and PostgreSQL."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.models import Case, Workspace
from bot.vocab import CaseStatus


def test_datetimes_round_trip_as_aware_utc(session):
    local = datetime(2026, 3, 8, 3, 30, tzinfo=ZoneInfo("America/New_York"))
    session.add(Workspace(id="T1", created_at=local))
    session.commit()
    session.expire_all()
    stored = session.exec(select(Workspace)).one().created_at
    assert stored.tzinfo is not None and stored.utcoffset().total_seconds() == 0
    assert stored == local and stored == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)


def test_naive_datetimes_are_refused(session):
    session.add(Workspace(id="T2", created_at=datetime(2026, 1, 1)))  # noqa: DTZ001
    with pytest.raises(Exception, match="naive"):
        session.commit()
    session.rollback()


def test_one_case_per_channel(session):
    now = datetime(2026, 12, 1, tzinfo=UTC)
    session.add(Workspace(id="T3", created_at=now))
    session.flush()
    for name in ("A", "B"):
        session.add(
            Case(
                team_id="T3",
                channel_id="C1",
                name=name,
                created_by="U1",
                created_at=now,
                updated_at=now,
            )
        )
    with pytest.raises(Exception, match="(?i)unique"):
        session.commit()
    session.rollback()


def test_vocabulary_columns_load_members_and_refuse_other_words(session):
    now = datetime(2026, 12, 1, tzinfo=UTC)
    session.add(Workspace(id="T4", created_at=now))
    session.flush()
    fields = {"team_id": "T4", "created_by": "U1", "created_at": now, "updated_at": now}
    session.add(Case(channel_id="C4", name="A", status=CaseStatus.CLOSED, **fields))
    session.commit()
    session.expire_all()
    stored = session.exec(select(Case).where(Case.channel_id == "C4")).one().status
    assert stored is CaseStatus.CLOSED and stored == "closed"
    session.add(Case(channel_id="C5", name="B", status="archived", **fields))
    with pytest.raises(Exception, match="archived"):
        session.commit()
    session.rollback()
