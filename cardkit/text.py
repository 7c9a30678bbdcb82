"""Any Adaptive Card as plain text for a terminal, with its buttons numbered from 1.

The walk is generic (it knows element types, not policybot's cards), so every card the bot sends
can be read in the terminal chat, and the buttons it returns can be pressed by number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

RULE = "=" * 48


@dataclass(frozen=True, slots=True)
class Action:
    """A button as the terminal sees it: Submit/Execute carry `data`; ShowCard carries `card`."""

    title: str
    data: dict[str, Any] | None = None
    card: dict[str, Any] | None = None


def render_text(card: dict[str, Any]) -> tuple[str, list[Action]]:
    """The card's text, line by line, with "[n] title" for the n-th button, and the buttons.
    A button that shows hidden parts (Action.ToggleVisibility) opens them as a card of their
    own, as a ShowCard button does: a terminal prints forward and cannot unfold a card."""
    page = _Page(_by_id(card))
    page.elements(card.get("body") or [])
    if card.get("actions"):
        page.blank()
        page.actions(card["actions"])
    return "\n".join(page.lines).strip("\n"), page.buttons


@dataclass
class _Page:
    hidden: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    buttons: list[Action] = field(default_factory=list)

    def blank(self) -> None:
        if self.lines and self.lines[-1] not in ("", RULE):
            self.lines.append("")

    def elements(self, elements: Iterable[Any]) -> None:
        for element in elements:
            if isinstance(element, dict) and element.get("isVisible", True) is not False:
                self.element(element)

    def element(self, element: dict[str, Any]) -> None:
        kind = element.get("type")
        if element.get("separator") or element.get("style") == "heading":
            self.blank()
        if kind == "TextBlock":
            self.text_block(element)
        elif kind == "RichTextBlock":
            self.lines.append("".join(_run_text(run) for run in element.get("inlines") or []))
        elif kind == "FactSet":
            self.fact_set(element.get("facts") or [])
        elif kind in ("Container", "Column", "TableCell"):
            self.container(element)
        elif kind == "ColumnSet":
            self.elements(element.get("columns") or [])
        elif kind == "Table":
            for row in element.get("rows") or []:
                self.elements(row.get("cells") or [])
        elif kind == "ActionSet":
            self.actions(element.get("actions") or [])
        elif kind == "Image" and element.get("altText"):
            self.lines.append(f"[image: {element['altText']}]")

    def text_block(self, element: dict[str, Any]) -> None:
        text = str(element.get("text", ""))
        big = element.get("size") in ("large", "extraLarge")
        self.lines.append(text.upper() if big else text)

    def fact_set(self, facts: list[dict[str, Any]]) -> None:
        width = max((len(str(fact.get("title", ""))) for fact in facts), default=0)
        for fact in facts:
            self.lines.append(f"  {fact.get('title', '')!s:<{width}}  {fact.get('value', '')}")

    def container(self, element: dict[str, Any]) -> None:
        framed = element.get("style") not in (None, "default")
        if framed:
            self.blank()
            self.lines.append(RULE)
        self.elements(element.get("items") or [])
        if framed:
            self.lines.append(RULE)

    def actions(self, actions: Iterable[Any]) -> None:
        for action in actions:
            if isinstance(action, dict):
                self.action(action)

    def action(self, action: dict[str, Any]) -> None:
        kind, title = action.get("type"), str(action.get("title") or "")
        if kind in ("Action.Submit", "Action.Execute"):
            self.press(Action(title, data=_submitted(action)))
        elif kind == "Action.ShowCard":
            self.press(Action(title, card=action.get("card") or {}))
        elif kind == "Action.ToggleVisibility":
            targets = [_target_id(t) for t in action.get("targetElements") or []]
            shown = [{**self.hidden[t], "isVisible": True} for t in targets if t in self.hidden]
            if shown:
                self.press(Action(title, card={"type": "AdaptiveCard", "body": shown}))
        elif kind == "Action.OpenUrl":
            self.lines.append(f"{title}: {action.get('url', '')}")

    def press(self, action: Action) -> None:
        self.buttons.append(action)
        self.lines.append(f"[{len(self.buttons)}] {action.title}")


def _run_text(run: Any) -> str:
    return run if isinstance(run, str) else str(run.get("text", ""))


def _submitted(action: dict[str, Any]) -> dict[str, Any]:
    """What pressing the button sends: Submit's data; Execute's verb with its data."""
    data = action.get("data")
    data = dict(data) if isinstance(data, dict) else ({"text": data} if data else {})
    if action.get("type") == "Action.Execute" and action.get("verb"):
        data.setdefault("verb", action["verb"])
    return data


def _by_id(node: Any) -> dict[str, dict[str, Any]]:
    """Every element with an id, anywhere in the card (a toggle may target a nested one)."""
    found: dict[str, dict[str, Any]] = {}
    if isinstance(node, dict):
        if isinstance(node.get("id"), str) and "type" in node:
            found[node["id"]] = node
        for value in node.values():
            found.update(_by_id(value))
    elif isinstance(node, list):
        for value in node:
            found.update(_by_id(value))
    return found


def _target_id(target: Any) -> str:
    """A target is an id, or {"elementId": id, "isVisible": ...}."""
    return str(target.get("elementId", "")) if isinstance(target, dict) else str(target)
