"""The information reader (knowledge.risk_reader.information_reader): whether a question asks
about the policy, and what the engine does with it where it would otherwise ask back or say no."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import knowledge.engine as engine
from knowledge import Verdict, decide, load_policy
from knowledge.loader import bundled_ids
from knowledge.reader import read_question
from knowledge.risk_reader import (
    INFORMATION,
    USE,
    RiskReading,
    information_reader,
    information_rows,
)

from .patched import Says

POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
READER = information_reader()
# No use and no FAQ the engine knows: it would ask what the AI is to be used for.
WATCHED = "so does anybody actually look at what we type into copilot?"
# A tool that needs approval in Oadby and Wigston (5.2), asked about after it is approved.
AFTERWARDS = "If IT approve Perplexity for me, does anyone keep an eye on how I use it afterwards?"


def test_it_learns_two_classes_from_questions_expecting_information_or_a_use() -> None:
    assert set(READER.kinds) == {INFORMATION, USE}
    assert {cls for *_, cls in information_rows()} == {INFORMATION, USE}


@pytest.fixture
def says(monkeypatch: pytest.MonkeyPatch) -> Iterator[Says]:
    reader = Says(INFORMATION)
    monkeypatch.setattr(engine, "information_reader", lambda: reader)
    # the information reader's say alone, held where the test puts it: the verdict reader's
    # second opinion would look again at what it decides (tests/knowledge/test_verdict_reader.py)
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: None)
    yield reader


@pytest.mark.parametrize(
    ("policy_id", "question", "unsure", "otherwise", "sure"),
    [
        # a question it would ask back gives way to a reading 0.6 sure ...
        ("socitm-template", WATCHED, 0.5, Verdict.UNCLEAR, 0.65),
        # ... a no only to a surer one
        ("oadby-wigston", AFTERWARDS, 0.7, Verdict.NEEDS_APPROVAL, 0.85),
    ],
)
def test_a_question_read_as_about_the_policy_is_answered_from_it_when_sure_enough(
    says: Says, policy_id: str, question: str, unsure: float, otherwise: Verdict, sure: float
) -> None:
    says.sure = unsure
    assert decide(POLICIES[policy_id], question).verdict == otherwise
    says.sure = sure
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


def test_asking_for_a_use_is_never_read_as_information(says: Says) -> None:
    says.sure = 0.99
    policy = POLICIES["oadby-wigston"]
    decision = decide(policy, "Can I use Perplexity to summarise the published budget report?")
    assert decision.verdict == Verdict.NEEDS_APPROVAL


def test_something_that_happened_is_answered_with_how_to_report_it(says: Says) -> None:
    says.sure = 0.9
    policy = POLICIES["school-model"]
    told = "a colleague left a transcription app running in a meeting about a pupil. what now?"
    decision = decide(policy, told)
    assert decision.verdict == Verdict.INFORMATION
    assert decision.next_step == "report_incident"


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_shipped_reader_hears_a_question_about_the_policy(policy_id: str) -> None:
    decision = decide(POLICIES[policy_id], "does anyone keep a record of what we type into the AI?")
    assert decision.verdict == Verdict.INFORMATION


@pytest.mark.parametrize(
    "fragment", ["AI??", "testing testing, does this work", "sorry wrong chat"]
)
def test_too_little_said_is_asked_about_however_sure_the_reader(says: Says, fragment: str) -> None:
    says.sure = 0.99
    assert decide(POLICIES["oadby-wigston"], fragment).verdict == Verdict.UNCLEAR


def test_a_question_heard_as_about_the_policy_is_not_also_read_as_a_risk(
    says: Says, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both readers sure: the answer is the policy's information, never information that
    starts "Read as ..." (a risk is only ever read into a no)."""

    class _Reads:
        def read(self, text: str, threshold: float = 0.5) -> RiskReading:
            return RiskReading("decision_about_people", 0.9, ("approve",))

    monkeypatch.setattr(engine, "risk_reader", lambda: _Reads())
    says.sure = 0.9
    unnamed = "the AI approving the straightforward ones itself and only sending us the rest?"
    decision = decide(POLICIES["socitm-template"], unnamed)
    assert decision.verdict == Verdict.INFORMATION
    assert decision.read_as is None and not decision.answer.startswith("Read as")


# Worded as a question about the policy ("do I need ...?"), asking whether one may use a tool.
DIRECTOR = "I'm a director. Do I actually need IT to approve ChatGPT for me, or can I sign it off?"
# A question about the policy's duties, of a use the policy permits.
COPILOT_NOTES = "Do I have to label it if Copilot drafts my email to the depot team about the rota?"


def test_a_question_about_the_policy_read_surely_as_a_use_gets_that_uses_no(
    says: Says,
) -> None:
    oadby = POLICIES["oadby-wigston"]
    says.sure = 0.5
    assert decide(oadby, DIRECTOR).verdict == Verdict.INFORMATION
    says.sure = 0.2
    decision = decide(oadby, DIRECTOR)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.tool is not None and decision.tool.name == "ChatGPT"
    # a yes is never given where a question about the policy may have been asked
    says.sure = 0.01
    assert decide(oadby, COPILOT_NOTES).verdict == Verdict.INFORMATION


def test_a_manager_approving_a_teams_use_is_no_decision_left_to_ai() -> None:
    question = "As head of service can I approve my team using Copilot to draft meeting notes?"
    assert "automated_decision" not in read_question(POLICIES["oadby-wigston"], question).signals


# "I put" can tell of something done; here it asks whether to do it.
PUT_IN = (
    "Hello, I am new in finance team. Is possible I put the supplier bank details list in "
    "Copilot to check the format?"
)


def test_words_that_can_tell_of_an_incident_in_a_question_read_as_a_use_get_its_no(
    says: Says,
) -> None:
    socitm = POLICIES["socitm-template"]
    assert "incident" in read_question(socitm, PUT_IN).signals
    says.sure = 0.3
    assert decide(socitm, PUT_IN).next_step == "report_incident"
    says.sure = 0.1
    assert decide(socitm, PUT_IN).verdict == Verdict.NEEDS_APPROVAL
    # something already done, asked about, is still reported
    done = "I already put the team rota with names and mobiles into chatgpt, that's fine isn't it?"
    assert decide(socitm, done).next_step == "report_incident"


def test_a_question_naming_only_data_is_taken_for_a_use_only_when_surer(says: Says) -> None:
    school = POLICIES["school-model"]
    # "who they don't want to be with" makes it read as a question about the policy
    forms = (
        "The transition forms from the primaries list friendships, medical bits, who they don't "
        "want to be with. Can I paste them into the AI to make tutor groups?"
    )
    assert engine._is_information(school, read_question(school, forms))
    says.sure = 0.3
    assert decide(school, forms).verdict == Verdict.INFORMATION
    says.sure = 0.1
    assert decide(school, forms).verdict in (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED)
