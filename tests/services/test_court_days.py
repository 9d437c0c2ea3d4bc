"""Date-only dues across zones and DST, court-day alerts, and snooze moving one reminder."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.courts.zones import district_zone, due_moment
from bot.models import UserProfile
from bot.services import alerts, due_moves
from bot.services.errors import Invalid
from bot.services.whens import Reading
from bot.vocab import OutboxKind, TaskKind
from tests.factories import NOW, add_case, add_task

NY = ZoneInfo("America/New_York")
LA = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("day", "zone", "utc"),
    [
        (date(2026, 12, 7), "America/New_York", datetime(2026, 12, 8, 5, 0, tzinfo=UTC)),
        (date(2026, 7, 7), "America/New_York", datetime(2026, 7, 8, 4, 0, tzinfo=UTC)),  # EDT
        (date(2026, 12, 7), "America/Los_Angeles", datetime(2026, 12, 8, 8, 0, tzinfo=UTC)),
        # the day clocks go back (Nov 1) and forward (Mar 8): still the end of that day
        (date(2026, 11, 1), "America/New_York", datetime(2026, 11, 2, 5, 0, tzinfo=UTC)),
        (date(2026, 3, 7), "America/New_York", datetime(2026, 3, 8, 5, 0, tzinfo=UTC)),
        (date(2026, 3, 8), "America/New_York", datetime(2026, 3, 9, 4, 0, tzinfo=UTC)),
    ],
)
def test_a_date_only_due_passes_at_midnight_in_the_courts_zone(day, zone, utc):
    assert due_moment(day, zone=zone, court="US-FED") == utc


def test_districts_are_read_however_they_are_written():
    assert district_zone("SDNY") == district_zone("S.D.N.Y.") == "America/New_York"
    assert district_zone("cdca") == "America/Los_Angeles" and district_zone("XX") is None


def test_date_only_alerts_come_at_nine_in_each_assignees_zone_on_the_court_days(session):
    case = add_case(session)
    session.add(UserProfile(id="UBOB", name="bob", tz="Europe/London", fetched_at=NOW))
    due = due_moment(date(2026, 12, 14), zone="America/New_York", court="US-FED")  # Mon
    task = add_task(
        session, case, 1, kind=TaskKind.DEADLINE, due_at=due, all_day=True,
        due_date=date(2026, 12, 14), due_zone="America/New_York",
    )  # fmt: skip
    london = ZoneInfo("Europe/London")
    got = [
        p.due_at.astimezone(london).strftime("%a %d %H:%M")
        for p in alerts.wanted(session, case=case, task=task, now=NOW)
        if p.kind == OutboxKind.ALERT
    ]
    assert got == ["Mon 07 09:00", "Fri 11 09:00", "Mon 14 09:00"]  # 3d and 1d: the Friday


def _reading(now: datetime) -> Reading:
    return Reading(now=now, tz="America/New_York")


def test_snooze_moves_only_the_next_reminder(session):
    case = add_case(session, lead_id="UALICE")
    due = datetime(2026, 12, 2, 17, 0, tzinfo=NY).astimezone(UTC)  # Wed 5 PM
    add_task(session, case, 1, due_at=due)
    session.flush()
    changed = due_moves.snooze(
        session, channel_id="C1", number=1, actor_id="UBOB", text="tomorrow 11am",
        reading=_reading(NOW),
    )  # fmt: skip
    times = sorted(
        p.due_at.astimezone(NY).strftime("%a %H:%M")
        for p in alerts.wanted(session, case=case, task=changed.task, now=NOW)
        if p.kind == OutboxKind.ALERT
    )
    assert times == ["Wed 11:00", "Wed 16:00"]  # 9:00 moved to 11:00; the 1-hour alert stays


def test_snooze_past_the_due_moment_is_refused_and_cancels_nothing(session):
    case = add_case(session)
    due = NOW + timedelta(hours=6)
    task = add_task(session, case, 1, due_at=due)
    session.flush()
    before = alerts.wanted(session, case=case, task=task, now=NOW)
    with pytest.raises(Invalid) as err:
        due_moves.snooze(
            session, channel_id="C1", number=1, actor_id="UBOB", text=None,
            reading=_reading(NOW),
        )  # fmt: skip
    assert "past the due moment" in str(err.value)
    assert alerts.wanted(session, case=case, task=task, now=NOW) == before
