"""Bot Framework `Storage` over the records database, for ConversationState and UserState.

Items are serialised the way botbuilder's own Blob and Cosmos storages do it (jsonpickle), so
dialog stacks and other objects round-trip. Every write gives the item a new eTag. A write that
carries an eTag succeeds only if the stored item still has that eTag (or does not exist yet); "*"
or no eTag overwrites. A batch is written in one transaction: all of it or none of it.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from botbuilder.core import Storage
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from sqlalchemy import Connection, bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records.db import dialect_name
from bot.records.models import StoredState, utcnow
from bot.records.pg_direct import PgDirect
from bot.records.sqlite_thread import SqliteThread
from bot.records.turn_records import Row, give_back, insert_rows, insert_rows_now, take

logger = logging.getLogger(__name__)

# Bounded IN lists: SQLite caps bound parameters, and botbuilder reads a handful of keys anyway.
_CHUNK = 500


class ETagConflictError(RecordsError, KeyError):
    """The stored item changed since it was read.

    A KeyError too, because that is what botbuilder's MemoryStorage raises, so code written and
    tested against MemoryStorage handles both the same way.
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "eTag conflict"


class DatabaseStorage(Storage):
    """Storage backed by the `bot_state` table on SQLite or PostgreSQL.

    With a SqliteThread, reads and writes (a turn's state and its records) go through it: one
    hand-off to its thread each, instead of one per statement.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        sqlite_thread: SqliteThread | None = None,
    ) -> None:
        super().__init__()
        self._sessions = session_factory
        self._thread = sqlite_thread
        self._postgres = PgDirect.for_sessions(session_factory)

    async def read(self, keys: Sequence[str]) -> dict[str, Any]:
        """Items for the keys that exist; unknown keys are absent from the result."""
        if keys is None:
            raise RecordsError("keys are required when reading")
        if self._thread is not None:
            rows = await self._thread.query(lambda connection: _read_now(connection, list(keys)))
            return {key: _decode(data, etag) for key, etag, data in rows}
        if self._postgres is not None:
            async with self._postgres.connection() as connection:
                rows = await connection.fetch(_PG_READ, list(keys))
            return {key: _decode(data, etag) for key, etag, data in rows}
        found: dict[str, Any] = {}
        async with self._sessions() as session:
            for chunk in _chunks(list(keys)):
                result = await session.execute(
                    select(StoredState.key, StoredState.etag, StoredState.data).where(
                        StoredState.key.in_(chunk)
                    )
                )
                for key, etag, data in result:
                    found[key] = _decode(data, etag)
        return found

    async def write(self, changes: Mapping[str, Any]) -> None:
        """Write all changes or none; ETagConflictError when any carries a stale eTag.

        On success each written item's eTag is updated in place, so a second save in the same
        turn is not mistaken for a conflict.
        """
        if changes is None:
            raise RecordsError("changes are required when writing")
        if not changes:
            return
        writes = [_prepare(key, item) for key, item in changes.items()]
        records = take()  # the turn's records, written in the same transaction
        try:
            if self._thread is not None:
                await self._thread.run(lambda connection: _write_now(connection, writes, records))
            elif self._postgres is not None:
                async with self._postgres.transaction() as connection:
                    for write in writes:
                        _check(await connection.fetchrow(*_pg_upsert(write)))
                    await self._postgres.insert_rows(connection, records)
            else:
                async with self._sessions.begin() as session:
                    for write in writes:
                        _check((await session.execute(_upsert_for(session, write), write)).first())
                    await insert_rows(session, records)
        except BaseException:
            give_back(records)
            raise
        for item, write in zip(changes.values(), writes, strict=True):
            _set_etag(item, write["p_etag"])

    async def delete(self, keys: Iterable[str]) -> None:
        """Remove the keys; keys that do not exist are ignored."""
        async with self._sessions.begin() as session:
            for chunk in _chunks(list(keys)):
                await session.execute(delete(StoredState).where(StoredState.key.in_(chunk)))


def _prepare(key: str, item: Any) -> dict[str, Any]:
    """The upsert's parameters for one item, with its new eTag."""
    expected = _etag_of(item)
    if expected == "":
        raise RecordsError("an empty eTag is not valid; use None or '*' to overwrite")
    params = {
        "p_key": key,
        "p_etag": uuid.uuid4().hex,
        "p_data": _encode(item),
        "p_updated": utcnow(),
    }
    if expected not in (None, "*"):
        params["p_expected"] = expected
    return params


