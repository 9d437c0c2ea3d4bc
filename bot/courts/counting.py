"""Court-rule deadline arithmetic from a trigger date, with a worksheet a person can check.

Calendar days follow FRCP 6(a)(1): exclude the trigger day, count every day, include the last;
a last day on a Saturday, Sunday or legal holiday moves to the next day that is not (counting
backward: the previous such day). Hours follow 6(a)(2). Court days skip weekends and holidays
while counting. Months land on the same day of the month (the last day of a shorter month) and
then follow the same weekend/holiday rule. Service by mail adds the jurisdiction's extra days
(6(d): 3 days, then roll).
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from bot.courts.jurisdictions import COURTS, Court, get_court, is_court_holiday

__all__ = ["COURTS", "Deadline", "count", "fmt_day", "is_court_holiday", "closed_reason"]
__all__ += ["next_court_day"]

Unit = Literal["calendar_days", "court_days", "hours", "months"]
Direction = Literal["after", "before"]
UNITS: tuple[str, ...] = ("calendar_days", "court_days", "hours", "months")


@dataclass(frozen=True)
class Deadline:
    """The last day (or moment, for hours) to act, with the steps that produced it."""

    due: date | datetime
    worksheet: tuple[str, ...]
    court: str = "US-FED"


def fmt_day(d: date) -> str:
    """'Wed Nov 25, 2026'."""
    return f"{d:%a %b} {d.day}, {d.year}"


def _fmt_moment(m: datetime) -> str:
    hour = m.hour % 12 or 12
    zone = f" {m.tzname()}" if m.tzinfo is not None else ""
    return f"{fmt_day(m.date())} {hour}:{m:%M} {'AM' if m.hour < 12 else 'PM'}{zone}"


def closed_reason(d: date, court: str) -> str | None:
    """Why the court is closed on d ('a Saturday', 'Thanksgiving Day'), or None if open."""
    if d.weekday() >= 5:
        return f"a {d:%A}"
    return is_court_holiday(d, court)


def roll_cite(court: str) -> str:
    """The rule that runs a period ending on a closed day to the next court day."""
    cite = get_court(court).rule_cite
    return f"{cite}(1)(C)" if cite == "FRCP 6(a)" else cite


def _roll(d: date, court: Court, step: int, lines: list[str]) -> date:
    reason = closed_reason(d, court.code)
    if reason is None:
        lines.append(f"{fmt_day(d)} is not a weekend or holiday")
        return d
    start = d
    skipped = [f"{fmt_day(d)} is {reason}"]
    d += timedelta(days=step)
    while (reason := closed_reason(d, court.code)) is not None:
        skipped.append(f"{fmt_day(d)} is {reason}")
        d += timedelta(days=step)
    word = "next" if step > 0 else "previous"
    lines.append(" · ".join(skipped))
    lines.append(f"{fmt_day(start)} → {word} day that is not a weekend or holiday: {fmt_day(d)}")
    return d


def next_court_day(d: date, court: str) -> tuple[date, tuple[str, ...]]:
    """The first day from d on that the court is open (FRCP 6(a)(1)(C)), with worksheet lines."""
    lines: list[str] = []
    return _roll(d, get_court(court), 1, lines), tuple(lines)


def _court_days(start: date, n: int, court: Court, step: int, lines: list[str]) -> date:
    d, counted, skipped = start, 0, []  # skipped: (date, label) of weekday holidays
    while counted < n:
        d += timedelta(days=step)
        reason = closed_reason(d, court.code)
        if reason is None:
            counted += 1
        elif d.weekday() < 5:
            skipped.append((d, f"{d:%a %b} {d.day} ({reason})"))
    sign = "+" if step > 0 else "−"
    names = ", ".join(label for _, label in sorted(skipped))
    note = "skipping weekends" + (f" and holidays: {names}" if skipped else "")
    lines.append(f"{sign} {n} court days ({note}) → {fmt_day(d)}")
    return d


def _months(start: date, n: int, step: int, lines: list[str]) -> date:
    y, m = divmod(start.month - 1 + step * n, 12)
    y += start.year
    last = monthrange(y, m + 1)[1]
    due = date(y, m + 1, min(start.day, last))
    sign = "+" if step > 0 else "−"
    short = f" ({due:%B} has only {last} days)" if start.day > last else ""
    lines.append(f"{sign} {n} month{'s' if n != 1 else ''} → {fmt_day(due)}{short}")
    return due


def _hours(trigger: datetime, n: int, court: Court, step: int, lines: list[str]) -> datetime:
    if trigger.tzinfo is not None:
        end = (trigger.astimezone(UTC) + timedelta(hours=step * n)).astimezone(trigger.tzinfo)
    else:
        end = trigger + timedelta(hours=step * n)
    sign = "+" if step > 0 else "−"
    lines.append(f"{sign} {n} hours → {_fmt_moment(end)}")
    day = end.date()
    if closed_reason(day, court.code) is None:
        lines.append(f"{fmt_day(day)} is not a weekend or holiday")
        return end
    new_day = _roll(day, court, step, lines)
    wall = datetime.combine(new_day, end.time().replace(fold=0))
    if end.tzinfo is not None:
        wall = wall.replace(tzinfo=end.tzinfo).astimezone(UTC).astimezone(end.tzinfo)
    lines.append(f"same time that day: {_fmt_moment(wall)}")
    return wall


def count(
    trigger: date | datetime,
    n: int,
    *,
    unit: Unit = "calendar_days",
    direction: Direction = "after",
    court: str = "US-FED",
    mail_service: bool = False,
) -> Deadline:
    """Count n units after or before trigger under the jurisdiction's rules, with a worksheet."""
    spec = get_court(court)
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}; use one of {', '.join(UNITS)}")
    if direction not in ("after", "before"):
        raise ValueError("direction must be 'after' or 'before'")
    if not isinstance(n, int) or n < 0:
        raise ValueError("the period must be a whole number, 0 or more")
    if mail_service and direction != "after":
        raise ValueError("service by mail extends only periods counted after service")
    step = 1 if direction == "after" else -1
    lines: list[str] = []
    if unit == "hours":
        if not isinstance(trigger, datetime):
            raise ValueError("a period in hours needs a trigger time, not just a date")
        if mail_service:
            raise ValueError("service by mail does not extend periods stated in hours")
        lines.append(f"Trigger {_fmt_moment(trigger)} ({spec.code}, {spec.rule_cite})")
        due_at = _hours(trigger, n, spec, step, lines)
        lines.append(f"due {_fmt_moment(due_at)}")
        return Deadline(due=due_at, worksheet=tuple(lines), court=spec.code)

    start = trigger.date() if isinstance(trigger, datetime) else trigger
    lines.append(f"Trigger {fmt_day(start)} ({spec.code}, {spec.rule_cite})")
    if unit == "months" and mail_service:
        raise ValueError("count a period in months after service as the days it runs instead")
    extend = mail_service and not spec.mail_rolls_first
    if extend:
        lines.append(f"service by mail: + {spec.mail_days} days ({spec.mail_cite})")
        n_total = n + spec.mail_days
    else:
        n_total = n
    if unit == "court_days":
        due = _court_days(start, n_total, spec, step, lines)
    elif unit == "months":  # 6(a)(1): the same day n months on, and the weekend/holiday rule
        due = _roll(_months(start, n, step, lines), spec, step, lines)
    else:
        due = start + timedelta(days=step * n_total)
        sign = "+" if step > 0 else "−"
        lines.append(f"{sign} {n_total} calendar days → {fmt_day(due)}")
        due = _roll(due, spec, step, lines)
    if mail_service and spec.mail_rolls_first:
        mailed = due + timedelta(days=spec.mail_days)
        lines.append(
            f"service by mail: + {spec.mail_days} days ({spec.mail_cite}) → {fmt_day(mailed)}"
        )
        due = _roll(mailed, spec, 1, lines)
    lines.append(f"due {fmt_day(due)}")
    return Deadline(due=due, worksheet=tuple(lines), court=spec.code)
