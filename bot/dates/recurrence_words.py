"""The words of repeating phrases: what marks one, and the RRULE pieces each form names.

Pure text: no dates are computed here (bot/dates/recurrence.py anchors and checks the rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.dates.occurrences import WEEKDAY_CODES, Roll
from bot.dates.parts import MONTHS, NUMBER_WORDS, WD, WEEKDAYS

NUMW = "|".join(sorted((k for k in NUMBER_WORDS if " " not in k), key=len, reverse=True))
_UNIT = (
    r"(?:business|court|working|work)\s*days?|weekdays?|days?|weeks?|fortnights?|months?"
    r"|quarters?|years?"
)
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
MARKER = re.compile(
    rf"\b(?:(?:every|each)\s+(?:(?:other|second|third|fourth|\d+|{NUMW})\s+)?(?:{_UNIT}|(?:{WD})s?)\b"
    r"|daily|weekly|bi-?weekly|fortnightly|monthly|bi-?monthly|semi-?monthly|quarterly|yearly"
    r"|annually)\b"
)
STRONG = re.compile(r"\b(?:every|each)\s")
INTERVALS = {"other": 2, "second": 2, "third": 3, "fourth": 4}
ORDINAL_WORDS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "last": -1, "final": -1,
}  # fmt: skip
_ORD = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
_WDL = rf"(?:{WD})s?(?:\s*(?:,|and|&|,\s*and)\s*(?:{WD})s?)*"
_N = rf"(?P<n>other|second|third|fourth|\d+|{NUMW})"
_BDAY = r"(?:business|court|working|work)\s*day"

WEEKLY_RE = re.compile(rf"^(?:every|each)\s+(?:{_N}\s+)?(?P<days>{_WDL})$")
UNIT_RE = re.compile(
    rf"^(?:every|each)\s+(?:{_N}\s+)?(?P<unit>day|week|fortnight|month|quarter|year)s?"
    r"(?:\s+(?:on|in)\s+(?P<on>.+))?$"
)
ADVERB_RE = re.compile(
    r"^(?P<adv>daily|weekly|fortnightly|monthly|quarterly|yearly|annually)"
    r"(?:\s+(?:on|in)\s+(?P<on>.+))?$"
)
AMBIGUOUS_RE = re.compile(r"^(?P<adv>bi-?weekly|bi-?monthly|semi-?monthly)\b")
WORKDAY_RE = re.compile(rf"^(?:(?:every|each)\s+(?P<kind>weekday|{_BDAY})|(?P<plain>weekdays))$")
NTH_OF_RE = re.compile(
    rf"^(?:the\s+)?(?P<o>{_ORD}|\d{{1,2}}(?:st|nd|rd|th)?)\s+(?P<what>{_BDAY}|weekday|day|{WD})?"
    rf"\s*of\s+(?:each|every)\s+(?:{_N}\s+)?(?P<unit>month|quarter)$"
)
ON_DAYS_RE = re.compile(rf"^(?P<days>{_WDL})$")
ON_NTH_RE = re.compile(
    rf"^(?:the\s+)?(?P<o>{_ORD}|\d{{1,2}}(?:st|nd|rd|th)?)(?:\s+(?P<what>{_BDAY}|weekday|day|{WD}))?"
    r"(?:\s+of\s+the\s+month)?$"
)
MONTHDAY_RE = re.compile(rf"^(?P<mon>{_MON})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?$")


class Unread(ValueError):
    """The words are a repeat we cannot turn into a safe rule; the message says what to type."""


@dataclass(frozen=True)
class Pieces:
    """A rule as RRULE parts (not yet anchored to a start date), and how closed days move it."""

    freq: str
    interval: int = 1
    byday: str | None = None  # "FR" / "MO,TH" / "1MO" / "MO,TU,WE,TH,FR"
    bysetpos: int | None = None
    bymonthday: tuple[int, ...] | None = None
    bymonth: int | None = None
    roll: Roll = Roll.FORWARD
    weekends_ok: bool = False
    anchored: bool = False  # a day was named (weekday, day of month): "from X" starts at X

    def rrule(self) -> str:
        """The RRULE value."""
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.bymonth is not None:
            parts.append(f"BYMONTH={self.bymonth}")
        if self.bymonthday is not None:
            parts.append("BYMONTHDAY=" + ",".join(str(d) for d in self.bymonthday))
        if self.byday is not None:
            parts.append(f"BYDAY={self.byday}")
        if self.bysetpos is not None:
            parts.append(f"BYSETPOS={self.bysetpos}")
        return ";".join(parts)


def interval(word: str | None) -> int:
    """'other' -> 2, '3' -> 3, None -> 1."""
    if word is None:
        return 1
    n = INTERVALS.get(word) or (int(word) if word.isdigit() else NUMBER_WORDS.get(word))
    if not n or not 1 <= n <= 366:
        raise Unread(f'"every {word}" is not a number of days, weeks or months I can use.')
    return n


def weekdays(text: str) -> list[int]:
    """'monday and thursdays' -> [0, 3] (in week order, once each)."""
    names = re.findall(rf"\b(?:{WD})\b", re.sub(rf"\b({WD})s\b", r"\1", text))
    return sorted({WEEKDAYS[n] for n in names})


def days_code(days: list[int]) -> str:
    """[0, 3] -> 'MO,TH'."""
    return ",".join(WEEKDAY_CODES[d] for d in days)


def monthday(d: int) -> tuple[tuple[int, ...], int | None]:
    """BYMONTHDAY (and BYSETPOS) for day d: the 29th-31st fall on the last day of shorter months."""
    if not 1 <= d <= 31:
        raise Unread(f"No month has a day {d}.")
    if d <= 28:
        return (d,), None
    if d == 31:
        return (-1,), None
    return tuple(range(28, d + 1)), -1


def ordinal(word: str) -> int:
    """'first' / '1st' / '3' -> 1 / 1 / 3; 'last' -> -1."""
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    return int(re.sub(r"\D", "", word))


def nth_of_month(o: str, what: str | None, freq_months: int) -> Pieces:
    """'the first court day', 'the last Friday', 'the 15th' of every freq_months months."""
    n = ordinal(o)
    what = re.sub(r"\s+", " ", what or "day")
    if what in WEEKDAYS:
        if not (1 <= n <= 4 or n == -1):
            raise Unread('Say "the first" to "the fourth" or "the last" weekday of the month.')
        wd = WEEKDAYS[what]
        return Pieces("MONTHLY", freq_months, byday=f"{n}{WEEKDAY_CODES[wd]}", anchored=True,
                      weekends_ok=wd >= 5)  # fmt: skip
    if what in ("weekday",) or re.fullmatch(_BDAY, what):
        if n not in (1, -1):
            raise Unread(
                'I can repeat on the first or the last court day of a month; for others give '
                'the day, e.g. "the 3rd of each month".'
            )  # fmt: skip
        roll = Roll.NONE if what == "weekday" else (Roll.FORWARD if n == 1 else Roll.BACKWARD)
        return Pieces("MONTHLY", freq_months, byday="MO,TU,WE,TH,FR", bysetpos=n, roll=roll,
                      anchored=True)  # fmt: skip
    if n == -1:
        return Pieces("MONTHLY", freq_months, bymonthday=(-1,), anchored=True)
    days, setpos = monthday(n)
    return Pieces("MONTHLY", freq_months, bymonthday=days, bysetpos=setpos, anchored=True)


def on_clause(freq: str, n: int, on: str) -> Pieces:
    """What follows 'on' in 'every 2 weeks on Friday', 'monthly on the 15th', 'yearly on Dec 4'."""
    if freq == "WEEKLY" and ON_DAYS_RE.match(on):
        days = weekdays(on)
        return Pieces("WEEKLY", n, byday=days_code(days), anchored=True,
                      weekends_ok=any(d >= 5 for d in days))  # fmt: skip
    if freq == "MONTHLY" and (m := ON_NTH_RE.match(on)):
        return nth_of_month(m.group("o"), m.group("what"), n)
    if freq == "YEARLY" and (m := MONTHDAY_RE.match(on)):
        mon, d = MONTHS[m.group("mon")], int(m.group("d"))
        date(2000, mon, d)  # raises ValueError for Feb 30
        return Pieces("YEARLY", n, bymonth=mon, bymonthday=(d,), anchored=True)
    raise Unread(f'I could not read "on {on}" in that repeat.')
