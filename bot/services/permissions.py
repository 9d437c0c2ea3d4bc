"""Who may do what in a case: one place for the checks every service shares."""

from __future__ import annotations

from bot.models import Case, Series, Task
from bot.services.errors import Forbidden


def lead_of(case: Case) -> str:
    """Who runs the case: its lead, or its creator when it has none."""
    return case.lead_id or case.created_by


IN_DM = (
    "This is your DM with Docket, not a case's channel, so there is no case here. "
    "`/task list mine` (your open tasks) and `/case list` (your open cases) work anywhere, "
    "here too. Run a command for one case (`/case`, `/case history`, `/task list`, "
    "`/task show 2` …) in that case's channel."
)


def require_member(user_id: str, members: set[str], *, direct: bool = False) -> None:
    """Forbidden unless the user is in the case's channel (members: who Slack says is in it).

    `direct`: the request came from the user's DM with Docket, which is no case's channel.
    """
    if direct:
        raise Forbidden(IN_DM)
    if not members:
        raise Forbidden(
            "I can't see who is in this channel, so I can't show or change its case. "
            "Invite me with `/invite @Docket` and try again."
        )
    if user_id not in members:
        raise Forbidden("Only members of this case's channel can see or change the case.")


def require_lead(case: Case, user_id: str, *, to: str) -> None:
    """Forbidden unless the user leads the case; `to` says what only the lead may do."""
    if user_id != lead_of(case):
        raise Forbidden(f"Only the case lead (<@{lead_of(case)}>) {to}.")


def may_edit(case: Case, task: Task, user_id: str) -> bool:
    """The assignee, the creator and the case lead may change a task."""
    return user_id in {task.assignee_id, task.created_by, case.lead_id}


def require_editor(case: Case, task: Task, user_id: str) -> None:
    """Forbidden unless the user may change the task."""
    if not may_edit(case, task, user_id):
        raise Forbidden(
            f"Only the assignee (<@{task.assignee_id}>), the creator (<@{task.created_by}>) or "
            f"the case lead can change #{task.number}."
        )


def require_series_owner(case: Case, series: Series, user_id: str) -> None:
    """Forbidden unless the user leads the case or set up the repeat."""
    lead = lead_of(case)
    if user_id not in (lead, series.created_by):
        raise Forbidden(
            f"Only the case lead (<@{lead}>) or whoever set up the repeat "
            f"(<@{series.created_by}>) can stop it."
        )
