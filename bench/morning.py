"""The morning rush: every case channel's 08:30 digest falls due at once.

--channels case channels (default 1,000; the issue asks 10,000, which at Slack's limits takes
17 minutes a run: pass --channels 10000 on a quiet machine) each have one digest due at "08:30",
on one PostgreSQL (a schema of its own in the `test` database, dropped afterwards). For each of
--processes (default 2 and 3) that many `python -m bot clock --drain` processes start BOOT (60) s
before the digests fall due and wait for them (drain looks every second for rows due within a
minute; a running clock's 30 s tick would add its phase), against the Slack stand-in, which
answers every call after --latency seconds (default 0.1) and enforces chat.postMessage's limits:
one message a second per channel with bursts of 10, and a workspace-wide --per-minute (default
600: Slack documents "a workspace-wide limit" without a figure; the issue's "several hundred a
minute") over any 60 s. Printed per run: digests delivered, delivered twice, missing; seconds
from 08:30 until the last one arrived; and the ratio to two baselines from the same run: what
the limits allow (the first --per-minute at once, the next a minute later ...) and a bare
sender (slack_sdk with its own 429 retry handler, as many threads as the clocks have workers,
posting the same messages). Also printed: how many chat.postMessage calls the stand-in answered
429, when the first "rest" digests had arrived (rest: the last window's share, 400 of 1,000 at
600/min: the last one can arrive no sooner than a window after it), and the clocks' CPU time
per digest (user and system, all clocks together), and how many digests had been built ahead
of 08:30 (services/digest_ahead.py; the clocks start BOOT seconds before and build while they
wait).
The stand-in's limits (sandbox/rate_limits.py): a call is counted when it arrives (after the
latency); the workspace's chat.postMessage calls in any 60 s, refused ones not counted, at most
--per-minute; each channel a bucket of 10 refilled at 1 a second; a refusal is a 429 with
Retry-After in whole seconds (rounded up).
Usage: python bench/morning.py [--channels 1000] [--processes 2 3] [--latency 0.1]
       [--per-minute 600] [--urgent 30] [--no-bare]
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler  # noqa: E402

from bot.db import make_engine, migrate, scratch_schema  # noqa: E402
from sandbox.slack_api import FakeSlack  # noqa: E402

PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
# Seconds the clocks get to start before the digests fall due: running clocks are up, and their
# ticks at 08:29:00 and 08:29:30 build the digests due by 08:30 (a loaded machine's clock takes
# 10-20 s to start).
BOOT = 60.0


class SlowSlack(FakeSlack):
    """The stand-in, answering every Web API call after `latency` seconds."""

    def __init__(self, latency: float, per_minute: int) -> None:
        super().__init__()
        self.latency = latency
        self.rate_limits.posts_per_minute = per_minute

        self.answers: list[tuple[float, str, int]] = []  # (when, method, HTTP status)

    def handle_api(self, method: str, params: dict[str, Any], token: str | None) -> Any:
        time.sleep(self.latency)
        answer = super().handle_api(method, params, token)
        self.answers.append((time.time(), method, answer.status))
        return answer

    def limited(self) -> int:
        """How many chat.postMessage calls were answered 429."""
        return sum(1 for _, m, status in self.answers if m == "chat.postMessage" and status == 429)


def _copy(conn: psycopg.Connection, table: str, columns: str, rows: Any) -> None:
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join(str(v) for v in row) + "\n")
    buf.seek(0)
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        copy.write(buf.read())


def build(url: str, channels: list[str], due: datetime) -> None:
    """A case per channel (digest every day, posted even when empty), its digest due at `due`."""
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    ts = due.isoformat()
    with psycopg.connect(url.replace("+psycopg", "")) as conn:
        _copy(conn, "workspace", "id, timezone, created_at", [("T0SANDBOX", "UTC", ts)])
        _copy(
            conn,
            '"case"',
            "id, team_id, channel_id, name, jurisdiction, status, created_by, created_at, "
            "updated_at, next_task_number, digest_time, digest_days, digest_always",
            (
                (
                    i + 1,
                    "T0SANDBOX",
                    ch,
                    f"Case {i}",
                    "US-FED",
                    "open",
                    "U1",
                    ts,
                    ts,
                    1,
                    "08:30",
                    "daily",
                    "t",
                )  # fmt: skip
                for i, ch in enumerate(channels)
            ),
        )
        _copy(
            conn,
            "outbox",
            "key, kind, team_id, case_id, recipient, due_at, status, attempts, late",
            (
                (
                    f"digest:{ch}:{due.date()}",
                    "digest",
                    "T0SANDBOX",
                    i + 1,
                    ch,
                    ts,
                    "pending",
                    0,
                    "f",
                )  # fmt: skip
                for i, ch in enumerate(channels)
            ),
        )
        conn.execute("ANALYZE")


def _env(url: str, slack: FakeSlack, workers: int, urgent: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DOCKET_"))}
    env.update(
        DATABASE_URL=url,
        SLACK_BOT_TOKEN=slack.bot_token,
        SLACK_SIGNING_SECRET="bench",
        SLACK_API_URL=slack.api_url,
        DOCKET_TIMEZONE="UTC",
        DOCKET_ENV_FILE=str(ROOT / "no.env"),
        LOG_LEVEL="WARNING",
        DOCKET_SEND_WORKERS=str(workers),
        DOCKET_POSTS_PER_MINUTE=str(slack.rate_limits.posts_per_minute),
        # the courier's lane, kept from the clocks (a checkout before the lanes ignores it)
        DOCKET_URGENT_POSTS_PER_MINUTE=str(urgent),
    )
    return env


def _arrivals(slack: FakeSlack, start: float) -> tuple[Counter[str], float]:
    posts = [m for m in slack.messages if m.kind == "message"]
    per_channel = Counter(m.channel for m in posts)
    last = max((float(m.ts) for m in posts), default=start)
    return per_channel, last - start


def _children_cpu() -> float:
    """CPU seconds (user and system) used by this process's finished children so far."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_clocks(
    count: int, processes: int, latency: float, per_minute: int, workers: int, urgent: int = 30
) -> dict[str, float]:
    """`processes` clocks delivering `count` digests due now; what arrived, and when."""
    slack = SlowSlack(latency, per_minute)
    slack.start()
    try:
        channels = []
        for n in range(count):
            channel = slack.add_channel(f"case-{n:05d}")
            slack.join(slack.bot_user_id, channel.id)
            channels.append(channel.id)
        with scratch_schema(PG, "bench_morning") as url:
            build(url, channels, datetime.now(UTC) + timedelta(days=1))  # noqa: DTZ005
            # 08:30 is BOOT seconds from now: the clocks start now and are up and waiting by then
            # (--drain waits for rows due within a minute), as running clocks would be.
            due = datetime.now(UTC) + timedelta(seconds=BOOT)  # noqa: DTZ005 - real clocks
            with psycopg.connect(url.replace("+psycopg", "")) as conn:
                conn.execute("UPDATE outbox SET due_at = %s", (due,))
            start = due.timestamp()
            cpu_before = _children_cpu()
            procs = [
                subprocess.Popen(
                    [sys.executable, "-m", "bot", "clock", "--drain"],
                    cwd=ROOT,
                    env=_env(url, slack, workers, urgent),
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(processes)
            ]
            errors = [p.communicate(timeout=3600)[1] for p in procs]
            cpu = _children_cpu() - cpu_before  # the clocks', user and system
            with psycopg.connect(url.replace("+psycopg", "")) as conn:
                built = conn.execute(
                    "SELECT count(*) FROM outbox WHERE payload LIKE '%\"prepared\": {%'"
                ).fetchone()
            if any(p.returncode for p in procs):
                raise SystemExit("a clock failed:\n" + "\n".join(e[-2000:] for e in errors))
        per_channel, last = _arrivals(slack, start)
        admitted = sorted(t for t, m, st in slack.answers if m == "chat.postMessage" and st == 200)
        rest = count - per_minute * ((count - 1) // per_minute)  # the last window's share
        first_rest = admitted[rest - 1] - start if len(admitted) >= rest else float("nan")
    finally:
        slack.stop()
    return {
        "cpu_ms": cpu * 1000 / max(count, 1),
        "built": float(built[0] if built else 0),
        "limited": slack.limited(),
        "first_rest": first_rest,
        "delivered": sum(1 for c in channels if per_channel[c] >= 1),
        "twice": sum(1 for c in channels if per_channel[c] > 1),
        "missing": sum(1 for c in channels if per_channel[c] == 0),
        "last": last,
    }


def run_bare(count: int, threads: int, latency: float, per_minute: int) -> float:
    """The same messages from a bare slack_sdk sender; seconds until the last arrived."""
    slack = SlowSlack(latency, per_minute).start()
    try:
        channels = []
        for n in range(count):
            channel = slack.add_channel(f"case-{n:05d}")
            slack.join(slack.bot_user_id, channel.id)
            channels.append(channel.id)
        client = WebClient(token=slack.bot_token, base_url=slack.api_url)
        client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=100))
        start = time.time()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda ch: client.chat_postMessage(channel=ch, text="digest"), channels))
        _, last = _arrivals(slack, start)
    finally:
        slack.stop()
    return last


