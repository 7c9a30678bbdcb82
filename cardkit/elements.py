"""Typed builders for the Adaptive Card 1.5 elements policybot uses; each returns plain JSON data.

`text_block` is for text written in this package only: Teams parses a TextBlock's text as
markdown. Anything a person typed or a policy author wrote goes in a `text_run` inside a
`rich_text` block, which is shown as written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal

Element = dict[str, Any]

SCHEMA_URL = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"

ContainerStyle = Literal["default", "emphasis", "good", "attention", "warning", "accent"]
# Text colours as the schema names them. Only "default" reads in every Teams theme (good, warning,
# attention, accent and light fall below 4.5:1 somewhere): show a state with a container style
# and words instead. The measurements: tests/cards/test_contrast.py.
Colour = Literal["default", "dark", "light", "accent", "good", "warning", "attention"]
FontSize = Literal["small", "default", "medium", "large", "extraLarge"]
FontWeight = Literal["lighter", "default", "bolder"]
FontType = Literal["default", "monospace"]
Spacing = Literal["none", "small", "default", "medium", "large", "extraLarge", "padding"]
ActionStyle = Literal["default", "positive", "destructive"]


def _without_none(fields: Mapping[str, Any]) -> Element:
    return {key: value for key, value in fields.items() if value is not None}


def adaptive_card(body: Iterable[Element], actions: Iterable[Element] = ()) -> Element:
    """A top-level card. Teams drops a card that names a version it lacks, so it says 1.5."""
    card: Element = {"type": "AdaptiveCard", "$schema": SCHEMA_URL, "version": VERSION}
    card["body"] = list(body)
    if actions := list(actions):
        card["actions"] = actions
    return card


def sub_card(body: Iterable[Element]) -> Element:
    """The card inside an Action.ShowCard: no version or $schema of its own."""
    return {"type": "AdaptiveCard", "body": list(body)}


def text_block(
    text: str,
    *,
    size: FontSize | None = None,
    weight: FontWeight | None = None,
    color: Colour | None = None,
    is_subtle: bool | None = None,
    heading: bool = False,
    spacing: Spacing | None = None,
    separator: bool | None = None,
) -> Element:
    """Fixed wording from this package (markdown-parsed by Teams: never user or policy text)."""
    return _without_none(
        {
            "type": "TextBlock",
            "text": text,
            "wrap": True,
            "size": size,
            "weight": weight,
            "color": color,
            "isSubtle": is_subtle,
            "style": "heading" if heading else None,
            "spacing": spacing,
            "separator": separator,
        }
    )


def text_run(
    text: str,
    *,
    weight: FontWeight | None = None,
    italic: bool | None = None,
    is_subtle: bool | None = None,
    color: Colour | None = None,
    font_type: FontType | None = None,
) -> Element:
    """A run of text shown exactly as given: the schema says markdown is not supported here."""
    # Built key by key: a card has dozens of runs, and _without_none costs twice as much.
    run: Element = {"type": "TextRun", "text": text}
    if weight is not None:
        run["weight"] = weight
    if italic is not None:
        run["italic"] = italic
    if is_subtle is not None:
        run["isSubtle"] = is_subtle
    if color is not None:
        run["color"] = color
    if font_type is not None:
        run["fontType"] = font_type
    return run


def rich_text(
    *runs: Element, spacing: Spacing | None = None, separator: bool | None = None
) -> Element:
    block: Element = {"type": "RichTextBlock", "inlines": list(runs)}
    if spacing is not None:
        block["spacing"] = spacing
    if separator is not None:
        block["separator"] = separator
    return block


def container(
    items: Iterable[Element],
    *,
    style: ContainerStyle | None = None,
    bleed: bool | None = None,
    spacing: Spacing | None = None,
    separator: bool | None = None,
    id: str | None = None,
    hidden: bool = False,
) -> Element:
    """`hidden` with an `id`: shown by a toggle_visibility action naming it."""
    return _without_none(
        {
            "type": "Container",
            "id": id,
            "isVisible": False if hidden else None,
            "items": list(items),
            "style": style,
            "bleed": bleed,
            "spacing": spacing,
            "separator": separator,
        }
    )


def toggle_visibility(title: str, *target_ids: str, tooltip: str | None = None) -> Element:
    """Shows or hides elements in place: the card stays one message and its first view short."""
    return _without_none(
        {
            "type": "Action.ToggleVisibility",
            "title": title,
            "targetElements": list(target_ids),
            "tooltip": tooltip,
        }
    )


def fact_set(facts: Iterable[tuple[str, str]], *, spacing: Spacing | None = None) -> Element:
    """Title/value pairs. Some hosts parse fact values as markdown: fixed wording only."""
    return _without_none(
        {
            "type": "FactSet",
            "facts": [{"title": title, "value": value} for title, value in facts],
            "spacing": spacing,
        }
    )


def action_set(actions: Iterable[Element], *, spacing: Spacing | None = None) -> Element:
    return _without_none({"type": "ActionSet", "actions": list(actions), "spacing": spacing})


def submit(
    title: str,
    data: Mapping[str, Any],
    *,
    style: ActionStyle | None = None,
    tooltip: str | None = None,
) -> Element:
    """Action.Submit: works in Teams chats and in the Agents Playground. `data` comes back as
    the message activity's `value`, so keep it plain JSON."""
    return _without_none(
        {
            "type": "Action.Submit",
            "title": title,
            "data": dict(data),
            "style": style,
            "tooltip": tooltip,
        }
    )


