"""The organisation's register of decided approval requests and the board's standing rulings,
as the engine's overlay.

Built from the records on start, rebuilt at once after a decision (or a ruling made or
withdrawn) in this process and every `max_age` seconds by the notification pump (so decisions
made on another instance arrive too). Questions read `current` without touching the database.
"""

from __future__ import annotations

import logging

from bot.records.approvals import ApprovalRepository
from bot.records.board_questions import BoardQuestionRepository
from bot.records.models import ApprovalRequest, BoardQuestion
from knowledge import Policy, Verdict
from knowledge.register import Register, RegisterEntry
from knowledge.register.board import BoardRuling

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


def ruling(question: BoardQuestion) -> BoardRuling:
    """A standing ruling as the engine reads it. The board's text is the answer staff see; its
    conditions are in that text, so they are not listed twice."""
    assert question.answer_verdict is not None and question.answered_at is not None
    return BoardRuling(
        reference=question.reference,
        tool=question.ruling_tool,
        purpose=question.ruling_purpose or question.question,
        data_classification=question.ruling_data or "none",
        verdict=Verdict(question.answer_verdict),
        text=question.answer_text or "",
        conditions=(),
        clauses=tuple(question.answer_clauses or ()),
        decided_at=question.answered_at,
    )


class RegisterCache:
    def __init__(
        self,
        policy: Policy,
        approvals: ApprovalRepository,
        questions: BoardQuestionRepository | None = None,
    ) -> None:
        self._policy = policy
        self._approvals = approvals
        self._questions = questions
        self.current: Register = Register.build(policy, ())
        self._seen: tuple[tuple[str, str], ...] = ()

    async def refresh(self) -> None:
        decided = await self._approvals.decided()
        rulings = await self._questions.rulings() if self._questions is not None else []
        rulings = [r for r in rulings if r.policy_id == self._policy.id]
        seen = tuple((r.reference, r.decision or "") for r in decided)
        seen += tuple((r.reference, r.answer_verdict or "") for r in rulings)
        if seen == self._seen:
            return
        self.current = Register.build(
            self._policy, [entry(r) for r in decided], [ruling(r) for r in rulings]
        )
        self._seen = seen
        logger.info(
            "approval register: %d decided requests, %d board rulings", len(decided), len(rulings)
        )
        for warning in self.current.warnings:  # references and tool names, never people
            logger.warning("approval register: %s", warning)
