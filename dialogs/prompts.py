"""Prompts whose state is plain JSON, and the helpers that read and check a person's reply.

botbuilder's own prompts keep PromptOptions and Activity objects in dialog state. Our state is
stored in the database and must survive a restart and a change of code, so `ReplyPrompt` keeps
only the plain dict it was started with and builds the question again from it whenever it asks.

A reply is either typed text or a card button. In a 1:1 chat an Action.Submit arrives as a
message whose `value` holds the button's data and whose text is empty; `card_value` reads it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.dialogs import (
    Dialog,
    DialogContext,
    DialogInstance,
    DialogReason,
    DialogTurnResult,
)
from botbuilder.schema import Activity, ActivityTypes, InputHints, TextFormatTypes

from cardkit.elements import Element, shorten
from forms.text import clean


@dataclass(frozen=True, slots=True)
class Reading:
    """A reply as read: its value (plain JSON) or the reason it was not accepted."""

    value: Any = None
    problem: str | None = None
    offer: str | None = None  # a question typed instead of an answer: offered, not taken


def offered(question: str) -> Reading:
    return Reading(offer=question)


def accepted(value: Any) -> Reading:
    return Reading(value=value)


def rejected(problem: str) -> Reading:
    return Reading(problem=problem)


# ask(context, options, problem): send the question; `problem` says why the last reply failed.
Ask = Callable[[TurnContext, dict[str, Any], str | None], Awaitable[None]]
Read = Callable[[TurnContext, dict[str, Any]], Reading]
# offer(context, options): a question was typed where an answer was awaited; offer to answer it.
Offer = Callable[[TurnContext, dict[str, Any]], Awaitable[None]]
OFFERED = "offered"  # the prompt option that holds the question offered


class ReplyPrompt(Dialog):
    """Asks, then waits until `read` accepts a reply, asking again with the reason if not.

    Its options must be a plain JSON dict; they are all it keeps, so `ask` and `read` work from
    them alone, in this process or one started later.
    """

    def __init__(self, dialog_id: str, ask: Ask, read: Read, offer: Offer) -> None:
        super().__init__(dialog_id)
        self._ask = ask
        self._read = read
        self._offer = offer

    async def begin_dialog(
        self, dialog_context: DialogContext, options: object = None
    ) -> DialogTurnResult:
        if not isinstance(options, dict):
            raise TypeError(f"{self.id} needs a dict of options, got {type(options).__name__}")
        dialog_context.active_dialog.state["options"] = options
        await self._ask(dialog_context.context, options, None)
        return Dialog.end_of_turn

    async def continue_dialog(self, dialog_context: DialogContext) -> DialogTurnResult:
        if dialog_context.context.activity.type != ActivityTypes.message:
            return Dialog.end_of_turn
        options = dialog_context.active_dialog.state["options"]
        reading = self._read(dialog_context.context, options)
        if reading.offer is not None:
            options[OFFERED] = reading.offer  # kept with the prompt: the answer may be "yes, it is"
            await self._offer(dialog_context.context, options)
            return Dialog.end_of_turn
        options.pop(OFFERED, None)
        if reading.problem is None:
            return await dialog_context.end_dialog(reading.value)
        await self._ask(dialog_context.context, options, reading.problem)
        return Dialog.end_of_turn

    async def resume_dialog(
        self, dialog_context: DialogContext, reason: DialogReason, result: object = None
    ) -> DialogTurnResult:
        await self.reprompt_dialog(dialog_context.context, dialog_context.active_dialog)
        return Dialog.end_of_turn

    async def reprompt_dialog(self, context: TurnContext, instance: DialogInstance) -> None:
        await self._ask(context, instance.state["options"], None)


# -- reading replies -----------------------------------------------------------------------


def reply_text(activity: Activity) -> str:
    """What the person typed, without the bot's @mention or control characters, on one line."""
    text = activity.text or ""
    if activity.entities:
        text = TurnContext.remove_recipient_mention(activity) or ""
    return clean(text)


def card_value(activity: Activity, verb: str) -> dict[str, Any] | None:
    """The data of a card button with this verb, if that is what the message carries."""
    value = activity.value
    if isinstance(value, dict) and value.get("verb") == verb:
        return value
    return None


def check_text(text: str, limit: int) -> Reading:
    """Accepts non-empty text of at most `limit` characters; otherwise says what is wrong."""
    if not text:
        return rejected("I didn't get any text there.")
    if len(text) > limit:
        return rejected(
            f"That is {len(text)} characters; please keep it to {limit} or fewer "
            "(the approver can ask for more detail)."
        )
    return accepted(text)


@dataclass(frozen=True, slots=True)
class Choice:
    """One option: `value` is what the prompt returns, `words` what a person might type for it
    (the number shown beside it always works)."""

    value: str
    words: tuple[str, ...] = ()


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower().replace("_", " ")).split())


def match_choice(text: str, choices: Sequence[Choice]) -> Reading:
    """The choice named by its number (from 1), one of its words, or a word part that only one
    choice has ("health" for "special category data (e.g. health, ...)")."""
    key = _key(text)
    if not key:
        return rejected(f"Please reply with a number from 1 to {len(choices)}, or press a button.")
    if key.isdigit() and 1 <= int(key) <= len(choices):
        return accepted(choices[int(key) - 1].value)
    exact = [c for c in choices if key in {_key(w) for w in (c.value, *c.words)}]
    if len(exact) == 1:
        return accepted(exact[0].value)
    partial = [c for c in choices if len(key) >= 3 and _mentions(key, (c.value, *c.words))]
    if not exact and len(partial) == 1:
        return accepted(partial[0].value)
    quoted = shorten(text, 40)
    if exact or partial:
        numbers = ", ".join(str(choices.index(c) + 1) for c in exact or partial)
        return rejected(
            f'"{quoted}" could be more than one choice ({numbers}): reply with one number.'
        )
    return rejected(
        f'"{quoted}" is not one of the choices: reply with a number from 1 to {len(choices)}, '
        "or press a button."
    )


def _mentions(key: str, words: Iterable[str]) -> bool:
    return any(re.search(rf"\b{re.escape(key)}\b", _key(word)) for word in words)


# -- sending ---------------------------------------------------------------------------------


async def send_text(context: TurnContext, text: str) -> None:
    """A plain-text message: Teams shows it as written (no markdown), so names a person typed
    can be quoted safely."""
    activity = MessageFactory.text(text, input_hint=InputHints.expecting_input)
    activity.text_format = TextFormatTypes.plain
    await context.send_activity(activity)


async def send_card(context: TurnContext, card: Element) -> None:
    activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
    activity.input_hint = InputHints.expecting_input
    await context.send_activity(activity)
