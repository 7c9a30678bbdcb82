"""Questions for the board, its answers and rulings, and votes on answers, in the records layer
on SQLite and PostgreSQL: references, exactly-once answers under concurrency, the audit chain,
the outbox, export and purge."""

from __future__ import annotations

import asyncio
import io
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import AlreadyDecidedError, RecordsError
from bot.records import audit
from bot.records.board_questions import (
    BoardAnswer,
    BoardQuestionRepository,
    NewBoardQuestion,
    NotARulingError,
    NotAskerError,
)
from bot.records.export import export
from bot.records.interactions import InteractionRepository
from bot.records.models import (
    AnswerVote,
    AuditEntry,
    BoardQuestion,
    Interaction,
    OutboxMessage,
    utcnow,
)
from bot.records.votes import NewVote, VoteRepository
from tests.records.helpers import interaction

Sessions = async_sessionmaker[AsyncSession]

ASKED = NewBoardQuestion(
    asker_id="aad-asker",
    asker_name="Ada Asker",
    question="Can I use Gamma to make slides for a team briefing?",
    policy_id="socitm-template",
    policy_version="2024-01",
    bot_verdict="needs_approval",
    bot_answer="Not yet: it needs approval first.",
    bot_reading={"tool": "Gamma", "purpose": None, "data": []},
    idempotency_key="k" * 64,
)
RULING = BoardAnswer(
    verdict="allowed_with_conditions",
    text="Fine for slides with no personal data.",
    ruling=True,
    ruling_tool="Gamma",
    ruling_purpose="make slides",
    ruling_data="none",
)


async def outbox_kinds(sessions: Sessions) -> list[tuple[str, str]]:
    async with sessions() as session:
        query = select(OutboxMessage.kind, OutboxMessage.destination).order_by(OutboxMessage.id)
        return [tuple(row) for row in (await session.execute(query)).all()]  # type: ignore[misc]


async def test_a_question_is_stored_once_per_consent_and_announced(session_factory: Sessions):
    repo = BoardQuestionRepository(session_factory)
    first, created = await repo.create(ASKED)
    again, created_again = await repo.create(ASKED)
    assert (first.reference, created, again.reference, created_again) == (
        "BQ-0001", True, "BQ-0001", False,
    )  # fmt: skip
    other, _ = await repo.create(replace(ASKED, idempotency_key=None))
    assert other.reference == "BQ-0002"
    assert await outbox_kinds(session_factory) == [("board_question.card", "governance")] * 2
    with pytest.raises(RecordsError):
        await repo.create(replace(ASKED, question="  ", idempotency_key=None))


async def test_two_approvers_answering_at_once_record_one_answer(session_factory: Sessions):
    repo = BoardQuestionRepository(session_factory)
    row, _ = await repo.create(ASKED)
    results = await asyncio.gather(
        repo.answer(row.reference, by="aad-1", by_name="One", answer=RULING),
        repo.answer(row.reference, by="aad-2", by_name="Two",
                    answer=replace(RULING, verdict="prohibited")),
        repo.answer(row.reference, by="aad-3", by_name="Three", answer=RULING),
        return_exceptions=True,
    )  # fmt: skip
    answered = [r for r in results if isinstance(r, BoardQuestion)]
    refused = [r for r in results if isinstance(r, AlreadyDecidedError)]
    assert len(answered) == 1 and len(refused) == 2
    assert all(e.decision and e.decision.decided_by == answered[0].answered_by for e in refused)
    kinds = await outbox_kinds(session_factory)
    assert kinds.count(("board_question.answered", "user:aad-asker")) == 1


async def test_take_ask_reply_and_answer_move_the_question_on(session_factory: Sessions):
    repo = BoardQuestionRepository(session_factory)
    row, _ = await repo.create(ASKED)
    ref = row.reference
    assert (await repo.take(ref, by="aad-1", by_name="One")).status == "taken"
    assert (await repo.take(ref, by="aad-1", by_name="One")).taken_by == "aad-1"  # idempotent
    with pytest.raises(AlreadyDecidedError) as taken:
        await repo.take(ref, by="aad-2", by_name="Two")
    assert taken.value.decision is not None and taken.value.decision.decision == "taken"
    await repo.ask_asker(ref, by="aad-1", by_name="One", question="Which team?")
    assert (await repo.get(ref)).status == "asked"
    with pytest.raises(NotAskerError):
        await repo.reply(ref, asker_id="aad-someone", asker_name="X", text="Housing")
    await repo.reply(ref, asker_id="aad-asker", asker_name="Ada", text="Housing")
    assert (await repo.get(ref)).status == "taken"  # back with the one who took it
    assert [n.kind for n in await repo.notes(ref)] == ["board_question", "asker_reply"]
    await repo.answer(ref, by="aad-1", by_name="One", answer=RULING)
    with pytest.raises(RecordsError):
        await repo.reply(ref, asker_id="aad-asker", asker_name="Ada", text="More")
    assert [r.reference for r in await repo.rulings()] == [ref]


