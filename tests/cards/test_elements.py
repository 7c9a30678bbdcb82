"""The builders' small helpers: shortening text and measuring a card."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cardkit.elements import card_size, input_date, shorten, text_block, text_run


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


def _collapse_then_cut(text: str, limit: int) -> str:
    """What shorten means, written the slow obvious way (shorten skips the work when the
    text is already single-spaced and short enough)."""
    text = " ".join(text.split())
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 0)]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:") + "…"


# Printable text and plain spaces (the fast path), or that mixed with every kind of whitespace
# str.split knows and one it does not (the zero-width space).
_PRINTABLE = [*"ab,;:é🤖", " ", " "]
_WHITESPACE = [*"\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2003\u2028\u200b"]
_TEXT = st.one_of(
    st.text(st.sampled_from(_PRINTABLE), max_size=30),
    st.text(st.sampled_from(_PRINTABLE + _WHITESPACE), max_size=30),
)


@given(_TEXT, st.integers(-1, 32))
def test_shorten_is_collapse_then_cut(text: str, limit: int) -> None:
    assert shorten(text, limit) == _collapse_then_cut(text, limit)


def test_card_size_counts_escaped_bytes() -> None:
    assert card_size({"t": "é"}) == len('{"t": "\\u00e9"}')


def test_builders_leave_out_unset_properties() -> None:
    assert text_run("x") == {"type": "TextRun", "text": "x"}
    assert input_date("d", label="When") == {"type": "Input.Date", "id": "d", "label": "When"}
    assert text_block("x", heading=True) == {
        "type": "TextBlock",
        "text": "x",
        "wrap": True,
        "style": "heading",
    }
