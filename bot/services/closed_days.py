"""A court deadline typed for a day the court is closed: ask, never save or move it silently.

A period that ends on a weekend or court holiday runs to the next court day (FRCP 6(a)(1)(C),
the rule the counting worksheets follow), but a date fixed by a court order may not move, so a
typed date is neither kept nor moved without the person choosing: both readings are offered, each
with a worksheet that the saved deadline's echo shows.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.courts.counting import closed_reason, fmt_day, next_court_day
from bot.courts.jurisdictions import get_court
from bot.dates.readings import When, echo, echo_typed
from bot.services.dues import day_of
from bot.services.whens import Ambiguous

TITLE_SHOWN = 80


def ask_if_closed(
    when: When, *, title: str, court: str, typed_in: str, number: int | None = None
) -> None:
    """Raise Ambiguous (keep the typed day, or the next court day) when the court is closed then.

    A time of day typed with the date is kept on the next court day. The day asked about is the
    one typed, in the zone typed with the time ("Sat Dec 5 9pm PT") or else the person's
    (`typed_in`); the next court day keeps the time in that zone. `number`: the deadline is
    #number, being moved (nothing changes until the choice).
    """
    if when.worksheet:  # counted by a rule: rolled already, with its worksheet
        return
    zone = when.zone or ZoneInfo(typed_in)
    day = when.due.astimezone(zone).date() if when.zone else day_of(when, typed_in=typed_in)
    reason = closed_reason(day, court)
    if reason is None:
        return
    spec = get_court(court)
    cite = f"{spec.rule_cite}(1)(C)" if spec.rule_cite == "FRCP 6(a)" else spec.rule_cite
    rolled, lines = next_court_day(day, court)
    moved = datetime.combine(rolled, when.due.astimezone(zone).time()).replace(tzinfo=zone)
    typed_at = echo(when.due, tz=zone, all_day=when.all_day)  # 'Sat Dec 5, 2026, 9:00 PM PST'
    moved_at = echo(moved, tz=zone, all_day=when.all_day)
    keep = When(due=when.due, all_day=when.all_day, echo="", zone=when.zone)
    roll = When(due=moved.astimezone(UTC), all_day=when.all_day, echo="", zone=when.zone)
    typed_mine, moved_mine = echo_typed(keep, tz=typed_in), echo_typed(roll, tz=typed_in)
    typed = f"Typed {typed_mine} ({spec.code})"
    keep = When(
        due=keep.due,
        all_day=when.all_day,
        echo=f"Keep {typed_at}",
        worksheet=(
            typed,
            f"{fmt_day(day)} is {reason}: the court is closed",
            f"kept as typed, by your choice: due {typed_mine}",
        ),
        zone=when.zone,
    )
    roll = When(
        due=roll.due,
        all_day=when.all_day,
        echo=f"Use {moved_at}, the next court day",
        worksheet=(typed, *lines, f"due {moved_mine} ({cite}, by your choice)"),
        zone=when.zone,
    )
    shown = title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1] + "…"
    which = f"#{number} “{shown}”" if number is not None else f"“{shown}”"
    until = "Nothing changes" if number is not None else "Nothing is saved"
    rolls_to = fmt_day(rolled) if when.all_day else f"{fmt_day(rolled)} at the same time of day"
    said = ""
    if when.zone is not None:  # typed in another zone: name the moments in it, and in theirs
        rolls_to, said = f"{moved_mine}, the same time of day", f"Typed {typed_mine}. "
    raise Ambiguous(
        f"{said}{fmt_day(day)} is {reason}: the court is closed that day. A period that ends on a "
        f"weekend or court holiday runs to the next court day, {rolls_to} "
        f"({cite}); a date fixed by a court order may not move. Which day is "
        f"{which} due? {until} until you choose.",
        (keep, roll),
        title,
    )
