"""A tiny bot that runs ApprovalRequestDialog on botbuilder's core TestAdapter.

State goes through `JsonStorage`, which keeps each item only as JSON text made the way the
records database stores it (jsonpickle), so a "restart" is a new bot over the same storage and
nothing survives that would not survive the database.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from botbuilder.core import ConversationState, Storage, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler

from dialogs.approval_cards import CHOSEN, VERB
from dialogs.approval_request_dialog import ApprovalPrefill, ApprovalRequestDialog
from forms.drafts import ApprovalDraft, SubmittedApproval
from knowledge import Policy
from tests.cards.card_checks import buttons, elements, strings

ADAPTIVE = "application/vnd.microsoft.card.adaptive"
DIALOG_ID = ApprovalRequestDialog.__name__
NEXT_STEPS = "The board meets on Thursdays. You will hear here when it decides."


class JsonStorage(Storage):
    """Items live only as JSON text; every read builds new objects from it."""

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[str, str] = {}

    async def read(self, keys: Sequence[str]) -> dict[str, Any]:
        return {k: Unpickler().restore(json.loads(self.items[k])) for k in keys if k in self.items}

    async def write(self, changes: Mapping[str, Any]) -> None:
        for key, item in changes.items():
            self.items[key] = json.dumps(Pickler().flatten(item))

    async def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.items.pop(key, None)


class SubmitFailedError(Exception):
    """Stands in for the database being unavailable when the request is recorded."""


class RecordingSubmit:
    """The injected `submit`: records each draft and hands out AR-0001, AR-0002, ..."""

    def __init__(self, decided_by: str = "the GenAI governance authority") -> None:
        self.drafts: list[ApprovalDraft] = []
        self.keys: list[str] = []
        self.decided_by = decided_by
        self.fail = False

    async def __call__(self, context: TurnContext, draft: ApprovalDraft) -> SubmittedApproval:
        assert isinstance(context, TurnContext)
        if self.fail:
            raise SubmitFailedError("database unavailable")
        self.keys.append(draft.key)  # the dialog run's, kept apart so drafts compare by content
        self.drafts.append(dataclasses.replace(draft, key=""))
        return SubmittedApproval(f"AR-{len(self.drafts):04d}", self.decided_by, NEXT_STEPS)


class DialogBot:
    """Continues the dialog on every turn; begins it on the turn after `start` is called. As
    PolicyBot does, state is saved only when the turn succeeds."""

    def __init__(self, policy: Policy, submit: RecordingSubmit, storage: Storage) -> None:
        self.submit = submit
        self.state = ConversationState(storage)
        self.dialogs = DialogSet(self.state.create_property("dialog_state"))
        self.dialogs.add(ApprovalRequestDialog(policy, submit))
        self.results: list[Any] = []
        self._begin_with: dict[str, Any] | None = None
        template = Activity(
            channel_id="msteams",
            from_property=ChannelAccount(id="29:user", name="Sam", aad_object_id="aad-user-1"),
            recipient=ChannelAccount(id="28:bot", name="policybot"),
            conversation=ConversationAccount(id="a:conversation"),
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
        await self.state.save_changes(context)

    async def start(self, prefill: ApprovalPrefill | None = None) -> list[Activity]:
        self._begin_with = (prefill or ApprovalPrefill()).to_options()
        return await self.say("request approval")

    async def say(self, text: str) -> list[Activity]:
        return await self.send(Activity(type=ActivityTypes.message, text=text))

    async def press(self, data: Mapping[str, Any]) -> list[Activity]:
        """An Action.Submit in a 1:1 chat: a message with the button's data and no text."""
        return await self.send(Activity(type=ActivityTypes.message, value=dict(data)))

    async def send(self, activity: Activity) -> list[Activity]:
        before = len(self.adapter.activity_buffer)
        await self.adapter.receive_activity(activity)
        return self.adapter.activity_buffer[before:]


def cards(replies: Iterable[Activity]) -> list[dict[str, Any]]:
    return [a.content for r in replies for a in r.attachments or () if a.content_type == ADAPTIVE]


def only_card(replies: Sequence[Activity]) -> dict[str, Any]:
    [card] = cards(replies)
    return card


def said(replies: Iterable[Activity]) -> str:
    """Everything the replies show, text and card strings alike, joined."""
    parts: list[str] = []
    for reply in replies:
        parts.append(reply.text or "")
        for card in cards([reply]):
            parts += [text for path, text in strings(card) if path[-1] in ("text", "title")]
    return "\n".join(parts)


def button(card: dict[str, Any], choice: str) -> dict[str, Any]:
    """The data the click for `choice` sends: its own button's, or, for a choice in the card's
    list, Continue's with the list's value added (as Teams merges inputs into the data)."""
    found = [
        b["data"]
        for b in buttons(card)
        if b.get("data", {}).get("verb") == VERB and b["data"]["choice"] == choice
    ]
    if found:
        [data] = found
        return data
    [listed] = [
        e for e in elements(card)
        if e["type"] == "Input.ChoiceSet" and choice in [c["value"] for c in e["choices"]]
    ]  # fmt: skip
    return {**button(card, CHOSEN), listed["id"]: choice}


def choice_values(card: dict[str, Any]) -> list[str]:
    listed = [c["value"] for e in elements(card) if e["type"] == "Input.ChoiceSet"
              for c in e["choices"]]  # fmt: skip
    pressed = [b["data"]["choice"] for b in buttons(card) if b.get("data", {}).get("verb") == VERB]
    return listed + [c for c in pressed if c != CHOSEN]
