"""A bot turn's state and its interaction are written in one transaction, through the engine or
through a SqliteThread, and nothing is lost when that write fails."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.records.db import create_engine, create_session_factory
from bot.records.interactions import InteractionRepository
from bot.records.models import Interaction
from bot.records.sqlite_thread import SqliteThread
from bot.records.storage import DatabaseStorage, ETagConflictError
from bot.records.turn_records import turn_records
from tests.conftest import BACKENDS, migrated_database_url
from tests.records.helpers import interaction

KEY = "msteams/conversations/a:chat/"


@dataclass
class Records:
    engine: AsyncEngine
    storage: DatabaseStorage
    interactions: InteractionRepository

    async def count(self) -> int:
        async with self.engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(Interaction)))

    async def state(self) -> dict:
        return (await self.storage.read([KEY])).get(KEY, {})


@pytest.fixture(params=[*BACKENDS, "sqlite-thread"])
async def records(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Records]:
    backend = "postgresql" if request.param == "postgresql" else "sqlite"
    engine = create_engine(migrated_database_url(request, backend, tmp_path))
    thread = SqliteThread.for_engine(engine) if request.param == "sqlite-thread" else None
    sessions = create_session_factory(engine)
    yield Records(
        engine, DatabaseStorage(sessions, thread), InteractionRepository(sessions, thread)
    )
    if thread is not None:
        await thread.close()
    await engine.dispose()


async def test_the_state_write_carries_the_turns_interaction(records: Records) -> None:
    with turn_records():
        assert await records.interactions.record(interaction()) is None  # kept for the write
        assert await records.count() == 0
        await records.storage.write({KEY: {"thread": ["q"], "e_tag": "*"}})
        assert await records.count() == 1
        await records.interactions.record_deferred()  # nothing left to write
    assert await records.count() == 1
    assert (await records.state())["thread"] == ["q"]


async def test_a_refused_state_write_leaves_the_interaction_to_be_written_alone(
    records: Records,
) -> None:
    await records.storage.write({KEY: {"thread": ["first"], "e_tag": "*"}})
    stale = (await records.state())["e_tag"]
    await records.storage.write({KEY: {"thread": ["second"], "e_tag": "*"}})
    with turn_records():
        await records.interactions.record(interaction(question="Can I use Otter?"))
        with pytest.raises(ETagConflictError):
            await records.storage.write({KEY: {"thread": ["third"], "e_tag": stale}})
        assert await records.count() == 0
        await records.interactions.record_deferred()
    assert await records.count() == 1
    assert (await records.state())["thread"] == ["second"]


async def test_a_row_that_cannot_be_written_takes_the_state_write_with_it(
    records: Records,
) -> None:
    """One transaction: when the interaction fails (here a NOT NULL column left empty), the
    state is not written either, so the two never disagree."""
    await records.storage.write({KEY: {"thread": ["before"], "e_tag": "*"}})
    with turn_records():
        await records.interactions.record(replace(interaction(), verdict=None))
        with pytest.raises(Exception, match=r"(?i)not null|null value"):
            await records.storage.write({KEY: {"thread": ["after"], "e_tag": "*"}})
    assert (await records.state())["thread"] == ["before"]
    assert await records.count() == 0


async def test_turns_and_other_writers_at_once_lose_nothing(records: Records) -> None:
    """Turns (through the SqliteThread where there is one) and the engine's own writes (the
    approvals, the outbox...) interleave; SQLite's locking keeps them apart, and every row and
    every conversation's state arrives."""

    async def turn(i: int) -> None:
        with turn_records():
            await records.interactions.record(interaction(question=f"turn {i}"))
            await records.storage.write({f"{KEY}{i}": {"n": i, "e_tag": "*"}})

    async def elsewhere(i: int) -> None:
        await records.interactions.record(interaction(question=f"elsewhere {i}"))

    await asyncio.gather(*(f(i) for i in range(30) for f in (turn, elsewhere)))
    assert await records.count() == 60
    states = await records.storage.read([f"{KEY}{i}" for i in range(30)])
    assert sorted(state["n"] for state in states.values()) == list(range(30))


def test_a_sqlite_thread_is_only_for_a_sqlite_file(tmp_path: Path) -> None:
    """A second connection to an in-memory database would be a different, empty database."""
    file_engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/file.sqlite3")
    assert SqliteThread.for_engine(file_engine) is not None
    for url in (
        "sqlite+aiosqlite:///:memory:",
        "sqlite+aiosqlite://",
        "sqlite+aiosqlite:///file:shared?mode=memory&uri=true",
        "postgresql+asyncpg://user@127.0.0.1/db",
    ):
        engine = create_async_engine(url, poolclass=NullPool)  # never connects here
        assert SqliteThread.for_engine(engine) is None, url
