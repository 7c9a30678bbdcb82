"""Interactions: recorded whole, listed newest first, found per person, purged by age."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.approvals import ApprovalRepository
from bot.records.interactions import InteractionRepository
from bot.records.models import AuditEntry, utcnow
from tests.records.helpers import approval_request, interaction

Sessions = async_sessionmaker[AsyncSession]


async def test_an_interaction_is_kept_whole(session_factory: Sessions) -> None:
    repo = InteractionRepository(session_factory)
    row = await repo.record(interaction(question="Can I paste minutes into Copilot? 🤖"))
    [stored] = await repo.newest(1)
    assert stored.id == row.id
    assert (stored.question, stored.verdict, stored.rule_ids, stored.policy_version) == (
        "Can I paste minutes into Copilot? 🤖", "needs_approval", ["unlisted-tool"], "2024-01",
    )  # fmt: skip
    assert stored.created_at.tzinfo is not None


async def test_newest_first_with_paging_and_per_person(session_factory: Sessions) -> None:
    repo = InteractionRepository(session_factory)
    ids = [
        (await repo.record(interaction(user=f"u{i % 2}", question=f"q{i}"))).id for i in range(7)
    ]
    first = await repo.newest(3)
    assert [r.id for r in first] == ids[::-1][:3]
    second = await repo.newest(3, before_id=first[-1].id)
    assert [r.id for r in second] == ids[::-1][3:6]
    assert [r.question for r in await repo.for_user("u1")] == ["q1", "q3", "q5"]
    assert await repo.count() == 7


async def test_purge_keeps_requests_that_pointed_at_purged_questions(session_factory: Sessions):
    repo = InteractionRepository(session_factory)
    old = await repo.record(interaction())
    request = await ApprovalRepository(session_factory).create(
        approval_request().__class__(**{**approval_request().__dict__, "interaction_id": old.id})
    )
    result = await repo.purge_older_than(
        30, actor_ref="operator:test", now=utcnow() + timedelta(days=31)
    )
    assert result.interactions_removed == 1
    kept = await ApprovalRepository(session_factory).get(request.reference)
    assert kept is not None
    assert kept.interaction_id is None
    async with session_factory() as session:
        last = (await session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc()))).first()
    assert (last.action, last.details["removed"]) == ("records.purge", 1)
