"""Approval requests: references, atomic decisions, and what each change writes alongside."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import AlreadyDecidedError, RecordsError
from bot.records.approvals import (
    ApprovalRepository,
    ApprovalStatus,
    Decision,
    NotRequesterError,
)
from bot.records.db import create_engine, create_session_factory
from bot.records.incidents import IncidentRepository
from bot.records.models import AuditEntry, OutboxMessage, utcnow
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
        await repo.decide(
            request.reference, decision=Decision.REJECTED, decided_by="aad-2", conditions="No"
        )
    assert caught.value.decision.decision == "approved"
    assert caught.value.decision.decided_by == "aad-approver-1"
    async with session_factory() as session:
        last = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()[-1]
    assert (last.kind, last.destination) == ("approval.decided", "user:aad-requester-1")
    async with session_factory() as session:
        card_updates = await session.scalar(
            select(func.count()).where(OutboxMessage.kind == "approval.card")
        )
    assert card_updates == 2  # posted on request, updated on the one decision


async def test_more_info_keeps_the_request_open(session_factory: Sessions) -> None:
    repo = ApprovalRepository(session_factory)
    request = await repo.create(approval_request())
    await repo.request_more_info(request.reference, requested_by="aad-a", question="Which data?")
    assert (await repo.get(request.reference)).status == ApprovalStatus.MORE_INFO_REQUESTED
    with pytest.raises(NotRequesterError):
        await repo.answer(request.reference, requester_id="aad-someone-else", text="Mine now")
    answered = await repo.answer(
        request.reference, requester_id="aad-requester-1", requester_name="Ada", text="Minutes only"
    )
    assert answered.status == ApprovalStatus.PENDING
    notes = await repo.notes(request.reference)
    assert [(n.kind, n.text) for n in notes] == [
        ("board_question", "Which data?"),
        ("requester_answer", "Minutes only"),
    ]
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
    with pytest.raises(RecordsError, match="reason"):
        await repo.decide(request.reference, decision=Decision.REJECTED, decided_by="a")
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
                repos[1].decide(
                    request.reference, decision=Decision.REJECTED, decided_by="a2", conditions="No"
                ),
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


async def test_overdue_requests_are_reminded_once_per_period_oldest_first(
    session_factory: Sessions,
) -> None:
    repo = ApprovalRepository(session_factory)
    first = await repo.create(approval_request())
    second = await repo.create(approval_request())
    await repo.decide(second.reference, decision=Decision.APPROVED, decided_by="a")
    third = await repo.create(approval_request())
    now = utcnow()
    assert await repo.remind_overdue(timedelta(days=3), now) == []
    later = now + timedelta(days=4)
    assert await repo.remind_overdue(timedelta(days=3), later) == [
        first.reference,
        third.reference,
    ]
    assert await repo.remind_overdue(timedelta(days=3), later + timedelta(days=1)) == []
    assert await repo.remind_overdue(timedelta(days=3), later + timedelta(days=4)) == [
        first.reference,
        third.reference,
    ]
    assert [r.reference for r in await repo.open_requests()] == [first.reference, third.reference]


async def test_a_refused_click_is_audited_and_changes_nothing(session_factory: Sessions) -> None:
    repo = ApprovalRepository(session_factory)
    request = await repo.create(approval_request())
    await repo.record_refusal(request.reference, actor_id="aad-stranger", verb="approval.approve")
    assert (await repo.get(request.reference)).status == ApprovalStatus.PENDING
    async with session_factory() as session:
        last = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()))).first()
    assert (last.action, last.actor_ref) == ("approval.action_refused", "user:aad-stranger")


async def test_one_request_per_dialog_run_however_often_it_is_submitted(
    session_factory: Sessions,
) -> None:
    from dataclasses import replace

    from bot.records.models import ApprovalRequest

    repository = ApprovalRepository(session_factory)
    new = replace(approval_request(), idempotency_key="k" * 64)
    made = await asyncio.gather(*(repository.create(new) for _ in range(5)))
    assert {r.reference for r in made} == {"AR-0001"}
    other = await repository.create(replace(new, idempotency_key="j" * 64))
    assert other.reference == "AR-0002"
    async with session_factory() as session:
        for model in (ApprovalRequest, OutboxMessage):
            assert await session.scalar(select(func.count()).select_from(model)) == 2
        assert (
            await session.scalar(
                select(func.count())
                .select_from(AuditEntry)
                .where(AuditEntry.action == "approval.requested")
            )
            == 2
        )


async def test_one_incident_per_dialog_run_however_often_it_is_submitted(
    session_factory: Sessions,
) -> None:
    from dataclasses import replace

    repository = IncidentRepository(session_factory)
    new = replace(incident(), idempotency_key="r" * 64)
    made = await asyncio.gather(*(repository.report(new) for _ in range(5)))
    assert {i.reference for i in made} == {"INC-0001"}
