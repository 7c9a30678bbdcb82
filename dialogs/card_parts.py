"""Pieces both dialogs' cards are made of: labelled rows of person-typed text, and fitting a
card under Teams' size limit by cutting long answers a step at a time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cardkit.elements import Element, card_size, rich_text, shorten, text_run

CARD_BUDGET = 24 * 1024  # Teams refuses about 28 KB; the rest of the activity needs some


@dataclass(frozen=True, slots=True)
class Row:
    """A labelled value: the label is fixed wording, the value typed by a person."""

    label: str
    value: str
    note: str = ""


def fitted(build: Callable[[int | None], Element], limits: Sequence[int | None]) -> Element:
    """The first of build(limit) for limit in `limits` that fits CARD_BUDGET (the last one
    whatever its size: the limits end small enough for any card these dialogs build)."""
    for limit in limits:
        card = build(limit)
        if card_size(card) <= CARD_BUDGET:
            break
    return card


def cut(text: str, limit: int | None) -> str:
    return shorten(text, limit) if limit else text


def row_block(row: Row, limit: int | None) -> Element:
    runs = [text_run(f"{row.label}: ", weight="bolder"), text_run(cut(row.value, limit))]
    if row.note:
        runs.append(text_run(f"  ({row.note})", is_subtle=True))
    return rich_text(*runs, spacing="small")
