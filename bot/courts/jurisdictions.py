"""Court holiday calendars by jurisdiction: data, not code.

A jurisdiction is a `Court`: an optional base calendar from the `holidays` package, names to drop
from it, extra holidays described by `HolidayRule`s, and the counting conventions that differ
between court systems (how service by mail extends a period). Add a jurisdiction by adding an
entry to `COURTS`.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays


@dataclass(frozen=True)
class HolidayRule:
    """One holiday: a fixed day, or the nth weekday of a month (nth=-1: last), plus an offset."""

    name: str
    month: int
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    nth: int | None = None
    offset: int = 0  # days after the computed date ("day after Thanksgiving")
    observed: bool = True  # fixed dates on Saturday move to Friday, on Sunday to Monday


@dataclass(frozen=True)
class Court:
    """A jurisdiction's holiday calendar and counting conventions."""

    code: str
    name: str
    base_country: str | None  # a `holidays` country code whose public holidays are the base
    drop: tuple[str, ...] = ()  # base holiday names that are not court holidays here
    add: tuple[HolidayRule, ...] = ()
    rule_cite: str = "FRCP 6(a)"
    mail_days: int = 3
    mail_cite: str = "FRCP 6(d)"
    mail_rolls_first: bool = True  # True: roll, add mail days, roll again; False: extend the period


US_FED = Court(
    code="US-FED",
    name="U.S. federal courts (5 U.S.C. § 6103 legal holidays)",
    base_country="US",
)

US_CA = Court(
    code="US-CA",
    name="California state courts (CCP § 135 judicial holidays)",
    base_country="US",
    drop=("Columbus Day",),
    add=(
        HolidayRule("Lincoln Day", month=2, day=12),
        HolidayRule("Cesar Chavez Day", month=3, day=31),
        HolidayRule("Native American Day", month=9, weekday=4, nth=4),
        HolidayRule("Day after Thanksgiving", month=11, weekday=3, nth=4, offset=1),
    ),
    rule_cite="CCP §§ 12, 12a",
    mail_days=5,
    mail_cite="CCP § 1013(a)",
    mail_rolls_first=False,
)

COURTS: dict[str, Court] = {c.code: c for c in (US_FED, US_CA)}


class UnknownCourtError(ValueError):
    """A jurisdiction code that is not in COURTS."""


def get_court(code: str) -> Court:
    """Return the Court for a code such as 'US-FED', or raise UnknownCourtError naming the known."""
    court = COURTS.get(code.strip().upper()) if isinstance(code, str) else None
    if court is None:
        known = ", ".join(sorted(COURTS))
        raise UnknownCourtError(f"unknown jurisdiction {code!r}; known: {known}")
    return court


def rule_date(rule: HolidayRule, year: int) -> date:
    """The (unobserved) date of a holiday rule in a year."""
    if rule.day is not None:
        return date(year, rule.month, rule.day) + timedelta(days=rule.offset)
    assert rule.weekday is not None and rule.nth is not None
    if rule.nth > 0:
        first = date(year, rule.month, 1)
        d = first + timedelta(days=(rule.weekday - first.weekday()) % 7 + 7 * (rule.nth - 1))
    else:
        last = date(year, rule.month, monthrange(year, rule.month)[1])
        d = last - timedelta(days=(last.weekday() - rule.weekday) % 7 + 7 * (-rule.nth - 1))
    return d + timedelta(days=rule.offset)


def _observed(d: date) -> date:
    if d.weekday() == 5:
        return d - timedelta(days=1)
    if d.weekday() == 6:
        return d + timedelta(days=1)
    return d


def _strip_observed(name: str) -> str:
    return name.replace(" (observed)", "").strip()


@lru_cache(maxsize=256)
def court_holidays(code: str, year: int) -> dict[date, str]:
    """All court holidays of one calendar year (observed days included) as {date: name}."""
    court = get_court(code)
    out: dict[date, str] = {}
    years = (year - 1, year, year + 1)  # observed days can spill across New Year
    if court.base_country:
        base = holidays.country_holidays(court.base_country, years=years)
        for d, names in base.items():
            kept = [n for n in names.split("; ") if _strip_observed(n) not in court.drop]
            if kept and d.year == year:
                out[d] = "; ".join(kept)
    for y in years:
        for rule in court.add:
            actual = rule_date(rule, y)
            days = {actual}
            if rule.observed and rule.day is not None and _observed(actual) != actual:
                days.add(_observed(actual))
            for d in days:
                if d.year == year:
                    label = rule.name if d == actual else f"{rule.name} (observed)"
                    out[d] = f"{out[d]}; {label}" if d in out else label
    return out


def is_court_holiday(d: date, court: str = "US-FED") -> str | None:
    """The holiday's name if d is a court holiday in that jurisdiction, else None."""
    return court_holidays(get_court(court).code, d.year).get(d)
