"""Calendar helpers of the pre-parser: what "today" is, years, months and days of the month."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

from bot.courts.counting import fmt_day
from bot.courts.jurisdictions import HolidayRule, rule_date
from bot.courts.zones import jurisdiction_zone
from bot.dates.parts import MONTHS, ORDINALS, WEEKDAYS, Choice, Fail, Moment

Prefer = Literal["future", "nearest"]
RECENT_DAYS = 90  # a yearless date this many days past is asked about, not moved on a year
YEARS_WINDOW = 50  # a year further than this from today is a misreading ("12 Nov 1115")
DayResult = date | datetime | Moment | Choice | Fail | None


@dataclass(frozen=True)
class Ctx:
    """What a phrase is read against: the user's current wall-clock time and jurisdiction."""

    now: datetime  # aware, in the user's zone
    court: str = "US-FED"
    fallback: Callable[[str], date | None] | None = None  # dateparser, for trigger dates
    past_ok: bool = False  # the caller takes past dates: a yearless date just passed is that one
    court_zone: str | None = None  # the case's court zone, when the caller knows it

    @property
    def court_tz(self) -> tzinfo | None:
        """Where the court keeps time: the zone given, else its jurisdiction's (US-CA), or None."""
        known = jurisdiction_zone(self.court) if self.court_zone is None else self.court_zone
        return ZoneInfo(known) if known else None

    @property
    def today(self) -> date:
        """The user's local date."""
        return self.now.date()

    @property
    def zone(self) -> tzinfo:
        """The user's zone (now is always aware)."""
        if self.now.tzinfo is None:
            raise ValueError("Ctx.now must be an aware datetime")
        return self.now.tzinfo


