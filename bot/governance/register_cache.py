"""The organisation's AI register (its entries: decided approval requests and what the board
added, retired or changed since) and the board's standing rulings, as the engine's overlay.

Built from the records on start, rebuilt at once after a decision or a register change (or a
ruling made or withdrawn) in this process and every `max_age` seconds by the notification pump
(so changes made on another instance arrive too). Questions read `current` without touching the
database.
"""

from __future__ import annotations

import logging

from bot.records.board_questions import BoardQuestionRepository
from bot.records.models import BoardQuestion, RegisterRecord
from bot.records.register import RegisterRepository
from knowledge import Policy, Verdict
from knowledge.register import Register, RegisterEntry
from knowledge.register.board import BoardRuling

logger = logging.getLogger(__name__)


def entry(record: RegisterRecord) -> RegisterEntry:
    return RegisterEntry(
        reference=record.reference,
        tool=record.tool,
        purpose=record.purpose,
        data_classification=record.data_classification or "none",
        decision=record.decision,
        conditions=record.conditions,
        decided_at=record.decided_at,
        retired_at=record.retired_at,
        retired_reason=record.retired_reason,
        from_policy=record.source == "policy",
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
        entries: RegisterRepository,
        questions: BoardQuestionRepository | None = None,
    ) -> None:
        self._policy = policy
        self._entries = entries
        self._questions = questions
        self.current: Register = Register.build(policy, ())
        self._seen: tuple[tuple[str, str], ...] = ()

    async def refresh(self) -> None:
        entries = await self._entries.entries()
        rulings = await self._questions.rulings() if self._questions is not None else []
        rulings = [r for r in rulings if r.policy_id == self._policy.id]
        # Every change to an entry is a new version: a withdrawn entry leaves the list.
        seen = tuple((r.reference, str(r.version)) for r in entries)
        seen += tuple((r.reference, r.answer_verdict or "") for r in rulings)
        if seen == self._seen:
            return
        self.current = Register.build(
            self._policy, [entry(r) for r in entries], [ruling(r) for r in rulings]
        )
        self._seen = seen
        logger.info("approval register: %d entries, %d board rulings", len(entries), len(rulings))
        for warning in self.current.warnings:  # references and tool names, never people
            logger.warning("approval register: %s", warning)
