"""Holidays by name: "Christmas", "MLK Day 2027", "last Thanksgiving", "Labor Day next year".

Federal holidays are looked up in the `holidays` package's US calendar (so the dates follow the
law, Juneteenth only from 2021); the rest are `HolidayRule`s or Easter-based. A name with no year
is the next occurrence (today counts). "New Year's" alone asks: Eve or Day?
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

import holidays

from bot.courts.counting import fmt_day
from bot.courts.jurisdictions import HolidayRule, rule_date
from bot.dates.calendar import YEARS_WINDOW
from bot.dates.parts import NUM, Choice, Fail, Moment, to_int
from bot.dates.world_holidays import answer, days_in, either_eid, known

_FEDERAL = {
    "new years day": "New Year's Day", "new year day": "New Year's Day",
    "mlk day": "Martin Luther King Jr. Day", "mlk jr day": "Martin Luther King Jr. Day",
    "martin luther king day": "Martin Luther King Jr. Day",
    "martin luther king jr day": "Martin Luther King Jr. Day",
    "martin luther kings day": "Martin Luther King Jr. Day",
    "martin luther king jrs day": "Martin Luther King Jr. Day",
    "presidents day": "Washington's Birthday", "president day": "Washington's Birthday",
    "washingtons birthday": "Washington's Birthday",
    "george washington day": "Washington's Birthday",
    "memorial day": "Memorial Day", "juneteenth": "Juneteenth National Independence Day",
    "independence day": "Independence Day", "fourth of july": "Independence Day",
    "labor day": "Labor Day", "labour day": "Labor Day",
    "columbus day": "Columbus Day", "indigenous peoples day": "Columbus Day",
    "veterans day": "Veterans Day", "veteran day": "Veterans Day",
    "thanksgiving": "Thanksgiving Day", "thanksgiving day": "Thanksgiving Day",
    "decoration day": "Memorial Day", "civil rights day": "Martin Luther King Jr. Day",
    "christmas": "Christmas Day", "christmas day": "Christmas Day", "xmas": "Christmas Day",
    "xmas day": "Christmas Day",
}  # fmt: skip
_RULES = {
    "christmas eve": HolidayRule("Christmas Eve", 12, 24),
    "xmas eve": HolidayRule("Christmas Eve", 12, 24),
    "new years eve": HolidayRule("New Year's Eve", 12, 31),
    "new year eve": HolidayRule("New Year's Eve", 12, 31),
    "halloween": HolidayRule("Halloween", 10, 31),
    "valentines day": HolidayRule("Valentine's Day", 2, 14),
    "valentine day": HolidayRule("Valentine's Day", 2, 14),
    "st patricks day": HolidayRule("St. Patrick's Day", 3, 17),
    "saint patricks day": HolidayRule("St. Patrick's Day", 3, 17),
    "st paddys day": HolidayRule("St. Patrick's Day", 3, 17),
    "saint paddys day": HolidayRule("St. Patrick's Day", 3, 17),
    "lincolns birthday": HolidayRule("Lincoln Day", 2, 12),
    "lincoln birthday": HolidayRule("Lincoln Day", 2, 12),
    "lincoln day": HolidayRule("Lincoln Day", 2, 12),
    "abraham lincolns birthday": HolidayRule("Lincoln Day", 2, 12),
    "law day": HolidayRule("Law Day", 5, 1), "loyalty day": HolidayRule("Loyalty Day", 5, 1),
    "cesar chavez day": HolidayRule("Cesar Chavez Day", 3, 31),
    "mothers day": HolidayRule("Mother's Day", 5, weekday=6, nth=2),
    "fathers day": HolidayRule("Father's Day", 6, weekday=6, nth=3),
    "black friday": HolidayRule("Black Friday", 11, weekday=3, nth=4, offset=1),
    "day after thanksgiving": HolidayRule("Day after Thanksgiving", 11, weekday=3, nth=4, offset=1),
    "election day": HolidayRule("Election Day", 11, weekday=0, nth=1, offset=1),
    "cyber monday": HolidayRule("Cyber Monday", 11, weekday=3, nth=4, offset=4),
    "groundhog day": HolidayRule("Groundhog Day", 2, 2),
    "grandparents day": HolidayRule("Grandparents Day", 9, weekday=0, nth=1, offset=6),
    "national grandparents day": HolidayRule("Grandparents Day", 9, weekday=0, nth=1, offset=6),
    "military spouse day": HolidayRule("Military Spouse Day", 5, weekday=6, nth=2, offset=-2),
    "siblings day": HolidayRule("Siblings Day", 4, 10),
    "national siblings day": HolidayRule("Siblings Day", 4, 10),
    "groundhogs day": HolidayRule("Groundhog Day", 2, 2),
    "earth day": HolidayRule("Earth Day", 4, 22),
    "flag day": HolidayRule("Flag Day", 6, 14),
    # the Wednesday of the last full week of April: three days before its last Saturday
    "administrative professionals day": HolidayRule("Administrative Professionals' Day", 4,
                                                    weekday=5, nth=-1, offset=-3),
    "admin professionals day": HolidayRule("Administrative Professionals' Day", 4, weekday=5,
                                           nth=-1, offset=-3),
    "administrative professional day": HolidayRule("Administrative Professionals' Day", 4,
                                                   weekday=5, nth=-1, offset=-3),
    "admins day": HolidayRule("Administrative Professionals' Day", 4, weekday=5, nth=-1,
                              offset=-3),
    "secretaries day": HolidayRule("Administrative Professionals' Day", 4, weekday=5, nth=-1,
                                   offset=-3),
}  # fmt: skip
for _s in ("daylight saving", "daylight savings", "dst"):
    for _d in ("", " day"):
        _RULES[f"{_s} start{_d}"] = HolidayRule("Daylight saving starts", 3, weekday=6, nth=2)
        _RULES[f"{_s} end{_d}"] = HolidayRule("Daylight saving ends", 11, weekday=6, nth=1)
_EASTER = {
    "easter": 0, "easter sunday": 0, "good friday": -2, "easter monday": 1, "palm sunday": -7,
    "maundy thursday": -3, "holy thursday": -3, "ash wednesday": -46, "mardi gras": -47,
    "fat tuesday": -47, "shrove tuesday": -47, "pancake day": -47, "easter mon": 1,
    "ascension day": 39, "ascension thursday": 39,
    "pentecost": 49, "whitsunday": 49, "whit sunday": 49, "whit monday": 50, "trinity sunday": 56,
    "corpus christi": 60,
}  # fmt: skip
_ORTHODOX = {
    "orthodox easter": 0, "orthodox easter sunday": 0, "orthodox good friday": -2,
    "orthodox great friday": -2, "clean monday": -48, "orthodox shrove monday": -48,
    "lazarus saturday": -8,
}  # fmt: skip
_NEW_YEAR = ("new years", "new year")
DayOrAsk = date | Choice | Fail
_RX = re.compile(
    r"^(?:(?P<mod>this|next|last|the)\s+)?(?:(?<=the )(?P<mod2>next|last)\s+)?(?P<h>[a-z.' -]+?)"
    r"(?:,?\s+(?:(?:of|in)\s+)?(?P<y>\d{4})|\s+(?:of\s+)?(?P<rel>this|next|last)\s+year|"
    rf"\s+(?:in\s+)?(?P<n>{NUM})\s+years?(?:\s+(?:from now|hence|later|(?P<ago>ago)))?)?$"
)


def _key(name: str) -> str:
    name = re.sub(r"['.]", "", name).replace("-", " ")
    return re.sub(r"\s+", " ", name).strip()


def _orthodox_easter(y: int) -> date:
    """Orthodox Easter Sunday (the Julian computus, as a Gregorian date; 1900-2099)."""
    a, b, c = y % 4, y % 7, y % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return date(y, month, day + 1) + timedelta(days=13)


def _easter(y: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = y % 19, y // 100, y % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(y, month, day + 1)


@lru_cache(maxsize=64)
def _federal(y: int) -> dict[str, date]:
    cal = holidays.country_holidays("US", years=y)
    return {name: d for d, names in cal.items() for name in names.split("; ")}


def _emancipation_day(y: int) -> date:
    """DC Emancipation Day, April 16, observed on the nearest weekday."""
    return _observed(date(y, 4, 16))


def _tax_day(y: int) -> date:
    """The federal filing deadline: April 15, or the next business day (DC holidays count)."""
    d = date(y, 4, 15)
    while d.weekday() >= 5 or d == _emancipation_day(y):
        d += timedelta(days=1)
    return d


def _bosses_day(y: int) -> date:
    """Boss's Day, October 16, observed on the nearest weekday."""
    return _observed(date(y, 10, 16))


