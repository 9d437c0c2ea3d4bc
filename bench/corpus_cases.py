"""The external date corpora for the benches: where they are, their cases, families and scoring.

A case's answer is its `expected` moment (for ranges, their start; for open ranges, their bound)
compared at the case's grain; a `negative` case is right when no date comes back. A question
back is counted apart from a wrong answer. Run by hand, never from tests.
"""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTCOMES = ("correct", "wrong", "asked", "none")
_FINER = {"second": 0, "minute": 1, "hour": 2, "day": 3, "week": 4, "month": 5, "quarter": 6,
          "year": 7}  # fmt: skip
_ENDWARD = re.compile(r"\b(?:end|eo[dwmqy]|by|within|until|till|before)\b")
_WD = r"mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
_NUMW = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fifteen|twenty|"
    r"thirty|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|twelfth|"
    r"fifteenth|twentieth|thirtieth"
)
# (family, pattern), first match wins; the order puts the rarer, sharper families first.
FAMILIES: list[tuple[str, re.Pattern[str]]] = [
    (
        "time zone",
        re.compile(
            r"\b(?:[ecmp][sd]?t|gmt|utc|cet|ist|pacific|central|eastern|"
            r"mountain|london|z)\b|[+-]\d{2}:?\d{2}\b"
        ),
    ),
    ("end/start of", re.compile(r"\b(?:end|beginning|start|close|eod|cob|eow|eom|eoy|rest)\b")),
    ("not a date", re.compile(r"\b(?:asap|as soon as|soon|tbd|later|now|whenever)\b")),
    (
        "weeks+weekdays",
        re.compile(
            rf"\b(?:{_WD})[a-z]*\b.*\bweeks?\b|\bweeks?\b.*\b(?:{_WD})|"
            rf"\b(?:{_WD})[a-z]*s? (?:from|after|ago)|after next"
        ),
    ),
    (
        "ordinal of month",
        re.compile(
            r"\b(?:first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))"
            r"\s+\w+\s+(?:of|in)\b|\bthe \d+(?:st|nd|rd|th)\b"
        ),
    ),
    (
        "relative",
        re.compile(
            r"\b(?:in|within|ago|from now|hence|later|after|before|next|last|"
            r"past|upcoming|coming|previous|this)\b"
        ),
    ),
    ("spelled numbers", re.compile(rf"\b(?:{_NUMW})")),
    ("weekday", re.compile(rf"\b(?:{_WD})")),
    (
        "calendar date",
        re.compile(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|"
            r"\d[/.-]\d|\b\d{4}\b"
        ),
    ),
    ("time of day", re.compile(r"\d|noon|midnight|morning|afternoon|evening|night|o'?clock")),
]


def corpus_dir(given: str | None) -> Path | None:
    """The corpora: the flag, $DOCKET_CORPORA, or ../shared/corpora beside the (main) checkout."""
    cands = [given, os.environ.get("DOCKET_CORPORA"), REPO.parent / "shared" / "corpora"]
    dotgit = REPO / ".git"
    if dotgit.is_file():  # a git worktree: its main checkout holds the real ../shared
        gitdir = Path(dotgit.read_text().split("gitdir:", 1)[-1].strip())
        main = gitdir.parents[2] if gitdir.parent.name == "worktrees" else None
        cands.append(main and main.parent / "shared" / "corpora")
    for c in cands:
        if c and Path(c).is_dir() and any(Path(c).glob("*.jsonl")):
            return Path(c)
    return None


def load(directory: Path) -> list[dict]:
    """All cases of every *.jsonl file in directory."""
    cases: list[dict] = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as fh:
            cases.extend(json.loads(line) for line in fh if line.strip())
    return cases


def family(case: dict) -> str:
    """The family a case belongs to (negatives, holidays and ranges by kind, else by its words)."""
    if case["kind"] == "negative" or not case["expected"]:
        return "negative"
    if case.get("holiday"):
        return "holiday"
    text = case["phrase"].lower()
    for name, rx in FAMILIES:
        if rx.search(text):
            if case["kind"] != "instant" and name not in ("time zone", "end/start of"):
                return "range"
            return name
    return "range" if case["kind"] != "instant" else "other"


def ref(case: dict) -> tuple[datetime, tzinfo]:
    """The case's reference time (aware) and its fixed-offset zone."""
    moment = datetime.fromisoformat(case["ref_time"])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment, timezone(moment.utcoffset() or timedelta(0))


def key(moment: datetime, grain: str) -> tuple[int, ...]:
    """The moment truncated to grain, as a comparable tuple."""
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


def is_future(case: dict) -> bool:
    """Whether the case's answer is not in the past (negatives count: they have none)."""
    if not case["expected"]:
        return True
    now, _ = ref(case)
    grain = case["grain"] or "second"
    exp = datetime.fromisoformat(case["expected"])
    return key(exp, grain) >= key(now.replace(tzinfo=None), grain)


def _deadline_end(case: dict) -> datetime | None:
    """The last moment of a range read as a deadline ("by EOM", "end of the year"), else None."""
    if case["kind"] != "interval" or not case["expected_end"]:
        return None
    start, now = datetime.fromisoformat(case["expected"]), ref(case)[0].replace(tzinfo=None)
    if start != now and not _ENDWARD.search(case["phrase"].lower()):
        return None
    return datetime.fromisoformat(case["expected_end"])


def judge(case: dict, got: datetime | None, all_day: bool = False) -> str:
    """'correct', 'wrong' or 'none' for a moment (naive local, or aware) read from the case.

    A range is right at its start; a range from now until X ("by EOD", "within 2 weeks") or the
    end of a period ("end of the month") is right at its last day (or its end, when that has a
    time). An all-day answer claims a day only, so it is compared at day grain or coarser; 11:59
    PM is the same deadline as the midnight that follows it. A time of day inside a range ("this
    morning" read as 9 AM) is right.
    """
    if got is not None and got.tzinfo is not None:
        got = got.astimezone(ref(case)[1]).replace(tzinfo=None)
    if got is None:
        return "correct" if case["kind"] == "negative" or not case["expected"] else "none"
    if case["kind"] == "negative" or not case["expected"]:
        return "wrong"
    exp = datetime.fromisoformat(case["expected"])
    grain = case["grain"] or "second"
    if all_day and _FINER.get(grain, 0) < _FINER["day"]:
        grain = "day"
    if got.time() == time(23, 59) and exp.time() == time(0) and got.date() < exp.date():
        got = exp if (exp - got) <= timedelta(minutes=1) else got
    if key(got, grain) == key(exp, grain):
        return "correct"
    if case["kind"] == "interval" and case["expected_end"] and not all_day:  # a time inside it
        if exp <= got < datetime.fromisoformat(case["expected_end"]):
            return "correct"
    end = _deadline_end(case)
    if end is not None:
        if end.time() == time(0):
            return (
                "correct" if key(got, "day") == key(end - timedelta(seconds=1), "day") else "wrong"
            )
        return (
            "correct"
            if key(got, "day" if all_day else "minute") == key(end, "day" if all_day else "minute")
            else "wrong"
        )
    return "wrong"
