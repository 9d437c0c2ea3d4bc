"""kill -9 of the web process while its courier is mid-send: a clock finishes once the lease ends.

Docket runs as `python -m bot web` (HTTP, its courier's thread, no scheduler) against the
stand-in. Signed `/task` adds in ten case channels commit their cards and wake the courier. The
stand-in answers the first cards, then keeps every further chat.postMessage it has recorded
unanswered: once each of the courier's workers has one such call in flight (the worst moment: a
message in Slack that its sender never recorded), and every request has been answered, the test
SIGKILLs the process. A clock (the scheduler's tick, in this process, on a fake clock) then
leaves the dead sender's rows alone until their lease ends and sends them after it: every card
once when history can be read; without the history scopes, exactly the calls that were in
flight are posted again (the bound: one message per courier worker).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.clock import FakeClock
from bot.config import Settings
from bot.deps import Deps
from bot.models import Outbox
from bot.scheduler import drain, tick_job
from bot.vocab import OutboxKind, OutboxStatus
from sandbox.driver import Driver
from sandbox.slack_api import FakeSlack
from sandbox.slack_history import parse_metadata

ROOT = Path(__file__).resolve().parents[1]
CHANNELS, TASKS, ANSWERED, WORKERS = 10, 4, 6, 8
HISTORY_SCOPES = ("channels:history", "groups:history")


def _key(params: dict[str, Any]) -> str:
    metadata = parse_metadata(params.get("metadata")) or {}
    return str(metadata["event_payload"]["outbox"])


class _StallingSlack(FakeSlack):
    """Answers the first `ANSWERED` posts, then records each post and never answers it."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = 0
        self.stalled: list[str] = []  # outbox keys of the posts recorded and left unanswered
        self.changed = threading.Condition()
        self.free = threading.Event()  # set when the test is done with the stalled calls

    def handle_api(self, method: str, params: dict[str, Any], token: str | None) -> Any:
        answer = super().handle_api(method, params, token)
        if method != "chat.postMessage":
            return answer
        with self.changed:
            if self.answered < ANSWERED:
                self.answered += 1
                return answer
            self.stalled.append(_key(params))
            self.changed.notify_all()
        self.free.wait(60)  # the sender is killed meanwhile: nobody reads this answer
        return answer

    def wait_stalled(self, count: int) -> bool:
        """Wait until `count` posts are recorded and unanswered at once."""
        with self.changed:
            return self.changed.wait_for(lambda: len(self.stalled) >= count, 60)


