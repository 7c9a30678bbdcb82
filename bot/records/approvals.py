"""Approval requests and the board's decisions on them.

A decision is one conditional UPDATE ... WHERE status is still open ... RETURNING, so when two
approvers press their buttons at the same moment exactly one decision is recorded and the other
caller gets AlreadyDecidedError carrying the decision that won. The register entry it makes
(bot.records.register), the audit entry and the outbox notification for the requester are
written in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import AlreadyDecidedError, RecordsError
from bot.records import audit, outbox
from bot.records.case_notes import add_note, notes_for
from bot.records.conditional import by_reference, update_or_find
from bot.records.conversations import board_key, user_key
from bot.records.db import changed_rows
from bot.records.models import ApprovalRequest, CaseNote, utcnow
from bot.records.references import APPROVAL_PREFIX, next_reference
from bot.records.register import REVIEW_PERIOD, entry_from_approval


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    MORE_INFO_REQUESTED = "more_info_requested"
    DECIDED = "decided"


class Decision(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REJECTED = "rejected"


OPEN_STATUSES = (ApprovalStatus.PENDING, ApprovalStatus.MORE_INFO_REQUESTED)

# Outbox kinds. The card kind is idempotent: it posts the board's card once, then updates it.
CARD = "approval.card"
DECIDED = "approval.decided"
QUESTION = "approval.question"
REMINDER = "approval.reminder"


@dataclass(frozen=True)
class NewApprovalRequest:
    """The five things the policy asks a requester for, and who is asking."""

    requester_id: str
    requester_name: str
    tool: str
    purpose: str
    data_description: str
    data_classification: str
    expected_output: str
    output_use: str
    conversation_id: str | None = None
    interaction_id: int | None = None
    justification: str | None = None
    idempotency_key: str | None = None  # the dialog run's: one request per run
    board: str | None = None  # the board it was routed to; None is the lead board


class NotRequesterError(RecordsError):
    """Only the person who made a request may answer the board's questions about it."""


@dataclass(frozen=True)
class DecisionOutcome:
    """What AlreadyDecidedError.decision carries: the decision that was recorded first."""

    reference: str
    decision: str
    decided_by: str
    decided_at: datetime | None
    conditions: str | None
    decided_by_name: str | None = None


