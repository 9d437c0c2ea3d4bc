"""What one request costs the database: statements, rows written and commits, before and after.

The same measurement runs twice in the same run, each in a process of its own on PostgreSQL (a
schema of its own in the `test` database, dropped afterwards): against a baseline checkout (a
temporary git worktree of --base, default `main`, or an existing directory given by --against)
and against this checkout. Each builds the sandbox world (Docket over HTTP, the Slack stand-in),
opens a case, warms up every kind once (profiles and the member list stored, as for any later
request), then sends --n signed requests of each kind through Bolt and counts, with SQLAlchemy
engine events, every statement, the rows INSERT/UPDATE/DELETE wrote (cursor.rowcount) and every
commit, per request. Kinds:

  add       /task @bob draft motion N to compel by Dec 11 5pm   (delegated, dated)
  done      /task done N                                        (by the task's creator)
  click     Mark done on a task's card in the channel           (the card is updated in place)
  click-dm  Mark done in the assignee's delegation DM           (a reply replaces the DM)
  case      /case new Cost N in a channel of its own (its members known from their events)
  summary   /case in the case's channel (the summary: open and overdue counts, next due)
  list      /task list in the case's channel (every open task of the case, grouped)
  mine      /task list mine (alice's open tasks across the --n + 2 cases she is in)
  cases     /case list (the --n + 2 open cases alice is in, each with its counts)
  home      alice opens App Home (her desk, built and published in the delivery step)
The list kinds run last, when the case holds --n + 1 + --more open tasks and alice is in
--n + 2 + --more cases, each holding a task of hers: what grows with --more is what they read.

"ack" is what the request does before it answers; "delivery" is what sending the messages it
planned costs afterwards (the courier, which the sandbox runs after each answer); its CPU time
is printed too (the whole process's during that step, less the time the stand-in spent
answering: noisy on a shared machine, so compare runs of the same moment).
--show KIND prints the statements of one such request (its ack, or with --part delivery what
sending its messages cost) for both checkouts.
Usage: python bench/request_cost.py [--base main | --against DIR] [--n 10] [--more 40]
       [--show add] [--part delivery]
"""

from __future__ import annotations

import argparse
import re
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from base_tree import measure_in, worktree  # type: ignore[import-not-found]  # bench/ is on the path

ROOT = Path(__file__).resolve().parents[1]
PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
START = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("America/New_York"))
KINDS = ("add", "done", "click", "click-dm", "case", "summary", "list", "mine", "cases", "home")
FIGURES = ("statements", "rows", "read", "commits")


