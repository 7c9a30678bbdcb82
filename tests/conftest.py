"""Database fixtures: SQLite files in tmp_path and a real PostgreSQL for the `postgres` tests.

PostgreSQL comes from POLICYBOT_TEST_DATABASE_URL when set (a URL whose user may CREATE DATABASE),
otherwise from a throwaway cluster started by tests/pg.py for the session. Without PostgreSQL the
postgres tests are skipped with a visible reason, except under CI=true, where that is a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import asyncpg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.devtools.fake_connector import FakeConnector
from bot.records.db import create_engine, create_session_factory
from bot.records.migrate import upgrade
from tests.pg import TemporaryPostgres, find_bindir, with_database

T = TypeVar("T")
TEMPLATE_DB = "policybot_test_template"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but PostgreSQL is unavailable: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """URL of a PostgreSQL database from which test databases can be created."""
    if url := os.environ.get("POLICYBOT_TEST_DATABASE_URL"):
        yield url
        return
    bindir = find_bindir()
    if bindir is None:
        _unavailable("no initdb found (install Debian's `postgresql` package)")
    server = TemporaryPostgres(bindir)
    try:
        url = server.start()
    except Exception as exc:
        server.stop()
        _unavailable(f"could not start a temporary server: {exc}\n{server.log_tail()}")
    try:
        yield url
    finally:
        server.stop()


def _asyncpg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


async def _create_database(admin_url: str, name: str, template: str | None = None) -> str:
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        template_clause = f' TEMPLATE "{template}"' if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{template_clause}')
    finally:
        await conn.close()
    return with_database(admin_url, name)


async def _create_template(admin_url: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"')
    finally:
        await conn.close()
    url = await _create_database(admin_url, TEMPLATE_DB)
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run set-up work to completion from a sync fixture.

    In a thread of its own because these fixtures are sometimes first requested from inside a
    running event loop (a parametrised async fixture), where asyncio.run is refused.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> Iterator[str]:
    """A migrated database that each test's PostgreSQL database is copied from (fast)."""
    _run(_create_template(pg_admin_url))
    yield TEMPLATE_DB
    _run(_drop_database(pg_admin_url, TEMPLATE_DB))


def _fresh_name() -> str:
    return f"policybot_test_{uuid.uuid4().hex[:12]}"


async def _drop_database(admin_url: str, name: str) -> None:
    conn = await asyncpg.connect(_asyncpg_dsn(admin_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest.fixture
def pg_url(pg_admin_url: str, pg_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test, dropped afterwards (a shared server
    given by POLICYBOT_TEST_DATABASE_URL should not fill up with test databases)."""
    name = _fresh_name()
    url = _run(_create_database(pg_admin_url, name, template=pg_template))
    yield url
    _run(_drop_database(pg_admin_url, name))


def migrated_database_url(
    request: pytest.FixtureRequest, backend: str, tmp_path: os.PathLike[str]
) -> str:
    """A fresh, migrated database on `backend` ("sqlite" or "postgresql")."""
    if backend == "postgresql":
        return str(request.getfixturevalue("pg_url"))
    url = f"sqlite+aiosqlite:///{tmp_path}/records.sqlite3"
    _run(_upgrade(url))
    return url


async def _upgrade(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    """A fresh, migrated database on each backend."""
    return migrated_database_url(request, request.param, tmp_path)


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: os.PathLike[str]) -> str:
    """A fresh database on each backend with no schema at all."""
    if request.param == "postgresql":
        return str(request.getfixturevalue("pg_empty_url"))
    return f"sqlite+aiosqlite:///{tmp_path}/empty.sqlite3"


@pytest.fixture
def pg_empty_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database with no schema, dropped afterwards."""
    name = _fresh_name()
    yield _run(_create_database(pg_admin_url, name))
    _run(_drop_database(pg_admin_url, name))


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    """A fake Bot Connector on a free loopback port (tests/hosting has its own, over TLS)."""
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.stop()
