"""Docket over Socket Mode (Bolt's websocket-client adapter): reconnection loses nothing."""

from __future__ import annotations

import io

from sqlmodel import Session, select

from bot.models import ChannelMember
from sandbox.shell import Shell


def _events(world, event_type: str) -> list[dict]:
    sockets = world.slack.sockets
    return [
        m
        for m in sockets.sent
        if m.get("type") == "events_api" and m["payload"]["event"]["type"] == event_type
    ]


def test_an_event_whose_connection_drops_before_the_ack_is_delivered_again(socket_world):
    world = socket_world
    out = io.StringIO()
    shell = Shell(world, out)
    shell.run([":in #smith-v-jones", "/case new Smith v. Jones"])
    sockets = world.slack.sockets
    made = sockets.connections_made
    sockets.drop_after_next_envelope()
    shell.run([":join bob #smith-v-jones"])
    assert "[error]" not in out.getvalue()
    bob = world.slack.user_by_name("bob")
    tries = [
        t
        for t in _events(world, "member_joined_channel")
        if t["payload"]["event"]["user"] == bob.id  # (:in told Docket of you and itself)
    ]
    assert [t["retry_attempt"] for t in tries] == [0, 1]
    assert tries[0]["payload"] == tries[1]["payload"]
    assert sockets.connections_made == made + 1
    with Session(world.engine) as session:
        rows = session.exec(select(ChannelMember).where(ChannelMember.user_id == bob.id)).all()
    assert len(rows) == 1


def test_refresh_and_drop_reconnect_and_the_next_command_is_answered(socket_world):
    world = socket_world
    out = io.StringIO()
    shell = Shell(world, out)
    shell.run([":in #smith-v-jones", "/case new Smith v. Jones", ":disconnect"])
    shell.run(["/task draft answer"])
    before_drop = len(out.getvalue())
    shell.run([":disconnect drop", "/task list"])
    text = out.getvalue()
    assert text.count("Docket reconnected") == 2, text
    assert "Added task #1" in text[:before_drop] and "#1 draft answer" in text[before_drop:]
    assert "[error]" not in text
    assert world.slack.sockets.connections_made == 3


def test_the_sandbox_refuses_disconnect_over_http(world):
    out = io.StringIO()
    Shell(world, out).run([":disconnect"])
    assert "needs the sandbox in Socket Mode" in out.getvalue()
