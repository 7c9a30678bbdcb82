"""Alembic migrations, run programmatically on an async engine.

The service calls `prepare_database(engine, upgrade=...)` at start: on SQLite (one instance, no one
else to coordinate with) it upgrades; on PostgreSQL several instances may share the database, so a
schema that is behind is reported and the operator decides when to run `policybot db upgrade`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import ConfigurationError
from bot.records.db import is_sqlite

HERE = Path(__file__).resolve().parent


def alembic_config() -> Config:
    config = Config(str(HERE / "alembic.ini"))
    config.set_main_option("script_location", str(HERE / "migrations"))
    return config


@functools.cache  # the scripts ship with the code: read once per process, not per probe
def head_revisions() -> frozenset[str]:
    """The revisions this code expects the database to be at."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


@functools.cache
def known_revisions() -> frozenset[str]:
    """Every revision this code ships, old and new: one it does not know is from a newer
    release (a rolling upgrade that migrated first)."""
    return frozenset(
        {
            script.revision
            for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
        }
    )


async def current_revisions(engine: AsyncEngine) -> set[str]:
    """The revisions the database is at; empty for a database never migrated."""
    async with engine.connect() as conn:
        return await conn.run_sync(_current)


def _current(conn: Connection) -> set[str]:
    return set(MigrationContext.configure(conn).get_current_heads())


# Any fixed 64-bit number: the key of the lock every replica takes before migrating.
MIGRATION_LOCK = 0x706F6C6963790001


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply migrations up to `revision`, in one transaction where the database allows it. On
    PostgreSQL the transaction first takes an advisory lock, so replicas that all start with
    the upgrade requested take turns: the first migrates, the others then find nothing to do
    (without it, all but one fail on the DDL they race to run and their containers restart)."""
    async with engine.begin() as conn:
        if not is_sqlite(engine):
            await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        await conn.run_sync(_upgrade, revision)


def _upgrade(conn: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = conn
    command.upgrade(config, revision)


async def check_current(engine: AsyncEngine) -> None:
    """Raise ConfigurationError unless the database schema is exactly what this code expects."""
    current, heads = await current_revisions(engine), head_revisions()
    if current == heads:
        return
    known = {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current - known:
        raise ConfigurationError(
            f"The database is at revision {', '.join(sorted(current))}, which this version of "
            "policybot does not know: it was migrated by a newer release. Deploy that release."
        )
    at = ", ".join(sorted(current)) or "an empty schema"
    raise ConfigurationError(
        f"The database is behind: it is at {at}, this release needs {', '.join(sorted(heads))}. "
        "Run `policybot db upgrade` (with POLICYBOT_DATABASE_URL set) once, then start the "
        "service again, or start it with upgrade requested."
    )


async def prepare_database(engine: AsyncEngine, *, upgrade_requested: bool = False) -> None:
    """What the service runs at start: upgrade SQLite (or when asked), otherwise only check."""
    if is_sqlite(engine) or upgrade_requested:
        await upgrade(engine)
    await check_current(engine)
