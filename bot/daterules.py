"""The date grammar of the pre-parser: the phrases plain dateparser gets wrong or cannot read.

`parse_day(text, ctx)` reads a date expression with no time of day in it and returns a `date`, an
exact aware `datetime` (for "in 2 hours"), a `Choice`, a `Fail`, or None when it does not know
the phrase (the caller then tries dateparser).
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from bot.courts import HolidayRule, rule_date
from bot.dateparts import MON, MONTHS, NUM, ORDINALS, WD, WEEKDAYS, Choice, Fail, Moment, to_int
from bot.deadlines import count, fmt_day

Prefer = Literal["future", "nearest"]
DayResult = date | datetime | Moment | Choice | Fail | None


@dataclass(frozen=True)
class Ctx:
    """What a phrase is read against: the user's current wall-clock time and jurisdiction."""

    now: datetime  # aware, in the user's zone
    court: str = "US-FED"
    fallback: Callable[[str], date | None] | None = None  # dateparser, for trigger dates

    @property
    def today(self) -> date:
        """The user's local date."""
        return self.now.date()


_UNIT = (
    r"(?P<u>min(?:ute)?s?|hours?|hrs?|h|(?:calendar |business |court |working )?days?|"
    r"weeks?|wks?|fortnights?|months?|mos?|years?|yrs?)"
)
_ORD = "|".join(ORDINALS)
_HOLIDAYS = {
    "christmas": HolidayRule("Christmas", 12, 25), "xmas": HolidayRule("Christmas", 12, 25),
    "christmas day": HolidayRule("Christmas", 12, 25),
    "christmas eve": HolidayRule("Christmas Eve", 12, 24),
    "new year's eve": HolidayRule("New Year's Eve", 12, 31),
    "new years eve": HolidayRule("New Year's Eve", 12, 31),
    "new year's day": HolidayRule("New Year's Day", 1, 1),
    "new years day": HolidayRule("New Year's Day", 1, 1),
    "independence day": HolidayRule("Independence Day", 7, 4),
    "halloween": HolidayRule("Halloween", 10, 31),
    "veterans day": HolidayRule("Veterans Day", 11, 11),
    "juneteenth": HolidayRule("Juneteenth", 6, 19),
    "thanksgiving": HolidayRule("Thanksgiving", 11, weekday=3, nth=4),
    "thanksgiving day": HolidayRule("Thanksgiving", 11, weekday=3, nth=4),
    "memorial day": HolidayRule("Memorial Day", 5, weekday=0, nth=-1),
    "labor day": HolidayRule("Labor Day", 9, weekday=0, nth=1),
}  # fmt: skip

RX = {
    "in": re.compile(
        rf"^(?:in|within)\s+(?:about\s+)?(?P<n>{NUM}|a few|few)\s+(?:more\s+)?{_UNIT}$"
    ),
    "later": re.compile(rf"^(?P<n>{NUM})\s+{_UNIT}\s+(?:from now|later|hence|from right now)$"),
    "ago": re.compile(rf"^(?P<n>{NUM})\s+{_UNIT}\s+ago$"),
    "from": re.compile(rf"^(?P<n>{NUM})\s+{_UNIT}\s+(?:from|after)\s+(?P<anchor>.+)$"),
    "wd": re.compile(
        rf"^(?:(?P<mod>this|next|coming|upcoming|last|past|previous)\s+)?(?P<wd>{WD})\.?"
        r"(?:\s+(?P<post>after next|(?:of )?next week|(?:of )?this week|week after next))?$"
    ),
    "period": re.compile(
        r"^(?:the\s+)?(?P<mod>this|next|last|current|coming)\s+(?P<p>week|month|year)$"
    ),
    "end": re.compile(
        r"^(?:the\s+)?(?:end of|eo)\s*(?:the\s+)?(?P<mod>this |next |current |the )?"
        r"(?P<p>week|month|year|w|m|y)$"
    ),
    "nth": re.compile(
        r"^(?:the\s+)?(?P<d>\d{1,2})(?P<suf>st|nd|rd|th)?"
        r"(?:\s+(?:day\s+)?of\s+(?:the\s+)?(?P<mod>this|next|current|following)\s+month)?$"
    ),
    "md": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<mon>{MON})\.?\s*(?:the\s+)?(?P<d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?(?:,?\s+(?P<wd2>{WD}))?$"
    ),
    "dm": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?$"
    ),
    "num": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?P<a>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<b>\d{{1,2}})"
        r"(?:\s*(?P=sep)\s*(?P<y>\d{4}|\d{2}))?\.?$"
    ),
    "iso": re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})$"),
    "nthwd": re.compile(
        rf"^(?:the\s+)?(?P<o>{_ORD})\s+(?P<wd>{WD})\s+(?:of|in)\s+(?:the\s+)?"
        rf"(?P<m>this month|next month|month|current month|(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?)$"
    ),
    "hol": re.compile(r"^(?:(?P<mod>this|next)\s+)?(?P<h>[a-z' ]+?)(?:\s+(?P<y>\d{4}))?$"),
}  # fmt: skip
_WORDS: dict[str, int] = {
    "today": 0, "tod": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1,
    "tomorrows": 1, "day after tomorrow": 2, "the day after tomorrow": 2, "yesterday": -1,
    "day before yesterday": -2, "the day before yesterday": -2,
}  # fmt: skip


