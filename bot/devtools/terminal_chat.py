"""`policybot chat`: the real service and a fake Bot Connector in this process, talking over
real HTTP on loopback, with cards rendered as text and their buttons numbered.

A card's inputs (Input.Text, Number, Date, Time, Toggle and ChoiceSet) are shown with their
labels, a choice set with its numbered choices. Pressing a Submit or Execute button asks for
each input the button gathers, one prompt each (Enter keeps what the card shows), and sends
what Teams would: the button's data with every input's value added under the input's id, as a
message for Action.Submit and as an `adaptiveCard/action` invoke for Action.Execute.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import getpass
import math
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, TextIO

import aiohttp
from aiohttp import web

from cardkit.text import render_text

from ..settings import Settings
from .client import Person, Reply, TeamsClient, cards_of
from .fake_connector import FakeConnector

PROMPT = "\nyou> "
SUBMIT, EXECUTE, SHOW_CARD = "Action.Submit", "Action.Execute", "Action.ShowCard"
CARD_TYPE = "application/vnd.microsoft.card.adaptive"
MESSAGE_TYPE = "application/vnd.microsoft.activity.message"
INPUTS_HINT = "(Press a button to fill in the inputs above: I'll ask for each in turn.)"
# Keys whose contents are not part of the card as shown: a ShowCard's own card (shown when its
# button is pressed), fallbacks, and actions that are not buttons.
_NOT_SHOWN = frozenset({"card", "fallback", "selectAction", "refresh"})
_MARK = "policybot-terminal-button"  # stands for an action's data while cardkit renders it
_YES = frozenset({"y", "yes", "on", "true", "1", "x"})
_NO = frozenset({"n", "no", "off", "false", "0"})


class CardInput(NamedTuple):
    """An Input element of a card, and whether it is shown (an input in a hidden container is
    not, yet its value is sent)."""

    element: dict[str, Any]
    shown: bool = True


@dataclass(frozen=True, slots=True)
class Button:
    """A button as the terminal presses it.

    `data` is the action's own data as the card has it; `inputs` are the inputs the button
    gathers (its card's and, inside a ShowCard, the cards it opened from); a ShowCard
    carries the card it opens."""

    title: str
    kind: str
    data: Any = None
    verb: str | None = None
    card: dict[str, Any] | None = None
    inputs: tuple[CardInput, ...] = ()

    def sent(self, values: Mapping[str, str] | None = None) -> dict[str, Any]:
        """What pressing it sends: its data with the inputs' values keyed by input id (an input
        overrides a data field of the same name, as in Teams)."""
        data = self.data
        base = dict(data) if isinstance(data, dict) else ({"text": data} if data else {})
        return {**base, **(values or {})}


# -- the chat ----------------------------------------------------------------------------------


async def chat(settings: Settings, source: TextIO, sink: TextIO) -> int:
    from ..app import create_app

    connector = FakeConnector()
    await connector.start()
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", settings.port).start()
    bot_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    try:
        async with aiohttp.ClientSession() as session:
            client = TeamsClient(bot_url, connector, session, Person(name=_name()))
            sink.write(
                "policybot chat: type a question; a number presses a button; Ctrl-D quits.\n"
            )
            buttons = show(await client.install(), sink)
            await converse(client, buttons, source, sink)
    finally:
        await runner.cleanup()
        await connector.stop()
    return 0


async def converse(
    client: TeamsClient, buttons: list[Button], source: TextIO, sink: TextIO
) -> None:
    async def read(prompt: str) -> str | None:
        sink.write(prompt)
        sink.flush()
        line = await asyncio.to_thread(source.readline)
        return line.strip() if line else None

    while True:
        text = await read(PROMPT)
        if text is None or text.lower() in {"quit", "exit"}:
            sink.write("\n")
            return
        if text.isdigit() and 1 <= int(text) <= len(buttons):
            chosen = buttons[int(text) - 1]
            if chosen.card is not None:  # a ShowCard (or shown hidden parts): open it here
                inputs = revealed(chosen.inputs, chosen.card)
                body, more = render(chosen.card, inputs)
                sink.write(body + "\n")
                buttons = more or [
                    replace(b, inputs=revealed(b.inputs, chosen.card)) for b in buttons
                ]
                continue
            values = await fill(chosen.inputs, read, sink)
            if values is None:  # the input ended while filling in: leave as Ctrl-D does
                sink.write("\n")
                return
            buttons = show(await press(client, chosen, values), sink)
        elif text:
            buttons = show(await client.say(text), sink)


async def press(client: TeamsClient, button: Button, values: Mapping[str, str]) -> Reply:
    """Send a button's press as Teams does: Submit as a message, Execute as an invoke."""
    if button.kind == EXECUTE:
        return await client.execute(button.verb or "", button.sent(values))
    return await client.submit(button.sent(values))


