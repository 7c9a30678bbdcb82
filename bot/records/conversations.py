"""Conversation references for proactive messages: the board's channel and each requester's chat."""

from __future__ import annotations

from typing import Any

from botbuilder.schema import ConversationReference
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.db import dialect_insert
from bot.records.models import ConversationRecord, utcnow

GOVERNANCE_KEY = "governance"


def board_key(board: str | None) -> str:
    """The destination of a board's channel: the lead board keeps the key it always had, so a
    deployment that adds boards keeps its registered channel."""
    return f"{GOVERNANCE_KEY}:{board}" if board else GOVERNANCE_KEY


def user_key(user_id: str) -> str:
    """The key of a person's 1:1 chat; `user_id` is their Entra object id (aadObjectId)."""
    return f"user:{user_id}"


class ConversationReferences:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = session_factory

    async def save(self, key: str, reference: ConversationReference | dict[str, Any]) -> None:
        """Insert or replace; Teams may move a chat to a new service URL, so last write wins."""
        data = reference.serialize() if isinstance(reference, ConversationReference) else reference
        async with self._sessions.begin() as session:
            insert = dialect_insert(session)(ConversationRecord).values(
                key=key, reference=data, updated_at=utcnow()
            )
            await session.execute(
                insert.on_conflict_do_update(
                    index_elements=[ConversationRecord.key],
                    set_={"reference": insert.excluded.reference, "updated_at": utcnow()},
                )
            )

    async def get(self, key: str) -> ConversationReference | None:
        async with self._sessions() as session:
            row = await session.get(ConversationRecord, key)
        return ConversationReference.deserialize(row.reference) if row else None

    async def get_data(self, key: str) -> dict[str, Any] | None:
        """The stored JSON as saved, for entries that are not conversation references."""
        async with self._sessions() as session:
            row = await session.get(ConversationRecord, key)
        return dict(row.reference) if row else None

    async def with_prefix(self, prefix: str) -> dict[str, dict[str, Any]]:
        query = select(ConversationRecord).where(ConversationRecord.key.startswith(prefix))
        async with self._sessions() as session:
            rows = (await session.scalars(query)).all()
        return {row.key: dict(row.reference) for row in rows}