_SPECIAL = {
    "tax day": _tax_day, "emancipation day": _emancipation_day, "bosss day": _bosses_day,
    "boss day": _bosses_day, "bosses day": _bosses_day,
}  # fmt: skip


def _observed(d: date) -> date:
    """A Saturday moves to Friday, a Sunday to Monday."""
    return d - timedelta(days=1) if d.weekday() == 5 else d + timedelta(days=(d.weekday() == 6))


def _on(key: str, y: int) -> date | None:
    if key in _SPECIAL:
        return _SPECIAL[key](y)
    if key in _FEDERAL:
        return _federal(y).get(_FEDERAL[key])
    if key in _RULES:
        return rule_date(_RULES[key], y)
    if key in _ORTHODOX:
        return _orthodox_easter(y) + timedelta(days=_ORTHODOX[key])
    return _easter(y) + timedelta(days=_EASTER[key])


def _year(m: re.Match[str], today: date) -> int | Fail | None:
    """The year the phrase says ("2027", "next year", "in 3 years"), None when it says none."""
    if not (m.group("y") or m.group("rel") or m.group("n")):
        return None
    rel = {"this": 0, "next": 1, "last": -1}
    y = int(m.group("y")) if m.group("y") else today.year + rel.get(m.group("rel") or "", 0)
    if m.group("n"):
        n = to_int(m.group("n"))
        if n is None:
            return Fail(f'"{m.group("n")}" is vague for a year; give the year.')
        y = today.year + (-n if m.group("ago") else n)
    if abs(y - today.year) > YEARS_WINDOW:
        return Fail(f"{y} does not look like the year you mean; give the full date.")
    return y


