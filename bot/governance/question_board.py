"""What the board's question card does for whoever pressed it (or typed its command).

As on the approval card, every press is checked against the authenticated activity's identity
at that moment: only approvers act, and nobody answers a question they asked themselves. An
answer is one atomic update (bot.records.board_questions), so two approvers answering at once
give one answer; the other is told who answered first.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from botbuilder.core import TurnContext

from bot.cards.board_question import QuestionView, most_sensitive, question_card, rulings_card
from bot.errors import AlreadyDecidedError, RecordsError, RosterUnavailableError
from bot.records.board_questions import (
    ANSWER_VERDICTS,
    BoardAnswer,
    BoardQuestionRepository,
    NotARulingError,
)
from bot.records.models import BoardQuestion
from forms import verbs
from knowledge import Policy

from .approval_board import BoardResult
from .authority import ROSTER_UNAVAILABLE, Authority, display_name, entra_id, is_person
from .register_cache import RegisterCache

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"^BQ-\d{1,9}$")
INPUT_LIMIT = 1000
OWN_QUESTION = "{reference} is your own question, so another approver must answer it."
NOT_AN_APPROVER = "Only the board's approvers can answer questions. Nothing was changed."


class QuestionBoard:
    def __init__(
        self,
        policy: Policy,
        questions: BoardQuestionRepository,
        authority: Authority,
        register: RegisterCache,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._policy = policy
        self._questions = questions
        self._authority = authority
        self._register = register
        self.wake = wake

    async def card(self, reference: str, *, approver: bool, notice: str = "") -> dict[str, Any]:
        row = await self._questions.get(reference)
        if row is None:
            raise RecordsError(f"there is no board question {reference}")
        view = QuestionView(approver, await self._authority.approver_ids(), notice)
        return question_card(row, await self._questions.notes(reference), self._policy, view)

    async def rulings(self, turn_context: TurnContext) -> dict[str, Any] | str:
        """The standing rulings, for approvers."""
        refusal = await self._refusal(turn_context)
        if refusal:
            return refusal
        return rulings_card(await self._questions.rulings(), self._policy)

    async def _refusal(self, turn_context: TurnContext) -> str:
        try:
            allowed = await self._authority.may_decide(turn_context)
        except RosterUnavailableError:
            return ROSTER_UNAVAILABLE
        return "" if allowed else "Only the board's approvers can see and change rulings."

    async def handle(
        self, turn_context: TurnContext, verb: str, data: dict[str, Any]
    ) -> BoardResult:
        reference = str(data.get("reference") or "").upper()
        row = await self._questions.get(reference) if REFERENCE.match(reference) else None
        if row is None:
            return BoardResult(None, "That question for the board no longer exists.")
        try:
            allowed = await self._authority.may_decide(turn_context)
        except RosterUnavailableError:
            notice = ROSTER_UNAVAILABLE
            return BoardResult(await self.card(reference, approver=False, notice=notice), notice)
        if verb == verbs.QUESTION_REFRESH:
            return BoardResult(await self.card(reference, approver=allowed), "")
        if not allowed:
            await self._questions.record_refusal(reference, actor_id=entra_id(turn_context),
                                                 verb=verb)  # fmt: skip
            card = await self.card(reference, approver=False, notice=NOT_AN_APPROVER)
            return BoardResult(card, NOT_AN_APPROVER)
        if is_person(turn_context, row.asker_id) and verb != verbs.WITHDRAW_RULING:
            await self._questions.record_refusal(
                reference, actor_id=entra_id(turn_context), verb=verb, reason="own_question"
            )
            notice = OWN_QUESTION.format(reference=reference) + " Nothing was changed."
            return BoardResult(await self.card(reference, approver=True, notice=notice), notice)
        try:
            notice = await self._apply(turn_context, verb, reference, data)
        except AlreadyDecidedError as exc:
            notice = _already(exc, entra_id(turn_context))
        except RecordsError as exc:
            notice = _sentence(str(exc))
        self.wake()
        return BoardResult(await self.card(reference, approver=True, notice=notice), notice)

    async def _apply(
        self, turn_context: TurnContext, verb: str, reference: str, data: dict[str, Any]
    ) -> str:
        who, name = entra_id(turn_context), display_name(turn_context)
        if verb == verbs.TAKE_QUESTION:
            await self._questions.take(reference, by=who, by_name=name)
            return f"{reference} is yours to answer."
        if verb == verbs.ASK_ASKER:
            question = _input(data, "question")
            if not question:
                return "Write your question, then press the button again."
            await self._questions.ask_asker(reference, by=who, by_name=name, question=question)
            return f"Your question was sent to the asker of {reference}."
        if verb == verbs.WITHDRAW_RULING:
            try:
                await self._questions.withdraw(
                    reference, by=who, by_name=name, reason=_input(data, "reason")
                )
            except NotARulingError as exc:
                return _sentence(str(exc))
            await self._register.refresh()
            logger.info("ruling %s withdrawn", reference)
            return f"{reference}'s ruling is withdrawn: the policy answers that use again."
        if verb == verbs.ANSWER_QUESTION:
            return await self._answer(reference, who, name, data)
        return "That button is not one policybot knows."

    async def _answer(self, reference: str, who: str, name: str, data: dict[str, Any]) -> str:
        verdict, text = _input(data, "verdict"), _input(data, "text")
        if verdict not in ANSWER_VERDICTS or not text:
            return "Choose the answer and say why, then press the button again."
        ruling = str(data.get("ruling") or "").lower() == "true"
        row = await self._questions.get(reference)
        assert row is not None  # checked by handle()
        # The card sends its scope fields (an empty tool means "no tool named"); a typed
        # answer sends none, and the ruling covers the question as the bot read it.
        scope = data if "ruling_purpose" in data else default_scope(row, self._policy)
        answer = BoardAnswer(
            verdict=verdict,
            text=text,
            clauses=self._clauses(data.get("clauses")),
            ruling=ruling,
            ruling_tool=_input(scope, "ruling_tool") or None,
            ruling_purpose=_input(scope, "ruling_purpose") or None,
            ruling_data=_input(scope, "ruling_data") or "none",
        )
        await self._questions.answer(reference, by=who, by_name=name, answer=answer)
        if ruling:
            await self._register.refresh()
        logger.info("board question %s answered (ruling=%s)", reference, ruling)
        kept = " and kept as a ruling" if ruling else ""
        return f"{reference} is answered{kept}; the asker is being told."

    def _clauses(self, value: object) -> tuple[str, ...]:
        """The chosen clauses (a multi-select sends "3.1,4.2"), only the policy's own."""
        known = {s.id for s in self._policy.document.sections}
        parts = str(value or "").replace(";", ",").split(",")
        return tuple(dict.fromkeys(p.strip() for p in parts if p.strip() in known))


def default_scope(row: BoardQuestion, policy: Policy) -> dict[str, Any]:
    """A ruling's scope as the bot read the question: its tool, the question itself as the
    use (read as approvals' purposes are), and the most sensitive data class found."""
    reading = row.bot_reading or {}
    return {
        "ruling_tool": str(reading.get("tool") or ""),
        "ruling_purpose": row.question,
        "ruling_data": most_sensitive(reading, policy),
    }


def _input(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return " ".join(value.split())[:INPUT_LIMIT] if isinstance(value, str) else ""


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def _already(exc: AlreadyDecidedError, user: str) -> str:
    outcome = exc.decision
    if outcome is None:
        return "This question was already answered."
    if outcome.decision == "taken":
        if (outcome.decided_by or "").lower() == user:
            return "You are already answering this question."
        who = outcome.decided_by_name or "another approver"
        return f"{who} is already answering this question. Nothing was changed."
    words = outcome.decision.replace("_", " ")
    if (outcome.decided_by or "").lower() == user:
        return f"You already answered this question: {words}."
    who = outcome.decided_by_name or "another approver"
    return f"Already answered by {who}: {words}. Nothing was changed."
