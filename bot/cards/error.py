"""The card sent when a turn fails: what happened, a reference to quote, and reassurance."""

from __future__ import annotations

from cardkit.elements import (
    Element,
    adaptive_card,
    container,
    rich_text,
    shorten,
    text_block,
    text_run,
)

from .actions import help_button

MAX_REFERENCE = 64


def error_card(reference: str) -> Element:
    """`reference` is the code the error was logged under, so support can find it."""
    body = [
        container(
            [text_block("Something went wrong", size="large", weight="bolder", heading=True)],
            style="attention",
            bleed=True,
        ),
        text_block(
            "Sorry: policybot could not finish that. Nothing you typed was lost. "
            "Please try again in a moment."
        ),
        rich_text(
            text_run("Reference: "),
            text_run(shorten(reference, MAX_REFERENCE), font_type="monospace", weight="bolder"),
        ),
        text_block(
            "If it keeps happening, give this reference to whoever looks after policybot "
            "for your organisation.",
            is_subtle=True,
        ),
    ]
    return adaptive_card(body, [help_button()])
