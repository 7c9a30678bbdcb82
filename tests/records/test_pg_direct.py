"""A turn's own statements on PostgreSQL go straight to asyncpg (bot/records/pg_direct.py): what
they write must read back through SQLAlchemy exactly as SQLAlchemy would have written it, and a
connection the server closed must never be handed to them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

import pytest
from botbuilder.schema import Activity, ConversationAccount
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.records.db import create_engine, create_session_factory
from bot.records.interactions import InteractionRepository
from bot.records.models import Interaction
from bot.records.pg_direct import PgDirect
from bot.records.replays import Replays
from bot.records.storage import DatabaseStorage
from bot.records.turn_records import turn_records
from tests.conftest import BACKENDS
from tests.records.helpers import interaction


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


def test_only_postgresql_through_asyncpg_goes_direct(database_url: str) -> None:
    engine = create_engine(database_url)
    assert (PgDirect.for_engine(engine) is not None) == (engine.dialect.name == "postgresql")


def _activity(activity_id: str) -> Activity:
    return Activity(
        id=activity_id, channel_id="msteams", conversation=ConversationAccount(id="a:chat")
    )


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_an_activity_is_first_seen_once_and_again_after_it_is_forgotten(
    engine: AsyncEngine,
) -> None:
    replays = Replays(create_session_factory(engine))
    assert await replays.first_time(_activity("1"))
    assert not await replays.first_time(_activity("1"))
    assert await replays.first_time(_activity("2"))
    await replays.forget(_activity("1"))
    assert await replays.first_time(_activity("1"))


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_racing_deliveries_of_one_activity_are_first_seen_exactly_once(
    engine: AsyncEngine,
) -> None:
    replays = Replays(create_session_factory(engine))
    seen = await asyncio.gather(*(replays.first_time(_activity("same")) for _ in range(8)))
    assert sorted(seen) == [False] * 7 + [True]


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
async def test_a_turns_interaction_reads_back_exactly_as_it_was_recorded(
    engine: AsyncEngine,
) -> None:
    sessions = create_session_factory(engine)
    storage, interactions = DatabaseStorage(sessions), InteractionRepository(sessions)
    asked = replace(
        interaction(question="Can I put «names» into Copilot? 日本語 😀"),
        rule_ids=["5.2", "ruling:BQ-0001"],
        decision={"verdict": "prohibited", "nested": {"list": [1, None, "é"]}},
        answer_key="k" * 32,
    )
    before = datetime.now(UTC)
    with turn_records():
        assert await interactions.record(asked) is None  # deferred to the state write
        await storage.write({"conversation": {"turns": 1}})
    with turn_records():  # no state change: the repository writes it alone
        assert await interactions.record(replace(asked, answer_key=None)) is None
        await interactions.record_deferred()
    stored = await interactions.for_user(asked.user_id)
    assert len(stored) == 2
    for row in stored:
        for field in fields(asked):
            if field.name != "answer_key":
                assert getattr(row, field.name) == getattr(asked, field.name), field.name
        assert row.created_at.tzinfo is not None
        assert before - timedelta(seconds=1) <= row.created_at <= datetime.now(UTC)
    assert [row.answer_key for row in stored] == ["k" * 32, None]


@pytest.mark.postgres
async def test_connections_the_server_closed_are_not_handed_out(pg_url: str) -> None:
    """A database restart or failover closes every pooled connection. Without a check at
    checkout the next turns would each fail once on a dead connection; the check costs no round
    trip (SQLAlchemy's pre-ping costs three)."""
    engine = create_engine(pg_url)
    try:
        sessions = create_session_factory(engine)
        storage, replays = DatabaseStorage(sessions), Replays(sessions)
        await asyncio.gather(*(storage.write({f"k{i}": {"i": i}}) for i in range(6)))
        assert engine.pool.checkedin() >= 2  # type: ignore[attr-defined]
        admin = create_engine(pg_url)
        async with admin.connect() as connection:
            await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
        await admin.dispose()
        await asyncio.sleep(0.2)  # the event loop reads the closed sockets
        assert (await storage.read(["k1"]))["k1"]["i"] == 1
        assert await replays.first_time(_activity("after-restart"))
        async with sessions() as session:
            assert (await session.scalars(select(Interaction))).all() == []
    finally:
        await engine.dispose()


@pytest.mark.postgres
async def test_only_the_replay_keys_commit_skips_the_wait_for_the_disk(pg_url: str) -> None:
    """The reply waits on the replay key's commit, so that one commit does not wait for the WAL
    flush; the setting is the statement's transaction's own and never stays on the pooled
    connection, where approvals and incidents must commit durably."""
    from bot.records.models import utcnow
    from bot.records.replays import _PG_FIRST_TIME

    engine = create_engine(pg_url, pool_size=1, max_overflow=0)  # one connection, reused
    try:
        direct = PgDirect.for_engine(engine)
        assert direct is not None
        async with direct.connection() as connection:  # the test server itself runs with it off
            await connection.execute("SET synchronous_commit = on")
        async with direct.transaction() as connection:
            assert await connection.fetchval(_PG_FIRST_TIME, "a" * 64, utcnow()) == 1
            assert await connection.fetchval("SHOW synchronous_commit") == "off"
        async with direct.connection() as connection:
            assert await connection.fetchval("SHOW synchronous_commit") == "on"
            assert await connection.fetchval(_PG_FIRST_TIME, "a" * 64, utcnow()) == 0
            assert await connection.fetchval("SHOW synchronous_commit") == "on"
    finally:
        await engine.dispose()
