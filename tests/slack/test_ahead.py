"""Case digests built before their moment: sent as built only while that is still the truth."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from bot.blocks.notice import render
from bot.models import Outbox
from bot.services import digest_ahead, digests
from bot.services.notice_types import Skip
from bot.slack import ahead

NY = ZoneInfo("America/New_York")
MOMENT = datetime(2026, 12, 2, 8, 30, tzinfo=NY)  # Wednesday's 08:30 digest


def _digest_row(world) -> Outbox:
    with Session(world.engine) as s:
        return s.exec(select(Outbox).where(Outbox.kind == "digest", Outbox.due_at == MOMENT)).one()


def _posted(world, channel: str) -> list:
    return [
        m
        for m in world.slack.messages
        if m.kind == "message" and m.channel == channel and ":sunrise:" in json.dumps(m.blocks)
    ]


def _composed_now(world, row: Outbox) -> dict:
    """What composing the digest at the clock's moment gives (the reference)."""
    with Session(world.engine) as s:
        notice = digests.compose(s, row=row, now=world.clock.now())
        assert not isinstance(notice, Skip)
        return render(notice, tz=world.settings.timezone)


def _case_with_tasks(team) -> None:
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/task", "@bob draft brief by Dec 2 9am")
    team.cmd("alice", "/task", "@bob file the motion by Dec 4")


def test_built_a_minute_ahead_as_composing_at_its_moment_would_and_sent_as_built(team):
    world = team.world
    _case_with_tasks(team)
    world.clock.set(MOMENT - timedelta(seconds=30))
    assert ahead.prepare(world.deps) == 1
    row = _digest_row(world)
    ready = digest_ahead.prepared(row)
    assert ready is not None and ready.as_of == MOMENT
    world.clock.set(MOMENT)
    row.payload = None
    assert ready.message == _composed_now(world, row)  # what composing at 08:30 says
    with Session(world.engine) as s:  # mark what was built, to see which one is sent
        stored = s.get(Outbox, row.id)
        assert stored is not None and stored.payload is not None
        stored.payload = stored.payload.replace("Digest:", "Digest (built ahead):")
        s.add(stored)
        s.commit()
    world.advance_to(MOMENT + timedelta(seconds=30))
    (posted,) = _posted(world, team.channel)
    assert "Digest (built ahead):" in json.dumps(posted.blocks)  # sent as built, not again


def test_a_change_after_it_was_built_is_in_the_digest_sent(team):
    world = team.world
    _case_with_tasks(team)
    world.clock.set(MOMENT - timedelta(seconds=30))
    ahead.prepare(world.deps)
    built = digest_ahead.prepared(_digest_row(world))
    assert built is not None and "#1" in json.dumps(built.message)
    team.cmd("bob", "/task", "done 1")
    world.advance_to(MOMENT)
    (posted,) = _posted(world, team.channel)
    assert posted.blocks != built.message["blocks"]  # composed again, with #1 done
    assert "Done since the last digest" in json.dumps(posted.blocks)


def test_a_task_falling_due_after_the_moment_sends_it_composed_again(team):
    world = team.world
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/task", "@bob call the clerk by Dec 2 8:31am")
    world.clock.set(MOMENT - timedelta(seconds=30))
    ahead.prepare(world.deps)
    row = _digest_row(world)
    ready = digest_ahead.prepared(row)
    assert ready is not None
    with Session(world.engine) as s:
        assert digest_ahead.still_true(s, row=row, ready=ready, now=MOMENT)
        late = MOMENT + timedelta(seconds=90)  # sent after #1 fell due: not what was built
        assert not digest_ahead.still_true(s, row=row, ready=ready, now=late)
        assert not digest_ahead.still_true(s, row=row, ready=ready, now=MOMENT + timedelta(hours=1))


def test_a_digest_with_nothing_to_say_is_left_to_its_moment(team):
    world = team.world
    team.cmd("alice", "/case", "new Smith v. Jones")  # no tasks: a quiet digest is skipped
    world.clock.set(MOMENT - timedelta(seconds=30))
    assert ahead.prepare(world.deps) == 0
    assert digest_ahead.prepared(_digest_row(world)) is None
    assert ahead.prepare(world.deps) == 0  # looked at once, not again and again
    world.advance_to(MOMENT)
    assert _posted(world, team.channel) == []
