"""Numbers just before an explicit "by DATE" are the title's: "answer rogs 1-12 by Dec 10"; a date
there is a second date: "brief the 7th by Dec 10", "brief 12/7 by Dec 10" are refused.

Legal teams number what they work on ("Interrogatories 1-25", "exhibits 3-5", "Counts 1 and 2",
"No. 4-7"). When "by", "due", "before" or "on" and a date follow those numbers, the date starts
at that word: the splitter's scan does not begin a date inside the numbers (the reader took
"1-12 by Dec 10" for the year 2110, "1-12 by Friday 5pm" for Jan 12). Numbers that make a date
with the word before them ("Dec 7 by Dec 10", "due 1-12 by Dec 10") are a second date: refused;
so is any other date just before the marker, however it is spelled ("the 7th", "12/7", "Monday").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.services.cut_dates import OneDate

NUMBER_RE = re.compile(r"^\d{1,4}(?:[-\u2013\u2014]\d{1,4})?[,;]?$")  # 12, 1-12, 1–30, "1,"
JOINS = frozenset({"and", "&", "or", "to", "through", "thru", "-", "\u2013", "\u2014"})
MARKERS = frozenset({"by", "due", "before", "on"})  # "due by", "on or before" start so too
DATE_WORDS = 6  # the longest date looked for just before a marker, in words


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


def second_date(
    words: list[str], run: Numbers, reads: Callable[[str], bool], echo: Callable[[str], str]
) -> OneDate | None:
    """Refuse numbers that are a date with the word before them: "brief Dec 7 by Dec 10"."""
    if run.start == 0 or not any(c.isalnum() for c in words[run.start - 1]):
        return None  # "§§ 3-5 by Dec 10": a sign before numbers makes no date of them
    if not reads(" ".join(words[run.start - 1 : run.marker])):
        return None
    return two_before(words, run.start - 1, run.marker, echo)


def date_before(
    words: list[str], marker: int, runs: list[Numbers], names_day: Callable[[str], bool]
) -> int | None:
    """Where a date naming a day ends just before the marker word ("brief the 7th | by Dec 10",
    "brief 12/7 | by Dec 10"): its first word, the longest such date; None when there is none
    or the words before the marker are the title's numbers ("rogs 1-12 by Dec 10")."""
    if marker == 0 or words[marker].lower() not in MARKERS:
        return None
    if any(run.marker == marker for run in runs):
        return None  # numbers: the title's, or refused with the word before them (second_date)
    for start in range(max(0, marker - DATE_WORDS), marker):
        if words[start].lower() not in MARKERS and names_day(" ".join(words[start:marker])):
            return start
    return None


def two_before(words: list[str], start: int, marker: int, echo: Callable[[str], str]) -> OneDate:
    """The refusal of a date (words[start:marker]) before the due one: the two as read, and the
    command to type with that date quoted into the title."""
    before, due = " ".join(words[start:marker]), " ".join(words[marker:])
    title = " ".join(words[:marker])
    named = [echo(before), echo(due)]
    read = f" ({before}: {named[0]}; {due}: {named[1]})" if all(named) else ""
    return OneDate(
        f'I read "{before} {due}" as more than one date{read}, but a task has only one due date. '
        f'Nothing was created. If "{before}" is part of the title, put the title in quotes; '
        "if not, type it again with the one date it is due.",
        keep=f'"{title}" {due}' if start > 0 else "",
    )
