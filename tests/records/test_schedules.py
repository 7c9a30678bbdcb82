"""Once-per-slot runs of periodic jobs: one claim per (job, slot) across instances, moving only
forward, audited, and given back if the claiming transaction rolls back."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records import audit
from bot.records.db import create_engine, create_session_factory
from bot.records.models import AuditEntry, ScheduledRun
from bot.records.schedules import claim, claim_slot, last_slot

Sessions = async_sessionmaker[AsyncSession]


async def test_a_slot_is_claimed_once_and_later_slots_after_it(session_factory: Sessions) -> None:
    assert await last_slot(session_factory, "job") is None
    assert await claim_slot(session_factory, "job", "2026-W49") is True
    assert await claim_slot(session_factory, "job", "2026-W49") is False
    assert await claim_slot(session_factory, "job", "2026-W48") is False  # never backwards
    assert await last_slot(session_factory, "job") == "2026-W49"
    assert await claim_slot(session_factory, "job", "2026-W50") is True
    assert await claim_slot(session_factory, "other-job", "2026-W49") is True  # jobs are apart
    async with session_factory() as session:
        runs = (await session.scalars(select(ScheduledRun).order_by(ScheduledRun.name))).all()
    assert [(run.name, run.last_slot) for run in runs] == [
        ("job", "2026-W50"), ("other-job", "2026-W49"),
    ]  # fmt: skip


async def test_each_claim_is_audited_and_a_refusal_is_not(session_factory: Sessions) -> None:
    assert await claim_slot(session_factory, "job", "2026-W49")
    assert not await claim_slot(session_factory, "job", "2026-W49")
    assert await claim_slot(session_factory, "job", "2027-W01")
    async with session_factory() as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq))).all()
    assert [(e.actor_ref, e.action, e.subject_ref, e.details) for e in entries] == [
        ("system:schedule", "schedule.job", "schedule:job", {"slot": "2026-W49"}),
        ("system:schedule", "schedule.job", "schedule:job", {"slot": "2027-W01"}),
    ]
    assert await audit.verify(session_factory) == (2, None)


async def test_a_claim_rolled_back_with_its_work_leaves_the_slot_free(
    session_factory: Sessions,
) -> None:
    assert await claim_slot(session_factory, "job", "2026-W48")
    with pytest.raises(RuntimeError):
        async with session_factory.begin() as session:
            assert await claim(session, "job", "2026-W49")
            raise RuntimeError("the job's own write failed")
    assert await last_slot(session_factory, "job") == "2026-W48"
    assert await claim_slot(session_factory, "job", "2026-W49") is True


async def test_concurrent_claims_in_one_process_grant_one(session_factory: Sessions) -> None:
    outcomes = await asyncio.gather(
        *(claim_slot(session_factory, "job", "2026-W49") for _ in range(10))
    )
    assert outcomes.count(True) == 1


@pytest.mark.postgres
async def test_instances_on_postgresql_claim_each_slot_once(pg_url: str) -> None:
    """Four instances (each its own engine and pool) race for the first run ever, then for a
    later slot over an existing row: both paths of the upsert grant exactly one claim."""
    engines = [create_engine(pg_url, pool_size=5, max_overflow=5) for _ in range(4)]
    try:
        factories = [create_session_factory(engine) for engine in engines]
        # the first run ever (insert), a later slot (update), then the same slot again
        for slot, granted in (("2026-W49", 1), ("2026-W50", 1), ("2026-W50", 0)):
            outcomes = await asyncio.gather(
                *(claim_slot(sessions, "job", slot) for sessions in factories for _ in range(8))
            )
            assert outcomes.count(True) == granted, slot
        assert await last_slot(factories[0], "job") == "2026-W50"
    finally:
        for engine in engines:
            await engine.dispose()
