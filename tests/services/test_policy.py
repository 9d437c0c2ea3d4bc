"""Quiet hours, the next working morning and offsets, as plain functions."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.offsets import Offset, labels, read_offsets
from bot.services.errors import Invalid
from bot.services.policy import Policy, parse_offsets

NY = ZoneInfo("America/New_York")
POLICY = Policy()  # quiet from 19:00 to 08:00 and all weekend; mornings at 9:00


@pytest.mark.parametrize(
    ("local", "quiet"),
    [
        (datetime(2026, 12, 1, 7, 59, tzinfo=NY), True),  # Tue before 8
        (datetime(2026, 12, 1, 8, 0, tzinfo=NY), False),
        (datetime(2026, 12, 1, 18, 59, tzinfo=NY), False),
        (datetime(2026, 12, 1, 19, 0, tzinfo=NY), True),
        (datetime(2026, 12, 5, 12, 0, tzinfo=NY), True),  # Saturday noon
        (datetime(2026, 12, 6, 12, 0, tzinfo=NY), True),  # Sunday noon
    ],
)
def test_quiet_hours_are_evenings_nights_and_weekends(local, quiet):
    assert POLICY.is_quiet(local) is quiet


@pytest.mark.parametrize(
    ("local", "morning"),
    [
        (datetime(2026, 12, 1, 7, 0, tzinfo=NY), datetime(2026, 12, 1, 9, 0, tzinfo=NY)),
        (datetime(2026, 12, 1, 20, 0, tzinfo=NY), datetime(2026, 12, 2, 9, 0, tzinfo=NY)),
        (datetime(2026, 12, 4, 20, 0, tzinfo=NY), datetime(2026, 12, 7, 9, 0, tzinfo=NY)),  # Fri
        (datetime(2026, 12, 6, 9, 0, tzinfo=NY), datetime(2026, 12, 7, 9, 0, tzinfo=NY)),  # Sun
        (datetime(2026, 3, 7, 22, 0, tzinfo=NY), datetime(2026, 3, 9, 9, 0, tzinfo=NY)),  # DST
    ],
)
def test_the_next_working_morning(local, morning):
    assert POLICY.next_morning(local) == morning


def test_quiet_hours_can_be_set():
    late = Policy(quiet_start=time(22, 0), quiet_end=time(6, 0))
    assert not late.is_quiet(datetime(2026, 12, 1, 20, 0, tzinfo=NY))
    assert late.is_quiet(datetime(2026, 12, 1, 23, 0, tzinfo=NY))


def test_offsets_read_and_write_back():
    got = read_offsets(" 14d@09:00, 1D@8:30 ,3h ")
    assert got == (Offset(days=14, at=time(9, 0)), Offset(days=1, at=time(8, 30)), Offset(hours=3))
    assert labels(got) == "14d@09:00,1d@08:30,3h"
    assert read_offsets(labels(got)) == got


@pytest.mark.parametrize("text", ["soonish", "1d@25:00", "1d@09:60", "1w", "d@09:00"])
def test_unreadable_offsets_are_refused_with_an_example(text):
    with pytest.raises(Invalid, match="e.g."):
        parse_offsets(text)
