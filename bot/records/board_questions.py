"""Questions staff send to the governance board (BQ-0001), the board's answers, and the answers
it keeps as rulings.

A question is stored only when its asker has seen what will be shared and sent it, so the
board's card never shows text the asker did not agree to. Every change is one conditional
UPDATE ... RETURNING, as approval decisions are: two approvers answering at once give one
answer, and the other is told who answered. The audit entry and the outbox notifications are
written in the same transaction as the change; payloads hold the reference only.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import AlreadyDecidedError, RecordsError
from bot.records import audit, outbox
from bot.records.approvals import DecisionOutcome
from bot.records.case_notes import add_note, notes_for
from bot.records.conditional import by_reference, update_or_find
from bot.records.conversations import GOVERNANCE_KEY, user_key
from bot.records.models import BoardQuestion, CaseNote, utcnow
from bot.records.references import next_reference

PREFIX = "BQ"
WAITING = "waiting"
TAKEN = "taken"
ASKED = "asked"  # the board asked the asker something back
ANSWERED = "answered"
OPEN_STATUSES = (WAITING, TAKEN, ASKED)
# What the board may answer: a verdict on a use, or an answer about the policy itself.
ANSWER_VERDICTS = (
    "allowed",
    "allowed_with_conditions",
    "needs_approval",
    "prohibited",
    "information",
)
RULING_VERDICTS = ANSWER_VERDICTS[:4]  # an answer about the policy is no ruling on a use

# Outbox kinds: the board's card (posted once, then updated), and the asker's notices.
CARD = "board_question.card"
ANSWERED_NOTICE = "board_question.answered"
ASKED_NOTICE = "board_question.asked"


@dataclass(frozen=True)
class NewBoardQuestion:
    """What the asker agreed to share, and what the bot had answered."""

    asker_id: str
    asker_name: str
    question: str
    policy_id: str
    policy_version: str
    bot_verdict: str
    bot_answer: str = ""
    bot_reading: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    answer_key: str | None = None
    conversation_id: str | None = None
    idempotency_key: str | None = None  # one question per answer and asker


@dataclass(frozen=True)
class BoardAnswer:
    verdict: str
    text: str
    clauses: tuple[str, ...] = ()
    ruling: bool = False
    ruling_tool: str | None = None  # None: a ruling about questions naming no tool
    ruling_purpose: str | None = None
    ruling_data: str | None = None  # a data class id, or "none"

    def __post_init__(self) -> None:
        if self.verdict not in ANSWER_VERDICTS:
            raise RecordsError(f"the answer must be one of {', '.join(ANSWER_VERDICTS)}")
        if not self.text.strip():
            raise RecordsError("the answer needs a short text saying why")
        if self.ruling and self.verdict not in RULING_VERDICTS:
            raise RecordsError("an answer about the policy itself cannot be kept as a ruling")
        if self.ruling and not (self.ruling_purpose or "").strip():
            raise RecordsError("a ruling needs the use it covers")


class NotAskerError(RecordsError):
    """Only the person who asked may reply to the board's question about it."""


class NotARulingError(RecordsError):
    """Withdrawing something that is not a standing ruling."""


