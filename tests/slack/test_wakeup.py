"""The courier is woken by requests that committed outbox rows, and only by those."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from bot.db import session_scope
from bot.models import Outbox
from bot.services import outbox
from bot.slack import wakeup
from bot.vocab import OutboxKind, OutboxStatus

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _row(key: str) -> Outbox:
    return Outbox(
        key=key,
        kind=OutboxKind.ASSIGN_DM,
        team_id="T1",
        recipient="U1",
        due_at=NOW,
        status=OutboxStatus.PENDING,
    )


def test_only_a_committed_outbox_write_counts(engine):
    wakeup.watch(engine)
    wakeup.watch(engine)  # twice is once
    wakeup.start()
    with session_scope(engine) as session:
        session.exec(select(Outbox)).all()
    assert not wakeup.committed()  # a read
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(_row("k1"))
        session.flush()
        raise RuntimeError("rolled back")
    assert not wakeup.committed()  # written, then rolled back
    with session_scope(engine) as session:
        session.add(_row("k2"))
    assert wakeup.committed()
    wakeup.start()
    assert not wakeup.committed()  # the next request starts afresh
    with session_scope(engine) as session:
        row = session.exec(select(Outbox)).one()
        row.status = OutboxStatus.CANCELLED
        session.add(row)
    assert wakeup.committed()  # an update counts too
    wakeup.start()
    with session_scope(engine) as session:  # an ORM INSERT ... ON CONFLICT ... RETURNING
        outbox.plan(
            session, key="k3", kind=OutboxKind.REPLY, team_id="T", recipient="U", due_at=NOW
        )
    assert wakeup.committed()


def _wakes(world) -> list[int]:
    woken: list[int] = []
    courier = world.app.courier
    real = courier.wake

    def wake() -> None:
        woken.append(1)
        real()

    courier.wake = wake
    return woken


def test_a_request_that_plans_nothing_leaves_the_courier_asleep(team):
    team.cmd("alice", "/case", "new Smith v. Jones")
    woken = _wakes(team.world)
    reply = team.cmd("alice", "/task", "list")
    assert reply.status == 200
    team.cmd("alice", "/case")
    assert woken == []
    reply = team.cmd("alice", "/task", "@bob file the brief by Dec 8 5pm")
    assert "Added task #1" in json.dumps(reply.json)
    assert woken == [1]  # the card and bob's DM are in the outbox: the courier goes