def add_months(d: date, n: int) -> date:
    """d plus n calendar months, clamped to the last day of the month."""
    y, m = divmod(d.month - 1 + n, 12)
    y += d.year
    return date(y, m + 1, min(d.day, monthrange(y, m + 1)[1]))


def _year_for(m: int, d: int, ctx: Ctx, prefer: Prefer) -> date | Fail:
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


def _mk(y: int | None, m: int, d: int, ctx: Ctx, prefer: Prefer, wd: str | None) -> date | Fail:
    if not 1 <= m <= 12 or d < 1:
        return Fail(f"{m}/{d} is not a date.")
    if y is None:
        res = _year_for(m, d, ctx, prefer)
    elif d > monthrange(y, m)[1]:
        return Fail(f"There is no {date(y, m, 1):%B} {d} in {y}.")
    else:
        res = date(y, m, d)
    if isinstance(res, date) and wd and res.weekday() != WEEKDAYS[wd]:
        return Fail(f"{fmt_day(res)} is a {res:%A}, not a {date(2024, 1, 1 + WEEKDAYS[wd]):%A}.")
    return res


def _year(s: str | None) -> int | None:
    if s is None:
        return None
    return int(s) + 2000 if len(s) == 2 else int(s)


def _weekday(mod: str | None, wd: int, post: str | None, ctx: Ctx) -> DayResult:
    today = ctx.today
    ahead = (wd - today.weekday()) % 7
    monday = today - timedelta(days=today.weekday())
    if post in ("after next", "week after next"):
        return today + timedelta(days=(ahead or 7) + 7)
    if post in ("next week", "of next week"):
        return monday + timedelta(days=7 + wd)
    if post in ("this week", "of this week"):
        return monday + timedelta(days=wd)
    if mod in ("last", "past", "previous"):
        return today - timedelta(days=(today.weekday() - wd) % 7 or 7)
    if mod == "next":
        if ahead == 0:
            return today + timedelta(days=7)
        if wd > today.weekday():  # the day is still ahead this week: this week's or next week's?
            a, b = today + timedelta(days=ahead), today + timedelta(days=ahead + 7)
            return Choice(
                f"Which {a:%A} do you mean: {fmt_day(a)} or {fmt_day(b)}?",
                (Moment(a), Moment(b)),
            )
        return today + timedelta(days=ahead)
    return today + timedelta(days=ahead)


def _end_of(mod: str, p: str, ctx: Ctx) -> date:
    today, nxt = ctx.today, mod.strip() == "next"
    if p in ("week", "w"):
        friday = today + timedelta(days=4 - today.weekday())
        if nxt or today.weekday() > 4:
            friday += timedelta(days=7)
        return friday
    if p in ("month", "m"):
        first = add_months(today.replace(day=1), 1 if nxt else 0)
        return first.replace(day=monthrange(first.year, first.month)[1])
    return date(today.year + (1 if nxt else 0), 12, 31)


def _relative(n: int, unit: str, sign: int, base: date, ctx: Ctx) -> DayResult:
    u = unit.split()[-1].rstrip("s")
    kind = unit.split()[0] if " " in unit else ""
    if u in ("min", "minute", "hour", "hr", "h"):
        if base != ctx.today:
            return None
        mins = n * (60 if u in ("hour", "hr", "h") else 1)
        return ctx.now + timedelta(minutes=sign * mins)
    if kind in ("business", "court", "working"):
        dl = count(base, n, unit="court_days", direction="after" if sign > 0 else "before",
                   court=ctx.court)  # fmt: skip
        return Moment(dl.due, worksheet=dl.worksheet)
    if u in ("day",):
        return base + timedelta(days=sign * n)
    if u in ("week", "wk", "fortnight"):
        return base + timedelta(days=sign * n * (14 if u == "fortnight" else 7))
    if u in ("month", "mo"):
        return add_months(base, sign * n)
    return add_months(base, sign * 12 * n)


