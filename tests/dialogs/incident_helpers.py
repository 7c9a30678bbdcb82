"""A tiny bot that runs IncidentReportDialog on botbuilder's core TestAdapter.

The dialog's place in the conversation lives in ConversationState and the draft in UserState,
both over one Storage (MemoryStorage unless a test passes another), saved at the end of each
turn that succeeds, as PolicyBot does. A "restart" is a new IncidentBot over the same storage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from botbuilder.core import ConversationState, MemoryStorage, Storage, TurnContext, UserState
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount

from bot.errors import RecordsError
from dialogs.incident_cards import VERB
from dialogs.incident_report_dialog import (
    IncidentDraft,
    IncidentPrefill,
    IncidentReportDialog,
    SubmittedIncident,
)
from knowledge import Policy
from knowledge.when import LONDON
from tests.cards.card_checks import buttons, strings

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
DIALOG_ID = IncidentReportDialog.__name__
# Thursday 26 November 2026, 15:42 in London (GMT): the dialog's clock in every test.
NOW = datetime(2026, 11, 26, 15, 42, tzinfo=LONDON)
BOARD = "the AI governance board"


class RecordingSubmit:
    """The injected `submit`: records each draft and hands out INC-0001, INC-0002, ..."""

    def __init__(self, told: Sequence[str] = (BOARD,)) -> None:
        self.drafts: list[IncidentDraft] = []
        self.keys: list[str] = []
        self.told = tuple(told)
        self.fail = False

    async def __call__(self, context: TurnContext, draft: IncidentDraft) -> SubmittedIncident:
        assert isinstance(context, TurnContext)
        if self.fail:
            raise RecordsError("database unavailable")
        self.keys.append(draft.key)  # the dialog run's, kept apart so drafts compare by content
        self.drafts.append(dataclasses.replace(draft, key=""))
        return SubmittedIncident(f"INC-{len(self.drafts):04d}", self.told)

    async def recipients(self, turn_context: object) -> tuple[str | None, str | None]:
        """Who submitting would tell: the board, then the DPO, as `told` says."""
        board = self.told[0] if self.told else None
        dpo = self.told[1] if len(self.told) > 1 else None
        return board, dpo


class IncidentBot:
    """Continues the dialog on every turn; begins it on the turn after `start` is called."""

    def __init__(
        self,
        policy: Policy,
        submit: RecordingSubmit,
        storage: Storage | None = None,
        conversation_id: str = "a:conversation",
    ) -> None:
        self.storage = storage if storage is not None else MemoryStorage()
        self.submit = submit
        self.conversation = ConversationState(self.storage)
        self.user = UserState(self.storage)
        self.drafts = self.user.create_property("incident_draft")
        self.dialogs = DialogSet(self.conversation.create_property("dialog_state"))
        self.dialogs.add(
            IncidentReportDialog(
                policy, submit, self.drafts, clock=lambda: NOW, recipients=submit.recipients
            )
        )
        self.results: list[Any] = []
        self._begin_with: dict[str, Any] | None = None
        template = Activity(
            channel_id="msteams",
            from_property=ChannelAccount(id="29:user", name="Rita", aad_object_id="aad-rita"),
            recipient=ChannelAccount(id="28:bot", name="policybot"),
            conversation=ConversationAccount(id=conversation_id),
        )
        self.adapter = TestAdapter(self.on_turn, template)

    async def on_turn(self, context: TurnContext) -> None:
        dc = await self.dialogs.create_context(context)
        result = await dc.continue_dialog()
        if result.status == DialogTurnStatus.Empty and self._begin_with is not None:
            options, self._begin_with = self._begin_with, None
            result = await dc.begin_dialog(DIALOG_ID, options)
        if result.status == DialogTurnStatus.Complete:
            self.results.append(result.result)
        await self.conversation.save_changes(context)
        await self.user.save_changes(context)

    async def start(self, prefill: IncidentPrefill | None = None, text: str = "") -> list[Activity]:
        self._begin_with = (prefill or IncidentPrefill()).to_options()
        return await self.say(text or "report an incident")

    async def say(self, text: str) -> list[Activity]:
        return await self.send(Activity(type=ActivityTypes.message, text=text))

    async def press(self, data: Mapping[str, Any], **inputs: str) -> list[Activity]:
        """An Action.Submit in a 1:1 chat: a message with the button's data (and the card's
        input values) and no text."""
        return await self.send(Activity(type=ActivityTypes.message, value={**data, **inputs}))

    async def send(self, activity: Activity) -> list[Activity]:
        before = len(self.adapter.activity_buffer)
        await self.adapter.receive_activity(activity)
        return self.adapter.activity_buffer[before:]

    async def draft(self) -> dict[str, Any] | None:
        """The saved draft, read from storage as a later turn would."""
        key = "msteams/users/29:user"
        items = await self.storage.read([key])
        state = items.get(key) or {}
        return state.get("incident_draft") if isinstance(state, dict) else None


def cards(replies: Iterable[Activity]) -> list[dict[str, Any]]:
    return [a.content for r in replies for a in r.attachments or () if a.content_type == ADAPTIVE]


def said(replies: Iterable[Activity]) -> str:
    """Everything the replies show, text and card strings alike, joined."""
    parts: list[str] = []
    for reply in replies:
        parts.append(reply.text or "")
        for card in cards([reply]):
            parts += [text for path, text in strings(card) if path[-1] in ("text", "title")]
    return "\n".join(parts)


def button(replies: Sequence[Activity], choice: str) -> dict[str, Any]:
    """The data of the last card's button for `choice` (as the click would send it)."""
    [card] = cards(replies)[-1:]
    [data] = [
        b["data"]
        for b in buttons(card)
        if b.get("data", {}).get("verb") == VERB and b["data"]["choice"] == choice
    ]
    return data


__all__ = [
    "BOARD",
    "NOW",
    "IncidentBot",
    "RecordingSubmit",
    "button",
    "cards",
    "said",
]
