"""Small pieces of the date pre-parser: normalising text, numbers, times of day and zone words.

No dateparser here (bot/dates/reader.py is the only module that imports it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo

WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "weds": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}  # fmt: skip
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "couple": 2, "a couple of": 2, "a couple": 2,
}  # fmt: skip
ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1,
}  # fmt: skip
ZONES = {
    "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "eastern": "America/New_York", "ct": "America/Chicago", "cst": "America/Chicago",
    "cdt": "America/Chicago", "central": "America/Chicago", "mt": "America/Denver",
    "mst": "America/Denver", "mdt": "America/Denver", "mountain": "America/Denver",
    "pt": "America/Los_Angeles", "pst": "America/Los_Angeles", "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles", "akst": "America/Anchorage", "akdt": "America/Anchorage",
    "alaska": "America/Anchorage", "hst": "Pacific/Honolulu", "hawaii": "Pacific/Honolulu",
    "utc": "UTC", "gmt": "UTC", "z": "UTC", "bst": "BST", "cet": "Europe/Paris",
    "cest": "Europe/Paris", "london": "Europe/London",
}  # fmt: skip
FIXED_ZONES = {"bst": timezone(timedelta(hours=1), "BST")}  # British Summer Time, said any month

WD = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
MON = "|".join(sorted(MONTHS, key=len, reverse=True))
NUM = r"\d+|" + "|".join(sorted((k for k in NUMBER_WORDS if " " not in k), key=len, reverse=True))

_ZONE_RE = re.compile(
    r"(?:^|\s)(" + "|".join(sorted(ZONES, key=len, reverse=True)) + r")(?:\s+time)?\s*$"
)
_AMPM = r"(?P<ap>a\.?\s?m\.?|p\.?\s?m\.?|a|p)"
_TIME_RES = [
    re.compile(
        r"(?:\b(?:at|for)\s+|@\s*)?\b(?P<h>\d{1,2})(?:[:.]?(?P<m>\d{2}))?\s*"
        + _AMPM
        + r"(?=\s|$|,)"
    ),
    re.compile(
        r"(?:\b(?:at|for)\s+|@\s*)?\b(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?(?=\s|$|,)"
    ),
    re.compile(r"(?:\bat\s+|@\s*)(?P<h>\d{1,2})\s(?P<m>[0-5]\d)(?=\s|$|,)"),  # "at 3 15"
    re.compile(r"(?:\bat\s+|@\s*)?\b(?P<h>\d{1,2})h(?P<m>\d{2})?(?P<h24>)(?=\s|$|,)"),
    re.compile(r"(?:\bat\s+|@\s*)(?P<h>\d{1,2})(?P<m>\d{2})?(?=\s|$|,)"),
    re.compile(r"(?:\bat\s+|@\s*)(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)(?P<h24>)(?=\s|$|,)"),
]
# "12 Nov 1115", "Sunday 2330": four digits after a date are a 24-hour time unless they can be
# a year a deadline could mean (1900-2099), which stays a year.
_MILITARY = re.compile(
    r"(?<=\S)\s+(?:at\s+|by\s+|@\s*)?(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)(?:\s*h(?:rs?)?)?$"
)
_DAYWORD = r"(?:today|tomorrow|tmrw|" + WD + r")"
_BARE_HOUR = [
    re.compile(rf"^(?P<h>\d{{1,2}})\s+(?:on\s+)?(?P<d>{_DAYWORD})$"),
    re.compile(rf"^(?P<d>{_DAYWORD})\s+(?:by\s+)?(?P<h>\d{{1,2}})$"),
]
# With a part of the day said ("8 this evening", "tonight 815"), a bare number is a time.
_HINT_HOUR = re.compile(rf"^(?:(?P<d>{_DAYWORD})\s+)?(?P<h>\d{{1,2}})(?P<m>\d{{2}})?$")
_NAMED_TIMES = re.compile(
    r"\b(?:at\s+)?(?:the\s+)?(?P<w>noon|mid-?day|mid day|midnight|eod|cob|eob|"
    r"end of (?:the )?(?:business )?day|close of business|end of business|tonight|tonite|"
    r"lunchtime|lunch time|lunch)\b"
)
_LEAD = r"^(?:(?:due|by|on|around|about|no later than|until|till|through|thru|,|-)(?:\s+|$))+"
_FILLER = re.compile(r"^(?:(?:due|by|on|at|around|about|no later than|@|,|-)(?:\s+|$))+")
_TRAIL = re.compile(r"(?:(?:^|\s+)(?:at|on|by)|\s*[@,-])+$")


@dataclass(frozen=True)
class Moment:
    """A resolved wall-clock due: a day, a time (None = all-day), and extras."""

    day: date
    at: time | None = None
    zone: tzinfo | None = None  # the zone the time was said in, when not the user's
    exact: datetime | None = None  # an exact aware instant (relative hours, hour-rule deadlines)
    worksheet: tuple[str, ...] = ()
    late_ok: bool = False  # all-day today past the default due time: due at end of day


@dataclass(frozen=True)
class Choice:
    """The phrase has more than one reasonable reading: ask."""

    question: str
    options: tuple[Moment, ...] = ()
    settle: bool = True  # when all readings but one have passed, that one is the answer


@dataclass(frozen=True)
class Fail:
    """The phrase was understood as a date-ish thing but cannot be used; say why."""

    error: str
    no_date: bool = False  # the date in it could not be read at all


@dataclass
class TimeBits:
    """What the time-of-day scan found and removed from the text."""

    at: time | None = None
    eod: bool = False
    zone: tzinfo | None = None
    hint: str | None = None  # 'am' / 'early' / 'pm' / 'eve' (evening, night: 12 is midnight)
    error: str | None = None  # a time that cannot be read safely ("tonight at 1")
    notes: list[str] = field(default_factory=list)


def normalize(text: str) -> str:
    """Lower-case, unify quotes and spaces, drop trailing punctuation and leading filler."""
    t = text.replace("\u2019", "'").replace("\u00a0", " ").strip().lower()
    t = re.sub(r"[!?;()\[\]~]+", " ", t)
    t = re.sub(r"\b(?:around|approximately|approx|about|roughly|circa)\b|(?<=\w)ish\b", " ", t)
    t = re.sub(r"(?<=\d)([ap]m)(?=[a-z])", r"\1 ", t)  # "2pmtuesday"
    t = re.sub(r"\s+", " ", t).strip(" .,")
    t = re.sub(
        r"(?:\b(?:at|@)\s*)?\b(\d{1,2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?)\s+sharp\b", r"at \1", t
    )
    # "19th Jan. late", "early Thursday 30.11": early or late in a day that says no time
    t = re.sub(r"^early\s+(?!morning|afternoon|evening|night)|\s+(?:early|late)$", "", t)
    return re.sub(_LEAD, "", t).strip(" .,")


def strip_filler(text: str) -> str:
    """Remove leading/trailing connective words (at, on, by, commas) left after extraction."""
    t = _FILLER.sub("", text.strip()).strip()
    return _TRAIL.sub("", t).strip(" ,")


def to_int(word: str) -> int | None:
    """'21' -> 21, 'three' -> 3, 'a' -> 1; None when not a number."""
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _hour_24(h: int, ap: str | None, hint: str | None) -> int | None:
    if ap:
        if 13 <= h <= 23 and ap.startswith("p"):  # "1515pm": a 24-hour time, pm said twice
            return h
        if not 1 <= h <= 12:
            return None
        pm = ap.startswith("p")
        return (h % 12) + (12 if pm else 0)
    if h > 23:
        return None
    if h == 0 or h > 12:
        return h
    if hint in ("am", "early"):
        return h % 12
    if hint in ("pm", "eve"):
        return h % 12 + 12
    # Business-hours reading of a bare hour: 7-11 morning, 12 noon, 1-6 afternoon.
    return h if 7 <= h <= 12 else h + 12


def _evening(raw: int, minute: int, h: int, bits: TimeBits) -> time:
    """An hour said with "tonight"/"this evening": 12 is midnight, 1-4 could be either side."""
    if bits.hint != "eve" or raw > 12 or raw < 1:
        return time(h, minute)
    if raw == 12 and minute == 0:
        bits.notes.append("midnight = end of that day")
        return time(23, 59)
    if raw <= 4 or raw == 12:
        at = f"{raw}:{minute:02d}"
        bits.error = f'Is {at} at night before or after midnight? Say "{at}am" or "{at}pm".'
    return time(h, minute)


_CLOCK = re.compile(r"(?<![\d:])(?P<h>\d{1,2}):(?P<m>\d{2})(?![\d:])")


def impossible_time(text: str) -> str | None:
    """An error for a clock time that cannot exist ("25:00", "9:75"), else None."""
    for m in _CLOCK.finditer(text):
        if int(m.group("h")) > 23 or int(m.group("m")) > 59:
            return (
                f'"{m.group(0)}" is not a time of day: hours run 0-23 and minutes 0-59, '
                'for example "5pm" or "17:00".'
            )
    return None


def extract_time(text: str) -> tuple[str, TimeBits]:
    """Find and remove one time of day (and a zone word); return the rest and what was found."""
    bits = TimeBits()
    bits.error = impossible_time(text)
    m = _ZONE_RE.search(text)
    if m:
        bits.zone = FIXED_ZONES.get(m.group(1)) or ZoneInfo(ZONES[m.group(1)])
        text = text[: m.start()].strip()
    for word, hint in (("morning", "am"), ("afternoon", "pm"), ("evening", "eve"), ("night", "eve"),
                       ("first thing", "am")):  # fmt: skip
        pat = rf"\b(?:early |late )?(?:(?:this|in the) (?:early |late )?{word}|{word})\b"
        if word == "first thing":
            pat = r"\bfirst thing(?: in the morning)?\b"
        if found := re.search(pat, text):
            bits.hint = "early" if hint == "am" and "early" in found.group(0) else hint
            text = re.sub(pat, " ", text).strip()
    named = _NAMED_TIMES.search(text)
    if named:
        w = named.group("w")
        text = (text[: named.start()] + " " + text[named.end() :]).strip()
        if w in ("noon", "midday", "mid-day", "mid day", "lunchtime", "lunch time", "lunch"):
            bits.at = time(12, 0)
        elif w == "midnight":
            bits.at = time(23, 59)
            bits.notes.append("midnight = end of that day")
        elif w in ("tonight", "tonite"):
            bits.hint = "eve"
            text = ("today " + text).strip()
        else:
            bits.eod = True
    if bits.at is None:
        for rx in _TIME_RES:
            tm = rx.search(text)
            if not tm:
                continue
            hour = int(tm.group("h"))
            h: int | None = hour
            if tm.groupdict().get("h24") is None or hour > 23:
                h = _hour_24(hour, tm.groupdict().get("ap"), bits.hint)
            minute = int(tm.group("m") or 0) if "m" in rx.groupindex else 0
            sec = int(tm.groupdict().get("s") or 0)
            if h is None or minute > 59 or sec > 59:
                continue
            if not tm.groupdict().get("ap") and tm.groupdict().get("h24") is None:
                bits.at = _evening(int(tm.group("h")), minute, h, bits).replace(second=sec)
            else:
                bits.at = time(h, minute, sec)
            text = (text[: tm.start()] + " " + text[tm.end() :]).strip()
            break
    if bits.at is None and (mt := _MILITARY.search(text)):
        if not 1900 <= int(mt.group("h") + mt.group("m")) < 2100:
            bits.at, text = time(int(mt.group("h")), int(mt.group("m"))), text[: mt.start()]
    if bits.at is None:
        for rx in _BARE_HOUR:  # "9 tomorrow", "monday 9": a bare hour next to a day word
            bm = rx.match(text)
            h = _hour_24(int(bm.group("h")), None, bits.hint) if bm else None
            if bm and h is not None:
                bits.at, text = _evening(int(bm.group("h")), 0, h, bits), bm.group("d")
                break
    if bits.at is None and bits.hint and (hm := _HINT_HOUR.match(text)):
        raw, minute = int(hm.group("h")), int(hm.group("m") or 0)
        h = _hour_24(raw, None, bits.hint)
        if h is not None and minute <= 59 and (hm.group("m") is None or 1 <= raw <= 12):
            bits.at, text = _evening(raw, minute, h, bits), hm.group("d") or ""
    if bits.at is None and named and named.group("w") in ("tonight", "tonite"):
        bits.at = time(23, 59)
    return re.sub(r"\s+", " ", text).strip(), bits
