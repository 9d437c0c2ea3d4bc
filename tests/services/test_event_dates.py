"""A date read at the end that is an event's ("the week before trial | on 2/1") is refused."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.services.errors import Invalid
from bot.services.whens import Reading, split_deadline, split_title_when

NY = ZoneInfo("America/New_York")
NOV_30 = Reading(now=datetime(2026, 11, 30, 9, 0, tzinfo=NY), tz="America/New_York")


@pytest.mark.parametrize(
    ("text", "said", "example"),
    [
        ("depo prep the week before trial on 2/1", "the trial", "2 days before trial on 2/1"),
        ("call client after the hearing on Dec 7", "the hearing", "2 days after the hearing"),
        ("prep witness prior to the depo on 12/10", "the depo", "2 days prior to the depo"),
        ("send draft ahead of mediation on 12/9", "the mediation", "2 days before mediation"),
    ],
)
def test_an_events_date_is_not_taken_for_the_due_date(text, said, example):
    with pytest.raises(Invalid) as err:  # each was saved due on the event's own day
        split_title_when(text, NOV_30)
    msg = str(err.value)
    assert f"as the date of {said}" in msg and "not the day it is due" in msg
    assert f'e.g. "{example}' in msg and "Nothing was created" in msg
    title, when = split_title_when(f"prep {example.split(' on ')[0]} on 12/20", NOV_30)
    assert title == "prep" and when is not None  # the example counts


@pytest.mark.parametrize(
    ("text", "title", "day"),
    [
        ("argue motion before Judge Lee on Dec 7", "argue motion before Judge Lee", 7),
        ("file brief on Dec 7", "file brief", 7),
        ("prepare for hearing on Dec 7", "prepare for hearing", 7),
        ("finalize exhibits by the day before trial on 12/8", "finalize exhibits", 7),
    ],
)
def test_a_due_date_after_a_title_stays_read(text, title, day):
    got_title, when = split_title_when(text, NOV_30)
    assert got_title == title and when.due.astimezone(NY).date() == date(2026, 12, day)


def test_a_deadline_is_refused_the_same_way():
    with pytest.raises(Invalid):
        split_deadline("Pretrial order the week before trial on 2/1", NOV_30)