def _web(db_url: str, slack: FakeSlack, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_"))}
    env.update(
        DATABASE_URL=db_url,
        SLACK_BOT_TOKEN="xoxb-sandbox",
        SLACK_SIGNING_SECRET="drill-secret",
        SLACK_API_URL=slack.api_url,
        PORT=str(port),
        DOCKET_PACE_SECONDS="0",  # four cards a channel: within Slack's burst
        DOCKET_COURIER_WORKERS=str(WORKERS),
        DOCKET_ENV_FILE=str(ROOT / "no.env"),
        LOG_LEVEL="INFO",
    )
    command = [sys.executable, "-m", "bot", "web"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


class _Log:
    """The web process's log lines, read as they come (a full pipe would stall the process)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.listening = threading.Event()


def _follow(proc: subprocess.Popen) -> _Log:
    log = _Log()

    def read() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.lines.append(line)
            if "listening on" in line:
                log.listening.set()

    threading.Thread(target=read, daemon=True).start()
    return log


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _rows(engine) -> list[Outbox]:
    with Session(engine) as s:
        return list(s.exec(select(Outbox)))


def _posts(slack: FakeSlack) -> Counter[str]:
    """How many times each outbox key is in Slack (chat.postMessage, metadata)."""
    return Counter(
        m.metadata["event_payload"]["outbox"]
        for m in slack.messages
        if m.kind == "message" and m.metadata
    )


def _kill_mid_send(db_url: str, slack: _StallingSlack) -> list[str]:
    """Run the web process, add the cards, SIGKILL it with every worker mid-send; stalled keys."""
    port = _free_port()
    web = _web(db_url, slack, port)
    try:
        log = _follow(web)
        assert log.listening.wait(60), "the web process did not start"
        driver = Driver(
            bot_url=f"http://127.0.0.1:{port}/slack/events",
            signing_secret="drill-secret",
            slack=slack,
        )
        alice = slack.add_user("alice").id
        channels = [slack.add_channel(f"drill-{n}").id for n in range(CHANNELS)]
        for n, channel in enumerate(channels):
            slack.join(slack.bot_user_id, channel)
            slack.join(alice, channel)
            opened = driver.command(
                user_id=alice, channel_id=channel, command="/case", text=f"new Matter {n}"
            )
            assert opened.status == 200 and "New case" in opened.body, opened.body
        for n in range(TASKS):
            for channel in channels:
                added = driver.command(
                    user_id=alice, channel_id=channel, command="/task",
                    text=f"draft motion {n} by Jan 15 2030 5pm",  # one reading, any day it runs
                )  # fmt: skip
                assert added.status == 200 and "Added task" in added.body, added.body
        # Every request answered, and each worker has a post in Slack it never heard back about.
        assert slack.wait_stalled(WORKERS), "the courier never had every worker mid-send"
        web.send_signal(signal.SIGKILL)
        assert web.wait(timeout=60) == -signal.SIGKILL
        return list(slack.stalled)
    finally:
        slack.free.set()
        if web.poll() is None:
            web.kill()
            web.wait(timeout=30)


@pytest.mark.parametrize("history", [True, False], ids=["history", "no-history-scopes"])
def test_kill_9_of_the_web_process_mid_send_a_clock_finishes_after_the_lease(
    db_url, engine, history
):
    slack = _StallingSlack().start()
    try:
        stalled = _kill_mid_send(db_url, slack)
        assert len(stalled) == WORKERS  # one call in flight per worker, no more
        cards = [r for r in _rows(engine) if r.kind == OutboxKind.TASK_CARD]
        assert len(cards) == CHANNELS * TASKS
        assert sum(r.status == OutboxStatus.SENT for r in cards) == ANSWERED
        dead = {r.id: r for r in cards if r.status == OutboxStatus.SENDING}
        assert {r.key for r in dead.values()} >= set(stalled)  # in Slack, not recorded
        lease_ends = [r.lease_until for r in dead.values() if r.lease_until is not None]
        assert len(lease_ends) == len(dead)
        unclaimed = [r for r in cards if r.status == OutboxStatus.PENDING]  # the courier's next

        if not history:
            slack.bot_scopes.difference_update(HISTORY_SCOPES)
        clock = FakeClock(min(lease_ends) - timedelta(seconds=1))
        settings = Settings(bot_token="xoxb-sandbox", api_url=slack.api_url, pace_seconds=0)
        deps = Deps(engine=engine, clock=clock, settings=settings)
        tick_job(deps)  # a clock's tick while the dead sender's lease still runs
        before = {r.id: r.claim_token for r in _rows(engine) if r.id in dead}
        assert before == {r.id: r.claim_token for r in dead.values()}  # left alone
        assert _posts(slack).total() == ANSWERED + WORKERS + len(unclaimed)  # sent at once

        clock.set(max(lease_ends) + timedelta(seconds=1))
        drain(deps)  # the lease has ended: the clock picks the rows up
        rows = [r for r in _rows(engine) if r.kind == OutboxKind.TASK_CARD]
        assert Counter(r.status for r in rows) == {OutboxStatus.SENT: len(cards)}  # none lost
        posted = _posts(slack)
        assert set(posted) == {r.key for r in cards}
        twice = {key for key, count in posted.items() if count > 1}
        if history:
            assert twice == set()  # the stalled posts were found in history, not sent again
            first = {}
            for m in slack.messages:
                if m.kind == "message" and m.metadata:
                    first.setdefault(m.metadata["event_payload"]["outbox"], m.ts)
            assert {r.key: r.ts for r in rows} == first  # each row holds its one message
        else:
            assert twice == set(stalled)  # the bound: one post per worker's call in flight
            assert max(posted.values()) == 2
    finally:
        slack.stop()
