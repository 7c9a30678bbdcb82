"""The welcome, help and error cards: valid, small, and saying what they must."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cards import error_card, help_card, welcome_card
from bot.cards.actions import (
    VERB_ASK,
    VERB_HELP,
    VERB_REPORT_INCIDENT,
    VERB_REQUEST_APPROVAL,
    request_approval_data,
)
from bot.cards.help import COMMANDS, EXAMPLES
from knowledge import bundled_ids, load_policy

from .card_checks import assert_valid_card, elements, run_texts, strings, submit_data

EXAMPLE_BOROUGH = Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml"
POLICIES = [*bundled_ids(), EXAMPLE_BOROUGH]


def all_text(card: dict) -> str:
    return " ".join(text for _, text in strings(card))


def test_the_verbs_are_the_ones_the_bot_handles() -> None:
    assert (VERB_REQUEST_APPROVAL, VERB_REPORT_INCIDENT, VERB_ASK, VERB_HELP) == (
        "request_approval",
        "report_incident",
        "ask",
        "help",
    )


@pytest.mark.parametrize("ref", POLICIES, ids=str)
def test_the_welcome_card_says_what_policybot_is(ref: str | Path) -> None:
    policy = load_policy(ref)
    card = welcome_card(policy)
    assert_valid_card(card)
    runs = run_texts(card)
    assert any("automated assistant, not generative AI" in run for run in runs)
    assert policy.document.title in runs
    assert policy.document.organisation.governance_authority.name in runs
    assert submit_data(card, VERB_REQUEST_APPROVAL) == [request_approval_data()]
    assert submit_data(card, VERB_REPORT_INCIDENT) == [
        {"verb": VERB_REPORT_INCIDENT, "question": None}
    ]
    assert submit_data(card, VERB_HELP) == [{"verb": VERB_HELP}]


def test_the_welcome_card_gives_the_governance_contact_when_there_is_one() -> None:
    with_contact = welcome_card(load_policy(EXAMPLE_BOROUGH))
    assert "ai-board@example.gov.uk" in run_texts(with_contact)
    without = welcome_card(load_policy("socitm-template"))
    assert ": " not in run_texts(without)  # no dangling "name: " when there is no contact


@pytest.mark.parametrize("ref", POLICIES, ids=str)
def test_the_help_card_lists_examples_and_commands(ref: str | Path) -> None:
    policy = load_policy(ref)
    card = help_card(policy)
    assert_valid_card(card)
    asked = [data["text"] for data in submit_data(card, VERB_ASK)]
    assert asked[: len(EXAMPLES)] == list(EXAMPLES)
    if policy.document.faqs:
        assert asked[-1] == policy.document.faqs[0].question
    (facts,) = [e["facts"] for e in elements(card) if e["type"] == "FactSet"]
    commands = [fact["title"] for fact in facts]
    assert commands == [command for command, _ in COMMANDS]
    assert {"help", "request approval", "report an incident", "my requests"} <= set(commands)
    assert policy.document.organisation.governance_authority.name in run_texts(card)


def test_the_examples_get_real_answers_from_every_bundled_policy() -> None:
    from knowledge import decide

    for policy_id in bundled_ids():
        policy = load_policy(policy_id)
        for question in EXAMPLES:
            decision = decide(policy, question)
            if decision.doubt is not None:
                # The safety net may ask once before a yes ("someone's personal details" into
                # Oadby and Wigston's Copilot, which its policy permits): the reply answers.
                decision = decide(policy, decision.choices[0].text, thread=[question])
            assert decision.verdict != "unclear", (policy_id, question)


def test_the_error_card_gives_a_reference_and_reassurance() -> None:
    card = error_card("E-7Q2X9")
    assert_valid_card(card)
    text = all_text(card)
    assert "Something went wrong" in text
    assert "Nothing you typed was lost" in text
    assert "E-7Q2X9" in run_texts(card)


def test_a_long_reference_is_shortened() -> None:
    card = error_card("x" * 5000)
    assert_valid_card(card)
    assert max(len(run) for run in run_texts(card)) <= 64
