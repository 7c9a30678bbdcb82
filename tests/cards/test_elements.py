"""The builders' small helpers: shortening text and measuring a card."""

from __future__ import annotations

import pytest

from bot.cards.elements import card_size, shorten, text_block, text_run


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short enough", 20, "short enough"),
        ("  spaces \n and\tbreaks  ", 40, "spaces and breaks"),
        ("the quick brown fox jumps", 15, "the quick…"),
        ("supercalifragilistic", 10, "supercali…"),  # no space late enough: cut mid-word
        ("anything", 0, ""),
    ],
)
def test_shorten(text: str, limit: int, expected: str) -> None:
    assert shorten(text, limit) == expected
    assert len(shorten(text, limit)) <= max(limit, 0)


def test_card_size_counts_escaped_bytes() -> None:
    assert card_size({"t": "é"}) == len('{"t": "\\u00e9"}')


def test_builders_leave_out_unset_properties() -> None:
    assert text_run("x") == {"type": "TextRun", "text": "x"}
    assert text_block("x", heading=True) == {
        "type": "TextBlock",
        "text": "x",
        "wrap": True,
        "style": "heading",
    }
