"""The date grammar of the pre-parser: the phrases plain dateparser gets wrong or cannot read.

`parse_day(text, ctx)` reads a date expression with no time of day in it and returns a `date`, an
exact aware `datetime` (for "in 2 hours"), a `Choice`, a `Fail`, or None when it does not know
the phrase (the caller then tries dateparser).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from bot.courts.counting import closed_reason, count, fmt_day
from bot.courts.jurisdictions import UnknownCourtError
from bot.dates.calendar import (
    Ctx,
    DayResult,
    Prefer,
    add_months,
    conflict,
    day_of_month,
    mk,
    nth_weekday,
    numeric,
    year,
)
from bot.dates.holiday_names import holiday
from bot.dates.parts import MONTHS, WEEKDAYS, Choice, Fail, Moment, to_int
from bot.dates.patterns import DAY_WORDS, RX
from bot.dates.periods import ABBREV, BEGIN, END, begin_of, end_match, end_of, week_phrase
from bot.dates.weeks import days_on, nth_ahead
from bot.dates.words import DAY_ORDINALS


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
    if ahead == 0 and mod is None:  # "Friday" said on a Friday: today or a week from today?
        later = today + timedelta(days=7)
        return Choice(f"Do you mean today ({fmt_day(today)}) or {fmt_day(later)}?",
                      (Moment(today), Moment(later)))  # fmt: skip
    return today + timedelta(days=ahead)


def _relative(n: int, unit: str, sign: int, base: date, ctx: Ctx) -> DayResult:
    u = unit.split()[-1].rstrip("s")
    kind = unit.split()[0] if " " in unit else ""
    if u in ("min", "minute", "hour", "hr", "h"):
        if base != ctx.today:
            return None
        mins = n * (60 if u in ("hour", "hr", "h") else 1)
        return (ctx.now.astimezone(UTC) + timedelta(minutes=sign * mins)).astimezone(ctx.now.tzinfo)
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
    if u in ("quarter", "qtr"):
        return add_months(base, sign * 3 * n)
    return add_months(base, sign * 12 * n)


def _span_of(m: re.Match[str], ctx: Ctx) -> tuple[date, date, str]:
    """The first and last day of the month, quarter or year a "day of" phrase names, its name."""
    today = ctx.today
    if m.group("mon"):
        mon = MONTHS[m.group("mon")]
        y = year(m.group("y"), ctx.today)
        first = date(y if y is not None else ctx.today.year, mon, 1)
        if y is None and add_months(first, 1) <= ctx.today:
            first = first.replace(year=first.year + 1)
        return first, add_months(first, 1) - timedelta(days=1), f"{first:%B %Y}"
    if m.group("yy"):
        y = int(m.group("yy"))
        return date(y, 1, 1), date(y, 12, 31), str(y)
    said = m.group("m").split()
    k = {"next": 1, "following": 1, "last": -1, "previous": -1}.get(said[0], 0)
    if said[-1] == "month":
        first = add_months(today.replace(day=1), k)
        return first, add_months(first, 1) - timedelta(days=1), f"{first:%B %Y}"
    if said[-1] in ("quarter", "qtr"):
        first = add_months(date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), 3 * k)
        name = f"Q{(first.month - 1) // 3 + 1} {first.year}"
        return first, add_months(first, 3) - timedelta(days=1), name
    return date(today.year + k, 1, 1), date(today.year + k, 12, 31), str(today.year + k)


def _day_of(m: re.Match[str], ctx: Ctx) -> DayResult:
    """ "The last day of the month", "the first business day of next month", "last day of May",
    "the last business day of the year", "the first court day of next quarter"."""
    first, last, name = _span_of(m, ctx)
    o = m.group("o")
    n = 1 if o == "last" else DAY_ORDINALS.get(o) or int(o[:-2])
    d, step = (last, -1) if o == "last" or m.group("back") else (first, 1)
    try:
        while first <= d <= last:
            if not (m.group("b") and closed_reason(d, ctx.court)):
                n -= 1
                if n == 0:
                    return d
            d += timedelta(days=step)
    except UnknownCourtError as e:
        return Fail(f"{e}.")
    return Fail(f"{name} has no {o}{' last' if m.group('back') else ''} such day.")


_EVENT_ON = re.compile(  # "trial on 1/11", "the hearing scheduled for Dec 7"
    r"^(?:the\s+)?(?P<event>[a-z][a-z'()-]*(?:\s+[a-z][a-z'()-]*){0,3})\s+"
    r"(?:on|dated|set for|scheduled for)\s+(?P<day>\S.*)$"
)


def _next_to(anchor: str, sign: int, ctx: Ctx, wd: int | None = None) -> DayResult:
    """ "The day after Thanksgiving", "the day before 12/7", "the Monday after Easter", "the day
    before trial on 1/11"; an anchor that could be two days offers the day next to each."""
    base = parse_day(anchor, ctx)
    on = _EVENT_ON.match(anchor)
    if base is None and on is not None and parse_day(on.group("event"), ctx) is None:
        base = parse_day(on.group("day"), ctx)
    if isinstance(base, Moment):
        base = base.day
    if isinstance(base, Choice) and base.options:
        near = tuple(Moment(_beside(o.day, sign, wd)) for o in base.options)
        shown = " or ".join(fmt_day(o.day) for o in near)
        return Choice(f"Which day is it next to? {base.question} It is then {shown}.", near,
                      settle=base.settle)  # fmt: skip
    if isinstance(base, datetime) or not isinstance(base, date):
        return None if base is None or isinstance(base, datetime) else base
    return _beside(base, sign, wd)


