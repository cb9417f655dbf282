"""Alembic environment: migrations run against the URL psoas passes in, never an ini file."""

from alembic import context
from sqlalchemy import engine_from_config, pool

from psoas.store.models import Base

config = context.config


def run_migrations_online() -> None:
    """Run migrations with a connection given by psoas, or one made from the configured URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = engine_from_config(
        config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.", poolclass=pool.NullPool
    )
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
