"""Approval requests: references, atomic decisions, and what each change writes alongside."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import AlreadyDecidedError, RecordsError
from bot.records.approvals import ApprovalRepository, ApprovalStatus, Decision
from bot.records.db import create_engine, create_session_factory
from bot.records.incidents import IncidentRepository
from bot.records.models import AuditEntry, OutboxMessage
from tests.records.helpers import approval_request, incident

Sessions = async_sessionmaker[AsyncSession]


async def test_requests_get_sequential_references_and_are_announced(session_factory: Sessions):
    repo = ApprovalRepository(session_factory)
    first = await repo.create(approval_request())
    second = await repo.create(approval_request())
    assert (first.reference, second.reference) == ("AR-0001", "AR-0002")
    assert first.status == ApprovalStatus.PENDING
    async with session_factory() as session:
        kinds = (await session.scalars(select(OutboxMessage.destination))).all()
        actions = (await session.scalars(select(AuditEntry.action))).all()
    assert kinds == ["governance", "governance"]
    assert actions == ["approval.requested", "approval.requested"]


async def test_a_decision_is_recorded_once_and_the_requester_told(session_factory: Sessions):
    repo = ApprovalRepository(session_factory)
    request = await repo.create(approval_request())
    decided = await repo.decide(
        request.reference, decision=Decision.APPROVED, decided_by="aad-approver-1"
    )
    assert (decided.status, decided.decision, decided.decided_by) == (
        "decided", "approved", "aad-approver-1",
    )  # fmt: skip
    assert decided.decided_at is not None
    with pytest.raises(AlreadyDecidedError) as caught:
        await repo.decide(request.reference, decision=Decision.REJECTED, decided_by="aad-2")
    assert caught.value.decision.decision == "approved"
    assert caught.value.decision.decided_by == "aad-approver-1"
    async with session_factory() as session:
        last = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()[-1]
    assert (last.kind, last.destination) == ("approval.decided", "user:aad-requester-1")


async def test_more_info_keeps_the_request_open(session_factory: Sessions) -> None:
    repo = ApprovalRepository(session_factory)
    request = await repo.create(approval_request())
    await repo.request_more_info(request.reference, requested_by="aad-a", comments="Which data?")
    assert (await repo.get(request.reference)).status == ApprovalStatus.MORE_INFO_REQUESTED
    decided = await repo.decide(
        request.reference,
        decision=Decision.APPROVED_WITH_CONDITIONS,
        decided_by="aad-a",
        conditions="No personal data",
    )
    assert decided.conditions == "No personal data"


async def test_conditions_are_required_and_unknown_requests_refused(session_factory: Sessions):
    repo = ApprovalRepository(session_factory)
    request = await repo.create(approval_request())
    with pytest.raises(RecordsError, match="conditions"):
        await repo.decide(
            request.reference, decision=Decision.APPROVED_WITH_CONDITIONS, decided_by="a"
        )
    with pytest.raises(RecordsError, match="AR-9999"):
        await repo.decide("AR-9999", decision=Decision.APPROVED, decided_by="a")


@pytest.mark.postgres
async def test_two_approvers_deciding_at_once_record_exactly_one_decision(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    repos = [ApprovalRepository(create_session_factory(engine)) for engine in engines]
    try:
        for _ in range(20):
            request = await repos[0].create(approval_request())
            results = await asyncio.gather(
                repos[0].decide(request.reference, decision=Decision.APPROVED, decided_by="a1"),
                repos[1].decide(request.reference, decision=Decision.REJECTED, decided_by="a2"),
                return_exceptions=True,
            )
            losers = [r for r in results if isinstance(r, AlreadyDecidedError)]
            winners = [r for r in results if not isinstance(r, BaseException)]
            assert (len(winners), len(losers)) == (1, 1), results
            assert losers[0].decision.decided_by == winners[0].decided_by
            stored = await repos[1].get(request.reference)
            assert stored.decided_by == winners[0].decided_by
        async with create_session_factory(engines[0])() as session:
            decided = await session.scalar(
                select(func.count()).where(AuditEntry.action == "approval.decided")
            )
        assert decided == 20
    finally:
        for engine in engines:
            await engine.dispose()


@pytest.mark.postgres
async def test_references_stay_unique_when_created_concurrently(pg_url: str) -> None:
    engines = [create_engine(pg_url) for _ in range(4)]
    approvals = [ApprovalRepository(create_session_factory(e)) for e in engines]
    incidents = [IncidentRepository(create_session_factory(e)) for e in engines]
    try:
        created = await asyncio.gather(
            *(approvals[i % 4].create(approval_request()) for i in range(40)),
            *(incidents[i % 4].report(incident()) for i in range(40)),
        )
    finally:
        for engine in engines:
            await engine.dispose()
    refs = [row.reference for row in created]
    assert len(set(refs)) == 80
    assert {r for r in refs if r.startswith("AR-")} == {f"AR-{n:04d}" for n in range(1, 41)}
    assert {r for r in refs if r.startswith("INC-")} == {f"INC-{n:04d}" for n in range(1, 41)}
