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
