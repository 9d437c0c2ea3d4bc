"""Ack latency under concurrency, measured from outside: Docket vs a Bolt app that only acks.

Each app runs in a process of its own behind the same server, waitress (BotServer, 8 threads: what
`make run` serves in HTTP mode): Docket as its production web process, `python -m bot web`, with
its courier sending the outbox after each ack; the bare app (or the floor, below) from
bench/ack_apps.py. This process holds only their peers: the Slack stand-in (answering at once,
its rate limits off; Docket reaches it over HTTP through SLACK_API_URL, with the one bot token it
accepts, and DOCKET_POSTS_PER_MINUTE=0 and DOCKET_PACE_SECONDS=0, as the sandbox runs it) and the
senders, who post signed requests over loopback: 1, 8 and 32 at once, all in one case channel or
each in its own, for `/task TITLE by DATE` (adds a task), `/task list`, `/case` and a click on a
task card's Mark done / Reopen. So neither app shares an interpreter (and its GIL) with the
stand-in's work or the senders'. The database holds --tasks tasks in --cases cases (default
50,000 in 500; PostgreSQL with --database-url, each run in a scratch schema; else a SQLite file),
filled first by an in-process Docket (bench/ack_fill.py, dated at the present: Docket's process
runs on the system clock), which then stops serving before Docket's process starts on the same
database; each process is awaited on its /readyz (or /healthz) and terminated when the run ends,
also when it fails. Printed per case: p50/p99 (ms), requests/s, and the ratios to the bare app
(p99 Docket / bare, throughput Docket / bare); then the time from each /task answer to its card's
arrival at the stand-in (negative: the card came before the answer). Each /task case waits for
its cards before the next case starts, so no case inherits a backlog.

--against DIR runs the same bench first on another checkout's `bot/` and `sandbox/` (e.g.
`git archive <commit> | tar -x -C DIR`), in a subprocess, and prints both runs and after/before
(its Docket is that checkout's `python -m bot web`; readiness falls back to /healthz, or to any
answer, where the checkout has no probes).
--slack-ms N makes every Web API call and response_url post take N ms (Slack is rarely instant).
--rounds N measures each case N times, bare and Docket alternating, and prints the median of the
per-round ratios with their range (on a shared machine one round's ratio is mostly noise);
--levels and --only pick the sender counts and commands.
--baseline floor compares with the least a Docket-shaped ack can cost instead of the bare app: the
bare app plus one write transaction on the same database and, for /task add, Docket's own reading
of the title and date (what any app that echoes the date and commits before answering must do).
Usage: python bench/ack_latency.py [--quick] [--database-url URL] [--against DIR] [--slack-ms N]
       [--rounds N] [--levels 1,8] [--only '/task add,click'] [--baseline bare|floor]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
LEVELS = (1, 8, 32)
LAYOUTS = ("one channel", "many channels")
COMMANDS = ("/task add", "/task list", "/case", "click")
BENCH_SECRET = "bench-bare-secret"


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def _load(senders: int, per_sender: int, send: Callable[[int, int], Any]) -> dict[str, float]:
    """senders threads each send per_sender requests; p50/p99 (ms) and requests per second."""
    samples: list[float] = []
    failed: list[int] = []  # answered, but "Sorry, something went wrong" (e.g. a number race)
    lock = threading.Lock()
    start = threading.Barrier(senders + 1)

    broken: list[BaseException] = []  # a sender's request failed (e.g. the app's process died)

    def sender(i: int) -> None:
        start.wait()
        for k in range(per_sender):
            t0 = time.perf_counter()
            try:
                reply = send(i, k)
                assert reply.status == 200, reply
            except (AssertionError, OSError) as error:
                broken.append(error)
                return
            took = time.perf_counter() - t0
            with lock:
                samples.append(took)
                if "went wrong" in reply.body:
                    failed.append(1)

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(senders)]
    for t in threads:
        t.start()
    start.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if broken:
        raise RuntimeError(f"{len(broken)} sender(s) stopped: {broken[0]!r}") from broken[0]
    return {
        "p50": _percentile(samples, 0.50),
        "p99": _percentile(samples, 0.99),
        "rps": len(samples) / wall,
        "n": len(samples),
        "errors": len(failed),
    }


def _free_port() -> int:
    """A loopback port nobody listens on now (Docket's PORT must be given, not 0)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _spawn(stack: ExitStack, name: str, command: list[str], **kw: Any) -> subprocess.Popen[str]:
    """Start command; on leaving the stack it is terminated (killed if it lingers), and what it
    wrote is shown if it had died by then."""
    log = stack.enter_context(tempfile.TemporaryFile(mode="w+"))
    kw.setdefault("stdout", log)  # never the worker's: its last line is the JSON result
    proc = subprocess.Popen(command, stderr=log, text=True, **kw)
    stack.callback(_end, proc, name, log)
    return proc


def _end(proc: subprocess.Popen[str], name: str, log: Any) -> None:
    """Stop proc (SIGTERM, then SIGKILL after 30 s); print its last output if it had died."""
    died = proc.poll() is not None
    if not died:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for pipe in (proc.stdin, proc.stdout):
        if pipe is not None:
            pipe.close()
    if died:
        sys.stderr.write(f"{name} exited with {proc.returncode}:\n{_tail(log)}\n")


def _tail(log: Any) -> str:
    log.flush()
    log.seek(0)
    return str(log.read())[-4000:]


def _wait_ready(proc: subprocess.Popen[str], name: str, base: str, paths: tuple[str, ...]) -> None:
    """Poll base+path (the first of paths the app serves) until it answers 200 (at most 120 s).
    An app serving none of them (an old checkout) is ready when it answers at all."""
    deadline = time.monotonic() + 120
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode} before it was ready")
        missing = 0
        for path in paths:
            try:
                with urllib.request.urlopen(base + path, timeout=5) as answer:
                    if answer.status == 200:
                        return
            except urllib.error.HTTPError as error:
                if error.code != 404:  # 503: not ready yet
                    break
                missing += 1
            except OSError:  # not listening yet
                break
        if missing == len(paths):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} was not ready at {base} within 120 s")
        time.sleep(0.05)  # polling readiness


