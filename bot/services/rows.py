"""Writes that stay right under concurrency: upserts, row locks, and per-case task numbers.

PostgreSQL and SQLite both take `INSERT ... ON CONFLICT` and `UPDATE ... RETURNING`. A row lock is
`SELECT ... FOR UPDATE` on PostgreSQL; SQLite has no row locks, so a no-op `UPDATE` takes the
database's write lock for the rest of the transaction (other writers wait on busy_timeout).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy import Integer, bindparam, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, SQLModel, col, select

from bot.models import Case
from bot.services.errors import Conflict
from bot.vocab import CaseStatus

M = TypeVar("M", bound=SQLModel)
_MISSING: dict[tuple[Any, ...], Any] = {}  # insert_missing's statements, by dialect and shape


def table_insert(session: Session, model: type[SQLModel]) -> Any:
    """A Core INSERT into the model's table for the session's dialect (ON CONFLICT)."""
    table = model.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_into(session: Session, model: type[SQLModel]) -> Any:
    """An ORM-enabled INSERT for the session's dialect (ON CONFLICT, RETURNING the model)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def values_of(row: SQLModel) -> dict[str, Any]:
    """A new row's column values (defaults filled in, no id yet) for an INSERT statement."""
    table = type(row).__table__  # type: ignore[attr-defined]
    values = {c.name: getattr(row, c.name) for c in table.columns}
    return {name: value for name, value in values.items() if value is not None or name != "id"}


def insert_missing(
    session: Session, model: type[SQLModel], values: Mapping[str, Any], *, keys: Iterable[str]
) -> bool:
    """Insert the row unless one with the same keys exists (another request's is kept).

    True when this call inserted it. Never fails because a concurrent request did the same.
    """
    session.flush()  # pending ORM changes first, so they cannot overwrite this later
    shape = (session.get_bind().dialect.name, model, tuple(values), tuple(keys))
    stmt = _MISSING.get(shape)
    if stmt is None:  # built once per shape: the values are bound at execution
        table = model.__table__  # type: ignore[attr-defined]
        stmt = table_insert(session, model).on_conflict_do_nothing(index_elements=list(keys))
        stmt = _MISSING[shape] = stmt.returning(*table.primary_key.columns)
    # Whether a row came back says whether it was inserted (psycopg's rowcount says 1 either way)
    return session.execute(stmt, dict(values)).first() is not None


def insert_new(
    session: Session, model: type[M], values: Mapping[str, Any], *, keys: Iterable[str]
) -> M | None:
    """`insert_missing`, returning the row inserted (None: one with the same keys was there)."""
    stmt = insert_into(session, model).values(**values)
    stmt = stmt.on_conflict_do_nothing(index_elements=list(keys)).returning(model)
    fresh = {"populate_existing": True}
    return session.scalars(stmt, execution_options=fresh).first()


def upsert(
    session: Session,
    model: type[SQLModel],
    values: Mapping[str, Any],
    *,
    keys: Iterable[str],
    update_columns: Iterable[str],
    where: Any = None,
) -> None:
    """Insert the row, or update `update_columns` of the one with the same keys, in one statement.

    `where` limits which existing rows are updated (the others are kept as they are).
    """
    session.flush()  # pending ORM changes first, so they cannot overwrite this later
    stmt = table_insert(session, model).values(**values)
    changed = {name: stmt.excluded[name] for name in update_columns}
    stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=changed, where=where)
    session.execute(stmt.execution_options(synchronize_session=False))


def lock(session: Session, row: M) -> M:
    """Lock `row` for this transaction and return it re-read (what a concurrent writer committed).

    Whoever locks second waits, then reads the first one's result: a change decided on what this
    returns cannot be overtaken. Commit or roll back soon: others wait on it.
    """
    model = type(row)
    pk = model.__table__.primary_key.columns.values()[0]  # type: ignore[attr-defined]
    ident = getattr(row, pk.name)
    if session.get_bind().dialect.name != "postgresql":
        session.execute(
            update(model)
            .where(pk == ident)
            .values({pk.name: pk})
            .execution_options(synchronize_session=False)
        )
    query = select(model).where(pk == ident).execution_options(populate_existing=True)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.exec(query).one()


def lock_where(session: Session, model: type[M], *where: Any) -> M | None:
    """The row matching `where`, locked for this transaction and read fresh (None: no such row).

    `lock` for a row not read yet: one `SELECT ... FOR UPDATE` on PostgreSQL, no unlocked read
    before it.
    """
    postgres = session.get_bind().dialect.name == "postgresql"
    if not postgres:
        pk = model.__table__.primary_key.columns.values()[0]  # type: ignore[attr-defined]
        session.execute(
            update(model)
            .where(*where)
            .values({pk.name: pk})
            .execution_options(synchronize_session=False)
        )
    query = select(model).where(*where).execution_options(populate_existing=True)
    if postgres:
        query = query.with_for_update()
    return session.exec(query).first()


_TAKE = (  # built once: the case is a bound parameter
    update(Case)
    .where(col(Case.id) == bindparam("case_id", type_=Integer), col(Case.status) == CaseStatus.OPEN)
    .values(next_task_number=col(Case.next_task_number) + 1)
    .returning(col(Case.next_task_number))
    .execution_options(synchronize_session=False)
)


def take_number(session: Session, *, case: Case) -> int:
    """The case's next task number, taken atomically (one UPDATE ... RETURNING) while it is open.

    Concurrent adds to one case queue on the case row and get consecutive numbers, no gaps
    (a rolled-back add returns its number with it). The number is taken only while the case is
    still open, so an add that read it open just before someone closed it adds nothing (Conflict)
    instead of a task in a closed case. The in-memory case is kept in step without marking it
    changed, so no stale value is ever written back.
    """
    taken = session.execute(_TAKE, {"case_id": case.id}).scalar_one_or_none()
    if taken is None:
        raise Conflict(
            "This case was closed just now, so nothing was added. Reopen it with `/case reopen` "
            "to add work."
        )
    set_committed_value(case, "next_task_number", taken)
    return int(taken) - 1
