"""The vendored schema is Adaptive Card 1.5 and the validator built from it rejects bad cards,
so a passing card test means something."""

from __future__ import annotations

import json

import pytest

from .card_checks import SCHEMA_PATH, TEAMS_LIMIT, assert_valid_card, schema_errors

GOOD = {
    "type": "AdaptiveCard",
    "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
    "version": "1.5",
    "body": [{"type": "TextBlock", "text": "Hello", "style": "heading"}],
}


def test_the_schema_is_adaptive_cards_1_5() -> None:
    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-06/schema#"
    definitions = schema["definitions"]
    assert {"Action.Execute", "Table", "TableCell", "RichTextBlock", "TextRun"} <= set(definitions)
    assert definitions["Table"]["version"] == "1.5"  # Table is new in 1.5


def test_a_minimal_card_is_valid() -> None:
    assert_valid_card(GOOD)


@pytest.mark.parametrize(
    "bad",
    [
        {**GOOD, "body": [{"type": "TextBlock"}]},  # TextBlock without text
        {**GOOD, "body": [{"type": "Marquee", "text": "hi"}]},  # no such element
        {**GOOD, "body": [{"type": "Container", "items": [], "style": "purple"}]},
        {**GOOD, "body": [{"type": "RichTextBlock", "inlines": [{"type": "TextRun"}]}]},
        {**GOOD, "actions": [{"type": "Action.Submit", "title": "Go", "data": 3}]},
        {**GOOD, "actions": [{"type": "Action.ShowCard", "title": "More", "card": {"body": 1}}]},
        {**GOOD, "colour": "red"},  # unknown card property
    ],
)
def test_the_validator_rejects_invalid_cards(bad: dict) -> None:
    assert schema_errors(bad)


def test_the_size_check_rejects_a_card_over_28_kb() -> None:
    big = {**GOOD, "body": [{"type": "TextBlock", "text": "x" * TEAMS_LIMIT}]}
    with pytest.raises(AssertionError, match="bytes"):
        assert_valid_card(big)
