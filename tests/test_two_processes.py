"""Two scheduler processes on one PostgreSQL database send every outbox row exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.models import Outbox
from sandbox.slack_api import FakeSlack
from tests.factories import seed_cards

ROOT = Path(__file__).resolve().parents[1]
ROWS = 300

pytestmark = pytest.mark.skipif(
    not os.environ.get("DOCKET_TEST_DATABASE_URL"), reason="needs PostgreSQL (make test runs it)"
)


def test_two_clock_processes_never_send_a_row_twice(db_url, engine):
    slack = FakeSlack().start()  # with Slack's rate limits: 30 channels, 10 cards each
    channels = [slack.add_channel(f"two-clocks-{n}").id for n in range(ROWS // 10)]
    for channel in channels:
        slack.join(slack.bot_user_id, channel)
    try:
        seed_cards(engine, channels, ROWS // len(channels))
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_"))}
        env.update(
            DATABASE_URL=db_url,
            SLACK_BOT_TOKEN="xoxb-sandbox",
            SLACK_SIGNING_SECRET="s",
            SLACK_API_URL=slack.api_url,
            DOCKET_PACE_SECONDS="0",
            DOCKET_ENV_FILE=str(ROOT / "no.env"),
            LOG_LEVEL="WARNING",
        )
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "bot", "clock", "--drain"],
                cwd=ROOT,
                env=env,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        errors = [p.communicate(timeout=180)[1] for p in procs]
        assert [p.returncode for p in procs] == [0, 0], errors
        with Session(engine) as s:
            statuses = Counter(r.status for r in s.exec(select(Outbox)))
        assert statuses == {"sent": ROWS}
        posted = Counter(m.text for m in slack.messages if m.kind == "message")
        assert len(posted) == ROWS and set(posted.values()) == {1}
    finally:
        slack.stop()
