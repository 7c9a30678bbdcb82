"""What the incident card's buttons do, for whoever pressed them.

Responders are the same people who may decide approval requests (POLICYBOT_APPROVERS, or the
governance team's members), checked at the click from the authenticated activity. Each change is
one conditional update in bot.records.incidents, so a double click, a Teams retry or two
responders at once change the incident once; the others see what happened instead.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

from botbuilder.core import TurnContext

from bot.cards.incident import (
    VERB_ACKNOWLEDGE,
    VERB_ASK,
    VERB_REFRESH,
    VERB_SET_STATUS,
    incident_card,
)
from bot.errors import RecordsError, RosterUnavailableError
from bot.records.incidents import (
    SETTABLE_STATUSES,
    AlreadyAcknowledgedError,
    IncidentClosedError,
    IncidentRepository,
)
from bot.records.models import utcnow
from knowledge import Policy

from .approval_board import BoardResult
from .authority import ROSTER_UNAVAILABLE, Authority, display_name, entra_id, is_person

logger = logging.getLogger(__name__)

REFERENCE = re.compile(r"^INC-\d{1,9}$")
INPUT_LIMIT = 1000
REFUSED = "Only the board's responders can act on incidents. Nothing was changed."
OWN_REPORT = "You reported {reference}, so another responder must handle it. Nothing was changed."


class IncidentBoard:
    def __init__(
        self,
        policy: Policy,
        incidents: IncidentRepository,
        authority: Authority,
        wake: Callable[[], None] = lambda: None,
    ) -> None:
        self._policy = policy
        self._incidents = incidents
        self._authority = authority
        self.wake = wake

    async def card(self, reference: str, *, responder: bool, notice: str = "") -> dict[str, Any]:
        incident = await self._incidents.get(reference)
        if incident is None:
            raise RecordsError(f"there is no incident {reference}")
        return incident_card(
            incident,
            await self._incidents.notes(reference),
            self._policy,
            responder_view=responder,
            responder_ids=await self._authority.approver_ids(incident.board),
            now=utcnow(),
            notice=notice,
        )

    async def handle(
        self, turn_context: TurnContext, verb: str, data: dict[str, Any]
    ) -> BoardResult:
        reference = str(data.get("reference") or "")
        incident = await self._incidents.get(reference) if REFERENCE.match(reference) else None
        if incident is None:
            return BoardResult(None, "That incident no longer exists.")
        try:
            # the board it was routed to responds, in its channel or in the shared DPO channel
            allowed = await self._authority.may_decide(turn_context, incident.board)
        except RosterUnavailableError:
            notice = ROSTER_UNAVAILABLE
            return BoardResult(await self.card(reference, responder=False, notice=notice), notice)
        if verb == VERB_REFRESH:
            return BoardResult(await self.card(reference, responder=allowed), "")
        if not allowed:
            await self._incidents.record_refusal(
                reference, actor_id=entra_id(turn_context), verb=verb
            )
            return BoardResult(await self.card(reference, responder=False, notice=REFUSED), REFUSED)
        if is_person(turn_context, incident.reporter_id):
            # the person who reported it never acknowledges, takes or closes their own incident
            await self._incidents.record_refusal(
                reference, actor_id=entra_id(turn_context), verb=verb, reason="own_report"
            )
            notice = OWN_REPORT.format(reference=reference)
            return BoardResult(await self.card(reference, responder=True, notice=notice), notice)
        try:
            notice = await self._apply(turn_context, verb, reference, data)
        except AlreadyAcknowledgedError as exc:
            who = exc.acknowledgement.by_name or "another responder"
            notice = f"Already acknowledged by {who}. Nothing was changed."
        except IncidentClosedError:
            notice = f"{reference} is closed. Nothing was changed."
        except RecordsError as exc:
            notice = str(exc).capitalize() + "."
        self.wake()
        return BoardResult(await self.card(reference, responder=True, notice=notice), notice)

    async def _apply(
        self, turn_context: TurnContext, verb: str, reference: str, data: dict[str, Any]
    ) -> str:
        who, name = entra_id(turn_context), display_name(turn_context)
        if verb == VERB_ACKNOWLEDGE:
            await self._incidents.acknowledge(reference, actor_id=who, actor_name=name)
            return f"{reference} is acknowledged and assigned to you."
        if verb == VERB_SET_STATUS:
            status = _input(data, "status")
            if status not in SETTABLE_STATUSES:
                return "Choose a status, then press the button again."
            await self._incidents.set_status(
                reference, status, _input(data, "note"), actor_id=who, actor_name=name
            )
            return f"{reference} is now {status}; the reporter is being told."
        if verb == VERB_ASK:
            question = _input(data, "question")
            if not question:
                return "Write your question, then press the button again."
            await self._incidents.ask_reporter(
                reference, asker_id=who, asker_name=name, question=question
            )
            return f"Your question was sent to the reporter of {reference}."
        return "That button is not one policybot knows."


def _input(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return " ".join(value.split())[:INPUT_LIMIT] if isinstance(value, str) else ""
