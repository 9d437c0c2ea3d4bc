"""The stand-in's Socket Mode: single-use URLs, hello, envelopes and acks, retries, disconnects."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from sandbox.slack_api import FakeSlack


@pytest.fixture
def slack():
    with FakeSlack() as fake:
        yield fake


def _url(slack: FakeSlack, token: str = "xapp-sandbox") -> str:
    return str(WebClient(base_url=slack.api_url).apps_connections_open(app_token=token)["url"])


def _recv(ws: ClientConnection) -> dict:
    return json.loads(ws.recv(timeout=10))


def test_only_the_app_level_token_opens_a_loopback_websocket_url(slack):
    url = _url(slack)
    assert url.startswith("ws://127.0.0.1:") and "/link/?ticket=" in url
    for token, error in (
        ("xoxb-sandbox", "not_allowed_token_type"),
        ("xapp-wrong", "invalid_auth"),
    ):
        with pytest.raises(SlackApiError) as caught:
            _url(slack, token)
        assert caught.value.response["error"] == error


def test_hello_on_connect_and_a_url_works_once(slack):
    url = _url(slack)
    with connect(url) as ws:
        hello = _recv(ws)
        assert hello["type"] == "hello" and hello["num_connections"] == 1
        assert hello["connection_info"]["app_id"] == slack.app_id
        with pytest.raises(InvalidStatus) as caught:
            connect(url)
        assert caught.value.response.status_code == 401


def test_an_ack_carries_the_command_reply(slack):
    with connect(_url(slack)) as ws, ThreadPoolExecutor(1) as pool:
        _recv(ws)  # hello
        assert slack.sockets is not None
        sent = pool.submit(
            slack.sockets.deliver,
            "slash_commands",
            {"command": "/task"},
            accepts_response_payload=True,
        )
        envelope = _recv(ws)
        assert envelope["type"] == "slash_commands" and envelope["accepts_response_payload"]
        assert envelope["payload"] == {"command": "/task"} and "retry_attempt" not in envelope
        ws.send(json.dumps({"envelope_id": envelope["envelope_id"], "payload": {"text": "ok"}}))
        ack = sent.result(timeout=10)
    assert ack is not None and ack.payload == {"text": "ok"} and ack.attempts == 1
    assert slack.sockets.protocol_errors == []


def test_an_unacked_event_is_sent_again_an_unacked_command_is_lost(slack):
    with connect(_url(slack)) as ws, ThreadPoolExecutor(1) as pool:
        _recv(ws)
        sockets = slack.sockets
        assert sockets is not None
        sockets.ack_seconds = 0.2
        event = {"type": "event_callback", "event_id": "Ev1"}
        sent = pool.submit(sockets.deliver, "events_api", event, accepts_response_payload=False)
        first, second = _recv(ws), _recv(ws)
        assert (first["retry_attempt"], first["retry_reason"]) == (0, "")
        assert (second["retry_attempt"], second["retry_reason"]) == (1, "timeout")
        assert first["payload"] == second["payload"] == event
        assert first["envelope_id"] != second["envelope_id"]
        ws.send(json.dumps({"envelope_id": second["envelope_id"]}))
        ack = sent.result(timeout=10)
        assert ack is not None and ack.attempts == 2 and ack.payload is None

        lost = pool.submit(sockets.deliver, "slash_commands", {}, accepts_response_payload=True)
        _recv(ws)
        assert lost.result(timeout=10) is None
        ws.send("not json")
        ws.send(json.dumps({"envelope_id": first["envelope_id"]}))
        ws.close()
    assert sockets.wait_all_closed()  # the server has read everything the client sent
    assert any("not JSON" in e for e in sockets.protocol_errors)
    assert sockets.late_acks == [first["envelope_id"]]
    assert [m["type"] for m in sockets.sent].count("slash_commands") == 1


def test_disconnect_tells_the_reason(slack):
    with connect(_url(slack)) as ws:
        _recv(ws)
        assert slack.sockets is not None
        slack.sockets.disconnect("warning")
        assert _recv(ws) == {
            "type": "disconnect",
            "reason": "warning",
            "debug_info": {"host": "sandbox"},
        }
        with pytest.raises(ValueError):
            slack.sockets.disconnect("bored")