def _beside(base: date, sign: int, wd: int | None) -> date:
    if wd is None:
        return base + timedelta(days=sign)
    return base + timedelta(days=sign * ((sign * (wd - base.weekday())) % 7 or 7))


def _span(m: re.Match[str], ctx: Ctx) -> DayResult:
    """ "The upcoming 2 weeks": due at its end, as "within 2 weeks"; "the next 3 days" asks."""
    n = to_int(m.group("n") or m.group("n2"))
    if n is None:
        return None
    end = _relative(n, m.group("u"), 1, ctx.today, ctx)
    if (m.group("w") or m.group("w2")) != "next":
        return end
    if isinstance(end, datetime):
        said = Moment(end.date(), exact=end)
        shown = f"{fmt_day(end.date())} {end:%H:%M}"
    elif isinstance(end, date):
        said, shown = Moment(end), fmt_day(end)
    else:
        return None
    return Choice(f"Is it due by {shown}, the end of that span?", (said,), settle=False)


def _both(word: str, rest: str, ctx: Ctx, prefer: Prefer) -> DayResult:
    """ "Tomorrow, Nov 26": the day word and the date must agree."""
    said = ctx.today + timedelta(days=DAY_WORDS[word])
    got = parse_day(rest, ctx, prefer)
    if isinstance(got, Moment):
        got = got.day
    if not isinstance(got, date) or isinstance(got, datetime):
        return None
    if got != said:
        return Choice(f'"{word}" is {fmt_day(said)} but "{rest}" is {fmt_day(got)}; which is it?',
                      (Moment(said), Moment(got)), settle=False)  # fmt: skip
    return got


