"""A Teams-like client: posts activities to the bot's /api/messages as Teams would and collects
what the bot sent back through the fake Bot Connector.

Ids look like real Teams ids (29: users, 28: bots, a: personal chats, 19: channels) so the bot
is exercised with realistic shapes. The Bot Connector answers /api/messages only when the turn
is finished, so after a post returns every reply of that turn has arrived.
"""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from .fake_connector import FakeConnector

BOT_ID = "28:policybot-local"
TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47"


@dataclass
class Person:
    name: str = "Sam Officer"
    aad_object_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def id(self) -> str:
        return f"29:{self.aad_object_id}"

    def account(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}


@dataclass
class Reply:
    status: int
    body: Any
    activities: list[dict[str, Any]]
    arrived: list[float] = field(default_factory=list)  # perf_counter time of each activity


class TeamsClient:
    """One person's 1:1 chat (or a channel, with `channel_id`) with the bot."""

    def __init__(
        self,
        bot_url: str,
        connector: FakeConnector,
        session: aiohttp.ClientSession,
        person: Person | None = None,
        *,
        tenant_id: str = TENANT_ID,
        channel_id: str | None = None,
        service_url: str | None = None,
        authorization: str | None = None,
    ) -> None:
        self.bot_url = bot_url.rstrip("/") + "/api/messages"
        self.connector = connector
        self.session = session
        self.person = person or Person()
        self.tenant_id = tenant_id
        self.channel_id = channel_id
        self.conversation_id = channel_id or f"a:{uuid.uuid4().hex}"
        self.service_url = service_url or connector.url
        self.authorization = authorization
        self._ids = itertools.count(1)

    def activity(self, kind: str, **fields: Any) -> dict[str, Any]:
        conversation: dict[str, Any] = {"id": self.conversation_id, "tenantId": self.tenant_id}
        channel_data: dict[str, Any] = {"tenant": {"id": self.tenant_id}}
        if self.channel_id:
            conversation.update(conversationType="channel", isGroup=True)
            channel_data.update(channel={"id": self.channel_id}, team={"id": self.channel_id})
        else:
            conversation["conversationType"] = "personal"
        return {
            "type": kind,
            # unique across clients, as Teams' ids are: the bot answers an id once
            "id": f"in-{next(self._ids)}-{uuid.uuid4().hex[:8]}",
            "channelId": "msteams",
            "serviceUrl": self.service_url,
            "from": self.person.account(),
            "recipient": {"id": BOT_ID, "name": "policybot"},
            "conversation": conversation,
            "channelData": channel_data,
            "locale": "en-GB",
            **fields,
        }

    async def install(self) -> Reply:
        return await self.post(
            self.activity(
                "conversationUpdate", membersAdded=[{"id": BOT_ID}, self.person.account()]
            )
        )

    async def say(self, text: str) -> Reply:
        if self.channel_id:
            mention = {
                "type": "mention",
                "text": "<at>policybot</at>",
                "mentioned": {"id": BOT_ID, "name": "policybot"},
            }
            return await self.post(
                self.activity("message", text=f"<at>policybot</at> {text}", entities=[mention])
            )
        return await self.post(self.activity("message", text=text))

    async def submit(self, data: dict[str, Any]) -> Reply:
        """An Action.Submit click: a message with `value` and no text."""
        return await self.post(self.activity("message", value=data))

    async def execute(self, verb: str, data: dict[str, Any] | None = None) -> Reply:
        """An Action.Execute click: an `adaptiveCard/action` invoke."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": data or {}}}
        return await self.post(self.activity("invoke", name="adaptiveCard/action", value=value))

    async def post(self, activity: dict[str, Any]) -> Reply:
        before = len(self.connector.received)
        headers = {"Authorization": self.authorization} if self.authorization else {}
        async with self.session.post(self.bot_url, json=activity, headers=headers) as response:
            text = await response.text()
            body = (
                await response.json()
                if text and response.content_type == "application/json"
                else text
            )
            status = response.status
        sent = [
            r
            for r in self.connector.received[before:]
            if r.conversation_id == self.conversation_id and r.action in ("send", "reply", "update")
        ]
        return Reply(status, body, [r.activity for r in sent], [r.at for r in sent])


def cards_of(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """The Adaptive Cards an activity carries."""
    return [
        a["content"]
        for a in activity.get("attachments") or []
        if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
    ]
