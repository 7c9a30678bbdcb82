"""Approval requests and the board's decisions on them.

A decision is one conditional UPDATE ... WHERE status is still open ... RETURNING, so when two
approvers press their buttons at the same moment exactly one decision is recorded and the other
caller gets AlreadyDecidedError carrying the decision that won. The audit entry and the outbox
notification for the requester are written in the same transaction as the change.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import AlreadyDecidedError, RecordsError
from bot.records import audit, outbox
from bot.records.conversations import GOVERNANCE_KEY, user_key
from bot.records.models import ApprovalRequest, utcnow
from bot.records.references import APPROVAL_PREFIX, next_reference


class ApprovalStatus(StrEnum):
    PENDING = "pending"
    MORE_INFO_REQUESTED = "more_info_requested"
    DECIDED = "decided"


class Decision(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved_with_conditions"
    REJECTED = "rejected"


OPEN_STATUSES = (ApprovalStatus.PENDING, ApprovalStatus.MORE_INFO_REQUESTED)


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


@dataclass(frozen=True)
class DecisionOutcome:
    """What AlreadyDecidedError.decision carries: the decision that was recorded first."""

    reference: str
    decision: str
    decided_by: str
    decided_at: object
    conditions: str | None


class ApprovalRepository:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        governance_destination: str = GOVERNANCE_KEY,
    ) -> None:
        self._sessions = session_factory
        self._governance = governance_destination

    async def create(self, new: NewApprovalRequest) -> ApprovalRequest:
        """Store the request with the next AR- reference and announce it to the board."""
        async with self._sessions.begin() as session:
            reference = await next_reference(session, APPROVAL_PREFIX)
            row = ApprovalRequest(reference=reference, **asdict(new))
            session.add(row)
            await session.flush()
            await self._announce(session, row, "approval.requested", self._governance)
            await audit.append(
                session,
                actor_ref=user_key(new.requester_id),
                action="approval.requested",
                subject_ref=f"approval:{reference}",
                details={"data_classification": new.data_classification},
            )
        return row

    async def get(self, reference: str) -> ApprovalRequest | None:
        async with self._sessions() as session:
            return await _by_reference(session, reference)

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
        conditions: str | None = None,
        comments: str | None = None,
    ) -> ApprovalRequest:
        """Record the decision if the request is still open; otherwise AlreadyDecidedError."""
        decision = Decision(decision)
        if decision is Decision.APPROVED_WITH_CONDITIONS and not (conditions or "").strip():
            raise RecordsError("an approval with conditions must state the conditions")
        now = utcnow()
        async with self._sessions.begin() as session:
            row = await _transition(
                session,
                reference,
                OPEN_STATUSES,
                status=ApprovalStatus.DECIDED,
                decision=decision,
                decided_by=decided_by,
                decided_at=now,
                conditions=conditions,
                comments=comments,
                updated_at=now,
            )
            await self._announce(session, row, "approval.decided", user_key(row.requester_id))
            await audit.append(
                session,
                actor_ref=user_key(decided_by),
                action="approval.decided",
                subject_ref=f"approval:{reference}",
                details={"decision": str(decision)},
            )
        return row

    async def request_more_info(
        self, reference: str, *, requested_by: str, comments: str
    ) -> ApprovalRequest:
        """Ask the requester for more; the request stays open for a later decision."""
        async with self._sessions.begin() as session:
            row = await _transition(
                session,
                reference,
                (ApprovalStatus.PENDING,),
                status=ApprovalStatus.MORE_INFO_REQUESTED,
                comments=comments,
                updated_at=utcnow(),
            )
            await self._announce(
                session, row, "approval.more_info_requested", user_key(row.requester_id)
            )
            await audit.append(
                session,
                actor_ref=user_key(requested_by),
                action="approval.more_info_requested",
                subject_ref=f"approval:{reference}",
            )
        return row

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
    query = select(ApprovalRequest).where(ApprovalRequest.reference == reference)
    return (await session.scalars(query)).one_or_none()


async def _transition(
    session: AsyncSession, reference: str, allowed: tuple[str, ...], **values: object
) -> ApprovalRequest:
    """Apply `values` only if the request is in one of `allowed` statuses, atomically."""
    statement = (
        update(ApprovalRequest)
        .where(ApprovalRequest.reference == reference, ApprovalRequest.status.in_(allowed))
        .values(**values)
        .returning(ApprovalRequest)
        .execution_options(synchronize_session=False)
    )
    row = (await session.scalars(statement)).one_or_none()
    if row is not None:
        return row
    existing = await _by_reference(session, reference)
    if existing is None:
        raise RecordsError(f"there is no approval request {reference}")
    raise AlreadyDecidedError(
        f"{reference} was already decided ({existing.decision}) by someone else",
        decision=DecisionOutcome(
            reference=reference,
            decision=str(existing.decision),
            decided_by=str(existing.decided_by),
            decided_at=existing.decided_at,
            conditions=existing.conditions,
        ),
    )
