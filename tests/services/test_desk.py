"""The desk (App Home) and `/task list mine`: work that follows what is shown, not the cases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from bot.blocks import home, tasklist
from bot.models import Case
from bot.services import desk, listing, people
from bot.vocab import TaskKind
from tests.factories import add_case, add_task

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
TZ = "America/New_York"


def _cases(session, count: int) -> list[Case]:
    """`count` open cases, UBOB a member of each one's channel."""
    made = [add_case(session, f"C{n:03d}", f"Case {n:03d}", now=NOW) for n in range(count)]
    for case in made:
        people.set_membership(session, channel_id=case.channel_id, user_id="UBOB", member=True)
    return made


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
        found = desk.desk_of(session, user_id="UBOB", now=NOW, tz=TZ)
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
    found = listing.for_user(session, user_id="UBOB", now=NOW, tz=TZ)
    assert found.count == 1 and list(found.cases) == [made[1].id]
    assert "Case 001" in str(tasklist.listing(found, tz=TZ))


@contextmanager
def _statements(session) -> Iterator[list[str]]:
    """The statements the session's engine runs inside the block."""
    seen: list[str] = []
    engine = session.get_bind()

    def executed(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", executed)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", executed)


def test_my_list_and_the_desk_cost_the_same_statements_at_any_number_of_cases(session):
    counted: dict[int, tuple[int, int]] = {}
    made: list[Case] = []
    for size in (3, 40):
        for n in range(len(made), size):
            case = add_case(session, f"C{n:03d}", f"Case {n:03d}", now=NOW)
            people.set_membership(session, channel_id=case.channel_id, user_id="UBOB", member=True)
            add_task(session, case, 1, assignee="UBOB", due_at=NOW + timedelta(days=n % 9))
            made.append(case)
        session.commit()
        session.expunge_all()
        with _statements(session) as mine:
            found = listing.for_user(session, user_id="UBOB", now=NOW, tz=TZ)
        session.expunge_all()
        with _statements(session) as home_reads:
            home.desk(desk.desk_of(session, user_id="UBOB", now=NOW, tz=TZ), tz=TZ)
        assert found.count == size and found.across_cases
        counted[size] = (len(mine), len(home_reads))
    assert counted[3] == counted[40] == (1, 3)
