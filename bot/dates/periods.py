"""Edges of periods, weeks and weekends: "end of next week", "beginning of January", "BOM",
"this weekend", "the 2nd week of January", "the week of Dec 7".

A week begins on Monday and ends on Friday (the working week a deadline means); a month, quarter
or year on its first and last days. "The beginning of the month" said after the 1st is this
month's when the caller takes past dates, else a question about next month's. A week or a
weekend is not a deadline: Docket asks which day, offering its Monday and Friday (Saturday and
Sunday); the Nth week of a month is the one from its Nth Monday.
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from bot.courts.counting import fmt_day
from bot.dates.calendar import Ctx, DayResult, add_months, mk, year
from bot.dates.parts import MON, MONTHS, Choice, Fail, Moment

_STEP = {"next": 1, "coming": 1, "following": 1, "upcoming": 1, "last": -1, "past": -1,
         "previous": -1}  # fmt: skip
_MOD = r"(?P<mod>this |next |current |coming |following |upcoming |last |past |previous )?"
END = re.compile(
    rf"^(?:the\s+)?(?:end of|eo)\s*(?:the\s+)?{_MOD}(?:(?P<p>week|month|quarter|qtr|year|w|m|q|y)|"
    rf"(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?|(?P<yy>\d{{4}}))$"
)
BEGIN = re.compile(
    rf"^(?:the\s+)?(?:beginning|start)\s+of\s+(?:the\s+)?{_MOD}"
    rf"(?:(?P<p>week|month|quarter|qtr|year)|(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?|"
    r"(?P<yy>\d{4}))$"
)
ABBREV = {"eow": ("end", "w"), "eom": ("end", "m"), "eoq": ("end", "q"), "eoy": ("end", "y"),
          "bom": ("begin", "month"), "boy": ("begin", "year")}  # fmt: skip


def _step(mod: str | None) -> int:
    return _STEP.get((mod or "").strip(), 0)


def end_of(mod: str | None, p: str, ctx: Ctx) -> date:
    """The last working day of this/next/last week, or the last day of a month, quarter, year."""
    today, k = ctx.today, _step(mod)
    if p in ("week", "w"):
        friday = today + timedelta(days=4 - today.weekday())
        if k > 0 or (k == 0 and today.weekday() > 4):
            friday += timedelta(days=7)
        return friday - timedelta(days=7) if k < 0 else friday
    if p in ("month", "m"):
        first = add_months(today.replace(day=1), k)
        return first.replace(day=monthrange(first.year, first.month)[1])
    if p in ("quarter", "qtr", "q"):
        first = add_months(today.replace(day=1), 2 - (today.month - 1) % 3 + 3 * k)
        return first.replace(day=monthrange(first.year, first.month)[1])
    return date(today.year + k, 12, 31)


def end_match(m: re.Match[str], ctx: Ctx) -> DayResult:
    """ "End of next week", "end of April", "end of 2027": the period's last (working) day."""
    if m.group("mon"):
        mon = MONTHS[m.group("mon")]
        y = year(m.group("y"), ctx.today)
        last = monthrange(y if y is not None else ctx.today.year, mon)[1]
        return mk(y, mon, last, ctx, "future", None)
    if m.group("yy"):
        return mk(int(m.group("yy")), 12, 31, ctx, "future", None)
    return end_of(m.group("mod"), m.group("p"), ctx)


def _start(p: str, k: int, today: date) -> date:
    if p == "week":
        return today - timedelta(days=today.weekday()) + timedelta(weeks=k)
    if p == "month":
        return add_months(today.replace(day=1), k)
    if p in ("quarter", "qtr"):
        return add_months(today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1), 3 * k)
    return date(today.year + k, 1, 1)


def begin_of(m: re.Match[str] | None, ctx: Ctx, p: str = "month") -> DayResult:
    """The first day of a period; this period's, already begun, is asked about unless past_ok."""
    if m is not None and m.group("mon"):  # a month just begun is asked about, never assumed
        when = replace(ctx, past_ok=False)
        return mk(year(m.group("y"), ctx.today), MONTHS[m.group("mon")], 1, when, "future", None)
    if m is not None and m.group("yy"):
        return mk(int(m.group("yy")), 1, 1, ctx, "future", None)
    mod = m.group("mod") if m is not None else None
    p = m.group("p") if m is not None else p
    got = _start(p, _step(mod), ctx.today)
    if mod is not None or got >= ctx.today or ctx.past_ok:
        return got
    nxt = _start(p, 1, ctx.today)
    return Choice(f"{fmt_day(got)} has passed. Do you mean {fmt_day(nxt)}?", (Moment(nxt),))


WEEKEND = re.compile(
    r"^(?:the\s+)?(?:(?P<mod>this|next|coming|last|past|previous)\s+)?(?:week-?end|wkend|week end)"
    r"(?P<after>\s+after\s+next)?$"
)
NTH_WEEK = re.compile(
    r"^(?:the\s+)?(?P<o>first|1st|second|2nd|third|3rd|fourth|4th|last)\s+week\s+(?:of|in)\s+"
    r"(?:the\s+)?(?:(?P<mod>this|next|following|last|previous)\s+month|month|"
    rf"(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?)$"
)
WEEK_OF = re.compile(r"^(?:the\s+)?week\s+of\s+(?:the\s+)?(?P<d>.+)$")
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


def _which_week(monday: date) -> Choice:
    friday = monday + timedelta(days=4)
    return Choice(f"Which day in the week of {fmt_day(monday)}? For example its Monday or "
                  f"Friday ({fmt_day(friday)}).", (Moment(monday), Moment(friday)),
                  settle=False)  # fmt: skip


def week_phrase(text: str, ctx: Ctx, day: Callable[[str], DayResult]) -> DayResult:
    """A weekend or a week ("this weekend", "2nd week of January", "the week of Dec 7"): ask."""
    today = ctx.today
    if m := WEEKEND.match(text):
        k = _step(m.group("mod")) + (1 if m.group("after") else 0)
        sat = today + timedelta(days=5 - today.weekday()) + timedelta(weeks=k)  # on a weekend: it
        return Choice(f"Which day that weekend: {fmt_day(sat)} or "
                      f"{fmt_day(sat + timedelta(days=1))}?",
                      (Moment(sat), Moment(sat + timedelta(days=1))), settle=False)  # fmt: skip
    if m := NTH_WEEK.match(text):
        if m.group("mon"):
            mon = MONTHS[m.group("mon")]
            y = year(m.group("y"), today)
            first = date(y if y is not None else today.year, mon, 1)
            if y is None and add_months(first, 1) <= today:
                first = first.replace(year=first.year + 1)
        else:
            first = add_months(today.replace(day=1), _step(m.group("mod")))
        mondays = [first + timedelta(days=i) for i in range(31)]
        mondays = [d for d in mondays if d.month == first.month and d.weekday() == 0]
        n = _NTH.get(m.group("o"))
        return _which_week(mondays[-1] if n is None else mondays[min(n, len(mondays)) - 1])
    if m := WEEK_OF.match(text):
        got = day(m.group("d"))
        if isinstance(got, Moment):
            got = got.day
        if isinstance(got, date) and not isinstance(got, datetime):
            return _which_week(got - timedelta(days=got.weekday()))
        return got if isinstance(got, Choice | Fail) else None
    return None
