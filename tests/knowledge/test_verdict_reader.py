"""The verdict reader's second opinion (knowledge.verdict_reader, knowledge.engine
`_second_opinion`): where it is sure the policy's writers expected another verdict, the engine
looks again; it never makes a yes, never overrules the board, and a policy without tables of its
own is answered by the engine alone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

import knowledge.engine as engine
from knowledge import Register, RegisterEntry, Verdict, decide, load_policy
from knowledge.loader import bundled_ids, bundled_tables
from knowledge.question_table import load_table
from knowledge.verdict_reader import Opinion, verdict_reader

YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}
POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml"


@pytest.fixture
def engine_alone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(engine, "OPINION_SURE", 2.0)  # never sure enough: no second opinion
    yield


def _tuning_questions(policy_id: str, step: int = 7) -> list[str]:
    policy = POLICIES[policy_id]
    table = load_table(bundled_tables(policy_id)[0], policy.sections)
    return [q.text for q in table.questions[::step]]


class _Always:
    """A stand-in reader with one opinion, however sure: what the engine does with each."""

    def __init__(self, verdict: Verdict) -> None:
        self.verdict = verdict

    def opinion(self, text: str, threshold: float = 0.5) -> Opinion:
        return Opinion(self.verdict.value, 0.99, ("words",))


@pytest.mark.parametrize("verdict", list(Verdict))
def test_whatever_it_says_it_never_turns_an_answer_into_a_yes(
    verdict: Verdict, monkeypatch: pytest.MonkeyPatch
) -> None:
    for policy_id in sorted(POLICIES):
        policy = POLICIES[policy_id]
        questions = _tuning_questions(policy_id)
        with monkeypatch.context() as patched:
            patched.setattr(engine, "OPINION_SURE", 2.0)
            alone = [decide(policy, q) for q in questions]
        with monkeypatch.context() as patched:
            patched.setattr(engine, "verdict_reader", lambda _id: _Always(verdict))
            second = [decide(policy, q) for q in questions]
        for question, before, after in zip(questions, alone, second, strict=True):
            if after.verdict in YES:
                assert before.verdict in YES, question
                assert after.opinion is None, question
            if verdict in YES or verdict == before.verdict:
                assert after == before, question  # an opinion the same as the engine's, or a yes


def test_every_bundled_policy_has_a_reader_and_an_adopters_own_policy_none() -> None:
    assert all(verdict_reader(policy_id) is not None for policy_id in POLICIES)
    policy = load_policy(EXAMPLE)
    assert verdict_reader(policy.id) is None
    decision = decide(policy, "Can I use ChatGPT to make up five reviews for our leisure centre?")
    assert decision.opinion is None


def test_the_boards_approval_is_not_second_guessed() -> None:
    """An approval the board entered for a use is its judgement: the reader does not look again
    at what it decided, even when it would have."""
    policy = POLICIES["socitm-template"]
    decided = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
    entry = RegisterEntry(
        "AR-0001", "Midjourney", "posters for library events", "none", "approved", None, decided
    )
    register = Register.build(policy, [entry])
    decision = decide(policy, "Midjourney for the library's summer reading posters?", (), register)
    assert decision.register is not None
    assert decision.opinion is None


# Questions of our own, each worded after a kind the engine alone answered wrongly on months it
# had not seen (docs/engine-measurements.md, fifteenth session): the engine alone gives the
# first verdict, the second opinion the policy's no, for the risk the verdict implies.
LOOKED_AGAIN = [
    (
        "oadby-wigston",
        "could copilot publish posts on the council instagram each morning about bin collection "
        "changes pulled from the waste list automatically",
        Verdict.UNCLEAR,
        "no_human_review",
    ),
    (
        "school-model",
        "can i switch on the zoom AI companion at online parents evenings so it makes notes on "
        "each conversation for me",
        Verdict.NEEDS_APPROVAL,
        "personal_data",
    ),
]


@pytest.mark.parametrize(("policy_id", "question", "alone", "kind"), LOOKED_AGAIN)
def test_a_verdict_the_writers_would_not_have_expected_is_looked_at_again(
    policy_id: str, question: str, alone: Verdict, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = POLICIES[policy_id]
    with monkeypatch.context() as patched:
        patched.setattr(engine, "OPINION_SURE", 2.0)
        assert decide(policy, question).verdict == alone
    decision = decide(policy, question)
    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
    assert decision.opinion is not None and decision.opinion.verdict == "prohibited"
    assert decision.read_as is not None and decision.read_as.kind == kind
    assert decision.answer.startswith(f"Read as {decision.read_as.label} (from the words")
    assert "aitool" not in decision.answer  # the models' mark for a tool is never shown
    shown = decision.to_json()["second_opinion"]
    assert shown["verdict"] == "prohibited" and shown["probability"] >= engine.OPINION_SURE
    assert decision.citations  # the policy's own clause for that risk


def test_an_opinion_that_the_policy_was_asked_about_answers_only_a_question_asked_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Over the engine's question back, the policy's answer; never over a refusal or a "needs
    approval", whose answers are what was asked for ("does the policy allow that?") or name
    the route (on held-out months and our own questions switching there lost what it won)."""
    policy = POLICIES["school-model"]
    vague = (
        "the governors asked about the trust analytics platform dashboard and the new "
        "assessment tracker for next term"
    )
    told = (
        "a year 8 showed me an AI fake picture of a teaching assistant being shared in a class "
        "group chat"
    )
    route = (
        "the supplier of our AI reading app just told us they'll train on pupils' uploads "
        "unless we opt out"
    )
    with monkeypatch.context() as patched:
        patched.setattr(engine, "OPINION_SURE", 2.0)
        assert decide(policy, vague).verdict == Verdict.UNCLEAR
        assert decide(policy, told).verdict == Verdict.PROHIBITED
        assert decide(policy, route).verdict == Verdict.NEEDS_APPROVAL
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: _Always(Verdict.INFORMATION))
    decision = decide(policy, vague)
    assert decision.verdict == Verdict.INFORMATION, decision.to_json()
    assert decision.opinion is not None and decision.opinion.verdict == "information"
    assert decide(policy, told).verdict == Verdict.PROHIBITED
    assert decide(policy, route).verdict == Verdict.NEEDS_APPROVAL