def _upsert_for(session: AsyncSession, write: dict[str, Any]) -> Any:
    return _upsert(dialect_name(session), "p_expected" in write)


def _read_now(connection: sqlite3.Connection, keys: list[str]) -> list[tuple[str, str, str]]:
    """The read on SqliteThread's thread, in plain SQL: SQLAlchemy would only add a transaction
    (with db.py's hook, a write lock) around it."""
    table = StoredState.__tablename__
    rows: list[tuple[str, str, str]] = []
    for chunk in _chunks(keys):
        marks = ", ".join("?" * len(chunk))
        query = f"SELECT key, etag, data FROM {table} WHERE key IN ({marks})"
        rows += connection.execute(query, chunk).fetchall()
    return rows


def _write_now(connection: Connection, writes: list[dict[str, Any]], records: list[Row]) -> None:
    """The same transaction on SqliteThread's thread."""
    for write in writes:
        _check(connection.execute(_upsert("sqlite", "p_expected" in write), write).first())
    insert_rows_now(connection, records)


_TABLE = StoredState.__tablename__
_PG_READ = f"SELECT key, etag, data FROM {_TABLE} WHERE key = ANY($1::text[])"
_PG_UPSERT = (
    f"INSERT INTO {_TABLE} (key, etag, data, updated_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (key) DO UPDATE"
    " SET etag = excluded.etag, data = excluded.data, updated_at = excluded.updated_at"
)


def _pg_upsert(write: dict[str, Any]) -> tuple[Any, ...]:
    """`_upsert` in asyncpg's SQL and positional arguments."""
    values = (write["p_key"], write["p_etag"], write["p_data"], write["p_updated"])
    if "p_expected" in write:
        sql = f"{_PG_UPSERT} WHERE {_TABLE}.etag = $5 RETURNING key"
        return sql, *values, write["p_expected"]
    return f"{_PG_UPSERT} RETURNING key", *values


def _check(row: Any) -> None:
    """The upsert returns the key when it wrote; no row when the stored eTag had moved on."""
    if row is None:
        # Not the key: state keys carry Teams user and conversation ids.
        logger.info("eTag conflict writing bot state")
        raise ETagConflictError("eTag conflict: the item changed since it was read")


@cache
def _upsert(dialect: str, conditional: bool) -> Any:
    """The state upsert, built once per database and kind (every turn runs it): insert, or
    replace the row when its eTag still matches the one read (`conditional`)."""
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(StoredState)
    insert = insert.values(
        key=bindparam("p_key"),
        etag=bindparam("p_etag"),
        data=bindparam("p_data"),
        updated_at=bindparam("p_updated", type_=StoredState.__table__.c.updated_at.type),
    )
    where = StoredState.etag == bindparam("p_expected") if conditional else None
    return insert.on_conflict_do_update(
        index_elements=[StoredState.key],
        set_={name: insert.excluded[name] for name in ("etag", "data", "updated_at")},
        where=where,
    ).returning(StoredState.key)


def _etag_of(item: Any) -> str | None:
    if isinstance(item, dict):
        return item.get("e_tag")
    return getattr(item, "e_tag", None)


def _set_etag(item: Any, etag: str) -> None:
    if isinstance(item, dict):
        item["e_tag"] = etag
    else:
        item.e_tag = etag


def _encode(item: Any) -> str:
    flat = Pickler().flatten(item)
    if isinstance(flat, dict):
        flat.pop("e_tag", None)
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":"))


def _decode(data: str, etag: str) -> Any:
    item = Unpickler().restore(json.loads(data))
    _set_etag(item, etag)
    return item


def _chunks(keys: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(keys), _CHUNK):
        yield keys[start : start + _CHUNK]
