"""Repeating phrases: text + now + zone + court -> a Rule (RFC 5545), a RuleAsk, or an Unclear.

A sibling of parse_when with the same contract: never a wrong rule where a question would do.
"every other Friday" typed on a Friday asks whether today counts; "biweekly" asks what it means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from bot.courts.counting import closed_reason
from bot.dates.occurrences import (
    WEEKDAY_CODES,
    Occurrence,
    Roll,
    Spec,
    court_deadline,
    court_moves,
    describe,
    first_due_after,
    fmt,
    slots,
)
from bot.dates.parts import NUMBER_WORDS, extract_time, normalize, strip_filler
from bot.dates.reader import parse_when
from bot.dates.readings import Ask, Unclear, When
from bot.dates.recurrence_words import (
    ADVERB_RE,
    AMBIGUOUS_RE,
    MARKER,
    NTH_OF_RE,
    NUMW,
    STRONG,
    UNIT_RE,
    WEEKLY_RE,
    WORKDAY_RE,
    Pieces,
    Unread,
    days_code,
    interval,
    monthday,
    nth_of_month,
    on_clause,
    weekdays,
)
from bot.dates.words import clock_words, date_words

RULE_EXAMPLES = '"every Friday", "every other Monday at 9am", "the first court day of each month"'
_COUNT_RE = re.compile(rf"\s*,?\s*(?:for\s+)?(?P<n>\d+|{NUMW})\s+times$")
_TAIL_RE = re.compile(
    r"\s(?P<kw>until|till|til|through|thru|ending|starting|beginning|commencing|effective|from"
    r"|as of)(?:\s+on)?\s+"
)
MOVES_AHEAD = timedelta(days=365)  # how far a court deadline's echo names the occurrences moved
_UNTIL = ("until", "till", "til", "through", "thru", "ending")
_QUOTED = re.compile(r'^\s*["“](?P<title>[^"”]+)["”]\s*(?P<rest>.*)$', re.DOTALL)
_ADVERBS = {"daily": ("DAILY", 1), "weekly": ("WEEKLY", 1), "fortnightly": ("WEEKLY", 2),
            "monthly": ("MONTHLY", 1), "quarterly": ("MONTHLY", 3), "yearly": ("YEARLY", 1),
            "annually": ("YEARLY", 1)}  # fmt: skip
_UNITS = {"day": ("DAILY", 1), "week": ("WEEKLY", 1), "fortnight": ("WEEKLY", 2),
          "month": ("MONTHLY", 1), "quarter": ("MONTHLY", 3), "year": ("YEARLY", 1)}  # fmt: skip


@dataclass(frozen=True)
class Rule:
    """A repeat understood: the stored spec, its first occurrence, and how to echo it."""

    spec: Spec
    first: Occurrence
    words: str  # "every other Fri at 3:00 PM"
    echo: str  # "every other Fri at 3:00 PM, next Fri Dec 11"
    moves: tuple[str, ...] = ()  # a court deadline's: what closed days do in its first MOVES_AHEAD


@dataclass(frozen=True)
class RuleAsk:
    """The repeat could mean more than one thing: ask; options are phrases that read plainly."""

    question: str
    options: tuple[str, ...] = ()
    # (button label, the whole repeat with its start spelled out): one click answers it
    choices: tuple[tuple[str, str], ...] = ()


RuleResult = Rule | RuleAsk | Unclear


def _core(text: str) -> Pieces:
    """The repeat itself (no time, start or end) as RRULE pieces."""
    if m := AMBIGUOUS_RE.match(text):
        raise _AskInstead(m.group("adv"))
    if m := WEEKLY_RE.match(text):
        days = weekdays(m.group("days"))
        return Pieces("WEEKLY", interval(m.group("n")), byday=days_code(days), anchored=True,
                      weekends_ok=any(d >= 5 for d in days))  # fmt: skip
    if m := WORKDAY_RE.match(text):
        court = (m.group("kind") or "weekday") != "weekday"
        roll = Roll.SKIP if court else Roll.NONE
        return Pieces("WEEKLY", byday="MO,TU,WE,TH,FR", roll=roll, anchored=True)
    if m := NTH_OF_RE.match(text):
        months = interval(m.group("n")) * (3 if m.group("unit") == "quarter" else 1)
        return nth_of_month(m.group("o"), m.group("what"), months)
    if (m := UNIT_RE.match(text)) or (m := ADVERB_RE.match(text)):
        key = m.groupdict().get("unit") or m.group("adv")
        freq, mult = _UNITS.get(key) or _ADVERBS[key]
        n = interval(m.groupdict().get("n")) * mult
        if m.group("on"):
            return on_clause(freq, n, m.group("on"))
        return Pieces(freq, n, roll=Roll.NONE if (freq, n) == ("DAILY", 1) else Roll.FORWARD)
    raise Unread(f"I could not read that as a repeat. Try {RULE_EXAMPLES}.")


class _AskInstead(Exception):
    """An ambiguous word ("biweekly"): the reader turns it into a RuleAsk."""


def _next_working(day: date, court: str) -> date:
    """The first day after `day` that is not a weekend or the court's holiday."""
    day += timedelta(days=1)
    while closed_reason(day, court) is not None:
        day += timedelta(days=1)
    return day


