"""Several instances on one PostgreSQL, for what the other tests of instances do not cover:
reminders run by every instance's periodic pass at once, and replicas that all start with
`--upgrade-database` at the same moment (the Azure template starts every replica that way)."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections import Counter
from datetime import timedelta

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from bot.records import approvals as approval_records
from bot.records import incidents as incident_records
from bot.records.approvals import ApprovalRepository
from bot.records.db import create_engine, create_session_factory
from bot.records.incidents import IncidentRepository
from bot.records.migrate import (
    alembic_config,
    current_revisions,
    head_revisions,
    prepare_database,
    upgrade,
)
from bot.records.models import OutboxMessage, utcnow
from tests.records.helpers import approval_request, incident

from .racing import start_like_a_replica

pytestmark = pytest.mark.postgres

ROUNDS = 12
REPLICAS = 3


async def test_two_instances_remind_each_waiting_request_and_incident_once(pg_url: str) -> None:
    """Both instances find the same request and incident overdue on the same pass (their clocks
    a second apart): the conditional update lets one of them queue each reminder."""
    engines = [create_engine(pg_url) for _ in range(2)]
    sessions = [create_session_factory(engine) for engine in engines]
    requests = [ApprovalRepository(s) for s in sessions]
    incidents = [IncidentRepository(s) for s in sessions]
    later = utcnow() + timedelta(days=10)
    clocks = [later, later + timedelta(seconds=1)]
    try:
        for round_ in range(ROUNDS):
            request = await requests[round_ % 2].create(approval_request(f"aad-requester-{round_}"))
            reported = await incidents[(round_ + 1) % 2].report(incident(f"aad-reporter-{round_}"))
            reminded = await asyncio.gather(
                *(
                    r.remind_overdue(timedelta(days=3), now)
                    for r, now in zip(requests, clocks, strict=True)
                ),
                *(
                    i.remind_overdue(timedelta(hours=4), now)
                    for i, now in zip(incidents, clocks, strict=True)
                ),
            )
            assert reminded[0] + reminded[1] == [request.reference], round_
            assert reminded[2] + reminded[3] == [reported.reference], round_
        async with sessions[0]() as session:
            queued = (
                await session.execute(
                    select(OutboxMessage.kind, OutboxMessage.payload).where(
                        OutboxMessage.kind.in_(
                            [approval_records.REMINDER, incident_records.REMINDER]
                        )
                    )
                )
            ).all()
    finally:
        for engine in engines:
            await engine.dispose()
    per_subject = Counter((kind, payload["reference"]) for kind, payload in queued)
    assert len(per_subject) == 2 * ROUNDS
    assert set(per_subject.values()) == {1}


def previous_revision() -> str:
    (head,) = head_revisions()
    down = ScriptDirectory.from_config(alembic_config()).get_revision(head).down_revision
    assert isinstance(down, str)
    return down


@pytest.mark.parametrize("start", ["empty", "one release behind"])
def test_replicas_upgrading_at_once_commit_one_upgrade(pg_empty_url: str, start: str) -> None:
    """Replicas racing to migrate take turns on an advisory lock: one migrates, the others find
    the schema current and start too. Nothing is half-migrated, and the schema is the
    release's, once."""
    if start == "one release behind":
        asyncio.run(_upgrade_to(pg_empty_url, previous_revision()))
    context = multiprocessing.get_context("spawn")
    start_line = context.Barrier(REPLICAS)
    outcomes = context.Queue()
    replicas = [
        context.Process(target=start_like_a_replica, args=(pg_empty_url, start_line, outcomes))
        for _ in range(REPLICAS)
    ]
    for replica in replicas:
        replica.start()
    for replica in replicas:
        replica.join(timeout=180)
    results = [outcomes.get(timeout=5) for _ in replicas]
    assert all(replica.exitcode == 0 for replica in replicas)
    assert results == [("started", "")] * REPLICAS, results
    # every replica that was refused starts once restarted; the schema is the release's, once
    assert asyncio.run(_restart_and_inspect(pg_empty_url)) == (set(head_revisions()), 1)


async def _upgrade_to(url: str, revision: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine, revision)
    finally:
        await engine.dispose()


async def _restart_and_inspect(url: str) -> tuple[set[str], int]:
    engine = create_engine(url)
    try:
        await prepare_database(engine, upgrade_requested=True)
        async with engine.connect() as conn:
            rows = await conn.scalar(text("SELECT count(*) FROM alembic_version"))
        return await current_revisions(engine), int(rows or 0)
    finally:
        await engine.dispose()
