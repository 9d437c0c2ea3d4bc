"""Turning what a person typed into a due moment, or a clear question or error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time

from bot.dates.reader import Ask, Unclear, When, Why, parse_when
from bot.services.errors import DomainError, Invalid

KEYWORD_RE = re.compile(r"\s+(?:due(?:\s+(?:by|on))?|by|on|before)\s+", re.IGNORECASE)
QUOTED_RE = re.compile(r'^\s*["“](?P<title>[^"”]+)["”]\s*(?P<rest>.*)$', re.DOTALL)
DATE_EXAMPLE = '"next Friday 5pm", "eod tomorrow", "12/18" or "in 3 business days"'


class NoDate(Invalid):
    """Nothing in the phrase reads as a date (a splitter may try a shorter phrase)."""


class Ambiguous(DomainError):
    """The date could mean more than one thing: ask, offering the readings."""

    def __init__(self, question: str, options: tuple[When, ...], title: str = "") -> None:
        super().__init__(question)
        self.options = options
        self.title = title


@dataclass(frozen=True)
class Reading:
    """How to read dates for one person: their zone, now, the case's court, the default time."""

    now: datetime
    tz: str
    court: str = "US-FED"
    default_due_time: time = time(17, 0)


def resolve(text: str, reading: Reading, *, allow_past: bool = False) -> When:
    """The due moment for text, or Invalid / Ambiguous with words fit for the user."""
    result = parse_when(
        text,
        now=reading.now,
        tz=reading.tz,
        court=reading.court,
        default_due_time=reading.default_due_time,
        allow_past=allow_past,
    )
    if isinstance(result, When):
        return result
    if isinstance(result, Ask):
        raise Ambiguous(result.question, result.options)
    assert isinstance(result, Unclear)
    raise (NoDate if result.reason == Why.NO_DATE else Invalid)(result.error)


def _titled(title: str, phrase: str, reading: Reading) -> When:
    try:
        return resolve(phrase, reading)
    except Ambiguous as ask:
        raise Ambiguous(str(ask), ask.options, title) from None


def split_title_when(text: str, reading: Reading) -> tuple[str, When | None]:
    """Split 'draft motion by next Friday 5pm' into title and due moment (None: undated)."""
    quoted = QUOTED_RE.match(text)
    if quoted:
        rest = KEYWORD_RE.sub("", " " + quoted.group("rest"), count=1).strip()
        title = quoted.group("title").strip()
        return title, _titled(title, rest, reading) if rest else None
    matches = list(KEYWORD_RE.finditer(text))
    first_error: DomainError | None = None
    for match in reversed(matches):
        title, phrase = text[: match.start()].strip(), text[match.end() :].strip()
        if not title or not phrase:
            continue
        try:
            return title, _titled(title, phrase, reading)
        except Ambiguous:
            raise
        except Invalid as error:
            first_error = first_error or error
            keyword = match.group(0).strip().lower()
            if keyword in ("on", "before"):
                continue  # "comment on brief" is a title, not a date
            raise Invalid(
                f'{error} If "{phrase[:60]}" is part of the title, put the title in quotes: '
                f'`/task "{text[:60]}"`.'
            ) from None
    return text.strip(), None


def split_deadline(text: str, reading: Reading) -> tuple[str, When]:
    """Split 'Opposition 9 court days before the 12/7 hearing' into title and due moment."""
    quoted = QUOTED_RE.match(text)
    if quoted:
        rest = KEYWORD_RE.sub("", " " + quoted.group("rest"), count=1).strip()
        if not rest:
            raise Invalid("When is it due? Add the date after the title.")
        title = quoted.group("title").strip()
        return title, _titled(title, rest, reading)
    words = text.split()
    question: Ambiguous | None = None
    telling: Invalid | None = None
    for start in range(1, len(words)):
        phrase = " ".join(words[start:])
        head = " ".join(words[:start])
        try:
            when = resolve(phrase, reading)
        except Ambiguous as ask:
            title = KEYWORD_RE.sub(" ", head + " ").strip() or head
            question = question or Ambiguous(str(ask), ask.options, title)
            continue
        except NoDate:
            continue
        except Invalid as error:
            if telling is None:
                telling = error  # e.g. "that date has passed": say so, not "no date found"
            continue
        return KEYWORD_RE.sub(" ", head + " ").strip() or head, when
    if question is not None:
        raise question
    if telling is not None:
        raise telling
    raise Invalid(
        "I couldn't find the due date in that. Put the title first and the date last, e.g. "
        "`/deadline Opposition 9 court days before the 12/7 hearing`."
    )