def _docket(stack: ExitStack, slack: Any, database_url: str) -> Any:
    """Docket's production web process (`python -m bot web`: waitress, 8 threads, its courier)
    on database_url, talking to the stand-in over HTTP; a driver signing requests for it."""
    import bot
    from sandbox.driver import Driver

    code = Path(bot.__file__).resolve().parent.parent  # `-m` puts the cwd first on the path
    port, secret = _free_port(), secrets.token_hex(16)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "DOCKET_")) and k not in ("DATABASE_URL", "PORT")
    }
    env.update(
        SLACK_BOT_TOKEN=slack.bot_token,  # the one bot token the stand-in accepts
        SLACK_SIGNING_SECRET=secret,  # the stand-in checks none: the driver signs with it
        SLACK_API_URL=slack.api_url,
        DATABASE_URL=database_url,
        PORT=str(port),
        DOCKET_ENV_FILE=os.devnull,  # no .env of the checkout's
        # The stand-in's limits are off, so are Docket's: no workspace budget, no pacing per
        # channel (as the sandbox's World runs it), so a card's delay is the courier's own.
        DOCKET_POSTS_PER_MINUTE="0",
        DOCKET_PACE_SECONDS="0",
        LOG_LEVEL="ERROR",  # as the worker's own logging (rate-limit, queue-depth chatter)
    )
    command = [sys.executable, "-m", "bot", "web"]
    proc = _spawn(stack, "docket web", command, env=env, cwd=code, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    _wait_ready(proc, "docket web", base, ("/readyz", "/healthz"))
    return Driver(bot_url=f"{base}/slack/events", signing_secret=secret, slack=slack)


def _baseline(stack: ExitStack, slack: Any, kind: str, database_url: str) -> Any:
    """The bare or floor app (bench/ack_apps.py) in a process of its own; a driver for it."""
    from sandbox.driver import Driver

    command = [sys.executable, str(HERE / "ack_apps.py"), kind, "--api-url", slack.api_url]
    command += ["--secret", BENCH_SECRET, "--database-url", database_url]
    name = f"the {kind} app"
    pipes = {"stdin": subprocess.PIPE, "stdout": subprocess.PIPE}
    proc = _spawn(stack, name, command, **pipes)  # it stops when its stdin closes, too
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url.startswith("http://"):
        raise RuntimeError(f"{name} did not start (it printed {url!r})")
    _wait_ready(proc, name, url.rsplit("/slack/", 1)[0], ("/healthz",))
    return Driver(bot_url=url, signing_secret=BENCH_SECRET, slack=slack)


def worker(args: argparse.Namespace) -> dict[str, Any]:
    """One run on the `bot/` importable here: every case for Docket and the bare app."""
    import ack_fill  # type: ignore[import-not-found]  # bench/ is on the path (see _run)

    from bot import blocks
    from bot.db import scratch_schema
    from sandbox.world import World

    with ExitStack() as stack:
        url = args.database_url
        if url and url.startswith("postgresql"):
            url = stack.enter_context(scratch_schema(url, "bench_ack"))
        from bot.config import Settings

        # The data is made in this process, on a clock standing at the present (Docket's process
        # runs on the system clock: nothing the fill leaves pending may be due yet). The stand-in's
        # limits are off and this clock stands still: a workspace budget taken on a frozen clock
        # never refills (its slots would move into a future that never comes).
        present = datetime.now(ZoneInfo("America/New_York")).replace(second=0, microsecond=0)
        settings = Settings()
        if "posts_per_minute" in Settings.__dataclass_fields__:  # not in older checkouts
            settings = Settings(posts_per_minute=0)
        world = World(start=present, database_url=url, settings=settings).start()
        stack.callback(world.stop)
        slack, setup = world.slack, world.driver
        assert setup is not None
        if hasattr(slack, "rate_limits"):  # an older stand-in has none
            slack.rate_limits.enabled = False  # a peer answering at once, as in the issue
        if args.slack_ms:  # or a Slack that takes this long to answer each call
            _slow(slack, args.slack_ms / 1000)
        users = [slack.add_user(f"user{i:02d}").id for i in range(max(args.levels))]
        solo = slack.add_channel("smith-v-jones").id
        spread = [slack.add_channel(f"case-{i:02d}").id for i in range(max(args.levels))]
        for channel in (solo, *spread):
            slack.join(slack.bot_user_id, channel)
            for user in users:
                slack.join(user, channel)
            setup.command(user_id=users[0], channel_id=channel, command="/case", text="new Bench")
        size = {"tasks": args.tasks, "cases": args.cases, "case_tasks": 100}
        now = present.astimezone(UTC)
        filled = ack_fill.fill(world, bench_channel=solo, now=now, **size)
        cards: dict[tuple[str, int], Any] = {}  # (layout, sender) -> its task's card
        for i, user in enumerate(users):
            for layout, channel in ((LAYOUTS[0], solo), (LAYOUTS[1], spread[i])):
                title = f"click target {layout} {i}"
                setup.command(user_id=user, channel_id=channel, command="/task", text=title)
                cards[layout, i] = next(m for m in slack.messages if title in m.text)
        # This process's Docket has done its part (each request settled; its courier never ran):
        # from here Docket is its own web process on the same database, the stand-in its peer.
        if world.server is not None:
            world.server.stop()
            world.server = None
        database_url = world.settings.database_url
        drv = _docket(stack, slack, database_url)
        bare = _baseline(stack, slack, args.baseline, database_url)
        due = now + timedelta(days=20)
        by = f"by {due:%b} {due.day}"  # ahead of the present, as Dec 20 was of the old fixed clock
        arrivals: dict[str, float] = {}
        record = slack.record

        def recorded(message: Any) -> Any:
            if message.kind == "message":
                arrivals.setdefault(message.text, time.perf_counter())
            return record(message)

        slack.record = recorded  # type: ignore[method-assign]
        answered: dict[str, tuple[str, float]] = {}  # card title -> (case, when it was answered)
        state: dict[tuple[str, int], bool] = {}  # (layout, sender) -> task is done

        def send(
            driver: Any, command: str, layout: str, senders: int, *, track: bool, round_no: int
        ) -> Callable[[int, int], Any]:
            tag = f"c{senders}{layout[0]}{'d' if track else 'b'}r{round_no}"  # a title is unique

            def one(i: int, k: int) -> Any:
                user = users[i]
                channel = solo if layout == LAYOUTS[0] else spread[i]
                if command == "/task add":
                    title = f"{tag} {i}-{k} review"
                    reply = driver.command(
                        user_id=user, channel_id=channel, command="/task", text=f"{title} {by}"
                    )
                    if track and "Added task" in reply.body:  # not a failed add: no card
                        answered[title] = (f"{command}|{layout}|{senders}", time.perf_counter())
                    return reply
                if command in ("/task list", "/case"):
                    verb, _, text = command.partition(" ")
                    return driver.command(user_id=user, channel_id=channel, command=verb, text=text)
                card = cards[layout, i]
                done = state.get((layout, i), False)
                state[layout, i] = not done
                return driver.block_action(
                    user_id=user,
                    channel_id=channel,
                    action_id=blocks.REOPEN_ACTION if done else blocks.DONE_ACTION,
                    value=f"{channel}:{_number(card.text)}",
                    block_id=blocks.TASK_ACTIONS_BLOCK,
                    message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
                )

            return one

        results: dict[str, Any] = {
            "filled": filled.tasks,
            "cases": filled.cases,
            "slack_ms": args.slack_ms,
            "baseline": args.baseline,
        }
        for command in args.only:
            for layout in LAYOUTS:
                for level in args.levels:
                    per = max(2, args.requests // level)
                    key = f"{command}|{layout}|{level}"
                    rounds = []
                    for n in range(args.rounds):  # bare, Docket, bare, Docket ...: same weather
                        b = _load(
                            level, per, send(bare, command, layout, level, track=False, round_no=n)
                        )
                        d = _load(
                            level, per, send(drv, command, layout, level, track=True, round_no=n)
                        )
                        rounds.append({"bare": b, "docket": d})
                        if command == "/task add":  # its cards first: the next round starts clean
                            mine = {t: at for t, (k, at) in answered.items() if k == key}
                            _wait_for_cards(mine, arrivals)
                    results[key] = _rounds(rounds)
        _wait_for_cards(answered, arrivals)
        arrived = dict(arrivals)  # a copy: the courier's thread may still be recording
        for key in {key for key, _ in answered.values()}:
            mine = {title: at for title, (k, at) in answered.items() if k == key}
            results[key]["card"] = _card_delays(mine, arrived)
        return results


def _rounds(rounds: list[dict[str, dict[str, float]]]) -> dict[str, Any]:
    """Median p50/p99/req/s of each side, and each round's Docket/bare ratios."""
    found: dict[str, Any] = {}
    for side in ("bare", "docket"):
        found[side] = {
            stat: statistics.median(r[side][stat] for r in rounds)
            for stat in ("p50", "p99", "rps", "errors")
        }
    found["ratios"] = {
        stat: [r["docket"][stat] / r["bare"][stat] for r in rounds]
        for stat in ("p50", "p99", "rps")
    }
    return found


def _vs_bare(cell: dict[str, Any], stat: str) -> str:
    """The median of the rounds' Docket/bare ratios, with their range when there were several."""
    values = cell["ratios"][stat]
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.2f}x"
    return f"{middle:.2f}x [{min(values):.2f}-{max(values):.2f}]"


def _slow(slack: Any, seconds: float) -> None:
    """Every Web API call and response_url post answers after `seconds`."""
    api, hook = slack.handle_api, slack.handle_response_url

    def slow_api(method: str, params: dict[str, Any], token: str | None) -> Any:
        time.sleep(seconds)
        return api(method, params, token)

    def slow_hook(token: str, payload: dict[str, Any]) -> Any:
        time.sleep(seconds)
        return hook(token, payload)

    slack.handle_api = slow_api
    slack.handle_response_url = slow_hook


def _number(text: str) -> int:
    """The task number in a card's notification text ('#12 draft …')."""
    return int(text.split("#", 1)[1].split()[0])


def _wait_for_cards(wanted: dict[str, Any], arrivals: dict[str, float]) -> None:
    """Until every wanted card has arrived (at most 60 s)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _all_arrived(wanted, dict(arrivals)):
        time.sleep(0.05)  # a bench: waiting for the courier's cards


def _all_arrived(wanted: dict[str, Any], arrivals: dict[str, float]) -> bool:
    titles = {t for text in arrivals for t in wanted if t in text}
    return len(titles) == len(wanted)


def _card_delays(wanted: dict[str, float], arrivals: dict[str, float]) -> dict[str, float]:
    """ms from each /task answer to its card's arrival (p50, p99, lost)."""
    delays = []
    for title, at in wanted.items():
        found = [t for text, t in arrivals.items() if f" {title}" in text]
        if found:
            delays.append(min(found) - at)
    lost = len(wanted) - len(delays)
    if not delays:
        return {"p50": 0.0, "p99": 0.0, "lost": lost}
    return {
        "p50": _percentile(delays, 0.5),
        "p99": _percentile(delays, 0.99),
        "max": max(delays) * 1000,
        "lost": lost,
    }


def _run(code: Path, args: argparse.Namespace) -> dict[str, Any]:
    """The worker in a subprocess importing `bot/` and `sandbox/` from code."""
    env = {**os.environ, "PYTHONPATH": f"{code}{os.pathsep}{HERE}"}
    command = [sys.executable, str(Path(__file__)), "--worker", *_passed(args)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-4000:])
        raise SystemExit(f"the run on {code} failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _passed(args: argparse.Namespace) -> list[str]:
    found = ["--tasks", str(args.tasks), "--cases", str(args.cases)]
    found += ["--requests", str(args.requests), "--slack-ms", str(args.slack_ms)]
    found += ["--rounds", str(args.rounds), "--levels", ",".join(map(str, args.levels))]
    found += ["--only", ",".join(args.only), "--baseline", args.baseline]
    return found + (["--database-url", args.database_url] if args.database_url else [])


def _report(runs: dict[str, dict[str, Any]]) -> None:
    names = list(runs)
    first = runs[names[0]]
    slack = f"in {first['slack_ms']} ms" if first.get("slack_ms") else "at once"
    print(f"{first['filled']:,} tasks in {first['cases']:,} cases; the stand-in answering {slack}")
    base = first.get("baseline", "bare")
    print(f"Docket's p50/p99 (ms) and req/s, medians of the rounds; ratios to the {base} app, each")
    print(
        f"round's Docket/{base}, as median [range]; then this checkout's Docket over the first "
        "run's"
    )
    width = max(len(n) for n in names) + 2
    for key in [k for k in first if "|" in k]:
        print(f"\n{key.replace('|', ' | ')}")
        for name in names:
            cell = runs[name][key]
            d, b = cell["docket"], cell["bare"]
            errors = f"  {d['errors']:.0f} err" if d.get("errors") else ""
            print(
                f"  {name:<{width}}{d['p50']:6.1f}/{d['p99']:7.1f} ms {d['rps']:5.0f}/s  vs {base} "
                f"(p99 {b['p99']:.1f} ms, {b['rps']:.0f}/s): p50 {_vs_bare(cell, 'p50')}  "
                f"p99 {_vs_bare(cell, 'p99')}  thr {_vs_bare(cell, 'rps')}{errors}"
            )
        if len(names) > 1:
            after, before = runs[names[-1]][key]["docket"], first[key]["docket"]
            print(
                f"  {'after/before':<{width}}p50 {after['p50'] / before['p50']:.2f}x  "
                f"p99 {after['p99'] / before['p99']:.2f}x  thr {after['rps'] / before['rps']:.2f}x"
            )
    print("\nanswer -> card at the stand-in, p50/p99 ms (negative: it came before the answer)")
    for key in [k for k in first if "|" in k and "card" in first[k]]:
        cells = []
        for name in names:
            card = runs[name][key].get("card") or {"p50": 0, "p99": 0, "lost": 0}
            lost = f" {card['lost']} lost" if card["lost"] else ""
            cells.append(f"{card['p50']:7.0f}/{card['p99']:7.0f}{lost}")
        if len(names) == 2:  # after / before
            old, new = (runs[n][key].get("card") or {} for n in names)
            cells.append(f"{_ratio(new, old, 'p50')} / {_ratio(new, old, 'p99')} after/before")
        label = key.replace("|", " | ")
        print(f"{label:<32}" + "  ".join(f"{c:>24}" for c in cells))


def _ratio(new: dict[str, float], old: dict[str, float], field: str) -> str:
    """new/old of a card delay (ms; below 1 ms counts as 1 ms, so a ratio stays finite)."""
    if not new or not old:
        return "-"
    return f"{max(new[field], 1.0) / max(old[field], 1.0):.2f}x"


def main() -> int:
    """Run the bench (and the same on --against), print both and the ratios."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="10,000 tasks, 48 requests a case")
    parser.add_argument("--tasks", type=int, default=None)
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--requests", type=int, default=None)
    parser.add_argument("--database-url", default=os.environ.get("DOCKET_BENCH_DATABASE_URL"))
    parser.add_argument("--against", type=Path, default=None)
    parser.add_argument("--slack-ms", type=int, default=0, help="the stand-in's answer time")
    parser.add_argument("--rounds", type=int, default=1, help="bare, Docket, bare ... per case")
    parser.add_argument("--levels", default=",".join(map(str, LEVELS)), help="e.g. 1,8")
    parser.add_argument("--only", default=",".join(COMMANDS), help="e.g. '/task add,click'")
    parser.add_argument(
        "--baseline",
        choices=("bare", "floor"),
        default="bare",
        help="bare: a Bolt app that only acks; floor: that app plus one write transaction on the "
        "same database and, for /task add, Docket's reading of the date",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.levels = [int(n) for n in str(args.levels).split(",")]
    args.only = [c.strip() for c in str(args.only).split(",")]
    if unknown := set(args.only) - set(COMMANDS):
        parser.error(f"--only: no such command {sorted(unknown)}; there are {list(COMMANDS)}")
    args.tasks = args.tasks or (10_000 if args.quick else 50_000)
    args.cases = args.cases or (100 if args.quick else 500)
    args.requests = args.requests or (48 if args.quick else 256)
    if args.worker:
        import logging

        logging.disable(logging.WARNING)  # rate-limit and queue-depth chatter
        print(json.dumps(worker(args)))
        return 0
    runs = {}
    if args.against is not None:
        runs[f"before ({args.against.name})"] = _run(args.against.resolve(), args)
    runs["this checkout"] = _run(HERE.parent, args)
    _report(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
