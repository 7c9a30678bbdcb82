"""Case notes: the running history of an approval request or an incident (questions from the
board, answers, later additions). They hold what people wrote, so they are read only to build
governance cards and the person's own view, and exported only through the records export."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.models import CaseNote

NOTE_LIMIT = 4000


async def add_note(
    session: AsyncSession,
    subject_ref: str,
    *,
    author_id: str,
    author_name: str,
    kind: str,
    text: str,
) -> CaseNote:
    """Add a note in the caller's transaction (commit it with the change it explains)."""
    note = CaseNote(
        subject_ref=subject_ref,
        author_id=author_id,
        author_name=author_name[:200],
        kind=kind,
        text=text[:NOTE_LIMIT],
    )
    session.add(note)
    await session.flush()
    return note


async def notes_for(sessions: async_sessionmaker[AsyncSession], subject_ref: str) -> list[CaseNote]:
    """Oldest first."""
    query = (
        select(CaseNote)
        .where(CaseNote.subject_ref == subject_ref)
        .order_by(CaseNote.created_at, CaseNote.id)
    )
    async with sessions() as session:
        return list((await session.scalars(query)).all())
