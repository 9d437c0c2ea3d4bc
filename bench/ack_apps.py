"""The baseline apps of bench/ack_latency.py, each served in a process of its own.

bare: a Bolt app whose listeners only ack; floor: that app plus one write transaction on the
database and, for /task add, Docket's reading of the title and date; txn: the bare app plus the
write transaction only; date: the bare app plus, for /task add, the date reading only (what
bench/ack_room.py weighs one against the other). Each behind the server Docket uses (BotServer:
waitress, 8 threads). Prints the app's URL on stdout, then serves until
SIGTERM/SIGINT or until its parent closes stdin (a bench that died leaves nothing behind).
Usage: python bench/ack_apps.py bare|txn|date|floor --api-url URL --secret S [--database-url URL]
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any


def build(kind: str, *, api_url: str, secret: str, database_url: str | None) -> Any:
    """The bare, txn, date or floor Bolt app, its listeners registered."""
    if kind == "bare":
        task, other = (lambda ack: ack()), (lambda ack: ack())
    else:
        if kind != "date" and not database_url:
            raise SystemExit(f"ack_apps: {kind} needs --database-url")
        task, other = _floor(database_url, write=kind != "date", read=kind != "txn")
    return _app(api_url, secret, task, other)


def _app(api_url: str, secret: str, task: Callable[..., None], other: Callable[..., None]) -> Any:
    """A Bolt app with these listeners: /task; /case and the card's buttons."""
    from slack_bolt import App
    from slack_sdk import WebClient

    from bot import blocks

    app = App(
        signing_secret=secret,
        client=WebClient(token="xoxb-sandbox", base_url=api_url),
        process_before_response=True,
        token_verification_enabled=False,
    )
    app.command(blocks.TASK_COMMAND)(task)
    app.command(blocks.CASE_COMMAND)(other)
    for action in (blocks.DONE_ACTION, blocks.REOPEN_ACTION):
        app.action(action)(other)
    return app


def _floor(
    database_url: str | None, *, write: bool = True, read: bool = True
) -> tuple[Callable[..., None], Callable[..., None]]:
    """Listeners for the least a Docket-shaped ack can cost: one write transaction on the same
    database (write), plus (read, for /task add) reading the title and date with Docket's reader."""
    from sqlalchemy import text

    from bot.db import make_engine
    from bot.services.whens import Reading, split_title_when

    engine = make_engine(database_url) if write and database_url else None
    if engine is not None:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE IF NOT EXISTS bench_floor (n INTEGER, at TIMESTAMP)"))

    def commit() -> None:
        if engine is not None:
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO bench_floor VALUES (1, CURRENT_TIMESTAMP)"))

    def task(ack: Any, command: dict[str, Any]) -> None:
        words = str(command.get("text") or "")
        if read and words.split()[:1] not in (["list"], ["done"], ["reopen"]):
            reading = Reading(now=datetime.now(UTC), tz="America/New_York")  # Docket's clock too
            title, when = split_title_when(words, reading)
            commit()
            ack(f"Added task: {title} ({when.echo if when else 'no date'})")
            return
        commit()
        ack("ok")

    def other(ack: Any) -> None:
        commit()
        ack()

    return task, other


def main() -> int:
    """Serve the app until told to stop; its URL is the first line on stdout."""
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=("bare", "txn", "date", "floor"))
    parser.add_argument("--api-url", required=True, help="the Slack stand-in's Web API")
    parser.add_argument("--secret", required=True, help="the signing secret requests carry")
    parser.add_argument("--database-url", default=None, help="floor: where it writes")
    if len(sys.argv) == 1:  # `make bench` runs every file here: this one serves ack_latency.py
        parser.print_usage()
        return 0
    args = parser.parse_args()
    from bot.slack.web import BotServer

    app = build(args.kind, api_url=args.api_url, secret=args.secret, database_url=args.database_url)
    if args.kind in ("floor", "date"):
        try:
            from bot.dates import warm_up
        except ImportError:  # an older checkout: its first dated ack pays the load
            pass
        else:
            warm_up()  # as Docket's runner does: the date reader's data loaded before any ack
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())

    def orphaned() -> None:
        sys.stdin.read()  # its end comes when the bench closes it or dies
        stop.set()

    threading.Thread(target=orphaned, daemon=True).start()
    server = BotServer(app).start()
    print(server.url, flush=True)
    stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
