"""Cases service on the real database."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.models import AuditEvent, Task
from bot.services import audit, case_settings, cases
from bot.services.errors import Conflict, Forbidden, Invalid, NotFound
from bot.services.lookup import case_for_channel

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


# -- changing a case ---------------------------------------------------------------------------

MEMBERS = {"UALICE", "UBOB"}


def _change(session, what, value=None, actor="UALICE", **kw):
    args = dict(channel_id="C1", actor_id=actor, members=MEMBERS, what=what, value=value, now=NOW)
    args.update(kw)
    return case_settings.change(session, **args)


def test_rename_records_before_and_after(session):
    _new(session)
    change = _change(session, "rename", "  Smith   v. Jones LLC ", actor="UBOB")
    session.commit()
    assert change.case.name == "Smith v. Jones LLC" and not change.replayed
    assert change.event.action == "case.rename" and change.event.actor_id == "UBOB"
    assert (
        '"Smith v. Jones"' in change.event.before and '"Smith v. Jones LLC"' in change.event.after
    )


@pytest.mark.parametrize(
    ("what", "value"),
    [("close", None), ("reopen", None), ("jurisdiction", "US-CA"), ("lead", "UBOB")],
)
def test_only_the_lead_may_do_lead_things(session, what, value):
    _new(session)
    with pytest.raises(Forbidden, match="Only the case lead"):
        _change(session, what, value, actor="UBOB")
    assert [e.action for e in audit.history(session, case_id=_case_id(session))] == ["case.create"]


def _case_id(session) -> int:
    return case_for_channel(session, channel_id="C1").id or 0


def test_creator_leads_a_case_without_lead(session):
    case = _new(session)
    case.lead_id = None
    session.flush()
    assert _change(session, "close").case.status == "closed"
    with pytest.raises(Forbidden, match="UALICE"):
        _change(session, "reopen", actor="UBOB")


def test_new_lead_must_be_a_member(session):
    _new(session)
    with pytest.raises(Forbidden, match="isn't in this channel"):
        _change(session, "lead", "UCAROL")
    with pytest.raises(Invalid, match="Mention them"):
        _change(session, "lead", None)
    assert _change(session, "lead", "UBOB").case.lead_id == "UBOB"


def test_jurisdiction_is_checked_against_the_courts(session):
    _new(session)
    with pytest.raises(Invalid) as error:
        _change(session, "jurisdiction", "<b>NY</b>")
    assert "US-FED" in str(error.value) and "US-CA" in str(error.value)
    assert "<b>" not in str(error.value)
    assert _change(session, "jurisdiction", " us-ca ").case.jurisdiction == "US-CA"


def test_matter_number_can_be_changed_and_removed(session):
    _new(session)
    assert _change(session, "matter", "1:26-cv-00142").case.matter_number == "1:26-cv-00142"
    assert _change(session, "matter", "none").case.matter_number is None
    with pytest.raises(Invalid):
        _change(session, "matter", "x" * 65)


def test_no_change_is_a_conflict_and_not_audited(session):
    _new(session)
    _change(session, "close")
    with pytest.raises(Conflict, match="already closed"):
        _change(session, "close")
    with pytest.raises(Conflict, match="already the jurisdiction"):
        _change(session, "jurisdiction", "US-FED")
    assert len(audit.history(session, case_id=_case_id(session))) == 2


def test_same_request_key_changes_once(session):
    _new(session)
    first = _change(session, "rename", "New Name", request_key="t-1")
    session.commit()
    again = _change(session, "rename", "New Name", request_key="t-1")
    session.commit()
    assert again.replayed and again.event.id == first.event.id
    assert [e.action for e in audit.history(session, case_id=_case_id(session))] == [
        "case.rename",
        "case.create",
    ]


def test_outsiders_and_unknown_membership_are_refused(session):
    _new(session)
    with pytest.raises(Forbidden, match="Only members"):
        _change(session, "rename", "X", actor="UMALLORY")
    with pytest.raises(Forbidden, match="invite"):
        _change(session, "rename", "X", members=set())
    with pytest.raises(Forbidden):
        cases.summarize(session, channel_id="C1", now=NOW, viewer_id="UMALLORY", members=MEMBERS)


def test_changing_a_case_that_does_not_exist_says_how_to_start(session):
    with pytest.raises(NotFound, match="/case new"):
        _change(session, "close")
