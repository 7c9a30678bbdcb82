"""Who may decide on the board's cards, and who may say where the board is, checked at each
turn from the authenticated activity.

Identity comes only from the activity's `from` (Teams fills it in and the Bot Connector's token
vouches for the activity); anything a card carries back is ignored for this. Approvers are the
Entra object ids in POLICYBOT_APPROVERS, or, when that is empty, the members of the registered
governance team, asked of Teams at the moment of the click (retried; a roster Teams cannot give
is reported as such, never as "not an approver"). Where the board is (its channels) is chosen
only by people named in configuration: POLICYBOT_ADMINS or POLICYBOT_APPROVERS. Local mode with
neither set is one person at a loopback address, who may.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping

from botbuilder.core import TurnContext

from bot.errors import RosterUnavailableError
from bot.records.conversations import ConversationReferences

from .boards import Board, Boards
from .channels import Channels, is_team_member

logger = logging.getLogger(__name__)

APPROVER_PREFIX = "approver:"
MAX_CARD_VIEWERS = 60  # Teams' limit on refresh.userIds
ROSTER_UNAVAILABLE = (
    "I couldn't check the governance team's membership with Teams just now, so nothing was "
    "changed. Please try again in a minute."
)


def entra_id(turn_context: TurnContext) -> str:
    sender = turn_context.activity.from_property
    return ((sender.aad_object_id or "") if sender else "").lower()


def is_person(turn_context: TurnContext, stored_id: str | None) -> bool:
    """Whether the authenticated sender is the person a record names (stored as the Entra id,
    or the Teams id where a client sends none)."""
    sender = turn_context.activity.from_property
    if not stored_id or sender is None:
        return False
    stored = stored_id.lower()
    return stored in {(sender.aad_object_id or "").lower(), (sender.id or "").lower()} - {""}


def display_name(turn_context: TurnContext) -> str:
    sender = turn_context.activity.from_property
    return (sender.name or "") if sender else ""


class Authority:
    def __init__(
        self,
        approvers: frozenset[str],
        channels: Channels,
        references: ConversationReferences,
        *,
        admins: frozenset[str] = frozenset(),
        local_mode: bool = False,
        boards: Boards | None = None,
    ) -> None:
        self._approvers = frozenset(a.lower() for a in approvers)
        self.boards = boards or Boards(Board(None, "the board"))
        self._admins = frozenset(a.lower() for a in admins)
        self._local_mode = local_mode
        self._channels = channels
        self._references = references
        self._known: dict[str, str] = {}  # Entra id -> Teams user id, for refresh.userIds
        self.on_new: Callable[[], Awaitable[object]] | None = None

    @property
    def configured(self) -> bool:
        return bool(self._approvers)

    @property
    def governors_named(self) -> bool:
        """Whether configuration names anyone who may choose the board's channels."""
        return bool(self._admins or self._approvers or self.boards.several)

    def _approvers_of(self, board: str | None) -> frozenset[str]:
        """A board's approvers; the lead board's may be empty (then: its team's members)."""
        return self.boards.get(board).approvers if board else self._approvers

    async def may_decide(self, turn_context: TurnContext, board: str | None = None) -> bool:
        """Whether the sender decides for `board` (None: the lead board), whose records and
        cards these are. Raises RosterUnavailableError when Teams cannot say who is in the
        governance team."""
        user = entra_id(turn_context)
        if not user:
            return False
        approvers = self._approvers_of(self.boards.get(board).id)
        if approvers:
            allowed = user in approvers
        else:
            allowed = await self._in_governance_team(turn_context, user)
        if allowed:
            await self._remember(turn_context, user)
        return allowed

    async def boards_of(self, turn_context: TurnContext) -> list[Board]:
        """The boards the sender decides for, lead first."""
        return [b for b in self.boards.all() if await self.may_decide(turn_context, b.id)]

    def may_register(self, turn_context: TurnContext, board: str | None = None) -> bool:
        """Only people named in configuration choose where a board is: a claim typed in some
        channel is no proof of being the board. With nobody named, only local mode's one user."""
        if not self.governors_named:
            return self._local_mode
        user = entra_id(turn_context)
        return bool(user) and (user in self._admins or user in self._approvers_of(board))

    async def approver_ids(self, board: str | None = None) -> list[str]:
        """Teams user ids of the board's approvers Teams has told us of (by a click, a
        registration or the team's roster when a card is posted): the card's refresh.userIds.
        Teams shows a user-specific view to at most 60 people; beyond that the others decide
        by typing."""
        known = await self._known_ids()
        approvers = self._approvers_of(self.boards.get(board).id)
        if approvers:  # someone taken out of the approvers sees no buttons
            known = {aad: teams for aad, teams in known.items() if aad in approvers}
        ids = sorted({teams for teams in known.values() if teams})
        if len(ids) > MAX_CARD_VIEWERS:
            logger.warning(
                "%d approvers: the card's buttons show for %d; the others decide by typing",
                len(ids), MAX_CARD_VIEWERS,
            )  # fmt: skip
        return ids[:MAX_CARD_VIEWERS]

    async def unknown_approvers(self, board: str | None = None) -> list[str]:
        """Configured approvers of the board whose Teams user id is not known yet."""
        approvers = self._approvers_of(self.boards.get(board).id)
        if not approvers:
            return []
        return sorted(approvers - set(await self._known_ids()))

    def configured_for(self, board: str | None) -> bool:
        return bool(self._approvers_of(self.boards.get(board).id))

    async def learn(self, found: Mapping[str, str]) -> bool:
        """Teams user ids of approvers, from the team's roster; True if any was new."""
        new = False
        for user, teams_id in found.items():
            user = user.lower()
            if teams_id and self._known.get(user) != teams_id:
                self._known[user] = teams_id
                await self._references.save(APPROVER_PREFIX + user, {"id": teams_id})
                new = True
        return new

    async def _known_ids(self) -> dict[str, str]:
        stored = await self._references.with_prefix(APPROVER_PREFIX)
        known = {
            key[len(APPROVER_PREFIX) :]: str(data.get("id") or "") for key, data in stored.items()
        }
        return known | self._known

    async def _in_governance_team(self, turn_context: TurnContext, user: str) -> bool:
        team = await self._channels.team_id()
        if team is None:
            return False
        # The lookup is a GET, which msrest's retry policy already tries again (3 times, with
        # backoff) on 5xx and lost connections; what still fails is reported, not refused.
        try:
            return await is_team_member(turn_context, team, user)
        except Exception as exc:
            logger.warning("governance team roster unavailable: %s", type(exc).__name__)
            raise RosterUnavailableError("Teams did not give the team's roster") from exc

    async def _remember(self, turn_context: TurnContext, user: str) -> None:
        sender = turn_context.activity.from_property
        teams_id = sender.id if sender else None
        if not teams_id or self._known.get(user) == teams_id:
            return
        self._known[user] = teams_id
        stored = await self._references.get_data(APPROVER_PREFIX + user)
        if (stored or {}).get("id") == teams_id:
            return
        await self._references.save(APPROVER_PREFIX + user, {"id": teams_id})
        if self.on_new is not None:  # cards drawn before they were known now show them buttons
            await self.on_new()
