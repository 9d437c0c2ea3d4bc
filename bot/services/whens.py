"""Turning what a person typed into a title and a due moment, or a clear question or error.

The splitter never falls back: when the end of a command reads as a date or a court-rule phrase
but cannot be used whole (past, unclear, no trigger date, no title), it says what it read and
what is wrong, and nothing is created. It never uses a shorter part of the phrase instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time

from bot.dates.phrasing import split_range
from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When, Why
from bot.services.cut_dates import (
    SPLITS,
    OneDate,
    clip,
    cut_at,
    cut_phrase,
    two_dates,
    two_of,
)
from bot.services.errors import DomainError, Invalid
from bot.services.event_dates import event_date
from bot.services.title_numbers import (
    date_before,
    inside,
    numbers_before,
    second_date,
    two_before,
)

KEYWORD_RE = re.compile(
    r"\s+(?:due(?:\s+(?:by|on))?|by|on\s+or\s+before|on|before)\s+", re.IGNORECASE
)
TRAILING_KEYWORD_RE = re.compile(
    r"(?:\s+|^)(?:due(?:\s+(?:by|on))?|by|on\s+or\s+before|on|before|within|,|-)\s*$",
    re.IGNORECASE,
)
LEADING_KEYWORD_RE = re.compile(
    r"^(?:due(?:\s+(?:by|on))?|by|on\s+or\s+before|on|before)\s+", re.IGNORECASE
)
STRONG_KEYWORD_RE = re.compile(r"\s(?:due(?:\s+(?:by|on))?|by)\s+(?P<phrase>\S.*)$", re.I)
QUOTED_RE = re.compile(r'^\s*["“](?P<title>[^"”]+)["”]\s*(?P<rest>.*)$', re.DOTALL)
RULE_TAIL_RE = re.compile(
    r"\b(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|fourteen|twenty|thirty)\s+"
    r"(?:court |calendar |business |judicial |working )?(?:days?|weeks?|hours?|months?)\s+"
    r"(?:after|before|following|prior to|of\s+(?:the\s+)?(?:service|served|entry|filing|notice|"
    r"judgment|order|hearing|trial|motion|complaint))\b(?:\s+\S+){0,4}$",
    re.IGNORECASE,
)
UNITISH_RE = re.compile(r"^(?:[dwmyh]\w*|court|business|calendar|judicial|working)$", re.I)
EXPLICIT_RE = re.compile(r"^(?:due|by)\b", re.IGNORECASE)
OFFSET_WORD_RE = re.compile(r"^(?:after|following|from|since|prior\s+to|before)\b", re.IGNORECASE)
START_WORD_RE = re.compile(r"^(?:after|following|from|since)\b", re.IGNORECASE)
HEAD_AFTER_RE = re.compile(r"(?:^|\s)(?:after|following|from|since)$", re.I)
HEAD_BEFORE_RE = re.compile(r"(?:^|\s)(?:prior\s+to|before)$", re.I)
NUMBERISH_RE = re.compile(
    r"^(?:\S*\d\S*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    r"\w+ty-\w+|few|several|couple)$",
    re.IGNORECASE,
)
TAIL_WORDS = 16  # the longest date phrase looked for at the end of a command, in words
DATE_EXAMPLE = '"next Friday 5pm", "eod tomorrow", "12/18" or "in 3 business days"'
TASK_EXAMPLE = "/task draft motion to compel by next Friday 5pm"
DEADLINE_EXAMPLE = "/deadline Answer 21 days after service on Dec 1"


class NoDate(Invalid):
    """Nothing in the phrase reads as a date."""


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


def _parse(text: str, reading: Reading, allow_past: bool = False) -> When | Ask | Unclear:
    return parse_when(
        text,
        now=reading.now,
        tz=reading.tz,
        court=reading.court,
        default_due_time=reading.default_due_time,
        allow_past=allow_past,
    )


def resolve(text: str, reading: Reading, *, allow_past: bool = False) -> When:
    """The due moment for text, or Invalid / Ambiguous with words fit for the user."""
    result = _parse(text, reading, allow_past)
    if isinstance(result, When):
        return result
    if isinstance(result, Ask):
        raise Ambiguous(result.question, result.options)
    raise (NoDate if result.reason == Why.NO_DATE else Invalid)(result.error)


def read_due(text: str, reading: Reading, *, nothing: str = "Nothing was created.") -> When:
    """A due phrase typed alone ("on or before Dec 26"), read as a command's tail is: its leading
    keyword dropped, two dates joined ("12/5 or 12/7") refused with OneDate (`nothing`: what
    it says was not done)."""
    phrase = LEADING_KEYWORD_RE.sub("", text.strip(), count=1).strip()
    try:
        return resolve(phrase, reading)
    except Invalid as error:
        both = two_of(phrase, lambda part: _reads(part, reading))
        if both is None:
            raise error from None
        read = _echoes(both, reading)
        raise two_dates(text.strip(), keep=both[0], nothing=nothing, read=read) from None


def _echoes(both: tuple[str, str], reading: Reading) -> tuple[str, str] | None:
    """Two date phrases as understood ("Mon Dec 7, 2026"), when each reads as one date."""
    got = [_parse(LEADING_KEYWORD_RE.sub("", one.strip(), count=1), reading) for one in both]
    first, second = got
    if isinstance(first, When) and isinstance(second, When):
        return first.echo, second.echo
    return None


def _reads(phrase: str, reading: Reading) -> bool:
    """Whether the phrase (a leading keyword dropped) is a date, usable or not."""
    return not unread(_parse(LEADING_KEYWORD_RE.sub("", phrase.strip(), count=1), reading))


def _reader(reading: Reading) -> Callable[[str], bool]:
    return lambda phrase: _reads(phrase, reading)


def _echo(phrase: str, reading: Reading) -> str:
    """A phrase's day(s) as understood ("Mon Dec 7, 2026", "... or ..."), or "" when none."""
    got = _parse(LEADING_KEYWORD_RE.sub("", phrase.strip(), count=1), reading)
    days = (got,) if isinstance(got, When) else got.options if isinstance(got, Ask) else ()
    return " or ".join(day.echo for day in days)


