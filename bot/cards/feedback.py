"""The answer card's foot: "Was this right?" with Right / Not right (Action.Execute, so the card
thanks the person in place), and "Ask the board".

A vote is private: it is recorded for the board's figures and never shown to other staff. The
buttons carry only the answer's random key; who voted is read from the authenticated activity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cardkit.elements import Element, action_set, container, execute, input_text, text_block
from forms import verbs

ASK_THE_BOARD = "Ask the board"
COMMENT_LIMIT = 1000
Voted = Literal["right", "not_right", "commented"]


@dataclass(frozen=True, slots=True)
class FeedbackView:
    """The answer's key (what its buttons carry), what the person has said of it so far, and
    whether the board can be asked from here (only in a 1:1 chat)."""

    answer_key: str
    voted: Voted | None = None
    can_ask_board: bool = True
    board_in_actions: bool = False  # the card's own actions lead with it (an unclear answer)


def ask_board_button(answer_key: str, *, prominent: bool = False) -> Element:
    """Opens the consent card: nothing is shared until the person presses Send there."""
    return execute(
        ASK_THE_BOARD,
        verbs.ASK_BOARD,
        {"answer": answer_key},
        style="positive" if prominent else None,
    )


def feedback_section(view: FeedbackView) -> Element:
    """The foot of the card for the vote so far: the question, a thank-you, or, after "not
    right", what was wrong (optional) and the board."""
    key = {"answer": view.answer_key}
    if view.voted is None:
        items: list[Element] = [
            text_block("Was this right?", is_subtle=True),
            action_set(
                [
                    execute("Right", verbs.VOTE_RIGHT, key),
                    execute("Not right", verbs.VOTE_NOT_RIGHT, key),
                    *_board(view),
                ],
                spacing="small",
            ),
        ]
    elif view.voted == "right":
        items = [text_block("Thanks: noted.", is_subtle=True)]
    elif view.voted == "not_right":
        items = [
            text_block("Thanks for saying.", weight="bolder"),
            input_text(
                "comment",
                label="What was wrong? (optional)",
                max_length=COMMENT_LIMIT,
                multiline=True,
            ),
            action_set(_after_not_right(view), spacing="small"),
        ]
    else:
        items = [text_block("Thanks: the board will see what you said.", is_subtle=True)]
        if view.can_ask_board:
            items += [
                text_block("If you need an answer you can rely on, ask the board.", spacing="none"),
                action_set([ask_board_button(view.answer_key, prominent=True)], spacing="small"),
            ]
    return container(items, separator=True, spacing="medium")


def _board(view: FeedbackView) -> list[Element]:
    return (
        []
        if view.board_in_actions or not view.can_ask_board
        else [ask_board_button(view.answer_key)]
    )


def _after_not_right(view: FeedbackView) -> list[Element]:
    actions = [execute("Send", verbs.VOTE_COMMENT, {"answer": view.answer_key})]
    if view.can_ask_board:
        actions.append(ask_board_button(view.answer_key, prominent=True))
    return actions