def allowed(count: int, per_minute: int, latency: float) -> float:
    """Seconds until the last of `count` messages can arrive under the workspace limit."""
    return ((count - 1) // per_minute) * 60.0 + latency


def main() -> None:
    """Run the rush with each number of clocks; print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--channels", type=int, default=1000)
    parser.add_argument("--processes", type=int, nargs="+", default=[2, 3])
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--per-minute", type=int, default=600)
    parser.add_argument("--workers", type=int, default=4, help="each clock's send workers")
    parser.add_argument(
        "--urgent", type=int, default=30, help="of --per-minute, the courier's (not the clocks')"
    )
    parser.add_argument("--no-bare", action="store_true", help="skip the bare sender's run")
    args = parser.parse_args()
    bound = allowed(args.channels, args.per_minute, args.latency)
    print(
        f"{args.channels} digests due at once; stand-in latency {args.latency * 1000:.0f} ms; "
        f"chat.postMessage 1/s per channel, {args.per_minute}/min per workspace (the clocks "
        f"told the same: DOCKET_POSTS_PER_MINUTE, {args.urgent} of them kept for the courier: "
        f"DOCKET_URGENT_POSTS_PER_MINUTE); {args.workers} send workers per clock; "
        f"the limits allow the last at {bound:.1f} s"
    )
    print(
        f"{'clocks':>6} {'delivered':>9} {'twice':>5} {'missing':>7} {'last (s)':>9} "
        f"{'vs limits':>9} {'bare (s)':>9} {'vs bare':>8} {'429s':>5} {'first rest':>10} "
        f"{'cpu/digest':>10} {'built ahead':>11}"
    )
    for processes in args.processes:
        got = run_clocks(
            args.channels, processes, args.latency, args.per_minute, args.workers, args.urgent
        )
        bare = float("nan")
        if not args.no_bare:
            threads = processes * args.workers
            bare = run_bare(args.channels, threads, args.latency, args.per_minute)
        print(
            f"{processes:>6} {got['delivered']:>9.0f} {got['twice']:>5.0f} {got['missing']:>7.0f} "
            f"{got['last']:>9.1f} {got['last'] / bound:>8.2f}x {bare:>9.1f} "
            f"{got['last'] / bare:>7.2f}x {got['limited']:>5.0f} {got['first_rest']:>9.1f}s "
            f"{got['cpu_ms']:>8.1f}ms {got['built']:>11.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
