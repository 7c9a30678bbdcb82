"""Notifications about questions for the board: its card in the governance channel (posted
once, then updated in place), the board's answer in the asker's chat, and the board's question
back. Texts are read from the records at send time; the outbox holds references only."""

from __future__ import annotations

from bot.cards.board_question import board_answer_card, board_asks_card
from bot.governance.question_board import QuestionBoard
from bot.records import board_questions as kinds
from bot.records.board_questions import BoardQuestionRepository
from bot.records.models import BoardQuestion
from bot.records.outbox import Notification, PermanentDeliveryError
from knowledge import Policy

from .approvers import ApproverDirectory
from .delivery import TeamsDelivery
from .notifier import Handler, card_activity


class BoardQuestionNotices:
    def __init__(
        self,
        delivery: TeamsDelivery,
        questions: BoardQuestionRepository,
        board: QuestionBoard,
        policy: Policy,
        directory: ApproverDirectory | None = None,
    ) -> None:
        self._delivery = delivery
        self._questions = questions
        self._board = board
        self._policy = policy
        self._directory = directory

    def handlers(self) -> dict[str, Handler]:
        return {
            kinds.CARD: self.card,
            kinds.ANSWERED_NOTICE: self.answered,
            kinds.ASKED_NOTICE: self.asked,
        }

    async def _question(self, notification: Notification) -> BoardQuestion:
        row = await self._questions.get(str(notification.payload.get("reference")))
        if row is None:
            raise PermanentDeliveryError("the question no longer exists")
        return row

    async def card(self, notification: Notification) -> None:
        row = await self._question(notification)
        if self._directory is not None:
            await self._directory.ensure_known(notification.destination)
        card = await self._board.card(row.reference, approver=False)
        await self._delivery.post_or_update_card(
            f"board_question:{row.reference}", notification.destination, card
        )

    async def answered(self, notification: Notification) -> None:
        row = await self._question(notification)
        card = board_answer_card(row, self._policy)
        await self._delivery.send(notification.destination, card_activity(card))

    async def asked(self, notification: Notification) -> None:
        row = await self._question(notification)
        asked = [
            n for n in await self._questions.notes(row.reference) if n.kind == "board_question"
        ]
        if not asked:
            raise PermanentDeliveryError("the board's question is missing")
        last = asked[-1]
        card = board_asks_card(row.reference, last.author_name, last.text)
        await self._delivery.send(notification.destination, card_activity(card))
