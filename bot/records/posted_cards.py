"""Which card the bot posted about which subject, where: the key to updating in place.

A notification about a subject that already has a card in a destination updates that activity
instead of posting a second card, so an outbox retry (or a later change) never duplicates it.
Posting the first card is claimed first (a row with no activity id yet, inserted only if none
exists), so two relays holding two notifications about one subject never both post: the one
that did not claim waits for the card to exist and then updates it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.db import changed_rows, dialect_insert
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

    async def claim(self, subject_ref: str, destination: str, reference: dict[str, Any]) -> bool:
        """Claim the first post of the card: True for exactly one caller, however many race."""
        now = utcnow()
        async with self._sessions.begin() as session:
            insert = dialect_insert(session)(PostedCard).values(
                subject_ref=subject_ref,
                destination=destination,
                activity_id="",
                reference=reference,
                posted_at=now,
                updated_at=now,
            )
            result = await session.execute(
                insert.on_conflict_do_nothing(
                    index_elements=[PostedCard.subject_ref, PostedCard.destination]
                )
            )
            return changed_rows(result) == 1

    async def take_over(self, subject_ref: str, destination: str, older_than: timedelta) -> bool:
        """Claim a first post whose claimant never finished it (it crashed, or lost its lease)."""
        now = utcnow()
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(PostedCard)
                .where(
                    PostedCard.subject_ref == subject_ref,
                    PostedCard.destination == destination,
                    PostedCard.activity_id == "",
                    PostedCard.posted_at < now - older_than,
                )
                .values(posted_at=now, updated_at=now)
            )
            return changed_rows(result) == 1

    async def release(self, subject_ref: str, destination: str) -> None:
        """Give up a claim whose post failed, so that a retry may post."""
        async with self._sessions.begin() as session:
            await session.execute(
                delete(PostedCard).where(
                    PostedCard.subject_ref == subject_ref,
                    PostedCard.destination == destination,
                    PostedCard.activity_id == "",
                )
            )
