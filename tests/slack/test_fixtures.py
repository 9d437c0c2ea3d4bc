"""Payloads in the shapes Slack documents (Enterprise Grid fields, W… user ids), replayed signed.

tests/fixtures/slack/NAME.json: `*.form.json` is sent as a form, `*.payload.json` as a form with
its JSON in `payload` (interactions), anything else as a JSON body (events). Each is answered.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlencode

import pytest

from sandbox.slack_state import Channel, User

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "slack"
CASE_CHANNEL = "C0123CASE"


def _world_like_the_fixtures(world) -> None:
    """The users and channel the fixtures name, with a case and task #1 in it."""
    slack = world.slack
    for user_id, name in (("W0123ALICE", "alice"), ("U0123BOB", "bob"), ("W0123CAROL", "carol")):
        slack.users[user_id] = User(id=user_id, name=name)
    members = {"W0123ALICE", "U0123BOB", slack.bot_user_id}
    slack.channels[CASE_CHANNEL] = Channel(id=CASE_CHANNEL, name="smith-v-jones", members=members)
    for text in ("new Smith v. Jones", "draft the reply brief by Dec 10 5pm"):
        command = "/case" if text.startswith("new") else "/task"
        reply = world.driver.command(
            user_id="W0123ALICE", channel_id=CASE_CHANNEL, command=command, text=text
        )
        assert reply.status == 200, reply.body


def _body(name: str, data: dict, world) -> tuple[bytes, str]:
    """The fixture as Slack would send it, its response_url pointing at the stand-in."""
    if "response_url" in data:
        data["response_url"] = world.slack.new_response_url(
            channel_id=CASE_CHANNEL, user_id="W0123ALICE"
        )
    if "trigger_id" in data:
        world.slack.new_trigger_id(
            user_id="W0123ALICE", channel_id=CASE_CHANNEL, trigger_id=data["trigger_id"]
        )
    if name.endswith(".form.json"):
        return urlencode(data).encode(), "application/x-www-form-urlencoded"
    if name.endswith(".payload.json"):
        form = urlencode({"payload": json.dumps(data)}).encode()
        return form, "application/x-www-form-urlencoded"
    return json.dumps(data).encode(), "application/json"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_every_fixture_is_answered_through_http_mode(world, path):
    _world_like_the_fixtures(world)
    before = len(world.slack.messages)
    data = json.loads(path.read_text())
    body, content_type = _body(path.name, data, world)
    reply = world.driver.post(body, content_type=content_type)
    assert reply.status == 200, (path.name, reply.status, reply.body)
    if data.get("type") == "url_verification":
        assert data["challenge"] in reply.body
    shown = world.slack.messages_since(before)
    assert not [m for m in shown if m.kind == "error"], shown


def test_the_fixtures_carry_enterprise_grid_fields_and_w_ids():
    texts = [p.read_text() for p in FIXTURES.glob("*.json")]
    assert len(texts) >= 15
    assert sum('"enterprise_id"' in t or '"enterprise"' in t for t in texts) >= 12
    assert sum("W0123ALICE" in t for t in texts) >= 8
