"""render_text: any card as terminal text, with its buttons numbered and returned."""

from __future__ import annotations

import pytest

from bot.cards import Action, answer_card, error_card, help_card, render_text, welcome_card
from bot.cards.answer import DETAILS, SHOW_CLAUSES
from bot.cards.verdicts import LOOKS
from knowledge import decide, load_policy

from .card_checks import assert_valid_card, buttons

POLICY = load_policy("socitm-template")
QUESTIONS = [
    "Can I use AI to come up with ideas for a staff wellbeing week?",
    "Can I use chatgtp to draft a reply about changes to bin collection days?",
    "Can I use Copilot to summarise a resident's complaint?",
    "Can I use ChatGPT to summarise a resident's complaint?",
    "Can I use AI to make decisions about who gets housing benefit?",
    "Who owns the GenAI policy?",
    "banana",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_an_answer_reads_as_text_with_numbered_buttons(question: str) -> None:
    decision = decide(POLICY, question)
    card = answer_card(decision, POLICY)
    text, actions = render_text(card)
    assert LOOKS[decision.verdict].label.upper() in text
    expected = [b["title"] for b in buttons(card)] + [DETAILS]
    assert sorted(a.title for a in actions) == sorted(expected)
    for number, action in enumerate(actions, start=1):
        assert f"[{number}] {action.title}" in text.splitlines()
    (details,) = [a for a in actions if a.title == DETAILS]
    assert details.data is None and details.card is not None
    more, _ = render_text(details.card)
    assert question in more  # what was asked is under Details, with the reasons in full


def test_the_clause_text_opens_from_under_details() -> None:
    card = answer_card(decide(POLICY, QUESTIONS[2]), POLICY)
    _, actions = render_text(card)
    (details,) = [a for a in actions if a.title == DETAILS]
    _, inside = render_text(details.card)
    (show,) = [a for a in inside if a.title == SHOW_CLAUSES]
    assert show.data is None and show.card is not None
    clauses, more = render_text(show.card)
    assert clauses.startswith("7.2  Users must not:")
    assert more == []


def test_the_request_approval_button_returns_its_data() -> None:
    card = answer_card(decide(POLICY, QUESTIONS[2]), POLICY)
    _, actions = render_text(card)
    assert actions[0].title == "Request approval"
    assert actions[0].data is not None and actions[0].data["verb"] == "request_approval"


@pytest.mark.parametrize("card", [welcome_card(POLICY), help_card(POLICY), error_card("R-1")])
def test_the_other_cards_read_as_text(card: dict) -> None:
    text, actions = render_text(card)
    assert text and actions
    assert text.count("\n[") + text.startswith("[") == len(actions)


def test_the_walk_is_generic() -> None:
    card = {
        "type": "AdaptiveCard",
        "version": "1.5",
        "body": [
            {
                "type": "ColumnSet",
                "columns": [
                    {"type": "Column", "items": [{"type": "TextBlock", "text": "left"}]},
                    {"type": "Column", "items": [{"type": "TextBlock", "text": "right"}]},
                ],
            },
            {"type": "TextBlock", "text": "hidden", "isVisible": False},
            {
                "type": "FactSet",
                "facts": [{"title": "a", "value": "1"}, {"title": "bbb", "value": "2"}],
            },
            {"type": "RichTextBlock", "inlines": ["plain ", {"type": "TextRun", "text": "run"}]},
            {"type": "Image", "url": "https://example.org/x.png", "altText": "a chart"},
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.Execute",
                        "title": "Go",
                        "verb": "ask",
                        "data": {"text": "hi"},
                    },
                    {"type": "Action.OpenUrl", "title": "Docs", "url": "https://example.org"},
                ],
            },
        ],
        "actions": [
            {
                "type": "Action.ShowCard",
                "title": "More",
                "card": {"type": "AdaptiveCard", "body": []},
            }
        ],
    }
    assert_valid_card(card)
    text, actions = render_text(card)
    assert text.splitlines() == [
        "left",
        "right",
        "  a    1",
        "  bbb  2",
        "plain run",
        "[image: a chart]",
        "[1] Go",
        "Docs: https://example.org",
        "",
        "[2] More",
    ]
    assert actions == [
        Action("Go", data={"text": "hi", "verb": "ask"}),
        Action("More", card={"type": "AdaptiveCard", "body": []}),
    ]
