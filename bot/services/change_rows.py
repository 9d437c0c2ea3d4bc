"""What a change to one task reads and writes, in as few statements as it allows.

One statement reads the case and the task, locked (`FOR UPDATE OF task` on PostgreSQL; on SQLite
a no-op `UPDATE` first takes the write lock), whether the request was handled before, and, when
asked, what the change's messages need (the delegation DMs already sent, who keeps a Home open).
The change is then written with one `UPDATE ... WHERE` the columns it changes still hold what was
read, and its audit event with one `INSERT`: no unit of work, nothing left for the session to
flush.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, inspect, select, update
from sqlalchemy.orm.base import NO_VALUE
from sqlmodel import Session, col

from bot.models import Case, HomeView, Outbox, RequestKey, Task
from bot.services.errors import Conflict
from bot.vocab import OutboxKind, OutboxStatus

TASK = Task.__table__  # type: ignore[attr-defined]
COLUMNS = frozenset(str(c.name) for c in TASK.columns)


@dataclass(frozen=True)
class SentDM:
    """A delegation DM already sent: its row, recipient, message ts and who sent it."""

    row_id: int
    recipient: str
    ts: str
    actor: str


@dataclass(frozen=True)
class Around:
    """What a status change's messages need, read with the task: the assignee's delegation DMs
    already sent (to redraw) and which of assignee and creator keep a Home open."""

    dms: tuple[SentDM, ...]
    homes: frozenset[str]


@dataclass(frozen=True)
class Read:
    """The case, its task locked, whether this request was handled before, and what's around."""

    case: Case
    task: Task
    replayed: bool
    around: Around | None = None


def locked_read(
    session: Session, *, channel_id: str, number: int, request_key: str | None, around: bool
) -> Read | None:
    """Case, task (locked for this transaction, read fresh) and the rest, in one statement
    (None: no such task in the channel's case, or no case)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    params = {"channel_id": channel_id, "task_number": number, "request_key": request_key}
    if not postgres:  # SQLite has no row locks: take the database's write lock first
        session.execute(_sqlite_lock(), params)
    found = session.execute(_read_query(postgres, bool(request_key), around), params).all()
    if not found:
        return None
    case, task, replayed = found[0][0], found[0][1], bool(found[0][2])
    if not around:
        return Read(case, task, replayed)
    first = found[0]
    homes = frozenset(
        who
        for who, keeps in ((task.assignee_id, first[3]), (task.created_by, first[4]))
        if keeps and who
    )
    dms = tuple(
        SentDM(r[5], r[6], r[7], json.loads(r[8]).get("actor", "") if r[8] else "")
        for r in found
        if r[5] is not None
    )
    return Read(case, task, replayed, Around(dms=dms, homes=homes))


@cache
def _sqlite_lock() -> Any:
    """A no-op UPDATE of task :task_number of :channel_id's case (built once)."""
    of_case = select(col(Case.id)).where(col(Case.channel_id) == bindparam("channel_id"))
    return (
        update(Task)
        .where(col(Task.case_id) == of_case.scalar_subquery())
        .where(col(Task.number) == bindparam("task_number"))
        .values(id=col(Task.id))
        .execution_options(synchronize_session=False)
    )


@cache
def _read_query(postgres: bool, keyed: bool, around: bool) -> Any:
    """locked_read's statement for :channel_id, :task_number, :request_key (built once a kind)."""
    seen = (
        select(col(RequestKey.key)).where(col(RequestKey.key) == bindparam("request_key")).exists()
        if keyed
        else false()
    )
    extra: list[Any] = []
    if around:
        extra = [
            select(col(HomeView.user_id)).where(col(HomeView.user_id) == Task.assignee_id).exists(),
            select(col(HomeView.user_id)).where(col(HomeView.user_id) == Task.created_by).exists(),
            Outbox.id,
            Outbox.recipient,
            Outbox.ts,
            Outbox.payload,
        ]
    query = (
        select(Case, Task, seen, *extra)
        .select_from(Task)
        .join(Case, col(Case.id) == col(Task.case_id))
        .where(col(Case.channel_id) == bindparam("channel_id"))
        .where(col(Task.number) == bindparam("task_number"))
    )
    if around:
        query = query.outerjoin(
            Outbox,
            (col(Outbox.task_id) == col(Task.id))
            & (col(Outbox.kind) == OutboxKind.ASSIGN_DM)
            & (col(Outbox.status) == OutboxStatus.SENT)
            & col(Outbox.ts).is_not(None)
            & (col(Outbox.recipient) == col(Task.assignee_id)),
        ).order_by(col(Outbox.id))
    if postgres:
        query = query.with_for_update(of=Task)
    return query.execution_options(populate_existing=True)


def save(session: Session, task: Task) -> None:
    """Write the columns the change set on the task in one UPDATE, only while they still hold
    what was read (Conflict otherwise); the task is then as if loaded, nothing left to flush."""
    state = inspect(task)
    read = state.committed_state  # column -> its value as read (or as last flushed)
    changed = {name: getattr(task, name) for name in read if name in COLUMNS}
    changed = {name: value for name, value in changed.items() if value != read[name]}
    if changed:
        guard: list[ColumnElement[bool]] = [
            TASK.c[name].is_not_distinct_from(read[name])
            for name in sorted(changed)
            if read[name] is not NO_VALUE
        ]
        # on the session's connection: Core, no autoflush of the change being written here
        done = (
            session.connection()
            .execute(update(TASK).where(TASK.c.id == task.id, *guard).values(changed))
            .rowcount
        )
        if done != 1:  # cannot happen under the row lock; never overwrite a change
            raise Conflict(f"#{task.number} was changed a moment ago. Nothing changed.")
    state._commit_all(state.dict, session.identity_map)  # written: nothing for the flush
