"""Series of repeating tasks: the rule stored, one occurrence at a time, each made exactly once."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import update
from sqlmodel import Session, col, select

from bot.courts.zones import due_moment
from bot.dates.occurrences import (
    Occurrence,
    Roll,
    Spec,
    court_deadline,
    describe,
    following,
    occurrence,
)
from bot.dates.recurrence import Rule
from bot.models import SYSTEM_ACTOR, Case, Series, Task
from bot.services import audit
from bot.services.notice_types import RepeatInfo
from bot.services.task_rows import create_task
from bot.services.zones import court_zone
from bot.vocab import AuditAction, CaseStatus, SeriesPurpose, SeriesStatus, TaskKind

BATCH = 100


def spec_of(series: Series) -> Spec:
    """The rule a series row stores."""
    return Spec(
        rrule=series.rrule,
        start=series.start,
        at=series.at_time,
        zone=series.zone,
        court=series.court,
        roll=Roll(series.roll),
        weekends_ok=series.weekends_ok,
    )


def spec_in(session: Session, *, series: Series, case: Case) -> Spec:
    """The rule as it dates occurrences now: a court deadline's by the case's court calendar."""
    spec = spec_of(series)
    if series.kind != TaskKind.DEADLINE:
        return spec
    zone = court_zone(session, case=case)
    return court_deadline(spec, court=case.jurisdiction, court_zone=zone)


def words(series: Series) -> str:
    """The series' rule in words: 'every other Fri at 3:00 PM'."""
    return describe(spec_of(series))


def series_snapshot(series: Series) -> dict[str, object]:
    """The audited fields of a series."""
    return {
        "rrule": series.rrule,
        "start": series.start.isoformat(),
        "at": series.at_time.isoformat() if series.at_time else None,
        "zone": series.zone,
        "assignee_id": series.assignee_id,
        "status": series.status,
        "purpose": series.purpose,
        "repeat": words(series),
    }


def start(
    session: Session,
    *,
    case: Case,
    rule: Rule,
    title: str,
    kind: TaskKind,
    person: str,
    actor_id: str,
    now: datetime,
    day_due_time: time,
    purpose: SeriesPurpose = SeriesPurpose.TASK,
) -> Task:
    """A new series and its first occurrence (an ordinary task), audited."""
    spec = rule.spec
    series = Series(
        case_id=case.id or 0,
        purpose=purpose,
        kind=kind,
        title=title,
        assignee_id=person,
        created_by=actor_id,
        rrule=spec.rrule,
        start=spec.start,
        at_time=spec.at,
        zone=spec.zone,
        court=spec.court,
        roll=spec.roll.value,
        weekends_ok=spec.weekends_ok,
        day_due_time=day_due_time,
        last_slot=rule.first.slot,
        next_at=due_of(session, case=case, occ=rule.first),
        created_at=now,
        updated_at=now,
    )
    session.add(series)
    session.flush()
    first = rule.first
    task = _occurrence(session, case=case, series=series, occ=first, actor_id=actor_id, now=now)
    audit.record(
        session,
        case_id=case.id or 0,
        task_id=task.id,
        actor_id=actor_id,
        action=AuditAction.SERIES_START,
        at=now,
        after=series_snapshot(series),
    )
    return task


def _occurrence(
    session: Session, *, case: Case, series: Series, occ: Occurrence, actor_id: str, now: datetime
) -> Task:
    return create_task(
        session,
        case=case,
        kind=series.kind,
        title=series.title,
        person=series.assignee_id or series.created_by,
        actor_id=actor_id,
        created_by=series.created_by,
        dm_assignee=actor_id != SYSTEM_ACTOR,
        due_at=occ.due,
        all_day=occ.all_day,
        due_date=occ.day if occ.all_day else None,  # the day itself, as a typed date-only due
        now=now,
        series_id=series.id,
        slot=occ.slot,
    )


def due_of(session: Session, *, case: Case, occ: Occurrence) -> datetime:
    """When an occurrence falls due: its time, or a date-only one's day ending in court time."""
    if not occ.all_day:
        return occ.due
    return due_moment(occ.day, zone=court_zone(session, case=case), court=case.jurisdiction)


