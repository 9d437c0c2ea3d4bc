"""SIGTERM: the clock stops mid-batch, hands back what it claimed, and nothing is sent twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from sqlmodel import Session, select

from bot.models import Outbox
from sandbox.slack_api import FakeSlack, Message
from tests.factories import seed_cards

ROOT = Path(__file__).resolve().parents[1]
ROWS = 40


class _WatchedSlack(FakeSlack):
    """The stand-in, telling the test when the third message has arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.third = threading.Event()

    def record(self, msg: Message) -> Message:
        out = super().record(msg)
        if len(self.messages) >= 3:
            self.third.set()
        return out


def _env(db_url: str, slack: FakeSlack, pace: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_"))}
    env.update(
        DATABASE_URL=db_url,
        SLACK_BOT_TOKEN="xoxb-sandbox",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=slack.api_url,
        DOCKET_PACE_SECONDS=pace,
        DOCKET_ENV_FILE=str(ROOT / "no.env"),
        LOG_LEVEL="WARNING",
    )
    return env


def test_sigterm_mid_batch_releases_claimed_rows_and_each_is_sent_once(db_url, engine):
    slack = _WatchedSlack().start()  # with Slack's rate limits: 4 channels, 10 cards each
    try:
        channels = [slack.add_channel(f"shutdown-{n}").id for n in range(4)]
        for channel in channels:
            slack.join(slack.bot_user_id, channel)
        seed_cards(engine, channels, ROWS // len(channels))
        clock = subprocess.Popen(
            [sys.executable, "-m", "bot", "clock"],
            cwd=ROOT,
            env=_env(db_url, slack, pace="1"),  # paced as Slack asks: the batch takes ~10 s
            stderr=subprocess.PIPE,
            text=True,
        )
        assert slack.third.wait(timeout=120), "the clock sent nothing"
        clock.send_signal(signal.SIGTERM)
        _, errors = clock.communicate(timeout=60)
        assert clock.returncode == 0, errors
        with Session(engine) as s:
            rows = s.exec(select(Outbox).where(Outbox.kind == "task_card")).all()
        statuses = Counter(r.status for r in rows)
        assert statuses["sending"] == 0  # released at once, not left to the lease
        assert 3 <= statuses["sent"] < ROWS and statuses["pending"] == ROWS - statuses["sent"]
        assert {r.attempts for r in rows if r.status == "pending"} == {0}

        drain = subprocess.run(
            [sys.executable, "-m", "bot", "clock", "--drain"],
            cwd=ROOT,
            env=_env(db_url, slack, pace="0"),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert drain.returncode == 0, drain.stderr
        with Session(engine) as s:
            cards = s.exec(select(Outbox).where(Outbox.kind == "task_card")).all()
        assert Counter(r.status for r in cards) == {"sent": ROWS}
        posted = Counter(m.text for m in slack.messages if m.kind == "message")
        assert len(posted) == ROWS and set(posted.values()) == {1}
    finally:
        slack.stop()


class _SlowSlack(FakeSlack):
    """The stand-in, holding Web API calls once armed until the test lets them go."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self.called = threading.Event()
        self.go = threading.Event()

    def handle_api(self, method, params, token):
        if self.armed:
            self.called.set()
            self.go.wait(timeout=60)
        return super().handle_api(method, params, token)


def test_sigterm_lets_the_web_process_finish_a_request_in_flight(tmp_path):
    import socket

    from sandbox.driver import Driver

    slack = _SlowSlack().start()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = _env(f"sqlite:///{tmp_path / 'web.db'}", slack, pace="0")
    env.update(SLACK_SIGNING_SECRET="web-secret", PORT=str(port), LOG_LEVEL="INFO")
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        assert proc.stderr is not None
        for line in proc.stderr:
            if "listening on" in line:
                break
        driver = Driver(
            bot_url=f"http://127.0.0.1:{port}/slack/events",
            signing_secret="web-secret",
            slack=slack,
        )
        user, channel = slack.add_user("alice").id, slack.add_channel("in-flight").id
        slack.join(user, channel)
        slack.armed = True
        with ThreadPoolExecutor(1) as pool:
            reply = pool.submit(
                driver.command, user_id=user, channel_id=channel, command="/case", text="new Doe"
            )
            assert slack.called.wait(timeout=60)  # the request is in flight, waiting on Slack
            proc.send_signal(signal.SIGTERM)
            for line in proc.stderr:  # the process has taken the signal
                if "received" in line:
                    break
            slack.go.set()
            answer = reply.result(timeout=60)
        assert answer.status == 200, answer.body
        _, errors = proc.communicate(timeout=60)
        assert proc.returncode == 0, errors
    finally:
        slack.go.set()
        if proc.poll() is None:
            proc.kill()
        slack.stop()
