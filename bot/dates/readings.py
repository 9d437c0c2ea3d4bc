"""What reading a phrase gives: a When, an Ask or an Unclear (with Why), and a due's echo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class When:
    """A due moment (aware UTC), whether it is a whole day, and how to echo it to the user."""

    due: datetime
    all_day: bool
    echo: str
    worksheet: tuple[str, ...] = ()


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
