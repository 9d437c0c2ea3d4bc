"""Ways of saying a date that the grammar reads in another order, words that are not dates, ranges.

`rephrase` rewrites a normalised phrase to the form the grammar reads ("end of tomorrow" ->
"tomorrow eod", "3pm ct tomorrow" -> "3pm tomorrow ct", "next week on thu" -> "thu next week");
`not_a_date` answers words that look like dates but name none ("asap", "tbd"); `split_range`
finds "X - Y" / "from X to Y" so that a range is asked about, never cut to one end silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time, timedelta

from bot.dates.calendar import YEARS_WINDOW
from bot.dates.parts import MON, WD, ZONES, Choice, Fail, Moment, extract_time, strip_filler

_ZW = "|".join(sorted((z for z in ZONES if z != "z"), key=len, reverse=True))
_PERIOD = (
    r"(?:(?:the|this|next|current|coming|following|last|past|previous)\s+)?"
    rf"(?:week|month|quarter|qtr|year|w|m|q|y|{MON}|\d{{4}})\b"
)
_REWRITES: list[tuple[re.Pattern[str], str]] = [
    # "end of tomorrow", "end of the day on friday", "close of business on the 3rd"
    (
        re.compile(
            rf"^(?:the\s+)?end\s+of\s+(?!(?:the\s+)?(?:{_PERIOD}|(?:business\s+)?day$))"
            r"(?:the\s+)?(?:business\s+)?(?:day\s+)?(?:on\s+)?(?P<d>.+)$"
        ),
        r"\g<d> eod",
    ),
    # "3pm ct tomorrow", "noon pacific on friday", "5 pm et 12/4", "9am london time monday"
    (
        re.compile(
            rf"^(?P<t>.*?(?:\d|[ap]\.?m\.?|noon|midnight|eod|cob))\s+(?P<z>{_ZW})"
            r"(?:\s+time)?\s+(?P<rest>(?!time$)\S.*)$"
        ),
        r"\g<t> \g<rest> \g<z>",
    ),
    # "morning of the 15th", "evening of christmas": the part of the day after the day
    (
        re.compile(
            r"^(?:the\s+)?(?P<p>morning|afternoon|evening|night)\s+of\s+(?:the\s+)?(?P<d>.+)$"
        ),
        r"\g<d> \g<p>",
    ),  # fmt: skip
    # "next week on thu", "next week thursday"
    (
        re.compile(rf"^(?P<w>next|this) week,?\s+(?:on\s+)?(?:the\s+)?(?P<d>{WD})\.?$"),
        r"\g<d> \g<w> week",
    ),
    # "the tuesday after next", "the following monday", "the coming friday"
    (re.compile(rf"^the\s+(?P<d>{WD})\s+after\s+next$"), r"\g<d> after next"),
    (re.compile(rf"^(?:the\s+)?following\s+(?P<d>{WD})$"), r"next \g<d>"),
    (re.compile(rf"^the\s+(?P<m>next|coming|upcoming)\s+(?P<d>{WD})$"), r"\g<m> \g<d>"),
]
_NOT_A_DATE = re.compile(
    r"^(?:asap|a\.s\.a\.p|as soon as (?:possible|you can|we can)|soon|soonish|sooner|"
    r"immediately|right away|urgent|urgently|tbd|tba|tbc|to be (?:determined|decided|confirmed)|"
    r"n/?a|none|no date|whenever|eventually|sometime|some time|someday|later|at some point|"
    r"no rush|when(?:ever)? (?:possible|you can|convenient)|pending|unknown|\?+)$"
)
_STRONG = re.compile(
    r"^(?:from\s+|between\s+)?(?P<a>.+?)\s*(?:\s-\s|\u2013|\s+(?:to|through|thru|until|till)\s+|"
    r"(?<=\S)\s+and\s+(?=\S))(?P<b>.+)$"
)
_SLASHED = re.compile(
    r"^(?P<a>\d{1,2}/\d{1,2}(?:/\d{2,4})?)\s*[-\u2013]\s*(?P<b>\d{1,2}/\d{1,2}(?:/\d{2,4})?)$"
)
_MONTH_DAY = re.compile(rf"\b(?P<m>{MON})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?$")
_TIMEISH = r"\d{1,2}(?::\d{2}|h\d{0,2}|\s?[ap]\.?m\.?)?"
_TIGHT = re.compile(rf"^(?P<pre>.*?)(?P<a>{_TIMEISH})-(?P<b>{_TIMEISH})(?P<post>(?:\s.*)?)$")
_DAY_RANGE = re.compile(
    rf"^(?P<pre>(?:.*\s)?(?:{MON})\.?\s+)(?P<a>\d{{1,2}})(?:st|nd|rd|th)?\s*-\s*"
    r"(?P<b>\d{1,2})(?:st|nd|rd|th)?(?P<post>(?:,?\s.*)?)$"
)
_ERA = re.compile(r"\b(?P<y>\d{1,4})\s*(?P<e>a\.?\s?d|c\.?\s?e|b\.?\s?c(?:\.?\s?e)?)\b\.?")
Read = Callable[[str], Moment | Choice | Fail | None]


def rephrase(text: str) -> str:
    """The phrase in the word order the grammar reads (unchanged when nothing applies)."""
    for rx, rep in _REWRITES:
        text = rx.sub(rep, text)
    return text


def not_a_date(text: str) -> str | None:
    """A helpful answer when text is a word that names no date ("asap", "tbd"), else None."""
    m = _NOT_A_DATE.match(text.strip(" .!"))
    if not m:
        return None
    return (
        f'"{text}" is not a date, so I cannot set a deadline from it. Say when it is due, '
        'for example "eod tomorrow", "Fri 5pm" or "in 3 business days".'
    )


def drop_era(text: str, this_year: int) -> tuple[str, str | None]:
    """ "2027 AD" -> "2027"; an era year no deadline can be in ("14 a.d.") -> an error."""
    m = _ERA.search(text)
    if not m:
        return text, None
    y = int(m.group("y"))
    if m.group("e").startswith("b") or abs(y - this_year) > YEARS_WINDOW:
        return (
            text,
            f'The year in "{text}" does not look right; give the full date, for example '
            f'"Dec 4, {this_year + 1}".',
        )
    return f"{text[: m.start()]}{y}{text[m.end() :]}".strip(), None


def split_range(text: str) -> tuple[str, str] | None:
    """The two ends of "X - Y", "from X to Y", "July 13-15", "12/7-12/8", "1pm-2pm tomorrow"."""
    if m := _DAY_RANGE.match(text):
        pre, post = m.group("pre"), m.group("post")
        return f"{pre}{m.group('a')}{post}", f"{pre}{m.group('b')}{post}"
    if m := _SLASHED.match(text):  # "12/7-12/8"
        return m.group("a"), m.group("b")
    if (m := _TIGHT.match(text)) and not re.fullmatch(r"\d+", m.group("a") + m.group("b")):
        pre, post = m.group("pre"), m.group("post")
        return f"{pre}{m.group('a')}{post}", f"{pre}{m.group('b')}{post}"
    if text.startswith("between") and " and " not in text:
        return None
    if re.search(r"\bto\s+(?:the\s+)?last\s+(?:business |court |working )?day\b", text):
        return None  # "the 2nd to last day of May" is one day
    if (m := _STRONG.match(text)) and (" and " not in text or text.startswith("between")):
        return m.group("a").strip(" ,"), m.group("b").strip(" ,")
    return None


def _fill(a: str, b: str) -> tuple[str, str]:
    """Lend each end what the other says: "3-4pm" -> 3pm; "1pm-2pm tomorrow" -> both tomorrow;
    "dec 7 to 9" -> dec 9."""
    a_rest, a_bits = extract_time(a)
    b_rest, b_bits = extract_time(b)
    if re.fullmatch(r"\d{1,2}(?::\d{2})?", a) and (ap := re.search(r"[ap]\.?m\.?", b)):
        a = f"{a}{ap.group(0)}"
    if b_bits.at is not None and not strip_filler(b_rest) and a_bits.at is not None:
        b = f"{b} {strip_filler(a_rest)}".strip()
    elif a_bits.at is not None and not strip_filler(a_rest) and b_bits.at is not None:
        a = f"{a} {strip_filler(b_rest)}".strip()
    if re.fullmatch(r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th)", b) and (mon := re.search(MON, a)):
        b = f"{mon.group(0)} {b.removeprefix('the ')}"
    elif re.fullmatch(r"\d{1,2}", b) and (day := _MONTH_DAY.search(a)):  # "dec 7 to 9"
        b = f"{day.group('m')} {b}"
    return a, b


def read_range(text: str, read: Read) -> Choice | None:
    """A range whose two ends both read as one moment: ask which end is the deadline."""
    ends = split_range(text)
    if ends is None:
        return None
    a, b = _fill(*ends)
    start, end = read(a), read(b)
    if isinstance(start, Moment) and isinstance(end, Choice):  # the end is the one after the start
        end = next((o for o in end.options if o.day > start.day), None)
    if not isinstance(start, Moment) or not isinstance(end, Moment):
        return None
    if end.day < start.day and re.fullmatch(rf"(?:{WD})\.?", b):  # "from Monday to Wednesday"
        end = Moment(end.day + timedelta(days=7), at=end.at, zone=end.zone)
    if (end.day, end.at or time(0)) < (start.day, start.at or time(0)):
        return None
    question = f'"{text}" is a range: is it due at its start or at its end?'
    return Choice(question, (start, end), settle=False)