def advance(session: Session, *, series: Series, now: datetime) -> Task | None:
    """Make the series' next occurrence, exactly once however many processes try at once."""
    due_time = series.day_due_time
    case = session.get(Case, series.case_id)
    if case is None or series.status != SeriesStatus.ACTIVE:
        return None
    spec = spec_in(session, series=series, case=case)
    occ = following(spec, after=series.last_slot, due_time=due_time)
    missed = []
    while occ is not None and due_of(session, case=case, occ=occ) <= now:  # Docket was down
        missed.append(occ.slot.isoformat())
        occ = following(spec, after=occ.slot, due_time=due_time)
    claimed = session.execute(
        update(Series)
        .where(
            col(Series.id) == series.id,
            col(Series.status) == SeriesStatus.ACTIVE,
            col(Series.last_slot) == series.last_slot,
        )
        .values(
            last_slot=occ.slot if occ else series.last_slot,
            next_at=due_of(session, case=case, occ=occ) if occ else None,
            status=SeriesStatus.ACTIVE if occ else SeriesStatus.ENDED,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None  # another process (or a retry) made it
    session.refresh(series)
    if missed:
        audit.record(
            session,
            case_id=case.id or 0,
            actor_id=SYSTEM_ACTOR,
            action=AuditAction.SERIES_MISSED,
            at=now,
            after={"series": series.id, "slots": missed},
        )
    if occ is None:
        audit.record(
            session,
            case_id=case.id or 0,
            actor_id=SYSTEM_ACTOR,
            action=AuditAction.SERIES_END,
            task_id=_newest(session, series),
            at=now,
            after=series_snapshot(series),
        )
        return None
    return _occurrence(session, case=case, series=series, occ=occ, actor_id=SYSTEM_ACTOR, now=now)


def after_done(session: Session, *, task: Task, now: datetime) -> Task | None:
    """A finished occurrence brings the next one now (if it is the newest of its series)."""
    series = session.get(Series, task.series_id) if task.series_id else None
    if series is None or series.last_slot != task.slot:
        return None
    return advance(session, series=series, now=now)


def due_series(session: Session, *, now: datetime) -> list[Series]:
    """Active series of open cases whose next occurrence is due to be made."""
    query = (
        select(Series)
        .join(Case, col(Case.id) == Series.case_id)
        .where(Series.status == SeriesStatus.ACTIVE, col(Series.next_at) <= now)
        .where(Case.status == CaseStatus.OPEN)
        .order_by(col(Series.next_at), col(Series.id))
        .limit(BATCH)
    )
    return list(session.exec(query))


def next_due(session: Session) -> datetime | None:
    """When the clock next has a series to advance."""
    query = (
        select(Series.next_at)
        .join(Case, col(Case.id) == Series.case_id)
        .where(Series.status == SeriesStatus.ACTIVE, col(Series.next_at).is_not(None))
        .where(Case.status == CaseStatus.OPEN)
        .order_by(col(Series.next_at))
        .limit(1)
    )
    return session.exec(query).first()


def advance_due(session: Session, *, now: datetime) -> list[int]:
    """The clock's part: make the next occurrence of every series whose current one fell due."""
    made = [advance(session, series=series, now=now) for series in due_series(session, now=now)]
    return [task.id for task in made if task is not None and task.id is not None]


def words_of(session: Session, *, task: Task) -> RepeatInfo | None:
    """The task's series as its card shows it (None: the task does not repeat)."""
    found = session.get(Series, task.series_id) if task.series_id else None
    if found is None:
        return None
    note = None
    case = session.get(Case, found.case_id)
    if task.slot is not None and case is not None:
        spec = spec_in(session, series=found, case=case)
        occ = occurrence(spec, task.slot, due_time=found.day_due_time)
        if occ is not None and occ.note and _unmoved(task, occ):
            note = occ.note
    active = found.status == SeriesStatus.ACTIVE
    return RepeatInfo(words=words(found), active=active, status=str(found.status), note=note)


def _unmoved(task: Task, occ: Occurrence) -> bool:
    """The task is still due when its occurrence said (a date-only one: on that day)."""
    return occ.due == task.due_at if task.due_date is None else occ.day == task.due_date


def _newest(session: Session, series: Series) -> int | None:
    query = select(Task.id).where(Task.series_id == series.id).order_by(col(Task.id).desc())
    return session.exec(query.limit(1)).first()
