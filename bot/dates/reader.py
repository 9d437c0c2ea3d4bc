"""Plain-English due dates: text + now + zone -> a due moment, a question back, or a clear error.

The only module that imports dateparser. A small pre-parser (bot/dates/preparse.py) reads what
dateparser gets wrong or cannot read; dateparser reads the rest, always with languages=['en'] and
a naive local wall-clock reference time; zones are attached here with zoneinfo. Every due moment
returned is aware UTC (the results, When | Ask | Unclear, are in bot/dates/readings.py).
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from dateparser.date import DateDataParser

from bot.dates.calendar import YEARS_WINDOW, Ctx
from bot.dates.parts import MON, Choice, Fail, Moment, normalize
from bot.dates.phrasing import drop_era, not_a_date, read_range, rephrase
from bot.dates.preparse import pre_parse, wall
from bot.dates.readings import Ask, Result, Unclear, When, Why, echo, zone_of
from bot.dates.words import clock_words, date_words, whole_numbers

log = logging.getLogger(__name__)
EXAMPLES = '"Fri 5pm", "eod tomorrow", "in 3 business days" or "21 days after 11/25/2026"'
HORIZON = timedelta(days=3653)  # ten years: a due date further out is a typo, never a plan
TOO_FAR = "That is more than 10 years away{shown}; I only keep dates within 10 years. Try {eg}."
END_OF_DAY = time(23, 59)
_DP_PARSERS = ["relative-time", "custom-formats", "absolute-time"]
_NUMBERISH = re.compile(
    r"^(?:(?:in|on|at|the|by|@|and|oh|o|zero|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|twenty|thirty|forty|fifty|[\d:/.,'\"-]+)(?:\s+|$))*$"
)
_NUMBERS_THEN_DUE = re.compile(  # "1-12 by dec 10", "and 2 due friday": two things, not one date
    r"^\W*(?:(?:and|&|or)\s+)?\d{1,4}(?:\s*[-\u2013\u2014]\s*\d{1,4})?"
    r"(?:\s*(?:,|and|&|or|to)\s*\d{1,4}(?:[-\u2013\u2014]\d{1,4})?)*,?\s+(?:by|due|before|on)\s"
)
# A date on each side of "by", "due", "and", "or": "monday by dec 10", "10 and dec 15" (dateparser
# reads one side, or both as one: the year 2115); "in 2 weeks and 3 days" is one span.
_DURATION = r"(?:\d+|an?)\s+(?:min|hour|hr|day|week|wk|month|year|yr)s?\b"
_TWO_SIDES = re.compile(rf"\S\s+(?:(?:by|due)\s+|(?:and|or|&)\s+(?!{_DURATION}))\S")
_RELATIVE_TO = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
    r"(?:min|minute|hour|hr|day|week|wk|month|year|yr)s?\b.*\b(?:from|after|before|since|until)\b"
)


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
    if _NUMBERS_THEN_DUE.match(text):
        return None  # dateparser reads one side and drops the other: "1-25 by next friday" Jan 25
    if _TWO_SIDES.search(text):
        return None  # "monday by dec 10" was Dec 10, "the 7th by dec 10" the year 2110
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


def _read(norm: str, ctx: Ctx) -> Moment | Choice | Fail | None:
    got = pre_parse(norm, ctx)
    if got is None and any(c.isalnum() for c in norm):
        got = _dateparser(norm, ctx)
    return got


def _finish(m: Moment, ctx: Ctx, zone: tzinfo, due_time: time, allow_past: bool) -> Result:
    all_day = m.exact is None and m.at is None
    if m.exact is not None:
        due = m.exact.astimezone(UTC)
    elif m.at is not None:
        due = wall(m.day, m.at, m.zone or zone)
    else:
        due = wall(m.day, due_time, zone)
        if due < ctx.now and m.day == ctx.today and m.late_ok:
            due = max(wall(m.day, END_OF_DAY, zone), ctx.now.astimezone(UTC))
    text = echo(due, tz=zone, all_day=all_day, now=ctx.now)
    if m.zone is not None and not all_day and m.zone != zone:
        text += f" ({echo(due, tz=m.zone, all_day=False, now=ctx.now).split(', ')[-1]})"
    if due > ctx.now + HORIZON:
        return Unclear(TOO_FAR.format(shown=f" ({text})", eg=EXAMPLES))
    if due < ctx.now - timedelta(seconds=1) and not allow_past:
        return Unclear(f"That is in the past ({text}). Give a date to come, e.g. {EXAMPLES}.")
    typed = m.zone if m.zone is not None and not all_day and m.zone != zone else None
    return When(due=due, all_day=all_day, echo=text, worksheet=m.worksheet, zone=typed)


def _parse(
    text: str,
    now: datetime,
    zone: tzinfo,
    court: str,
    due: time,
    allow_past: bool,
    court_zone: str | None = None,
) -> Result:
    if now.tzinfo is None:
        return Unclear("Internal error: the reference time has no zone.")
    ctx = Ctx(now=now.astimezone(zone), court=court, past_ok=allow_past, court_zone=court_zone)
    ctx = Ctx(now=ctx.now, court=court, fallback=lambda s: _dp_day(s, ctx), past_ok=allow_past,
              court_zone=court_zone)  # fmt: skip
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
    court_zone: str | None = None,
) -> Result:
    """Read a due date phrase said at now in zone tz; never raises.

    `court_zone`: the case court's zone (a period in hours is counted there, FRCP 6(a)(2), (4));
    None: the jurisdiction's own zone when it has one (US-CA), else tz.
    """
    try:
        zone = zone_of(tz)
    except Exception:
        return Unclear(f"Unknown time zone {tz!r}; use a name such as America/New_York.")
    try:
        return _parse(text, now, zone, court, default_due_time, allow_past, court_zone)
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
