"""The answer card for a question a board ruling answered: the ruling leads the first view, and
its citation reads "Board ruling BQ-0001, 3 Dec 2026"."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from bot.cards import answer_card
from bot.cards.actions import REQUEST_APPROVAL
from bot.cards.answer import DETAILS_ID
from knowledge import Decision, Register, Verdict, decide, load_policy
from knowledge.register import BoardRuling

from .card_checks import assert_valid_card, run_texts

SOCITM = load_policy("socitm-template")
MID_KENT = load_policy("mid-kent")
DECIDED = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
REFERENCE = "Can I use Copilot to write a reference for a colleague?"
LABEL = "Board ruling BQ-0001, 3 Dec 2026"


def ruling(
    verdict: Verdict = Verdict.ALLOWED_WITH_CONDITIONS,
    text: str = "Yes: Copilot may draft it. You write and sign the final reference.",
) -> BoardRuling:
    conditions = ("Check every statement",) if verdict == Verdict.ALLOWED_WITH_CONDITIONS else ()
    return BoardRuling(
        "BQ-0001", "Copilot", REFERENCE, "personal", verdict, text, conditions, ("8.3",), DECIDED
    )


def ask(
    board: BoardRuling, policy: Any = SOCITM, question: str = REFERENCE
) -> tuple[Decision, dict[str, Any]]:
    decision = decide(policy, question, register=Register.build(policy, [], [board]))
    card = answer_card(decision, policy)
    assert_valid_card(card)
    return decision, card


def first_view(card: dict[str, Any]) -> list[str]:
    return run_texts({"body": [e for e in card["body"] if e.get("id") != DETAILS_ID]})


def test_the_ruling_leads_the_first_view_of_a_yes() -> None:
    decision, card = ask(ruling())
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    seen = first_view(card)
    assert seen[0] == "The board ruled on this in BQ-0001 (3 Dec 2026): Yes: Copilot may draft it."
    assert seen[1] == "  (8.3, BQ-0001)"
    assert "•  Check every statement." in seen
    texts = run_texts(card)
    assert "You write and sign the final reference." in texts  # the rest, under Details
    assert f"•  {LABEL}" in texts  # not "BQ-0001 Board ruling BQ-0001, ..."
    assert "•  8.3 Human oversight" in texts


def test_a_ruling_that_needs_approval_leads_and_offers_the_request() -> None:
    decision, card = ask(ruling(Verdict.NEEDS_APPROVAL, "Ask first: references go through HR."))
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert first_view(card)[0].startswith("The board ruled on this in BQ-0001 (3 Dec 2026): Ask")
    assert REQUEST_APPROVAL in [action.get("title") for action in card["actions"]]


def test_under_the_policys_prohibition_the_policy_leads_and_the_ruling_is_cited() -> None:
    # ChatGPT, a public tool, which Mid-Kent's 7.3 refuses personal data whatever the board
    # says (its Copilot may be the Council's own, and needs a DPIA the board can judge)
    question = REFERENCE.replace("Copilot", "ChatGPT")
    board = replace(ruling(), tool="ChatGPT", purpose=question)
    decision, card = ask(board, policy=MID_KENT, question=question)
    assert decision.verdict == Verdict.PROHIBITED
    assert not first_view(card)[0].startswith("The board ruled")
    texts = " ".join(run_texts(card))
    assert "but a ruling does not lift the policy's prohibition." in texts
    assert "Copilot may draft it" not in texts  # the board's yes is not told under a no
    assert LABEL in texts
