"""Claims on outbox rows: short leases, renewed; only the holder of a claim records an outcome."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.db import session_scope, statement_scope
from bot.models import Outbox, Task
from bot.services import outbox
from bot.vocab import OutboxKind, OutboxStatus
from tests.factories import NOW, add_case, add_task


def _planned(session, count: int = 3) -> list[Outbox]:
    rows = [
        outbox.plan(
            session,
            key=f"test:{n}",
            kind=OutboxKind.TASK_CARD,
            team_id="T1",
            recipient="C1",
            due_at=NOW,
        )
        for n in range(count)
    ]
    session.commit()
    return rows


def test_a_dead_senders_rows_are_claimable_when_its_short_lease_ends_and_marked_in_doubt(session):
    _planned(session)
    first = outbox.claim(session, now=NOW)
    session.commit()
    assert len(first) == 3 and outbox.LEASE <= timedelta(minutes=1)
    assert outbox.claim(session, now=NOW + outbox.LEASE - timedelta(seconds=1)) == []
    second = outbox.claim(session, now=NOW + outbox.LEASE + timedelta(seconds=1))
    session.commit()
    assert {r.id for r in second} == {r.id for r in first}
    assert {r.last_error for r in second} == {outbox.IN_DOUBT}  # it may be in Slack already
    assert {r.attempts for r in second} == {2}


def test_only_the_holder_of_the_claim_records_an_outcome(session):
    (row,) = _planned(session, 1)
    (old,) = outbox.claim(session, now=NOW)
    old_token = old.claim_token
    session.commit()
    (new,) = outbox.claim(session, now=NOW + outbox.LEASE + timedelta(seconds=1))
    session.commit()
    late = NOW + timedelta(minutes=2)
    assert not outbox.mark_sent(
        session, row_id=row.id, claim_token=old_token, ts="1.0", now=late, late=False
    )
    assert not outbox.retry_later(
        session, row_id=row.id, claim_token=old_token, reason="x", now=late, wait=1
    )
    assert not outbox.mark_failed(
        session, row_id=row.id, claim_token=old_token, reason="x", now=late
    )
    assert outbox.mark_sent(
        session, row_id=row.id, claim_token=new.claim_token, ts="2.0", now=late, late=False
    )
    session.commit()
    session.refresh(row)
    assert (row.status, row.ts) == (OutboxStatus.SENT, "2.0")


def test_a_card_is_remembered_with_its_row_only_while_the_claim_holds_it(engine):
    with Session(engine, expire_on_commit=False) as session:
        case = add_case(session)
        first, second = add_task(session, case, 1), add_task(session, case, 2)
        (row,) = _planned(session, 1)
        lost = outbox.claim(session, now=NOW)[0].claim_token or ""
        session.commit()
        held = outbox.claim(session, now=NOW + outbox.LEASE + timedelta(seconds=1))[0].claim_token
        session.commit()
    late = NOW + timedelta(minutes=2)
    with statement_scope(engine) as session:  # one statement on PostgreSQL, as the sender runs it
        assert not outbox.mark_sent(
            session, row_id=row.id, claim_token=lost, ts="1.0", now=late,
            late=False, card_of=first.id,
        )  # fmt: skip
    with session_scope(engine) as session:
        assert outbox.mark_sent(
            session, row_id=row.id, claim_token=held or "", ts="2.0", now=late,
            late=False, card_of=second.id,
        )  # fmt: skip
    with Session(engine) as session:
        assert session.get(Task, first.id).card_ts is None  # the lost claim recorded nothing
        assert session.get(Task, second.id).card_ts == "2.0"
        sent = session.get(Outbox, row.id)
        assert (sent.status, sent.task_id) == (OutboxStatus.SENT, None)  # no other column set


def test_a_tasks_first_card_stays_where_it_is(engine):
    with Session(engine, expire_on_commit=False) as session:
        task = add_task(session, add_case(session), 1, card_ts="1.0")
        (row,) = _planned(session, 1)
        (claimed,) = outbox.claim(session, now=NOW)
        session.commit()
    with statement_scope(engine) as session:
        assert outbox.mark_sent(
            session, row_id=row.id, claim_token=claimed.claim_token or "", ts="2.0", now=NOW,
            late=False, card_of=task.id,
        )  # fmt: skip
    with Session(engine) as session:
        assert session.get(Task, task.id).card_ts == "1.0"
        assert session.get(Outbox, row.id).ts == "2.0"


def test_renewing_keeps_a_long_batch_from_being_taken_over(session):
    _planned(session)
    claimed = outbox.claim(session, now=NOW)
    session.commit()
    token = claimed[0].claim_token
    beat = NOW
    for _ in range(6):  # a batch paced at 1/s for minutes, renewed every RENEW
        beat += outbox.RENEW
        assert outbox.renew(session, claim_token=token, now=beat) == {r.id for r in claimed}
        session.commit()
        assert outbox.claim(session, now=beat + outbox.RENEW) == []


def test_a_429_puts_the_row_back_without_counting_the_try(session):
    (row,) = _planned(session, 1)
    for n in range(outbox.MAX_ATTEMPTS * 2):  # more 429s than attempts: still pending, never failed
        moment = NOW + timedelta(seconds=30 * n)
        (claimed,) = outbox.claim(session, now=moment)
        assert outbox.back_off(
            session,
            row_id=row.id,
            claim_token=claimed.claim_token,
            reason="ratelimited",
            until=moment + timedelta(seconds=30),
        )
        session.commit()
    session.refresh(row)
    assert (row.status, row.attempts) == (OutboxStatus.PENDING, 0)
    assert row.due_at == NOW + timedelta(seconds=30 * outbox.MAX_ATTEMPTS * 2)


def test_a_claim_takes_at_most_its_limit_and_two_senders_split_the_due_rows(engine):
    with Session(engine) as s:
        _planned(s, 7)
    concurrent = engine.dialect.name == "postgresql"  # SQLite has one writer at a time
    with Session(engine) as first, Session(engine) as second:
        mine = outbox.claim(first, now=NOW, limit=3)  # open on PostgreSQL: its rows stay locked
        if not concurrent:
            first.commit()
        theirs = outbox.claim(second, now=NOW, limit=3)
        assert len(mine) == 3 and len(theirs) == 3  # (PostgreSQL took all 7, whatever the limit)
        assert not {r.id for r in mine} & {r.id for r in theirs}
        first.commit()
        second.commit()
    with Session(engine) as s:
        assert [r.key for r in outbox.claim(s, now=NOW, limit=3)] == ["test:6"]
