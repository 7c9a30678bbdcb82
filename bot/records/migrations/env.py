"""Alembic environment: migrations always run on a connection handed over by bot.records.migrate."""

from alembic import context

from bot.records.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `policybot db upgrade` (bot.records.migrate)")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
