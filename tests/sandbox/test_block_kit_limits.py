"""The stand-in refuses what Slack refuses: one test per Block Kit limit, then every surface."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack_api import FakeSlack
from sandbox.slack_errors import SlackError


def _text(text: str, kind: str = "plain_text") -> dict[str, Any]:
    return {"type": kind, "text": text}


def _section(text: str = "hi", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": _text(text, "mrkdwn"), **extra}


def _button(label: str = "Go", action_id: str = "go", value: str = "v") -> dict[str, Any]:
    return {"type": "button", "text": _text(label), "action_id": action_id, "value": value}


def _select(options: list[dict]) -> dict[str, Any]:
    return {
        "type": "actions",
        "elements": [{"type": "static_select", "action_id": "s", "options": options}],
    }


def _option(label: str, value: str = "v") -> dict[str, Any]:
    return {"text": _text(label), "value": value}


def _modal(**extra: Any) -> dict[str, Any]:
    return {"type": "modal", "title": _text("Reassign task"), "blocks": [_section()], **extra}


MESSAGE_LIMITS: dict[str, tuple[dict[str, Any], str]] = {
    "block_id unique per message": (
        {"blocks": [_section(block_id="a"), _section(block_id="a")]},
        "invalid_blocks",
    ),
    "action_id unique within its block": (
        {"blocks": [{"type": "actions", "elements": [_button(value="1"), _button(value="2")]}]},
        "invalid_blocks",
    ),
    "at most 50 blocks in a message": ({"blocks": [_section()] * 51}, "invalid_blocks"),
    "section text at most 3,000": ({"blocks": [_section("x" * 3001)]}, "invalid_blocks"),
    "at most 10 section fields": (
        {"blocks": [{"type": "section", "fields": [_text("f", "mrkdwn")] * 11}]},
        "invalid_blocks",
    ),
    "section field at most 2,000": (
        {"blocks": [{"type": "section", "fields": [_text("x" * 2001, "mrkdwn")]}]},
        "invalid_blocks",
    ),
    "header at most 150": (
        {"blocks": [{"type": "header", "text": _text("x" * 151)}]},
        "invalid_blocks",
    ),
    "context at most 10 elements": (
        {"blocks": [{"type": "context", "elements": [_text("c", "mrkdwn")] * 11}]},
        "invalid_blocks",
    ),
    "button text at most 75": (
        {"blocks": [{"type": "actions", "elements": [_button("x" * 76)]}]},
        "invalid_blocks",
    ),
    "button value at most 2,000": (
        {"blocks": [{"type": "actions", "elements": [_button(value="x" * 2001)]}]},
        "invalid_blocks",
    ),
    "option text at most 75": ({"blocks": [_select([_option("x" * 76)])]}, "invalid_blocks"),
    "at most 100 options": (
        {"blocks": [_select([_option("o", str(i)) for i in range(101)])]},
        "invalid_blocks",
    ),
    "action_id at most 255": (
        {"blocks": [{"type": "actions", "elements": [_button(action_id="a" * 256)]}]},
        "invalid_blocks",
    ),
    "block_id at most 255": ({"blocks": [_section(block_id="b" * 256)]}, "invalid_blocks"),
    "unknown block type": ({"blocks": [{"type": "sparkles"}]}, "invalid_blocks"),
    "blocks need a notification text": ({"text": "", "blocks": [_section()]}, "no_text"),
    "notification text under 4,000": ({"text": "x" * 4001}, "msg_too_long"),
}

VIEW_LIMITS: dict[str, dict[str, Any]] = {
    "at most 100 blocks in a view": _modal(blocks=[_section()] * 101),
    "modal title at most 24": _modal(title=_text("x" * 25)),
    "modal submit at most 24": _modal(submit=_text("x" * 25)),
    "modal close at most 24": _modal(close=_text("x" * 25)),
    "private_metadata at most 3,000": _modal(private_metadata="x" * 3001),
    "callback_id at most 255": _modal(callback_id="c" * 256),
    "block_id unique per view": _modal(blocks=[_section(block_id="a"), _section(block_id="a")]),
}


@pytest.fixture()
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(clock=lambda: datetime(2026, 12, 1, 15, 0, tzinfo=UTC)) as fake:
        yield fake


@pytest.fixture()
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


@pytest.fixture()
def room(fake: FakeSlack) -> tuple[str, str]:
    alice = fake.add_user("alice")
    ch = fake.add_channel("case-smith", members=[alice.id, fake.bot_user_id])
    return ch.id, alice.id


def _refused(call) -> dict[str, Any]:
    with pytest.raises(SlackApiError) as info:
        call()
    return dict(info.value.response.data)


@pytest.mark.parametrize("limit", MESSAGE_LIMITS, ids=str)
def test_chat_post_message_refuses(client, room, fake, limit):
    args, code = MESSAGE_LIMITS[limit]
    before = len(fake.messages)
    body = _refused(lambda: client.chat_postMessage(channel=room[0], **{"text": "t", **args}))
    assert body["error"] == code
    if code == "invalid_blocks":
        assert body["response_metadata"]["messages"][0].startswith("[ERROR] ")
        assert "[json-pointer:/blocks" in body["response_metadata"]["messages"][0]
    assert len(fake.messages) == before  # nothing was posted


@pytest.mark.parametrize("limit", VIEW_LIMITS, ids=str)
def test_views_open_refuses(client, room, fake, limit):
    trigger = fake.new_trigger_id(user_id=room[1], channel_id=room[0])
    body = _refused(lambda: client.views_open(trigger_id=trigger, view=VIEW_LIMITS[limit]))
    assert body["error"] == "invalid_arguments"
    assert "json-pointer:/view" in body["response_metadata"]["messages"][0]


def test_a_valid_message_and_view_pass(client, room, fake):
    blocks = [
        _section(block_id="a"),
        {"type": "actions", "elements": [_button(), _button("No", "no")]},
    ]
    assert client.chat_postMessage(channel=room[0], text="t", blocks=blocks)["ok"]
    trigger = fake.new_trigger_id(user_id=room[1], channel_id=room[0])
    assert client.views_open(trigger_id=trigger, view=_modal(submit=_text("Reassign")))["ok"]


BAD = [{"type": "actions", "elements": [_button(value="1"), _button(value="2")]}]


def test_chat_update_refuses(client, room):
    posted = client.chat_postMessage(channel=room[0], text="t", blocks=[_section()])
    body = _refused(
        lambda: client.chat_update(channel=room[0], ts=posted["ts"], text="t", blocks=BAD)
    )
    assert body["error"] == "invalid_blocks"


def test_views_update_push_and_publish_refuse(client, room, fake):
    trigger = fake.new_trigger_id(user_id=room[1], channel_id=room[0])
    opened = client.views_open(trigger_id=trigger, view=_modal())["view"]
    bad = _modal(blocks=BAD)
    assert _refused(lambda: client.views_update(view_id=opened["id"], view=bad))["error"] == (
        "invalid_arguments"
    )
    pushed = fake.new_trigger_id(user_id=room[1], channel_id=room[0])  # one view per trigger
    assert _refused(lambda: client.views_push(trigger_id=pushed, view=bad))["error"] == (
        "invalid_arguments"
    )
    home = {"type": "home", "blocks": BAD}
    assert _refused(lambda: client.views_publish(user_id=room[1], view=home))["error"] == (
        "invalid_arguments"
    )


def test_a_response_url_post_is_refused_with_slacks_error(fake, room):
    url = fake.new_response_url(channel_id=room[0], user_id=room[1])
    data = json.dumps({"text": "t", "blocks": BAD}).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    body = json.loads(info.value.read())
    assert info.value.code == 400 and body["error"] == "invalid_blocks"
    assert body["response_metadata"]["messages"]


def test_a_command_answer_with_bad_blocks_is_shown_as_slack_shows_it(fake, room):
    with pytest.raises(SlackError):
        fake.record_reply({"text": "t", "blocks": BAD}, channel_id=room[0], user_id=room[1])
    shown = fake.answer_request(
        {"text": "t", "blocks": BAD}, channel_id=room[0], user_id=room[1], what="/task"
    )
    assert shown is not None and shown.kind == "error"
    assert shown.text == '/task failed with the error "invalid_blocks"'
