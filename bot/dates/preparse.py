"""The pre-parser: a phrase's day and time read without dateparser (what it gets wrong)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.dates.calendar import Ctx
from bot.dates.court_phrases import court_phrase
from bot.dates.days import parse_day
from bot.dates.parts import Choice, Fail, Moment, TimeBits, extract_time, strip_filler
from bot.dates.patterns import RX
from bot.dates.weeks import weekday_number

DAY_PARTS = {"am": time(9), "early": time(7), "pm": time(15), "eve": time(18)}  # early morning...


def wall(day: date, at: time, zone: tzinfo) -> datetime:
    """Wall-clock day+time in zone as aware UTC (a time in a spring-forward gap moves forward)."""
    return datetime.combine(day, at.replace(fold=0)).replace(tzinfo=zone).astimezone(UTC)


def _combine(day: object, bits: TimeBits, rest: str, ctx: Ctx) -> Moment | Choice | Fail | None:
    if isinstance(day, Choice):
        if bits.at is None:
            return day
        opts = tuple(Moment(o.day, at=bits.at, zone=bits.zone) for o in day.options)
        return Choice(day.question, opts, settle=day.settle)
    if isinstance(day, Fail) or day is None:
        return day
    if isinstance(day, datetime):
        if bits.at is not None or bits.eod:
            return Fail(f'"{rest}" already says when; drop the time of day.')
        return Moment(day.date(), exact=day)
    sheet = day.worksheet if isinstance(day, Moment) else ()
    d = day.day if isinstance(day, Moment) else day
    assert isinstance(d, date)
    if bits.at is None:
        if bits.hint and not bits.eod:  # "Wednesday evening": that day at the part's usual hour
            at = DAY_PARTS[bits.hint]
            part = Moment(d, at=at, zone=bits.zone, worksheet=sheet)
            if wall(d, at, bits.zone or ctx.zone) > ctx.now:
                return part
            eg = f"{at.hour % 12 or 12}{'am' if at.hour < 12 else 'pm'}"
            return Choice(f'What time on {d:%a %b} {d.day}? For example "{rest} at {eg}".',
                          (part,))  # fmt: skip
        return Moment(d, worksheet=sheet, late_ok=True)
    moment = Moment(d, at=bits.at, zone=bits.zone, worksheet=sheet)
    wd = RX["wd"].match(rest)
    if wd and not wd.group("mod") and not wd.group("post") and d == ctx.today:
        if wall(d, bits.at, bits.zone or ctx.zone) < ctx.now:  # "friday 9am" late Friday
            return Moment(d + timedelta(days=7), at=bits.at, zone=bits.zone)
    return moment


def pre_parse(norm: str, ctx: Ctx) -> Moment | Choice | Fail | None:
    """A normalized phrase read by the court phrases, weekday numbers and day grammar; None: not."""
    rule = court_phrase(norm, ctx) or weekday_number(norm, ctx)
    if rule is not None:
        return rule
    rest, bits = extract_time(norm)
    if bits.error:
        return Fail(bits.error)
    rest = strip_filler(rest)
    if not rest and bits.hint and bits.at is None and not bits.eod:
        rest = "today"  # "this evening": what time today?
    if not rest:
        if bits.at is None:
            return Moment(ctx.today, late_ok=True) if bits.eod else None
        zone = bits.zone or ctx.zone
        d = ctx.today
        if wall(d, bits.at, zone) < ctx.now:
            d += timedelta(days=1)
        return Moment(d, at=bits.at, zone=bits.zone)
    return _combine(parse_day(rest, ctx), bits, rest, ctx)
