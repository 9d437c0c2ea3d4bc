"""Moving a task in time: its due (a court's closed day asks first) or only its reminder."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.dates.readings import When
from bot.models import Case, Task
from bot.services import alerts, closed_days, dues, notify
from bot.services.changes import Changed, apply_change, must_be_open
from bot.services.errors import Conflict, Invalid
from bot.services.tasks import resolve_due
from bot.services.whens import Ambiguous, Reading
from bot.services.zones import court_zone
from bot.vocab import AuditAction, TaskKind


class DueQuestion(Ambiguous):
    """A court deadline moved to a day the court is closed: keep it or the next court day?

    `number` and `was` (its due as read when asked) go with the choice, which changes the
    deadline only if its due is still `was`.
    """

    def __init__(self, ask: Ambiguous, *, number: int, was: datetime | None) -> None:
        super().__init__(str(ask), ask.options, ask.title)
        self.number = number
        self.was = was


def reschedule(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    text: str,
    reading: Reading,
    request_key: str | None = None,
    due: When | None = None,
    was: datetime | None = None,
) -> Changed:
    """Move a task's due moment to what `text` says (its snooze is cleared).

    A date that could mean two days ("5/12") is not moved either: DueQuestion offers its
    readings. A court deadline typed onto a day the court is closed, or with such a reading
    picked, is not moved: DueQuestion asks keep or next court day. The choice comes back as `due`,
    made only if the due is still `was`, as it was when asked.
    """
    which: Ambiguous | None = None
    try:
        when = due or resolve_due(
            session, channel_id=channel_id, text=text, reading=reading, nothing="Nothing changed."
        )
    except Ambiguous as ask:
        if not ask.options:
            raise
        when, which = ask.options[0], ask
    now = reading.now

    def mutate(case: Case, task: Task) -> None:
        must_be_open(session, task, now)
        if which is not None:  # "5/12": which reading? The buttons move it (or ask on)
            ask = Ambiguous(f"{which} Nothing changes until you choose.", which.options)
            raise DueQuestion(ask, number=task.number, was=task.due_at)
        if due is not None and task.due_at != was:
            raise Conflict(
                f"#{task.number}'s due date changed after you were asked, so your choice no "
                f"longer applies. Nothing changed: `/task show {task.number}` shows it now, "
                f"`/task due {task.number} DATE` moves it."
            )
        if task.kind == TaskKind.DEADLINE:  # typed or picked; a day chosen carries its worksheet
            try:
                closed_days.ask_if_closed(
                    when,
                    title=task.title,
                    court=case.jurisdiction,
                    typed_in=reading.tz,
                    court_zone=court_zone(session, case=case),
                    number=task.number,
                )
            except Ambiguous as ask:
                raise DueQuestion(ask, number=task.number, was=task.due_at) from None
        dues.set_due(session, case=case, task=task, when=when, typed_in=reading.tz)
        task.remind_at, task.snoozed_offset = None, None

    return apply_change(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=AuditAction.TASK_DUE,
        mutate=mutate,
        request_key=request_key,
    )


def typed(when: When, *, tz: str) -> str:
    """A reading as a person would type it back, whole: 'May 12, 2027' or 'Dec 5, 2026 9:30am'."""
    local = when.due.astimezone(ZoneInfo(tz))
    day = f"{local:%b} {local.day}, {local.year}"
    if when.all_day:
        return day
    return f"{day} {local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def snooze(
    session: Session,
    *,
    channel_id: str,
    number: int,
    actor_id: str,
    text: str | None,
    reading: Reading,
    request_key: str | None = None,
) -> Changed:
    """Move only the reminder (to `text`, or a day on); a court deadline's cannot pass its due."""
    now = reading.now
    if text:
        try:
            until = resolve_due(
                session,
                channel_id=channel_id,
                text=text,
                reading=reading,
                nothing="Nothing changed.",
            ).due
        except Ambiguous as ask:  # "5/12": the command for each reading, each one that works
            if not ask.options:
                raise
            each = " or ".join(
                f"`/task snooze {number} {typed(o, tz=reading.tz)}`" for o in ask.options
            )
            raise Invalid(f"{ask} Nothing changed. Type the one you mean: {each}.") from None
    else:
        until = now + timedelta(days=1)

    def mutate(case: Case, task: Task) -> None:
        must_be_open(session, task, now)
        if until <= now:
            raise Invalid(
                "Snooze needs a time in the future, e.g. "
                f"`/task snooze {task.number} tomorrow 9am`. Nothing changed."
            )
        if task.due_at is not None and until >= task.due_at:
            what = "a court deadline" if task.kind == TaskKind.DEADLINE else "due before then"
            raise Invalid(
                f"#{task.number} is {what}: its reminder can't move past the due moment. Snooze "
                f"to an earlier time, e.g. `/task snooze {task.number} in 2 hours`, or move the "
                f"due date with `/task due {task.number} DATE`. Nothing changed."
            )
        upcoming = alerts.next_alert(session, case=case, task=task, now=now)
        moved = upcoming is not None and upcoming.due_at < until
        task.snoozed_offset = str(upcoming.payload["offset"]) if moved and upcoming else None
        task.remind_at = until

    return apply_change(
        session,
        channel_id=channel_id,
        number=number,
        actor_id=actor_id,
        now=now,
        action=AuditAction.TASK_SNOOZE,
        mutate=mutate,
        request_key=request_key,
        after=lambda c, t, b: notify.task_snoozed(session, case=c, task=t, now=now),
    )
