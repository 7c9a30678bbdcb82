"""Checks shared by the per-policy question tables (tests/knowledge/test_policy_*.py)."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge import Decision, Policy, Verdict, decide
from knowledge.engine import DOUBT_CHOICES

YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}


def row(case: object) -> tuple[str, str, str | None]:
    """A row's (question, verdict, clause), whether a plain tuple or a pytest.param."""
    question, verdict, clause = getattr(case, "values", case)  # type: ignore[misc]
    return question, verdict, clause


def settled(policy: Policy, question: str, verdict: str) -> Decision:
    """The engine's answer; or, where the safety net asked its question before a yes
    (knowledge.safety_net), the answer after the reply that leads to the expected yes. One
    such reply must: a doubt costs the person a click, never the right answer. Each of these
    asks is counted in docs/engine-measurements.md, "The safety net". The verdict reader asks
    the same question with the same replies where it doubts a yes the net let through."""
    decision = decide(policy, question)
    asked = decision.doubt is not None or tuple(decision.choices) == DOUBT_CHOICES
    if not asked or verdict not in YES:
        return decision
    for choice in decision.choices:
        after = decide(policy, choice.text, thread=[question])
        if after.verdict == verdict:
            return after
    return decision


def check_answer(policy: Policy, question: str, verdict: str, clause: str | None) -> None:
    decision = settled(policy, question, verdict)
    assert decision.verdict == verdict, decision.to_json()
    if clause is not None:
        assert clause in [c.id for c in decision.citations], decision.to_json()


def check_table(cases: Sequence[object], permission_clauses: Sequence[str], policy: Policy) -> None:
    """The table cannot silently shrink: every clause that grants or forbids something is
    expected by some row, the clauses are the document's own, and the table keeps its size
    and its vague and policy questions."""
    rows = [row(case) for case in cases]
    expected = {clause for _, _, clause in rows}
    missing = [clause for clause in permission_clauses if clause not in expected]
    assert not missing, f"no question in the table expects clauses {missing}"
    assert set(permission_clauses) <= {s.id for s in policy.document.sections}
    assert len(rows) >= 35
    assert sum(1 for _, verdict, _ in rows if verdict == "unclear") >= 2
    assert sum(1 for _, verdict, _ in rows if verdict == "information") >= 2
