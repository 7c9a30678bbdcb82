"""Which card the bot posted about which subject, where: the key to updating in place.

A notification about a subject that already has a card in a destination updates that activity
instead of posting a second card, so an outbox retry (or a later change) never duplicates it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.db import dialect_insert
from bot.records.models import PostedCard, utcnow


class PostedCards:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def get(self, subject_ref: str, destination: str) -> PostedCard | None:
        async with self._sessions() as session:
            return await session.get(PostedCard, (subject_ref, destination))

    async def save(
        self, subject_ref: str, destination: str, activity_id: str, reference: dict[str, Any]
    ) -> None:
        now = utcnow()
        async with self._sessions.begin() as session:
            insert = dialect_insert(session)(PostedCard).values(
                subject_ref=subject_ref,
                destination=destination,
                activity_id=activity_id,
                reference=reference,
                posted_at=now,
                updated_at=now,
            )
            await session.execute(
                insert.on_conflict_do_update(
                    index_elements=[PostedCard.subject_ref, PostedCard.destination],
                    set_={"activity_id": activity_id, "reference": reference, "updated_at": now},
                )
            )

    async def touch(self, subject_ref: str, destination: str) -> None:
        async with self._sessions.begin() as session:
            card = await session.get(PostedCard, (subject_ref, destination))
            if card is not None:
                card.updated_at = utcnow()