def measure(n: int, show: str | None = None, part: str = "ack", more: int = 0) -> dict[str, Any]:
    """Per-request figures of each kind, ack and delivery, in the checkout first on sys.path."""
    from sqlalchemy import event

    from bot import blocks
    from bot.db import scratch_schema
    from sandbox.world import World

    with scratch_schema(PG, "docket_bench") as url:
        world = World(start=START, database_url=url).start()
        try:
            slack, driver = world.slack, world.driver
            assert driver is not None and world.engine is not None
            slack.rate_limits.enabled = False  # a peer answering at once: every card arrives
            channel = slack.add_channel("cost-v-bench").id
            alice, bob = slack.add_user("alice").id, slack.add_user("bob").id
            for user in (slack.bot_user_id, alice, bob):
                slack.join(user, channel)
            fresh = []
            for i in range(n + 1 + more):
                made = slack.add_channel(f"cost-new-{i}").id
                for user in (slack.bot_user_id, alice):
                    slack.join(user, made)  # and Slack says so, as it does when people join
                    joined = {"type": "member_joined_channel", "user": user, "channel": made}
                    driver.event(joined)
                fresh.append(made)
            titles = iter(range(10**6))

            def add() -> str:
                title = f"draft motion {next(titles)} to compel"
                reply = driver.command(
                    user_id=alice,
                    channel_id=channel,
                    command="/task",
                    text=f"<@{bob}|bob> {title} by Dec 11 5pm",
                )
                assert reply.status == 200 and "Added task" in reply.body, reply.body
                return title

            def number(title: str, where: str) -> tuple[Any, int]:
                found = next(m for m in slack.messages if title in m.text and m.channel == where)
                return found, int(found.text.split("#", 1)[1].split()[0])

            def done(title: str) -> None:
                _, num = number(title, channel)
                reply = driver.command(
                    user_id=alice, channel_id=channel, command="/task", text=f"done {num}"
                )
                assert reply.status == 200 and "Marked" in reply.body, reply.body

            def click(title: str, where: str, user: str) -> None:
                card, num = number(title, where)
                reply = driver.block_action(
                    user_id=user,
                    channel_id=where,
                    action_id=blocks.DONE_ACTION,
                    value=f"{channel}:{num}",
                    block_id=blocks.TASK_ACTIONS_BLOCK,
                    message={"ts": card.ts, "text": card.text, "blocks": card.blocks},
                )
                assert reply.status == 200, reply.body

            def new_case(where: str) -> None:
                reply = driver.command(
                    user_id=alice, channel_id=where, command="/case", text=f"new Cost {where}"
                )
                assert reply.status == 200 and "Cost" in reply.body, reply.body

            def summary() -> None:
                reply = driver.command(user_id=alice, channel_id=channel, command="/case", text="")
                assert reply.status == 200 and "open" in reply.body, reply.body

            def listed(text: str, expect: str) -> None:
                reply = driver.command(
                    user_id=alice, channel_id=channel, command="/task", text=text
                )
                assert reply.status == 200 and expect in reply.body, reply.body

            def cases() -> None:
                reply = driver.command(
                    user_id=alice, channel_id=channel, command="/case", text="list"
                )
                assert reply.status == 200 and "Your open cases" in reply.body, reply.body

            def home() -> None:
                opened = {"type": "app_home_opened", "user": alice, "tab": "home", "channel": "D0"}
                assert driver.event(opened).status == 200

            dm = slack.dm_channel(bob).id
            driver.command(user_id=alice, channel_id=channel, command="/case", text="new Cost")
            targets = {k: [add() for _ in range(n + 1)] for k in ("done", "click", "click-dm")}
            runs: dict[str, list[Callable[[], object]]] = {
                "add": [add for _ in range(n + 1)],
                "done": [partial(done, t) for t in targets["done"]],
                "click": [partial(click, t, channel, alice) for t in targets["click"]],
                "click-dm": [partial(click, t, dm, bob) for t in targets["click-dm"]],
                "case": [partial(new_case, c) for c in fresh[: n + 1]],
                "summary": [summary for _ in range(n + 1)],
                "list": [partial(listed, "list", "Open tasks") for _ in range(n + 1)],
                "mine": [partial(listed, "list mine", "Your open tasks") for _ in range(n + 1)],
                "cases": [cases for _ in range(n + 1)],
                "home": [home for _ in range(n + 1)],
            }
            phase = {"now": "off"}
            counts: dict[str, dict[str, int]] = {}
            shown: list[str] = []
            settle = driver.settle
            # CPU of the delivery step: the process's, less what the stand-in spent answering
            stand_in: dict[str, float] = {"cpu": 0.0}
            cpu: dict[str, float] = {}
            answer = slack.handle_api

            def timed(method: str, params: dict[str, Any], token: str | None) -> Any:
                start = time.thread_time()
                try:
                    return answer(method, params, token)
                finally:
                    stand_in["cpu"] += time.thread_time() - start

            slack.handle_api = timed  # type: ignore[method-assign]

            def settled() -> None:
                before, phase["now"] = phase["now"], phase["now"].replace("ack", "delivery")
                start, answered = time.process_time(), stand_in["cpu"]
                try:
                    if settle is not None:
                        settle()
                finally:
                    if before != "off":
                        key = "|".join(phase["now"].split("|")[:2])
                        spent = time.process_time() - start - (stand_in["cpu"] - answered)
                        cpu[key] = cpu.get(key, 0.0) + spent * 1000 / n
                    phase["now"] = before

            driver.settle = settled

            def executed(conn, cursor, statement, params, context, many) -> None:
                if phase["now"] == "off":
                    return
                mine = counts.setdefault(phase["now"], dict.fromkeys(FIGURES, 0))
                mine["statements"] += 1
                verb = statement.lstrip().split(None, 1)[0].upper()
                if verb == "WITH":  # WITH x AS (...) UPDATE ...: the statement after the CTE
                    found = re.search(r"\)\s*(INSERT|UPDATE|DELETE)\b", statement, re.I)
                    verb = found.group(1).upper() if found else verb
                if verb in ("INSERT", "UPDATE", "DELETE") and cursor.rowcount > 0:
                    mine["rows"] += cursor.rowcount
                elif verb in ("SELECT", "WITH") and cursor.rowcount > 0:
                    mine["read"] += cursor.rowcount  # psycopg: the rows the SELECT returned
                if phase["now"] == f"{show}|{part}|show":
                    shown.append(" ".join(statement.split())[:150])

            def committed(conn) -> None:
                if phase["now"] != "off":
                    counts.setdefault(phase["now"], dict.fromkeys(FIGURES, 0))["commits"] += 1
                if phase["now"] == f"{show}|{part}|show":
                    shown.append("COMMIT")

            event.listen(world.engine, "after_cursor_execute", executed)
            event.listen(world.engine, "commit", committed)
            for kind in KINDS:
                if kind == "list":  # --more open tasks and cases: what the lists read grows
                    for where in fresh[n + 1 :]:
                        new_case(where)
                        add()
                    for where in fresh:  # one task of alice's in each case she is in
                        driver.command(
                            user_id=alice, channel_id=where, command="/task", text="brief it"
                        )
                warm, *measured = runs[kind]
                warm()
                for i, run in enumerate(measured):
                    phase["now"] = f"{kind}|ack" + ("|show" if i == 0 and kind == show else "")
                    run()
                    phase["now"] = "off"
            event.remove(world.engine, "after_cursor_execute", executed)
            event.remove(world.engine, "commit", committed)
        finally:
            world.stop()
    merged: dict[str, dict[str, float]] = {}
    for key, figures in counts.items():
        name = "|".join(key.split("|")[:2])
        total = merged.setdefault(name, dict.fromkeys(FIGURES, 0.0))
        for figure, value in figures.items():
            total[figure] += value / n
    return {"figures": merged, "shown": shown, "cpu": cpu}


