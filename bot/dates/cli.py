"""`python -m bot dates`: read date phrases on stdin, print what each means as JSON lines.

One JSON object per input line, in order, flushed per line:
{"text", "due", "all_day", "echo", "question", "error", "worksheet"}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clock import SystemClock
from bot.courts.jurisdictions import COURTS
from bot.dates.reader import parse_when, warm_up
from bot.dates.readings import Ask, Unclear, When


def _parser(default_tz: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bot dates",
        description="Read date phrases on stdin (one a line); print one JSON object per line.",
    )
    p.add_argument("--now", help="reference time, ISO 8601; without an offset it is wall-clock "
                   "time in --tz (default: the current time)")  # fmt: skip
    p.add_argument("--tz", default=default_tz, help=f"the user's time zone (default {default_tz})")
    p.add_argument("--court", default="US-FED", help="jurisdiction for court-rule phrases "
                   f"({', '.join(sorted(COURTS))}; default US-FED)")  # fmt: skip
    return p


def record(text: str, result: When | Ask | Unclear, tz: ZoneInfo) -> dict[str, object]:
    """The JSON-ready record for one phrase."""
    out: dict[str, object] = {
        "text": text, "due": None, "all_day": None, "echo": None, "question": None,
        "error": None, "worksheet": [],
    }  # fmt: skip
    if isinstance(result, When):
        out.update(due=result.due.astimezone(tz).isoformat(), all_day=result.all_day,
                   echo=result.echo, worksheet=list(result.worksheet))  # fmt: skip
    elif isinstance(result, Ask):
        out["question"] = result.question
        out["options"] = [o.echo for o in result.options]
    else:
        out["error"] = result.error
    return out


def _now(arg: str | None, tz: ZoneInfo) -> datetime:
    if not arg:
        return SystemClock().now()
    moment = datetime.fromisoformat(arg.strip().replace("Z", "+00:00"))
    return moment.replace(tzinfo=tz) if moment.tzinfo is None else moment


def main(argv: list[str] | None = None, *, stdin: IO[str] | None = None,
         stdout: IO[str] | None = None) -> int:  # fmt: skip
    """Run the phrase reader; returns a process exit code."""
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout if stdout is not None else sys.stdout
    args = _parser(os.environ.get("DOCKET_TIMEZONE", "America/New_York")).parse_args(argv)
    try:
        tz = ZoneInfo(args.tz)
    except (ZoneInfoNotFoundError, ValueError):
        print(f"dates: unknown time zone {args.tz!r}", file=sys.stderr)
        return 2
    if args.court.strip().upper() not in COURTS:
        print(f"dates: unknown jurisdiction {args.court!r}; known: {', '.join(sorted(COURTS))}",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        now = _now(args.now, tz)
    except ValueError:
        print(f"dates: --now {args.now!r} is not an ISO 8601 time", file=sys.stderr)
        return 2
    warm_up()
    court = args.court.strip().upper()
    for line in stdin:
        text = line.rstrip("\r\n")
        result = parse_when(text, now=now, tz=tz, court=court)
        stdout.write(json.dumps(record(text, result, tz), ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
