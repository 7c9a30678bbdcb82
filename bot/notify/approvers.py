"""Every approver gets the board card's buttons, not only those seen so far.

A card's buttons show to the Teams user ids in its refresh.userIds, but configuration names
approvers by Entra object id. Before a board card is drawn, the approvers whose Teams id is not
known yet are looked up in the governance team's roster (in the board channel's conversation,
as the bot), so that on a fresh setup the board can decide at once. When the approvers are the
governance team's members (no POLICYBOT_APPROVERS), the team's roster is read instead. Either
lookup runs again only after a pause, never for every card; a miss never blocks the card.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from bot.governance.authority import Authority
from bot.governance.channels import Channels

from .delivery import TeamsDelivery

logger = logging.getLogger(__name__)

RETRY_SECONDS = 600.0


class ApproverDirectory:
    def __init__(
        self,
        delivery: TeamsDelivery,
        authority: Authority,
        channels: Channels,
        clock: Callable[[], float] = time.monotonic,
        on_new: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self._delivery = delivery
        self._authority = authority
        self._channels = channels
        self._clock = clock
        self._next_try: dict[str | None, float] = {}  # by board
        # cards posted before an approver was known are redrawn, so they get the buttons too
        self.on_new = on_new

    async def ensure_known(self, destination: str) -> None:
        """Before a card is drawn in `destination`: the approvers of the board whose channel it
        is (the security channel's cards are the lead board's lookup, as the card's board may
        be any)."""
        board = self._authority.boards.by_destination(destination) or self._authority.boards.lead
        if self._clock() < self._next_try.get(board.id, 0.0):
            return
        team = await self._channels.team_id(board.destination)
        if team is None:
            return
        # named approvers: look up those not known yet; the team's members: read the roster
        configured = self._authority.configured_for(board.id)
        unknown = await self._authority.unknown_approvers(board.id)
        if configured and not unknown:
            return
        try:
            if configured:
                found = await self._delivery.roster_ids(destination, team, unknown)
            else:
                found = await self._delivery.team_roster(destination, team)
        except Exception as exc:  # the card matters more: post it, look again later
            logger.warning("approvers' roster lookup failed: %s", type(exc).__name__)
            found = {}
        if await self._authority.learn(found) and self.on_new is not None:
            await self.on_new()
        if not configured or set(unknown) - set(found):
            # a team's membership changes: read it again after the pause, not for every card
            self._next_try[board.id] = self._clock() + RETRY_SECONDS
