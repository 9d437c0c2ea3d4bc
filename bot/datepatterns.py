"""The phrase patterns of the pre-parser (regular expressions and word tables), as data."""

from __future__ import annotations

import re

from bot.courts import HolidayRule
from bot.dateparts import MON, NUM, ORDINALS, WD

UNIT = (
    r"(?P<u>min(?:ute)?s?|hours?|hrs?|h|(?:calendar |business |court |working )?days?|"
    r"weeks?|wks?|fortnights?|months?|mos?|years?|yrs?)"
)
ORD = "|".join(ORDINALS)
HOLIDAYS = {
    "christmas": HolidayRule("Christmas", 12, 25), "xmas": HolidayRule("Christmas", 12, 25),
    "christmas day": HolidayRule("Christmas", 12, 25),
    "christmas eve": HolidayRule("Christmas Eve", 12, 24),
    "new year's eve": HolidayRule("New Year's Eve", 12, 31),
    "new years eve": HolidayRule("New Year's Eve", 12, 31),
    "new year's day": HolidayRule("New Year's Day", 1, 1),
    "new years day": HolidayRule("New Year's Day", 1, 1),
    "independence day": HolidayRule("Independence Day", 7, 4),
    "halloween": HolidayRule("Halloween", 10, 31),
    "veterans day": HolidayRule("Veterans Day", 11, 11),
    "juneteenth": HolidayRule("Juneteenth", 6, 19),
    "thanksgiving": HolidayRule("Thanksgiving", 11, weekday=3, nth=4),
    "thanksgiving day": HolidayRule("Thanksgiving", 11, weekday=3, nth=4),
    "memorial day": HolidayRule("Memorial Day", 5, weekday=0, nth=-1),
    "labor day": HolidayRule("Labor Day", 9, weekday=0, nth=1),
}  # fmt: skip

RX = {
    "in": re.compile(
        rf"^(?:in|within)\s+(?:about\s+)?(?P<n>{NUM}|a few|few)\s+(?:more\s+)?{UNIT}$"
    ),
    "later": re.compile(rf"^(?P<n>{NUM})\s+{UNIT}\s+(?:from now|later|hence|from right now)$"),
    "ago": re.compile(rf"^(?P<n>{NUM})\s+{UNIT}\s+ago$"),
    "from": re.compile(rf"^(?P<n>{NUM})\s+{UNIT}\s+(?:from|after)\s+(?P<anchor>.+)$"),
    "wd": re.compile(
        r"^(?:(?P<pre>next week|this week),?\s+)?"
        rf"(?:(?P<mod>this|next|coming|upcoming|last|past|previous)\s+)?(?P<wd>{WD})\.?"
        r"(?:\s+(?P<post>after next|(?:of )?next week|(?:of )?this week|week after next))?$"
    ),
    "period": re.compile(
        r"^(?:the\s+)?(?P<mod>this|next|last|current|coming)\s+(?P<p>week|month|year)$"
    ),
    "end": re.compile(
        r"^(?:the\s+)?(?:end of|eo)\s*(?:the\s+)?(?P<mod>this |next |current |the )?"
        r"(?P<p>week|month|year|w|m|y)$"
    ),
    "nth": re.compile(
        rf"^(?:(?:this |next )?(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})"
        r"(?P<suf>st|nd|rd|th)?"
        r"(?:\s+(?:day\s+)?of\s+(?:the\s+)?(?P<mod>this|next|current|following)\s+month)?$"
    ),
    "md": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<mon>{MON})\.?\s*(?:the\s+)?(?P<d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?(?:,?\s+(?P<wd2>{WD}))?$"
    ),
    "dm": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?$"
    ),
    "num": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<a>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<b>\d{{1,2}})"
        r"(?:\s*(?P=sep)\s*(?P<y>\d{4}|\d{2}))?\.?$"
    ),
    "iso": re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})$"),
    "nthwd": re.compile(
        rf"^(?:the\s+)?(?P<o>{ORD})\s+(?P<wd>{WD})\s+(?:of|in)\s+(?:the\s+)?"
        rf"(?P<m>this month|next month|month|current month|(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?)$"
    ),
    "hol": re.compile(r"^(?:(?P<mod>this|next)\s+)?(?P<h>[a-z' ]+?)(?:\s+(?P<y>\d{4}))?$"),
}  # fmt: skip
DAY_WORDS: dict[str, int] = {
    "today": 0, "tod": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1,
    "tomorrows": 1, "day after tomorrow": 2, "the day after tomorrow": 2, "yesterday": -1,
    "day before yesterday": -2, "the day before yesterday": -2,
}  # fmt: skip