def _world(key: str, said: str, y: int | None, mod: str | None, today: date) -> DayOrAsk:
    """A holiday of another calendar: that year's, or the next (last) one from today."""
    if y is not None:
        days = days_in(key, y)
        return answer(key, days) if days else Fail(f'I do not know when "{said}" falls in {y}; '
                                                   "give the date.")  # fmt: skip
    years = (
        range(today.year, today.year - 10, -1)
        if mod == "last"
        else range(today.year - 1, today.year + 3)
    )
    for yy in years:
        days = days_in(key, yy)
        if days and (days[-1] < today if mod == "last" else days[-1] >= today):
            return answer(key, days)
    return Fail(f'I do not know when "{said}" falls; give the date.')


def holiday(text: str, today: date) -> DayOrAsk | None:
    """The date a holiday name means; None when text is not a holiday name."""
    m = _RX.match(text) if len(text) <= 60 else None
    if not m:
        return None
    key, mod = _key(m.group("h")), m.group("mod2") or m.group("mod")
    if key in _NEW_YEAR:
        eve = holiday("new years eve", today)
        if not isinstance(eve, date):
            return eve
        day = eve + timedelta(days=1)
        return Choice(f"Do you mean New Year's Eve ({fmt_day(eve)}) or New Year's Day "
                      f"({fmt_day(day)})?", (Moment(eve), Moment(day)))  # fmt: skip
    if key == "eid":
        y = _year(m, today)
        return (
            y
            if isinstance(y, Fail)
            else either_eid(*(_world(k, k, y, mod, today) for k in ("eid al fitr", "eid al adha")))
        )
    world = known(key)
    if not world and not any(
        key in names for names in (_FEDERAL, _RULES, _EASTER, _ORTHODOX, _SPECIAL)
    ):
        return None
    y = _year(m, today)
    if isinstance(y, Fail):
        return y
    if world:
        return _world(key, m.group("h"), y, mod, today)
    if y is not None:
        got = _on(key, y)
        return got if got is not None else Fail(f'There was no "{m.group("h")}" in {y}.')
    years = (
        range(today.year, today.year - 10, -1)
        if mod == "last"
        else range(today.year, today.year + 3)
    )
    for yy in years:
        got = _on(key, yy)
        if got is not None and (got < today if mod == "last" else got >= today):
            return got
    return Fail(f'I do not know when "{m.group("h")}" falls; give the date.')
