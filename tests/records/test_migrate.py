"""Migrations: an empty database is brought to head; a database that is behind is refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.errors import ConfigurationError
from bot.records.db import create_engine
from bot.records.migrate import (
    check_current,
    current_revisions,
    head_revisions,
    prepare_database,
    upgrade,
)
from bot.records.models import Base

TABLES = {
    "interactions",
    "approval_requests",
    "incidents",
    "conversation_references",
    "outbox",
    "audit_log",
    "bot_state",
    "counters",
    "case_notes",
    "posted_cards",
}


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_upgrade_on_an_empty_database_creates_every_table(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine)
        assert await _tables(engine) >= TABLES
        assert await current_revisions(engine) == head_revisions()
        await check_current(engine)
        await upgrade(engine)  # idempotent
    finally:
        await engine.dispose()


async def test_a_database_that_is_behind_is_reported_with_the_fix(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        with pytest.raises(ConfigurationError, match="policybot db upgrade"):
            await check_current(engine)
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_service_start_refuses_a_postgres_database_that_is_behind(pg_empty_url: str):
    engine = create_engine(pg_empty_url)
    try:
        with pytest.raises(ConfigurationError, match="behind"):
            await prepare_database(engine)
        assert await _tables(engine) == set()
        await prepare_database(engine, upgrade_requested=True)
        assert await _tables(engine) >= TABLES
    finally:
        await engine.dispose()


async def test_service_start_upgrades_sqlite_itself(tmp_path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/new/dir/db.sqlite3")
    try:
        await prepare_database(engine)
        assert await _tables(engine) >= TABLES
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_busy_timeout(tmp_path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/p.sqlite3")
    try:
        async with engine.connect() as conn:
            mode = (await conn.exec_driver_sql("PRAGMA journal_mode")).scalar()
            fks = (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar()
            busy = (await conn.exec_driver_sql("PRAGMA busy_timeout")).scalar()
        assert (mode, fks) == ("wal", 1)
        assert busy >= 1000
    finally:
        await engine.dispose()


def test_an_unsupported_driver_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="postgresql\\+asyncpg"):
        create_engine("mysql://localhost/db")


def _drift(connection) -> list:
    context = MigrationContext.configure(connection, opts={"compare_type": False})
    return compare_metadata(context, Base.metadata)


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_the_migrations_build_exactly_the_tables_the_models_describe(
    database: str, empty_database_url: str, request: pytest.FixtureRequest
) -> None:
    url = empty_database_url if database == "sqlite" else request.getfixturevalue("pg_empty_url")
    engine = create_engine(url)
    try:
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_drift) == []
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "database", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
async def test_a_database_with_records_at_0001_upgrades_keeping_them(
    database: str, empty_database_url: str, request: pytest.FixtureRequest
) -> None:
    from sqlalchemy import text

    url = empty_database_url if database == "sqlite" else request.getfixturevalue("pg_empty_url")
    engine = create_engine(url)
    try:
        await upgrade(engine, "0001")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO incidents (reference, created_at, updated_at, reporter_id, "
                    "reporter_name, description, severity, status) VALUES ('INC-0001', "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'aad-1', 'Rita', 'pasted', 'high', "
                    "'open')"
                )
            )
        await upgrade(engine)
        async with engine.connect() as conn:
            row = (
                await conn.execute(
                    text("SELECT description, data_kinds, severity_reasons FROM incidents")
                )
            ).one()
        assert row[0] == "pasted" and row[1] in ("[]", []) and row[2] in ("[]", [])
        assert await current_revisions(engine) == head_revisions()
    finally:
        await engine.dispose()
