"""/metrics in Prometheus' text format, read back with prometheus_client's own parser."""

from __future__ import annotations

import io
import urllib.request
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.slack.web import BotServer
from sandbox.shell import Shell

NY = ZoneInfo("America/New_York")


@pytest.fixture
def scrape(world):
    server = BotServer(None, deps=world.deps).start()

    def read() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        with urllib.request.urlopen(server.base_url + "/metrics", timeout=10) as resp:
            assert resp.headers["Content-Type"].startswith("text/plain; version=0.0.4")
            text = resp.read().decode()
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }

    try:
        yield read
    finally:
        server.stop()


def _value(samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_outbox_lag_rises_while_sends_fail_and_falls_when_they_stop(world, scrape):
    shell = Shell(world, io.StringIO())
    shell.run(
        [":in #smith-v-jones", "/case new Smith v. Jones", "/task @you file motion by tomorrow 3pm"]
    )
    before = scrape()
    assert _value(before, "docket_outbox_lag_seconds") == 0.0
    acks = _value(before, "docket_ack_seconds_count", kind="command", id="/task")
    assert acks >= 1
    world.advance_to(datetime(2026, 12, 2, 13, 59, tzinfo=NY))  # the morning digest went out
    shell.run([":fault chat.postMessage 500 3"])
    world.advance_to(datetime(2026, 12, 2, 14, 1, tzinfo=NY))  # the 1-hour alert fell due at 2 PM
    first = scrape()
    world.advance_to(datetime(2026, 12, 2, 14, 2, 30, tzinfo=NY))
    second = scrape()
    assert (
        0 < _value(first, "docket_outbox_lag_seconds") < _value(second, "docket_outbox_lag_seconds")
    )
    assert _value(second, "docket_outbox_lag_seconds") == 150.0
    retried = "docket_outbox_sends_total"
    grew = [
        key
        for key, value in second.items()
        if key[0] == retried and dict(key[1])["outcome"] == "retried" and value > before.get(key, 0)
    ]
    assert grew and all(dict(key[1])["error"] for key in grew)
    world.advance_to(datetime(2026, 12, 2, 14, 10, tzinfo=NY))  # the fault is spent: it goes out
    after = scrape()
    assert _value(after, "docket_outbox_lag_seconds") == 0.0
    assert _value(after, retried, outcome="sent", error="") > _value(
        second, retried, outcome="sent", error=""
    )
    assert _value(after, "docket_scheduler_job_seconds_count", job="docket.tick", outcome="ok") > 0


def test_429s_and_digests_are_counted(world, scrape):
    shell = Shell(world, io.StringIO())
    shell.run(
        [":in #smith-v-jones", "/case new Smith v. Jones", "/task @you file motion by tomorrow 3pm"]
    )
    before = scrape()
    shell.run([":fault chat.postMessage 429"])
    world.advance_to(world.clock.now() + timedelta(days=7))
    after = scrape()
    assert (
        _value(after, "docket_slack_ratelimited_total")
        == _value(before, "docket_slack_ratelimited_total") + 1
    )
    digests = sum(
        after.get(key, 0) - before.get(key, 0)
        for key in after
        if key[0] == "docket_digests_sent_total"
    )
    assert digests >= 1
