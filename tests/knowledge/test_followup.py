"""Follow-up questions are answered against the question before them."""

from __future__ import annotations

import pytest

from knowledge import decide, load_policy
from knowledge.followup import MAX_THREAD, is_follow_up, thread_after

POLICY = load_policy("socitm-template")


def converse(*questions: str):
    thread: list[str] = []
    decisions = []
    for question in questions:
        decisions.append(decide(POLICY, question, thread))
        thread = thread_after(thread, question)
    return decisions


def test_a_follow_up_changes_only_what_it_names() -> None:
    first, copilot, address, anonymised = converse(
        "Can I use ChatGPT to draft emails?",
        "what about with Copilot?",
        "and if it includes a resident's address?",
        "what if it's anonymised?",
    )
    assert (first.tool.name, first.purpose.id) == ("ChatGPT", "drafting")
    assert (copilot.tool.name, copilot.purpose.id) == ("Microsoft Copilot", "drafting")
    assert copilot.follow_up_of == ("Can I use ChatGPT to draft emails?",)
    assert address.tool.name == "Microsoft Copilot" and "personal" in address.data
    assert address.verdict == "needs_approval"
    assert anonymised.data == () and anonymised.verdict == "allowed_with_conditions"


def test_a_new_question_starts_a_new_thread() -> None:
    _, fresh = converse("Can I use ChatGPT to draft emails?", "Can I use Midjourney for a poster?")
    assert fresh.follow_up_of == ()
    assert fresh.purpose is None or fresh.purpose.id != "drafting"


def test_without_a_thread_a_follow_up_stands_alone() -> None:
    decision = decide(POLICY, "what about with Copilot?")
    assert decision.follow_up_of == ()
    assert decision.tool.name == "Microsoft Copilot" and decision.purpose is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what about with Copilot?", True),
        ("And if it includes a resident's address?", True),
        ("How about Gemini", True),
        ("ok, what if it's anonymised?", True),
        ("with Claude?", True),
        ("Can I use Claude to write code?", False),
        ("Who owns this policy?", False),
        ("What is a DPIA?", False),
    ],
)
def test_recognises_follow_ups(text: str, expected: bool) -> None:
    assert is_follow_up(text) is expected


def test_thread_is_bounded() -> None:
    thread: list[str] = ["Can I use ChatGPT to draft emails?"]
    for n in range(10):
        thread = thread_after(thread, f"what about with tool {n}?")
    assert len(thread) == MAX_THREAD