def show_card(title: str, card: Element, *, tooltip: str | None = None) -> Element:
    return _without_none(
        {"type": "Action.ShowCard", "title": title, "card": card, "tooltip": tooltip}
    )


def card_size(card: Element) -> int:
    """Bytes on the wire, counted pessimistically: `json.dumps` escapes every non-ASCII
    character (6 bytes, 12 for an emoji), which is never less than UTF-8."""
    return len(json.dumps(card))


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis if cut."""
    if 0 < len(text) <= limit and _single_spaced(text):
        return text  # most text on a card: nothing to do, and a card has dozens of pieces
    text = " ".join(text.split())
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


def _single_spaced(text: str) -> bool:
    """True when `" ".join(text.split())` would give `text` back (ASCII whitespace only; any
    other whitespace character takes the slow path)."""
    return (
        text.isprintable() and "  " not in text and not text[0].isspace() and not text[-1].isspace()
    )


def execute(
    title: str,
    verb: str,
    data: Mapping[str, Any],
    *,
    style: ActionStyle | None = None,
    tooltip: str | None = None,
) -> Element:
    """Action.Execute (Universal Actions): arrives as an `adaptiveCard/action` invoke whose answer
    can replace the card for the person who clicked. Its fallback is the same verb as an
    Action.Submit for clients without Execute, so `data` carries the verb too."""
    fields = {**data, "verb": verb}
    return _without_none(
        {
            "type": "Action.Execute",
            "title": title,
            "verb": verb,
            "data": fields,
            "style": style,
            "tooltip": tooltip,
            "fallback": submit(title, fields, style=style),
        }
    )


def input_text(
    input_id: str,
    *,
    label: str,
    placeholder: str | None = None,
    max_length: int | None = None,
    multiline: bool = False,
    required: bool = False,
    error_message: str | None = None,
    value: str | None = None,
) -> Element:
    return _without_none(
        {
            "type": "Input.Text",
            "id": input_id,
            "label": label,
            "value": value,
            "placeholder": placeholder,
            "maxLength": max_length,
            "isMultiline": multiline or None,
            "isRequired": required or None,
            "errorMessage": error_message,
        }
    )


def open_url(title: str, url: str) -> Element:
    """A button that opens `url` (an https:// address the policy gives) in the browser."""
    return {"type": "Action.OpenUrl", "title": title, "url": url}


def input_date(input_id: str, *, label: str, value: str | None = None) -> Element:
    """A date picker; `value` and what comes back are "YYYY-MM-DD" strings."""
    return _without_none({"type": "Input.Date", "id": input_id, "label": label, "value": value})


def choice_set(
    input_id: str,
    choices: Iterable[tuple[str, str]],
    *,
    label: str,
    value: str | None = None,
    expanded: bool = False,
    required: bool = False,
    error_message: str | None = None,
    multi_select: bool = False,
) -> Element:
    """`choices` are (title, value) pairs; expanded shows radio buttons (check boxes when
    `multi_select`, whose value is the chosen values joined by commas) instead of a drop-down."""
    return _without_none(
        {
            "type": "Input.ChoiceSet",
            "id": input_id,
            "label": label,
            "choices": [{"title": title, "value": val} for title, val in choices],
            "value": value,
            "isMultiSelect": multi_select or None,
            "style": "expanded" if expanded else None,
            "isRequired": required or None,
            "errorMessage": error_message,
        }
    )


def input_toggle(
    input_id: str, title: str, *, label: str | None = None, on: bool = False
) -> Element:
    """A check box whose value is "true" or "false" (strings, as Adaptive Cards send them)."""
    return _without_none(
        {
            "type": "Input.Toggle",
            "id": input_id,
            "title": title,
            "label": label,
            "value": "true" if on else "false",
            "valueOn": "true",
            "valueOff": "false",
        }
    )


def with_refresh(
    card: Element, verb: str, data: Mapping[str, Any], user_ids: Iterable[str]
) -> Element:
    """Teams asks the bot for a fresh, per-person view of the card when one of `user_ids` (at
    most 60 Teams user ids) opens it; everyone else sees the card as posted."""
    users = list(user_ids)[:60]
    if not users:
        return card
    action = {"type": "Action.Execute", "verb": verb, "data": {**data, "verb": verb}}
    return {**card, "refresh": {"action": action, "userIds": users}}
