"""Plain-English due dates: text + now + zone -> a due moment, a question back, or a clear error.

The only module that imports dateparser. A small pre-parser (bot/dateparts.py, bot/daterules.py,
bot/datecourt.py) reads what dateparser gets wrong or cannot read; dateparser reads the rest, always
with languages=['en'] and a naive local wall-clock reference time; zones are attached here with
zoneinfo. Every due moment returned is aware UTC.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

from bot.dates.calendar import YEARS_WINDOW, Ctx
from bot.dates.court_phrases import court_phrase
from bot.dates.days import parse_day
from bot.dates.parts import (
    MON,
    Choice,
    Fail,
    Moment,
    TimeBits,
    extract_time,
    normalize,
    strip_filler,
)
from bot.dates.patterns import RX
from bot.dates.phrasing import drop_era, not_a_date, read_range, rephrase
from bot.dates.weeks import weekday_number
from bot.dates.words import clock_words, date_words, whole_numbers

log = logging.getLogger(__name__)
EXAMPLES = '"Fri 5pm", "eod tomorrow", "in 3 business days" or "21 days after 11/25/2026"'
HORIZON = timedelta(days=3653)  # ten years: a due date further out is a typo, never a plan
TOO_FAR = "That is more than 10 years away{shown}; I only keep dates within 10 years. Try {eg}."
END_OF_DAY = time(23, 59)
DAY_PARTS = {"am": time(9), "early": time(7), "pm": time(15), "eve": time(18)}  # early morning...
_DP_PARSERS = ["relative-time", "custom-formats", "absolute-time"]
_NUMBERISH = re.compile(
    r"^(?:(?:in|on|at|the|by|@|and|oh|o|zero|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|[\d:/.,'\"-]+)(?:\s+|$))*$"
)
_RELATIVE_TO = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:min|minute|hour|hr|day|week|wk|month|year|yr)s?\b.*\b(?:from|after|before|since|until)\b"
)


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


def _zone(tz: str | tzinfo) -> tzinfo:
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _wall(day: date, at: time, zone: tzinfo) -> datetime:
    """Wall-clock day+time in zone as aware UTC (a time in a spring-forward gap moves forward)."""
    return datetime.combine(day, at.replace(fold=0)).replace(tzinfo=zone).astimezone(UTC)


def echo(due: datetime, *, tz: str | tzinfo, all_day: bool, now: datetime | None = None) -> str:
    """'Fri Dec 4, 5:00 PM EST' or 'Fri Dec 4' (all-day); the year is shown unless it is now's."""
    zone = _zone(tz)
    local = due.astimezone(zone)
    year = "" if now is not None and now.astimezone(zone).year == local.year else f", {local.year}"
    day = f"{local:%a %b} {local.day}{year}"
    if all_day:
        return day
    hour = local.hour % 12 or 12
    return f"{day}, {hour}:{local:%M} {'AM' if local.hour < 12 else 'PM'} {local.tzname()}"


@lru_cache(maxsize=512)
def _dp_read(text: str, base: datetime) -> tuple[datetime | None, str | None, frozenset[str]]:
    """dateparser's reading of text relative to base (naive): (date, period, parts).

    Cached: a command's date scan reads the same words more than once (a tail, then the same
    tail inside a longer one split at "to"), and dateparser is most of a /task add's CPU. The
    reading depends only on the text and the moment it is read from.
    """
    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "future",
        "RETURN_TIME_AS_PERIOD": True,
        "PARSERS": _DP_PARSERS,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    parts = frozenset(data.parts or ())  # type: ignore[attr-defined]  # not in the stubs yet
    return data.date_obj, data.period, parts


