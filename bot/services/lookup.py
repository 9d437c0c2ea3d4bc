"""Finding a channel's case and the rows a request reads more than once, each read once.

A session keeps only weak references to the rows it loaded, so a row read twice in one request
is read twice from the database unless something holds it: `held` holds what it read for the
session's life (one unit of work), and `case_for_channel` remembers which case a channel has.
"""

from __future__ import annotations

from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from bot.models import Case
from bot.services.errors import NotFound

M = TypeVar("M", bound=SQLModel)
HELD = "docket_held"  # session.info key: (model, key) -> the row, held for the session's life
CASES = "docket_case_of_channel"  # session.info key: channel id -> its case's id


def held(session: Session, model: type[M], key: Any) -> M | None:
    """session.get(model, key), held for the session's life: a second get reads nothing."""
    found = session.get(model, key)
    if found is not None:
        session.info.setdefault(HELD, {})[model, key] = found
    return found


def case_for_channel(session: Session, *, channel_id: str) -> Case:
    """The case linked to channel_id, or NotFound with how to create one (read once a session)."""
    known = session.info.get(CASES, {}).get(channel_id)
    case = session.get(Case, known) if known is not None else None
    if case is not None and case.channel_id == channel_id:
        return case
    case = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if case is None:
        raise NotFound(
            "This channel isn't linked to a case yet. "
            "Start one with `/case new Smith v. Jones 2026-CV-0142`."
        )
    session.info.setdefault(CASES, {})[channel_id] = case.id
    session.info.setdefault(HELD, {})[Case, case.id] = case
    return case
