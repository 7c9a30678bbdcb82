"""Engine and session creation from a database URL.

SQLite serves a single instance: WAL lets readers proceed while one writer writes, the busy
timeout makes a second writer wait instead of failing at once, and every transaction starts with
BEGIN IMMEDIATE so that a read-then-write transaction cannot fail half way with SQLITE_BUSY when
another connection wrote first. PostgreSQL needs none of this.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, cast

from sqlalchemy import event
from sqlalchemy.engine import URL, CursorResult, Result, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.errors import ConfigurationError

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/policybot.sqlite3"
DATABASE_URL_ENV = "POLICYBOT_DATABASE_URL"
SQLITE_BUSY_TIMEOUT_MS = 5000
SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


def database_url_from_env(environ: dict[str, str] | None = None) -> str:
    """POLICYBOT_DATABASE_URL, or the SQLite file under ./data when it is unset or empty."""
    env = os.environ if environ is None else environ
    return env.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def parse_database_url(url: str) -> URL:
    """Parse and check the URL; an unsupported driver is a configuration error, said plainly."""
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise ConfigurationError(f"{DATABASE_URL_ENV} is not a database URL: {exc}") from None
    if parsed.drivername not in SUPPORTED_DRIVERS:
        raise ConfigurationError(
            f"{DATABASE_URL_ENV} uses driver {parsed.drivername!r}; use one of "
            f"{', '.join(SUPPORTED_DRIVERS)} (for example postgresql+asyncpg://user@host/db)."
        )
    return parsed


def is_sqlite(engine: AsyncEngine) -> bool:
    return engine.dialect.name == "sqlite"


def create_engine(url: str | None = None, **kwargs: Any) -> AsyncEngine:
    """An async engine for `url` (default: from the environment).

    For a SQLite file the parent folder is created, so the default ./data/policybot.sqlite3
    works on first run.
    """
    parsed = parse_database_url(url or database_url_from_env())
    if parsed.drivername.startswith("sqlite"):
        return _create_sqlite_engine(parsed, **kwargs)
    # The same 15 connections at most as SQLAlchemy's default (5 + 10 overflow), but 10 kept
    # open: overflow connections are closed when returned, and under a steady 40 turns/s the
    # default pool opened and closed one every second or so, each new one paying PostgreSQL's
    # connection start-up and its prepared statements again.
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 5)
    engine = create_async_engine(parsed, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine.sync_engine, "checkout", refuse_closed_connection)
    return engine


def refuse_closed_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Hand out no pooled connection the server has closed (a restart, a failover, an idle
    timeout), without SQLAlchemy's pre-ping: that costs three round trips (BEGIN, a query,
    ROLLBACK) on every checkout, five checkouts a turn, and made a turn on PostgreSQL cost half
    as much CPU again as one on SQLite. asyncpg notices a closed socket as soon as the event loop
    reads from it, so asking it is free; the pool then opens a new connection instead."""
    connection = getattr(dbapi_connection, "driver_connection", None)
    is_closed = getattr(connection, "is_closed", None)
    if callable(is_closed) and is_closed():
        raise DisconnectionError("the database closed this pooled connection")


def _create_sqlite_engine(url: URL, **kwargs: Any) -> AsyncEngine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    # SQLite lets one writer in at a time, and every transaction here begins IMMEDIATE. With
    # several pooled connections, concurrent turns would collide inside SQLite, whose busy
    # handler then sleeps in growing steps (tens to hundreds of ms). One connection makes them
    # queue in the event loop instead, in order, without sleeping.
    kwargs.setdefault("pool_size", 1)
    kwargs.setdefault("max_overflow", 0)
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "connect", on_sqlite_connect)
    event.listen(engine.sync_engine, "begin", on_sqlite_begin)
    return engine


def on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the driver so that on_sqlite_begin decides how to BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in (
        "PRAGMA journal_mode=WAL",
        f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        "PRAGMA foreign_keys=ON",
        # WAL's recommended setting: commits are not fsynced one by one (the WAL is at each
        # checkpoint), so a power cut may lose the last moments of records, but the database is
        # never corrupted. About 2 ms less per bot turn.
        "PRAGMA synchronous=NORMAL",
    ):
        cursor.execute(pragma)
    cursor.close()


def on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded attributes after commit, so results can be returned safely."""
    return async_sessionmaker(engine, expire_on_commit=False)


def dialect_name(session: AsyncSession) -> str:
    """ "postgresql" or "sqlite": the database the session's engine talks to."""
    return session.get_bind().dialect.name


def changed_rows(result: Result[Any]) -> int:
    """Rows an UPDATE or DELETE changed: the claim-and-check of exactly-once work reads this.
    `Session.execute` is typed as returning a `Result`, but for DML it is a `CursorResult`."""
    return cast("CursorResult[Any]", result).rowcount


def dialect_insert(session: AsyncSession) -> Any:
    """The INSERT construct with ON CONFLICT support for the session's database."""
    from sqlalchemy.dialects import postgresql, sqlite

    return postgresql.insert if dialect_name(session) == "postgresql" else sqlite.insert
