"""What reading a phrase gives: a When, an Ask or an Unclear (with Why), and a due's echo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.dates.parts import FIXED_ZONES


@dataclass(frozen=True)
class When:
    """A due moment (aware UTC), whether it is a whole day, and how to echo it to the user.

    `zone`: the zone a time of day was typed in ("9pm PT"), when not the person's: the day and
    time as typed are read in it (a court's closed day, the next court day's time of day).
    """

    due: datetime
    all_day: bool
    echo: str
    worksheet: tuple[str, ...] = ()
    zone: tzinfo | None = None


@dataclass(frozen=True)
class Ask:
    """The phrase is ambiguous: ask this question (options: the readings to offer, if any)."""

    question: str
    options: tuple[When, ...] = ()


class Why(StrEnum):
    """Why a phrase could not be used."""

    NO_DATE = "no_date"  # nothing in it reads as a date (a caller may try another split)
    UNUSABLE = "unusable"  # it reads as a date that cannot be used: past, no day, bad zone...


@dataclass(frozen=True)
class Unclear:
    """The phrase could not be used; error is fit to show a user and has a working example."""

    error: str
    reason: Why = Why.UNUSABLE


Result = When | Ask | Unclear


def zone_of(tz: str | tzinfo) -> tzinfo:
    """The zone named by tz (an IANA name), or tz itself when it is one already."""
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def echo(due: datetime, *, tz: str | tzinfo, all_day: bool, now: datetime | None = None) -> str:
    """'Fri Dec 4, 5:00 PM EST' or 'Fri Dec 4' (all-day); the year is shown unless it is now's."""
    zone = zone_of(tz)
    local = due.astimezone(zone)
    year = "" if now is not None and now.astimezone(zone).year == local.year else f", {local.year}"
    day = f"{local:%a %b} {local.day}{year}"
    if all_day:
        return day
    hour = local.hour % 12 or 12
    return f"{day}, {hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'} {local.tzname()}"


def zone_key(zone: tzinfo | None) -> str | None:
    """A typed zone as a word to carry in a button's value ('America/Los_Angeles', 'bst')."""
    if zone is None:
        return None
    for word, fixed in FIXED_ZONES.items():
        if zone is fixed:
            return word
    return str(getattr(zone, "key", None) or zone)


def zone_named(key: str | None) -> tzinfo | None:
    """The zone zone_key named (None for None or a word no longer known)."""
    if not key:
        return None
    if key in FIXED_ZONES:
        return FIXED_ZONES[key]
    try:
        return ZoneInfo(key)
    except Exception:
        return None


def echo_typed(when: When, *, tz: str | tzinfo) -> str:
    """The due as typed: 'Sat Dec 5, 2026, 9:00 PM PST (Sun Dec 6, 12:00 AM EST)', year shown.

    In the zone typed in the phrase, with the person's own reading after it; else in tz.
    """
    if when.zone is None or when.all_day:
        return echo(when.due, tz=tz, all_day=when.all_day)
    typed = echo(when.due, tz=when.zone, all_day=False)
    mine = echo(when.due, tz=tz, all_day=False, now=when.due)
    return typed if mine.split(", ")[-1] == typed.split(", ")[-1] else f"{typed} ({mine})"
