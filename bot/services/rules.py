"""Reading a repeat out of what a person typed ('check the docket every Monday')."""

from __future__ import annotations

from bot.dates.readings import Unclear
from bot.dates.recurrence import Rule, RuleAsk, find_rule, read_rule
from bot.services.errors import DomainError, Invalid
from bot.services.whens import Reading

REPEAT_EXAMPLE = "/task @bob send the client a status update every other Friday 3pm"


class RepeatQuestion(DomainError):
    """The repeat could be read two ways: the message asks which, with phrases that work."""

    def __init__(
        self, question: str, *, title: str = "", choices: tuple[tuple[str, str], ...] = ()
    ) -> None:
        super().__init__(question)
        self.title = title
        self.choices = choices  # (label, the whole repeat): buttons that answer it


def _checked(result: Rule | RuleAsk | Unclear, title: str = "") -> Rule:
    if isinstance(result, RuleAsk):
        raise RepeatQuestion(result.question, title=title, choices=result.choices)
    if isinstance(result, Unclear):
        raise Invalid(f"{result.error} Nothing was created.")
    return result


def split_repeat(
    text: str, reading: Reading, *, court_zone: str | None = None
) -> tuple[str, Rule] | None:
    """The title and the repeat of 'TITLE every …' (None: the text says no repeat).

    `court_zone`: a court deadline's repeat, each occurrence on a closed day moved as a one-off
    deadline would be (the Rule names those moved).
    """
    found = find_rule(
        text,
        now=reading.now,
        tz=reading.tz,
        court=reading.court,
        due_time=reading.default_due_time,
        court_zone=court_zone,
    )
    if found is None:
        return None
    title, result = found
    return title, _checked(result, title)


def with_repeat(title: str, repeat: str) -> str:
    """The text of a task whose repeat was chosen: the title kept as it is, then the repeat."""
    if '"' in title or "“" in title or "”" in title:
        return f"{title} {repeat}"
    return f'"{title}" {repeat}'


def repeat_from(text: str, reading: Reading, *, counted_from_today: bool = False) -> Rule:
    """A repeat said alone ('every 2 weeks'); counted_from_today: the first is a period on."""
    phrase = text
    if counted_from_today and not any(w in text.lower().split() for w in ("from", "starting")):
        phrase = f"{text} from today"
    return _checked(
        read_rule(
            phrase,
            now=reading.now,
            tz=reading.tz,
            court=reading.court,
            default_due_time=reading.default_due_time,
        )
    )
