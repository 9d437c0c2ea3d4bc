"""Alembic environment: migrations run against the engine Docket hands over."""

from alembic import context
from sqlmodel import SQLModel

from bot import models  # noqa: F401

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    """Run migrations on the engine given in config.attributes (or DATABASE_URL)."""
    engine = config.attributes.get("engine")
    if engine is None:
        import os

        from bot.config import normalize_db_url
        from bot.db import make_engine

        engine = make_engine(
            normalize_db_url(os.environ.get("DATABASE_URL", "sqlite:///docket.db"))
        )
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
