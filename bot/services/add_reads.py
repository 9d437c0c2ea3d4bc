"""What adding a task reads before it writes, in one SELECT instead of six.

The channel's case with its workspace (the zone of last resort), the deployment's alert policy,
the request's key (a retry of a request already handled), the first assignee's and the lead's
profiles (their zones, for the alerts) and whether the assignee and the requester keep an App
Home: each was a query of its own in the same transaction, read for the same add. The rows are
held for the session (`lookup`), so the code that needs them later reads nothing again.
"""

from __future__ import annotations

from sqlalchemy import String, bindparam, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from bot.models import AlertPolicy, Case, HomeView, RequestKey, UserProfile, Workspace
from bot.services.lookup import CASES, case_for_channel, hold, hold_homes, remember_case
from bot.services.policy import DEFAULT_KEY

_WHO = aliased(UserProfile, name="who")
_LEAD = aliased(UserProfile, name="lead")
_WHO_HOME = aliased(HomeView, name="who_home")
_ACTOR_HOME = aliased(HomeView, name="actor_home")
# Built once: its values are bound parameters (a None key joins nothing: NULL equals nothing).
_QUERY = (
    select(Case, Workspace, AlertPolicy, RequestKey, _WHO, _LEAD)
    .add_columns(col(_WHO_HOME.user_id), col(_ACTOR_HOME.user_id))
    .outerjoin(Workspace, col(Workspace.id) == col(Case.team_id))
    .outerjoin(AlertPolicy, col(AlertPolicy.id) == DEFAULT_KEY)
    .outerjoin(RequestKey, col(RequestKey.key) == bindparam("key", type_=String))
    .outerjoin(_WHO, col(_WHO.id) == bindparam("person", type_=String))
    .outerjoin(_LEAD, col(_LEAD.id) == col(Case.lead_id))
    .outerjoin(_WHO_HOME, col(_WHO_HOME.user_id) == bindparam("person", type_=String))
    .outerjoin(_ACTOR_HOME, col(_ACTOR_HOME.user_id) == bindparam("actor", type_=String))
    .where(col(Case.channel_id) == bindparam("channel", type_=String))
)


def case_and_key(
    session: Session, *, channel_id: str, person: str, actor_id: str, request_key: str | None
) -> tuple[Case, RequestKey | None]:
    """The channel's case (NotFound: none) and the request's key if it was handled, with the
    rows an add reads later held for the session; the case alone when the session has it."""
    if channel_id in session.info.get(CASES, {}):
        case = case_for_channel(session, channel_id=channel_id)
        return case, session.get(RequestKey, request_key) if request_key else None
    bound = {"channel": channel_id, "person": person, "actor": actor_id, "key": request_key}
    found = session.execute(_QUERY, bound).first()
    case = remember_case(session, found[0] if found is not None else None)
    assert found is not None
    _, workspace, policy, seen, who, lead, who_home, actor_home = found
    if workspace is not None:
        hold(session, Workspace, workspace.id, workspace)
    if policy is not None:
        hold(session, AlertPolicy, policy.id, policy)
    for profile in (who, lead):
        if profile is not None:
            hold(session, UserProfile, profile.id, profile)
    hold_homes(session, {person: who_home is not None, actor_id: actor_home is not None})
    return case, seen
