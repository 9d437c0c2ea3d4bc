"""How often parse_when is right, wrong, asks back or gives no answer, next to plain dateparser.

Runs both on the external English corpora in /work/shared/corpora (Duckling's and ctparse's) in
the same run. Scored: single dates (`instant`, compared at the case's grain) and `negative`
cases (must not parse). Ranges (`interval`, `open_*`) are not scored: parse_when returns one due
moment, not a range.

    python bench/dates_corpus.py [CORPUS_DIR] [--show wrong|asked|none|dpwrong] [--limit N]

CORPUS_DIR defaults to $DOCKET_CORPORA or <repo>/../shared/corpora. Run by hand, never from tests.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import warnings
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import dateparser  # noqa: E402

from bot.dates.reader import Ask, When, parse_when, warm_up  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
OUTCOMES = ("correct", "wrong", "asked", "none")


def _key(moment: datetime, grain: str) -> tuple[int, ...]:
    m = moment
    keys = {
        "year": (m.year,),
        "quarter": (m.year, (m.month - 1) // 3),
        "month": (m.year, m.month),
        "week": tuple(m.isocalendar()[:2]),
        "day": (m.year, m.month, m.day),
        "hour": (m.year, m.month, m.day, m.hour),
        "minute": (m.year, m.month, m.day, m.hour, m.minute),
    }
    return keys.get(grain, (m.year, m.month, m.day, m.hour, m.minute, m.second))


def _ref(case: dict) -> tuple[datetime, tzinfo]:
    ref = datetime.fromisoformat(case["ref_time"])
    if ref.tzinfo is None:
        ref = ref.replace(tzinfo=UTC)
    off = ref.utcoffset() or timedelta(0)
    return ref, timezone(off)


def _judge(case: dict, got: datetime | None, asked: bool = False) -> str:
    if asked:
        return "asked"
    if got is None:
        return "correct" if case["kind"] == "negative" or not case["expected"] else "none"
    if case["kind"] == "negative" or not case["expected"]:
        return "wrong"
    exp = datetime.fromisoformat(case["expected"])
    grain = case["grain"] or "second"
    return "correct" if _key(got.replace(tzinfo=None), grain) == _key(exp, grain) else "wrong"


def ours(case: dict) -> str:
    """Outcome of parse_when on one case."""
    ref, zone = _ref(case)
    res = parse_when(case["phrase"], now=ref, tz=zone, allow_past=True)
    if isinstance(res, Ask):
        return "asked"
    return _judge(case, res.due.astimezone(zone) if isinstance(res, When) else None)


def plain(case: dict) -> str:
    """Outcome of plain dateparser.parse(text, languages=['en']) on one case."""
    ref, _ = _ref(case)
    base = ref.replace(tzinfo=None)
    try:
        got = dateparser.parse(case["phrase"], languages=["en"], settings={"RELATIVE_BASE": base})
    except Exception:
        got = None
    return _judge(case, got)


def load(directory: Path) -> list[dict]:
    """All cases of every *.jsonl file in directory."""
    cases: list[dict] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            cases.extend(json.loads(line) for line in fh if line.strip())
    return cases


def _row(label: str, counts: Counter, n: int) -> str:
    cells = "  ".join(f"{counts[o] / n:7.1%}" for o in OUTCOMES)
    return f"  {label:<12}{cells}"


def main(argv: list[str] | None = None) -> int:
    """Score both parsers on the corpora and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=os.environ.get("DOCKET_CORPORA", DEFAULT_DIR))
    ap.add_argument("--show", choices=("wrong", "asked", "none", "dpwrong"))
    ap.add_argument("--limit", type=int, default=60)
    args = ap.parse_args(argv)
    cases = [c for c in load(Path(args.corpus)) if c["kind"] in ("instant", "negative")]
    warm_up()
    groups: dict[tuple[str, str], list[dict]] = {}
    for c in cases:
        kind = "negative" if c["kind"] == "negative" or not c["expected"] else "single date"
        groups.setdefault((c["source"], kind), []).append(c)
    shown = 0
    print(f"{'':14}{'correct':>7}  {'wrong':>7}  {'asked':>7}  {'none':>7}")
    for (source, kind), group in sorted(groups.items()):
        a: Counter[str] = Counter()
        b: Counter[str] = Counter()
        for c in group:
            o, p = ours(c), plain(c)
            a[o] += 1
            b[p] += 1
            want = {"dpwrong": p == "wrong" and o != "correct"}.get(args.show, o == args.show)
            if args.show and want and shown < args.limit:
                shown += 1
                res = parse_when(c["phrase"], now=_ref(c)[0], tz=_ref(c)[1], allow_past=True)
                print(f"    {c['phrase']!r} exp={c['expected']} {c['grain']} -> {res}")
        print(f"{source} {kind} ({len(group)} cases)")
        print(_row("parse_when", a, len(group)))
        print(_row("dateparser", b, len(group)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