RUBBER_STAMPS = [
    (
        "mid-kent",
        "the housing benefit AI flagged a tenant as likely fraud and my team leader says just "
        "stop the payment, the AI is normally right",
    ),
    (
        "socitm-template",
        "copilot flagged 25 business rates accounts as probably fraudulent, i'm going to send the "
        "standard penalty notice to all of them this afternoon",
    ),
]


@pytest.mark.parametrize(("policy_id", "question"), RUBBER_STAMPS)
def test_a_person_said_to_act_on_what_the_ai_decided_is_read_as_the_ais_decision(
    policy_id: str, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "just stop the payment, the AI is normally right": a person acts, but on the AI's
    decision. Read so only where the verdict reader is surest; below that, what the person says
    of who decides is heard, as the engine hears it."""
    policy = POLICIES[policy_id]
    with monkeypatch.context() as patched:
        patched.setattr(engine, "OPINION_SURE", 2.0)
        assert decide(policy, question).verdict == Verdict.NEEDS_APPROVAL
    with monkeypatch.context() as patched:
        patched.setattr(engine, "OPINION_OVERRULES", 2.0)
        assert decide(policy, question).verdict == Verdict.NEEDS_APPROVAL
    decision = decide(policy, question)
    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
    assert decision.read_as is not None and decision.read_as.kind == "decision_about_people"
    assert decision.opinion is not None and decision.opinion.probability >= engine.OPINION_OVERRULES
