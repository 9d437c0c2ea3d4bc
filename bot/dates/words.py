"""Numbers said in words, rewritten to the digit forms the pre-parser reads.

"ten thirty" -> "10:30", "half past three" -> "3:30", "quarter to five" -> "4:45",
"five o'clock" -> "5:00", "at eight" -> "at 8", "the first of next month" -> "the 1st of next
month", "march third" -> "march 3rd", "in a couple of days" -> "in 2 days", "half an hour" ->
"30 minutes". Only unambiguous word forms are rewritten: digit ranges such as "3 to 5" are left
alone, and so is the British "half three".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import partial

from bot.dates.parts import MON, WD

_ONES = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]  # fmt: skip
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
HOUR_WORDS = {w: i + 1 for i, w in enumerate(_ONES + _TEENS[:3])}
_MINUTE_WORDS: dict[str, int] = {w: 10 + i for i, w in enumerate(_TEENS)}
for _t, _v in _TENS.items():
    _MINUTE_WORDS[_t] = _v
    for _i, _o in enumerate(_ONES):
        _MINUTE_WORDS[f"{_t}-{_o}"] = _MINUTE_WORDS[f"{_t} {_o}"] = _v + _i + 1

_ORD_ONES = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_ORD_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
              "sixteenth", "seventeenth", "eighteenth", "nineteenth"]  # fmt: skip
DAY_ORDINALS = {w: i + 1 for i, w in enumerate(_ORD_ONES + _ORD_TEENS)}
DAY_ORDINALS.update({"twentieth": 20, "thirtieth": 30, "thirty-first": 31, "thirty first": 31})
for _i, _o in enumerate(_ORD_ONES):
    DAY_ORDINALS[f"twenty-{_o}"] = DAY_ORDINALS[f"twenty {_o}"] = 21 + _i


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_HW = _alt(HOUR_WORDS)
_MW = _alt(_MINUTE_WORDS)
_OW = _alt(DAY_ORDINALS)
_UNITS = r"(?:min|minute|hour|hr|day|week|wk|month|year|yr|business|court|calendar|working)s?\b"
_HOUR = rf"(?P<h>{_HW}|1[0-2]|0?[1-9]|noon)"
_AP = rf"(?:\s*(?P<ap>[ap]\.?\s?m\.?))?(?=\s|$|,)(?!\s*{_UNITS})"
_CLOCK = [
    # "half past three", "a quarter past 3pm", "20 minutes past noon", "twenty after three"
    (re.compile(rf"\b(?:a\s+)?(?P<m>half|quarter|{_MW}|five|\d{{1,2}}(?=\s+min|\s+past))(?:(?:\s+min(?:ute)?s?)?"
                rf"\s+(?:past|after)|\s+min(?:ute)?s?\s+from)\s+{_HOUR}{_AP}"), 1),
    # "quarter to five", "ten to twelve", "20 minutes to 2pm", "a quarter of noon"
    (re.compile(rf"\b(?:a\s+)?(?P<m>quarter|{_MW}|five|\d{{1,2}}(?=\s+min|\s+to\s+noon))(?:\s+min(?:ute)?s?)?"
                rf"\s+(?:to|till|til|before|of)\s+{_HOUR}{_AP}"), -1),
    # "ten thirty", "twelve oh three", "four twenty-three a m"
    (re.compile(rf"\b(?P<h>{_HW})[\s-]+(?:(?:oh|o|zero|ou)[\s-]+(?P<m0>{_alt(_ONES)})|"
                rf"(?P<m>{_MW})){_AP}"), 0),
]  # fmt: skip
_OCLOCK = re.compile(rf"\b(?P<h>{_HW}|1[0-2]|0?[1-9])\s*o\s?'?\s?clock\b")
_HOUR_WORD = re.compile(
    rf"(?:(?<=\bat )|(?<=@ )|(?<=@)|(?<=\bby ))(?P<h>{_HW})\b(?!\s*{_UNITS})|"
    rf"\b(?P<h2>{_HW})(?=\s*(?:[ap]\.?\s?m\.?(?:\s|$|,)|tonight|this (?:morning|afternoon|evening)|"
    r"in the (?:morning|afternoon|evening)))"
)
_TRIGGER = re.compile(rf"\b(?:{_HW}|half|quarter|o\s?'?\s?clock|past)\b|\b(?:after|to|from)\b")
_ORD_AFTER_MONTH = re.compile(rf"\b(?P<mon>{MON})\.?\s+(?:the\s+)?(?P<o>{_OW})\b")
_ORD_OF = re.compile(rf"\b(?:the\s+)?(?P<o>{_OW})\s+(?=of\s)(?!of\s+(?:the\s+)?(?:{WD})\b)")
_ORD_THE = re.compile(
    rf"\bthe\s+(?P<o>{_OW})\b(?!\s+(?:{WD}|week|day|business|court|quarter|thing|time|"
    r"monday|weekday|weekend|last|of))"
)
_YEAR_TAIL = {**{w: i + 1 for i, w in enumerate(_ONES)}, **_MINUTE_WORDS}
_YEAR_WORDS = re.compile(rf"\btwo thousand(?:\s+and)?[\s-]+(?P<n>{_alt(_YEAR_TAIL)})\b")
_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}
_RELATIVE = [
    (re.compile(r"\b(?:a\s+)?couple(?:\s+of)?(?=\s+\w)"), "2"),
    (re.compile(r"\b(?:a\s+)?pair\s+of(?=\s+\w)"), "2"),
    (
        re.compile(
            r"\b(?:an\s+|one\s+)hour\s+and\s+(?:a\s+)?half\b|\b(?:one|1)\s+and\s+a\s+half\s+"
            r"hours?\b|\b1\.5\s+hours?\b"
        ),
        "90 minutes",
    ),  # fmt: skip
    (re.compile(r"\b(?:a\s+)?half\s+(?:an\s+)?hour\b"), "30 minutes"),
    (re.compile(r"\b(?:a\s+)?quarter\s+(?:of\s+)?(?:an\s+)?hour\b"), "15 minutes"),
    (re.compile(r"\b(?P<f>[13])/(?P<d>[24])\s*h(?:ours?|rs?)?\b"), None),
    (re.compile(r"\b(?:three|3)[\s-]quarters?\s+of\s+an\s+hour\b"), "45 minutes"),
]


def _fraction(m: re.Match[str]) -> str:
    mins = 60 * int(m.group("f")) // int(m.group("d"))
    return f"{mins} minutes" if mins < 60 else m.group(0)


def _ordinal(n: int) -> str:
    return f"{n}{_SUFFIX.get(n, 'th')}"


def _hour(word: str) -> int:
    return 12 if word == "noon" else HOUR_WORDS.get(word) or int(word)


def _clock_sub(m: re.Match[str], sign: int) -> str:
    h = _hour(m.group("h"))
    ap = m.groupdict().get("ap") or ("pm" if m.group("h") == "noon" else "")
    if sign == 0:
        mins = _MINUTE_WORDS.get(m.group("m") or "") or _ONES.index(m.group("m0")) + 1
    else:
        raw = m.group("m")
        named = {"half": 30, "quarter": 15, "five": 5}.get(raw) or _MINUTE_WORDS.get(raw)
        mins = named if named is not None else int(raw)
        if not 1 <= mins <= 59 or (sign < 0 and raw == "half"):
            return m.group(0)
    if sign < 0:
        h, mins = (h - 2) % 12 + 1, 60 - mins
        if ap and m.group("h") in ("12", "twelve", "noon"):
            ap = "am" if ap.startswith("p") else "pm"  # "ten to noon" is 11:50 am
    return f"{h}:{mins:02d}{ap}"


def clock_words(text: str) -> str:
    """Rewrite a time of day said in words to digits ("ten thirty" -> "10:30")."""
    if not _TRIGGER.search(text):
        return text
    for rx, sign in _CLOCK:
        text = rx.sub(partial(_clock_sub, sign=sign), text)
    text = _OCLOCK.sub(lambda m: f"{_hour(m.group('h'))}:00", text)
    return _HOUR_WORD.sub(lambda m: str(HOUR_WORDS[m.group("h") or m.group("h2")]), text)


def date_words(text: str) -> str:
    """Rewrite day ordinals and counts said in words ("the first" -> "the 1st", "a couple" -> 2)."""
    for rx, rep in _RELATIVE:
        text = rx.sub(rep or _fraction, text)
    if "thousand" in text:  # "two thousand twenty-seven" -> 2027
        text = _YEAR_WORDS.sub(lambda m: str(2000 + _YEAR_TAIL[m.group("n")]), text)
    text = _ORD_AFTER_MONTH.sub(
        lambda m: f"{m.group('mon')} {_ordinal(DAY_ORDINALS[m.group('o')])}", text
    )
    text = _ORD_OF.sub(lambda m: f"the {_ordinal(DAY_ORDINALS[m.group('o')])} ", text)
    return _ORD_THE.sub(lambda m: f"the {_ordinal(DAY_ORDINALS[m.group('o')])}", text)


_UNIT_AHEAD = (
    r"(?=\s*(?P<unit>(?:min(?:ute)?|hour|hr|day|business day|court day|calendar day|working day|"
    r"week|wk|fortnight|month|mo|quarter|qtr|year|yr)s?)\b)"
)
_THOUSANDS = re.compile(rf"\b(?P<n>\d{{1,3}}(?:[, ]\d{{3}})+){_UNIT_AHEAD}")
_FRACTION = re.compile(rf"(?<![\w.,])(?P<n>\d*[.,]\d+){_UNIT_AHEAD}")


def whole_numbers(text: str) -> tuple[str, str | None]:
    """'1,000 days' and '1 000 days' -> '1000 days'; a fraction of a unit is an error to show."""
    t = _THOUSANDS.sub(lambda m: re.sub(r"[, ]", "", m.group("n")), text)
    if m := _FRACTION.search(t):
        return t, (
            f'"{m.group("n")} {m.group("unit")}" is not a whole number, and I will not round a '
            'due date. Say it in whole units, for example "36 hours" or "in 2 days".'
        )
    return t, None