def show(reply: Reply, sink: TextIO) -> list[Button]:
    """Print what the bot sent; return the buttons of its last card, numbered from 1."""
    buttons: list[Button] = []
    if reply.status >= 400:
        sink.write(f"(the bot answered HTTP {reply.status})\n")
    for activity in reply.activities:
        if activity.get("text"):
            sink.write(f"\npolicybot> {activity['text']}\n")
        for card in cards_of(activity):
            body, buttons = render(card)
            sink.write(f"\npolicybot>\n{body}\n")
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("value"), dict | str):
        # an invoke's answer (Action.Execute): a card that replaces the one pressed, or a notice
        if body.get("type") == CARD_TYPE and isinstance(body["value"], dict):
            text, buttons = render(body["value"])
            sink.write(f"\npolicybot (the card now reads)>\n{text}\n")
        elif body.get("type") == MESSAGE_TYPE and body["value"]:
            sink.write(f"\npolicybot> {body['value']}\n")
    sink.flush()
    return buttons


# -- cards as text -----------------------------------------------------------------------------


def render(card: dict[str, Any], parents: Iterable[CardInput] = ()) -> tuple[str, list[Button]]:
    """The card as text, its inputs shown with their labels and choices, and its buttons in
    order. `parents` are the inputs of the cards a ShowCard card was opened from, which its
    buttons gather too."""
    inputs = _by_id([*parents, *inputs_of(card)])
    originals: list[dict[str, Any]] = []
    text, actions = render_text(_for_text(card, originals))
    buttons = []
    for action in actions:
        if action.card is not None:
            buttons.append(Button(action.title, SHOW_CARD, card=action.card, inputs=inputs))
            continue
        original = originals[int((action.data or {})[_MARK])]
        gathers = original.get("associatedInputs", "auto") != "none"
        verb = original.get("verb")
        buttons.append(
            Button(
                action.title,
                str(original.get("type")),
                data=original.get("data"),
                verb=verb if isinstance(verb, str) else None,
                inputs=inputs if gathers else (),
            )
        )
    if any(button.inputs for button in buttons) and any(i.shown for i in inputs_of(card)):
        text += "\n" + INPUTS_HINT
    return text, buttons


def inputs_of(node: Any, visible: bool = True) -> list[CardInput]:
    """The card's Input elements with an id, in order; not those of its ShowCard cards (only
    buttons on those cards gather them)."""
    found: list[CardInput] = []
    if isinstance(node, list):
        for item in node:
            found += inputs_of(item, visible)
    elif isinstance(node, dict):
        visible = visible and node.get("isVisible", True) is not False
        if str(node.get("type", "")).startswith("Input.") and isinstance(node.get("id"), str):
            return [CardInput(node, visible)]
        for key, value in node.items():
            if key not in _NOT_SHOWN:
                found += inputs_of(value, visible)
    return found


def revealed(inputs: Iterable[CardInput], opened: dict[str, Any]) -> tuple[CardInput, ...]:
    """`inputs`, those in a card just opened now shown: hidden parts of a card that a
    ToggleVisibility button showed are opened as a card of their own."""
    ids = set(_ids(opened))
    return tuple(CardInput(i.element, i.shown or i.element["id"] in ids) for i in inputs)


def _ids(node: Any) -> Iterable[str]:
    if isinstance(node, list):
        for item in node:
            yield from _ids(item)
    elif isinstance(node, dict):
        if isinstance(node.get("id"), str):
            yield node["id"]
        for value in node.values():
            yield from _ids(value)


def _by_id(inputs: Iterable[CardInput]) -> tuple[CardInput, ...]:
    """One input per id, the nearest card's winning."""
    return tuple({i.element["id"]: i for i in inputs}.values())


def _for_text(node: Any, originals: list[dict[str, Any]]) -> Any:
    """A copy of the card that cardkit's generic walk can show: each input becomes lines of text
    and each Submit/Execute's data a mark saying which action of `originals` it is."""
    if isinstance(node, list):
        return [_for_text(item, originals) for item in node]
    if not isinstance(node, dict):
        return node
    kind = str(node.get("type", ""))
    if kind in (SUBMIT, EXECUTE):
        originals.append(node)
        return {**node, "data": {_MARK: len(originals) - 1}}
    if kind.startswith("Input."):
        kept = ("id", "isVisible", "separator", "spacing")  # a ToggleVisibility finds it by id
        shown = {key: node[key] for key in kept if key in node}
        lines = [{"type": "TextBlock", "text": line, "wrap": True} for line in input_lines(node)]
        return {**shown, "type": "Container", "items": lines}
    return {
        key: value if key in _NOT_SHOWN else _for_text(value, originals)
        for key, value in node.items()
    }


