"""Alembic environment: runs on the connection the store hands over, in batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from mentordesk.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("MentorDesk migrations run online, from the application.")
run_migrations_online()
