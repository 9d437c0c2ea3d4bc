"""Phrases per second: parse_when vs plain dateparser.parse(text, languages=['en']), same run.

    python bench/dates_speed.py [--rounds N] [--corpus DIR]

Uses a fixed list of realistic case-team phrases, plus (with --corpus) the corpus phrases. Both
parsers are warmed up first. Run by hand, never from tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import dateparser  # noqa: E402

from bot.dates.reader import parse_when, warm_up  # noqa: E402

PHRASES = [
    "by Friday 5pm", "eod tomorrow", "in 3 business days", "21 days after service on Dec 1",
    "9 court days before the 12/7 hearing", "Fri 5p", "monday at 9", "end of month",
    "next Tuesday at 9", "two weeks from Monday", "the 15th", "noon tomorrow", "tonight",
    "12/7/2026", "2026-12-07 14:00", "tomorrow 3pm PT", "in 2 hours", "3 weeks from today",
    "first Monday of next month", "Friday after next", "December 7th at 10am", "next week",
    "14 days before the 12/10 hearing", "48 hours after 12/31/2026 3pm", "tomorrow",
    "Dec 4", "in 10 days", "Thursday", "5pm ET", "end of next week", "garbage text here",
    "March 3rd 2027", "the day after tomorrow", "in 30 minutes", "at 4:30pm",
]  # fmt: skip
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("America/New_York"))


def _rate(fn, phrases: list[str], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for p in phrases:
            fn(p)
    return rounds * len(phrases) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    """Measure and print both rates and their ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=None)
    args = ap.parse_args(argv)
    sets = {"case-team phrases": PHRASES}
    if args.corpus:
        lines = []
        for path in sorted(args.corpus.glob("*.jsonl")):
            lines += [json.loads(x)["phrase"] for x in path.open(encoding="utf-8") if x.strip()]
        sets["corpus phrases"] = lines
    base = NOW.replace(tzinfo=None)
    settings = {"RELATIVE_BASE": base}

    def ours(p: str) -> object:
        return parse_when(p, now=NOW, tz="America/New_York", allow_past=True)

    def plain(p: str) -> object:
        return dateparser.parse(p, languages=["en"], settings=settings)

    warm_up()
    plain("tomorrow 5pm")
    for name, phrases in sets.items():
        rounds = args.rounds if len(phrases) < 200 else max(1, args.rounds // 10)
        a, b = _rate(ours, phrases, rounds), _rate(plain, phrases, rounds)
        print(f"{name} ({len(phrases)} phrases x {rounds})")
        print(f"  parse_when  {a:8.0f} phrases/s")
        print(f"  dateparser  {b:8.0f} phrases/s")
        print(f"  parse_when time / dateparser time = {b / a:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