def parse_day(text: str, ctx: Ctx, prefer: Prefer = "future") -> DayResult:
    """Read a date expression (no time of day) relative to ctx; None when not recognised."""
    t = text.strip().rstrip(".").strip()
    today = ctx.today
    if t in _WORDS:
        return today + timedelta(days=_WORDS[t])
    if t in ("now", "right now", "asap", "immediately"):
        return ctx.now
    for key, sign in (("in", 1), ("later", 1), ("ago", -1)):
        m = RX[key].match(t)
        if m:
            n = to_int(m.group("n"))
            if n is None:
                return Fail(f'"{m.group("n")}" is vague for a deadline; give a number.')
            return _relative(n, m.group("u"), sign, today, ctx)
    m = RX["from"].match(t)
    if m and (n := to_int(m.group("n"))) is not None:
        anchor = m.group("anchor")
        if anchor in ("now", "right now"):
            return _relative(n, m.group("u"), 1, today, ctx)
        base = parse_day(anchor, ctx)
        if isinstance(base, datetime):
            base = base.date()
        elif isinstance(base, Moment):
            base = base.day
        if not isinstance(base, date):
            return base
        return _relative(n, m.group("u"), 1, base, ctx)
    if m := RX["wd"].match(t):
        return _weekday(m.group("mod"), WEEKDAYS[m.group("wd")], m.group("post"), ctx)
    if m := RX["end"].match(t):
        return _end_of(m.group("mod") or "", m.group("p"), ctx)
    if t in ("eow", "eom", "eoy"):
        return _end_of("", t[2], ctx)
    if m := RX["period"].match(t):
        return Choice(f'Which day {m.group("mod")} {m.group("p")}? For example "end of next week".')
    if m := RX["nth"].match(t):
        if not (m.group("suf") or t.startswith("the") or m.group("mod")):
            return None
        return _day_of_month(int(m.group("d")), m.group("mod"), ctx)
    for key in ("md", "dm"):
        if m := RX[key].match(t):
            wd = m.group("wd") or m.groupdict().get("wd2")
            return _mk(_year(m.group("y")), MONTHS[m.group("mon")], int(m.group("d")), ctx,
                       prefer, wd)  # fmt: skip
    if m := RX["iso"].match(t):
        return _mk(int(m.group("y")), int(m.group("m")), int(m.group("d")), ctx, prefer, None)
    if m := RX["num"].match(t):
        return _numeric(m, ctx, prefer)
    if m := RX["nthwd"].match(t):
        return _nth_weekday(m, ctx)
    if t in MONTHS or re.fullmatch(rf"(?:{MON}) \d{{4}}|\d{{4}}", t):
        return Choice(f'Which day in {t.title()}? For example "{t.split()[0].title()} 15".')
    if m := RX["hol"].match(t):
        rule = _HOLIDAYS.get(m.group("h").strip())
        if rule:
            y = _year(m.group("y"))
            d = rule_date(rule, y or today.year)
            return rule_date(rule, today.year + 1) if y is None and d < today else d
    return None


def _day_of_month(d: int, mod: str | None, ctx: Ctx) -> DayResult:
    if not 1 <= d <= 31:
        return Fail(f"No month has a day {d}.")
    first = ctx.today.replace(day=1)
    if mod in ("next", "following"):
        first = add_months(first, 1)
    if mod is not None:
        if d > monthrange(first.year, first.month)[1]:
            return Fail(f"{first:%B %Y} has no day {d}.")
        return first.replace(day=d)
    for i in range(3):
        f = add_months(first, i)
        if d <= monthrange(f.year, f.month)[1] and f.replace(day=d) >= ctx.today:
            return f.replace(day=d)
    return None


def _numeric(m: re.Match[str], ctx: Ctx, prefer: Prefer) -> DayResult:
    a, b, y, sep = int(m.group("a")), int(m.group("b")), _year(m.group("y")), m.group("sep")
    wd = m.group("wd")
    if sep == "." and a <= 12 and b <= 12 and a != b:
        us, eu = _mk(y, a, b, ctx, prefer, wd), _mk(y, b, a, ctx, prefer, wd)
        if isinstance(us, date) and isinstance(eu, date):
            return Choice(f"Do you mean {fmt_day(us)} or {fmt_day(eu)}?", (Moment(us), Moment(eu)))
    if a > 12 and b <= 12:  # only a day-month reading exists
        return _mk(y, b, a, ctx, prefer, wd)
    return _mk(y, a, b, ctx, prefer, wd)


def _nth_weekday(m: re.Match[str], ctx: Ctx) -> DayResult:
    nth, wd, which = ORDINALS[m.group("o")], WEEKDAYS[m.group("wd")], m.group("m")
    first = ctx.today.replace(day=1)
    if which == "next month":
        first = add_months(first, 1)
    elif m.group("mon"):
        mon = MONTHS[m.group("mon")]
        y = _year(m.group("y")) or (ctx.today.year + (1 if mon < ctx.today.month else 0))
        first = date(y, mon, 1)
    d = rule_date(HolidayRule("n", first.month, weekday=wd, nth=nth), first.year)
    if d.month != first.month:
        return Fail(f"{first:%B %Y} has no {m.group('o')} {date(2024, 1, 1 + wd):%A}.")
    return d
