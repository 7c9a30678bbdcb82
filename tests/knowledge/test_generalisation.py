"""Questions written for no policy in particular, answered by all four: each document's own
rules must give each answer, with nothing in any YAML written for these sentences.

A cell is (verdict, clause) or (verdict, None) where the clause is not the point; a missing
policy means the document does not speak to the question.
"""

from __future__ import annotations

import pytest

from knowledge import load_policy

from .policy_table import settled

POLICIES = {
    pid: load_policy(pid)
    for pid in ("socitm-template", "mid-kent", "oadby-wigston", "school-model")
}

NA, AWC, A, P, INFO, UNCLEAR = (
    "needs_approval",
    "allowed_with_conditions",
    "allowed",
    "prohibited",
    "information",
    "unclear",
)

TABLE: dict[str, dict[str, tuple[str, str | None]]] = {
    "Can I use ChatGPT to summarise a resident's complaint?": {
        "socitm-template": (P, "10.3"),
        "mid-kent": (P, "7.3"),
        "oadby-wigston": (NA, "5.2"),
        "school-model": (P, "1.5"),
    },
    "Could I get Copilot to tidy up an email to my team?": {
        "socitm-template": (AWC, "4"),
        "mid-kent": (NA, "5.2"),
        "oadby-wigston": (AWC, "4.2"),  # permitted, with the duty to check the output (3.3)
        "school-model": (NA, "1.2"),
    },
    "Is Midjourney alright for designing a poster for the summer fete?": {
        "socitm-template": (NA, "4"),
        "mid-kent": (NA, "5.2"),
        "oadby-wigston": (NA, "5.2"),
        "school-model": (NA, "1.2"),
    },
    "Can AI decide which families get a council house, with nobody checking?": {
        "socitm-template": (P, "7.2"),
        "mid-kent": (P, None),
        "oadby-wigston": (P, "3.2"),
    },
    "Can I paste a spreadsheet with customers' bank details into Claude?": {
        "socitm-template": (P, "10.3"),
        "mid-kent": (P, "7.3"),
        "oadby-wigston": (NA, "5.2"),
        "school-model": (P, "1.5"),
    },
    "Can I use Gemini to come up with ideas for a team away day?": {
        "socitm-template": (AWC, "4"),
        "mid-kent": (NA, "5.2"),
        "oadby-wigston": (NA, "5.2"),
        # a tool the school may provide (its claimed_tool), for a use the reader is sure of:
        # a yes only on the condition that the school does provide or approve it (1.2)
        "school-model": (AWC, "1.2"),
    },
    "Can I use a chatbot to write a racist joke?": {
        "socitm-template": (P, "7.2"),
        "mid-kent": (P, "9.1"),
        "oadby-wigston": (P, "6.2"),
    },
    "Can I use my own ChatGPT Plus subscription for work emails?": {
        "socitm-template": (P, "7.2"),
        "mid-kent": (NA, "5.2"),
        "oadby-wigston": (NA, "5.2"),
        "school-model": (NA, "1.2"),
    },
    "Is it ok to put a child's EHCP into an AI tool?": {
        "socitm-template": (NA, "10.3"),
        "mid-kent": (NA, "7.5"),
        "school-model": (P, "1.5"),
    },
    "how often is this policy looked at again?": {
        "socitm-template": (INFO, "16"),
        "mid-kent": (INFO, "15.1"),
        "oadby-wigston": (INFO, "5.1"),
        "school-model": (INFO, "1.11"),
    },
    "Who do I tell if something goes wrong with AI?": {
        "socitm-template": (INFO, "13"),
        "mid-kent": (INFO, "14.2"),
        "oadby-wigston": (INFO, None),
        "school-model": (INFO, None),
    },
    "Can I get DeepSeek to write a Python script that tidies our asset register?": {
        "socitm-template": (NA, "4"),
        "mid-kent": (NA, "5.2"),
        "oadby-wigston": (NA, "5.2"),
        "school-model": (NA, "1.2"),
    },
    "Can I upload NI number AB123456C to ChatGPT?": {
        "socitm-template": (P, "10.3"),
        "mid-kent": (P, "7.3"),
        "oadby-wigston": (NA, "5.2"),
        "school-model": (P, "1.5"),
    },
    "erm": {pid: (UNCLEAR, None) for pid in POLICIES},
}

CASES = [
    pytest.param(question, pid, verdict, clause, id=f"{pid}: {question[:50]}")
    for question, row in TABLE.items()
    for pid, (verdict, clause) in row.items()
]


@pytest.mark.parametrize(("question", "policy_id", "verdict", "clause"), CASES)
def test_each_policy_answers_from_its_own_document(
    question: str, policy_id: str, verdict: str, clause: str | None
) -> None:
    decision = settled(POLICIES[policy_id], question, verdict)
    assert decision.verdict == verdict, decision.to_json()
    if clause:
        assert clause in [c.id for c in decision.citations], decision.to_json()