class BoardQuestionRepository:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        governance_destination: str = GOVERNANCE_KEY,
    ) -> None:
        self._sessions = sessions
        self._governance = governance_destination

    # -- the asker ---------------------------------------------------------------------------
    async def create(self, new: NewBoardQuestion) -> tuple[BoardQuestion, bool]:
        """Store the question with the next BQ- reference and queue the board's card; the
        second send of the same consent returns the first question (and False)."""
        if new.idempotency_key and (found := await self._by_key(new.idempotency_key)):
            return found, False
        if not new.question.strip():
            raise RecordsError("the question is empty")
        try:
            return await self._create(new), True
        except IntegrityError:
            if new.idempotency_key and (found := await self._by_key(new.idempotency_key)):
                return found, False
            raise

    async def _create(self, new: NewBoardQuestion) -> BoardQuestion:
        async with self._sessions.begin() as session:
            reference = await next_reference(session, PREFIX)
            values = asdict(new)
            values["asker_name"] = new.asker_name[:200]
            row = BoardQuestion(reference=reference, **values)
            session.add(row)
            await session.flush()
            await self._announce(session, reference, CARD, self._governance)
            await audit.append(
                session,
                actor_ref=user_key(new.asker_id),
                action="board_question.asked",
                subject_ref=_subject(reference),
                details={"bot_verdict": new.bot_verdict},
            )
        return row

    async def reply(self, reference: str, *, asker_id: str, asker_name: str, text: str) -> None:
        """The asker's reply to the board's question back: the question waits for an answer
        again (with whoever took it)."""
        if not text.strip():
            raise RecordsError("the reply is empty")
        async with self._sessions.begin() as session:
            owner = await session.scalar(
                select(BoardQuestion.asker_id).where(BoardQuestion.reference == reference)
            )
            if owner is None or owner.lower() != asker_id.lower():
                raise NotAskerError(f"{reference} is not a question of yours")
            row = await _transition(session, reference, (ASKED,), updated_at=utcnow())
            status = TAKEN if row.taken_by else WAITING
            await session.execute(
                update(BoardQuestion)
                .where(BoardQuestion.reference == reference)
                .values(status=status)
            )
            await add_note(
                session,
                _subject(reference),
                author_id=asker_id,
                author_name=asker_name,
                kind="asker_reply",
                text=text,
            )
            await self._announce(session, reference, CARD, self._governance)
            await audit.append(
                session,
                actor_ref=user_key(asker_id),
                action="board_question.replied",
                subject_ref=_subject(reference),
            )

    # -- the board ---------------------------------------------------------------------------
    async def take(self, reference: str, *, by: str, by_name: str) -> BoardQuestion:
        """ "I'll answer this": says who is on it. Taken by someone else already, it stays
        theirs (AlreadyDecidedError names them); taking it again yourself changes nothing."""
        async with self._sessions.begin() as session:
            row, existing = await update_or_find(
                session,
                BoardQuestion,
                reference,
                BoardQuestion.status.in_(OPEN_STATUSES),
                BoardQuestion.taken_by.is_(None),
                missing=_missing(reference),
                status=TAKEN,
                taken_by=by,
                taken_by_name=by_name[:200],
                taken_at=utcnow(),
                updated_at=utcnow(),
            )
            if existing is not None:
                if existing.status in OPEN_STATUSES and existing.taken_by == by:
                    return existing
                raise AlreadyDecidedError(f"{reference} is taken", decision=_outcome(existing))
            assert row is not None
            await self._announce(session, reference, CARD, self._governance)
            await audit.append(
                session,
                actor_ref=user_key(by),
                action="board_question.taken",
                subject_ref=_subject(reference),
            )
        return row

    async def ask_asker(self, reference: str, *, by: str, by_name: str, question: str) -> None:
        """The board asks the asker something back; the asker is told in their chat."""
        if not question.strip():
            raise RecordsError("say what the board wants to know")
        async with self._sessions.begin() as session:
            await _transition(session, reference, OPEN_STATUSES, status=ASKED, updated_at=utcnow())
            await add_note(
                session,
                _subject(reference),
                author_id=by,
                author_name=by_name,
                kind="board_question",
                text=question,
            )
            row = await _by_reference(session, reference)
            assert row is not None
            await self._announce(session, reference, CARD, self._governance)
            await self._announce(session, reference, ASKED_NOTICE, user_key(row.asker_id))
            await audit.append(
                session,
                actor_ref=user_key(by),
                action="board_question.asked_back",
                subject_ref=_subject(reference),
            )

    async def answer(
        self, reference: str, *, by: str, by_name: str, answer: BoardAnswer
    ) -> BoardQuestion:
        """Record the board's answer once; a second answer gets AlreadyDecidedError with the
        first. The asker is told, and a ruling starts to overlay answers."""
        now = utcnow()
        async with self._sessions.begin() as session:
            row = await _transition(
                session,
                reference,
                OPEN_STATUSES,
                status=ANSWERED,
                answer_verdict=answer.verdict,
                answer_text=answer.text,
                answer_clauses=list(answer.clauses),
                answered_by=by,
                answered_by_name=by_name[:200] or None,
                answered_at=now,
                ruling=answer.ruling,
                ruling_tool=answer.ruling_tool if answer.ruling else None,
                ruling_purpose=answer.ruling_purpose if answer.ruling else None,
                ruling_data=answer.ruling_data if answer.ruling else None,
                updated_at=now,
            )
            await self._announce(session, reference, CARD, self._governance)
            await self._announce(session, reference, ANSWERED_NOTICE, user_key(row.asker_id))
            await audit.append(
                session,
                actor_ref=user_key(by),
                action="board_question.answered",
                subject_ref=_subject(reference),
                details={"verdict": answer.verdict, "ruling": answer.ruling},
            )
        return row

    async def withdraw(
        self, reference: str, *, by: str, by_name: str, reason: str
    ) -> BoardQuestion:
        """Withdraw a standing ruling: later answers come from the policy again."""
        now = utcnow()
        async with self._sessions.begin() as session:
            row, existing = await update_or_find(
                session,
                BoardQuestion,
                reference,
                BoardQuestion.ruling.is_(True),
                BoardQuestion.withdrawn_at.is_(None),
                missing=_missing(reference),
                withdrawn_at=now,
                withdrawn_by=by,
                withdrawn_by_name=by_name[:200] or None,
                withdrawn_reason=reason or None,
                updated_at=now,
            )
            if existing is not None:
                if existing.withdrawn_at is not None:
                    raise NotARulingError(f"{reference}'s ruling was already withdrawn")
                raise NotARulingError(f"{reference} is not a ruling")
            assert row is not None
            await self._announce(session, reference, CARD, self._governance)
            await audit.append(
                session,
                actor_ref=user_key(by),
                action="board_question.ruling_withdrawn",
                subject_ref=_subject(reference),
            )
        return row

    async def record_refusal(
        self, reference: str, *, actor_id: str, verb: str, reason: str = "not_an_approver"
    ) -> None:
        async with self._sessions.begin() as session:
            await audit.append(
                session,
                actor_ref=user_key(actor_id),
                action="board_question.action_refused",
                subject_ref=_subject(reference),
                details={"verb": verb[:60], "reason": reason},
            )

    # -- reading -----------------------------------------------------------------------------
    async def get(self, reference: str) -> BoardQuestion | None:
        async with self._sessions() as session:
            return await _by_reference(session, reference)

    async def notes(self, reference: str) -> list[CaseNote]:
        return await notes_for(self._sessions, _subject(reference))

    async def rulings(self) -> list[BoardQuestion]:
        """Standing rulings, oldest first: the overlay the engine reads."""
        query = (
            select(BoardQuestion)
            .where(BoardQuestion.ruling.is_(True), BoardQuestion.withdrawn_at.is_(None))
            .where(BoardQuestion.status == ANSWERED)
            .order_by(BoardQuestion.answered_at, BoardQuestion.id)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def open_questions(self) -> list[BoardQuestion]:
        query = (
            select(BoardQuestion)
            .where(BoardQuestion.status.in_(OPEN_STATUSES))
            .order_by(BoardQuestion.created_at, BoardQuestion.id)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def for_asker(self, asker_id: str) -> list[BoardQuestion]:
        query = (
            select(BoardQuestion)
            .where(BoardQuestion.asker_id == asker_id)
            .order_by(BoardQuestion.id.desc())
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def redraw_open_cards(self) -> int:
        """Queue a redraw of every open question's card (who sees the buttons changed)."""
        open_ = await self.open_questions()
        async with self._sessions.begin() as session:
            for row in open_:
                await self._announce(session, row.reference, CARD, self._governance)
        return len(open_)

    async def _by_key(self, key: str) -> BoardQuestion | None:
        async with self._sessions() as session:
            query = select(BoardQuestion).where(BoardQuestion.idempotency_key == key)
            return (await session.scalars(query)).first()

    async def _announce(
        self, session: AsyncSession, reference: str, kind: str, destination: str
    ) -> None:
        await outbox.enqueue(
            session, kind=kind, destination=destination, payload={"reference": reference}
        )


def _subject(reference: str) -> str:
    return f"board_question:{reference}"


def _outcome(row: BoardQuestion) -> DecisionOutcome:
    """Who answered (or took) the question first, for the one who came second."""
    if row.status == ANSWERED:
        return DecisionOutcome(
            row.reference,
            str(row.answer_verdict),
            str(row.answered_by),
            row.answered_at,
            None,
            row.answered_by_name,
        )
    return DecisionOutcome(
        row.reference, "taken", str(row.taken_by), row.taken_at, None, row.taken_by_name
    )


async def _by_reference(session: AsyncSession, reference: str) -> BoardQuestion | None:
    return await by_reference(session, BoardQuestion, reference)


async def _transition(
    session: AsyncSession, reference: str, allowed: tuple[str, ...], **values: object
) -> BoardQuestion:
    """Apply `values` only if the question is in one of `allowed` statuses, atomically."""
    in_state = BoardQuestion.status.in_(allowed)
    row, existing = await update_or_find(
        session, BoardQuestion, reference, in_state, missing=_missing(reference), **values
    )
    if existing is not None:
        raise AlreadyDecidedError(f"{reference} was already answered", decision=_outcome(existing))
    assert row is not None
    return row


def _missing(reference: str) -> str:
    return f"there is no board question {reference}"
