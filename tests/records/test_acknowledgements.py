"""Policy acknowledgements: asked once per person and version, even with questions at once on
two instances; "I've read it" kept once; the rate for a version."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.acknowledgements import AcknowledgementRepository
from bot.records.db import create_engine, create_session_factory

Sessions = async_sessionmaker[AsyncSession]


async def test_each_person_is_asked_once_per_version(session_factory: Sessions) -> None:
    acks = AcknowledgementRepository(session_factory)
    assert await acks.ask_once("aad-1", "mid-kent", "v1") is True
    assert await acks.ask_once("aad-1", "mid-kent", "v1") is False
    assert await acks.ask_once("aad-2", "mid-kent", "v1") is True
    assert await acks.ask_once("aad-1", "mid-kent", "v2") is True  # a new version asks again
    assert await acks.ask_once("aad-1", "school-model", "v1") is True

    assert await acks.acknowledge("aad-1", "mid-kent", "v1") is True
    assert await acks.acknowledge("aad-1", "mid-kent", "v1") is False  # a second press
    rate = await acks.rate("mid-kent", "v1")
    assert (rate.asked, rate.acknowledged) == (2, 1)
    # a press from a card whose question this database never recorded is kept too
    assert await acks.acknowledge("aad-3", "mid-kent", "v1") is True
    assert (await acks.rate("mid-kent", "v1")).acknowledged == 2
    assert (await acks.rate("mid-kent", "v2")).acknowledged == 0


@pytest.mark.postgres
async def test_questions_at_once_on_two_instances_ask_once(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    repos = [AcknowledgementRepository(create_session_factory(e)) for e in engines]
    try:
        for person in range(10):
            asked = await asyncio.gather(
                *(repo.ask_once(f"aad-{person}", "mid-kent", "v1") for repo in repos * 3)
            )
            assert sum(asked) == 1, asked
        assert (await repos[0].rate("mid-kent", "v1")).asked == 10
    finally:
        for engine in engines:
            await engine.dispose()


async def test_a_person_already_asked_costs_this_process_no_write(session_factory: Sessions):
    from sqlalchemy import delete

    from bot.records.models import PolicyAcknowledgement

    acks = AcknowledgementRepository(session_factory)
    assert await acks.ask_once("aad-1", "mid-kent", "v1") is True
    async with session_factory.begin() as session:
        await session.execute(delete(PolicyAcknowledgement))
    # answered from memory, not the (now empty) table; another instance reads the table
    assert await acks.ask_once("aad-1", "mid-kent", "v1") is False
    assert await AcknowledgementRepository(session_factory).ask_once("aad-1", "mid-kent", "v1")
