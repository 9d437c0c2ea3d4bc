"""parse_when: a range of days is asked about (start or end), never read as nothing or one end,
however its second end is written: a bare day lends the first end's month ("Dec 7 to 9"),
"thru", an en dash, slashed dates with a tight dash. Said Tue 2026-12-01 09:00 in New York."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.reader import parse_when
from bot.dates.readings import Ask, When

NY = ZoneInfo("America/New_York")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=NY)


def _ends(text: str) -> list[str]:
    got = parse_when(text, now=NOW, tz=NY)
    assert isinstance(got, Ask), f"{text!r} -> {got}"
    assert "is a range" in got.question
    return [f"{o.due.astimezone(NY):%m-%d}" for o in got.options]


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("between Dec 7 and 8", ["12-07", "12-08"]),
        ("between Dec 7 and Dec 8", ["12-07", "12-08"]),
        ("from Dec 7 to Dec 8", ["12-07", "12-08"]),
        ("from Dec 7 to 9", ["12-07", "12-09"]),
        ("Dec 7-8", ["12-07", "12-08"]),
        ("Dec 7\u20138", ["12-07", "12-08"]),
        ("Dec 7 to 9", ["12-07", "12-09"]),
        ("Dec 7 thru 9", ["12-07", "12-09"]),
        ("Dec 7 through Dec 9", ["12-07", "12-09"]),
        ("Mon Dec 7 through 9", ["12-07", "12-09"]),
        ("12/7-12/8", ["12-07", "12-08"]),
        ("12/7 - 12/9", ["12-07", "12-09"]),
    ],
)
def test_a_range_asks_which_end(text, ends):
    assert _ends(text) == ends


@pytest.mark.parametrize("text", ["Dec 7", "by Dec 8", "12/7", "Dec 7 at 9"])
def test_one_date_is_still_one_date(text):
    assert isinstance(parse_when(text, now=NOW, tz=NY), When)


def test_a_range_backwards_is_not_read_as_a_range():
    assert not isinstance(parse_when("Dec 9 to 7", now=NOW, tz=NY), When)
