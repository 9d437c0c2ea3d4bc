"""Task listings: grouping in the reader's zone and honest counts when a list is cut."""

from datetime import UTC, datetime, timedelta

from bot.models import Task
from bot.services import cases, listing

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _case_with(session, n: int):
    case = cases.create_case(
        session,
        team_id="T1",
        channel_id="C1",
        name="Big Case",
        matter_number=None,
        actor_id="U1",
        now=NOW,
    )
    for i in range(1, n + 1):
        due = None if i % 5 == 0 else NOW + timedelta(days=i)
        session.add(
            Task(
                case_id=case.id or 0,
                number=i,
                title=f"t{i}",
                created_by="U1",
                assignee_id="U1",
                due_at=due,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    session.commit()
    return case


def test_a_cut_list_says_how_many_match_and_keeps_undated_last(session):
    _case_with(session, 30)
    found = listing.for_case(session, channel_id="C1", now=NOW, tz="UTC", limit=10)
    assert found.count == 10 and found.total == 30
    assert "No due date" not in found.groups  # dated tasks come first on every database
    whole = listing.for_case(session, channel_id="C1", now=NOW, tz="UTC")
    assert whole.total is None and list(whole.groups)[-1] == "No due date"
