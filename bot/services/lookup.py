"""Finding a channel's case: the leaf every service that starts from a channel shares."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.models import Case
from bot.services.errors import NotFound


def case_for_channel(session: Session, *, channel_id: str) -> Case:
    """The case linked to channel_id, or NotFound with how to create one."""
    case = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    if case is None:
        raise NotFound(
            "This channel isn't linked to a case yet. "
            "Start one with `/case new Smith v. Jones 2026-CV-0142`."
        )
    return case
