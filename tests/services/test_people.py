"""The local directory's queries on the real database (SQLite, and PostgreSQL under make test)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.services import people
from tests.factories import add_case

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _join(session, channel: str, *users: str) -> None:
    for user in users:
        people.set_membership(session, channel_id=channel, user_id=user, member=True)


def test_open_case_channels_is_the_open_cases_the_user_is_in(session):
    add_case(session, "C1", "Smith v. Jones")
    add_case(session, "C2", "Doe v. Roe")
    closed = add_case(session, "C3", "Closed v. Case")
    closed.status = "closed"
    add_case(session, "C4", "Other Team", team="T2")
    _join(session, "C1", "UALICE", "UBOB")
    _join(session, "C2", "UBOB")
    _join(session, "C3", "UALICE")
    _join(session, "C4", "UALICE")
    _join(session, "CNOCASE", "UALICE")  # a channel without a case
    session.flush()
    assert people.open_case_channels(session, user_id="UALICE") == {"C1", "C4"}
    assert people.open_case_channels(session, user_id="UALICE", team_id="T1") == {"C1"}
    assert people.open_case_channels(session, user_id="UNOBODY") == set()


def test_store_members_replaces_the_list_and_says_who_dropped_out(session):
    _join(session, "C1", "UALICE", "UBOB")
    gone = people.store_members(session, channel_id="C1", members={"UALICE", "UCAROL"}, now=NOW)
    assert gone == {"UBOB"}
    assert people.known_members(session, channel_id="C1") == {"UALICE", "UCAROL"}
    assert people.synced_since(session, channel_id="C1", since=NOW)
    assert not people.synced_since(session, channel_id="C1", since=NOW + timedelta(seconds=1))
    people.mark_unsynced(session, channel_id="C1")
    assert not people.synced_since(session, channel_id="C1", since=NOW - timedelta(days=1))


def test_reconcile_order_is_never_read_first_then_oldest(session):
    for n in range(1, 5):
        add_case(session, f"C{n}", f"Case {n}")
    closed = add_case(session, "C9", "Closed")
    closed.status = "closed"
    people.store_members(session, channel_id="C1", members={"U1"}, now=NOW - timedelta(hours=9))
    people.store_members(session, channel_id="C2", members={"U1"}, now=NOW - timedelta(hours=7))
    people.store_members(session, channel_id="C3", members={"U1"}, now=NOW - timedelta(hours=1))
    session.flush()
    before = NOW - timedelta(hours=6)
    assert people.channels_to_reconcile(session, before=before, limit=10) == ["C4", "C1", "C2"]
    assert people.channels_to_reconcile(session, before=before, limit=2) == ["C4", "C1"]
    assert people.next_reconcile(session, every=timedelta(hours=6)) == people.NEVER
    people.store_members(session, channel_id="C4", members={"U1"}, now=NOW)
    assert people.next_reconcile(session, every=timedelta(hours=6)) == NOW - timedelta(hours=3)