def _dateparser(text: str, ctx: Ctx) -> Moment | Choice | Fail | None:
    if _NUMBERISH.match(text) and not re.search(r"\d[/.-]\d|\d{4}", text):
        return None  # "25", "3 30", "at 3 15": bare numbers are not dates
    if _RELATIVE_TO.search(text):
        return None  # "N units from/after X" that the pre-parser did not read: dateparser errs
    got, period, parts = _dp_read(text, ctx.now.replace(tzinfo=None))
    if got is None:
        return None
    if period == "week" and "week" in text:  # "3rd last week of 2018" read as "last week"
        return None
    if abs(got.year - ctx.today.year) > YEARS_WINDOW:
        return Fail(f'The year {got.year} in "{text}" does not look right; give the full date, '
                    'for example "Dec 4, 2026 3pm".')  # fmt: skip
    if parts and "day" not in parts:
        if "month" in parts and re.search(rf"\b(?:{MON})\b|\d[/-]\d", text):
            return Choice(f'Which day in {got:%B %Y}? For example "{got:%B} 15, {got.year}".')
        if parts == {"year"} and re.search(r"\b\d{4}\b", text):
            return Choice(f'Which day in {got.year}? For example "June 15, {got.year}".')
        return None
    if got.tzinfo is not None:  # a zone we do not know (dateparser's zone handling is unsafe)
        return Fail(f'I am not sure which time zone "{text}" means. Use ET, CT, MT, PT or UTC, '
                    'for example "Fri 5pm ET".')  # fmt: skip
    day = got.date()
    if parts == {"day"} and re.search(r"\b(?:week|month|year|quarter|qtr)\b|\b\d{4}\b", text):
        return None  # "the 3rd last week of 2018": dateparser read only "3rd"
    if parts == {"day"} and day < ctx.today:  # "the 24": the next one, not this month's past one
        nxt = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        try:
            day = nxt.replace(day=got.day)
        except ValueError:
            return None
    if period == "time":
        return Moment(day, at=got.time())
    return Moment(day)


def _dp_day(text: str, ctx: Ctx) -> date | None:
    got = _dateparser(text, ctx)
    return got.day if isinstance(got, Moment) else None


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
            if _wall(d, at, bits.zone or ctx.zone) > ctx.now:
                return part
            eg = f"{at.hour % 12 or 12}{'am' if at.hour < 12 else 'pm'}"
            return Choice(f'What time on {d:%a %b} {d.day}? For example "{rest} at {eg}".',
                          (part,))  # fmt: skip
        return Moment(d, worksheet=sheet, late_ok=True)
    moment = Moment(d, at=bits.at, zone=bits.zone, worksheet=sheet)
    wd = RX["wd"].match(rest)
    if wd and not wd.group("mod") and not wd.group("post") and d == ctx.today:
        if _wall(d, bits.at, bits.zone or ctx.zone) < ctx.now:  # "friday 9am" late Friday
            return Moment(d + timedelta(days=7), at=bits.at, zone=bits.zone)
    return moment


def _pre_parse(norm: str, ctx: Ctx) -> Moment | Choice | Fail | None:
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
        if _wall(d, bits.at, zone) < ctx.now:
            d += timedelta(days=1)
        return Moment(d, at=bits.at, zone=bits.zone)
    return _combine(parse_day(rest, ctx), bits, rest, ctx)


def _read(norm: str, ctx: Ctx) -> Moment | Choice | Fail | None:
    got = _pre_parse(norm, ctx)
    if got is None and any(c.isalnum() for c in norm):
        got = _dateparser(norm, ctx)
    return got


