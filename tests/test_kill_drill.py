"""kill -9 mid-batch: a second sender finishes; nothing is lost and nothing is posted twice.

The stand-in kills the sending process with SIGKILL from inside chat.postMessage, right after it
has recorded the fifth message and before answering: the worst moment, a message in Slack that
the dead process never recorded. The second sender claims the dead one's rows once their lease
ends (DOCKET_LEASE_SECONDS, 3 s here), finds that message in the channel's history by its
metadata, and sends only the rest. The bound without readable history is one message per send
worker of the dead process (tests/slack/test_delivery_claims.py shows the re-send).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from sqlmodel import Session, select

from bot.models import Outbox
from sandbox.slack_api import FakeSlack, Message
from tests.factories import seed_cards

ROOT = Path(__file__).resolve().parents[1]
ROWS, CHANNELS, KILL_AT = 40, 4, 5


class _KillingSlack(FakeSlack):
    """The stand-in, SIGKILLing the sender once the KILL_AT-th message is recorded."""

    def __init__(self) -> None:
        super().__init__()
        self.victim: int | None = None
        self.killed = threading.Event()
        self._once = threading.Lock()

    def record(self, msg: Message) -> Message:
        out = super().record(msg)
        posted = sum(m.kind == "message" for m in list(self.messages))
        # At or past KILL_AT: two send workers' records can land together, so the count may
        # step from KILL_AT - 1 to KILL_AT + 1 (an exact match then never fired: no kill).
        with self._once:
            if posted >= KILL_AT and self.victim is not None and not self.killed.is_set():
                os.kill(self.victim, signal.SIGKILL)  # before Slack's answer reaches the sender
                self.killed.set()
        return out


def _drain(db_url: str, slack: FakeSlack) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_"))}
    env.update(
        DATABASE_URL=db_url,
        SLACK_BOT_TOKEN="xoxb-sandbox",
        SLACK_SIGNING_SECRET="s",
        SLACK_API_URL=slack.api_url,
        DOCKET_PACE_SECONDS="0",  # ten cards a channel: within Slack's burst
        DOCKET_LEASE_SECONDS="3",
        DOCKET_ENV_FILE=str(ROOT / "no.env"),
        LOG_LEVEL="WARNING",
    )
    command = [sys.executable, "-m", "bot", "clock", "--drain"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


def test_kill_9_mid_batch_loses_nothing_and_posts_nothing_twice(db_url, engine):
    slack = _KillingSlack().start()  # Slack's rate limits on
    try:
        channels = [slack.add_channel(f"drill-{n}").id for n in range(CHANNELS)]
        for channel in channels:
            slack.join(slack.bot_user_id, channel)
        seed_cards(engine, channels, ROWS // CHANNELS)
        first = _drain(db_url, slack)
        slack.victim = first.pid
        first.communicate(timeout=120)
        assert first.returncode == -signal.SIGKILL and slack.killed.is_set()
        with Session(engine) as s:
            left = Counter(r.status for r in s.exec(select(Outbox)))
        assert left["sending"] > 0  # the dead sender's claim is still on its rows

        second = _drain(db_url, slack)
        _, errors = second.communicate(timeout=120)
        assert second.returncode == 0, errors
        with Session(engine) as s:
            rows = list(s.exec(select(Outbox)))
        assert Counter(r.status for r in rows) == {"sent": ROWS}  # nothing lost
        posted = Counter(m.text for m in slack.messages if m.kind == "message")
        assert len(posted) == ROWS and set(posted.values()) == {1}  # nothing twice
        by_ts = {m.ts for m in slack.messages if m.kind == "message"}
        assert {r.ts for r in rows} == by_ts  # the killed call's message was found, not re-sent
        assert any(c[0] == "conversations.history" for c in slack.calls)
    finally:
        slack.stop()
