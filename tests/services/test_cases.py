"""Cases service on the real database."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.models import AuditEvent, Task
from bot.services import audit, cases
from bot.services.errors import Conflict, Invalid, NotFound

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _new(session, **kw):
    args = dict(
        team_id="T1",
        channel_id="C1",
        name="Smith v. Jones",
        matter_number="2026-CV-0142",
        actor_id="UALICE",
        now=NOW,
    )
    args.update(kw)
    return cases.create_case(session, **args)


def test_create_case_records_audit_event(session):
    case = _new(session)
    session.commit()
    assert case.lead_id == "UALICE" and case.jurisdiction == "US-FED"
    events = audit.history(session, case_id=case.id)
    assert [e.action for e in events] == ["case.create"]
    assert '"2026-CV-0142"' in events[0].after and events[0].at == NOW


def test_same_request_key_returns_same_case_once(session):
    first = _new(session, request_key="trigger-1")
    session.commit()
    again = _new(session, request_key="trigger-1")
    session.commit()
    assert again.id == first.id
    assert len(session.exec(select(AuditEvent)).all()) == 1


def test_second_case_in_channel_is_a_conflict(session):
    _new(session)
    with pytest.raises(Conflict, match="already the case"):
        _new(session, name="Other")


@pytest.mark.parametrize("name", ["", "   ", "x" * 201])
def test_bad_names_are_invalid(session, name):
    with pytest.raises(Invalid):
        _new(session, name=name)


def test_summary_counts_open_and_overdue(session):
    case = _new(session)
    session.flush()
    for n, due in enumerate([NOW - timedelta(days=1), NOW + timedelta(days=2), None], start=1):
        session.add(
            Task(
                case_id=case.id,
                number=n,
                title=f"t{n}",
                created_by="U",
                due_at=due,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    session.commit()
    summary = cases.summarize(session, channel_id="C1", now=NOW)
    assert (summary.open_tasks, summary.overdue) == (3, 1)
    assert summary.next_due is not None and summary.next_due.number == 2


def test_summary_without_case_says_how_to_start(session):
    with pytest.raises(NotFound, match="/case new"):
        cases.summarize(session, channel_id="CX", now=NOW)
