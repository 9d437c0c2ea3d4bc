"""Rate limits in the stand-in: tiers per minute and chat.postMessage per channel, with 429."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from sandbox.rate_limits import POST_BURST, TIER_PER_MINUTE
from sandbox.slack_api import FakeSlack


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture()
def setup():
    clock = Clock()
    with FakeSlack(clock=clock) as fake:
        alice = fake.add_user("alice")
        ch = fake.add_channel("case", members=[alice.id, fake.bot_user_id])
        client = WebClient(token=fake.bot_token, base_url=fake.api_url)
        client.retry_handlers.clear()
        yield fake, client, clock, ch.id, alice.id


def test_chat_post_message_allows_a_burst_then_one_a_second_per_channel(setup):
    fake, client, clock, channel, alice = setup
    for _ in range(POST_BURST):
        client.chat_postMessage(channel=channel, text="t")
    with pytest.raises(SlackApiError) as info:
        client.chat_postMessage(channel=channel, text="t")
    assert info.value.response.status_code == 429
    assert info.value.response.headers["Retry-After"] == "1"
    assert client.chat_postMessage(channel=alice, text="another channel")["ok"]
    clock.now += timedelta(seconds=1)
    assert client.chat_postMessage(channel=channel, text="t")["ok"]


def test_a_tier_3_method_is_limited_per_minute(setup):
    fake, client, clock, channel, alice = setup
    for _ in range(TIER_PER_MINUTE[3]):
        client.conversations_info(channel=channel)
    with pytest.raises(SlackApiError) as info:
        client.conversations_info(channel=channel)
    assert info.value.response.status_code == 429
    assert int(info.value.response.headers["Retry-After"]) == 60
    clock.now += timedelta(minutes=1)
    assert client.conversations_info(channel=channel)["ok"]


def test_a_revoked_token_answers_token_revoked_until_restored(setup):
    fake, client, clock, channel, alice = setup
    fake.revoke_token()
    with pytest.raises(SlackApiError) as info:
        client.auth_test()
    assert info.value.response["error"] == "token_revoked"
    fake.restore_token()
    assert client.auth_test()["ok"]
