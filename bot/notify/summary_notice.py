"""Delivering the board's summary: the figures are gathered when the outbox sends it, for the
window its payload names, so the card is drawn from the records and the outbox holds no text.

The card is the one card about `summary:<slot>` in its channel: a retry after a lost answer from
Teams updates it rather than posting it twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.cards.summary import summary_card
from bot.governance.boards import Board, Boards
from bot.governance.summary import (
    ON_DEMAND_PREFIX,
    SUMMARY,
    WINDOW_DAYS,
    acknowledged,
    gather,
    scope_of,
)
from bot.records.outbox import Notification, PermanentDeliveryError
from knowledge import Policy

from .delivery import TeamsDelivery
from .notifier import Handler


class SummaryNotices:
    def __init__(
        self,
        delivery: TeamsDelivery,
        sessions: async_sessionmaker[AsyncSession],
        policy: Policy,
        *,
        days: int = WINDOW_DAYS,
        boards: Boards | None = None,
    ) -> None:
        self._boards = boards or Boards(Board(None, ""))
        self._delivery = delivery
        self._sessions = sessions
        self._policy = policy
        self._days = days

    def handlers(self) -> dict[str, Handler]:
        return {SUMMARY: self.summary}

    async def summary(self, notification: Notification) -> None:
        slot, until = _slot_and_until(notification)
        # Every answer the bot gave counts, not only the current policy's: a deployment that
        # changed policy mid-week still had those questions asked.
        board = notification.payload.get("board")
        figures = await gather(
            self._sessions,
            None,
            until,
            self._days,
            acknowledged=acknowledged(self._policy),
            scope=scope_of(self._boards, board if isinstance(board, str) else None),
        )
        card = summary_card(
            figures, self._policy.document.title, on_demand=slot.startswith(ON_DEMAND_PREFIX)
        )
        await self._delivery.post_or_update_card(f"summary:{slot}", notification.destination, card)


def _slot_and_until(notification: Notification) -> tuple[str, datetime]:
    slot, until = notification.payload.get("slot"), notification.payload.get("until")
    if not isinstance(slot, str) or not slot or not isinstance(until, str):
        raise PermanentDeliveryError("the summary notification has no slot or window")
    try:
        moment = datetime.fromisoformat(until)
    except ValueError:
        raise PermanentDeliveryError("the summary notification's window is unreadable") from None
    if moment.tzinfo is None:
        raise PermanentDeliveryError("the summary notification's window has no time zone")
    return slot, moment
