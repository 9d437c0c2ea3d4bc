"""A date phrase cut at a connective ("by Dec 7 or | Dec 8"): refused, never used in part.

The title splitter reads the longest tail of a command that is a date. When the words before that
tail end with "or", "and", "to", "between"... (or the tail starts with "and" and the reader let
it go), the date phrase was cut: what is left in the title is another date or half a phrase.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.services.errors import Invalid

# A title ending in one of these before the date read at its end: the date phrase was cut.
CONNECTIVES = frozenset(
    {"or", "and", "&", "and/or", "nor", "to", "through", "thru", "until", "till", "til",
     "between", "vs", "versus", "–", "—", "/"}
)  # fmt: skip
JOINS = frozenset({"or", "and", "&", "and/or", "nor", "vs", "versus", "/"})  # never start a date
# Between two dates in one phrase ("12/5 or 12/7", "Dec 7 / Dec 8"): the phrase names two.
SPLITS = JOINS | {"to", "through", "thru", "–", "—"}


def clip(text: str, size: int = 80) -> str:
    """Text to quote back, at most `size` characters, cut between words with "…" (never inside
    a date: "Jan 20" cut to "Jan 2" would quote a date no one typed)."""
    if len(text) <= size:
        return text
    cut = text[: size - 1]
    if text[size - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return f"{cut.rstrip(' ,;')}…"


class OneDate(Invalid):
    """The date phrase was cut at a connective ("by Dec 7 or Dec 8"): nothing is used.

    `keep`: the command's text with only the first date, to type instead ("" when none).
    """

    def __init__(self, message: str, keep: str = "") -> None:
        super().__init__(message)
        self.keep = keep


def cut_at(tail: str, title: str) -> tuple[str, str, str] | None:
    """(connective, the title before it, the date after it) when the phrase was cut there."""
    words, said = title.split(), tail.split()
    if said and said[0].lower() in JOINS:  # "and Dec 8" read as Dec 8: the word was dropped
        return said[0].lower(), title, " ".join(said[1:])
    last = words[-1].strip(",;").lower() if words else ""
    if last in CONNECTIVES:
        return last, " ".join(words[:-1]).rstrip(",;"), tail
    return None


def two_of(phrase: str, reads: Callable[[str], bool]) -> tuple[str, str] | None:
    """The two dates when `phrase` is two joined ("12/5 or 12/7"), else None.

    `reads`: whether a phrase is a date. A bare day after the connective takes the first
    date's month ("Dec 7 and 8" is Dec 7 and Dec 8).
    """
    words = phrase.split()
    for at in range(1, len(words) - 1):
        if words[at].strip(",").lower() not in SPLITS:
            continue
        left, right = " ".join(words[:at]).rstrip(","), words[at + 1 :]
        if not reads(left):
            continue
        if reads(" ".join(right)):
            return left, " ".join(right)
        if len(right) == 1 and right[0].rstrip(".,").isdigit() and at >= 2:
            lent = " ".join([*words[: at - 1], right[0].rstrip(".,")])
            if reads(lent):
                return left, lent
    return None


def two_dates(
    phrase: str,
    *,
    keep: str,
    nothing: str = "Nothing was created.",
    read: tuple[str, str] | None = None,
) -> OneDate:
    """The refusal of a phrase that names more than one date ("by Dec 7 or Dec 8"); `read`:
    the two dates as understood ("Mon Dec 7, 2026", "Tue Dec 8, 2026"), when both are dates."""
    named = f" ({read[0]} and {read[1]})" if read else ""
    return OneDate(
        f'I read "{clip(phrase)}" as more than one date{named}, but a task has only one due '
        f"date. Type it again with the one date it is due. {nothing}",
        keep=keep,
    )


def cut_phrase(tail: str, word: str, *, example: str, hint: str) -> OneDate:
    """The refusal of a date read after a dangling connective ("call Bob and | Dec 8")."""
    return OneDate(
        f'I read "{clip(tail, 60)}" at the end as the date, but the words before it end with '
        f'"{word}", so it may be only part of the date. Give one due date at the end, e.g. '
        f"`{example}`. Nothing was created. {hint}"
    )
