"""Questions and the verdicts given: kept for audit, FOI and subject access requests."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records import audit
from bot.records.db import changed_rows
from bot.records.models import AnswerVote, BoardQuestion, Interaction, utcnow
from bot.records.pg_direct import PgDirect
from bot.records.sqlite_thread import SqliteThread
from bot.records.turn_records import defer, insert_rows, insert_rows_now, take

# The mapped class's table, typed as the Table it is (`__table__` is typed as a FromClause).
INTERACTIONS = cast(Table, Interaction.__table__)


@dataclass(frozen=True)
class NewInteraction:
    """One answered question. `decision` is the engine's Decision as JSON, kept whole."""

    user_id: str
    conversation_id: str
    question: str
    verdict: str
    policy_id: str
    policy_version: str
    answer: str = ""
    rule_ids: list[str] = field(default_factory=list)
    decision: dict[str, Any] | None = None
    answer_key: str | None = None  # what the answer card's buttons carry


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    interactions_removed: int
    audit_seq: int
    votes_removed: int = 0
    board_questions_removed: int = 0


class InteractionRepository:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        sqlite_thread: SqliteThread | None = None,
    ) -> None:
        self._sessions = session_factory
        self._thread = sqlite_thread
        self._postgres = PgDirect.for_sessions(session_factory)

    async def record(self, new: NewInteraction) -> Interaction | None:
        """Store one interaction. Inside a bot turn (`turn_records`) it is written with the
        turn's conversation state, in the same transaction, and None is returned; otherwise it
        is written at once and returned."""
        # fields(), not asdict(): asdict deep-copies the decision JSON on every question
        values = {f.name: getattr(new, f.name) for f in fields(new)}
        if defer(INTERACTIONS, values):
            return None
        row = Interaction(**values)
        async with self._sessions.begin() as session:
            session.add(row)
        return row

    async def record_deferred(self) -> None:
        """Write whatever the turn's state write did not take (the state did not change, or
        the turn failed before saving it)."""
        rows = take()
        if not rows:
            return
        if self._thread is not None:
            await self._thread.run(lambda connection: insert_rows_now(connection, rows))
            return
        if self._postgres is not None:
            async with self._postgres.transaction() as connection:
                await self._postgres.insert_rows(connection, rows)
            return
        async with self._sessions.begin() as session:
            await insert_rows(session, rows)

    async def newest(self, limit: int = 50, before_id: int | None = None) -> list[Interaction]:
        """Newest first; pass the last id seen as `before_id` to page back."""
        query = select(Interaction).order_by(Interaction.created_at.desc(), Interaction.id.desc())
        if before_id is not None:
            anchor = select(Interaction.created_at).where(Interaction.id == before_id)
            query = query.where(
                (Interaction.created_at < anchor.scalar_subquery())
                | ((Interaction.created_at == anchor.scalar_subquery())
                   & (Interaction.id < before_id))
            )  # fmt: skip
        async with self._sessions() as session:
            return list((await session.scalars(query.limit(limit))).all())

    async def for_user(self, user_id: str) -> list[Interaction]:
        """Everything one person asked, oldest first: the core of a subject access request."""
        query = select(Interaction).where(Interaction.user_id == user_id).order_by(Interaction.id)
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def by_answer_key(self, answer_key: str) -> Interaction | None:
        """The interaction an answer card's button names (its random key, never its id)."""
        query = select(Interaction).where(Interaction.answer_key == answer_key)
        async with self._sessions() as session:
            return (await session.scalars(query)).one_or_none()

    async def count(self) -> int:
        async with self._sessions() as session:
            return int((await session.scalar(select(func.count()).select_from(Interaction))) or 0)

    async def purge_older_than(
        self, days: int, *, actor_ref: str, now: datetime | None = None
    ) -> PurgeResult:
        """Delete interactions older than `days` and record the purge in the audit log.

        Approval requests and incidents are never touched; a request that pointed at a purged
        interaction keeps everything it holds itself (its interaction_id becomes NULL). Votes
        on answers go with them, and so do questions sent to the board that were answered
        before the cutoff, unless the answer is a standing ruling (the board's knowledge).
        """
        if days < 0:
            raise ValueError("days must not be negative")
        cutoff = (now or utcnow()) - timedelta(days=days)
        async with self._sessions.begin() as session:
            result = await session.execute(
                delete(Interaction).where(Interaction.created_at < cutoff)
            )
            votes = await session.execute(delete(AnswerVote).where(AnswerVote.created_at < cutoff))
            closed = (BoardQuestion.status == "answered") & (BoardQuestion.answered_at < cutoff)
            standing = BoardQuestion.ruling.is_(True) & BoardQuestion.withdrawn_at.is_(None)
            withdrawn_long_ago = BoardQuestion.withdrawn_at < cutoff
            questions = await session.execute(
                delete(BoardQuestion).where(closed & (~standing | withdrawn_long_ago))
            )
            entry = await audit.append(
                session,
                actor_ref=actor_ref,
                action="records.purge",
                subject_ref="table:interactions",
                details={
                    "older_than_days": days,
                    "cutoff": cutoff.isoformat(),
                    "removed": changed_rows(result),
                    "votes_removed": changed_rows(votes),
                    "board_questions_removed": changed_rows(questions),
                },
            )
        return PurgeResult(
            cutoff, changed_rows(result), entry.seq, changed_rows(votes), changed_rows(questions)
        )
