"""The refusal readers (knowledge.clause_reader, `refusal_reader`) and the engine's use of them
(knowledge.engine, `_cited_refusal`): where the verdict reader is sure the policy forbids a use
the engine would send for approval or ask about, the clause the policy's writers cite for such
a use, and the policy's own rule under it, judge the use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.cards import answer_card
from bot.knowledge_cli import render_text
from knowledge import Verdict, decide, engine, load_policy
from knowledge.clause_reader import REFUSALS, ClauseReading, refusal_reader, refusal_rows
from knowledge.loader import bundled_ids
from knowledge.safety_net import SEALED_SPLITS, open_questions
from tests.cards.card_checks import assert_valid_card, run_texts

from .patched import decided_with

POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}

# Questions from the open tables whose writers expected a refusal, which the engine alone sent
# for approval or asked about: (policy, question, the rule that now refuses, a clause cited).
READ_AS_REFUSED = [
    (
        "mid-kent",
        "using my personal claude account to draft the procurement evaluation, quicker than "
        "copilot",
        "personal-device",
        "5.2",
    ),
    (
        "oadby-wigston",
        "copilot wrote the heatwave press release and comms want it out in 10 mins, ok to skip "
        "reading it just this once",
        "unchecked-output",
        "3.3",
    ),
    (
        "oadby-wigston",
        "housing register: copilot reads the medical forms and sets the banding, officer then "
        "just clicks approve",
        "decision-left-to-ai",
        "3.3",
    ),
    (
        "socitm-template",
        "I'm not going to check the AI Somali translation because I don't speak Somali anyway, "
        "so it's fine to send to the families right?",
        "no-human-validation",
        "7.2",
    ),
    (
        "mid-kent",
        "annual report needs a case study about a family we helped off the streets - can AI "
        "write one with invented details to make it more moving, presented as real",
        "political-bias-or-fabrication",
        "9.4",
    ),
]


# ... and whose yes the safety net doubted and asked about: there, as over a "needs approval",
# a rule the risk reader finds at all likely judges (until the twentieth session it had to find
# the rule's risk three times as likely, and these were asked back)
READ_AS_REFUSED_OVER_DOUBT = [
    (
        "oadby-wigston",
        "MARAC prep - can copilot read the case notes and set the risk level for each case so "
        "the chair doesnt have to",
        "decision-left-to-ai",
        "3.2",
    ),
    (
        "school-model",
        "Can I upload all our past Year 6 SATs writing so the AI learns what greater depth looks "
        "like at our school?",
        "copyright",
        "1.6",
    ),
]
READ_AS_REFUSED += READ_AS_REFUSED_OVER_DOUBT


@pytest.mark.parametrize(("policy_id", "question", "rule", "clause"), READ_AS_REFUSED_OVER_DOUBT)
def test_a_doubted_yes_is_refused_at_the_same_bar_as_a_not_yet(
    monkeypatch: pytest.MonkeyPatch, policy_id: str, question: str, rule: str, clause: str
) -> None:
    policy = POLICIES[policy_id]
    with monkeypatch.context() as patched:
        patched.setattr(engine, "verdict_reader", lambda _policy_id: None)
        alone = decide(policy, question)
    assert alone.verdict == Verdict.UNCLEAR and alone.doubt is not None  # a yes, doubted
    assert decided_with(monkeypatch, policy, question, RULE_LIKELY=0.3).verdict == Verdict.UNCLEAR
    decision = decide(policy, question)
    assert decision.verdict == Verdict.PROHIBITED and rule in decision.rule_ids
    assert clause in {c.id for c in decision.citations}


def test_a_doubted_yes_for_one_of_the_policys_own_examples_needs_more_to_refuse() -> None:
    # the school's own example of customising materials (1.7): the risk reader finds copyright
    # at 0.27, below the bar over an example, so it is not refused (the safety net's question
    # stands)
    question = "Can I get AI to rewrite a reading passage so it suits weaker readers?"
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict != Verdict.PROHIBITED, decision.to_json()
    assert decision.doubt is not None


@pytest.fixture
def without_refusal_readers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(engine, "refusal_reader", lambda _policy_id: None)
    yield


@pytest.mark.parametrize(("policy_id", "question", "rule", "clause"), READ_AS_REFUSED)
def test_a_use_the_reader_is_sure_is_forbidden_is_refused_by_the_rule_under_its_clause(
    policy_id: str, question: str, rule: str, clause: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == Verdict.PROHIBITED
    assert rule in decision.rule_ids
    assert clause in {c.id for c in decision.citations}
    # the answer says what it was read as, and from which of the question's words
    assert decision.answer.startswith("Read as what ")
    assert decision.opinion is not None and decision.opinion.verdict == Verdict.PROHIBITED.value


def test_the_answer_says_which_clause_it_was_read_under_in_its_json_and_card() -> None:
    policy_id, question, _, clause = READ_AS_REFUSED[1]
    policy = POLICIES[policy_id]
    decision = decide(policy, question)
    read = decision.to_json()["read_under"]
    assert read["clause"] == clause and read["words"] and 0 < read["probability"] <= 1
    card = answer_card(decision, policy)
    assert_valid_card(card)
    texts = run_texts(card)
    under = texts[texts.index("Refused under: ") + 1]
    assert under.startswith(f"{clause} ({policy.sections[clause].title}) (read from the words")
    said = render_text(decision, policy)
    assert f"refused under clause {clause} (a statistical reading)" in said


@pytest.mark.parametrize(("policy_id", "question", "rule", "clause"), READ_AS_REFUSED)
def test_without_the_refusal_reader_the_same_use_is_not_refused(
    without_refusal_readers: None, policy_id: str, question: str, rule: str, clause: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict in (Verdict.NEEDS_APPROVAL, Verdict.UNCLEAR)


class _ReadsClause:
    """A refusal reader that reads the clause it is given, whatever the question."""

    def __init__(self, clause: str) -> None:
        self.clause = clause

    def read_clause(self, text: str, threshold: float = 0.0) -> ClauseReading:
        return ClauseReading(self.clause, 0.99, ("stub",))


def test_a_clause_whose_prohibition_turns_on_the_tool_refuses_nothing_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Mid-Kent's 7.3 forbids personal data in a public tool: the Council's Copilot is not one,
    # so a model's reading of the clause cannot make that use a refusal
    question = "can copilot summarise last year's budget consultation responses? some have names"
    policy = POLICIES["mid-kent"]
    before = decide(policy, question)
    monkeypatch.setattr(engine, "refusal_reader", lambda _policy_id: _ReadsClause("7.3"))
    after = decide(policy, question)
    assert "personal-or-confidential-into-public-tool" not in after.rule_ids
    assert after.verdict == before.verdict


def test_what_the_person_says_of_a_persons_part_is_believed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the clause read is the one about decisions left to AI; the person says an officer decides
    question = (
        "AI for standard paragraphs in our blue badge replies - an officer reads each "
        "application and decides the outcome"
    )
    monkeypatch.setattr(engine, "refusal_reader", lambda _policy_id: _ReadsClause("7.2"))
    decision = decide(POLICIES["socitm-template"], question)
    assert decision.verdict != Verdict.PROHIBITED


def test_no_refusal_where_the_verdict_reader_is_not_sure(monkeypatch: pytest.MonkeyPatch) -> None:
    question = READ_AS_REFUSED[1][1]
    monkeypatch.setattr(engine, "REFUSAL_SURE", 1.01)
    decision = decide(POLICIES["oadby-wigston"], question)
    assert decision.verdict != Verdict.PROHIBITED or not decision.answer.startswith("Read as what")


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_refusal_readers_learn_only_refusals_from_open_splits(policy_id: str) -> None:
    rows = refusal_rows(policy_id)
    assert rows and not {split for _, split, _, _ in rows} & SEALED_SPLITS
    refused = {
        q.text: {v.value for v in q.verdicts}
        for _, _, q in open_questions(policy_id)
        if "prohibited" in {v.value for v in q.verdicts}
    }
    for _, _, text, clause in rows:
        assert refused[text] <= REFUSALS
        assert clause in POLICIES[policy_id].sections
    reader = refusal_reader(policy_id)
    assert reader is not None
    assert set(reader.kinds) == {clause for *_, clause in rows}
