"""The stand-in's message metadata and conversations.history, as Slack has them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.slack_api import FakeSlack

META = {"event_type": "docket_outbox", "event_payload": {"outbox": "task:1:card"}}


@pytest.fixture()
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(clock=lambda: datetime(2026, 12, 1, 14, 0, tzinfo=UTC)) as fake:
        yield fake


@pytest.fixture()
def client(fake: FakeSlack) -> WebClient:
    return WebClient(token=fake.bot_token, base_url=fake.api_url)


def _error(call) -> str:
    with pytest.raises(SlackApiError) as caught:
        call()
    return str(caught.value.response["error"])


def test_metadata_comes_back_only_with_include_all_metadata(fake, client):
    ch = fake.add_channel("case", members=[fake.bot_user_id])
    first = client.chat_postMessage(channel=ch.id, text="card", metadata=META)["ts"]
    client.chat_postMessage(channel=ch.id, text="plain")
    plain = client.conversations_history(channel=ch.id)["messages"]
    assert [m["text"] for m in plain] == ["plain", "card"]  # newest first
    assert all("metadata" not in m for m in plain)
    full = client.conversations_history(channel=ch.id, include_all_metadata=True)["messages"]
    assert [m.get("metadata") for m in full] == [None, META]
    assert full[1]["ts"] == first


def test_history_pages_with_a_cursor_and_honours_oldest(fake, client):
    ch = fake.add_channel("case", members=[fake.bot_user_id])
    fake.rate_limits.enabled = False  # five posts in the same instant of a frozen clock
    stamps = [client.chat_postMessage(channel=ch.id, text=f"m{n}")["ts"] for n in range(5)]
    page = client.conversations_history(channel=ch.id, limit=2)
    assert [m["text"] for m in page["messages"]] == ["m4", "m3"] and page["has_more"]
    rest = client.conversations_history(
        channel=ch.id, limit=10, cursor=page["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in rest["messages"]] == ["m2", "m1", "m0"]
    since = client.conversations_history(channel=ch.id, oldest=stamps[2])
    assert [m["text"] for m in since["messages"]] == ["m4", "m3"]  # oldest is exclusive


def test_bad_metadata_and_missing_scopes_are_refused(fake, client):
    ch = fake.add_channel("case", members=[fake.bot_user_id])
    bad = {"event_type": "Docket Outbox", "event_payload": {}}
    assert _error(lambda: client.chat_postMessage(channel=ch.id, text="x", metadata=bad)) == (
        "invalid_metadata_schema"
    )
    no_payload = {"event_type": "docket_outbox"}
    assert (
        _error(lambda: client.chat_postMessage(channel=ch.id, text="x", metadata=no_payload))
        == "invalid_metadata_format"
    )
    fake.bot_scopes.discard("channels:history")
    assert _error(lambda: client.conversations_history(channel=ch.id)) == "missing_scope"
    outside = fake.add_channel("elsewhere")
    fake.bot_scopes.add("channels:history")
    assert _error(lambda: client.conversations_history(channel=outside.id)) == "not_in_channel"