def input_lines(element: Mapping[str, Any]) -> list[str]:
    """An input as it reads in the terminal: its label, what it asks for, and what it holds."""
    kind, label = element.get("type"), _label(element)
    needed = " (required)" if element.get("isRequired") else ""
    if kind == "Input.ChoiceSet":
        multi = bool(element.get("isMultiSelect"))
        held = set(_values(element.get("value"))) if multi else {element.get("value")}
        choices = _choices(element)
        how = f"{'any' if multi else 'one'} of 1-{len(choices)}" if choices else "type a value"
        if choices and not multi and element.get("style") != "expanded":
            how += ", from a list"  # compact (a drop-down) or filtered
        lines = [f"{label}{needed} [{how}]"]
        for n, choice in enumerate(choices, 1):
            on = choice[1] in held
            mark = ("[x]" if on else "[ ]") if multi else ("(o)" if on else "( )")
            lines.append(f"  {mark} {_numbered(n, choice[0])}")
        return lines
    if kind == "Input.Toggle":
        on = _toggle_value(element) == _toggle_values(element)[0]
        title = str(element.get("title") or label)
        lines = [f"{element['label']}{needed}"] if element.get("label") else []
        return [*lines, f"  {'[x]' if on else '[ ]'} {title}"]
    value, placeholder = element.get("value"), element.get("placeholder")
    shown = f"[{value}]" if value not in (None, "") else "________"
    hint = f"  hint: {placeholder}" if placeholder and placeholder != label else ""
    kind_hint = _format_hint(element)
    return [f"{label}{needed}: {shown}{f' ({kind_hint})' if kind_hint else ''}{hint}"]


# -- filling in inputs -------------------------------------------------------------------------


async def fill(
    inputs: Iterable[CardInput],
    read: Callable[[str], Awaitable[str | None]],
    sink: TextIO,
) -> dict[str, str] | None:
    """Ask for each shown input in turn, again until the answer can be taken; a hidden input
    keeps its value. The values by input id, leaving out inputs left empty (as Teams does);
    None if the input ended first."""
    values: dict[str, str] = {}
    for element, shown in inputs:
        if not shown:
            value = _default(element)
        else:
            while True:
                typed = await read(input_prompt(element))
                if typed is None:
                    return None
                try:
                    value = answer(element, typed)
                    break
                except ValueError as problem:
                    sink.write(f"  {problem}\n")
        if value is not None:
            values[str(element["id"])] = value
    return values


def input_prompt(element: Mapping[str, Any]) -> str:
    """The prompt for an input: its label and how to answer, then "> "."""
    kind, keep = element.get("type"), _default(element)
    if kind == "Input.ChoiceSet":
        count = len(_choices(element))
        if not count:
            how = ""
        elif element.get("isMultiSelect"):
            how = f"numbers from 1 to {count}, e.g. 1, 3"
            held = [n for n, c in enumerate(_choices(element), 1) if c[1] in _values(keep)]
            keep = ", ".join(map(str, held)) or None
        else:
            how = f"1-{count}"
            held = [n for n, c in enumerate(_choices(element), 1) if c[1] == keep]
            keep = str(held[0]) if held else None
    elif kind == "Input.Toggle":
        how = "y/n"
        keep = "y" if keep == _toggle_values(element)[0] else "n"
    else:
        how = _format_hint(element)
    parts = [how] if how else []
    if keep not in (None, ""):
        parts.append(f"Enter keeps {keep}")
    how = "; ".join(parts)
    return f"  {_label(element)} [{how}]> " if how else f"  {_label(element)}> "


def answer(element: Mapping[str, Any], typed: str) -> str | None:
    """The value `typed` gives the input, as Teams would send it (a string), or None when it is
    left empty. Nothing typed keeps the value the card gave it. ValueError says why not."""
    kind = element.get("type")
    typed = typed.strip(" ,\t" if element.get("isMultiSelect") else None)
    if kind == "Input.Toggle":
        on, off = _toggle_values(element)
        if not typed:
            return _toggle_value(element)
        if typed.lower() in _YES:
            return on
        if typed.lower() in _NO:
            return off
        raise ValueError('Please answer "y" or "n".')
    if not typed:
        value = _default(element)
        if value is None and element.get("isRequired"):
            raise ValueError(str(element.get("errorMessage") or f"{_label(element)} is needed."))
        return value
    if kind == "Input.ChoiceSet":
        return _choose(element, typed)
    if kind == "Input.Number":
        return _number(element, typed)
    if kind in ("Input.Date", "Input.Time"):
        return _moment(element, typed)
    limit = element.get("maxLength")
    if isinstance(limit, int) and 0 < limit < len(typed):
        raise ValueError(f"That is {len(typed)} characters; {_label(element)} takes {limit}.")
    pattern = element.get("regex")
    if isinstance(pattern, str) and pattern and not re.search(pattern, typed):
        raise ValueError(str(element.get("errorMessage") or "That is not in the form asked for."))
    return typed


