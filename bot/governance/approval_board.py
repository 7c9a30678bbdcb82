"""What the approval card's buttons do, for whoever pressed them.

Every press is checked against the authenticated activity's identity at that moment. A decision
is one atomic update (bot.records.approvals), so a double click, a Teams retry or two approvers
at once give exactly one decision; the others get the card as decided, with who and when.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext

from bot.cards.approval import (
    VERB_APPROVE,
    VERB_APPROVE_WITH_CONDITIONS,
    VERB_MORE_INFO,
    VERB_REFRESH,
    VERB_REJECT,
    BoardView,
    approval_card,
)
from bot.errors import AlreadyDecidedError, RecordsError, RosterUnavailableError
from bot.records.approvals import ApprovalRepository, Decision
from bot.records.models import ApprovalRequest
from knowledge import Decision as EngineDecision
from knowledge import Policy, decide
from knowledge.decision import use_phrase

from .authority import ROSTER_UNAVAILABLE, Authority, display_name, entra_id, is_person
from .register_cache import RegisterCache

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"^AR-\d{1,9}$")
INPUT_LIMIT = 1000
DECISIONS = {
    VERB_APPROVE: Decision.APPROVED,
    VERB_APPROVE_WITH_CONDITIONS: Decision.APPROVED_WITH_CONDITIONS,
    VERB_REJECT: Decision.REJECTED,
}
INPUT_OF = {VERB_APPROVE_WITH_CONDITIONS: "conditions", VERB_REJECT: "reason"}
OWN_REQUEST = (
    "{reference} is your own request, so another approver must decide it. Nothing was changed."
)
MISSING = {
    VERB_APPROVE_WITH_CONDITIONS: "Write the conditions, then press the button again.",
    VERB_REJECT: "Give the reason for rejecting, then press the button again.",
    VERB_MORE_INFO: "Write your question, then press the button again.",
}


@dataclass(frozen=True)
class BoardResult:
    card: dict[str, Any] | None
    notice: str


def request_question(request: ApprovalRequest, policy: Policy) -> str:
    """The request as a question to the engine, so the card shows what the policy says."""
    question = f"Can I use {request.tool} {use_phrase(request.purpose)}"
    if request.data_classification and request.data_classification != "none":
        labels = {c.id: c.label for c in policy.document.data_classes}
        question += f" with {labels.get(request.data_classification, request.data_description)}"
    return question + "?"


class ApprovalBoard:
    def __init__(
        self,
        policy: Policy,
        approvals: ApprovalRepository,
        authority: Authority,
        register: RegisterCache,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._policy = policy
        self._approvals = approvals
        self._authority = authority
        self._register = register
        self.wake = wake

    async def card(self, reference: str, *, approver: bool, notice: str = "") -> dict[str, Any]:
        request = await self._approvals.get(reference)
        if request is None:
            raise RecordsError(f"there is no approval request {reference}")
        return await self._render(request, approver=approver, notice=notice)

    async def _render(
        self, request: ApprovalRequest, *, approver: bool, notice: str
    ) -> dict[str, Any]:
        notes = await self._approvals.notes(request.reference)
        decision: EngineDecision = decide(self._policy, request_question(request, self._policy))
        view = BoardView(
            approver=approver,
            approver_ids=await self._authority.approver_ids(request.board),
            decided_by_name=request.decided_by_name or "",
            notice=notice,
        )
        return approval_card(request, notes, self._policy, decision, view)

    async def handle(
        self, turn_context: TurnContext, verb: str, data: dict[str, Any]
    ) -> BoardResult:
        reference = str(data.get("reference") or "")
        request = await self._approvals.get(reference) if REFERENCE.match(reference) else None
        if request is None:
            return BoardResult(None, "That approval request no longer exists.")
        try:
            # the approvers of the board the request was routed to, and no other board's
            allowed = await self._authority.may_decide(turn_context, request.board)
        except RosterUnavailableError:
            notice = ROSTER_UNAVAILABLE
            return BoardResult(await self.card(reference, approver=False, notice=notice), notice)
        if verb == VERB_REFRESH:
            return BoardResult(await self.card(reference, approver=allowed), "")
        if not allowed:
            await self._approvals.record_refusal(
                reference, actor_id=entra_id(turn_context), verb=verb
            )
            notice = "Only the board's approvers can decide on requests. Nothing was changed."
            return BoardResult(await self.card(reference, approver=False, notice=notice), notice)
        if is_person(turn_context, request.requester_id):
            # an approver's own request is decided by another approver, never by themselves
            await self._approvals.record_refusal(
                reference, actor_id=entra_id(turn_context), verb=verb, reason="own_request"
            )
            notice = OWN_REQUEST.format(reference=reference)
            return BoardResult(await self.card(reference, approver=True, notice=notice), notice)
        return await self._act(turn_context, verb, reference, data)

    async def _act(
        self, turn_context: TurnContext, verb: str, reference: str, data: dict[str, Any]
    ) -> BoardResult:
        text = _input(data, INPUT_OF.get(verb) or ("question" if verb == VERB_MORE_INFO else ""))
        if verb in MISSING and not text:
            notice = MISSING[verb]
            return BoardResult(await self.card(reference, approver=True, notice=notice), notice)
        try:
            notice = await self._apply(turn_context, verb, reference, text)
        except AlreadyDecidedError as exc:
            notice = _already(exc, entra_id(turn_context))
        self.wake()
        return BoardResult(await self.card(reference, approver=True, notice=notice), notice)

    async def _apply(self, turn_context: TurnContext, verb: str, reference: str, text: str) -> str:
        who, name = entra_id(turn_context), display_name(turn_context)
        if verb == VERB_MORE_INFO:
            await self._approvals.request_more_info(
                reference, requested_by=who, requested_by_name=name, question=text
            )
            return f"Your question was sent to the requester of {reference}."
        decided = await self._approvals.decide(
            reference,
            decision=DECISIONS[verb],
            decided_by=who,
            decided_by_name=name,
            conditions=text or None,
        )
        await self._register.refresh()
        logger.info("approval %s decided: %s", reference, decided.decision)
        return f"{reference} is decided; the requester is being told."


def _input(data: dict[str, Any], key: str) -> str:
    value = data.get(key) if key else None
    return " ".join(str(value).split())[:INPUT_LIMIT] if isinstance(value, str) else ""


def _already(exc: AlreadyDecidedError, user: str) -> str:
    outcome = exc.decision
    if outcome is None:
        return "This request was already decided."
    words = outcome.decision.replace("_", " ")
    if (outcome.decided_by or "").lower() == user:
        return f"You already decided this request: {words}."
    who = outcome.decided_by_name or "another approver"
    return f"Already decided by {who}: {words}. Nothing was changed."