class ApprovalRepository:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        review_period: timedelta = REVIEW_PERIOD,
    ) -> None:
        self._sessions = session_factory
        self._review_period = review_period

    async def create(self, new: NewApprovalRequest) -> ApprovalRequest:
        """Store the request with the next AR- reference and announce it to the board; a second
        create with the same idempotency key returns the first request and changes nothing."""
        if new.idempotency_key and (found := await self._by_key(new.idempotency_key)):
            return found
        try:
            return await self._create(new)
        except IntegrityError:
            # another turn (or instance) stored this run's request between the look and the insert
            if new.idempotency_key and (found := await self._by_key(new.idempotency_key)):
                return found
            raise

    async def _by_key(self, key: str) -> ApprovalRequest | None:
        async with self._sessions() as session:
            query = select(ApprovalRequest).where(ApprovalRequest.idempotency_key == key)
            return (await session.scalars(query)).first()

    async def _create(self, new: NewApprovalRequest) -> ApprovalRequest:
        async with self._sessions.begin() as session:
            reference = await next_reference(session, APPROVAL_PREFIX)
            row = ApprovalRequest(reference=reference, **asdict(new))
            session.add(row)
            await session.flush()
            await self._announce(session, row, CARD, board_key(row.board))
            await audit.append(
                session,
                actor_ref=user_key(new.requester_id),
                action="approval.requested",
                subject_ref=f"approval:{reference}",
                details={"data_classification": new.data_classification},
            )
        return row

    async def redraw_open_cards(self) -> int:
        """Queue a redraw of every open request's board card (the approvers who see buttons
        changed): the card is updated in place, never posted again."""
        open_ = await self.open_requests()
        async with self._sessions.begin() as session:
            for row in open_:
                await self._announce(session, row, CARD, board_key(row.board))
        return len(open_)

    async def get(self, reference: str) -> ApprovalRequest | None:
        async with self._sessions() as session:
            return await _by_reference(session, reference)

    async def notes(self, reference: str) -> list[CaseNote]:
        return await notes_for(self._sessions, f"approval:{reference}")

    async def open_requests(self) -> list[ApprovalRequest]:
        """Undecided requests, oldest first (the board's queue)."""
        query = (
            select(ApprovalRequest)
            .where(ApprovalRequest.status.in_(OPEN_STATUSES))
            .order_by(ApprovalRequest.created_at, ApprovalRequest.id)
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def for_requester(self, requester_id: str) -> list[ApprovalRequest]:
        """One person's requests, newest first ("my requests")."""
        query = (
            select(ApprovalRequest)
            .where(ApprovalRequest.requester_id == requester_id)
            .order_by(ApprovalRequest.id.desc())
        )
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def remind_overdue(self, older_than: timedelta, now: datetime | None = None) -> list[str]:
        """Queue a reminder in the board's channel for each open request older than
        `older_than` that was not reminded about within `older_than` either; returns the
        references. Claimed with a conditional update, so two instances never both remind."""
        now = now or utcnow()
        cutoff = now - older_than
        due = (
            select(ApprovalRequest.reference, ApprovalRequest.board)
            .where(ApprovalRequest.status.in_(OPEN_STATUSES), ApprovalRequest.created_at < cutoff)
            .where(
                or_(
                    ApprovalRequest.last_reminded_at.is_(None),
                    ApprovalRequest.last_reminded_at < cutoff,
                )
            )
            .order_by(ApprovalRequest.created_at)
        )
        async with self._sessions() as session:  # nothing due: read, commit nothing
            candidates = [(ref, board) for ref, board in await session.execute(due)]
        reminded: list[str] = []
        if not candidates:
            return reminded
        async with self._sessions.begin() as session:
            for reference, board in candidates:
                claimed = await session.execute(
                    update(ApprovalRequest)
                    .where(ApprovalRequest.reference == reference)
                    .where(
                        or_(
                            ApprovalRequest.last_reminded_at.is_(None),
                            ApprovalRequest.last_reminded_at < cutoff,
                        )
                    )
                    .values(last_reminded_at=now)
                )
                if changed_rows(claimed) == 1:
                    await outbox.enqueue(
                        session,
                        kind=REMINDER,
                        destination=board_key(board),
                        payload={"reference": reference},
                    )
                    reminded.append(reference)
        return reminded

    async def list(self, *, status: str | None = None, limit: int = 50) -> list[ApprovalRequest]:
        """Newest first, optionally only those with `status`."""
        query = select(ApprovalRequest).order_by(ApprovalRequest.id.desc()).limit(limit)
        if status is not None:
            query = query.where(ApprovalRequest.status == status)
        async with self._sessions() as session:
            return list((await session.scalars(query)).all())

    async def decide(
        self,
        reference: str,
        *,
        decision: Decision,
        decided_by: str,
        decided_by_name: str = "",
        conditions: str | None = None,
        comments: str | None = None,
    ) -> ApprovalRequest:
        """Record the decision if the request is still open; otherwise AlreadyDecidedError.
        `conditions` holds the conditions of an approval or the reason for a rejection."""
        decision = Decision(decision)
        if decision is Decision.APPROVED_WITH_CONDITIONS and not (conditions or "").strip():
            raise RecordsError("an approval with conditions must state the conditions")
        if decision is Decision.REJECTED and not (conditions or "").strip():
            raise RecordsError("a rejection must give its reason")
        now = utcnow()
        async with self._sessions.begin() as session:
            row = await _transition(
                session,
                reference,
                OPEN_STATUSES,
                status=ApprovalStatus.DECIDED,
                decision=decision,
                decided_by=decided_by,
                decided_by_name=decided_by_name[:200] or None,
                decided_at=now,
                conditions=conditions,
                comments=comments,
                updated_at=now,
            )
            await entry_from_approval(session, row, self._review_period)
            await self._announce(session, row, CARD, board_key(row.board))
            await self._announce(session, row, DECIDED, user_key(row.requester_id))
            await audit.append(
                session,
                actor_ref=user_key(decided_by),
                action="approval.decided",
                subject_ref=f"approval:{reference}",
                details={"decision": str(decision)},
            )
        return row

    async def request_more_info(
        self, reference: str, *, requested_by: str, requested_by_name: str = "", question: str
    ) -> ApprovalRequest:
        """Ask the requester a question; the request stays open for a later decision. Asking
        again while an answer is awaited adds the question rather than failing."""
        if not question.strip():
            raise RecordsError("say what more information is needed")
        async with self._sessions.begin() as session:
            row = await _transition(
                session,
                reference,
                OPEN_STATUSES,
                status=ApprovalStatus.MORE_INFO_REQUESTED,
                updated_at=utcnow(),
            )
            await add_note(
                session,
                f"approval:{reference}",
                author_id=requested_by,
                author_name=requested_by_name,
                kind="board_question",
                text=question,
            )
            await self._announce(session, row, CARD, board_key(row.board))
            await self._announce(session, row, QUESTION, user_key(row.requester_id))
            await audit.append(
                session,
                actor_ref=user_key(requested_by),
                action="approval.more_info_requested",
                subject_ref=f"approval:{reference}",
            )
        return row

    async def answer(
        self, reference: str, *, requester_id: str, requester_name: str = "", text: str
    ) -> ApprovalRequest:
        """The requester's answer to the board: recorded, and the request waits for a
        decision again. Refused for anyone but the requester and once the request is decided."""
        if not text.strip():
            raise RecordsError("the answer is empty")
        async with self._sessions.begin() as session:
            owner = await session.scalar(
                select(ApprovalRequest.requester_id).where(ApprovalRequest.reference == reference)
            )  # a column, not the row: the RETURNING below must not meet a stale copy
            if owner != requester_id:
                raise NotRequesterError(f"{reference} is not a request of yours")
            row = await _transition(
                session, reference, OPEN_STATUSES, status=ApprovalStatus.PENDING,
                updated_at=utcnow(),
            )  # fmt: skip
            await add_note(
                session,
                f"approval:{reference}",
                author_id=requester_id,
                author_name=requester_name,
                kind="requester_answer",
                text=text,
            )
            await self._announce(session, row, CARD, board_key(row.board))
            await audit.append(
                session,
                actor_ref=user_key(requester_id),
                action="approval.answered",
                subject_ref=f"approval:{reference}",
            )
        return row

    async def record_refusal(
        self, reference: str, *, actor_id: str, verb: str, reason: str = "not_an_approver"
    ) -> None:
        """Someone who may not decide pressed a board button: nothing changes, but it is kept."""
        async with self._sessions.begin() as session:
            await audit.append(
                session,
                actor_ref=user_key(actor_id),
                action="approval.action_refused",
                subject_ref=f"approval:{reference}",
                details={"verb": verb[:60], "reason": reason},
            )

    async def set_card_activity_id(self, reference: str, activity_id: str) -> None:
        """Remember the board's card so it can be updated in place when the request is decided."""
        async with self._sessions.begin() as session:
            await session.execute(
                update(ApprovalRequest)
                .where(ApprovalRequest.reference == reference)
                .values(card_activity_id=activity_id)
            )

    async def _announce(
        self, session: AsyncSession, row: ApprovalRequest, kind: str, destination: str
    ) -> None:
        await outbox.enqueue(
            session, kind=kind, destination=destination, payload={"reference": row.reference}
        )


async def _by_reference(session: AsyncSession, reference: str) -> ApprovalRequest | None:
    return await by_reference(session, ApprovalRequest, reference)


async def _transition(
    session: AsyncSession, reference: str, allowed: tuple[str, ...], **values: object
) -> ApprovalRequest:
    """Apply `values` only if the request is in one of `allowed` statuses, atomically."""
    in_state = ApprovalRequest.status.in_(allowed)
    missing = f"there is no approval request {reference}"
    row, existing = await update_or_find(
        session, ApprovalRequest, reference, in_state, missing=missing, **values
    )
    if existing is None:
        assert row is not None
        return row
    raise AlreadyDecidedError(
        f"{reference} was already decided ({existing.decision}) by someone else",
        decision=DecisionOutcome(
            reference=reference,
            decision=str(existing.decision),
            decided_by=str(existing.decided_by),
            decided_at=existing.decided_at,
            conditions=existing.conditions,
            decided_by_name=existing.decided_by_name,
        ),
    )
