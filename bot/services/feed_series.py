"""A repeating task in a calendar feed: its rule once, with the days Docket moves or leaves out.

A series is shown as one recurring item (RFC 5545 RRULE) that starts at its oldest open
occurrence. Occurrences Docket has made stand in for their slot (RECURRENCE-ID); a slot with
nothing open to show (done, skipped, someone else's) is an EXDATE; a future slot the court
calendar moves is an override on the day Docket will use, and one it drops is an EXDATE.
Court-calendar moves are worked out HORIZON ahead; feeds are re-read every hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import takewhile
from typing import Generic, TypeVar
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from sqlmodel import Session, col, select

from bot.dates.occurrences import Spec, following, slots
from bot.models import Case, Series, Task
from bot.services.series import spec_in, words
from bot.vocab import SeriesStatus

HORIZON = timedelta(days=400)
ONE_DAY = timedelta(days=1)
MOST_MOVES = (
    400  # future slots looked at, at the most (an every-court-day rule: ~a year and a half)
)

T = TypeVar("T")


@dataclass(frozen=True)
class Moved:
    """A future slot the court calendar moves: the day Docket will use, and why."""

    slot: date
    day: date
    note: str


@dataclass(frozen=True)
class Repeat(Generic[T]):
    """One series as a feed shows it: the rule from `first`, and its exceptions."""

    series: Series
    case: Case
    words: str
    first: date  # DTSTART's slot (a day of the rule)
    rule: dict[str, str]  # RRULE parts, COUNT and UNTIL left out (see `last`)
    last: date | None  # the rule's last slot (UNTIL); None: it goes on
    exdates: tuple[date, ...]
    moved: tuple[Moved, ...]
    made: tuple[tuple[date, T], ...]  # slot -> an open occurrence shown in its place

    @property
    def until_utc(self) -> datetime | None:
        """UNTIL for a timed rule: the last slot's moment in UTC (RFC 5545 3.3.10)."""
        at = self.series.at_time
        if self.last is None or at is None:
            return None
        local = datetime.combine(self.last, at).replace(tzinfo=ZoneInfo(self.series.zone))
        return local.astimezone(UTC)


def shown_series(
    session: Session, *, case_ids: Sequence[int], assignee: str | None
) -> list[Series]:
    """Active series of these cases (only the assignee's, when given), oldest first."""
    if not case_ids:
        return []
    query = select(Series).where(
        col(Series.case_id).in_(list(case_ids)), Series.status == SeriesStatus.ACTIVE
    )
    if assignee is not None:
        query = query.where(Series.assignee_id == assignee)
    return list(session.exec(query.order_by(col(Series.id))))


def _last_slot(spec: Spec) -> date | None:
    parts = spec.parts()
    if "COUNT" not in parts and "UNTIL" not in parts:
        return None
    rule = rrulestr(f"RRULE:{spec.rrule}", dtstart=datetime.combine(spec.start, time(0)))
    assert isinstance(rule, rrule)
    final = rule[-1] if rule.count() else None  # bounded by COUNT (<= 500) or UNTIL
    return final.date() if final is not None else None


def repeat_of(
    session: Session, series: Series, *, case: Case, made: Iterable[tuple[Task, T]], today: date
) -> Repeat[T] | None:
    """The series from its oldest open occurrence on (made: its occurrences this feed shows)."""
    spec = spec_in(session, series=series, case=case)
    due_time = series.day_due_time
    shown = sorted(
        ((task.slot, item) for task, item in made if task.slot is not None), key=lambda p: p[0]
    )
    upcoming = following(spec, after=series.last_slot, due_time=due_time)
    if shown:
        first = shown[0][0]
    elif upcoming is not None:
        first = upcoming.slot
    else:
        return None
    have = {slot for slot, _ in shown}
    made_slots = takewhile(lambda s: _before(s, series), slots(spec, after=first - ONE_DAY))
    exdates = [s for s in made_slots if s not in have]
    moved: list[Moved] = []
    prev, occ = series.last_slot, upcoming
    for _ in range(MOST_MOVES):
        if occ is None or occ.slot > today + HORIZON:
            break
        if prev is not None:  # slots between two occurrences: ones the court calendar drops
            exdates += _until(occ.slot, slots(spec, after=prev))
        if occ.note is not None and occ.day != occ.slot:
            moved.append(Moved(occ.slot, occ.day, occ.note))
        prev, occ = occ.slot, following(spec, after=occ.slot, due_time=due_time)
    parts = {k: v for k, v in spec.parts().items() if k not in ("COUNT", "UNTIL")}
    return Repeat(
        series=series,
        case=case,
        words=words(series),
        first=first,
        rule=parts,
        last=_last_slot(spec),
        exdates=tuple(sorted(set(exdates))),
        moved=tuple(moved),
        made=tuple(shown),
    )


def _before(slot: date, series: Series) -> bool:
    """The slot's occurrence has been made already (it is at or before the newest made)."""
    return series.last_slot is not None and slot <= series.last_slot


def _until(upto: date, days: Iterable[date]) -> list[date]:
    """The days before `upto`."""
    return list(takewhile(lambda d: d < upto, days))