def _choose(element: Mapping[str, Any], typed: str) -> str:
    choices = _choices(element)
    if not choices:  # choices looked up as one types (Data.Query): whatever is typed
        return typed

    def one(word: str) -> str:
        word = word.strip()
        if word.isdigit() and 1 <= int(word) <= len(choices):
            return choices[int(word) - 1][1]
        named = [
            value for title, value in choices if word.lower() in (title.lower(), value.lower())
        ]
        if named:
            return named[0]
        raise ValueError(
            f'"{word}" is not one of the choices: type a number from 1 to {len(choices)}.'
        )

    if not element.get("isMultiSelect"):
        return one(typed)
    # "1, 3" or "1 3"; titles and values (which may hold spaces) are separated by commas
    numbers = re.fullmatch(r"[\d\s,]+", typed)
    picked = {one(word) for word in re.split(r"[\s,]+" if numbers else ",", typed) if word.strip()}
    return ",".join(value for _, value in choices if value in picked)  # in the card's order


def _number(element: Mapping[str, Any], typed: str) -> str:
    try:
        number = float(typed)
    except ValueError:
        raise ValueError(f'"{typed}" is not a number.') from None
    if not math.isfinite(number):
        raise ValueError(f'"{typed}" is not a number.')
    low, high = element.get("min"), element.get("max")
    if (isinstance(low, int | float) and number < low) or (
        isinstance(high, int | float) and number > high
    ):
        raise ValueError(f"Please give a number {_range(low, high)}.")
    return str(int(number)) if number.is_integer() else repr(number)


def _moment(element: Mapping[str, Any], typed: str) -> str:
    what = "date" if element.get("type") == "Input.Date" else "time"
    value: dt.date | dt.time
    try:
        value = dt.date.fromisoformat(typed) if what == "date" else dt.time.fromisoformat(typed)
    except ValueError:
        raise ValueError(f'"{typed}" is not a {what} like {_format_hint(element)}.') from None
    text = value.isoformat() if isinstance(value, dt.date) else value.strftime("%H:%M")
    low, high = element.get("min") or None, element.get("max") or None
    if (isinstance(low, str) and text < low) or (isinstance(high, str) and text > high):
        raise ValueError(f"Please give a {what} {_range(low, high)}.")
    return text


def _range(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"from {low} to {high}"
    return f"of at least {low}" if low is not None else f"of at most {high}"


def _format_hint(element: Mapping[str, Any]) -> str:
    kind = element.get("type")
    if kind == "Input.Number":
        low, high = element.get("min"), element.get("max")
        return "a number" + (f" {_range(low, high)}" if low is not None or high is not None else "")
    if kind == "Input.Date":
        return "YYYY-MM-DD"
    if kind == "Input.Time":
        return "HH:MM"
    return ""


def _default(element: Mapping[str, Any]) -> str | None:
    """The value the card gives the input, as it would be sent."""
    if element.get("type") == "Input.Toggle":
        return _toggle_value(element)
    value = element.get("value")
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _toggle_values(element: Mapping[str, Any]) -> tuple[str, str]:
    return str(element.get("valueOn", "true")), str(element.get("valueOff", "false"))


def _toggle_value(element: Mapping[str, Any]) -> str:
    on, off = _toggle_values(element)
    return on if str(element.get("value", off)) == on else off


def _choices(element: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(title, value) of each choice."""
    return [
        (str(choice.get("title", choice.get("value", ""))), str(choice.get("value", "")))
        for choice in element.get("choices") or []
        if isinstance(choice, dict)
    ]


def _values(value: Any) -> list[str]:
    """A multi-select value ("a,b") as its values."""
    return [part for part in str(value or "").split(",") if part]


def _numbered(n: int, title: str) -> str:
    """ "n) title", unless the title already starts with its number ("1. Personal data")."""
    return title if re.match(rf"{n}\s*[.)]\s", title) else f"{n}) {title}"


def _label(element: Mapping[str, Any]) -> str:
    for key in ("label", "placeholder", "title", "id"):
        if isinstance(element.get(key), str) and element[key].strip():
            return " ".join(element[key].split())
    return "Input"


def _name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "you"
