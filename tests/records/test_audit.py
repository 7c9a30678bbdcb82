"""The audit chain: appended in order, verified, and tampering caught at the right entry."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.records import audit
from bot.records.db import create_engine, create_session_factory

Sessions = async_sessionmaker[AsyncSession]


async def _append(sessions: Sessions, n: int, actor: str = "user:aad-1") -> None:
    for i in range(n):
        async with sessions.begin() as session:
            await audit.append(
                session,
                actor_ref=actor,
                action="approval.decided",
                subject_ref=f"approval:AR-{i:04d}",
                details={"decision": "approved", "n": i},
            )


async def _drop_append_only_guard(engine: AsyncEngine) -> None:
    """What someone with the database owner's rights could do before editing the log."""
    async with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            await conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        else:
            await conn.execute(text("DROP TRIGGER audit_log_no_update"))
            await conn.execute(text("DROP TRIGGER audit_log_no_delete"))


async def test_an_intact_chain_verifies(session_factory: Sessions) -> None:
    assert await audit.verify(session_factory) == (0, None)
    await _append(session_factory, 5)
    assert await audit.verify(session_factory) == (5, None)


async def test_the_log_refuses_updates_and_deletes(engine: AsyncEngine, session_factory: Sessions):
    await _append(session_factory, 1)
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            async with engine.begin() as conn:
                await conn.execute(text(statement))


@pytest.mark.parametrize(
    ("tamper", "broken_at", "reason"),
    [
        ('UPDATE audit_log SET details = \'{"decision": "rejected"}\' WHERE seq = 3', 3, "hash"),
        ("UPDATE audit_log SET actor_ref = 'user:someone-else' WHERE seq = 2", 2, "hash"),
        ("DELETE FROM audit_log WHERE seq = 4", 4, "missing"),
    ],
)
async def test_tampering_is_caught_at_the_first_broken_link(
    engine: AsyncEngine, session_factory: Sessions, tamper: str, broken_at: int, reason: str
) -> None:
    await _append(session_factory, 6)
    await _drop_append_only_guard(engine)
    async with engine.begin() as conn:
        await conn.execute(text(tamper))
    checked, broken = await audit.verify(session_factory)
    assert broken is not None
    assert (checked, broken.seq) == (broken_at - 1, broken_at)
    assert reason in broken.reason


async def test_a_rewritten_entry_with_a_fresh_hash_breaks_the_next_link(
    engine: AsyncEngine, session_factory: Sessions
) -> None:
    await _append(session_factory, 4)
    await _drop_append_only_guard(engine)
    async with session_factory() as session:
        entry = await session.get(audit.AuditEntry, 2)
        fields = {k: getattr(entry, k) for k in ("seq", "created_at", "actor_ref", "subject_ref")}
        forged = audit.entry_hash(
            **fields, action="approval.forged", details=entry.details, prev_hash=entry.prev_hash
        )
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE audit_log SET action = 'approval.forged', hash = :h WHERE seq = 2"),
            {"h": forged},
        )
    _, broken = await audit.verify(session_factory)
    assert broken is not None
    assert (broken.seq, broken.reason) == (3, "prev_hash does not match the previous entry's hash")


@pytest.mark.postgres
async def test_concurrent_appends_from_two_instances_keep_one_chain(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    factories = [create_session_factory(e) for e in engines]
    try:
        await asyncio.gather(*(_append(factories[i % 2], 10, actor=f"user:{i}") for i in range(6)))
        assert await audit.verify(factories[0]) == (60, None)
    finally:
        for engine in engines:
            await engine.dispose()
