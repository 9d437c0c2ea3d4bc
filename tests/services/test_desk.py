"""The desk (App Home) and `/task list mine`: work that follows what is shown, not the cases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from bot.blocks import home, tasklist
from bot.models import Case
from bot.services import desk, listing
from bot.vocab import TaskKind
from tests.factories import add_case, add_task

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
TZ = "America/New_York"


def _cases(session, count: int) -> list[Case]:
    return [add_case(session, f"C{n:03d}", f"Case {n:03d}", now=NOW) for n in range(count)]


def test_the_desk_loads_only_the_cases_it_shows_and_counts_the_rest(session):
    made = _cases(session, 40)
    add_task(session, made[35], 1, assignee="UBOB", due_at=NOW + timedelta(days=2))
    add_task(session, made[0], 1, kind=TaskKind.DEADLINE, due_at=NOW + timedelta(days=9))
    session.commit()
    session.expunge_all()
    loaded: list[str] = []

    def on_load(_session, instance) -> None:
        if isinstance(instance, Case):
            loaded.append(instance.channel_id)

    event.listen(session, "loaded_as_persistent", on_load)
    try:
        found = desk.desk_of(
            session, user_id="UBOB", channels={c.channel_id for c in made}, now=NOW, tz=TZ
        )
    finally:
        event.remove(session, "loaded_as_persistent", on_load)
    assert found.case_count == 40 and len(found.cases) == desk.CASES_SHOWN
    assert [line.case.name for line in found.cases][:2] == ["Case 000", "Case 001"]
    assert found.cases[0].next_deadline is not None
    assert len(set(loaded)) == desk.CASES_SHOWN + 1  # the 30 shown, and the one holding a task
    view = home.desk(found, tz=TZ)
    assert "…and 10 more" in str(view) and "task 1" in str(view)


def test_my_list_names_each_task_s_case_when_i_am_in_several(session):
    made = _cases(session, 3)
    add_task(session, made[1], 4, assignee="UBOB", due_at=NOW + timedelta(days=2))
    session.commit()
    channels = {c.channel_id for c in made}
    found = listing.for_user(session, user_id="UBOB", channels=channels, now=NOW, tz=TZ)
    assert found.count == 1 and list(found.cases) == [made[1].id]
    assert "Case 001" in str(tasklist.listing(found, tz=TZ))