def unread(result: When | Ask | Unclear) -> bool:
    """True when the text was not a date at all (as opposed to a date that cannot be used)."""
    return isinstance(result, Unclear) and result.reason == Why.NO_DATE


def _title_of(head: str) -> str:
    return TRAILING_KEYWORD_RE.sub("", head).strip()


def _quote_hint(text: str, example: str) -> str:
    command = example.split()[0]
    return f'If it is part of the title, put the title in quotes: `{command} "{text.strip()}"`.'


def _no_title(phrase: str, got: When | Ask, example: str) -> Invalid:
    read = f"as {got.echo}" if isinstance(got, When) else "as a date"
    return Invalid(
        f'I read "{clip(phrase)}" {read}, but there is no title before it. Put the title first '
        f"and the date last, e.g. `{example}`. Nothing was created."
    )


def _refuse(phrase: str, error: str, text: str, example: str) -> Invalid:
    return Invalid(
        f'I read "{clip(phrase)}" at the end as a date, but I can\'t use it: {error} '
        f"Nothing was created. {_quote_hint(text, example)}"
    )


def _period_words(title: str) -> str:
    """The end of a title that looks like an unread period ("21 dys", "twenty-one days"), or ""."""
    words = title.split()
    for size in (2, 3):
        if len(words) >= size and NUMBERISH_RE.match(words[-size]) and UNITISH_RE.match(words[-1]):
            return " ".join(words[-size:])
    return ""


