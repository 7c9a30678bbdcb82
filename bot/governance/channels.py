"""The board's channels: where approval and incident cards go.

A channel is registered by an approver typing "@policybot register governance channel" in it (or
"register security channel" for a separate security/DPO channel), or set in configuration. The
conversation reference is what proactive messages need; the team id is what membership checks
need when no approvers are configured.
"""

from __future__ import annotations

from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationReference

from bot.records.conversations import GOVERNANCE_KEY, ConversationReferences

SECURITY_KEY = "security"
CHANNEL_KINDS = {"governance": GOVERNANCE_KEY, "security": SECURITY_KEY, "dpo": SECURITY_KEY}


def team_key(destination: str) -> str:
    return f"{destination}:team"


def team_id_of(activity: Activity) -> str | None:
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    team = data.get("team")
    found = team.get("id") if isinstance(team, dict) else None
    return str(found) if found else None


async def is_team_member(turn_context: TurnContext, team_id: str, user: str) -> bool:
    """Whether Teams says the person with Entra id `user` is a member of `team_id`, asked as the
    bot in this turn. The SDK's TeamsInfo.get_team_member ignores its team id and asks about the
    turn's own conversation, which from a 1:1 chat is the wrong roster: we ask for the team.
    Raises the Bot Connector's error for anything but "not a member" (404)."""
    client = turn_context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    if client is None:
        raise LookupError("no connector client in this turn")
    try:
        member = await client.conversations.get_conversation_member(team_id, user)
    except Exception as exc:
        if _status_of(exc) == 404:
            return False
        raise
    return bool(member and (member.aad_object_id or "").lower() == user.lower())


def _status_of(exc: Exception) -> int | None:
    """The HTTP status of a Bot Connector error (msrest keeps the response on the exception)."""
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status if isinstance(status, int) else None


def is_channel(activity: Activity) -> bool:
    conversation = activity.conversation
    return bool(conversation and conversation.conversation_type == "channel")


def is_personal(activity: Activity) -> bool:
    """1:1 chats (and clients that do not say, such as tests and the emulator)."""
    conversation = activity.conversation
    return not conversation or conversation.conversation_type in (None, "", "personal")


class Channels:
    def __init__(self, references: ConversationReferences) -> None:
        self._references = references

    async def register(self, destination: str, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        reference = TurnContext.get_conversation_reference(activity)
        # A post in a channel arrives in the thread "19:...;messageid=..."; the channel itself
        # is the part before ";".
        reference.conversation.id = reference.conversation.id.split(";")[0]
        reference.activity_id = None
        await self._references.save(destination, reference)
        if team := team_id_of(activity):
            await self._references.save(team_key(destination), {"team_id": team})

    async def configure(
        self, destination: str, *, channel_id: str, team_id: str, service_url: str, bot_id: str,
        tenant_id: str,
    ) -> None:  # fmt: skip
        """A channel named in configuration rather than registered by typing."""
        reference: dict[str, Any] = {
            "bot": {"id": bot_id},
            "conversation": {
                "id": channel_id,
                "conversationType": "channel",
                "isGroup": True,
                "tenantId": tenant_id or None,
            },
            "channelId": "msteams",
            "serviceUrl": service_url,
        }
        await self._references.save(destination, reference)
        if team_id:
            await self._references.save(team_key(destination), {"team_id": team_id})

    async def reference(self, destination: str) -> ConversationReference | None:
        return await self._references.get(destination)

    async def team_id(self, destination: str = GOVERNANCE_KEY) -> str | None:
        data = await self._references.get_data(team_key(destination))
        return (data or {}).get("team_id")
