"""'every 2 weeks' typed on a weekend: it repeats from the next working day, and says so.

Sun Dec 6, 2026 (New York); Mon Dec 7 is the next court day. Naming the day keeps it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.dates.recurrence import Rule, read_rule

NY = ZoneInfo("America/New_York")
SUNDAY = datetime(2026, 12, 6, 11, 0, tzinfo=NY)
SATURDAY = datetime(2026, 12, 5, 11, 0, tzinfo=NY)


def _rule(text: str, now: datetime) -> Rule:
    got = read_rule(text, now=now, tz="America/New_York")
    assert isinstance(got, Rule), got
    return got


@pytest.mark.parametrize(
    ("text", "now", "words", "first"),
    [
        ("every 2 weeks", SUNDAY, "every other Mon", "Mon 2026-12-07"),
        ("every 2 weeks", SATURDAY, "every other Mon", "Mon 2026-12-07"),
        ("weekly", SUNDAY, "every Mon", "Mon 2026-12-07"),
        ("every 2 weeks from today", SUNDAY, "every other Mon", "Mon 2026-12-21"),
    ],
)
def test_typed_on_a_weekend_it_repeats_from_the_next_working_day_and_says_so(
    text, now, words, first
):
    got = _rule(text, now)
    assert "SU" not in got.spec.rrule and "SA" not in got.spec.rrule
    assert got.words.startswith(words)
    assert got.first.day.strftime("%a %Y-%m-%d") == first
    note = got.first.note or ""
    assert note.startswith(f"Typed on a {now:%A}") and "next working day" in note
    assert f"on {now:%A}" in note  # how to keep the weekend day


def test_naming_the_weekend_day_keeps_it():
    got = _rule("every Sunday", SUNDAY)
    assert "BYDAY=SU" in got.spec.rrule and "working day" not in (got.first.note or "")