def run_in(
    checkout: Path, n: int, show: str | None, part: str = "ack", more: int = 0
) -> dict[str, Any]:
    """measure() in a fresh process that imports Docket from `checkout`."""
    return measure_in(checkout, "request_cost", f"measure({n}, {show!r}, {part!r}, {more})")


def baseline(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    """The baseline's name and figures: --against DIR as it is, else a worktree of --base."""
    if args.against is not None:
        checkout = args.against.resolve()
        return args.against.name, run_in(checkout, args.n, args.show, args.part, args.more)
    with worktree(args.base) as (name, tree):
        return name, run_in(tree, args.n, args.show, args.part, args.more)


def main() -> None:
    """Measure the baseline and this checkout; print both and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="main", help="git ref to compare with (default main)")
    parser.add_argument("--against", type=Path, default=None, help="a checkout to compare with")
    parser.add_argument("--n", "--adds", type=int, default=10, help="requests of each kind")
    parser.add_argument("--more", type=int, default=40, help="extra cases and tasks for lists")
    parser.add_argument("--show", choices=KINDS, default=None, help="list one request's SQL")
    parser.add_argument("--part", choices=("ack", "delivery"), default="ack", help="for --show")
    args = parser.parse_args()
    name, before = baseline(args)
    after = run_in(ROOT, args.n, args.show, args.part, args.more)
    if args.show:
        for label, run in ((f"before ({name})", before), ("after", after)):
            print(
                f"-- {args.show} {args.part}, {label}: {len(run['shown'])} statements and commits"
            )
            print("\n".join(run["shown"]))
    print(
        f"per request, mean of {args.n} of each kind, PostgreSQL; before = {name}; "
        f"lists with --more {args.more}"
    )
    heads = ("statements", "rows written", "rows read", "commits")
    print(f"{'':>19} " + " ".join(f"{h:>21}" for h in heads))
    for kind in KINDS:
        for part in ("ack", "delivery"):
            key = f"{kind}|{part}"
            cells = []
            for figure in FIGURES:
                b = before["figures"].get(key, {}).get(figure, 0.0)
                a = after["figures"].get(key, {}).get(figure, 0.0)
                ratio = f"{a / b:4.2f}x" if b else "  -  "
                cells.append(f"{b:6.1f} -> {a:5.1f} {ratio}")
            print(f"{kind + ' ' + part:>19} " + " ".join(f"{c:>21}" for c in cells))
    print("delivery CPU per request, ms (the process's, the stand-in's answering taken out):")
    for kind in KINDS:
        key = f"{kind}|delivery"
        b, a = before.get("cpu", {}).get(key), after.get("cpu", {}).get(key)
        if b and a:
            print(f"{kind + ' delivery':>19} {b:6.1f} -> {a:5.1f} {a / b:4.2f}x")


if __name__ == "__main__":
    main()
