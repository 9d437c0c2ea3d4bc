"""A stored recurrence (RFC 5545 RRULE + start + time + zone + court) -> its dated occurrences.

dateutil's rrule does the recurrence arithmetic on naive wall-clock dates; zones are attached
afterwards with zoneinfo, so 9:00 AM stays 9:00 AM across daylight saving. A slot that falls on a
day the court is closed moves to the next open day (or the previous, for "last court day" rules)
and says why; a moved slot that would reach the next slot is skipped instead.

A repeating court deadline (`Spec.court_zone` set, `court_deadline`) treats each occurrence as a
one-off deadline on that day: every weekend day and court holiday is closed, and a timed one is
also closed when its moment falls on such a day in the court's zone (FRCP 6(a)(4)); it moves to
the next court day, keeping its time (FRCP 6(a)(1)(C)), and its note says so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from bot.courts.counting import closed_reason, roll_cite
from bot.courts.jurisdictions import is_court_holiday

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SHORT_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
LOOKAHEAD = 1000  # slots scanned for the next occurrence before giving up
DROPPED = "the next court day has its own"
ROLL_LIMIT = 31  # days looked at for an open day (a court closed a month is not one)


class Roll(enum.StrEnum):
    """What happens to a slot on a day the court is closed."""

    NONE = "none"  # stays (every day, or a weekend day named on purpose with no holiday)
    FORWARD = "forward"  # next open day
    BACKWARD = "backward"  # previous open day ("the last court day of each month")
    SKIP = "skip"  # dropped ("every court day": the next court day has its own slot)


@dataclass(frozen=True)
class Spec:
    """Everything that defines a series: the rule and where and when its days fall."""

    rrule: str  # RFC 5545 RRULE value, e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    start: date  # DTSTART, a wall-clock date in zone
    at: time | None  # time of day; None: all-day (due at the day's default time)
    zone: str
    court: str = "US-FED"
    roll: Roll = Roll.FORWARD
    weekends_ok: bool = False  # the rule names a weekend day: only holidays move it
    court_zone: str | None = None  # a court deadline's court zone (see `court_deadline`)

    def parts(self) -> dict[str, str]:
        """The RRULE's NAME=VALUE pairs."""
        return dict(p.split("=", 1) for p in self.rrule.split(";") if "=" in p)


@dataclass(frozen=True)
class Occurrence:
    """One dated occurrence: the rule's own date (slot), the day it falls on, and its due."""

    slot: date
    day: date
    due: datetime  # aware UTC
    all_day: bool
    note: str | None = None  # why day != slot


def fmt(d: date, today: date | None = None) -> str:
    """'Fri Dec 11' (with the year when not today's)."""
    year = "" if today is not None and today.year == d.year else f", {d.year}"
    return f"{d:%a %b} {d.day}{year}"


def wall(day: date, at: time, zone: str) -> datetime:
    """A wall-clock moment as aware UTC (a time in a spring-forward gap moves forward)."""
    return datetime.combine(day, at.replace(fold=0)).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _rule(spec: Spec) -> rrule:
    start = datetime.combine(spec.start, spec.at or time(0))
    got = rrulestr(f"RRULE:{spec.rrule}", dtstart=start)
    assert isinstance(got, rrule)
    return got


def court_deadline(spec: Spec, *, court: str, court_zone: str) -> Spec:
    """The spec of a repeating court deadline: each occurrence on a closed day moves on."""
    roll = Roll.FORWARD if spec.roll is Roll.NONE else spec.roll
    return replace(spec, court=court, court_zone=court_zone, roll=roll, weekends_ok=False)


def _closed(d: date, spec: Spec) -> str | None:
    if spec.weekends_ok:
        return is_court_holiday(d, spec.court)
    return closed_reason(d, spec.court)


def _why_closed(day: date, spec: Spec) -> str | None:
    """Why an occurrence may not fall on day ('Fri Dec 25, 2026 is Christmas Day'), or None."""
    reason = _closed(day, spec)
    if reason is not None:
        weekend = spec.court_zone is None and reason in ("a Saturday", "a Sunday")
        return f"{fmt(day)} is {'a weekend day' if weekend else reason}"
    if spec.court_zone is None or spec.at is None:
        return None
    there = wall(day, spec.at, spec.zone).astimezone(ZoneInfo(spec.court_zone))
    reason = closed_reason(there.date(), spec.court)
    if reason is None:
        return None
    return (
        f"{fmt(day)} at {_hour(spec.at)} is {fmt(there.date())} at {_hour(there.time())} in the "
        f"court's time zone, {reason}"
    )


def _move(slot: date, spec: Spec) -> tuple[date, str | None]:
    why = _why_closed(slot, spec)
    if why is None or spec.roll is Roll.NONE:
        return slot, None
    step = -1 if spec.roll is Roll.BACKWARD else 1
    day = slot + timedelta(days=step)
    for _ in range(ROLL_LIMIT):
        if _why_closed(day, spec) is None:
            return day, why
        day += timedelta(days=step)
    raise ValueError(f"no open day within {ROLL_LIMIT} days of {slot}")


def _moved_to(spec: Spec, day: date) -> str:
    """How a moved occurrence's note ends: 'moved to Mon Dec 28, 2026' (a deadline: and why)."""
    if spec.court_zone is None:
        return f"moved to {fmt(day)}"
    if spec.roll is Roll.BACKWARD:
        return f"the court is closed; moved to the court day before, {fmt(day)}"
    return f"the court is closed; moved to the next court day, {fmt(day)} ({roll_cite(spec.court)})"