def _fill(p: Pieces, anchor: date) -> Pieces:
    """Name the day a bare 'weekly'/'monthly'/'yearly' repeats on: the anchor's."""
    if p.anchored or p.freq == "DAILY":
        return p
    if p.freq == "WEEKLY":
        return replace(p, byday=WEEKDAY_CODES[anchor.weekday()], weekends_ok=anchor.weekday() >= 5)
    if p.freq == "MONTHLY":
        days, setpos = monthday(anchor.day)
        return replace(p, bymonthday=days, bysetpos=setpos)
    return replace(p, bymonth=anchor.month, bymonthday=(anchor.day,))


def _day_of(phrase: str, *, now: datetime, tz: str, court: str, future: bool) -> date | RuleAsk:
    got = parse_when(phrase, now=now, tz=tz, court=court, allow_past=not future)
    if isinstance(got, When):
        day = got.due.astimezone(ZoneInfo(tz)).date()
        today = now.astimezone(ZoneInfo(tz)).date()
        if not future and (day - today).days > 183:  # "from Dec 1" said on Dec 2: this year's
            try:
                earlier = day.replace(year=day.year - 1)
            except ValueError:
                return day
            return earlier if (today - earlier).days <= 183 else day
        return day
    if isinstance(got, Ask):
        return RuleAsk(got.question)
    raise Unread(got.error)


def _ask_weekly(p: Pieces, text: str, today: date, first: date) -> RuleAsk:
    name = f"{today:%A}"
    head = re.sub(r"\s+(?:from|starting)\s.*$", "", text.strip())
    later = today + timedelta(days=7)
    counted = f"{fmt(first, today)}" if first != today else "today"
    counts = f"Yes, start today ({fmt(today)})" if first == today else f"Yes, first {fmt(first)}"
    return RuleAsk(
        f'Does today ({fmt(today, today)}) count as the first {name}? "{head} from today" repeats '
        f'from {counted}; "{head} from {later:%b} {later.day}" starts next week.',
        (f"{head} from today", f"{head} from {later:%m/%d/%Y}"),
        (
            (counts, f"{head} from {today:%m/%d/%Y}"),
            (f"No, start {fmt(later)}", f"{head} from {later:%m/%d/%Y}"),
        ),
    )


def read_rule(
    text: str,
    *,
    now: datetime,
    tz: str,
    court: str = "US-FED",
    default_due_time: time = time(17, 0),
    court_zone: str | None = None,
) -> RuleResult:
    """Read a repeat said at now in zone tz; never raises.

    `court_zone`: the repeat is a court deadline's, each occurrence treated as a one-off deadline
    on its day (`occurrences.court_deadline`); the Rule names the ones moved in the coming year.
    """
    try:
        return _read(text, now, tz, court, default_due_time, court_zone)
    except _AskInstead as word:
        return _ambiguous(str(word))
    except (Unread, ValueError) as error:
        return Unclear(
            str(error) if isinstance(error, Unread) else f"That repeat is not a date: {error}."
        )


def _ambiguous(word: str) -> RuleAsk:
    if "week" in word:
        question = (
            f'Does "{word}" mean every two weeks or twice a week? Say "every 2 weeks" or name '
            'the days, e.g. "every Mon and Thu".'
        )
        return RuleAsk(question, ("every 2 weeks",))
    question = (
        f'Does "{word}" mean every two months or twice a month? Say "every 2 months" or name '
        'the days, e.g. "the 1st and 15th of each month".'
    )
    return RuleAsk(question, ("every 2 months",))