def _offset_leftover(head: str, phrase: str, title: str, example: str) -> Invalid | None:
    """Refuse "21 dys after Dec 1" or "after Dec 1": only the trigger date was read."""
    period = _period_words(title)
    head = head.strip()
    after = START_WORD_RE.match(phrase) or HEAD_AFTER_RE.search(head)
    head_word = HEAD_AFTER_RE.search(head) or (HEAD_BEFORE_RE.search(head) if period else None)
    if after or (period and (OFFSET_WORD_RE.match(phrase) or head_word)):
        whole = f"{period} {head_word.group(0).strip() if head_word else ''} {phrase}"
        whole = " ".join(whole.split())
        what = (
            f'not the period "{period}" before it'
            if period
            else "there is no period before it (a due date is a day to finish by, not a day to "
            "start after)"
        )
        return Invalid(
            f'I could not read "{clip(whole)}" as a due date: I can read the date at its end, but '
            f"{what}. Write the period in digits with a unit, e.g. `{example}`, or give the due "
            "date itself. Nothing was created."
        )
    return None


def _first_date(text: str, reading: Reading) -> str | None:
    """The longest tail of text that reads as a date with a title before it, or None."""
    words = text.split()
    for start in range(max(1, len(words) - TAIL_WORDS), len(words)):
        got = _parse(" ".join(words[start:]), reading)
        if not isinstance(got, Unclear) and _title_of(" ".join(words[:start])):
            return " ".join(words[start:])
    return None


def _cut(tail: str, title: str, reading: Reading, text: str, example: str) -> OneDate | None:
    """Refuse a date phrase cut at a connective: "by Dec 7 or | Dec 8", "Fri and | Mon"."""
    found = cut_at(tail, title)
    if found is None:
        return None
    word, before, tail = found
    first = _first_date(before, reading)
    if first is not None:
        read = _echoes((first, tail), reading)
        return two_dates(f"{first} {word} {tail}", keep=before, read=read)
    return cut_phrase(tail, word, example=example, hint=_quote_hint(text, example))


def _shortest(words: list[str], start: int, error: str, reading: Reading) -> str:
    """The shortest tail from `start` on that still fails the same way: what to quote back."""
    for later in range(len(words) - 1, start, -1):
        got = _parse(" ".join(words[later:]), reading)
        if isinstance(got, Unclear) and got.error == error:
            return " ".join(words[later:])
    return " ".join(words[start:])


def _scan(text: str, reading: Reading, example: str) -> tuple[str, When] | None:
    """The longest tail of text that reads as a date, used whole; None when no tail is a date."""
    words = text.split()
    runs = numbers_before(words, _reader(reading))  # "rogs 1-12 | by Dec 10"
    for start in range(max(0, len(words) - TAIL_WORDS), len(words)):
        if (run := inside(runs, start)) is not None:  # the title's numbers, or a second date
            second = second_date(words, run, _reader(reading), lambda p: _echo(p, reading))
            if start == run.start and second is not None:
                raise second
            continue
        phrase = " ".join(words[start:])
        got = _parse(phrase, reading)
        if unread(got):
            continue
        title = _title_of(" ".join(words[:start]))
        if isinstance(got, Unclear):
            raise _refuse(_shortest(words, start, got.error, reading), got.error, text, example)
        if not title:
            raise _no_title(phrase, got, example)
        before = date_before(words, start, runs, lambda p: bool(_echo(p, reading)))
        if before is not None:  # "brief the 7th | by Dec 10": two dates
            raise two_before(words, before, start, lambda p: _echo(p, reading))
        cut = _cut(phrase, title, reading, text, example)
        if cut is not None:
            raise cut
        ranged = isinstance(got, Ask) and split_range(phrase.lower()) is not None  # "from X to Y"
        leftover = (
            None if ranged else _offset_leftover(" ".join(words[:start]), phrase, title, example)
        )
        if leftover is not None:
            raise leftover
        rule = RULE_TAIL_RE.search(title)
        if rule and not EXPLICIT_RE.match(phrase):  # "30 days of service | on Dec 1"
            whole = f"{rule.group(0)} {phrase}"
            raise _refuse(
                whole,
                f'I can only read its end, "{clip(phrase, 60)}", and will not guess the rest. '
                'Write the rule as "N days after EVENT on DATE", e.g. "21 days after service on '
                'Dec 1".',
                text,
                example,
            )
        head = " ".join(words[:start])
        if (event := event_date(head, phrase, example, _quote_hint(text, example))) is not None:
            raise event  # "depo prep the week before trial | on 2/1"
        if isinstance(got, Ask):
            hint = "" if got.options else f" {_quote_hint(text, example)}"
            raise Ambiguous(got.question + hint, got.options, title)
        return title, got
    return None


