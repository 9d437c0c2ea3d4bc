"""A court deadline typed for a day the court is closed: ask, never save or move it silently.

A period that ends on a weekend or court holiday runs to the next court day (FRCP 6(a)(1)(C),
the rule the counting worksheets follow), but a date fixed by a court order may not move, so a
typed date is neither kept nor moved without the person choosing: both readings are offered, each
with a worksheet that the saved deadline's echo shows.

A moment with a time of day is asked about when its day is closed as typed (in the zone typed,
else the person's) or in the court's time zone, where the last day ends (FRCP 6(a)(4)): Fri 10pm
Pacific is Sat 1am in New York. The next court day keeps the time as typed, on the first later
day that is open both as typed and in the court's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from bot.courts.counting import closed_reason, fmt_day, next_court_day, roll_cite
from bot.courts.jurisdictions import get_court
from bot.dates.readings import When, echo, echo_typed
from bot.services.dues import day_of
from bot.services.whens import Ambiguous

TITLE_SHOWN = 80
ROLL_LIMIT = 31  # days looked ahead for a court day (a court closed a month is not one)


class ClosedOn(Ambiguous):
    """Ambiguous about a closed day; `shown` is the moment as typed, with the court's time."""

    def __init__(self, question: str, options: tuple[When, ...], title: str, shown: str) -> None:
        super().__init__(question, options, title)
        self.shown = shown


@dataclass(frozen=True)
class _Clock:
    """How to name a moment: the zone typed (or None), the person's, the court's."""

    typed: tzinfo | None
    mine: str
    court: tzinfo

    def shown(self, due: datetime, *, all_day: bool) -> str:
        """As typed (the person's reading after it), then the court's time when it differs."""
        said = echo_typed(When(due=due, all_day=all_day, echo="", zone=self.typed), tz=self.mine)
        if all_day:
            return said
        offsets = {due.astimezone(z).utcoffset() for z in (self.typed or ZoneInfo(self.mine),
                                                            ZoneInfo(self.mine))}  # fmt: skip
        if due.astimezone(self.court).utcoffset() in offsets:
            return said
        court = echo(due, tz=self.court, all_day=False, now=due)
        return f"{said[:-1]}; {court})" if said.endswith(")") else f"{said} ({court})"


def _court_closed(moment: datetime, *, court: str, zone: tzinfo) -> str | None:
    return closed_reason(moment.astimezone(zone).date(), court)


def _roll(
    day: date, at: time, *, zone: tzinfo, court: str, court_zone: tzinfo
) -> tuple[datetime, tuple[str, ...]]:
    """The typed time on the first day after `day` open as typed and in the court's zone."""
    lines: list[str] = []
    start = day if closed_reason(day, court) else day + timedelta(days=1)
    for _ in range(ROLL_LIMIT):
        rolled, more = next_court_day(start, court)
        lines += more
        moment = datetime.combine(rolled, at).replace(tzinfo=zone)
        reason = _court_closed(moment, court=court, zone=court_zone)
        if reason is None:
            return moment, tuple(lines)
        there = echo(moment, tz=court_zone, all_day=False, now=moment)
        lines.append(f"{echo(moment, tz=zone, all_day=False)} is {there} in the court's time "
                     f"zone, {reason}: the court is closed")  # fmt: skip
        start = rolled + timedelta(days=1)
    raise ValueError(f"no court day within {ROLL_LIMIT} days of {day}")


