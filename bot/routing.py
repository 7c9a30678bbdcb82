"""One way in: an activity is read once, at the edge, into a `Turn`; the first route whose
matcher takes the turn handles it.

Routes are registered in priority order when the bot is built (`PolicyBot._routes`), as
bolt-python registers listeners, so the order is a list that can be read and tested rather than
the layout of an if-chain. A matcher is a pure function of the `Turn`: it returns something falsy
when the route does not apply, or what the handler needs (a regex match, a parsed reference,
or just True). A button pressed as Action.Submit (a message carrying `value`) and as
Action.Execute (an `adaptiveCard/action` invoke) reads into the same `Turn`, so both share the
same routes; only the reply differs (`Outcome`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from forms.text import clean as clean_text
from forms.text import normalise_command
from knowledge import MAX_QUESTION_CHARS
from knowledge.engine import Excerpt, question_part

from .governance.channels import is_personal

EXECUTE = "adaptiveCard/action"


@dataclass(frozen=True, slots=True)
class Turn:
    """What the bot needs of an activity, read once. Identity is not here: handlers take it
    from the authenticated activity, never from card data."""

    text: str = ""  # the message, @mentions and control characters removed, bounded
    command: str = ""  # `text` lower-cased, single-spaced, closing punctuation trimmed
    verb: str | None = None  # the button's verb, when a card button was pressed
    data: Mapping[str, Any] = field(default_factory=dict)  # the button's data, without the verb
    execute: bool = False  # Action.Execute: the client waits for a reply to the invoke
    personal: bool = False  # a 1:1 chat
    dialog_running: bool = False  # a dialog in this chat waits for the next message
    # A message longer than the engine reads: the part of it that holds the question, and how
    # long the message was (the answer says so). None when the whole message is in `text`.
    long: Excerpt | None = None

    @property
    def is_button(self) -> bool:
        return self.verb is not None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a handler gives back for the invoke's reply (Action.Execute): a card that replaces
    the one clicked, or a short notice. In a message turn the notice is posted instead."""

    card: dict[str, Any] | None = None
    notice: str | None = None
    status: int = 200


# A handler that finds the turn is not its own after all (a dialog that has ended between the
# edge's look and the handler's) passes it on to the next route.
PASS = Outcome(notice="pass")

Matcher = Callable[[Turn], Any]
Handler = Callable[[TurnContext, Turn, Any], Awaitable[Outcome | None]]


@dataclass(frozen=True, slots=True)
class Route:
    name: str
    matches: Matcher
    handle: Handler


class Router:
    """Routes in the order they were added; the first that matches and does not pass wins."""

    def __init__(self) -> None:
        self._routes: list[Route] = []

    def add(self, name: str, matches: Matcher, handle: Handler) -> None:
        if any(route.name == name for route in self._routes):
            raise ValueError(f"a route named {name!r} is already registered")
        self._routes.append(Route(name, matches, handle))

    @property
    def names(self) -> list[str]:
        return [route.name for route in self._routes]

    def first(self, turn: Turn) -> str | None:
        """The name of the route a turn would reach first (for tests and logs)."""
        return next((route.name for route in self._routes if route.matches(turn)), None)

    async def dispatch(self, context: TurnContext, turn: Turn) -> tuple[str, Outcome | None]:
        for route in self._routes:
            found = route.matches(turn)
            if not found:
                continue
            outcome = await route.handle(context, turn, found)
            if outcome is not PASS:
                return route.name, outcome
        raise LookupError("no route took the turn: the router needs a last, catch-all route")


def read_turn(activity: Activity, *, dialog_running: bool = False) -> Turn:
    """The edge: an activity (a message, or an Action.Execute invoke) read into a `Turn`."""
    personal = is_personal(activity)
    if activity.name == EXECUTE:
        action = _action(activity.value.get("action") if isinstance(activity.value, dict) else None)
        verb = action.get("verb")
        data = action.get("data")
        return Turn(
            verb=verb if isinstance(verb, str) and verb else None,
            data=dict(data) if isinstance(data, dict) else {},
            execute=True,
            personal=personal,
        )
    value = activity.value if isinstance(activity.value, dict) else {}
    verb = value.get("verb")
    whole = message_text(activity, limit=None)
    text = whole[:MAX_QUESTION_CHARS]
    part = question_part(whole)
    return Turn(
        text=text,
        long=None if part.where == "all" else part,
        command=normalise_command(text),
        verb=verb if isinstance(verb, str) and verb else None,
        data={k: v for k, v in value.items() if k != "verb"},
        personal=personal,
        dialog_running=dialog_running,
    )


def message_text(activity: Activity, limit: int | None = MAX_QUESTION_CHARS) -> str:
    """The message with the bot's @mention taken out (channels and group chats) and control
    characters removed, trimmed to `limit` characters (None: the whole message, which the
    HTTP body limit bounds)."""
    if not isinstance(activity.text, str):
        return ""  # a card's Submit (or a message with only a mention) carries no text
    text = TurnContext.remove_recipient_mention(activity) if activity.entities else activity.text
    return clean_text(text or "", limit)


def clean(text: str) -> str:
    """Any text a person typed (a message, or a string in card data), cleaned and bounded to
    what the engine reads."""
    return clean_text(text, MAX_QUESTION_CHARS)


def _action(action: Any) -> dict[str, Any]:
    """`invoke_value.action` arrives as a plain dict in botbuilder 4.17.1, whose `.verb`
    raises; an object form is read too."""
    if isinstance(action, dict):
        return action
    if action is None:
        return {}
    return {"verb": getattr(action, "verb", None), "data": getattr(action, "data", None)}
