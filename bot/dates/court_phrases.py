"""Court-rule phrases: "21 days after 11/25/2026", "9 court days before the 12/7 hearing".

The trigger date is read with the same grammar as any date (dateparser as a fallback); the
counting is bot/courts/counting.py. A rule phrase without a trigger date asks for it: it never
counts from today by accident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.courts.counting import Direction, Unit, count, fmt_day
from bot.courts.jurisdictions import UnknownCourtError
from bot.courts.zones import jurisdiction_zone
from bot.dates.calendar import Ctx, DayResult, Prefer
from bot.dates.days import parse_day
from bot.dates.parts import (
    MON,
    NUM,
    WD,
    Choice,
    Fail,
    Moment,
    TimeBits,
    extract_time,
    strip_filler,
    to_int,
)

RULE_RX = re.compile(
    r"^(?P<within>within\s+)?(?:(?:at least|no later than|not later than|no less than)\s+)?"
    rf"(?P<n>{NUM})\s+"
    r"(?P<kind>calendar |court |business |judicial |working )?"
    r"(?P<u>days?|hours?|hrs?|weeks?|months?|mos?)\s+"
    r"(?P<dir>after|following|before|prior to|of)\s+(?P<trig>.+)$"
)
_MAIL = re.compile(r"\b(?:by|via|through)\s+(?:u\.?s\.?\s+|first[- ]class\s+)?mail\b|\bmailing\b")
_EVENT = (
    r"service|served|hearing|trial|filing|entry of (?:the )?(?:judgment|order)|entry|judgment|"
    r"order|motion|conference|deposition|notice|complaint|deadline|event|date|it"
)
_AFTER_EVENT = re.compile(r"^(?:the\s+)?(?:service|served|entry|filing|notice|judgment|order)\b")
_NOISE = re.compile(rf"\b(?:the|of|on|dated|scheduled for|set for|is|was|{_EVENT})\b")
_EVENT_RX = re.compile(rf"\b({_EVENT})\b")
EXAMPLE = '"21 days after service on 11/25/2026"'
_ON_DATE = re.compile(r"^(?P<event>.*\S)\s+(?:on|dated)\s+(?P<day>\S.*)$")  # "receipt on 11/25"
_DATEISH = re.compile(
    rf"\d|\b(?:{MON}|{WD}|today|tonight|tomorrow|tmrw|yesterday|next|last|this|ago|week|month)\b"
)
_DATED = re.compile(rf"\d[/.-]\d|\b(?:{MON}|{WD}|today|tomorrow|tmrw|yesterday)\b")  # in an event


def _trigger(rest: str, words: str, ctx: Ctx, prefer: Prefer) -> DayResult:
    """The trigger's day: the words without the known event names ("the hearing on Dec 1"), or
    the date after "on"/"dated" any event ("receipt on 11/25", "the depo on Jan 20")."""
    day = parse_day(rest, ctx, prefer=prefer)
    if day is None and ctx.fallback is not None:
        day = ctx.fallback(rest)
    on = _ON_DATE.match(words)
    if day is None and on is not None and not _DATED.search(on.group("event")):
        said = strip_filler(on.group("day"))
        day = parse_day(said, ctx, prefer=prefer)
        if day is None and ctx.fallback is not None:
            day = ctx.fallback(said)
    return day


def court_phrase(text: str, ctx: Ctx) -> Moment | Choice | Fail | None:
    """Read a court-rule phrase; None when text is not one."""
    m = RULE_RX.match(text)
    if not m:
        return None
    n = to_int(m.group("n"))
    if n is None:
        return None
    kind, u = (m.group("kind") or "calendar ").strip(), m.group("u")
    unit: Unit = (
        "hours" if u.startswith("h") else "calendar_days" if kind == "calendar" else "court_days"
    )
    if u.startswith("mo"):
        if kind != "calendar":
            return Fail('Count court days in days, for example "10 court days after 12/1/2026".')
        unit = "months"
    if u.startswith("week"):
        if unit == "court_days":
            return Fail('Count court days in days, for example "10 court days after 12/1/2026".')
        n *= 7
    if n > {"hours": 87_660, "months": 120}.get(unit, 3_653):  # ten years: never count on
        return Fail(f"{m.group('n')} {u} is more than 10 years; I only keep dates within 10 years. "
                    f"For example {EXAMPLE}.")  # fmt: skip
    word, trig_text = m.group("dir"), m.group("trig")
    if word == "of" and not re.match(rf"^(?:the\s+)?(?:{_EVENT})\b", trig_text):
        return None  # "3 days of transcripts": not a rule
    if word == "of" and not (m.group("within") and _AFTER_EVENT.search(trig_text)):
        return Choice(
            f'Is that {m.group("n")} {u} after or before the event? Say "after" or "before", '
            f"for example {EXAMPLE}."
        )
    direction: Direction = "before" if word in ("before", "prior to") else "after"
    mail = bool(_MAIL.search(trig_text))
    trig_text = _MAIL.sub(" ", trig_text)
    event = _EVENT_RX.search(trig_text)
    what = event.group(1) if event else "trigger"
    rest, bits = extract_time(trig_text)
    rest = strip_filler(re.sub(r"\s+", " ", _NOISE.sub(" ", rest)))
    if not rest:
        noun = "service" if what in ("service", "served") else f"the {what}"
        return Choice(f"On what date was {noun}? For example {EXAMPLE}.")
    prefer: Prefer = "nearest" if direction == "after" else "future"
    words = strip_filler(re.sub(r"\s+", " ", extract_time(trig_text)[0]))
    day = _trigger(rest, words, ctx, prefer)
    if day is None and not _DATEISH.search(words):  # "7 days after mediation": no date given
        later = ctx.today + timedelta(days=0 if direction == "after" else 90)
        eg = f"{m.group(0)} on {later.month}/{later.day}/{later.year}"
        return Choice(f'On what date is "{words}"? For example "{eg}".')
    if isinstance(day, Moment):
        day = day.day
    if isinstance(day, Choice) and day.options:  # "after 11/12": which day? the deadlines, not it
        return _counted_choice(day, Rule(n, unit, direction, mail, bits), ctx)
    if isinstance(day, Choice | Fail):
        return day
    if day is None:
        return Fail(f'I could not read the date "{rest}". For example {EXAMPLE}.', no_date=True)
    trig_day = day.date() if isinstance(day, datetime) else day
    return _counted(trig_day, Rule(n, unit, direction, mail, bits), ctx)


@dataclass(frozen=True)
class Rule:
    """A rule phrase read: count n units in direction from the trigger (bits: a time typed)."""

    n: int
    unit: Unit
    direction: Direction
    mail: bool
    bits: TimeBits


def _counted_choice(trigger: Choice, rule: Rule, ctx: Ctx) -> Choice | Fail:
    """The deadline counted from each day the trigger could be, asked as the trigger was."""
    got = [_counted(option.day, rule, ctx) for option in trigger.options]
    counted = tuple(one for one in got if isinstance(one, Moment))
    if len(counted) != len(got):
        return next(one for one in got if not isinstance(one, Moment))
    dues = " or ".join(f"{fmt_day(one.day)}" for one in counted)
    return Choice(
        f"Which date does it count from? {trigger.question} The deadline is then {dues}.",
        counted,
        settle=trigger.settle,
    )


def _counted(trig_day: date, rule: Rule, ctx: Ctx) -> Moment | Choice | Fail:
    """The deadline counted from the trigger day, a typed time of day kept."""
    n, unit, direction, mail, bits = rule.n, rule.unit, rule.direction, rule.mail, rule.bits
    try:
        if unit == "hours":
            if bits.at is None:
                return Choice(
                    f"At what time on {trig_day:%a %b} {trig_day.day}? Periods in hours run from "
                    'the moment of the event, for example "48 hours after 12/31/2026 3pm".'
                )
            zone = bits.zone or ctx.now.tzinfo
            wall = datetime.combine(trig_day, bits.at).replace(tzinfo=zone)
            # counted in the court's zone: its days decide whether the period ends on a
            # weekend or holiday, and its clock the same time on the next day (FRCP 6(a)(2), (4))
            trigger = wall.astimezone(UTC).astimezone(ctx.court_tz or zone)
            dl = count(trigger, n, unit="hours", direction=direction, court=ctx.court)
            assert isinstance(dl.due, datetime)
            return Moment(dl.due.date(), exact=dl.due, worksheet=dl.worksheet)
        dl = count(trig_day, n, unit=unit, direction=direction, court=ctx.court, mail_service=mail)
    except UnknownCourtError as e:
        return Fail(f"{e}.")
    except ValueError as e:
        return Fail(f"{str(e).capitalize()}. For example {EXAMPLE}.")
    assert isinstance(dl.due, date)
    if bits.at is None and bits.hint:  # "… after Dec 1 morning": say the time, never drop it
        eg = f"{EXAMPLE[1:-1]} 5pm"
        return Choice(f'What time on {dl.due:%a %b} {dl.due.day}? For example "{eg}".')
    if bits.at is not None:  # "… after Dec 1 5pm": that time on the last day, in the court's zone
        court_zone = jurisdiction_zone(ctx.court)
        zone = bits.zone or (ZoneInfo(court_zone) if court_zone else None)
        at = f"{bits.at.hour % 12 or 12}:{bits.at:%M} {'AM' if bits.at.hour < 12 else 'PM'}"
        sheet = (*dl.worksheet, f"at {at}, as typed")
        return Moment(dl.due, at=bits.at, zone=zone, worksheet=sheet)
    return Moment(dl.due, worksheet=dl.worksheet)
