"""The organisation's register of decided approval requests, as the engine's overlay.

Built from the records on start, rebuilt at once after a decision in this process and every
`max_age` seconds by the notification pump (so decisions made on another instance arrive too).
Questions read `current` without touching the database.
"""

from __future__ import annotations

import logging

from bot.records.approvals import ApprovalRepository
from bot.records.models import ApprovalRequest
from knowledge import Policy
from knowledge.register import Register, RegisterEntry

logger = logging.getLogger(__name__)


def entry(request: ApprovalRequest) -> RegisterEntry:
    assert request.decision is not None and request.decided_at is not None
    return RegisterEntry(
        reference=request.reference,
        tool=request.tool,
        purpose=request.purpose,
        data_classification=request.data_classification or "none",
        decision=request.decision,
        conditions=request.conditions,
        decided_at=request.decided_at,
    )


class RegisterCache:
    def __init__(self, policy: Policy, approvals: ApprovalRepository) -> None:
        self._policy = policy
        self._approvals = approvals
        self.current: Register = Register.build(policy, ())
        self._seen: tuple[tuple[str, str], ...] = ()

    async def refresh(self) -> None:
        decided = await self._approvals.decided()
        seen = tuple((r.reference, r.decision or "") for r in decided)
        if seen == self._seen:
            return
        self.current = Register.build(self._policy, [entry(r) for r in decided])
        self._seen = seen
        logger.info("approval register: %d decided requests", len(decided))
        for warning in self.current.warnings:  # references and tool names, never people
            logger.warning("approval register: %s", warning)
