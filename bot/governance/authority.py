"""Who may decide on the board's cards, checked at click time from the authenticated activity.

Identity comes only from the activity's `from` (Teams fills it in and the Bot Connector's token
vouches for the activity); anything a card carries back is ignored for this. Approvers are the
Entra object ids in POLICYBOT_APPROVERS, or, when that is empty, the members of the registered
governance team, asked of Teams at the moment of the click.
"""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.records.conversations import ConversationReferences

from .channels import Channels

logger = logging.getLogger(__name__)

APPROVER_PREFIX = "approver:"


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
        self, approvers: frozenset[str], channels: Channels, references: ConversationReferences
    ) -> None:
        self._approvers = frozenset(a.lower() for a in approvers)
        self._channels = channels
        self._references = references
        self._known: dict[str, str] = {}  # Entra id -> Teams user id, for refresh.userIds

    @property
    def configured(self) -> bool:
        return bool(self._approvers)

    async def may_decide(self, turn_context: TurnContext) -> bool:
        user = entra_id(turn_context)
        if not user:
            return False
        if self._approvers:
            allowed = user in self._approvers
        else:
            allowed = await self._in_governance_team(turn_context, user)
        if allowed:
            await self._remember(turn_context, user)
        return allowed

    async def may_register(self, turn_context: TurnContext) -> bool:
        """Configured approvers only; without them, the first registration is open (there is no
        board yet to ask) and moving it later needs a member of the current board's team."""
        if self._approvers or await self._channels.team_id() is not None:
            return await self.may_decide(turn_context)
        return bool(entra_id(turn_context))

    async def approver_ids(self) -> list[str]:
        """Teams user ids of approvers seen so far: the card's refresh.userIds."""
        stored = await self._references.with_prefix(APPROVER_PREFIX)
        ids = {data.get("id") for data in stored.values()} | set(self._known.values())
        return sorted(i for i in ids if i)

    async def _in_governance_team(self, turn_context: TurnContext, user: str) -> bool:
        team = await self._channels.team_id()
        if team is None:
            return False
        try:
            member = await TeamsInfo.get_team_member(turn_context, team, user)
        except Exception as exc:  # 404 means "not a member"; anything else: fail closed
            logger.info("governance team membership check refused: %s", type(exc).__name__)
            return False
        return bool(member and (member.aad_object_id or "").lower() == user)

    async def _remember(self, turn_context: TurnContext, user: str) -> None:
        sender = turn_context.activity.from_property
        teams_id = sender.id if sender else None
        if not teams_id or self._known.get(user) == teams_id:
            return
        self._known[user] = teams_id
        await self._references.save(APPROVER_PREFIX + user, {"id": teams_id})
