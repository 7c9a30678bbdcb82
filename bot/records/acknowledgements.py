"""Who has said they read the policy, per version (docs/register.md, "Policy acknowledgement").

`ask_once` is one INSERT ... ON CONFLICT DO NOTHING: of two questions from the same person
arriving at once, on one instance or two, exactly one is told to ask. A person's answer is kept
against the version they were shown; a new version asks again.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.db import dialect_insert
from bot.records.models import PolicyAcknowledgement, utcnow

_KEY = ["user_id", "policy_id", "policy_version"]
# People this process already knows were asked, so that their later questions cost no write;
# bounded, as every person who asks a question passes through.
MAX_REMEMBERED = 50_000


@dataclass(frozen=True)
class AcknowledgementRate:
    policy_version: str
    asked: int
    acknowledged: int


class AcknowledgementRepository:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory
        self._asked: set[tuple[str, str, str]] = set()

    async def ask_once(self, user_id: str, policy_id: str, policy_version: str) -> bool:
        """Whether to ask this person now: true only the first time for this version."""
        key = (user_id, policy_id, policy_version)
        if key in self._asked:
            return False
        async with self._sessions.begin() as session:
            statement = (
                dialect_insert(session)(PolicyAcknowledgement)
                .values(user_id=user_id, policy_id=policy_id, policy_version=policy_version)
                .on_conflict_do_nothing(index_elements=_KEY)
                .returning(PolicyAcknowledgement.id)
            )
            inserted = await session.scalar(statement) is not None
        # Remembered once the database has it (asked now or before): never asked again here.
        if len(self._asked) >= MAX_REMEMBERED:
            self._asked.clear()
        self._asked.add(key)
        return inserted

    async def acknowledge(self, user_id: str, policy_id: str, policy_version: str) -> bool:
        """Record that the person has read this version; false if they had said so already."""
        now = utcnow()
        async with self._sessions.begin() as session:
            mine = (
                (PolicyAcknowledgement.user_id == user_id)
                & (PolicyAcknowledgement.policy_id == policy_id)
                & (PolicyAcknowledgement.policy_version == policy_version)
            )
            changed = await session.scalar(
                update(PolicyAcknowledgement)
                .where(mine, PolicyAcknowledgement.acknowledged_at.is_(None))
                .values(acknowledged_at=now)
                .returning(PolicyAcknowledgement.id)
            )
            if changed is not None:
                return True
            # Never asked on this instance's records (a card from before a restore): kept too.
            statement = (
                dialect_insert(session)(PolicyAcknowledgement)
                .values(
                    user_id=user_id,
                    policy_id=policy_id,
                    policy_version=policy_version,
                    asked_at=now,
                    acknowledged_at=now,
                )
                .on_conflict_do_nothing(index_elements=_KEY)
                .returning(PolicyAcknowledgement.id)
            )
            return await session.scalar(statement) is not None

    async def rate(self, policy_id: str, policy_version: str) -> AcknowledgementRate:
        """How many people were asked about this version, and how many said they had read it."""
        this = (PolicyAcknowledgement.policy_id == policy_id) & (
            PolicyAcknowledgement.policy_version == policy_version
        )
        async with self._sessions() as session:
            asked, acknowledged = (
                await session.execute(
                    select(func.count(), func.count(PolicyAcknowledgement.acknowledged_at)).where(
                        this
                    )
                )
            ).one()
        return AcknowledgementRate(policy_version, int(asked), int(acknowledged))
