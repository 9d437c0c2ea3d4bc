"""Weeks and weekdays said together: "three Fridays from now", "in 4 days on Thursday", "Monday 21".

Each reader returns None when the phrase is not its form. When the two parts of a phrase name
different days, the answer is a `Choice` (ask), never one of them picked silently.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from bot.courts.counting import fmt_day
from bot.dates.calendar import Ctx, DayResult, add_months, conflict, day_of_month
from bot.dates.parts import NUM, WD, WEEKDAYS, Choice, Moment, to_int

_NTH_AHEAD = re.compile(
    rf"^(?P<n>{NUM})\s+(?P<wd>{WD})s?\s+(?:from\s+(?:now|today)|from\s+this\s+week|later|hence)$"
)
_DAYS_ON = re.compile(
    rf"^(?:in\s+(?P<n>{NUM})\s+(?P<u>days?|weeks?|months?)|(?P<n2>{NUM})\s+(?P<u2>days?|weeks?|"
    rf"months?)\s+from\s+(?:now|today)),?\s+(?:on\s+)?(?:a\s+|the\s+)?(?P<wd>{WD})\.?$"
)
WD_NUMBER = re.compile(rf"^(?P<wd>{WD})\.?,?\s+(?:the\s+)?(?P<n>\d{{1,2}})$")


def _ahead(wd: int, today: date) -> date:
    """The next such weekday after today (today itself does not count)."""
    return today + timedelta(days=(wd - today.weekday()) % 7 or 7)


def nth_ahead(text: str, ctx: Ctx) -> DayResult:
    """ "Three Fridays from now": the third Friday after today."""
    m = _NTH_AHEAD.match(text)
    if not m or (n := to_int(m.group("n"))) is None or n < 1:
        return None
    return _ahead(WEEKDAYS[m.group("wd")], ctx.today) + timedelta(weeks=n - 1)


def days_on(text: str, ctx: Ctx) -> DayResult:
    """ "In 4 days on Thursday": the count and the weekday must name the same day."""
    m = _DAYS_ON.match(text)
    if not m:
        return None
    n = to_int(m.group("n") or m.group("n2"))
    if n is None:
        return None
    unit = (m.group("u") or m.group("u2"))[0]
    d = ctx.today + timedelta(days=n) if unit == "d" else ctx.today + timedelta(weeks=n)
    if unit == "m":
        d = add_months(ctx.today, n)
    wd = WEEKDAYS[m.group("wd")]
    return d if d.weekday() == wd else conflict(d, wd)


def weekday_number(text: str, ctx: Ctx) -> Moment | Choice | None:
    """ "Monday 21": the 21st (a Monday?) or Monday at 9 PM; a number 1-12 is an hour (None)."""
    m = WD_NUMBER.match(text)
    if not m or not 13 <= (n := int(m.group("n"))) <= 31:
        return None
    wd = WEEKDAYS[m.group("wd")]
    got = day_of_month(n, None, ctx)
    if isinstance(got, Choice):  # the 21st is today: today's date or next month's
        got = got.options[0].day
    if not isinstance(got, date):
        return None
    if got.weekday() == wd and n > 23:
        return Moment(got)
    dated = conflict(got, wd) if got.weekday() != wd else None
    if n > 23:
        return dated
    hour = _ahead(wd, ctx.today) if ctx.today.weekday() != wd or ctx.now.hour >= n else ctx.today
    at = Moment(hour, at=time(n))
    label = f"{fmt_day(hour)} at {n - 12} PM"
    if dated is None:
        return Choice(f"Do you mean {fmt_day(got)} or {label}?", (Moment(got), at))
    return Choice(f"{dated.question[:-1]}, or {label}?", (*dated.options, at), settle=False)
