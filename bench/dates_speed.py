"""Phrases per second: parse_when vs plain dateparser.parse(text, languages=['en']), same run.

    python bench/dates_speed.py [--rounds N] [--corpus DIR]

Two sets: the case team's 200 phrases (tests/data/case_team_phrases.tsv, read as the test reads
them) and every phrase of the external corpora (found as bench/dates_corpus.py finds them; skipped
with a note when there are none). Both parsers are warmed up first. Targets: at least 1,000
phrases/s on the case-team set, and no more than 1.5x dateparser's time on the corpora. Run by
hand, never from tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import dateparser  # noqa: E402

from bench.corpus_cases import REPO, corpus_dir  # noqa: E402
from bot.dates.reader import parse_when, warm_up  # noqa: E402

TEAM = REPO / "tests" / "data" / "case_team_phrases.tsv"
TZ = ZoneInfo("America/Chicago")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)  # the set's own "now"


def team_phrases() -> list[str]:
    """The phrases of the case-team set."""
    lines = TEAM.read_text(encoding="utf-8").splitlines()
    return [x.split("\t")[0] for x in lines if x.strip() and not x.startswith("#")]


def _rate(fn: Callable[[str], object], phrases: list[str], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for p in phrases:
            fn(p)
    return rounds * len(phrases) / (time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    """Measure and print both rates and their ratio."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--corpus", default=None)
    args = ap.parse_args(argv)
    sets = {"case-team phrases": team_phrases()}
    where = corpus_dir(args.corpus)
    if where is None:
        print("dates_speed: no corpora found; timing the case-team set only.")
    else:
        lines: list[str] = []
        for path in sorted(where.glob("*.jsonl")):
            lines += [json.loads(x)["phrase"] for x in path.open(encoding="utf-8") if x.strip()]
        sets["corpus phrases"] = lines
    settings = {"RELATIVE_BASE": NOW.replace(tzinfo=None)}

    def ours(p: str) -> object:
        return parse_when(p, now=NOW, tz=TZ, allow_past=True)

    def plain(p: str) -> object:
        return dateparser.parse(p, languages=["en"], settings=settings)

    warm_up()
    plain("tomorrow 5pm")
    for name, phrases in sets.items():
        rounds = args.rounds if len(phrases) <= 200 else 1
        a, b = _rate(ours, phrases, rounds), _rate(plain, phrases, rounds)
        print(f"{name} ({len(phrases)} phrases x {rounds})")
        print(f"  parse_when  {a:8.0f} phrases/s")
        print(f"  dateparser  {b:8.0f} phrases/s")
        print(f"  parse_when time / dateparser time = {b / a:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
