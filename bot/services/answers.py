"""Questions answered by a button: the first answer settles the question; every later click on
any of its buttons (a second click, the other choice, a stale one) is told what was chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.models import QuestionAnswer
from bot.services import rows
from bot.services.errors import Conflict


@dataclass(frozen=True)
class Answer:
    """What settled a question: who chose what, when (read before the rollback)."""

    actor_id: str
    choice: str
    at: datetime


class AlreadyAnswered(Conflict):
    """The question was answered before (by this click's winner); nothing was changed."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(f"Already answered: {answer.choice}. Nothing changed.")
        self.answer = answer


def question_id(asked: object) -> str | None:
    """The id a question's answer is kept under (its asking request's key), None if unknown."""
    return f"answer:{asked}"[:160] if asked else None


def settle(
    session: Session, *, question: str | None, actor_id: str, choice: str, now: datetime
) -> None:
    """Record this click as the question's answer, in the caller's transaction; AlreadyAnswered
    (roll back) when another click answered it first, even one committed a moment ago."""
    if question is None:
        return
    values = {"question": question, "actor_id": actor_id, "choice": choice[:200], "at": now}
    if rows.insert_missing(session, QuestionAnswer, values, keys=["question"]):
        return
    session.expire_all()  # the winner's row as committed, not a stale identity-map copy
    found = session.get(QuestionAnswer, question)
    if found is None:  # cannot be: the insert just met it; say so rather than change anything
        raise Conflict("That question was answered a moment ago; nothing was done twice.")
    raise AlreadyAnswered(Answer(found.actor_id, found.choice, found.at))


def answered(session: Session, *, question: str | None) -> Answer | None:
    """The answer that settled the question, if it was answered."""
    found = session.get(QuestionAnswer, question) if question else None
    return None if found is None else Answer(found.actor_id, found.choice, found.at)
