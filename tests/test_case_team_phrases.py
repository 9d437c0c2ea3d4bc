"""The case team's phrases (tests/data/case_team_phrases.tsv): at least 97% right, none wrong."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Result, Unclear, When

DATA = Path(__file__).parent / "data" / "case_team_phrases.tsv"
TZ = ZoneInfo("America/Chicago")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=TZ)


def cases() -> list[tuple[str, str]]:
    """(phrase, answer) for every row of the data file."""
    rows = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, answer = line.split("\t")
            rows.append((phrase, answer.strip()))
    return rows


def _day(w: When) -> str:
    local = w.due.astimezone(TZ)
    return f"{local:%Y-%m-%d}" if w.all_day else f"{local:%Y-%m-%d %H:%M}"


def outcome(got: Result, answer: str) -> str:
    """'right', 'wrong' (a date that is not the answer) or 'off' (asked or refused instead)."""
    if answer == "no date":
        return "right" if isinstance(got, Unclear) else "wrong" if isinstance(got, When) else "off"
    if answer.startswith("ask"):
        if isinstance(got, When):
            return "wrong"
        want = answer.split()[1:]
        days = (
            [f"{o.due.astimezone(TZ):%Y-%m-%d}" for o in got.options]
            if isinstance(got, Ask)
            else []
        )
        return "right" if isinstance(got, Ask) and (not want or days == want) else "off"
    if isinstance(got, When):
        return "right" if _day(got) == answer else "wrong"
    return "off"


def test_the_set_is_two_hundred_distinct_phrases():
    phrases = [p for p, _ in cases()]
    assert len(phrases) == 200 and len(set(phrases)) == 200


def test_case_team_phrases_read_right_and_never_wrong():
    results = [(p, a, outcome(parse_when(p, now=NOW, tz=TZ), a)) for p, a in cases()]
    wrong = [(p, a) for p, a, o in results if o == "wrong"]
    off = [(p, a) for p, a, o in results if o == "off"]
    assert not wrong, f"wrong answers: {wrong}"
    assert sum(o == "right" for *_, o in results) >= 0.97 * len(results), f"not right: {off}"