def slots(spec: Spec, *, after: date | None = None) -> Iterator[date]:
    """The rule's own dates in order, those after `after` only."""
    rule = _rule(spec)
    moments = rule if after is None else rule.xafter(datetime.combine(after, time(23, 59, 59)))
    for count, moment in enumerate(moments):
        if count >= LOOKAHEAD:
            return
        yield moment.date()


def occurrence(spec: Spec, slot: date, *, due_time: time) -> Occurrence | None:
    """The occurrence of one slot (None: skipped, the court is closed and the rule says skip)."""
    day, note = _move(slot, spec)
    if note is not None and spec.roll is Roll.SKIP:
        return None
    if note is not None:
        follower = next(slots(spec, after=slot), None) if day > slot else None
        if follower is not None and day >= follower:
            return None  # the next slot has its own occurrence
        note = f"{note}: {_moved_to(spec, day)}"
    due = wall(day, spec.at or due_time, spec.zone)
    return Occurrence(slot=slot, day=day, due=due, all_day=spec.at is None, note=note)


def following(spec: Spec, *, after: date | None, due_time: time) -> Occurrence | None:
    """The first occurrence whose slot comes after `after` (None: from the start)."""
    for slot in slots(spec, after=after):
        got = occurrence(spec, slot, due_time=due_time)
        if got is not None:
            return got
    return None


def first_due_after(spec: Spec, *, now: datetime, due_time: time) -> Occurrence | None:
    """The first occurrence still to come at now (its due moment not yet passed)."""
    local_today = now.astimezone(ZoneInfo(spec.zone)).date()
    before = local_today - timedelta(days=8)  # a slot moved forward may land today or later
    after = before if before >= spec.start else None
    while True:
        got = following(spec, after=after, due_time=due_time)
        if got is None or got.due >= now:
            return got
        after = got.slot


def court_moves(spec: Spec, *, after: date | None, through: date, due_time: time) -> list[str]:
    """Each slot after `after` up to `through` that the court's closed days move or drop, said.

    The same decisions as `occurrence`, with each slot's follower taken from one pass.
    """
    said = []
    found = slots(spec, after=after)
    slot = next(found, None)
    while slot is not None and slot <= through:
        follower = next(found, None)
        day, why = _move(slot, spec)
        if why is not None and spec.roll is not Roll.NONE:
            dropped = spec.roll is Roll.SKIP or (
                follower is not None and day > slot and day >= follower
            )
            tail = f"the court is closed; none that day ({DROPPED})" if dropped else None
            said.append(f"{why}: {tail or _moved_to(spec, day)}")
        slot = follower
    return said


def _ordinal(n: int) -> str:
    if n in (1, -1):
        return "first" if n == 1 else "last"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _every(interval: int, unit: str) -> str:
    if interval == 1:
        return f"every {unit}"
    if interval == 2:
        return f"every other {unit}"
    return f"every {interval} {unit}s"


def _days(byday: str) -> list[str]:
    return [SHORT_DAYS[WEEKDAY_CODES.index(code[-2:])] for code in byday.split(",")]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _hour(at: time) -> str:
    return f"{at.hour % 12 or 12}:{at:%M} {'AM' if at.hour < 12 else 'PM'}"


def describe(spec: Spec) -> str:
    """The rule in words: 'every other Fri at 3:00 PM', 'the 1st court day of every month'."""
    p = spec.parts()
    freq, interval = p["FREQ"], int(p.get("INTERVAL", "1"))
    byday, setpos = p.get("BYDAY"), p.get("BYSETPOS")
    court_day = "court day" if spec.roll is not Roll.NONE else "weekday"
    if freq == "DAILY":
        text = _every(interval, "day")
    elif freq == "WEEKLY" and byday == "MO,TU,WE,TH,FR":
        text = f"every {court_day}" if spec.roll is Roll.SKIP else "every weekday"
    elif freq == "WEEKLY":
        days = _and(_days(byday or ""))
        text = (
            f"{_every(interval, days)}"
            if interval <= 2
            else f"{_every(interval, 'week')} on {days}"
        )
    elif freq == "MONTHLY":
        unit = _every(interval, "month")
        if byday == "MO,TU,WE,TH,FR" and setpos:
            text = f"the {_ordinal(int(setpos))} {court_day} of {unit}"
        elif byday:
            text = f"the {_ordinal(int(byday[:-2]))} {_days(byday)[0]} of {unit}"
        else:
            day = int(p.get("BYMONTHDAY", "1").split(",")[-1])
            text = f"{unit} on the {'last day' if day == -1 else _ordinal(day)}"
            if setpos:
                text += " (the last day in shorter months)"
    else:
        month, day = int(p.get("BYMONTH", "1")), int(p.get("BYMONTHDAY", "1"))
        text = f"{_every(interval, 'year')} on {date(2000, month, day):%b} {day}"
    if spec.at is not None:
        text += f" at {_hour(spec.at)}"
    if "UNTIL" in p:
        until = date(int(p["UNTIL"][:4]), int(p["UNTIL"][4:6]), int(p["UNTIL"][6:8]))
        text += f" until {fmt(until)}"
    if "COUNT" in p:
        text += f", {p['COUNT']} times"
    return text