def _quoted(text: str, reading: Reading, example: str) -> tuple[str, When | None] | None:
    quoted = QUOTED_RE.match(text)
    if not quoted:
        return None
    rest = KEYWORD_RE.sub("", " " + quoted.group("rest"), count=1).strip()
    title = quoted.group("title").strip()
    if not rest:
        return title, None
    got = _parse(rest, reading)
    if isinstance(got, When):
        return title, got
    if isinstance(got, Ask):
        raise Ambiguous(got.question, got.options, title)
    raise Invalid(f'I read "{clip(rest)}" after the title as the date, but: {got.error}')


def _joined_at_end(text: str, reading: Reading) -> OneDate | None:
    """Refuse a title ending in two dates the scan cannot read as one ("brief Dec 7 or 8")."""
    words = text.split()
    if len(words) < 4 or not words[-1].rstrip(".,").isdigit() or words[-2].lower() not in SPLITS:
        return None  # only a bare day after a connective; any other date at the end was scanned
    for start in range(len(words) - 3, max(0, len(words) - TAIL_WORDS) - 1, -1):
        phrase = " ".join(words[start:])
        both = two_of(phrase, lambda part: _reads(part, reading))
        title = _title_of(" ".join(words[:start]))
        if both is not None and title:
            read = _echoes(both, reading)
            return two_dates(phrase, keep=f"{title} by {both[0]}", read=read)
    return None


def split_title_when(text: str, reading: Reading) -> tuple[str, When | None]:
    """Split 'draft motion by next Friday 5pm' into title and due moment (None: undated)."""
    quoted = _quoted(text, reading, TASK_EXAMPLE)
    if quoted is not None:
        return quoted
    found = _scan(text, reading, TASK_EXAMPLE)
    if found is not None:
        return found
    joined = _joined_at_end(text, reading) if STRONG_KEYWORD_RE.search(text) is None else None
    if joined is not None:
        raise joined
    strong = STRONG_KEYWORD_RE.search(text)
    if strong is not None:  # "by <something unreadable>": meant as a date, so do not guess
        phrase = strong.group("phrase").strip()
        both = two_of(phrase, lambda part: _reads(part, reading))
        if both is not None:  # "by Dec 7 and 8"
            keep = f"{text[: strong.start('phrase')].strip()} {both[0]}"
            raise two_dates(strong.group(0).strip(), keep=keep, read=_echoes(both, reading))
        raise Invalid(
            f'I could not read "{clip(phrase)}" as a date. Try {DATE_EXAMPLE}. Nothing was '
            f"created. {_quote_hint(text, TASK_EXAMPLE)}"
        )
    return text.strip(), None


def split_deadline(text: str, reading: Reading) -> tuple[str, When]:
    """Split 'Opposition 9 court days before the 12/7 hearing' into title and due moment."""
    quoted = _quoted(text, reading, DEADLINE_EXAMPLE)
    if quoted is not None:
        title, when = quoted
        if when is None:
            raise Invalid(
                f"When is it due? Add the date after the title, e.g. `{DEADLINE_EXAMPLE}`."
            )
        return title, when
    found = _scan(text, reading, DEADLINE_EXAMPLE)
    if found is not None:
        return found
    raise Invalid(
        "I couldn't find the due date in that. Put the title first and the date last, e.g. "
        "`/deadline Opposition 9 court days before the 12/7 hearing`. Nothing was created."
    )
