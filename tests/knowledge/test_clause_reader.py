"""The clause reader (knowledge.clause_reader, knowledge.engine `_information`): a question about
the policy is answered from the clause its tables' writers would have cited, where the reader is
sure of it; it changes which of the document's clauses answers, never the verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

import knowledge.engine as engine
from knowledge import Verdict, decide, load_policy
from knowledge.clause_reader import clause_reader
from knowledge.loader import bundled_ids, bundled_tables
from knowledge.question_table import load_table

from .patched import decided_with, no_reader

POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml"

# Questions of our own about each document, where the words the question shares with a clause
# lead elsewhere: the first clause is the one the engine alone quotes, the second the document's.
ABOUT = [
    ("socitm-template", "does the policy say anything about AI and the environment?", "9.1", "8.5"),
    (
        "school-model",
        "what will the school do if a pupil hands in homework written by AI?",
        "1.10",
        "AI misuse",
    ),
]


@pytest.mark.parametrize(("policy_id", "question", "alone", "read"), ABOUT)
def test_a_question_about_the_policy_is_answered_from_the_clause_it_is_about(
    policy_id: str, question: str, alone: str, read: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = POLICIES[policy_id]
    before = decided_with(monkeypatch, policy, question, clause_reader=no_reader)
    assert before.verdict == Verdict.INFORMATION
    assert alone in {c.id for c in before.citations}
    decision = decide(policy, question)
    assert decision.verdict == Verdict.INFORMATION
    assert [c.id for c in decision.citations] == [read]
    section = policy.sections[read]
    assert section.text is not None and section.text[:40] in decision.answer  # its own words


def test_it_changes_which_clause_answers_never_the_verdict(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for policy_id, policy in sorted(POLICIES.items()):
        table = load_table(bundled_tables(policy_id)[0], policy.sections)
        questions = [q.text for q in table.questions if Verdict.INFORMATION in q.verdicts]
        with monkeypatch.context() as patched:
            patched.setattr(engine, "clause_reader", lambda _id: None)
            alone = [decide(policy, q) for q in questions]
        read = [decide(policy, q) for q in questions]
        assert [d.verdict for d in read] == [d.verdict for d in alone]
        changed = [d for d, a in zip(read, alone, strict=True) if d.citations != a.citations]
        assert all(d.verdict == Verdict.INFORMATION for d in changed)
        assert all(len(d.citations) >= 1 for d in changed)


def test_an_adopters_own_policy_has_no_clause_reader() -> None:
    policy = load_policy(EXAMPLE)
    assert clause_reader(policy.id) is None
    assert all(clause_reader(policy_id) is not None for policy_id in POLICIES)
    decision = decide(policy, "does the policy say anything about AI and the environment?")
    assert decision.verdict == Verdict.INFORMATION


def test_a_clause_it_is_unsure_of_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    policy = POLICIES["socitm-template"]
    question = "does the policy say anything about AI and the environment?"
    monkeypatch.setattr(engine, "CLAUSE_SURE", 1.01)
    assert "8.5" not in {c.id for c in decide(policy, question).citations}