def ask_if_closed(
    when: When,
    *,
    title: str,
    court: str,
    typed_in: str,
    court_zone: str,
    number: int | None = None,
) -> None:
    """Raise ClosedOn (keep the typed day, or the next court day) when the court is closed then.

    A date-only due is a day in the court's zone: asked about that day. A moment is asked about
    when its day is closed as typed (the zone typed with the time, "Sat Dec 5 9pm PT", else the
    person's, `typed_in`) or in `court_zone`; the next court day keeps the time in the zone typed.
    `number`: the deadline is #number, being moved (nothing changes until the choice).
    """
    if when.worksheet:  # counted by a rule: rolled already, with its worksheet
        return
    zone = when.zone or ZoneInfo(typed_in)
    clock = _Clock(typed=when.zone, mine=typed_in, court=ZoneInfo(court_zone))
    day = when.due.astimezone(zone).date() if when.zone else day_of(when, typed_in=typed_in)
    reason = closed_reason(day, court)
    there = None if when.all_day else _court_closed(when.due, court=court, zone=clock.court)
    if reason is None and there is None:
        return
    spec = get_court(court)
    cite = roll_cite(court)
    at = when.due.astimezone(zone).time()
    if when.all_day:
        rolled, lines = next_court_day(day, court)
        moved = datetime.combine(rolled, at).replace(tzinfo=zone)
    else:
        moved, lines = _roll(day, at, zone=zone, court=court, court_zone=clock.court)
    typed_mine = clock.shown(when.due, all_day=when.all_day)
    moved_mine = clock.shown(moved, all_day=when.all_day)
    why, days = _why(when, day=day, reason=reason, there=there, zone=zone, court=clock.court)
    typed = f"Typed {typed_mine} ({spec.code})"
    why_court = () if reason else (f"{why}: the court is closed",)  # why a court day moves
    plain = echo(when.due, tz=zone, all_day=when.all_day)  # 'Sat Dec 5, 2026, 9:00 PM PST'
    keep = When(
        due=when.due,
        all_day=when.all_day,
        echo=f"Keep {plain}",
        worksheet=(
            typed,
            f"{why}: the court is closed",
            f"kept as typed, by your choice: due {typed_mine}",
        ),
        zone=when.zone,
    )
    roll = When(
        due=moved.astimezone(UTC),
        all_day=when.all_day,
        echo=f"Use {echo(moved, tz=zone, all_day=when.all_day)}, the next court day",
        worksheet=(typed, *why_court, *lines, f"due {moved_mine} ({cite}, by your choice)"),
        zone=when.zone,
    )
    shown = title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1] + "…"
    which = f"#{number} “{shown}”" if number is not None else f"“{shown}”"
    until = "Nothing changes" if number is not None else "Nothing is saved"
    rolls_to = (
        fmt_day(moved.date())
        if when.all_day
        else f"{fmt_day(moved.date())} at the same time of day"
    )
    said = ""
    if when.zone is not None or typed_mine != plain:  # name the moments: typed, theirs, court's
        rolls_to = f"{moved_mine}, the same time of day"
        said = f"Typed {typed_mine}. " if reason else ""  # else `why` names both moments
    raise ClosedOn(
        f"{said}{why}: the court is closed {days}. A period that ends on a weekend or court "
        f"holiday runs to the next court day, {rolls_to} ({cite}); a date fixed by a court "
        f"order may not move. Which day is {which} due? {until} until you choose.",
        (keep, roll),
        title,
        typed_mine,
    )


def _why(
    when: When, *, day: date, reason: str | None, there: str | None, zone: tzinfo, court: tzinfo
) -> tuple[str, str]:
    """Why the court is closed then ('Sat Dec 5, 2026 is a Saturday'); 'that day' / 'both days'."""
    if there is None or (reason is not None and when.due.astimezone(court).date() == day):
        return f"{fmt_day(day)} is {reason}", "that day"
    moment = echo(when.due, tz=zone, all_day=False, now=when.due)
    court_at = f"{moment} is {echo(when.due, tz=court, all_day=False, now=when.due)} in the "
    court_at += f"court's time zone, {there}"
    if reason is None:
        return court_at, "that day"
    there_day = f"{when.due.astimezone(court):%a %b} {when.due.astimezone(court).day}"
    return (
        f"{fmt_day(day)} is {reason} as typed and {there} ({there_day}) in the court's time zone",
        "both days",
    )
