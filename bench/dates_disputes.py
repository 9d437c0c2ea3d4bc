"""Corpus cases where Docket's answer is counted wrong but the corpus is what we dispute.

Two kinds, kept apart and listed by bench/dates_corpus.py with each case (they stay in the
headline "wrong" figure; the bench prints the figure with label errors set aside beside it):
- LABEL: the corpus's answer contradicts its own phrase or the facts (a date a day off from the
  one typed, a weekday that does not match, a holiday on a day it was not kept).
- CONVENTION: the corpus follows a convention that Docket does not, on purpose, for the reason
  given (Docket's rule is in its tests). Not set aside anywhere: only listed.
Every entry was checked by hand against the phrase, its reference time and a calendar.
"""

from __future__ import annotations

LABEL = "label"
CONVENTION = "convention"

DISPUTES: dict[str, tuple[str, str]] = {
    # ctparse (reference times are naive, read as UTC)
    "ctparse-00179": (LABEL, '"12 Nov 1115" says the 12th; the label is Nov 13'),
    "ctparse-00646": (LABEL, '"1 Nov 1015" says the 1st; the label is Nov 2'),
    "ctparse-01636": (LABEL, '"8 Nov 1015" says the 8th; the label is Nov 9'),
    "ctparse-00448": (
        LABEL,
        '"Saturday" said Mon Nov 13 is Nov 18; the label is Dec 16, five Saturdays on',
    ),  # fmt: skip
    "ctparse-01026": (
        LABEL,
        '"Afternoon" said Mon Jun 12 at 13:24 names no other day; the label is Thu Jun 15',
    ),  # fmt: skip
    "ctparse-01624": (LABEL, '"Sunday morning" said Tue Aug 29; the label is Thu Aug 31'),
    "ctparse-01645": (
        LABEL,
        '"Tuesday" said Thu Jun 15 is Jun 20; the label is Jun 27, the Tuesday after',
    ),  # fmt: skip
    "ctparse-01751": (
        LABEL,
        "Jul 19 is a Wednesday in 2017 (the reference year); the label is "
        "2016, when it was a Tuesday",
    ),  # fmt: skip
    "ctparse-01861": (LABEL, '"18th" said Jun 20 is Jul 18; the label skips to Aug 18'),
    "ctparse-01670": (
        CONVENTION,
        '"12-11-2017": the corpus (a German travel company\'s) reads '
        "day first; Docket reads US dates month first",
    ),  # fmt: skip
    # Duckling (reference Tue 2013-02-12 04:30 at UTC-2)
    "duckling-EN-00255": (
        LABEL,
        '"at 7 in 3 years" is Feb 12, 2016 at 7; the label is Feb 1 '
        "(the year's grain cut the day to the month's first)",
    ),  # fmt: skip
    "duckling-EN-00392": (
        LABEL,
        '"in 4 years at 5pm" is Feb 12, 2017; the label is Feb 1 (as above)',
    ),  # fmt: skip
    "duckling-EN-00707": (
        LABEL,
        '"this afternoon at 12": 12 in the afternoon is noon; the label is the midnight after',
    ),  # fmt: skip
    "duckling-EN-00895": (
        LABEL,
        "Dussehra 2018 was Fri Oct 19 (India's gazetted holiday; the "
        "Amritsar Dussehra gathering was that evening); the label is Oct 18",
    ),
    "duckling-EN-00896": (LABEL, "Vijayadashami 2018 is Dussehra 2018, Oct 19 (as above)"),
    "duckling-EN-00017": (
        CONVENTION,
        '"three twenty" is a time to Docket as "ten thirty" is to '
        "the same corpus, which counts that one a time",
    ),  # fmt: skip
    "duckling-EN-00026": (
        CONVENTION,
        '"Martin Luther King\' day": Docket reads the stray apostrophe as MLK Day and echoes it',
    ),  # fmt: skip
    "duckling-EN-00022": (
        CONVENTION,
        '"4a": Docket reads a/p after an hour as am/pm, as in "9a-5p"',
    ),  # fmt: skip
    "duckling-EN-00023": (CONVENTION, '"4a.": as "4a"'),
    "duckling-EN-00729": (
        CONVENTION,
        "a bare hour is read in working hours (1:50 PM), as issue 12 asks",
    ),  # fmt: skip
    "duckling-EN-00734": (CONVENTION, "a bare hour is read in working hours (4:23 PM)"),
    "duckling-EN-00735": (CONVENTION, "a time of day that has passed today is tomorrow's"),
    "duckling-EN-00736": (CONVENTION, "a time of day that has passed today is tomorrow's"),
    "duckling-US-00059": (
        CONVENTION,
        "a holiday with no year is the next one (the corpus: this year's, already past)",
    ),  # fmt: skip
    "duckling-US-00060": (CONVENTION, "as above"),
}
