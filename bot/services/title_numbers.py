"""Numbers just before an explicit "by DATE" are the title's: "answer rogs 1-12 by Dec 10".

Legal teams number what they work on ("Interrogatories 1-25", "exhibits 3-5", "Counts 1 and 2",
"No. 4-7"). When "by", "due", "before" or "on" and a date follow those numbers, the date starts
at that word: the splitter's scan does not begin a date inside the numbers (the reader took
"1-12 by Dec 10" for the year 2110, "1-12 by Friday 5pm" for Jan 12). Numbers that make a date
with the word before them ("Dec 7 by Dec 10", "due 1-12 by Dec 10") are a second date: refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.services.cut_dates import OneDate

NUMBER_RE = re.compile(r"^\d{1,4}(?:[-\u2013\u2014]\d{1,4})?[,;]?$")  # 12, 1-12, 1–30, "1,"
JOINS = frozenset({"and", "&", "or", "to", "through", "thru", "-", "\u2013", "\u2014"})
MARKERS = frozenset({"by", "due", "before", "on"})  # "due by", "on or before" start so too


@dataclass(frozen=True)
class Numbers:
    """A run of numbers in a command's words (from `start`) just before its `marker` word."""

    start: int
    marker: int


def numbers_before(words: list[str], reads: Callable[[str], bool]) -> list[Numbers]:
    """Every run of numbers followed by a marker and a phrase that `reads` as a date."""
    found = []
    for marker in range(1, len(words)):
        if words[marker].lower() not in MARKERS or not NUMBER_RE.match(words[marker - 1]):
            continue
        if not reads(" ".join(words[marker:])):
            continue
        start = marker - 1
        while start > 0 and (
            NUMBER_RE.match(words[start - 1]) or words[start - 1].lower() in JOINS
        ):
            start -= 1
        while not NUMBER_RE.match(words[start]):  # a join word opens no run: "or 3"
            start += 1
        found.append(Numbers(start, marker))
    return found


def inside(runs: list[Numbers], start: int) -> Numbers | None:
    """The run a tail starting at word `start` would begin inside, if any."""
    return next((run for run in runs if run.start <= start < run.marker), None)


def second_date(words: list[str], run: Numbers, reads: Callable[[str], bool]) -> OneDate | None:
    """Refuse numbers that are a date with the word before them: "brief Dec 7 by Dec 10"."""
    if run.start == 0 or not any(c.isalnum() for c in words[run.start - 1]):
        return None  # "§§ 3-5 by Dec 10": a sign before numbers makes no date of them
    if not reads(" ".join(words[run.start - 1 : run.marker])):
        return None
    before, due = " ".join(words[run.start - 1 : run.marker]), " ".join(words[run.marker :])
    title = " ".join(words[: run.marker])
    return OneDate(
        f'I read "{before} {due}" as more than one date, but a task has only one due date. '
        f'Nothing was created. If "{before}" is part of the title, put the title in quotes.',
        keep=f'"{title}" {due}' if run.start > 1 else "",
    )
