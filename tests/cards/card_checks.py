"""Checks every card test shares: valid Adaptive Card 1.5, under Teams' size limit, and where
a given piece of text ended up in the card."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SCHEMA_PATH = Path(__file__).parents[1] / "schemas" / "adaptive-card" / "adaptive-card-1.5.json"
TEAMS_LIMIT = 28 * 1024  # bytes; Teams refuses larger messages

Path_ = tuple[Any, ...]


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft6Validator, "the 1.5 schema declares draft-06"
    cls.check_schema(schema)
    return cls(schema)  # no format checker: formats are annotations in draft-06


def schema_errors(card: dict[str, Any]) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator().iter_errors(card)
    ]


def assert_valid_card(card: dict[str, Any]) -> None:
    errors = schema_errors(card)
    assert not errors, "\n".join(errors)
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    size = len(json.dumps(card))
    assert size < TEAMS_LIMIT, f"card is {size} bytes"


def strings(node: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string in the card with the path of keys and indexes that leads to it."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from strings(value, (*path, index))


def at(card: dict[str, Any], path: Path_) -> Any:
    node: Any = card
    for step in path:
        node = node[step]
    return node


def is_text_run_text(card: dict[str, Any], path: Path_) -> bool:
    return path[-1] == "text" and at(card, path[:-1]).get("type") == "TextRun"


def is_action_data(card: dict[str, Any], path: Path_) -> bool:
    """Inside an Action.Submit's `data`: sent back to the bot, never shown."""
    for cut in range(len(path)):
        if path[cut] == "data" and at(card, path[:cut]).get("type") == "Action.Submit":
            return True
    return False


def misplaced(card: dict[str, Any], marker: str) -> list[Path_]:
    """Paths where `marker` appears somewhere other than a TextRun's text or a button's data."""
    return [
        path
        for path, text in strings(card)
        if marker in text and not (is_text_run_text(card, path) or is_action_data(card, path))
    ]


def run_texts(card: dict[str, Any]) -> list[str]:
    return [text for path, text in strings(card) if is_text_run_text(card, path)]


def elements(node: Any) -> Iterator[dict[str, Any]]:
    """Every element and action in the card, sub-cards included, depth first."""
    if isinstance(node, dict):
        if "type" in node:
            yield node
        for value in node.values():
            yield from elements(value)
    elif isinstance(node, list):
        for value in node:
            yield from elements(value)


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in elements(card) if e["type"] in ("Action.Submit", "Action.ShowCard")]


def submit_data(card: dict[str, Any], verb: str) -> list[dict[str, Any]]:
    return [b["data"] for b in buttons(card) if b.get("data", {}).get("verb") == verb]
