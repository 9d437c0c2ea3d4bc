"""How often parse_when is right, wrong, asks back or gives no answer, next to plain dateparser.

Runs both on the external English corpora (Duckling's and ctparse's, see bench/corpus_cases.py) in
the same run and scores every kind of case: single dates at the case's grain, ranges by their
start, open ranges by their bound, negatives as "no date". The future-only subset (answers not in
the past) is read as the bot reads it, with past answers refused. Each family gets its own line.
Wrong answers whose corpus label we dispute (bench/dates_disputes.py) are listed with the reason
and stay in the headline figure; the wrong rate with label errors set aside is printed beside it.

    python bench/dates_corpus.py [CORPUS_DIR] [--show wrong|asked|none|dpwrong] [--family F]

CORPUS_DIR defaults to $DOCKET_CORPORA, then ../shared/corpora beside the repo or its main
checkout; when there is none the bench says so and exits 0. Run by hand, never from tests.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import dateparser  # noqa: E402

from bench.corpus_cases import OUTCOMES, corpus_dir, family, is_future, judge, load, ref  # noqa: E402
from bench.dates_disputes import CONVENTION, DISPUTES, LABEL  # noqa: E402
from bot.dates.reader import parse_when, warm_up  # noqa: E402
from bot.dates.readings import Ask, When  # noqa: E402


def ours(case: dict, allow_past: bool = True) -> str:
    """Outcome of parse_when on one case."""
    now, zone = ref(case)
    res = parse_when(case["phrase"], now=now, tz=zone, allow_past=allow_past)
    if isinstance(res, Ask):
        return "asked"
    if isinstance(res, When):
        return judge(case, res.due, all_day=res.all_day)
    return judge(case, None)


def plain(case: dict) -> str:
    """Outcome of plain dateparser.parse(text, languages=['en']) on one case."""
    now, _ = ref(case)
    base = now.replace(tzinfo=None)
    try:
        got = dateparser.parse(case["phrase"], languages=["en"], settings={"RELATIVE_BASE": base})
    except Exception:
        got = None
    return judge(case, got)


def _cells(counts: Counter, n: int) -> str:
    return "  ".join(f"{counts[o] / max(n, 1):6.1%}" for o in OUTCOMES)


def _ratio(a: float, b: float) -> str:
    return f"{a / b:5.2f}x" if b else "    -"


def _table(title: str, rows: list[tuple[dict, str, str, str]]) -> None:
    a = Counter(o for _, o, _, _ in rows)
    b = Counter(p for _, _, p, _ in rows)
    n = len(rows)
    print(f"{title} ({n} cases)")
    print(f"  parse_when  {_cells(a, n)}")
    print(f"  dateparser  {_cells(b, n)}")
    print(f"  ratio       right {_ratio(a['correct'], b['correct'])}  "
          f"wrong {_ratio(a['wrong'], b['wrong'])}")  # fmt: skip
    print(f"  counts      parse_when right {a['correct']}/{n}, wrong {a['wrong']}/{n}; "
          f"dateparser right {b['correct']}/{n}, wrong {b['wrong']}/{n}")  # fmt: skip


def _families(rows: list[tuple[dict, str, str, str]]) -> None:
    print(f"  {'family':<18}{'n':>5}   ours: right  wrong  asked   none | plain: right  wrong")
    fams: dict[str, list] = {}
    for r in rows:
        fams.setdefault(r[3], []).append(r)
    for name, group in sorted(fams.items(), key=lambda kv: -len(kv[1])):
        a = Counter(o for _, o, _, _ in group)
        b = Counter(p for _, _, p, _ in group)
        n = len(group)
        print(f"  {name:<18}{n:>5}        {_cells(a, n)} |       "
              f"{b['correct'] / n:6.1%}  {b['wrong'] / n:6.1%}")  # fmt: skip


def _disputes(rows: list[tuple[dict, str, str, str]]) -> None:
    """Wrong answers whose corpus label we dispute, listed, and the wrong rate without them."""
    n = len(rows)
    wrong = [c for c, o, _, _ in rows if o == "wrong"]
    for kind, title in ((LABEL, "disputed labels"), (CONVENTION, "corpus conventions")):
        cases = [c for c in wrong if DISPUTES.get(c["id"], ("",))[0] == kind]
        print(f"  {title}: {len(cases)} of the {len(wrong)} wrong answers")
        for c in cases:
            print(f"    {c['id']} {c['phrase']!r} (corpus: {c['expected']}): "
                  f"{DISPUTES[c['id']][1]}")  # fmt: skip
    labels = sum(DISPUTES.get(c["id"], ("",))[0] == LABEL for c in wrong)
    print(f"  wrong {len(wrong) / n:.1%}; with disputed labels set aside "
          f"{(len(wrong) - labels) / n:.1%} ({len(wrong) - labels} of {n})")  # fmt: skip
    stale = [c["id"] for c, o, _, _ in rows if c["id"] in DISPUTES and o != "wrong"]
    if stale:
        print(f"  disputes no longer wrong (drop them): {', '.join(stale)}")


def main(argv: list[str] | None = None) -> int:
    """Score both parsers on the corpora and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=None)
    ap.add_argument("--show", choices=("wrong", "asked", "none", "dpwrong", "future"))
    ap.add_argument("--family", default=None, help="only show cases of this family")
    ap.add_argument("--limit", type=int, default=80)
    args = ap.parse_args(argv)
    where = corpus_dir(args.corpus)
    if where is None:
        print("dates_corpus: no corpora found (give CORPUS_DIR or set $DOCKET_CORPORA); skipped.")
        return 0
    warm_up()
    plain({"phrase": "tomorrow", "ref_time": "2026-01-05T12:00:00", "kind": "negative",
           "expected": None})  # fmt: skip
    by_source: dict[str, list[tuple[dict, str, str, str]]] = {}
    future: dict[str, list[tuple[dict, str, str, str]]] = {}
    shown = 0
    for c in load(where):
        o, p, fam = ours(c), plain(c), family(c)
        by_source.setdefault(c["source"], []).append((c, o, p, fam))
        if is_future(c):
            f = ours(c, allow_past=False)
            future.setdefault(c["source"], []).append((c, f, p, fam))
        want = {"dpwrong": p == "wrong" and o != "correct",
                "future": is_future(c) and f not in ("correct", "asked")}.get(
            args.show or "", o == args.show)  # fmt: skip
        if want and (args.family in (None, fam)) and shown < args.limit:
            shown += 1
            now, zone = ref(c)
            res = parse_when(c["phrase"], now=now, tz=zone, allow_past=args.show != "future")
            print(f"    [{fam}] {c['phrase']!r} {c['kind']} exp={c['expected']} {c['grain']} "
                  f"-> {res}")  # fmt: skip
    print(f"corpora: {where}; parse_when vs plain dateparser in the same run")
    print(f"{'':14}{'right':>6}  {'wrong':>6}  {'asked':>6}  {'none':>6}")
    for source, rows in sorted(by_source.items()):
        _table(f"{source} single dates", [r for r in rows if r[0]["kind"] == "instant"])
        _table(f"{source} all kinds", rows)
        _table(f"{source} future only, past refused", future.get(source, []))
        _families(rows)
        _disputes(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
