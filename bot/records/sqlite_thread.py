"""A bot turn's database work on SQLite: one call on one thread, instead of a thread round trip
per statement.

Through SQLAlchemy's asyncio layer, every DBAPI call of aiosqlite (BEGIN, each statement, each
fetch, COMMIT) is a hand-off to aiosqlite's thread and back to the event loop, and the ORM's
unit of work runs on top. A turn's write (its conversation state and its interaction) cost about
3 ms of CPU that way, more than the rest of the turn together. Under load it is worse: each
hand-off back needs the GIL, which a busy event loop gives up only every few milliseconds.
Here a turn's state read, and its write, are each one plain function run on a thread that owns
its own connection: one hand-off each.

It is a second connection to the same file, beside the engine's one, so SQLite's own locking
(BEGIN IMMEDIATE, WAL and the busy timeout, set up by db.py for both) keeps the two apart. An
in-memory database cannot have a second connection: there is no SqliteThread, and the engine
does it all.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar, cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import StaticPool

from bot.records.db import on_sqlite_begin, on_sqlite_connect

T = TypeVar("T")


class SqliteThread:
    def __init__(self, url: URL) -> None:
        self._url = url.set(drivername="sqlite")
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policybot-sqlite")
        self._engine: Engine | None = None
        self._connection: Connection | None = None

    @classmethod
    def for_engine(cls, engine: AsyncEngine) -> SqliteThread | None:
        """A thread beside `engine` when it is a SQLite file; None otherwise."""
        url = engine.url
        if engine.dialect.name != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        if url.query.get("mode") == "memory":
            return None
        return cls(url)

    async def run(self, work: Callable[[Connection], T]) -> T:
        """`work(connection)` inside one write transaction on the thread: committed when it
        returns, rolled back when it raises (and the exception re-raised here)."""
        return await asyncio.get_running_loop().run_in_executor(
            self._executor, self._in_transaction, work
        )

    async def query(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """`work(connection)` with the plain sqlite3 connection and no transaction of ours: for
        reads, which then take no write lock (each statement is its own read in WAL mode)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor, self._plain, work)

    def _in_transaction(self, work: Callable[[Connection], T]) -> T:
        connection = self._connection or self._connect()
        with connection.begin():
            return work(connection)

    def _plain(self, work: Callable[[sqlite3.Connection], T]) -> T:
        connection = self._connection or self._connect()
        driver = cast(sqlite3.Connection, connection.connection.driver_connection)
        return work(driver)

    def _connect(self) -> Connection:
        # Made on the thread, the only thread that ever uses it (sqlite3 insists).
        self._engine = create_engine(self._url, poolclass=StaticPool)
        event.listen(self._engine, "connect", on_sqlite_connect)
        event.listen(self._engine, "begin", on_sqlite_begin)
        self._connection = self._engine.connect()
        return self._connection

    async def close(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._executor, self._disconnect)
        self._executor.shutdown(wait=True)

    def _disconnect(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
