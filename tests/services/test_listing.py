"""Task listings: grouping in the reader's zone and honest counts when a list is cut."""

from datetime import UTC, datetime, timedelta

from bot.services import listing
from tests.factories import add_case, add_task

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _case_with(session, n: int):
    case = add_case(session, "C1", "Big Case", actor="U1", now=NOW)
    for i in range(1, n + 1):
        due = None if i % 5 == 0 else NOW + timedelta(days=i)
        add_task(session, case, i, title=f"t{i}", created_by="U1", assignee="U1", due_at=due)
    session.commit()
    return case


def test_a_cut_list_says_how_many_match_and_keeps_undated_last(session):
    _case_with(session, 30)
    found = listing.for_case(session, channel_id="C1", now=NOW, tz="UTC", limit=10)
    assert found.count == 10 and found.total == 30
    assert "No due date" not in found.groups  # dated tasks come first on every database
    whole = listing.for_case(session, channel_id="C1", now=NOW, tz="UTC")
    assert whole.total is None and list(whole.groups)[-1] == "No due date"


def _court_day_task(day):
    """A New York court's date-only deadline: due at the end of `day` in New York."""
    from bot.courts.zones import due_moment
    from bot.vocab import TaskKind
    from tests.factories import task_row

    due = due_moment(day, zone="America/New_York", court="US-FED")
    return task_row(
        1,
        kind=TaskKind.DEADLINE,
        due_at=due,
        due_date=day,
        due_zone="America/New_York",
        all_day=True,
    )


def test_a_court_day_deadline_is_due_today_for_a_reader_ahead_of_the_court():
    from datetime import date

    # Fri Dec 4 10:00 in Tokyo is Thu Dec 3 20:00 in New York: the court's Thu Dec 3 is today
    now = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)
    task = _court_day_task(date(2026, 12, 3))
    assert listing.group_of(task, now=now, tz="Asia/Tokyo") == "Due today"
    assert listing.group_of(task, now=now, tz="America/New_York") == "Due today"


def test_a_court_day_deadline_is_due_today_for_a_reader_behind_the_court():
    from datetime import date

    # Thu Dec 3 22:00 in Los Angeles is Fri Dec 4 01:00 in New York: the court's Dec 4 is today
    now = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)
    task = _court_day_task(date(2026, 12, 4))
    assert listing.group_of(task, now=now, tz="America/Los_Angeles") == "Due today"
    tomorrow = _court_day_task(date(2026, 12, 5))
    assert listing.group_of(tomorrow, now=now, tz="America/Los_Angeles") != "Due today"
