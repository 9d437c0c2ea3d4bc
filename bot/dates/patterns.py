"""The phrase patterns of the pre-parser (regular expressions and word tables), as data."""

from __future__ import annotations

import re

from bot.dates.parts import MON, NUM, ORDINALS, WD
from bot.dates.words import DAY_ORDINALS

UNIT = (
    r"(?P<u>min(?:ute)?s?|hours?|hrs?|h|(?:calendar |business |court |working )?days?|"
    r"weeks?|wks?|fortnights?|months?|mos?|quarters?|qtrs?|years?|yrs?)"
)
ORD = "|".join(ORDINALS)
DAY_ORD = "|".join(sorted(DAY_ORDINALS, key=len, reverse=True))
RX = {
    "in": re.compile(
        rf"^(?:in|within)\s+(?:about\s+)?(?P<n>{NUM}|a few|few)\s+(?:more\s+)?{UNIT}$"
    ),
    "span": re.compile(
        rf"^(?:the\s+)?(?:(?P<w>upcoming|coming|next)\s+(?P<n>{NUM})|(?P<n2>{NUM})\s+"
        rf"(?P<w2>upcoming|coming|next))\s+{UNIT}$"
    ),
    "later": re.compile(rf"^(?P<n>{NUM})\s+{UNIT}\s+(?:from now|later|hence|from right now|out)$"),
    "ago": re.compile(rf"^(?P<n>{NUM})\s+{UNIT}\s+ago$"),
    "from": re.compile(rf"^(?P<n>{NUM})\s+{UNIT}\s+(?:from|after)\s+(?P<anchor>.+)$"),
    "wd": re.compile(
        r"^(?:(?P<pre>next week|this week),?\s+)?"
        rf"(?:(?P<mod>this coming|this|next|coming|upcoming|last|past|previous)\s+)?(?P<wd>{WD})\.?"
        r"(?:\s+(?P<post>after next|(?:of )?next week|(?:of )?this week|week after next))?$"
    ),
    "period": re.compile(
        r"^(?:the\s+)?(?P<mod>this|next|last|current|coming|upcoming|following|past|previous)\s+"
        r"(?P<p>week|month|quarter|qtr|year|yr)$"
    ),
    "nth": re.compile(
        rf"^(?:(?:this |next )?(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})"
        r"(?P<suf>st|nd|rd|th)?"
        r"(?:\s+(?:day\s+)?of\s+(?:the\s+)?"
        r"(?:(?P<mod>this|next|current|following|last|previous|past)\s+)?month)?$"
    ),
    "md": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<mon>{MON})\.?\s*(?:the\s+)?(?P<d>\d{{1,2}})"
        rf"(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?(?:,?\s+(?P<wd2>{WD}))?$"
    ),
    "dm": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
        rf"(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?(?:,?\s+(?P<wd2>{WD}))?\.?$"
    ),
    "num": re.compile(
        rf"^(?:(?P<wd>{WD})\.?,?\s+)?(?:the\s+)?(?P<a>\d{{1,2}})\s*(?P<sep>[/.-])\s*(?P<b>\d{{1,2}})"
        r"(?:\s*(?P=sep)\s*(?P<y>\d{4}|\d{2}))?\.?$"
    ),
    "month": re.compile(
        r"^(?:(?:next|this|in|during|the month of|sometime in|early|mid|late)\s+)?"
        rf"(?P<mon>{MON})\.?(?:,?\s+(?P<y>\d{{4}}))?$"
    ),
    "iso": re.compile(r"^(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})$"),
    "nthwd": re.compile(
        rf"^(?:the\s+)?(?P<o>{ORD})\s+(?P<wd>{WD})\s+(?:of|in)\s+(?:the\s+)?"
        r"(?P<m>this month|next month|month|current month|last month|previous month|"
        rf"(?P<mon>{MON})(?:\s+(?P<y>\d{{4}}))?)$"
    ),
    "dayof": re.compile(
        rf"^(?:the\s+)?(?P<o>{DAY_ORD}|\d{{1,2}}(?:st|nd|rd|th)|last)"
        r"(?:\s+(?P<back>last|to\s+last|from\s+(?:the\s+)?last))?"
        r"\s+(?P<b>business |court |working )?day\s+(?:of|in)\s+(?:the\s+)?"
        r"(?P<m>(?:(?:this|next|current|following|last|previous)\s+)?(?:month|quarter|qtr|year)|"
        rf"(?P<mon>{MON})(?:,?\s+(?P<y>\d{{4}}))?|(?P<yy>\d{{4}}))$"
    ),
    "nextto": re.compile(
        rf"^(?:the\s+)?(?P<wd>day|{WD})\s+(?P<dir>before|after)\s+(?!next$)(?P<anchor>.+)$"
    ),
    "both": re.compile(
        r"^(?P<w>today|tomorrow|tmrw)\s*,?\s+(?P<d>.*\d.*)$|"
        r"^(?P<d2>.*\d.*?)\s*,?\s+(?P<w2>today|tomorrow|tmrw)$"
    ),
}  # fmt: skip
DAY_WORDS: dict[str, int] = {
    "today": 0, "tod": 0, "tonight": 0, "tomorrow": 1, "tmrw": 1, "tmr": 1, "tomorow": 1,
    "tomorrows": 1, "day after tomorrow": 2, "the day after tomorrow": 2, "yesterday": -1,
    "day before yesterday": -2, "the day before yesterday": -2,
}  # fmt: skip
