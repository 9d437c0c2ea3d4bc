"""A question is settled by its first answer: a click that read it open and settles after
another click committed is told what was chosen, and its own change is not made."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.models import QuestionAnswer
from bot.services import answers

NOW = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)


@pytest.mark.db
def test_the_second_of_two_clicks_at_once_is_told_the_first_ones_choice(engine):
    question = answers.question_id("T123")
    with Session(engine) as late:
        assert late.get(QuestionAnswer, question) is None  # read open: this click goes on
        late.rollback()  # (SQLite: let the other click write)
        with Session(engine) as first:  # meanwhile the other button's click commits
            answers.settle(first, question=question, actor_id="UA", choice="Sat Dec 5", now=NOW)
            first.commit()
        with pytest.raises(answers.AlreadyAnswered) as told:
            answers.settle(
                late, question=question, actor_id="UB", choice="Wed May 12", now=NOW + timedelta(1)
            )
        late.rollback()
    assert told.value.answer == answers.Answer("UA", "Sat Dec 5", NOW)
    with Session(engine) as session:
        kept = session.get(QuestionAnswer, question)
        assert kept is not None and (kept.actor_id, kept.choice) == ("UA", "Sat Dec 5")


def test_no_question_id_settles_nothing(engine):
    assert answers.question_id(None) is None
    with Session(engine) as session:
        answers.settle(session, question=None, actor_id="UA", choice="x", now=NOW)
        assert session.get(QuestionAnswer, "answer:None") is None
