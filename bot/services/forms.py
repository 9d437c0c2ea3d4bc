"""Forms (modals): read each field, say which field is wrong, and save only a valid whole."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from sqlmodel import Session, col, select

from bot.dates.readings import When, echo_typed
from bot.models import Case
from bot.services import closed_days, tasks
from bot.services.errors import DomainError, FieldInvalid, Forbidden, Invalid
from bot.services.whens import KEYWORD_RE, Ambiguous, Reading, split_title_when
from bot.services.zones import court_zone
from bot.vocab import TaskKind

NOTES_MAX = 3000
POLITE_RE = re.compile(r"^(?:(?:can|could|would|will) you(?: please)?|please)[\s,]+", re.I)
RULE_MAX = 999
CLOSED_ECHO = "Adding it asks whether to keep that day or use the next court day."
CHOICES = ("keep", "next")  # a closed day's two answers: keep the day typed, next court day


@dataclass(frozen=True)
class Rule:
    """A court-rule count: N calendar or court days before or after a trigger date."""

    count: int | None
    unit: str  # "calendar" or "court"
    direction: str  # "before" or "after"
    trigger: date | None
    event: str = "service"
    mail: bool = False


class ClosedDay(FieldInvalid):
    """A court deadline due on a day the court is closed: keep that day, or the next court day?

    `choices` pairs the word a form sends back for each answer with the reading it saves; the
    words name the due asked about, so an answer given for another date is asked again.
    """

    def __init__(self, ask: closed_days.ClosedOn, *, asked: When) -> None:
        super().__init__("due", str(ask))
        self.asked = asked
        self.shown = ask.shown  # the due as typed, with the court's time when it differs
        self.stamp = f"{asked.due:%Y%m%dT%H%MZ}{'d' if asked.all_day else 't'}"
        self.choices = tuple(
            (f"{word}_{self.stamp}", option)
            for word, option in zip(CHOICES, ask.options, strict=True)
        )


def cases_of(session: Session, *, channels: set[str]) -> list[Case]:
    """The open cases of these channels (the user's cases), by name."""
    if not channels:
        return []
    query = select(Case).where(col(Case.channel_id).in_(sorted(channels)), Case.status == "open")
    return sorted(session.exec(query), key=lambda c: c.name.lower())


def picked_text(day: str | None, at: str | None) -> str | None:
    """A date and time picked in a form ('2026-12-08', '17:00') as a phrase the reader takes."""
    if not day:
        return None
    picked = date.fromisoformat(day)
    text = f"{picked.month}/{picked.day}/{picked.year}"
    if at:
        clock = time.fromisoformat(at)
        text += f" {clock.hour % 12 or 12}:{clock.minute:02d}{'am' if clock.hour < 12 else 'pm'}"
    return text


def read_due(
    session: Session, *, channel_id: str, text: str | None, reading: Reading, field: str = "due"
) -> When | None:
    """The due moment typed in a form's field (None when left empty), or FieldInvalid."""
    if not text or not text.strip():
        return None
    try:
        return tasks.resolve_due(session, channel_id=channel_id, text=text.strip(), reading=reading)
    except Ambiguous as ask:
        options = " or ".join(f"“{o.echo}”" for o in ask.options[:3])
        more = f" It could be {options}; type it in full." if options else ""
        raise FieldInvalid(field, f"{ask}{more}") from None
    except DomainError as error:
        raise FieldInvalid(field, str(error)) from None


def rule_text(rule: Rule) -> str:
    """The rule as the court-phrase reader takes it: '21 court days after service on 12/1/2026'."""
    if rule.count is None or not 0 < rule.count <= RULE_MAX:
        raise FieldInvalid("count", f"Count 1 to {RULE_MAX} days, e.g. 21.")
    if rule.trigger is None:
        raise FieldInvalid("trigger", "Pick the date of the trigger event (service, hearing…).")
    event = " ".join(rule.event.split())[:60] or "service"
    day = f"{rule.trigger.month}/{rule.trigger.day}/{rule.trigger.year}"
    mail = " by mail" if rule.mail else ""
    return f"{rule.count} {rule.unit} days {rule.direction} {event} on {day}{mail}"


def add_task(
    session: Session,
    *,
    channel_id: str,
    actor_id: str,
    title: str,
    assignees: list[str],
    members: set[str],
    reading: Reading,
    kind: TaskKind,
    due_text: str | None,
    notes: str | None = None,
    source_url: str | None = None,
    request_key: str | None = None,
    choice: str | None = None,
) -> tasks.Added:
    """Add a task from a form: every field checked, nothing saved unless all are valid.

    A court deadline due on a closed day is saved only with `choice`, the form's answer to
    ClosedDay for that same due (keep it, or the next court day).
    """
    if not title.strip():
        raise FieldInvalid("title", "What needs doing? e.g. “Pull the deposition transcripts”.")
    if len(title) > tasks.TITLE_MAX:
        raise FieldInvalid("title", f"Keep the title under {tasks.TITLE_MAX} characters.")
    if notes and len(notes) > NOTES_MAX:
        raise FieldInvalid("notes", f"Keep the notes under {NOTES_MAX} characters.")
    if actor_id not in members:
        raise FieldInvalid("case", "You're not in this case's channel, so you can't add to it.")
    due = read_due(session, channel_id=channel_id, text=due_text, reading=reading)
    if kind == "deadline" and due is None:
        raise FieldInvalid("due", "A court deadline needs a due date, e.g. “12/18/2026”.")
    if kind == TaskKind.DEADLINE and due is not None:
        due = closed_day_choice(
            session, channel_id=channel_id, due=due, title=title, reading=reading, choice=choice
        )
    try:
        return tasks.add(
            session,
            channel_id=channel_id,
            actor_id=actor_id,
            text=title,
            assignees=assignees,
            members=members,
            reading=reading,
            kind=kind,
            due=due,
            request_key=request_key,
            notes=notes,
            source_url=source_url,
            read_title=False,
        )
    except Forbidden as error:
        raise FieldInvalid("assignees", str(error)) from None
    except Invalid as error:
        if isinstance(error, FieldInvalid):
            raise
        raise FieldInvalid("title", str(error)) from None


def closed_day_choice(
    session: Session,
    *,
    channel_id: str,
    due: When,
    title: str,
    reading: Reading,
    choice: str | None,
) -> When:
    """The deadline's due as chosen when the court is closed then (else as read), or ClosedDay."""
    case = tasks.open_case(session, channel_id=channel_id)
    try:
        closed_days.ask_if_closed(
            due,
            title=title.strip(),
            court=case.jurisdiction,
            typed_in=reading.tz,
            court_zone=court_zone(session, case=case),
        )
    except closed_days.ClosedOn as ask:
        question = ClosedDay(ask, asked=due)
        chosen = dict(question.choices).get(choice or "")
        if chosen is None:
            raise question from None
        return chosen
    return due


def due_echo(
    session: Session,
    *,
    channel_id: str | None,
    text: str,
    reading: Reading,
    kind: TaskKind = TaskKind.TASK,
) -> str:
    """How a typed due phrase reads, for the line under the field (never raises DomainError).

    A court deadline on a day the court is closed says so (saving it asks which day).
    """
    if not text.strip():
        return "No due date."
    if channel_id:
        try:
            when = read_due(session, channel_id=channel_id, text=text, reading=reading)
        except FieldInvalid as error:
            return f":warning: {error}"
    else:
        return "Choose the case first: its court's calendar is used to read dates."
    assert when is not None
    said = f"Due *{echo_typed(when, tz=reading.tz)}*"
    if kind == TaskKind.DEADLINE:
        try:
            closed_day_choice(
                session, channel_id=channel_id, due=when, title="it", reading=reading, choice=None
            )
        except ClosedDay as closed:
            return f":warning: Due *{closed.shown}*: the court is closed that day. {CLOSED_ECHO}"
        except DomainError:  # e.g. the case was closed meanwhile: saving says so
            return said
    return said


@dataclass(frozen=True)
class Draft:
    """A task read from a message: title (first line), due phrase and how it reads, kind."""

    title: str
    due_text: str = ""
    due_echo: str = ""
    kind: str = "task"
    notes: str = ""


def draft_from(session: Session, *, channel_id: str, text: str, reading: Reading) -> Draft:
    """Read a message's first line as 'TITLE [by WHEN]' for a form the user then checks."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()] or [""]
    line, notes = lines[0], "\n".join(lines[1:])[:NOTES_MAX]
    line = POLITE_RE.sub("", line[: tasks.TITLE_MAX]).rstrip("?").strip()
    case = tasks.open_case(session, channel_id=channel_id)
    court = Reading(reading.now, reading.tz, case.jurisdiction, reading.default_due_time)
    try:
        title, when = split_title_when(line, court)
    except DomainError:
        return Draft(title=line, notes=notes)
    if when is None or not title:
        return Draft(title=line, notes=notes)
    phrase = KEYWORD_RE.sub("", " " + line[len(title) :].strip(' "”'), count=1).strip()
    kind = "deadline" if when.worksheet else "task"
    shown = f"Due *{echo_typed(when, tz=reading.tz)}* (read from the message)"
    return Draft(
        title=title.rstrip(" ,;:-"), due_text=phrase, due_echo=shown, kind=kind, notes=notes
    )
