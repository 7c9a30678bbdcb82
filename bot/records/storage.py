"""Bot Framework `Storage` over the records database, for ConversationState and UserState.

Items are serialised the way botbuilder's own Blob and Cosmos storages do it (jsonpickle), so
dialog stacks and other objects round-trip. Every write gives the item a new eTag. A write that
carries an eTag succeeds only if the stored item still has that eTag (or does not exist yet); "*"
or no eTag overwrites. A batch is written in one transaction: all of it or none of it.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from botbuilder.core import Storage
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from sqlalchemy import bindparam, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records.models import StoredState, utcnow
from bot.records.turn_records import give_back, take

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
    """Storage backed by the `bot_state` table on SQLite or PostgreSQL."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        super().__init__()
        self._sessions = session_factory

    async def read(self, keys: Sequence[str]) -> dict[str, Any]:
        """Items for the keys that exist; unknown keys are absent from the result."""
        if keys is None:
            raise RecordsError("keys are required when reading")
        found: dict[str, Any] = {}
        async with self._sessions() as session:
            for chunk in _chunks(list(keys)):
                rows = await session.execute(
                    select(StoredState.key, StoredState.etag, StoredState.data).where(
                        StoredState.key.in_(chunk)
                    )
                )
                for key, etag, data in rows:
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
        written: list[tuple[Any, str]] = []
        records = take()  # the turn's records, written in the same transaction
        try:
            async with self._sessions.begin() as session:
                for key, item in changes.items():
                    new_etag = await _write_one(session, key, item)
                    written.append((item, new_etag))
                session.add_all(records)
        except BaseException:
            give_back(records)
            raise
        for item, new_etag in written:
            _set_etag(item, new_etag)

    async def delete(self, keys: Iterable[str]) -> None:
        """Remove the keys; keys that do not exist are ignored."""
        async with self._sessions.begin() as session:
            for chunk in _chunks(list(keys)):
                await session.execute(delete(StoredState).where(StoredState.key.in_(chunk)))


async def _write_one(session: AsyncSession, key: str, item: Any) -> str:
    expected = _etag_of(item)
    if expected == "":
        raise RecordsError("an empty eTag is not valid; use None or '*' to overwrite")
    new_etag = uuid.uuid4().hex
    conditional = expected not in (None, "*")
    statement = _upsert(session.bind.dialect.name, conditional)
    params = {"p_key": key, "p_etag": new_etag, "p_data": _encode(item), "p_updated": utcnow()}
    if conditional:
        params["p_expected"] = expected
    if (await session.execute(statement, params)).first() is None:
        # Not the key: state keys carry Teams user and conversation ids.
        logger.info("eTag conflict writing bot state")
        raise ETagConflictError("eTag conflict: the item changed since it was read")
    return new_etag


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