def _finish(m: Moment, ctx: Ctx, zone: tzinfo, due_time: time, allow_past: bool) -> Result:
    all_day = m.exact is None and m.at is None
    if m.exact is not None:
        due = m.exact.astimezone(UTC)
    elif m.at is not None:
        due = _wall(m.day, m.at, m.zone or zone)
    else:
        due = _wall(m.day, due_time, zone)
        if due < ctx.now and m.day == ctx.today and m.late_ok:
            due = max(_wall(m.day, END_OF_DAY, zone), ctx.now.astimezone(UTC))
    text = echo(due, tz=zone, all_day=all_day, now=ctx.now)
    if m.zone is not None and not all_day and m.zone != zone:
        text += f" ({echo(due, tz=m.zone, all_day=False, now=ctx.now).split(', ')[-1]})"
    if due > ctx.now + HORIZON:
        return Unclear(TOO_FAR.format(shown=f" ({text})", eg=EXAMPLES))
    if due < ctx.now - timedelta(seconds=1) and not allow_past:
        return Unclear(f"That is in the past ({text}). Give a date to come, e.g. {EXAMPLES}.")
    return When(due=due, all_day=all_day, echo=text, worksheet=m.worksheet)


def _parse(
    text: str, now: datetime, zone: tzinfo, court: str, due: time, allow_past: bool
) -> Result:
    if now.tzinfo is None:
        return Unclear("Internal error: the reference time has no zone.")
    ctx = Ctx(now=now.astimezone(zone), court=court, past_ok=allow_past)
    ctx = Ctx(now=ctx.now, court=court, fallback=lambda s: _dp_day(s, ctx), past_ok=allow_past)
    norm, fraction = whole_numbers(normalize(text or ""))
    if fraction:
        return Unclear(fraction)
    norm = clock_words(date_words(norm))
    if not norm:
        return Unclear(f"Say when it is due, for example {EXAMPLES}.")
    if (why := not_a_date(norm)) is not None:
        return Unclear(why)
    norm, bad_year = drop_era(norm, ctx.today.year)
    if bad_year:
        return Unclear(bad_year)
    got = read_range(norm, lambda s: _read(rephrase(s), ctx)) or _read(rephrase(norm), ctx)
    if got is None:
        shown = text.strip()[:80]
        return Unclear(f'I could not read "{shown}" as a date. Try {EXAMPLES}.', Why.NO_DATE)
    if isinstance(got, Fail):
        return Unclear(got.error, Why.NO_DATE if got.no_date else Why.UNUSABLE)
    if isinstance(got, Choice):
        opts = [_finish(o, ctx, zone, due, allow_past) for o in got.options]
        live = tuple(o for o in opts if isinstance(o, When))
        if (
            got.settle and len(got.options) > 1 and len(live) == 1
        ):  # the other readings are already past
            return live[0]
        return Ask(got.question, live)
    return _finish(got, ctx, zone, due, allow_past)


def parse_when(
    text: str,
    *,
    now: datetime,
    tz: str | tzinfo,
    court: str = "US-FED",
    default_due_time: time = time(17, 0),
    allow_past: bool = False,
) -> Result:
    """Read a due date phrase said at now in zone tz; never raises."""
    try:
        zone = _zone(tz)
    except Exception:
        return Unclear(f"Unknown time zone {tz!r}; use a name such as America/New_York.")
    try:
        return _parse(text, now, zone, court, default_due_time, allow_past)
    except Exception as e:  # a date parser must never take a command down with it
        if isinstance(e, OverflowError | ValueError) and "out of range" in str(e):
            return Unclear(TOO_FAR.format(shown="", eg=EXAMPLES))  # "in 10000 years"
        log.exception("parse_when failed on a phrase of %d characters", len(str(text)))
        return Unclear(
            f'I could not read "{str(text)[:80]}" as a date. Try {EXAMPLES}.', Why.NO_DATE
        )


def warm_up() -> list[Result]:
    """Load dateparser's English data and every reader now, so the first user does not wait.

    Returns what it read (one phrase per reader), so a caller can check the readers work.
    """
    got = DateDataParser(languages=["en"]).get_date_data("Thursday, December 7th 2026 10:00")
    if got.date_obj is None:
        log.warning("warm_up: dateparser could not read its own example")
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    phrases = ("tomorrow 5pm", "in 3 business days", "21 days after 1/5/2026", "a fortnight")
    return [parse_when(phrase, now=now, tz="UTC") for phrase in phrases]
