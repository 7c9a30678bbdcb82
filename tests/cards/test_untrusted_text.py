"""Text typed by a person or written by a policy's author is shown as written (only in TextRuns,
which Teams does not parse as markdown), and no amount of it pushes a card past 28 KB."""

from __future__ import annotations

import dataclasses
import json

import pytest

from bot.cards import CARD_BUDGET, answer_card, error_card, help_card, welcome_card
from bot.cards.answer import LIMITS
from knowledge import Decision, Policy, Verdict, load_policy
from knowledge.decision import Citation, Duty, PurposeFound, Reason, ToolFound

from .card_checks import assert_valid_card, misplaced, run_texts

MARKER = "evil.example"
MARKDOWN = f"**bold** [link](http://{MARKER}) _x_ <at>x</at>"
NEXT_STEPS = {Verdict.NEEDS_APPROVAL: "request_approval", Verdict.INFORMATION: "report_incident"}


def untrusted_policy(text: str = MARKDOWN) -> Policy:
    """socitm-template with every piece of author text a card could show replaced by `text`."""
    policy = load_policy("socitm-template")
    document = policy.document
    organisation = document.organisation
    authority = organisation.governance_authority.model_copy(update={"name": text, "contact": text})
    sections = [s.model_copy(update={"title": text, "text": text}) for s in document.sections]
    faqs = [faq.model_copy(update={"question": text}) for faq in document.faqs]
    document = document.model_copy(
        update={
            "title": text,
            "version": text,
            "sections": sections,
            "faqs": faqs,
            "organisation": organisation.model_copy(update={"governance_authority": authority}),
        }
    )
    data_classes = {
        key: value.model_copy(update={"label": text}) for key, value in policy.data_classes.items()
    }
    return dataclasses.replace(policy, document=document, data_classes=data_classes)


def untrusted_decision(verdict: Verdict, text: str = MARKDOWN, *, many: int = 1) -> Decision:
    """A decision whose every shown field is `text`, with `many` reasons, duties and clauses."""
    ids = [str(n) for n in range(1, 18)]  # socitm-template numbers its sections 1 to 17
    return Decision(
        policy_id="socitm-template",
        policy_version="2",
        question=text,
        verdict=verdict,
        answer=text,
        tool=ToolFound(text, "approved", text, 100.0, False, None, None),
        purpose=PurposeFound("drafting", text, 1.0),
        data=("personal",),
        reasons=tuple(Reason(f"r{n}", verdict, text, (ids[n % 17],)) for n in range(many)),
        conditions=(text,) * many,
        obligations=tuple(Duty(f"d{n}", text, text, (ids[n % 17],)) for n in range(many)),
        citations=tuple(Citation(ids[n % 17], text) for n in range(many)),
        next_step=NEXT_STEPS.get(verdict),
        instead=text,
    )


@pytest.mark.parametrize("verdict", list(Verdict))
def test_markdown_in_a_question_or_policy_is_only_ever_a_text_run(verdict: Verdict) -> None:
    card = answer_card(untrusted_decision(verdict), untrusted_policy())
    assert_valid_card(card)
    assert misplaced(card, MARKER) == []
    assert MARKDOWN in run_texts(card)  # shown, and shown exactly as typed


@pytest.mark.parametrize("build", [welcome_card, help_card], ids=["welcome", "help"])
def test_policy_text_on_the_welcome_and_help_cards_is_only_ever_a_text_run(build) -> None:
    card = build(untrusted_policy())
    assert_valid_card(card)
    # Example questions from the policy's FAQs are button titles, which are never markdown.
    buttons_ok = [p for p in misplaced(card, MARKER) if p[-1] != "title"]
    assert buttons_ok == []
    assert MARKDOWN in run_texts(card)


def test_a_markdown_reference_on_the_error_card_is_a_text_run() -> None:
    card = error_card(MARKDOWN)
    assert_valid_card(card)
    assert misplaced(card, MARKER) == []


def test_the_check_would_catch_markdown_in_a_text_block() -> None:
    card = answer_card(untrusted_decision(Verdict.ALLOWED), untrusted_policy())
    card["body"].append({"type": "TextBlock", "text": MARKDOWN})
    assert misplaced(card, MARKER) == [("body", len(card["body"]) - 1, "text")]


WORST_TEXTS = {
    "ascii": "word " * 800,  # 4,000 characters
    "accented": "café naïve rôle " * 250,  # 6 bytes for every escaped letter
    "emoji": "🙂" * 4000,  # 12 bytes each when escaped
}


@pytest.mark.parametrize("verdict", list(Verdict))
@pytest.mark.parametrize("kind", list(WORST_TEXTS))
def test_a_worst_case_answer_stays_under_28_kb(verdict: Verdict, kind: str) -> None:
    text = WORST_TEXTS[kind]
    assert len(text) >= 4000
    card = answer_card(untrusted_decision(verdict, text, many=40), untrusted_policy(text))
    assert_valid_card(card)
    assert len(json.dumps(card)) <= CARD_BUDGET
    assert len(json.dumps(card, ensure_ascii=False).encode("utf-8")) <= CARD_BUDGET


def test_an_ordinary_long_question_keeps_its_detail() -> None:
    """Shortening is a last resort: a 900-character question is shown and sent whole."""
    question = "Can I use ChatGPT to draft a reply? " * 25
    decision = dataclasses.replace(untrusted_decision(Verdict.NEEDS_APPROVAL), question=question)
    card = answer_card(decision, load_policy("socitm-template"))
    assert " ".join(question.split()) in run_texts(card)
    assert LIMITS[0].question >= 900


def test_a_4000_character_question_is_shortened_with_an_ellipsis() -> None:
    question = "Can I use ChatGPT for this? " * 143
    decision = dataclasses.replace(untrusted_decision(Verdict.NEEDS_APPROVAL), question=question)
    card = answer_card(decision, load_policy("socitm-template"))
    shown = [run for run in run_texts(card) if run.startswith("Can I use ChatGPT for this?")]
    assert shown and all(run.endswith("…") and len(run) <= LIMITS[0].question for run in shown)
