"""A bot turn's database work on PostgreSQL in plain SQL on asyncpg, as SqliteThread does it on
SQLite.

Every turn reads its conversation's state, checks the activity is not a replay, and writes the
state back with the turn's interaction record. Through SQLAlchemy's ORM session each of those
statements cost more CPU in SQLAlchemy (statement caching, the session's bookkeeping, the
greenlet hand-offs) than the round trip itself, and made a turn on PostgreSQL cost half as much
CPU again as one on SQLite. Here the same statements go straight to the asyncpg connection that
SQLAlchemy's pool hands out (so there is still one pool, with its checkout check), in asyncpg's
own prepared-statement cache. Everything else in the records layer stays on SQLAlchemy.

Rows deferred to the turn's write (`turn_records`) are written with SQL made from the table's
metadata, each value passed through its column type's own bind processing for this dialect, so
a JSON column or an aware-UTC timestamp is sent exactly as SQLAlchemy would send it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from typing import Any

from sqlalchemy import Table
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.records.turn_records import Row, batches


class PgDirect:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    @classmethod
    def for_engine(cls, engine: AsyncEngine) -> PgDirect | None:
        """Plain SQL beside `engine` when it is PostgreSQL through asyncpg; None otherwise."""
        if engine.dialect.name != "postgresql" or engine.dialect.driver != "asyncpg":
            return None
        return cls(engine)

    @classmethod
    def for_sessions(cls, sessions: async_sessionmaker[AsyncSession]) -> PgDirect | None:
        """The same, for the engine a repository's sessions are bound to."""
        return cls.for_engine(sessions.kw["bind"])

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        """The pooled connection's asyncpg connection, outside any transaction: each statement
        commits by itself (for a read, or one INSERT ... ON CONFLICT)."""
        async with self._engine.connect() as connection:
            raw = await connection.get_raw_connection()
            yield raw.driver_connection

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Any]:
        """An asyncpg connection inside one transaction: committed when the block ends, rolled
        back when it raises."""
        async with self.connection() as connection, connection.transaction():
            yield connection

    async def insert_rows(self, connection: Any, rows: list[Row]) -> None:
        """The turn's deferred rows: one executemany per run of rows for the same table and
        columns, as `turn_records.insert_rows` does through SQLAlchemy."""
        for table, values in batches(rows):
            given = tuple(sorted(values[0]))
            sql, defaults, processors = _insert(table, given, self._dialect)
            records = []
            for row in values:
                full = [*(row[name] for name in given), *(make() for make in defaults)]
                records.append(
                    tuple(
                        process(value) if process else value
                        for value, process in zip(full, processors, strict=True)
                    )
                )
            await connection.executemany(sql, records)

    @property
    def _dialect(self) -> Dialect:
        return self._engine.dialect


@cache
def _insert(
    table: Table, given: tuple[str, ...], dialect: Dialect
) -> tuple[str, tuple[Callable[[], Any], ...], tuple[Callable[[Any], Any] | None, ...]]:
    """The INSERT for `given` columns plus those with a Python-side default (created_at and
    the like, which SQLAlchemy would fill in), the default makers, and each column's bind
    processor."""
    defaulted = [
        column
        for column in table.columns
        if column.name not in given
        and column.default is not None
        and (column.default.is_scalar or column.default.is_callable)
    ]
    columns = (*given, *(column.name for column in defaulted))
    defaults = tuple(_maker(column.default) for column in defaulted)
    preparer = dialect.identifier_preparer
    names = ", ".join(preparer.quote(name) for name in columns)
    marks = ", ".join(f"${index}" for index in range(1, len(columns) + 1))
    sql = f"INSERT INTO {preparer.format_table(table)} ({names}) VALUES ({marks})"
    processors = tuple(
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns
    )
    return sql, defaults, processors


def _maker(default: Any) -> Callable[[], Any]:
    if default.is_scalar:
        return lambda: default.arg
    # SQLAlchemy wraps a column's default callable to take an execution context; ours take none
    return lambda: default.arg(None)
