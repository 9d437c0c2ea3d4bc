"""Finding a channel's case and the rows a request reads more than once, each read once.

A session keeps only weak references to the rows it loaded, so a row read twice in one request
is read twice from the database unless something holds it: `held` holds what it read for the
session's life (one unit of work), and `case_for_channel` remembers which case a channel has.
What a request already knows without asking the database again is held here too: a channel's
members as the request read them (`hold_members`) and who keeps an App Home (`hold_homes`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm.attributes import instance_state
from sqlmodel import Session, SQLModel, select

from bot.models import Case
from bot.services.errors import NoCase

M = TypeVar("M", bound=SQLModel)
HELD = "docket_held"  # session.info key: (model, key) -> the row, held for the session's life
CASES = "docket_case_of_channel"  # session.info key: channel id -> its case's id
MEMBERS = "docket_members"  # session.info key: channel id -> its members as this request read
HOMES = "docket_homes"  # session.info key: user id -> whether they keep an App Home


def held(session: Session, model: type[M], key: Any) -> M | None:
    """session.get(model, key), held for the session's life: a second get reads nothing."""
    known = session.info.get(HELD, {}).get((model, key))
    if known is not None and instance_state(known).persistent:
        return known  # type: ignore[no-any-return]
    found = session.get(model, key)
    if found is not None:
        hold(session, model, key, found)
    return found


def hold(session: Session, model: type[M], key: Any, row: M) -> None:
    """Hold a row this session read (a join brought it), so `held` reads it no more."""
    session.info.setdefault(HELD, {})[model, key] = row


def hold_members(session: Session, *, channel_id: str, members: set[str]) -> None:
    """The channel's members as this request read them (from the store, or Slack just now)."""
    session.info.setdefault(MEMBERS, {})[channel_id] = frozenset(members)


def members_held(session: Session, *, channel_id: str) -> frozenset[str] | None:
    """The channel's members this request read (None: not read in this request)."""
    found: frozenset[str] | None = session.info.get(MEMBERS, {}).get(channel_id)
    return found


def hold_homes(session: Session, homes: Mapping[str, bool]) -> None:
    """Whether each of these users keeps an App Home, as this session read it."""
    session.info.setdefault(HOMES, {}).update(homes)


def homes_held(session: Session, user_ids: Iterable[str]) -> tuple[set[str], set[str]]:
    """Of user_ids: those known to keep a Home, and those not read yet in this session."""
    known: dict[str, bool] = session.info.get(HOMES, {})
    keep = {user for user in user_ids if known.get(user)}
    return keep, {user for user in user_ids if user not in known}


def case_for_channel(session: Session, *, channel_id: str) -> Case:
    """The case linked to channel_id, or NoCase with how to create one (read once a session)."""
    known = session.info.get(CASES, {}).get(channel_id)
    case = held(session, Case, known) if known is not None else None
    if case is not None and case.channel_id == channel_id:
        return case
    found = session.exec(select(Case).where(Case.channel_id == channel_id)).first()
    return remember_case(session, found)


def remember_case(session: Session, case: Case | None) -> Case:
    """The channel's case as read, remembered for the session; NoCase when there is none."""
    if case is None:
        raise NoCase(
            "This channel isn't linked to a case yet. "
            "Start one with `/case new Smith v. Jones 2026-CV-0142`."
        )
    session.info.setdefault(CASES, {})[case.channel_id] = case.id
    hold(session, Case, case.id, case)
    return case
