"""`python -m bot sandbox [--script FILE]`: the offline workspace in a terminal."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import UTC
from typing import TextIO

from bot.clock import SystemClock
from bot.config import Settings
from bot.dates import warm_up
from sandbox.shell import Shell
from sandbox.world import World

BANNER = (
    "Docket sandbox: no Slack credentials are set, so this is a local stand-in workspace "
    "(set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN in .env to connect "
    "a real workspace; see README.md)."
)


def run_sandbox(
    settings: Settings,
    *,
    database_url: str | None,
    script: TextIO | None = None,
    out: TextIO = sys.stdout,
    interactive: bool | None = None,
    socket_mode: bool = False,
) -> int:
    """Start the world, then read instructions from script, a terminal or stdin."""
    out.write(BANNER + "\n")
    out.flush()
    if settings.log_level != "DEBUG":  # the transcript is the output; logs only for trouble
        for noisy in ("alembic", "waitress", "docket", "websockets"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
        logging.getLogger("websocket").setLevel(logging.CRITICAL)  # a :disconnect drop is no news
    start = SystemClock().now().replace(second=0, microsecond=0)
    world = World(
        start=start.astimezone(UTC),
        settings=settings,
        database_url=database_url,
        socket_mode=socket_mode,
    )
    try:
        world.start()
        warm_up()
        source = script if script is not None else sys.stdin
        tty = source.isatty() if interactive is None else interactive
        if socket_mode:
            out.write("(Docket is connected to the stand-in over Socket Mode)\n")
        shell = Shell(world, out, echo=not tty)
        if tty:
            out.write("Type :help for the instructions, Ctrl-D to leave.\n")
            _interactive(shell)
        else:
            shell.run(source)
    finally:
        world.stop()
    return 0


def _interactive(shell: Shell) -> None:
    try:
        import readline  # noqa: F401  (line editing when available)
    except ImportError:
        pass
    while True:
        try:
            line = input(shell.prompt())
        except (EOFError, KeyboardInterrupt):
            print()
            return
        shell.run_line(line)


def main(argv: list[str], settings: Settings, database_url: str | None) -> int:
    """Parse sandbox arguments and run it."""
    parser = argparse.ArgumentParser(prog="python -m bot sandbox")
    parser.add_argument("--script", type=argparse.FileType("r"), help="read instructions from FILE")
    parser.add_argument(
        "--socket-mode",
        action="store_true",
        help="Docket connects over Socket Mode (a WebSocket) instead of receiving HTTP",
    )
    args = parser.parse_args(argv)
    return run_sandbox(
        settings, database_url=database_url, script=args.script, socket_mode=args.socket_mode
    )
