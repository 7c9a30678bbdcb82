"""Staff's "Right" / "Not right" on the bot's answers: one vote per person and answer (a second
tap changes it), with what was wrong when they say. Votes are for the board's figures and
exports; nothing shows one person's vote to anyone else."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records import audit
from bot.records.conversations import user_key
from bot.records.db import dialect_insert
from bot.records.models import AnswerVote, utcnow

RIGHT = "right"
NOT_RIGHT = "not_right"
VOTES = (RIGHT, NOT_RIGHT)
COMMENT_LIMIT = 1000


@dataclass(frozen=True)
class NewVote:
    answer_key: str
    user_id: str
    vote: str
    verdict: str
    policy_id: str


class VoteRepository:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def vote(self, new: NewVote) -> None:
        """Record the vote, or change the person's earlier vote on the same answer; a repeat
        of the same vote (a double tap, a retried invoke) changes nothing."""
        if new.vote not in VOTES:
            raise ValueError(f"a vote is one of {VOTES}")
        now = utcnow()
        async with self._sessions.begin() as session:
            insert = dialect_insert(session)(AnswerVote).values(
                answer_key=new.answer_key,
                user_id=new.user_id,
                vote=new.vote,
                verdict=new.verdict,
                policy_id=new.policy_id,
                created_at=now,
                updated_at=now,
            )
            statement = insert.on_conflict_do_update(
                index_elements=[AnswerVote.answer_key, AnswerVote.user_id],
                set_={"vote": new.vote, "updated_at": now},
                where=AnswerVote.vote != new.vote,
            ).returning(AnswerVote.id)
            changed = (await session.execute(statement)).first()
            if changed is not None:
                await audit.append(
                    session,
                    actor_ref=user_key(new.user_id),
                    action="answer.voted",
                    subject_ref=f"answer:{new.answer_key}",
                    details={"vote": new.vote},
                )

    async def comment(self, answer_key: str, user_id: str, text: str) -> bool:
        """What was wrong, added to the person's "not right"; False when there is no such vote."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(AnswerVote)
                .where(AnswerVote.answer_key == answer_key, AnswerVote.user_id == user_id)
                .values(comment=text[:COMMENT_LIMIT], updated_at=utcnow())
                .returning(AnswerVote.id)
            )
            if result.first() is None:
                return False
            await audit.append(
                session,
                actor_ref=user_key(user_id),
                action="answer.commented",
                subject_ref=f"answer:{answer_key}",
            )
        return True

    async def of(self, answer_key: str, user_id: str) -> AnswerVote | None:
        query = select(AnswerVote).where(
            AnswerVote.answer_key == answer_key, AnswerVote.user_id == user_id
        )
        async with self._sessions() as session:
            return (await session.scalars(query)).one_or_none()
