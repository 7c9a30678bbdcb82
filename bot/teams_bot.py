"""The Teams activity handler: what the bot does with each message, button and install.

Everything it says about permission comes from a knowledge.Decision; nothing here re-decides.
Nothing a person typed is ever logged (it may hold personal data); it is recorded only through
the records layer, which the policies require for audit and FOI.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from botbuilder.core import (
    CardFactory,
    ConversationState,
    InvokeResponse,
    MessageFactory,
    TurnContext,
)
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import Dialog, DialogSet, DialogState, DialogTurnStatus
from botbuilder.schema import ChannelAccount

from dialogs.approval_cards import VERB as VERB_APPROVAL_REPLY
from dialogs.approval_request_dialog import ApprovalPrefill, ApprovalRequestDialog
from dialogs.incident_cards import VERB as VERB_INCIDENT_REPLY
from dialogs.incident_report_dialog import IncidentPrefill, IncidentReportDialog
from forms.incident_intents import is_report_command, recognise_incident
from forms.intents import approval_intent
from knowledge import MAX_QUESTION_CHARS, Decision, Policy, decide
from knowledge.followup import thread_after

from .cards import answer_card, help_card, welcome_card
from .cards.actions import VERB_ASK, VERB_HELP, VERB_REPORT_INCIDENT, VERB_REQUEST_APPROVAL
from .cards.approval import BOARD_VERBS, VERB_ANSWER, VERB_REFRESH
from .cards.incident import RESPONDER_VERBS
from .cards.incident import VERB_REFRESH as VERB_INCIDENT_REFRESH
from .cards.incident_offer import VERB_NOT_NOW, incident_offer_card
from .governance.channels import is_personal
from .records.interactions import InteractionRepository, NewInteraction
from .records.turn_records import turn_records
from .workflows import Workflows, user_id

logger = logging.getLogger(__name__)

_HELP_WORDS = frozenset({"help", "?", "hi", "hello", "hey", "start", "menu", "commands"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class PolicyBot(TeamsActivityHandler):
    def __init__(
        self,
        policy: Policy,
        conversation_state: ConversationState,
        interactions: InteractionRepository,
        workflows: Workflows | None = None,
    ) -> None:
        self.policy = policy
        self.conversation_state = conversation_state
        self.interactions = interactions
        self.workflows = workflows
        self._thread = conversation_state.create_property("question_thread")
        self._welcomed = conversation_state.create_property("welcomed")
        self._dialog_state = conversation_state.create_property("dialog_state")
        self.dialogs = DialogSet(self._dialog_state)
        if workflows is not None:
            self.dialogs.add(ApprovalRequestDialog(policy, workflows.submit_approval))
            drafts = conversation_state.create_property("incident_draft")  # 1:1 chats only
            self.dialogs.add(IncidentReportDialog(policy, workflows.submit_incident, drafts))

    async def on_turn(self, turn_context: TurnContext) -> None:
        with turn_records():  # the turn's interaction is written with its state
            try:
                await super().on_turn(turn_context)
                await self.conversation_state.save_changes(turn_context)
            finally:
                await self.interactions.record_deferred()

    # -- install and welcome ---------------------------------------------------------------
    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        """Teams sends this together with a conversationUpdate adding the bot; the two turns
        run at the same time, so welcoming on both would show two welcomes. The
        conversationUpdate does it."""

    async def on_teams_members_added_dispatch(
        self, members_added: list[ChannelAccount], team_info: Any, turn_context: TurnContext
    ) -> None:
        """We only need to know whether the bot itself joined. The SDK would first look up
        every other new member over the network and fail the whole turn if one lookup fails."""
        await self.on_members_added_activity(members_added, turn_context)

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(member.id == bot_id for member in members_added):
            await self._welcome(turn_context)

    async def _welcome(self, turn_context: TurnContext) -> None:
        """Once per conversation, even if the bot is removed and added again."""
        if await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        await _send_card(turn_context, welcome_card(self.policy))

    # -- messages ------------------------------------------------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        value = activity.value if isinstance(activity.value, dict) else None
        verb = value.get("verb") if value else None
        if verb in BOARD_VERBS or verb in (VERB_REFRESH, VERB_ANSWER):
            await self._on_workflow_button(turn_context, verb, value or {})
            return
        if verb in RESPONDER_VERBS or verb == VERB_INCIDENT_REFRESH:
            await self._on_incident_button(turn_context, verb, value or {})
            return
        text = question_text(turn_context)
        activity.text = text  # what a dialog step reads: mention and control characters gone
        if await self._continue_dialog(turn_context):
            return
        if verb:
            await self._on_card_action(turn_context, value or {})
            return
        if self.workflows is not None and (
            reply := await self.workflows.command(turn_context, text)
        ):
            await turn_context.send_activity(reply)
            return
        if not text or text.lower().strip(" !.") in _HELP_WORDS:
            await _send_card(turn_context, help_card(self.policy))
            return
        if self.workflows is not None and await self._start_by_text(turn_context, text):
            return
        await self._answer(turn_context, text)

    async def _start_by_text(self, turn_context: TurnContext, text: str) -> bool:
        """Typed starts: "report an incident", a message telling of an incident (offered, not
        assumed), "request approval for ..." / "I want to use ... for ..."."""
        assert self.workflows is not None
        if is_report_command(text):
            await self._begin(turn_context, IncidentReportDialog, IncidentPrefill().to_options())
            return True
        if recognise_incident(text):
            decision = decide(self.policy, text)
            await _send_card(turn_context, incident_offer_card(decision))
            return True
        if approval_intent(text):
            decision = decide(self.policy, text, (), self.workflows.register.current)
            prefill = ApprovalPrefill.from_decision(decision, text)
            await self._begin(turn_context, ApprovalRequestDialog, prefill.to_options())
            return True
        return False

    # -- dialogs -------------------------------------------------------------------------
    async def _continue_dialog(self, turn_context: TurnContext) -> bool:
        """Feed the message to a dialog in progress; True when one took it."""
        if self.workflows is None or not is_personal(turn_context.activity):
            return False
        # Most messages are questions with no dialog running: a look at the stored stack is
        # enough, without building a DialogContext (its memory scopes cost ~0.1 ms a turn).
        state = await self._dialog_state.get(turn_context)
        if state is None or (isinstance(state, DialogState) and not state.dialog_stack):
            return False
        dialog_context = await self.dialogs.create_context(turn_context)
        if dialog_context.active_dialog is None:
            return False
        result = await dialog_context.continue_dialog()
        return result.status != DialogTurnStatus.Empty

    async def _begin(
        self, turn_context: TurnContext, dialog: type[Dialog], options: dict[str, Any]
    ) -> None:
        """Start a dialog in a 1:1 chat; elsewhere say where to do it, since the answers may
        hold personal data the channel should not see."""
        if not is_personal(turn_context.activity):
            await turn_context.send_activity(
                "Let's do that privately: open a chat with me (select my name, then Chat) and "
                "say it there."
            )
            return
        dialog_context = await self.dialogs.create_context(turn_context)
        await dialog_context.cancel_all_dialogs()
        await dialog_context.begin_dialog(dialog.__name__, options)

    async def _on_incident_button(
        self, turn_context: TurnContext, verb: str, value: dict[str, Any]
    ) -> None:
        """Action.Submit from the incident card (clients without Action.Execute)."""
        if self.workflows is None:
            await _send_card(turn_context, help_card(self.policy))
            return
        result = await self.workflows.incident_board.handle(turn_context, verb, value)
        if result.notice:
            await turn_context.send_activity(result.notice)

    async def _on_workflow_button(
        self, turn_context: TurnContext, verb: str, value: dict[str, Any]
    ) -> None:
        """Action.Submit from the board's card (clients without Action.Execute) or the
        requester's answer card."""
        if self.workflows is None:
            await _send_card(turn_context, help_card(self.policy))
            return
        if verb == VERB_ANSWER:
            answer = value.get("answer")
            text = clean(answer) if isinstance(answer, str) else ""
            reference = str(value.get("reference") or "")
            reply = await self.workflows.answer(turn_context, reference, text)
            await turn_context.send_activity(reply)
            return
        result = await self.workflows.board.handle(turn_context, verb, value)
        if result.notice:
            await turn_context.send_activity(result.notice)

    async def _answer(self, turn_context: TurnContext, text: str) -> Decision:
        thread = await self._thread.get(turn_context, list)
        register = self.workflows.register.current if self.workflows is not None else None
        decision = decide(self.policy, text, thread, register)
        await self._thread.set(turn_context, thread_after(thread, text))
        await _send_card(turn_context, answer_card(decision, self.policy))
        await self._record(turn_context, decision)
        logger.info(
            "answered verdict=%s rules=%s follow_up=%s",
            decision.verdict.value,
            ",".join(decision.rule_ids),
            bool(decision.follow_up_of),
        )
        return decision

    async def _record(self, turn_context: TurnContext, decision: Decision) -> None:
        activity = turn_context.activity
        await self.interactions.record(
            NewInteraction(
                user_id=user_id(activity),
                conversation_id=activity.conversation.id if activity.conversation else "",
                question=decision.question,
                verdict=decision.verdict.value,
                policy_id=decision.policy_id,
                policy_version=decision.policy_version,
                answer=decision.answer,
                rule_ids=decision.rule_ids,
                decision=decision.to_json(),
            )
        )

    # -- buttons -------------------------------------------------------------------------
    async def _on_card_action(self, turn_context: TurnContext, data: dict[str, Any]) -> None:
        verb = data.get("verb")
        if verb == VERB_ASK and isinstance(data.get("text"), str):
            await self._answer(turn_context, clean(data["text"]))
        elif verb == VERB_REQUEST_APPROVAL and self.workflows is not None:
            prefill = ApprovalPrefill.from_card_data(_cleaned(data), self.policy)
            await self._begin(turn_context, ApprovalRequestDialog, prefill.to_options())
        elif verb == VERB_REQUEST_APPROVAL:
            await turn_context.send_activity(approval_route_text(self.policy, data))
        elif verb == VERB_REPORT_INCIDENT and self.workflows is not None:
            question = data.get("question")
            question = clean(question) if isinstance(question, str) else ""
            prefill = (
                IncidentPrefill.from_decision(decide(self.policy, question))
                if question
                else IncidentPrefill()
            )
            await self._begin(turn_context, IncidentReportDialog, prefill.to_options())
        elif verb == VERB_REPORT_INCIDENT:
            await turn_context.send_activity(incident_route_text(self.policy))
        elif verb == VERB_NOT_NOW:
            await turn_context.send_activity(
                'All right. If you change your mind, type "report an incident": the sooner the '
                "better, and nothing is lost by reporting something that turns out to be fine."
            )
        elif verb == VERB_INCIDENT_REPLY:
            await turn_context.send_activity(
                'That button belongs to a report that was already sent or cancelled. Type "report '
                'an incident" to start or continue one.'
            )
        elif verb == VERB_APPROVAL_REPLY:
            await turn_context.send_activity(
                'That button belongs to a request that was already sent or cancelled. Type "my '
                'requests" to see your requests, or "request approval" to start a new one.'
            )
        else:
            await _send_card(turn_context, help_card(self.policy))

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Action.Execute (`adaptiveCard/action`) is answered here rather than in the SDK's
        on_adaptive_card_invoke, which forces status 200, cannot serialise a plain-text reply,
        and hands `action` over as a dict whose `.verb` raises (4.17.1)."""
        if turn_context.activity.name != "adaptiveCard/action":
            return await super().on_invoke_activity(turn_context)
        value = turn_context.activity.value
        data = _action_dict(value.get("action") if isinstance(value, dict) else None)
        verb = data.get("verb")
        fields = data.get("data") if isinstance(data.get("data"), dict) else {}
        incident_verb = verb in RESPONDER_VERBS or verb == VERB_INCIDENT_REFRESH
        if (verb in BOARD_VERBS or verb == VERB_REFRESH or incident_verb) and self.workflows:
            board = self.workflows.incident_board if incident_verb else self.workflows.board
            result = await board.handle(turn_context, verb, fields)
            if result.card is None:
                return _invoke_message(result.notice)
            return _invoke_card(result.card)
        if verb not in (VERB_ASK, VERB_REQUEST_APPROVAL, VERB_REPORT_INCIDENT, VERB_HELP):
            return _invoke_message("That button is not one policybot knows.", status=400)
        await self._on_card_action(turn_context, {**fields, "verb": verb})
        return _invoke_message("Done: the answer is in the chat.")


def _action_dict(action: Any) -> dict[str, Any]:
    if isinstance(action, dict):
        return action
    if action is None:
        return {}
    return {"verb": getattr(action, "verb", None), "data": getattr(action, "data", None)}


def _invoke_card(card: dict[str, Any]) -> InvokeResponse:
    """Replaces the card for the person who clicked (Universal Actions)."""
    return InvokeResponse(
        status=200,
        body={"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": card},
    )


def _cleaned(data: dict[str, Any]) -> dict[str, Any]:
    """Card data as a prefill suggestion (the requester confirms it; it never carries identity):
    strings cleaned and bounded, lists of short strings only."""
    cleaned: dict[str, Any] = {}
    for key in ("question", "tool", "purpose"):
        if isinstance(data.get(key), str):
            cleaned[key] = clean(data[key])[:1000]
    if isinstance(data.get("data"), list):
        cleaned["data"] = [str(c)[:60] for c in data["data"][:10] if isinstance(c, str)]
    return cleaned


def _invoke_message(text: str, status: int = 200) -> InvokeResponse:
    return InvokeResponse(
        status=status,
        body={
            "statusCode": status,
            "type": "application/vnd.microsoft.activity.message",
            "value": text,
        },
    )


async def _send_card(turn_context: TurnContext, card: dict[str, Any]) -> None:
    await turn_context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))


def question_text(turn_context: TurnContext) -> str:
    """The message with the bot's @mention taken out (channels and group chats) and control
    characters removed, trimmed to a sane length."""
    activity = turn_context.activity
    text = TurnContext.remove_recipient_mention(activity) if activity.entities else activity.text
    return clean(text or "")


def clean(text: str) -> str:
    text = re.sub(r"<at>[^<]*</at>", " ", text)
    return " ".join(_CONTROL.sub(" ", text).split())[:MAX_QUESTION_CHARS]


def approval_route_text(policy: Policy, data: dict[str, Any]) -> str:
    route = policy.document.approval
    approver = route.approver or policy.document.organisation.approver.name
    known = [f"tool: {data['tool']}"] if data.get("tool") else []
    lines = [
        f"To ask for approval, contact {approver}.",
        "They need: " + "; ".join(route.asks_for) + ".",
    ]
    if known:
        lines.append("From your question: " + ", ".join(known) + ".")
    contact = policy.document.organisation.approver.contact
    if contact:
        lines.append(f"Contact: {contact}")
    return "\n\n".join(lines)


def incident_route_text(policy: Policy) -> str:
    route = policy.document.incidents
    text = route.text
    if route.no_penalty_for_honest_mistakes:
        text += " Reporting an honest mistake promptly carries no penalty."
    return text + " Don't delete anything: note what was shared, where and when."
