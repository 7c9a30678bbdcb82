"""The Teams activity handler: what the bot does with each message, button and install.

Everything it says about permission comes from a knowledge.Decision; nothing here re-decides.
Nothing a person typed is ever logged (it may hold personal data); it is recorded only through
the records layer, which the policies require for audit and FOI.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from http import HTTPStatus
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
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationReference
from sqlalchemy.exc import SQLAlchemyError

from dialogs.approval_request_dialog import ApprovalPrefill, ApprovalRequestDialog
from dialogs.incident_report_dialog import IncidentPrefill, IncidentReportDialog
from forms import verbs
from forms.incident_intents import is_report_command, recognise_incident
from forms.intents import approval_intent
from forms.text import HELP_WORDS
from knowledge import Decision, Policy, decide
from knowledge.engine import Excerpt
from knowledge.followup import thread_after

from .cards import answer_card, help_card, team_welcome_card, welcome_card
from .cards.acknowledgement import acknowledged_card, acknowledgement_card
from .cards.feedback import FeedbackView, Voted
from .cards.incident_offer import incident_offer_card
from .cards.welcome import BoardChannel, Registrars
from .conversation_locks import ConversationLocks
from .governance.channels import is_channel, is_personal, team_id_of
from .records.conversations import GOVERNANCE_KEY
from .records.interactions import InteractionRepository, NewInteraction
from .records.replays import Replays
from .records.turn_records import turn_records
from .routing import (
    EXECUTE,
    PASS,
    Handler,
    Matcher,
    Outcome,
    Router,
    Turn,
    clean,
    read_turn,
)
from .workflows import Workflows, user_id

logger = logging.getLogger(__name__)

NOT_NOW = (
    'All right. If you change your mind, type "report an incident": the sooner the better, and '
    "nothing is lost by reporting something that turns out to be fine."
)
STALE_INCIDENT = (
    'That button belongs to a report that was already sent or cancelled. Type "report an '
    'incident" to start or continue one.'
)
STALE_APPROVAL = (
    'That button belongs to a request that was already sent or cancelled. Type "my requests" to '
    'see your requests, or "request approval" to start a new one.'
)


class PolicyBot(TeamsActivityHandler):
    def __init__(
        self,
        policy: Policy,
        conversation_state: ConversationState,
        interactions: InteractionRepository,
        workflows: Workflows | None = None,
        replays: Replays | None = None,
    ) -> None:
        self.policy = policy
        self.conversation_state = conversation_state
        self.interactions = interactions
        self.workflows = workflows
        self.replays = replays
        self._locks = ConversationLocks()
        self._thread = conversation_state.create_property("question_thread")
        self._welcomed = conversation_state.create_property("welcomed")
        self._dialog_state = conversation_state.create_property("dialog_state")
        self.dialogs = DialogSet(self._dialog_state)
        if workflows is not None:
            self.dialogs.add(ApprovalRequestDialog(policy, workflows.submit_approval))
            drafts = conversation_state.create_property("incident_draft")  # 1:1 chats only
            self.dialogs.add(
                IncidentReportDialog(
                    policy, workflows.submit_incident, drafts, recipients=workflows.recipients
                )
            )
        self.router = self._routes(workflows)

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity, replays = turn_context.activity, self.replays
        if activity.type != ActivityTypes.message:
            replays = None  # only a message is answered; other turns are harmless to repeat
        if replays is not None and not await replays.first_time(activity):
            logger.info("a message delivered again was not handled again")
            return
        conversation = getattr(activity.conversation, "id", None)
        async with self._locks.hold(conversation if isinstance(conversation, str) else ""):
            with turn_records():  # the turn's interaction is written with its state
                try:
                    await super().on_turn(turn_context)
                    await self.conversation_state.save_changes(turn_context)
                except BaseException:
                    if replays is not None:  # its retry must be answered, not skipped
                        await replays.forget(activity)
                    raise
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
        """Once per conversation, even if the bot is removed and added again. Added to a team,
        the bot greets the board in the channel; a 1:1 or group chat gets the staff welcome."""
        if await self._welcomed.get(turn_context, False):
            return
        await self._welcomed.set(turn_context, True)
        card = None
        if in_team(turn_context.activity):
            card = await self._team_welcome(turn_context)
        await _send_card(turn_context, card or welcome_card(self.policy))

    async def _team_welcome(self, turn_context: TurnContext) -> dict[str, Any] | None:
        """What the board needs to know: what the channel can be for, who may register it and
        how. None without workflows, where there is no board to register."""
        if self.workflows is None:
            return None
        authority = self.workflows.authority
        registrars: Registrars = "named"
        if not authority.governors_named:
            # with nobody named, only local mode's one user may register (the activity is any)
            registrars = "local user" if authority.may_register(turn_context) else "nobody"
        board = await self.workflows.channels.reference(GOVERNANCE_KEY)
        recipient = turn_context.activity.recipient
        return team_welcome_card(
            self.policy,
            registrars=registrars,
            board=_board_channel(board, turn_context.activity),
            bot_name=(recipient.name if recipient else None) or "policybot",
        )

    # -- the way in -------------------------------------------------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        turn = await self._read(turn_context)
        turn_context.activity.text = turn.text  # what a dialog step reads: the cleaned text
        _, outcome = await self.router.dispatch(turn_context, turn)
        if outcome is not None and outcome.notice:
            await turn_context.send_activity(outcome.notice)

    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse:
        """Action.Execute (`adaptiveCard/action`) is answered here rather than in the SDK's
        on_adaptive_card_invoke, which forces status 200, cannot serialise a plain-text reply,
        and hands `action` over as a dict whose `.verb` raises (4.17.1)."""
        if turn_context.activity.name != EXECUTE:
            # nothing else is ours (no task modules, message extensions or sign-in): the SDK's
            # handlers for them would read `value` with no check, so answer Not Implemented here
            return InvokeResponse(status=int(HTTPStatus.NOT_IMPLEMENTED))
        _, outcome = await self.router.dispatch(turn_context, await self._read(turn_context))
        if outcome is None:
            return _invoke_message("Done: the answer is in the chat.")
        if outcome.card is not None:
            return _invoke_card(outcome.card)
        return _invoke_message(outcome.notice or "", status=outcome.status)

    async def _read(self, turn_context: TurnContext) -> Turn:
        activity = turn_context.activity
        running = False
        if self.workflows is not None and activity.name != EXECUTE and is_personal(activity):
            # A look at the stored stack is enough to know: most messages are questions with no
            # dialog running, and building a DialogContext costs ~0.1 ms a turn.
            state = await self._dialog_state.get(turn_context)
            running = isinstance(state, DialogState) and bool(state.dialog_stack)
        return read_turn(activity, dialog_running=running)

    def _routes(self, workflows: Workflows | None) -> Router:
        """Every route, in priority order. The board's buttons come first (a board member's
        click is never taken as a dialog answer); then a running dialog takes the chat's
        next message; then buttons, typed commands, help, typed starts, and last the
        question. Without workflows their routes are simply not registered."""
        router = Router()
        if workflows is not None:
            router.add("approval board", _verb_in(*verbs.BOARD, verbs.APPROVAL_REFRESH),
                       self._on_approval_board)  # fmt: skip
            router.add("approval answer", _verb_in(verbs.APPROVAL_ANSWER), self._on_answer_button)
            router.add("incident board", _verb_in(*verbs.RESPONDER, verbs.INCIDENT_REFRESH),
                       self._on_incident_board)  # fmt: skip
            router.add("question board", _verb_in(*verbs.QUESTION_BOARD, verbs.QUESTION_REFRESH),
                       self._on_question_board)  # fmt: skip
            router.add("register board", _verb_in(*verbs.REGISTER_BOARD), self._on_register_board)
            router.add("acknowledge policy", _verb_in(verbs.ACKNOWLEDGE_POLICY),
                       self._on_acknowledge)  # fmt: skip
            # an answer card's own buttons, pressed while a request or report is under way
            router.add("vote", _verb_in(*verbs.VOTES), self._on_vote)
            router.add("ask the board", _verb_in(*verbs.ASKER), self._on_ask_board)
            router.add("reply to the board", _verb_in(verbs.BOARD_QUESTION_REPLY),
                       self._on_board_reply)  # fmt: skip
            # an "ask" button is answered even mid-dialog (a quick reply, or "Answer it now" on
            # a question typed where an answer was awaited); the dialog is asked again after
            router.add("dialog", lambda t: t.dialog_running and not t.execute and not _asks(t),
                       self._on_dialog)  # fmt: skip
        router.add("ask button", _asks, self._on_ask_button)
        if workflows is not None:
            router.add("request approval", _verb_in(verbs.REQUEST_APPROVAL), self._start_approval)
            router.add("report incident", _verb_in(verbs.REPORT_INCIDENT), self._start_incident)
        else:
            router.add("approval route", _verb_in(verbs.REQUEST_APPROVAL), self._approval_route)
            router.add("incident route", _verb_in(verbs.REPORT_INCIDENT), self._incident_route)
        router.add("not now", _verb_in(verbs.INCIDENT_NOT_NOW), _say(NOT_NOW))
        router.add("stale incident button", _verb_in(verbs.INCIDENT_REPLY), _say(STALE_INCIDENT))
        router.add("stale approval button", _verb_in(verbs.APPROVAL_REPLY), _say(STALE_APPROVAL))
        router.add("help button", _verb_in(verbs.HELP), self._on_help)
        router.add("unknown button", lambda t: t.is_button or t.execute, self._on_unknown_button)
        for name, matches, handle in workflows.command_routes() if workflows else ():
            router.add(name, matches, handle)
        router.add("help", lambda t: not t.text or t.command in HELP_WORDS, self._on_help)
        if workflows is not None:
            router.add("report command", lambda t: is_report_command(t.text), self._report_typed)
            router.add("incident told", lambda t: recognise_incident(t.text), self._offer_report)
            router.add("approval wanted", lambda t: approval_intent(t.text), self._approval_typed)
        router.add("question", lambda t: True, self._on_question)
        return router

    # -- the routes' handlers ------------------------------------------------------------------
    async def _on_question(self, context: TurnContext, turn: Turn, _: object) -> None:
        if turn.long is not None:  # said first, so that the answer is read knowing it
            await context.send_activity(long_message_notice(turn.long))
        await self._answer(context, turn.long.text if turn.long else turn.text)

    async def _on_help(self, context: TurnContext, turn: Turn, _: object) -> None:
        await _send_card(context, help_card(self.policy))

    async def _on_unknown_button(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        if turn.execute:
            return Outcome(notice="That button is not one policybot knows.", status=400)
        await _send_card(context, help_card(self.policy))
        return Outcome()

    async def _on_ask_button(self, context: TurnContext, turn: Turn, text: str) -> None:
        await self._answer(context, clean(text))
        if turn.dialog_running:  # the request or report waits where it was: ask its step again
            dialog_context = await self.dialogs.create_context(context)
            if dialog_context.active_dialog is not None:
                await context.send_activity("Back to where you were:")
                await dialog_context.reprompt_dialog()

    async def _on_dialog(self, context: TurnContext, turn: Turn, _: object) -> Outcome | None:
        """Feed the message to the dialog in progress; passed on when none takes it."""
        dialog_context = await self.dialogs.create_context(context)
        if dialog_context.active_dialog is None:
            return PASS
        result = await dialog_context.continue_dialog()
        return None if result.status != DialogTurnStatus.Empty else PASS

    async def _start_approval(self, context: TurnContext, turn: Turn, _: object) -> None:
        prefill = ApprovalPrefill.from_card_data(_cleaned(turn.data), self.policy)
        await self._begin(context, ApprovalRequestDialog, prefill.to_options())

    async def _start_incident(self, context: TurnContext, turn: Turn, _: object) -> None:
        question = turn.data.get("question")
        question = clean(question) if isinstance(question, str) else ""
        prefill = (
            IncidentPrefill.from_decision(decide(self.policy, question))
            if question
            else IncidentPrefill()
        )
        await self._begin(context, IncidentReportDialog, prefill.to_options())

    async def _approval_route(self, context: TurnContext, turn: Turn, _: object) -> None:
        await context.send_activity(approval_route_text(self.policy, turn.data))

    async def _incident_route(self, context: TurnContext, turn: Turn, _: object) -> None:
        await context.send_activity(incident_route_text(self.policy))

    async def _report_typed(self, context: TurnContext, turn: Turn, _: object) -> None:
        """ "report an incident" typed."""
        await self._begin(context, IncidentReportDialog, IncidentPrefill().to_options())

    async def _offer_report(self, context: TurnContext, turn: Turn, _: object) -> None:
        """A message telling of an incident: the report is offered, not assumed."""
        await _tell_first_part_read(context, turn)
        await _send_card(context, incident_offer_card(decide(self.policy, turn.text)))

    async def _approval_typed(self, context: TurnContext, turn: Turn, _: object) -> None:
        """ "request approval for ...", "I want to use ... for ..."."""
        assert self.workflows is not None
        await _tell_first_part_read(context, turn)
        decision = decide(self.policy, turn.text, (), self.workflows.register.current)
        prefill = ApprovalPrefill.from_decision(decision, turn.text)
        await self._begin(context, ApprovalRequestDialog, prefill.to_options())

    async def _on_approval_board(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        """The board's card (Action.Execute, or Action.Submit on older clients)."""
        assert self.workflows is not None
        assert turn.verb is not None
        result = await self.workflows.board.handle(context, turn.verb, dict(turn.data))
        return Outcome(card=result.card, notice=result.notice)

    async def _on_incident_board(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        assert self.workflows is not None
        assert turn.verb is not None
        result = await self.workflows.incident_board.handle(context, turn.verb, dict(turn.data))
        return Outcome(card=result.card, notice=result.notice)

    async def _on_answer_button(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        """The requester's answer card, answering the board's question."""
        assert self.workflows is not None
        answer = turn.data.get("answer")
        text = clean(answer) if isinstance(answer, str) else ""
        reference = str(turn.data.get("reference") or "")
        return Outcome(notice=await self.workflows.answer(context, reference, text))

    async def _on_question_board(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        assert self.workflows is not None
        assert turn.verb is not None
        result = await self.workflows.question_board.handle(context, turn.verb, dict(turn.data))
        return Outcome(card=result.card, notice=result.notice)

    async def _on_register_board(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        assert self.workflows is not None
        assert turn.verb is not None
        result = await self.workflows.register_board.handle(context, turn.verb, dict(turn.data))
        return Outcome(card=result.card, notice=result.notice)

    async def _on_vote(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        assert self.workflows is not None
        voted = VOTED[str(turn.verb)]
        outcome = await self.workflows.followups.vote(context, voted, dict(turn.data))
        return await _shown(context, turn, outcome)

    async def _on_ask_board(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        assert self.workflows is not None
        followups = self.workflows.followups
        step = {
            verbs.ASK_BOARD: followups.consent,
            verbs.ASK_BOARD_SEND: followups.send,
            verbs.ASK_BOARD_CANCEL: followups.cancel,
        }[str(turn.verb)]
        return await _shown(context, turn, await step(context, dict(turn.data)))

    async def _on_board_reply(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        """The asker's reply to the board's question back, from the card's form."""
        assert self.workflows is not None
        reply = turn.data.get("answer")
        text = clean(reply) if isinstance(reply, str) else ""
        reference = str(turn.data.get("reference") or "").upper()
        return Outcome(notice=await self.workflows.followups.reply(context, reference, text))

    # -- dialogs -------------------------------------------------------------------------
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

    async def _answer(self, turn_context: TurnContext, text: str) -> Decision:
        thread = await self._thread.get(turn_context, list)
        register = self.workflows.register.current if self.workflows is not None else None
        decision = decide(self.policy, text, thread, register)
        await self._thread.set(turn_context, thread_after(thread, text))
        feedback = None
        if self.workflows is not None:  # votes and the board need the records
            personal = is_personal(turn_context.activity)
            feedback = FeedbackView(secrets.token_urlsafe(16), can_ask_board=personal)
        await _send_card(turn_context, answer_card(decision, self.policy, feedback))
        await self._record(turn_context, decision, feedback.answer_key if feedback else None)
        await self._ask_to_acknowledge(turn_context)
        logger.info(
            "answered verdict=%s rules=%s follow_up=%s",
            decision.verdict.value,
            ",".join(decision.rule_ids),
            bool(decision.follow_up_of),
        )
        return decision

    async def _ask_to_acknowledge(self, turn_context: TurnContext) -> None:
        """After the answer, once per person and policy version, when the policy asks for it:
        "have you read the policy?". Never before the answer, and a failure here costs only the
        question, never the turn."""
        if self.workflows is None or not self.policy.document.acknowledgement.enabled:
            return
        if not is_personal(turn_context.activity):
            return
        try:
            ask = await self.workflows.acknowledgements.ask_once(
                user_id(turn_context.activity), self.policy.id, self.policy.version
            )
        except SQLAlchemyError as exc:  # the database is down: the answer has gone already
            logger.warning("acknowledgement question skipped: %s", type(exc).__name__)
            return
        if ask:
            await _send_card(turn_context, acknowledgement_card(self.policy))

    async def _on_acknowledge(self, context: TurnContext, turn: Turn, _: object) -> Outcome:
        """ "I've read it": kept against the signed-in person and the version the card showed."""
        assert self.workflows is not None
        version = turn.data.get("policy_version")
        if turn.data.get("policy_id") != self.policy.id or not isinstance(version, str):
            return Outcome(notice="That card is for another policy.", status=400)
        await self.workflows.acknowledgements.acknowledge(
            user_id(context.activity), self.policy.id, version[:200]
        )
        return Outcome(card=acknowledged_card(self.policy))

    async def _record(
        self, turn_context: TurnContext, decision: Decision, answer_key: str | None = None
    ) -> None:
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
                answer_key=answer_key,
            )
        )


def in_team(activity: Activity) -> bool:
    """A team's channel: Teams says "channel", and a team install names the team too."""
    return is_channel(activity) or team_id_of(activity) is not None


def _board_channel(board: ConversationReference | None, activity: Activity) -> BoardChannel:
    """Whether the board's registered channel is none yet, this one, or another."""
    if board is None or board.conversation is None:
        return "none"
    here = activity.conversation.id.split(";")[0] if activity.conversation else ""
    return "here" if board.conversation.id == here else "elsewhere"


def _invoke_card(card: dict[str, Any]) -> InvokeResponse:
    """Replaces the card for the person who clicked (Universal Actions)."""
    return InvokeResponse(
        status=200,
        body={"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": card},
    )


def _cleaned(data: Mapping[str, Any]) -> dict[str, Any]:
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


def _verb_in(*wanted: str) -> Matcher:
    return lambda turn: turn.verb in wanted


def _asks(turn: Turn) -> str | None:
    """The "ask" buttons (suggested follow-ups) carry the question to answer."""
    text = turn.data.get("text")
    return text if turn.verb == verbs.ASK and isinstance(text, str) else None


VOTED: dict[str, Voted] = {
    verbs.VOTE_RIGHT: "right",
    verbs.VOTE_NOT_RIGHT: "not_right",
    verbs.VOTE_COMMENT: "commented",
}


async def _shown(context: TurnContext, turn: Turn, outcome: Outcome) -> Outcome:
    """An Action.Execute's card replaces the one pressed; a client without Execute sends the
    fallback Submit as a message, and there the card is posted as a new message."""
    if turn.execute or outcome.card is None:
        return outcome
    await _send_card(context, outcome.card)
    return Outcome()


def _say(text: str) -> Handler:
    async def handle(context: TurnContext, turn: Turn, _: object) -> Outcome:
        if turn.execute:
            return Outcome(notice=text)
        await context.send_activity(text)
        return Outcome()

    return handle


async def _tell_first_part_read(context: TurnContext, turn: Turn) -> None:
    """An over-long message that starts a report or a request is read from its start (what it
    tells), and the person is told so rather than having the rest dropped silently."""
    if turn.long is not None:
        first = Excerpt(turn.text, 0, len(turn.text), turn.long.length)
        await context.send_activity(long_message_notice(first))


def long_message_notice(part: Excerpt) -> str:
    """What a person is told when their message was longer than the engine reads, so that
    nothing is cut silently: how long it was, and which part the answer is to."""
    said = f"Your message was {part.length:,} characters, more than I read at once, so I read"
    if part.where == "end":
        return (
            f"{said} the last {len(part.text):,}, where your question is. If your question "
            "is somewhere else, ask it again on its own."
        )
    if part.where == "middle":
        return (
            f"{said} the {len(part.text):,} ending with your last question. If that is not "
            "the question you meant, ask it again on its own."
        )
    return (
        f"{said} only the first {len(part.text):,}. If your question comes later, ask it "
        "again on its own."
    )


def approval_route_text(policy: Policy, data: Mapping[str, Any]) -> str:
    route = policy.document.approval
    approver = policy.approver_name
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
