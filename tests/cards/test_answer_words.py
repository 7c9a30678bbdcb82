"""The words of the answer card (issue 14.5): an answer the board's approval allows says so,
in the register's terms, and never calls the tool "not listed"; no card shows an engine id."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.cards import answer_card
from bot.cards.answer import DETAILS_ID
from knowledge import Decision, Register, RegisterEntry, Verdict, bundled_ids, decide, load_policy
from tests.knowledge.test_words import sample_questions

from .card_checks import assert_valid_card, is_action_data, run_texts, strings

POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
DECIDED = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
QUESTION = "Can I use Midjourney to make posters for the library?"
_SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


def approval(
    purpose: str = "make posters for library events", decision: str = "approved"
) -> RegisterEntry:
    conditions = "Credit the image as AI-generated" if decision != "approved" else None
    return RegisterEntry("AR-0001", "Midjourney", purpose, "none", decision, conditions, DECIDED)


def ask(policy_id: str, question: str, *entries: RegisterEntry) -> tuple[Decision, Any]:
    policy = POLICIES[policy_id]
    decision = decide(policy, question, register=Register.build(policy, entries))
    return decision, answer_card(decision, policy)


def first_view(card: dict[str, Any]) -> list[str]:
    """The texts seen before Details is opened."""
    shown = [e for e in card["body"] if e.get("id") != DETAILS_ID]
    return run_texts({"body": shown})


def read_as(card: dict[str, Any]) -> str:
    texts = run_texts(card)
    return texts[texts.index("Tool: ") + 1]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_answer_the_board_allowed_gives_the_boards_approval_as_its_reason(
    policy_id: str,
) -> None:
    decision, card = ask(policy_id, QUESTION, approval())
    assert decision.verdict in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)
    assert_valid_card(card)
    seen = " ".join(first_view(card))
    assert "Approved by the board in AR-0001 to make posters for library events" in seen
    assert "26 Nov 2026" in seen
    assert "for make" not in " ".join(run_texts(card))
    assert read_as(card) == "Midjourney (approved by the board in AR-0001)"
    assert "not listed" not in " ".join(run_texts(card))


def test_a_purpose_said_as_a_noun_reads_for_it() -> None:
    decision, card = ask(
        "socitm-template",
        "Can I use Midjourney for posters?",
        approval("posters", "approved_with_conditions"),
    )
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert "Approved by the board in AR-0001 for posters" in " ".join(first_view(card))


def test_a_tool_the_register_does_not_cover_for_this_use_is_still_not_listed() -> None:
    decision, card = ask(
        "socitm-template", "Can I use Midjourney to transcribe a meeting?", approval()
    )
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert read_as(card) == "Midjourney (not listed in the policy)"
    assert "Approved by the board" not in " ".join(run_texts(card))


def test_without_a_register_an_unlisted_tool_is_not_listed() -> None:
    _, card = ask("socitm-template", QUESTION)
    assert read_as(card) == "Midjourney (not listed in the policy)"


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_no_card_text_holds_an_engine_id(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    found = set()
    for question in sample_questions(policy):
        card = answer_card(decide(policy, question), policy)
        for path, text in strings(card):
            if path[-1] in ("text", "title") and not is_action_data(card, path):
                found |= {(question, m) for m in _SNAKE.findall(text)}
    assert found == set()