def parse_day(text: str, ctx: Ctx, prefer: Prefer = "future") -> DayResult:
    """Read a date expression (no time of day) relative to ctx; None when not recognised."""
    t = text.strip().rstrip(".").strip()
    today = ctx.today
    if t in DAY_WORDS:
        return today + timedelta(days=DAY_WORDS[t])
    for reader in (nth_ahead, days_on):
        if (got := reader(t, ctx)) is not None:
            return got
    if t in ("now", "right now"):
        return ctx.now
    for key, sign in (("in", 1), ("later", 1), ("ago", -1)):
        m = RX[key].match(t)
        if m:
            n = to_int(m.group("n"))
            if n is None:
                return Fail(f'"{m.group("n")}" is vague for a deadline; give a number.')
            return _relative(n, m.group("u"), sign, today, ctx)
    if m := RX["span"].match(t):
        return _span(m, ctx)
    m = RX["from"].match(t)
    if m and (n := to_int(m.group("n"))) is not None:
        anchor = m.group("anchor")
        if anchor in ("now", "right now"):
            return _relative(n, m.group("u"), 1, today, ctx)
        base = parse_day(anchor, ctx, prefer="nearest")  # a trigger date is often just past
        if isinstance(base, datetime):
            base = base.date()
        elif isinstance(base, Moment):
            base = base.day
        if isinstance(base, Choice) and base.options:  # "a week from Tuesday" said on a Tuesday
            outs = [_relative(n, m.group("u"), 1, o.day, ctx) for o in base.options]
            if all(isinstance(o, date) and not isinstance(o, datetime) for o in outs):
                days = tuple(Moment(o) for o in outs if isinstance(o, date))
                return Choice(f"Do you mean {' or '.join(fmt_day(o.day) for o in days)}?", days)
            return None
        if not isinstance(base, date):
            return base
        if m.group("u").startswith(("y", "q")) and isinstance(
            prev := holiday(f"last {anchor}", today), date
        ):
            a, b = (_relative(n, m.group("u"), 1, d, ctx) for d in (prev, base))  # which one?
            if isinstance(a, date) and isinstance(b, date) and not isinstance(a, datetime):
                return Choice(f"{m.group('n')} {m.group('u')} after which {anchor}: "
                              f"{fmt_day(prev)} or {fmt_day(base)}?", (Moment(a), Moment(b)),
                              settle=False)  # fmt: skip
        return _relative(n, m.group("u"), 1, base, ctx)
    if m := RX["wd"].match(t):
        post = m.group("post") or m.group("pre")
        return _weekday(m.group("mod"), WEEKDAYS[m.group("wd")], post, ctx)
    if m := END.match(t):
        return end_match(m, ctx)
    if m := BEGIN.match(t):
        return begin_of(m, ctx)
    if t in ABBREV:
        edge, p = ABBREV[t]
        return end_of(None, p, ctx) if edge == "end" else begin_of(None, ctx, p)
    if m := RX["period"].match(t):
        mod = {"current": "this", "coming": "next", "upcoming": "next", "following": "next",
               "past": "last", "previous": "last"}.get(m.group("mod"), m.group("mod"))  # fmt: skip
        p = {"qtr": "quarter", "yr": "year"}.get(m.group("p"), m.group("p"))
        example = {"week": f"Friday {mod} week", "month": f"the 15th of {mod} month",
                   "quarter": f"end of {mod} quarter"}.get(p, "Dec 31")  # fmt: skip
        return Choice(f'Which day {mod} {p}? For example "{example}".')
    if m := RX["nth"].match(t):
        if not (m.group("suf") or t.startswith("the") or m.group("mod")):
            return None
        got = day_of_month(int(m.group("d")), m.group("mod"), ctx)
        wd = m.group("wd")
        if wd and isinstance(got, date) and got.weekday() != WEEKDAYS[wd]:
            return conflict(got, WEEKDAYS[wd])
        return got
    for key in ("md", "dm"):
        if m := RX[key].match(t):
            wd = m.group("wd") or m.groupdict().get("wd2")
            return mk(year(m.group("y"), today), MONTHS[m.group("mon")], int(m.group("d")),
                       ctx, prefer, wd)  # fmt: skip
    if m := RX["iso"].match(t):
        return mk(int(m.group("y")), int(m.group("m")), int(m.group("d")), ctx, prefer, None)
    if m := RX["num"].match(t):
        return numeric(m, ctx, prefer)
    if m := RX["nthwd"].match(t):
        return nth_weekday(m, ctx)
    if m := RX["month"].match(t):  # "March", "next March", "during March 2027": which day?
        name = date(2000, MONTHS[m.group("mon")], 1).strftime("%B")
        said = f"{name} {m.group('y')}" if m.group("y") else name
        return Choice(f'Which day in {said}? For example "{name} 15".')
    if m := RX["dayof"].match(t):
        return _day_of(m, ctx)
    if m := RX["nextto"].match(t):
        wd = WEEKDAYS.get(m.group("wd"))
        return _next_to(m.group("anchor"), 1 if m.group("dir") == "after" else -1, ctx, wd)
    if "week" in t and (got := week_phrase(t, ctx, lambda s: parse_day(s, ctx, prefer))):
        return got
    if m := RX["both"].match(t):
        return _both(m.group("w") or m.group("w2"), m.group("d") or m.group("d2"), ctx, prefer)
    return holiday(t, today)
