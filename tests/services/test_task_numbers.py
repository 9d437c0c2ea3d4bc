"""Task numbers are taken only while the case is open, whatever happened since it was read."""

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from bot.models import Case
from bot.services import cases, rows, tasks
from bot.services.errors import Conflict
from bot.vocab import CaseStatus

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


def _case(engine) -> int:
    with Session(engine) as session:
        case = cases.create_case(
            session, team_id="T1", channel_id="C1", name="Smith v. Jones", matter_number=None,
            actor_id="UALICE", now=NOW,
        )  # fmt: skip
        session.commit()
        return case.id or 0


def test_an_add_that_read_the_case_open_takes_no_number_once_it_is_closed(engine):
    case_id = _case(engine)
    with Session(engine, expire_on_commit=False) as adding:
        case = tasks.open_case(adding, channel_id="C1")  # read open: the add goes on
        adding.commit()  # (SQLite: let the closing session write)
        with Session(engine) as closing:  # meanwhile someone closes the case
            closed = closing.get(Case, case_id)
            assert closed is not None
            closed.status = CaseStatus.CLOSED
            closing.commit()
        with pytest.raises(Conflict, match="closed just now"):
            rows.take_number(adding, case=case)
        adding.rollback()
    with Session(engine) as session:
        after = session.get(Case, case_id)
        assert after is not None and after.next_task_number == 1  # no number was spent


def test_an_open_case_gives_consecutive_numbers(engine):
    _case(engine)
    with Session(engine, expire_on_commit=False) as session:
        case = tasks.open_case(session, channel_id="C1")
        assert [rows.take_number(session, case=case) for _ in range(3)] == [1, 2, 3]
