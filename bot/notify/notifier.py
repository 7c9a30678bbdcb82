"""The outbox's sender: turns each notification kind into a Teams message or card update.

Payloads hold references only ("AR-0001"); the text is read from the records at send time, so
the outbox never holds personal data twice and a retry shows the latest state. Handlers for
further kinds (incidents) are registered with `on`.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity

from bot.cards.approval import decision_notice_text, pending_card, question_for_requester_card
from bot.governance.approval_board import ApprovalBoard
from bot.records import approvals as kinds
from bot.records.approvals import ApprovalRepository
from bot.records.models import ApprovalRequest, utcnow
from bot.records.outbox import Notification, PermanentDeliveryError

from .approvers import ApproverDirectory
from .delivery import NoConversation, TeamsDelivery

logger = logging.getLogger(__name__)

Handler = Callable[[Notification], Awaitable[None]]
# Destinations a deployment may leave unregistered: a card for them is skipped, not failed.
OPTIONAL_DESTINATIONS = frozenset({"security"})


def card_activity(card: dict[str, Any]) -> Activity:
    return MessageFactory.attachment(CardFactory.adaptive_card(card))


class Notifier:
    def __init__(
        self,
        delivery: TeamsDelivery,
        approvals: ApprovalRepository,
        board: ApprovalBoard,
        directory: ApproverDirectory | None = None,
    ) -> None:
        self.delivery = delivery
        self._approvals = approvals
        self._board = board
        self._directory = directory
        self._handlers: dict[str, Handler] = {
            kinds.CARD: self._approval_card,
            kinds.DECIDED: self._approval_decided,
            kinds.QUESTION: self._approval_question,
            kinds.REMINDER: self._approval_reminder,
        }

    def on(self, kind: str, handler: Handler) -> None:
        self._handlers[kind] = handler

    async def __call__(self, notification: Notification) -> None:
        handler = self._handlers.get(notification.kind)
        if handler is None:
            raise PermanentDeliveryError(f"no sender for notification kind {notification.kind!r}")
        try:
            await handler(notification)
        except NoConversation:
            if notification.destination in OPTIONAL_DESTINATIONS:
                logger.info("no %s channel registered: skipped", notification.destination)
                return
            raise

    async def _request(self, notification: Notification) -> ApprovalRequest:
        request = await self._approvals.get(str(notification.payload.get("reference")))
        if request is None:
            raise PermanentDeliveryError("the request no longer exists")
        return request

    async def _approval_card(self, notification: Notification) -> None:
        request = await self._request(notification)
        if self._directory is not None:
            await self._directory.ensure_known(notification.destination)
        card = await self._board.card(request.reference, approver=False)
        await self.delivery.post_or_update_card(
            f"approval:{request.reference}", notification.destination, card
        )

    async def _approval_decided(self, notification: Notification) -> None:
        request = await self._request(notification)
        text = decision_notice_text(request, request.decided_by_name or "the board")
        await self.delivery.send(notification.destination, MessageFactory.text(text))

    async def _approval_question(self, notification: Notification) -> None:
        request = await self._request(notification)
        questions = [n for n in await self._approvals.notes(request.reference)
                     if n.kind == "board_question"]  # fmt: skip
        if not questions:
            raise PermanentDeliveryError("the question is missing")
        last = questions[-1]
        card = question_for_requester_card(request.reference, last.author_name, last.text)
        await self.delivery.send(notification.destination, card_activity(card))

    async def _approval_reminder(self, notification: Notification) -> None:
        request = await self._request(notification)
        if request.status == "decided":
            return  # decided since the reminder was queued
        card = pending_card([request], utcnow(), "Still waiting for a decision")
        await self.delivery.send(notification.destination, card_activity(card))