async def test_a_ruling_is_withdrawn_once_and_leaves_the_overlay(session_factory: Sessions):
    repo = BoardQuestionRepository(session_factory)
    row, _ = await repo.create(ASKED)
    plain, _ = await repo.create(replace(ASKED, idempotency_key=None))
    await repo.answer(row.reference, by="aad-1", by_name="One", answer=RULING)
    await repo.answer(plain.reference, by="aad-1", by_name="One",
                      answer=replace(RULING, ruling=False))  # fmt: skip
    assert [r.reference for r in await repo.rulings()] == [row.reference]
    withdrawn = await repo.withdraw(row.reference, by="aad-2", by_name="Two", reason="Listed now")
    assert withdrawn.withdrawn_reason == "Listed now" and await repo.rulings() == []
    with pytest.raises(NotARulingError):
        await repo.withdraw(row.reference, by="aad-2", by_name="Two", reason="")
    with pytest.raises(NotARulingError):
        await repo.withdraw(plain.reference, by="aad-2", by_name="Two", reason="")
    ok, broken = await audit.verify(session_factory)
    assert broken is None and ok >= 5


def test_an_answer_is_checked_before_it_is_stored() -> None:
    with pytest.raises(RecordsError):
        BoardAnswer(verdict="maybe", text="x")
    with pytest.raises(RecordsError):
        BoardAnswer(verdict="allowed", text=" ")
    with pytest.raises(RecordsError):
        BoardAnswer(verdict="information", text="x", ruling=True, ruling_purpose="y")
    with pytest.raises(RecordsError):
        BoardAnswer(verdict="allowed", text="x", ruling=True, ruling_purpose=" ")


async def test_a_vote_is_one_per_person_and_answer_and_changes_are_audited(
    session_factory: Sessions,
):
    votes = VoteRepository(session_factory)
    vote = NewVote("key-1", "aad-1", "right", "allowed", "socitm-template")
    await asyncio.gather(votes.vote(vote), votes.vote(vote), votes.vote(vote))
    await votes.vote(replace(vote, vote="not_right"))
    assert await votes.comment("key-1", "aad-1", "Wrong clause")
    assert not await votes.comment("key-1", "aad-2", "Not mine")
    await votes.vote(replace(vote, user_id="aad-2"))
    async with session_factory() as session:
        rows = (await session.execute(
            select(AnswerVote.user_id, AnswerVote.vote, AnswerVote.comment)
            .order_by(AnswerVote.user_id)
        )).all()  # fmt: skip
        voted = await session.scalar(
            select(func.count()).where(AuditEntry.action == "answer.voted")
        )
    assert [tuple(r) for r in rows] == [
        ("aad-1", "not_right", "Wrong clause"),
        ("aad-2", "right", None),
    ]
    assert voted == 3  # right once (the repeats changed nothing), then not right, then aad-2


async def test_export_and_purge_cover_votes_and_board_questions(session_factory: Sessions):
    interactions = InteractionRepository(session_factory)
    await interactions.record(replace(interaction(), answer_key="key-old"))
    await VoteRepository(session_factory).vote(
        NewVote("key-old", "aad-user-1", "not_right", "needs_approval", "socitm-template")
    )
    repo = BoardQuestionRepository(session_factory)
    answered, _ = await repo.create(ASKED)
    ruling, _ = await repo.create(replace(ASKED, idempotency_key=None))
    waiting, _ = await repo.create(replace(ASKED, idempotency_key=None))
    await repo.answer(answered.reference, by="aad-1", by_name="One",
                      answer=replace(RULING, ruling=False))  # fmt: skip
    await repo.answer(ruling.reference, by="aad-1", by_name="One", answer=RULING)

    out = io.StringIO()
    assert await export(session_factory, "board-questions", "jsonl", out) == 3
    first = json.loads(out.getvalue().splitlines()[0])
    assert first["question"] == ASKED.question and first["answer_verdict"]
    out = io.StringIO()
    assert await export(session_factory, "feedback", "csv", out) == 1
    assert "key-old" in out.getvalue()

    long_ago = utcnow() - timedelta(days=400)
    async with session_factory.begin() as session:
        for model in (AnswerVote, BoardQuestion):
            await session.execute(update(model).values(created_at=long_ago))
        await session.execute(update(BoardQuestion).values(answered_at=long_ago))
    async with session_factory.begin() as session:
        await session.execute(update(Interaction).values(created_at=long_ago))
    result = await interactions.purge_older_than(30, actor_ref="operator:test")
    assert (result.interactions_removed, result.votes_removed) == (1, 1)
    assert result.board_questions_removed == 1  # the answered one; a ruling and a waiting kept
    remaining = {r.reference for r in await repo.open_questions()} | {
        r.reference for r in await repo.rulings()
    }
    assert remaining == {ruling.reference, waiting.reference}
