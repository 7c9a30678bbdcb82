"""The approval and incident workflows as the Teams handler reaches them: the dialogs'
`submit` callables, the board's buttons and the text commands ("my requests", "pending
requests", "register governance channel", "answer AR-0001: ...", and "ask" with no question).

Everything identity-related is read from the authenticated activity; card data only ever names
which request a button is about.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import Activity
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from forms import verbs
from forms.board_commands import BoardCommand, Usage, parse_board_command, parse_question_command
from forms.drafts import ApprovalDraft, IncidentDraft, SubmittedApproval, SubmittedIncident
from forms.incident_intents import parse_addition, parse_answer
from knowledge import Policy

from .cards.approval import pending_card
from .cards.help import ask_prompt_card
from .cards.register import approved_card
from .cards.summary import summary_card
from .errors import AlreadyDecidedError, RecordsError, RosterUnavailableError
from .governance.approval_board import ApprovalBoard
from .governance.authority import ROSTER_UNAVAILABLE, Authority, display_name
from .governance.boards import Board, BoardRouter
from .governance.channels import CHANNEL_KINDS, SECURITY_KEY, Channels, is_channel
from .governance.incident_board import IncidentBoard
from .governance.question_board import QuestionBoard
from .governance.register_board import RegisterBoard
from .governance.register_cache import RegisterCache
from .governance.summary import WeeklySummary, acknowledged, gather, scope_of
from .notify.delivery import NoConversation
from .records import audit
from .records.acknowledgements import AcknowledgementRepository
from .records.approvals import ApprovalRepository, NewApprovalRequest, NotRequesterError
from .records.board_questions import BoardQuestionRepository
from .records.conversations import ConversationReferences, user_key
from .records.incidents import IncidentRepository, NewIncident, Severity
from .records.incidents import NotReporterError as IncidentNotReporterError
from .records.models import utcnow
from .records.outbox import requeue_undeliverable
from .records.register import RegisterRepository
from .routing import Handler, Matcher, Turn

if TYPE_CHECKING:
    from .answer_followups import AnswerFollowUps

logger = logging.getLogger(__name__)

REGISTER = re.compile(
    r"^register (?:the )?(governance|security|dpo) channel(?: (?:for|of) (?:the )?(.{1,80}))?$",
    re.I,
)
ANSWER = re.compile(r"^answer\s+(AR-\d{1,9})\s*[:\-]?\s*(.+)$", re.I | re.S)
MY_REQUESTS = frozenset({"my requests", "my approval requests", "my approvals"})
PENDING = frozenset({"pending requests", "pending approvals", "waiting requests"})
OPEN_INCIDENTS = frozenset({"open incidents", "incidents", "pending incidents"})
RULINGS = frozenset({"rulings", "board rulings", "standing rulings"})
# The board's register: the list, one entry, and the form for a tool that came no other way
BOARD_REGISTER = frozenset({"register entries", "manage register", "manage the register",
                            "edit register", "edit the register", "register board"})  # fmt: skip
ENTRY = re.compile(r"^(?:register )?entry ((?:ar|re|pt)-\d{1,9})$", re.I)
ADD_TO_REGISTER = frozenset(
    {"add to register", "add to the register", "add a tool to the register"}
)
# "what's approved?": the register's list, for anyone (typed exactly; a question about one tool
# or one use is the engine's)
APPROVED_WORDS = frozenset(
    what + rest
    for what in (
        "what's",
        "what’s",
        "whats",
        "what is",
        "which tools are",
        "what tools are",
        "which ai tools are",
        "what ai tools are",
    )
    for rest in (" approved", " approved here", " approved for us")
) | {"approved tools", "approved ai tools", "ai register", "the ai register", "register list"}
SUMMARY_WORDS = frozenset({"summary", "weekly summary", "board summary"})
# The manifest's "ask" command, sent as Teams sends it when picked from the list: no question yet.
ASK_ALONE = frozenset({"ask", "ask a question"})
STATUS_WORDS = {
    "pending": "waiting for a decision",
    "more_info_requested": "the board has asked you a question",
    "approved": "approved",
    "approved_with_conditions": "approved with conditions",
    "rejected": "rejected",
}


NOT_A_GOVERNOR = (
    "Only the people IT has named to run the board (the bot's administrators or approvers) can "
    "choose where its cards go. Nothing was changed, and this attempt was recorded."
)
NO_GOVERNORS = (
    "Nobody has been named to run the board yet, so no channel can be registered. IT must add "
    "the administrators' Entra object ids to POLICYBOT_ADMINS. Nothing was changed."
)


def _run_key(person: str, run: str) -> str | None:
    """The record key of one dialog run by one person (None for a draft from no dialog run)."""
    if not run:
        return None
    return hashlib.sha256(f"{person}\x1f{run}".encode()).hexdigest()


def _typed_notice(notice: str) -> str:
    """A board notice worded for buttons, as an answer to a typed command."""
    return notice.replace(", then press the button again", " and type the command again")


def user_id(activity: Activity) -> str:
    sender = activity.from_property
    if sender is None:
        return ""
    return sender.aad_object_id or sender.id or ""


@dataclass
class Workflows:
    policy: Policy
    approvals: ApprovalRepository
    board: ApprovalBoard
    authority: Authority
    channels: Channels
    references: ConversationReferences
    register: RegisterCache
    sessions: async_sessionmaker[AsyncSession]
    incidents: IncidentRepository
    incident_board: IncidentBoard
    questions: BoardQuestionRepository
    question_board: QuestionBoard
    followups: AnswerFollowUps
    weekly: WeeklySummary
    entries: RegisterRepository
    register_board: RegisterBoard
    acknowledgements: AcknowledgementRepository
    wake: Callable[[], None] = lambda: None

    @property
    def router(self) -> BoardRouter:
        return BoardRouter(self.authority.boards)

    async def _has_channel(self, board: Board) -> bool:
        return await self.channels.reference(board.destination) is not None

    # -- the requester ---------------------------------------------------------------------
    async def submit_approval(
        self, turn_context: TurnContext, draft: ApprovalDraft
    ) -> SubmittedApproval:
        """The dialog's last step: keep the requester's chat for the answer, record the request
        (its card is queued in the same transaction) and wake the notification pump."""
        activity = turn_context.activity
        requester = user_id(activity)
        await self.references.save(
            user_key(requester), TurnContext.get_conversation_reference(activity)
        )
        board = await self.router.board_for(turn_context)
        request = await self.approvals.create(
            NewApprovalRequest(
                requester_id=requester,
                requester_name=display_name(turn_context),
                tool=draft.tool,
                purpose=draft.purpose,
                data_description=draft.data_description,
                data_classification=draft.data_classification,
                expected_output=draft.expected_output,
                output_use=draft.output_use,
                justification=draft.justification or None,
                conversation_id=activity.conversation.id if activity.conversation else None,
                idempotency_key=_run_key(requester, draft.key),
                board=board.id,
            )
        )
        self.wake()
        organisation = self.policy.document.organisation
        approver = board.name if not board.lead else self.policy.approver_name
        next_steps = (
            f"{approver} will look at it. I'll tell you here when they decide, or if they "
            f'need more information. Type "my requests" to see where it is.'
        )
        if not await self._has_channel(board):
            contact = f" ({organisation.approver.contact})" if organisation.approver.contact else ""
            next_steps = (
                f"Your request is recorded, but the board's Teams channel has not been set up "
                f"yet, so it will reach {approver} once it is. If it is urgent, contact them "
                f'directly{contact} and quote the reference. Type "my requests" to see where it is.'
            )
        return SubmittedApproval(request.reference, approver, next_steps)

    async def my_requests(self, turn_context: TurnContext) -> str:
        requests = await self.approvals.for_requester(user_id(turn_context.activity))
        if not requests:
            return 'You have no approval requests. Type "request approval" to start one.'
        lines = ["Your approval requests:"]
        for request in requests[:20]:
            state = STATUS_WORDS.get(request.decision or request.status, request.status)
            lines.append(f"- {request.reference}: {request.tool} ({state})")
        return "\n".join(lines)

    async def answer(self, turn_context: TurnContext, reference: str, text: str) -> str:
        try:
            await self.approvals.answer(
                reference.upper(),
                requester_id=user_id(turn_context.activity),
                requester_name=display_name(turn_context),
                text=text,
            )
        except NotRequesterError:
            return f"I can't find a request {reference.upper()} of yours."
        except AlreadyDecidedError:
            return f"{reference.upper()} has already been decided, so the answer was not added."
        except RecordsError as exc:
            return str(exc).capitalize() + "."
        self.wake()
        return f"Thanks: your answer was added to {reference.upper()} for the board."

    # -- the reporter ------------------------------------------------------------------------
    async def submit_incident(
        self, turn_context: TurnContext, draft: IncidentDraft
    ) -> SubmittedIncident:
        """The report is recorded and its card queued in one transaction (so it is never lost
        between the chat and the channel); `told` names only who will really see it."""
        activity = turn_context.activity
        reporter = user_id(activity)
        await self.references.save(
            user_key(reporter), TurnContext.get_conversation_reference(activity)
        )
        board = await self.router.board_for(turn_context)
        incident = await self.incidents.report(
            NewIncident(
                reporter_id=reporter,
                reporter_name=display_name(turn_context),
                description=draft.description,
                tool=draft.tool or None,
                data_involved=draft.data_subjects or None,
                severity=Severity(draft.severity),
                conversation_id=activity.conversation.id if activity.conversation else None,
                occurred_at=draft.occurred_at,
                occurred_text=draft.occurred_text or None,
                personal_data=draft.personal_data or None,
                data_kinds=tuple(draft.data_kinds),
                data_subjects=draft.data_subjects or None,
                people_affected=draft.people_affected or None,
                people_affected_count=draft.people_affected_count,
                actions_taken=draft.actions_taken or None,
                severity_reasons=tuple(draft.severity_reasons),
                idempotency_key=_run_key(reporter, draft.key),
                board=board.id,
            )
        )
        self.wake()
        return SubmittedIncident(incident.reference, await self._told(draft, board))

    def _board_name(self, board: Board) -> str:
        return (
            self.policy.document.organisation.governance_authority.name
            if board.lead
            else board.name
        )

    async def recipients(self, turn_context: TurnContext) -> tuple[str | None, str | None]:
        """Who a personal-data report from this person reaches on submitting, from what is
        registered."""
        organisation = self.policy.document.organisation
        board = await self.router.board_for(turn_context)
        has_board = await self._has_channel(board)
        security = await self.channels.reference(SECURITY_KEY) is not None
        return (
            self._board_name(board) if has_board else None,
            (organisation.dpo.name if organisation.dpo else "the security team")
            if security
            else None,
        )

    async def _told(self, draft: IncidentDraft, board: Board) -> tuple[str, ...]:
        organisation = self.policy.document.organisation
        told: list[str] = []
        if await self._has_channel(board):
            told.append(self._board_name(board))
        personal = draft.personal_data in ("yes", "not_sure")
        if personal and await self.channels.reference(SECURITY_KEY) is not None:
            told.append(organisation.dpo.name if organisation.dpo else "the security team")
        return tuple(told)

    async def add_to_incident(self, turn_context: TurnContext, reference: str, text: str,
                              kind: str) -> str:  # fmt: skip
        try:
            await self.incidents.add_note(
                reference,
                author_id=user_id(turn_context.activity),
                author_name=display_name(turn_context),
                kind=kind,
                text=text,
            )
        except IncidentNotReporterError:
            return f"I can't find a report {reference} of yours."
        except RecordsError as exc:
            return str(exc).capitalize() + "."
        self.wake()
        incident = await self.incidents.get(reference)
        board = self.authority.boards.get(incident.board if incident else None)
        if not await self._has_channel(board):
            return (
                f"Thanks: that was added to {reference}. The board's Teams channel is not set up "
                "yet, so nobody has seen it yet."
            )
        return f"Thanks: that was added to {reference} and the board can see it."

    # -- the board ---------------------------------------------------------------------------
    async def _my_boards(self, turn_context: TurnContext) -> set[str | None]:
        """The ids of the boards the sender decides for (None is the lead's). Raises
        RosterUnavailableError when Teams cannot say who is in the lead board's team."""
        return {board.id for board in await self.authority.boards_of(turn_context)}

    async def pending(self, turn_context: TurnContext) -> Activity:
        """The requests waiting for the boards the sender decides for, and no other board's."""
        try:
            mine = await self._my_boards(turn_context)
        except RosterUnavailableError:
            return MessageFactory.text(ROSTER_UNAVAILABLE)
        if not mine:
            return MessageFactory.text("Only the board's approvers can see the pending requests.")
        waiting = [r for r in await self.approvals.open_requests() if r.board in mine]
        card = pending_card(waiting, utcnow(), "Waiting for a decision, oldest first")
        return MessageFactory.attachment(CardFactory.adaptive_card(card))

    async def open_incidents(self, turn_context: TurnContext) -> Activity:
        try:
            mine = await self._my_boards(turn_context)
        except RosterUnavailableError:
            return MessageFactory.text(ROSTER_UNAVAILABLE)
        if not mine:
            return MessageFactory.text("Only the board's responders can see the open incidents.")
        incidents = [i for i in await self.incidents.open_incidents() if i.board in mine]
        if not incidents:
            return MessageFactory.text("No incidents are open.")
        lines = ["Open incidents, oldest first:"]
        for incident in incidents[:30]:
            handler = incident.assigned_name
            handled = f"with {handler}" if handler else "not acknowledged"
            status = f"{incident.severity} severity, {incident.status}"
            lines.append(f"- {incident.reference}: {status}, {handled}")
        return MessageFactory.text("\n".join(lines))

    async def register_channel(
        self, turn_context: TurnContext, kind: str, board_name: str | None = None
    ) -> str:
        if not is_channel(turn_context.activity):
            return "Type this in the channel the board uses (a team channel), mentioning me."
        boards = self.authority.boards
        board = boards.lead
        if board_name:
            if CHANNEL_KINDS[kind.lower()] == SECURITY_KEY:
                return (
                    f'The {kind.lower()} channel is one, shared by every board: type "register '
                    f'{kind.lower()} channel" in it. Nothing was changed.'
                )
            found = boards.named(board_name)
            if found is None:
                names = ", ".join(f"{b.id} ({b.name})" for b in boards.others) or "none"
                return f"There is no board called {board_name!r}. The boards are: {names}."
            board = found
        destination = (
            board.destination if CHANNEL_KINDS[kind.lower()] != SECURITY_KEY else (SECURITY_KEY)
        )
        if not self.authority.may_register(turn_context, board.id):
            async with self.sessions.begin() as session:
                await audit.append(
                    session,
                    actor_ref=user_key(user_id(turn_context.activity)),
                    action="governance.register_refused",
                    subject_ref=f"channel:{destination}",
                    details={},
                )
            if self.authority.governors_named:
                return NOT_A_GOVERNOR
            return NO_GOVERNORS
        await self.channels.register(destination, turn_context)
        with suppress(RosterUnavailableError):
            # the one registering is usually an approver: their cards show them the buttons
            await self.authority.may_decide(turn_context, board.id)
        waiting = await requeue_undeliverable(self.sessions, destination, NoConversation.__name__)
        self.wake()
        logger.info("%s channel registered; %d waiting notifications due now", destination, waiting)
        if destination == SECURITY_KEY:
            return "Done: incident cards will also be posted in this channel."
        whose = f" for {board.name}" if not board.lead else ""
        return (
            f"Done: approval requests and incident reports{whose} will be posted in this channel."
        )

    def command_routes(self) -> list[tuple[str, Matcher, Handler]]:
        """The typed commands, in the order they are tried: (name, matcher, handler), for the
        bot's router. A matcher reads only the `Turn`; what it finds is the handler's input."""

        def typed(matcher: Matcher) -> Matcher:
            return lambda turn: not turn.is_button and matcher(turn)

        return [
            ("register channel", typed(lambda t: REGISTER.match(t.command)), self._register),
            ("my requests", typed(lambda t: t.command in MY_REQUESTS), self._my_requests),
            ("pending requests", typed(lambda t: t.command in PENDING), self._pending),
            ("ask with no question", typed(lambda t: t.command in ASK_ALONE), self._ask_prompt),
            ("board command", typed(lambda t: parse_board_command(t.text)), self._board_command),
            (
                "question command",
                typed(lambda t: parse_question_command(t.text)),
                self._question_command,
            ),
            ("rulings", typed(lambda t: t.command in RULINGS), self._rulings),
            ("what's approved", typed(lambda t: t.command in APPROVED_WORDS), self._approved),
            ("register entries", typed(lambda t: t.command in BOARD_REGISTER), self._register_list),
            ("register entry", typed(lambda t: ENTRY.match(t.command)), self._register_entry),
            ("add to register", typed(lambda t: t.command in ADD_TO_REGISTER), self._register_add),
            ("summary", typed(lambda t: t.command in SUMMARY_WORDS), self._summary),
            ("answer a request", typed(lambda t: ANSWER.match(t.text)), self._answer_typed),
            ("open incidents", typed(lambda t: t.command in OPEN_INCIDENTS), self._incidents),
            ("add to a report", typed(lambda t: parse_addition(t.text)), self._addition),
            ("answer the board", typed(lambda t: parse_answer(t.text)), self._reporter_answer),
        ]

    async def _register(self, context: TurnContext, turn: Turn, match: re.Match[str]) -> None:
        await context.send_activity(
            await self.register_channel(context, match.group(1), match.group(2))
        )

    async def _board_command(
        self, context: TurnContext, turn: Turn, command: BoardCommand | Usage
    ) -> None:
        """A decision typed in place of a button: the same board, checks, audit and update."""
        if isinstance(command, Usage):
            await context.send_activity(command.text)
            return
        board = self.board if command.data["reference"].startswith("AR-") else self.incident_board
        result = await board.handle(context, command.verb, command.data)
        await context.send_activity(_typed_notice(result.notice))

    async def _question_command(
        self, context: TurnContext, turn: Turn, command: BoardCommand | Usage
    ) -> None:
        """A question for the board, typed: the board's answer, take, ask or withdraw, or the
        asker's reply to the board's question back."""
        if isinstance(command, Usage):
            await context.send_activity(command.text)
            return
        if command.verb == verbs.BOARD_QUESTION_REPLY:
            reference, text = command.data["reference"], command.data["answer"]
            await context.send_activity(await self.followups.reply(context, reference, text))
            return
        result = await self.question_board.handle(context, command.verb, dict(command.data))
        await context.send_activity(_typed_notice(result.notice))

    async def _approved(self, context: TurnContext, turn: Turn, _: object) -> None:
        """The tools staff may use, for anyone who asks: the policy's and the board's."""
        card = approved_card(self.policy, await self.entries.entries())
        await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _register_list(self, context: TurnContext, turn: Turn, _: object) -> None:
        await _send(context, await self.register_board.list_card(context))

    async def _register_entry(self, context: TurnContext, turn: Turn, match: re.Match[str]) -> None:
        await _send(context, await self.register_board.entry_card(context, match.group(1)))

    async def _register_add(self, context: TurnContext, turn: Turn, _: object) -> None:
        await _send(context, await self.register_board.add_card(context))

    async def _rulings(self, context: TurnContext, turn: Turn, _: object) -> None:
        shown = await self.question_board.rulings(context)
        if isinstance(shown, str):
            await context.send_activity(shown)
            return
        await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(shown)))

    async def _summary(self, context: TurnContext, turn: Turn, _: object) -> None:
        """A board's summary of the last seven days, now, for its approvers only: it lists the
        questions waiting for the board in their askers' words. Typed in a board's channel, that
        board's; elsewhere, the first board the person decides for (the lead board first)."""
        try:
            mine = await self.authority.boards_of(context)
        except RosterUnavailableError:
            await context.send_activity(ROSTER_UNAVAILABLE)
            return
        if not mine:
            await context.send_activity("Only the board's approvers can see the summary.")
            return
        board = await self._board_of_channel(context, mine) or mine[0]
        figures = await gather(
            self.sessions,
            None,
            utcnow(),
            acknowledged=acknowledged(self.policy),
            scope=scope_of(self.authority.boards, board.id),
        )
        card = summary_card(figures, self.policy.document.title, on_demand=True)
        await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _board_of_channel(self, context: TurnContext, boards: list[Board]) -> Board | None:
        """The board among `boards` whose registered channel this turn was sent in."""
        conversation = context.activity.conversation
        if not is_channel(context.activity) or conversation is None:
            return None
        here = (conversation.id or "").split(";")[0]
        for board in boards:
            reference = await self.channels.reference(board.destination)
            if reference and reference.conversation and reference.conversation.id == here:
                return board
        return None

    async def _my_requests(self, context: TurnContext, turn: Turn, _: object) -> None:
        await context.send_activity(await self.my_requests(context))

    async def _pending(self, context: TurnContext, turn: Turn, _: object) -> None:
        await context.send_activity(await self.pending(context))

    async def _ask_prompt(self, context: TurnContext, turn: Turn, _: object) -> None:
        """ "ask" alone would be read as a question and answered "Not sure what you mean": it is
        the command, so say what to ask. Outside a 1:1 chat a question must mention the bot."""
        recipient = context.activity.recipient
        mention = None if turn.personal else (recipient.name if recipient else None) or "policybot"
        card = ask_prompt_card(self.policy, mention=mention)
        await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(card)))

    async def _answer_typed(self, context: TurnContext, turn: Turn, match: re.Match[str]) -> None:
        reply = await self.answer(context, match.group(1), match.group(2).strip())
        await context.send_activity(reply)

    async def _incidents(self, context: TurnContext, turn: Turn, _: object) -> None:
        await context.send_activity(await self.open_incidents(context))

    async def _addition(self, context: TurnContext, turn: Turn, found: tuple[str, str]) -> None:
        reply = await self.add_to_incident(context, *found, kind="reporter_addition")
        await context.send_activity(reply)

    async def _reporter_answer(
        self, context: TurnContext, turn: Turn, found: tuple[str, str]
    ) -> None:
        reply = await self.add_to_incident(context, *found, kind="reporter_answer")
        await context.send_activity(reply)

    async def reminders(self, older_than_days: float, incident_ack_hours: float = 4.0) -> None:
        reminded = await self.approvals.remind_overdue(timedelta(days=older_than_days))
        overdue = await self.incidents.remind_overdue(timedelta(hours=incident_ack_hours))
        if reminded or overdue:
            logger.info(
                "re-surfaced %d waiting requests and %d unacknowledged incidents",
                len(reminded), len(overdue),
            )  # fmt: skip
            self.wake()


async def _send(context: TurnContext, shown: dict[str, Any] | str) -> None:
    """A card, or the sentence that says why there is none."""
    if isinstance(shown, str):
        await context.send_activity(shown)
        return
    await context.send_activity(MessageFactory.attachment(CardFactory.adaptive_card(shown)))
