"""Two scheduler processes on one PostgreSQL database send every outbox row exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.db import make_engine
from bot.models import Case, Outbox, Task, Workspace
from bot.services import outbox
from sandbox.slack_api import FakeSlack

ROOT = Path(__file__).resolve().parents[1]
ROWS = 300

pytestmark = pytest.mark.skipif(
    not os.environ.get("DOCKET_TEST_DATABASE_URL"), reason="needs PostgreSQL (make test runs it)"
)


def test_two_clock_processes_never_send_a_row_twice(db_url):
    slack = FakeSlack().start()
    # Hundreds of unpaced cards to one channel: this test is about claims, not Slack's per-channel
    # limit (tests/sandbox covers that), so the stand-in's rate limits are off here.
    slack.rate_limits.enabled = False
    channel = slack.add_channel("two-clocks")
    slack.join(slack.bot_user_id, channel.id)
    now = datetime.now(UTC) - timedelta(minutes=1)  # noqa: DTZ005 - the processes use real time
    engine = make_engine(db_url)
    try:
        with Session(engine) as s:
            s.add(Workspace(id="T0SANDBOX", created_at=now))
            s.flush()
            case = Case(
                team_id="T0SANDBOX",
                channel_id=channel.id,
                name="Two clocks",
                created_by="U1",
                created_at=now,
                updated_at=now,
            )
            s.add(case)
            s.flush()
            for n in range(1, ROWS + 1):
                task = Task(
                    case_id=case.id,
                    number=n,
                    title=f"task {n}",
                    created_by="U1",
                    assignee_id="U1",
                    created_at=now,
                    updated_at=now,
                )
                s.add(task)
                s.flush()
                outbox.plan(
                    s,
                    key=f"task:{task.id}:card",
                    kind="task_card",
                    team_id="T0SANDBOX",
                    recipient=channel.id,
                    due_at=now,
                    case_id=case.id,
                    task_id=task.id,
                )
            s.commit()
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
        posted = Counter(m.text for m in slack.messages if m.channel == channel.id)
        assert len(posted) == ROWS and set(posted.values()) == {1}
    finally:
        engine.dispose()
        slack.stop()