def add_months(d: date, n: int) -> date:
    """d plus n calendar months, clamped to the last day of the month."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def year_for(m: int, d: int, ctx: Ctx, prefer: Prefer) -> date | Fail:
    """Month m, day d in the year prefer picks: the next one, or the nearest to today."""
    y = ctx.today.year
    cands = []
    for yy in (y - 1, y, y + 1, y + 2):
        if d <= monthrange(yy, m)[1]:
            cands.append(date(yy, m, d))
    if not cands:
        return Fail(f"There is no {date(2000, m, 1):%B} {d}.")
    if prefer == "nearest":
        return min(cands, key=lambda c: abs((c - ctx.today).days))
    return next(c for c in cands if c >= ctx.today)


def mk(
    y: int | None, m: int, d: int, ctx: Ctx, prefer: Prefer, wd: str | None
) -> date | Choice | Fail:
    """A checked date (year inferred when None; the weekday, if said, must match)."""
    if not 1 <= m <= 12 or d < 1:
        return Fail(f"{m}/{d} is not a date.")
    if y is not None and abs(y - ctx.today.year) > YEARS_WINDOW:
        return Fail(
            f"{y} does not look like the year you mean (for a time of day write "
            f'"{y // 100}:{y % 100:02d}"); give the full date, for example "Dec 4, 2026".'
        )
    if y is None:
        res = year_for(m, d, ctx, prefer)
    elif d > monthrange(y, m)[1]:
        return Fail(f"There is no {date(y, m, 1):%B} {d} in {y}.")
    else:
        res = date(y, m, d)
    past = _plain(ctx.today.year, m, d) if y is None and prefer == "future" else None
    if past is not None and wd and past.weekday() != WEEKDAYS[wd]:
        past = None  # "Tue 11/24": the weekday says which year
    if isinstance(res, date) and wd and res.weekday() != WEEKDAYS[wd] and past is None:
        return conflict(res, WEEKDAYS[wd])
    if isinstance(res, date) and past is not None and 0 < (ctx.today - past).days <= RECENT_DAYS:
        if ctx.past_ok:
            return past
        return Choice(f"{fmt_day(past)} has passed. Do you mean {fmt_day(res)}?", (Moment(res),))
    return res


def conflict(day: date, wd: int) -> Choice:
    """A date and a weekday that name different days ("Fri 12/3", a Thursday): ask which."""
    near = day + timedelta(days=(wd - day.weekday() + 3) % 7 - 3)
    said = date(2024, 1, 1 + wd)
    return Choice(f"{fmt_day(day)} is a {day:%A}, not a {said:%A}. Which do you mean: "
                  f"{fmt_day(day)} or {fmt_day(near)}?", (Moment(day), Moment(near)),
                  settle=False)  # fmt: skip


def year(s: str | None, today: date) -> int | None:
    """A 4-digit year as is; a 2-digit year in the century that puts it nearest today."""
    if s is None:
        return None
    if len(s) != 2:
        return int(s)
    century = today.year // 100 * 100
    return min((century - 100 + int(s), century + int(s), century + 100 + int(s)),
               key=lambda y: abs(y - today.year))  # fmt: skip


def day_of_month(d: int, mod: str | None, ctx: Ctx) -> DayResult:
    """ "The 15th" (of this/next month): the next such day; today asks."""
    if not 1 <= d <= 31:
        return Fail(f"No month has a day {d}.")
    first = ctx.today.replace(day=1)
    if mod in ("next", "following"):
        first = add_months(first, 1)
    elif mod in ("last", "previous", "past"):
        first = add_months(first, -1)
    if mod is not None:
        if d > monthrange(first.year, first.month)[1]:
            return Fail(f"{first:%B %Y} has no day {d}.")
        return first.replace(day=d)
    if d == ctx.today.day:
        nxt = day_of_month(d, "next", ctx) if d <= 28 else None
        if isinstance(nxt, date):
            return Choice(f"Do you mean today ({fmt_day(ctx.today)}) or {fmt_day(nxt)}?",
                          (Moment(ctx.today), Moment(nxt)))  # fmt: skip
    for i in range(3):
        f = add_months(first, i)
        if d <= monthrange(f.year, f.month)[1] and f.replace(day=d) >= ctx.today:
            return f.replace(day=d)
    return None


def numeric(m: re.Match[str], ctx: Ctx, prefer: Prefer) -> DayResult:
    """12/7, 12-7-26, 7.12.: US order; dotted dates that read both ways ask."""
    a, b, sep = int(m.group("a")), int(m.group("b")), m.group("sep")
    y, wd = year(m.group("y"), ctx.today), m.group("wd")
    if sep == "." and a <= 12 and b <= 12 and a != b:  # "7.12.": July 12 or 7 December?
        opts: list[Moment] = []
        for got in (mk(y, a, b, ctx, prefer, None), mk(y, b, a, ctx, prefer, None)):
            if isinstance(got, Choice):
                opts += got.options
            elif isinstance(got, date):
                opts.append(Moment(got))
        said = [o for o in opts if wd and o.day.weekday() == WEEKDAYS[wd]]
        if len(said) == 1:  # the weekday settles it
            return said[0].day
        if len(opts) > 1:
            return Choice(f"Do you mean {' or '.join(fmt_day(o.day) for o in opts)}?", tuple(opts))
    if a > 12 and b <= 12:  # only a day-month reading exists
        return mk(y, b, a, ctx, prefer, wd)
    if a <= 12 and b <= 12 and a != b and not wd and prefer == "future":  # "06/08" on Aug 1:
        # not last June, surely? (a trigger date, "21 days after service on 11/12", may be past)
        year_ = y if y is not None else ctx.today.year
        md, dm = _plain(year_, a, b), _plain(year_, b, a)
        if md is not None and dm is not None and md < ctx.today <= dm:
            later = _plain(year_ + 1, a, b) if y is None else None
            if later is not None:
                return Choice(f"Do you mean {fmt_day(later)} or {fmt_day(dm)}?",
                              (Moment(later), Moment(dm)))  # fmt: skip
            return Choice(f"{fmt_day(md)} has passed. Do you mean {fmt_day(dm)}?", (Moment(dm),))
    return mk(y, a, b, ctx, prefer, wd)


def _plain(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def nth_weekday(m: re.Match[str], ctx: Ctx) -> DayResult:
    """ "First Monday of next month", "last Friday in March 2027"."""
    nth, wd, which = ORDINALS[m.group("o")], WEEKDAYS[m.group("wd")], m.group("m")
    first = ctx.today.replace(day=1)
    if which == "next month":
        first = add_months(first, 1)
    elif which in ("last month", "previous month"):
        first = add_months(first, -1)
    elif m.group("mon"):
        mon = MONTHS[m.group("mon")]
        y = year(m.group("y"), ctx.today) or (ctx.today.year + (1 if mon < ctx.today.month else 0))
        first = date(y, mon, 1)
    d = rule_date(HolidayRule("n", first.month, weekday=wd, nth=nth), first.year)
    if d.month != first.month:
        return Fail(f"{first:%B %Y} has no {m.group('o')} {date(2024, 1, 1 + wd):%A}.")
    return d
