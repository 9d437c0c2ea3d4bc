"""A broken token pauses delivery and loses nothing; unknown errors retry; a short list is final."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from bot.models import Outbox
from bot.slack.delivery import PERMANENT, TOKEN_ERRORS
from tests.handlers.conftest import Team


def _rows(world, kind: str | None = None) -> list[Outbox]:
    with Session(world.engine) as s:
        query = select(Outbox).order_by(col(Outbox.id))
        if kind:
            query = query.where(Outbox.kind == kind)
        return list(s.exec(query))


def _alerts(world, user_id: str) -> list:
    return [
        m
        for m in world.slack.messages
        if m.kind == "message" and m.user == user_id and "due" in m.text and "#1" in m.text
    ]


def _case(world) -> Team:
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    team.cmd("alice", "/digest", "off")
    team.cmd("alice", "/task", "@bob draft brief by Dec 3 3pm")
    return team


@pytest.mark.parametrize("code", sorted(TOKEN_ERRORS))
def test_a_broken_token_then_a_fixed_one_delivers_every_alert_once(world, code):
    team = _case(world)
    bob = team.ids["bob"]
    world.slack.revoke_token(error=code)
    world.advance_to(world.clock.now() + timedelta(days=1, hours=12))
    assert _alerts(world, bob) == []
    held = [r for r in _rows(world, "alert") if r.status != "pending"]
    assert held and all(r.status == "sending" and r.last_error == f"paused:{code}" for r in held)
    assert not [r for r in _rows(world) if r.status == "failed"]
    world.slack.restore_token()
    world.advance_to(world.clock.now() + timedelta(days=2))
    alerts = _rows(world, "alert")
    assert alerts and {r.status for r in alerts} == {"sent"}
    texts = [m.text for m in _alerts(world, bob)]
    assert len(texts) == len(alerts)  # each alert once, none lost
    late = [m for m in world.slack.messages if "Sent late" in str(m.blocks)]
    assert late  # the ones due while paused say so


def test_the_installer_is_told_once_when_delivery_resumes(world):
    installer = world.slack.add_user("ines")
    world.deps = replace(
        world.deps, settings=replace(world.deps.settings, installer_id=installer.id)
    )
    team = _case(world)
    world.slack.revoke_token()
    world.advance_to(world.clock.now() + timedelta(days=1, hours=12))
    world.slack.restore_token()
    world.advance_to(world.clock.now() + timedelta(days=2))
    told = [m for m in world.slack.messages if m.user == installer.id]
    assert len(told) == 1 and "token_revoked" in told[0].text
    assert team


def test_an_unknown_error_is_retried_with_backoff(world):
    team = _case(world)
    world.slack.inject("chat.postMessage", error="something_new", times=2)
    world.advance_to(world.clock.now() + timedelta(days=4))
    alerts = _rows(world, "alert")
    assert {r.status for r in alerts} == {"sent"}
    assert max(r.attempts for r in alerts) >= 2
    assert team


def test_a_known_permanent_error_is_final(world):
    team = _case(world)
    world.slack.inject("chat.postMessage", error="invalid_blocks", times=1)
    world.advance_to(world.clock.now() + timedelta(days=4))
    assert [r.last_error for r in _rows(world) if r.status == "failed"] == ["invalid_blocks"]
    assert "invalid_blocks" in PERMANENT and not PERMANENT & TOKEN_ERRORS
    assert team


def _late_notes(world) -> list[str]:
    return [note for message in world.slack.messages for note in _late_notes_of(message)]


def test_a_message_held_for_the_token_says_so_when_it_goes_out_late(world):
    team = Team(world)
    team.cmd("alice", "/case", "new Smith v. Jones")
    world.advance_to(world.clock.now() + timedelta(minutes=1))
    world.slack.revoke_token()
    team.cmd("alice", "/task", "@bob draft brief by Dec 3 3pm")  # bob's DM: held
    world.advance_to(world.clock.now() + timedelta(days=1))  # Wed's digest: held too
    world.slack.restore_token()
    world.advance_to(world.clock.now() + timedelta(minutes=20))  # past the last hold
    notes = _late_notes(world)
    assert notes and not [n for n in notes if "offline" in n], notes
    assert (
        ":hourglass: Sent late (due 9:01 AM EST, Tue Dec 1): Slack refused Docket's token, "
        "so Docket held it until 9:15 AM EST, Wed Dec 2." in notes
    )  # bob's DM, due when the task was made, out when its hold ended with the token working
    digest = [m for m in world.slack.messages if "Digest" in str(m.blocks) and _late_notes_of(m)]
    assert digest and "Slack refused Docket's token" in _late_notes_of(digest[0])[0]


def _late_notes_of(message) -> list[str]:
    return [
        e.get("text", "")
        for b in message.blocks or []
        if b.get("type") == "context"
        for e in b.get("elements", [])
        if "Sent late" in e.get("text", "")
    ]
