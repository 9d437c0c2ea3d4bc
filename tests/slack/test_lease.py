"""One keeper per sender renews every batch it holds; a batch it no longer holds can be taken."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bot.clock import FakeClock
from bot.config import Settings
from bot.db import session_scope
from bot.deps import Deps
from bot.models import Outbox
from bot.services import outbox
from bot.slack.lease import Leases
from bot.vocab import OutboxKind
from tests.factories import NOW

LEASE = timedelta(seconds=45)


def _claim(engine, keys: list[str], *, now) -> list[Outbox]:
    with Session(engine) as s:
        for key in keys:
            outbox.plan(
                s, key=key, kind=OutboxKind.TASK_CARD, team_id="T1", recipient="C1", due_at=now
            )
        s.commit()
    with session_scope(engine) as s:  # as a sender claims
        rows = outbox.claim(s, now=now, lease=LEASE)
        s.commit()
        return rows


def _statements(engine) -> list[str]:
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def _claimable(engine, now) -> list[str]:
    with session_scope(engine) as s:
        return [r.key for r in outbox.claim(s, now=now, lease=LEASE)]


def test_one_statement_renews_every_batch_and_a_batch_let_go_is_claimable_when_its_lease_ends(
    engine,
):
    clock = FakeClock(NOW)
    keeper = Leases(Deps(engine=engine, clock=clock, settings=Settings(lease_seconds=45)))
    first = keeper.hold(_claim(engine, ["a:1", "a:2"], now=NOW))
    second = keeper.hold(_claim(engine, ["b:1"], now=NOW))
    seen = _statements(engine)
    clock.set(NOW + LEASE - timedelta(seconds=1))
    keeper.renew()  # a third of the lease apart in production; any time before it ends here
    assert len([s for s in seen if s.lstrip().upper().startswith("UPDATE")]) == 1
    assert _claimable(engine, NOW + LEASE + timedelta(seconds=1)) == []  # both renewed
    second.__exit__(None, None, None)  # that batch is done (or its sender stopped caring)
    clock.set(NOW + LEASE + timedelta(seconds=1))
    keeper.renew()
    assert _claimable(engine, NOW + 2 * LEASE) == ["b:1"]  # not renewed once let go
    assert all(first.holds(i) for i in first.ids)  # a:* still this sender's
    first.__exit__(None, None, None)


def test_a_row_another_sender_took_is_no_longer_held(engine):
    clock = FakeClock(NOW)
    keeper = Leases(Deps(engine=engine, clock=clock, settings=Settings(lease_seconds=45)))
    lease = keeper.hold(_claim(engine, ["c:1"], now=NOW))
    (row_id,) = lease.ids
    with Session(engine) as s:  # this sender stalled past its lease; another claimed the row
        assert outbox.claim(s, now=NOW + LEASE + timedelta(seconds=1), lease=LEASE)
        s.commit()
    clock.set(NOW + LEASE + timedelta(seconds=2))
    keeper.renew()
    assert not lease.holds(row_id)
    lease.__exit__(None, None, None)