def _read(
    text: str, now: datetime, tz: str, court: str, due_time: time, court_zone: str | None
) -> RuleResult:
    norm = clock_words(date_words(normalize(text or "")))
    count, until, start, inclusive = None, None, None, True
    if m := _COUNT_RE.search(norm):
        count, norm = m.group("n"), norm[: m.start()].strip()
    for _ in range(2):
        tails = list(_TAIL_RE.finditer(norm))
        if not tails:
            break
        tail = tails[-1]
        phrase, norm = norm[tail.end() :].strip(), norm[: tail.start()].strip()
        kw = tail.group("kw")
        day = _day_of(phrase, now=now, tz=tz, court=court, future=kw in _UNTIL)
        if isinstance(day, RuleAsk):
            return day
        if kw in _UNTIL:
            until = day
        else:
            start, inclusive = day, kw != "from"
    rest, bits = extract_time(norm)
    if bits.error:
        return Unclear(bits.error)
    if bits.hint and bits.at is None and not bits.eod:
        return Unclear('What time of day? For example "every Friday at 9am".')
    zone = getattr(bits.zone, "key", None) or tz
    pieces = _core(strip_filler(rest))
    today = now.astimezone(ZoneInfo(zone)).date()
    anchor = start or today
    weekend = None  # "every 2 weeks" said on a Sunday: it repeats from the next working day
    if pieces.freq == "WEEKLY" and not pieces.anchored and anchor == today and today.weekday() > 4:
        weekend, anchor = today, _next_working(today, court)
        start = anchor if start is not None else None
    pieces = _fill(pieces, anchor)
    rrule = pieces.rrule()
    if until is not None:
        rrule += f";UNTIL={until:%Y%m%d}T235959"
    if count is not None:
        n = int(count) if count.isdigit() else NUMBER_WORDS[count]
        if not 1 <= n <= 500:
            return Unclear("Say how many times it repeats, from 1 to 500.")
        rrule += f";COUNT={n}"
    spec = Spec(rrule, anchor, bits.at, zone, court, pieces.roll, pieces.weekends_ok)
    if pieces.interval > 1:  # "every other Monday" said on a Wednesday: next Monday is the first
        single = replace(spec, rrule=replace(pieces, interval=1).rrule())
        spec = replace(spec, start=next(slots(single), anchor))
    if start is not None and not inclusive and not pieces.anchored:
        two = list(islice(slots(spec), 2))  # "every 30 days from Dec 1": Dec 1 is the base
        if len(two) < 2:
            return Unclear("That repeat never comes after its start.")
        spec = replace(spec, start=two[1])
    if court_zone is not None:
        spec = court_deadline(spec, court=court, court_zone=court_zone)
    first = first_due_after(spec, now=now, due_time=due_time)
    if first is None:
        return Unclear(
            "That repeat has no occurrence still to come. Check the start and end dates."
        )
    wd = WEEKDAY_CODES[today.weekday()]
    if start is None and pieces.freq == "WEEKLY" and pieces.interval > 1 and pieces.anchored:
        if wd in (pieces.byday or "").split(","):
            return _ask_weekly(pieces, text, today, first.day)
    if weekend is not None:
        head = re.sub(r"\s+(?:from|starting)\s.*$", "", text.strip())
        said = (
            f"Typed on a {weekend:%A}, not a working day, so it repeats on {anchor:%A}s from the "
            f'next working day; say "{head} on {weekend:%A}" to keep {weekend:%A}s'
        )
        first = replace(first, note=f"{first.note}; {said}" if first.note else said)
    words = describe(spec)
    when = fmt(first.day, today) + (" (today)" if first.day == today else "")
    echo = f"{words}, next {when}" + (f" ({first.note})" if first.note else "")
    moves: tuple[str, ...] = ()
    if court_zone is not None:  # the first's own note is said already
        later = court_moves(spec, after=first.slot, through=first.day + MOVES_AHEAD,
                            due_time=due_time)  # fmt: skip
        moves = tuple(later)
    return Rule(spec=spec, first=first, words=words, echo=echo, moves=moves)


def find_rule(
    text: str,
    *,
    now: datetime,
    tz: str,
    court: str = "US-FED",
    due_time: time = time(17, 0),
    court_zone: str | None = None,
) -> tuple[str, RuleResult] | None:
    """Split 'check the docket every Monday' into a title and a repeat; None: no repeat said.

    The longest tail that reads as a repeat wins; words such as "weekly" that read as no repeat
    are left in the title, but "every …"/"each …" that cannot be read is an Unclear, never a
    task without its repeat.
    """
    quoted = _QUOTED.match(text)
    if quoted:
        rest = quoted.group("rest").strip()
        if not rest or not MARKER.search(rest.lower()):
            return None
        got = read_rule(rest, now=now, tz=tz, court=court, default_due_time=due_time,
                        court_zone=court_zone)  # fmt: skip
        return quoted.group("title").strip(), got
    lower = text.lower()
    markers = list(MARKER.finditer(lower))
    if not markers:
        return None
    last = markers[-1].start()
    starts = [m.start() for m in re.finditer(r"(?<!\S)\S", text) if 0 < m.start() <= last]
    for start in starts:
        got = read_rule(text[start:], now=now, tz=tz, court=court, default_due_time=due_time,
                        court_zone=court_zone)  # fmt: skip
        if isinstance(got, Rule | RuleAsk):
            return _title(text[:start]), got
    strong = [m for m in markers if STRONG.match(m.group(0))]
    if strong:
        tail = text[strong[0].start() :]
        got = read_rule(tail, now=now, tz=tz, court=court, default_due_time=due_time,
                        court_zone=court_zone)  # fmt: skip
        return _title(text[: strong[0].start()]), got
    return None


def _title(head: str) -> str:
    return re.sub(r"(?:\s+(?:due|by|on|at|,|-))+\s*$", "", " " + head.strip()).strip()
