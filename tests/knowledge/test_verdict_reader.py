"""The verdict reader's second opinion (knowledge.verdict_reader, knowledge.engine
`_second_opinion`): where it is sure the policy's writers expected another verdict, the engine
looks again; it never makes a yes of its own (only the policy's yes, for a use it vouches for or
with a tool the organisation may provide), never overrules the board, and a policy without
tables of its own is answered by the engine alone."""

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

from .patched import decided_with, no_reader

YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}
POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml"


@pytest.fixture
def engine_alone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: None)  # the engine alone
    yield


def _tuning_questions(policy_id: str, step: int = 7) -> list[str]:
    policy = POLICIES[policy_id]
    table = load_table(bundled_tables(policy_id)[0], policy.sections)
    return [q.text for q in table.questions[::step]]


class _Always:
    """A stand-in reader with one opinion, however sure: what the engine does with each."""

    def __init__(self, verdict: Verdict, probability: float = 0.99) -> None:
        self.verdict = verdict
        self.probability = probability

    def opinion(self, text: str, threshold: float = 0.5) -> Opinion:
        against = 1.0 - self.probability if self.verdict in YES else self.probability
        return Opinion(self.verdict.value, self.probability, ("words",), against, ("words",))


@pytest.mark.parametrize("verdict", list(Verdict))
def test_whatever_it_says_it_never_turns_a_no_into_a_yes(
    verdict: Verdict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader never makes a yes of its own. Where it is sure of a yes, a question the
    engine would have asked back about its own yes may be answered with that yes (vouched, and
    the answer carries the opinion), and a "not yet" resting only on a tool the policy says the
    organisation may provide is answered on condition it is; everything else stands."""
    for policy_id in sorted(POLICIES):
        policy = POLICIES[policy_id]
        questions = _tuning_questions(policy_id)
        with monkeypatch.context() as patched:
            patched.setattr(engine, "verdict_reader", lambda _id: None)
            alone = [decide(policy, q) for q in questions]
        with monkeypatch.context() as patched:
            patched.setattr(engine, "verdict_reader", lambda _id: _Always(verdict))
            second = [decide(policy, q) for q in questions]
        for question, before, after in zip(questions, alone, second, strict=True):
            if after.verdict in YES and before.verdict not in YES:
                assert verdict in YES, question
                presumed = after.rule_ids[:1] == ["presumed-tool"]
                assert before.verdict == Verdict.UNCLEAR or presumed, question
                assert after.opinion is not None, question  # vouched, and says so
            if after.verdict in YES and before.verdict in YES:
                assert after == before, question
            if verdict == before.verdict or (verdict in YES and before.verdict != Verdict.UNCLEAR):
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
    assert decided_with(monkeypatch, policy, question, verdict_reader=no_reader).verdict == alone
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
    # the verdict reader's say alone: the incident reader answers the story told as the incident
    # it is (tests/knowledge/test_incident_reader.py)
    monkeypatch.setattr(engine, "INCIDENT_SURE", 1.01)
    with monkeypatch.context() as patched:
        patched.setattr(engine, "verdict_reader", lambda _id: None)
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
    alone = decided_with(monkeypatch, policy, question, verdict_reader=no_reader)
    assert alone.verdict == Verdict.NEEDS_APPROVAL
    unsure = decided_with(monkeypatch, policy, question, OPINION_OVERRULES=2.0)
    assert unsure.verdict == Verdict.NEEDS_APPROVAL
    decision = decide(policy, question)
    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
    assert decision.read_as is not None and decision.read_as.kind == "decision_about_people"
    assert decision.opinion is not None and decision.opinion.probability >= engine.OPINION_OVERRULES


# Questions of our own, each worded after a kind the engine alone asked back about on months it
# had not seen, though a yes was right: a word it half-recognises as a risk ("police", "abuse",
# "crime") standing for what the work is about (docs/engine-measurements.md, sixteenth session).
VOUCHED = [
    (
        "mid-kent",
        "can AI help me draft a leaflet telling residents how to report domestic abuse? our DA "
        "coordinator will check it before it goes out",
    ),
    (
        "school-model",
        "can ai help me write a letter to parents about the police visit for road safety week",
    ),
    (
        "socitm-template",
        "can I use ChatGPT to turn the published annual crime figures for the borough into a "
        "plain English leaflet for residents?",
    ),
]


@pytest.mark.parametrize(("policy_id", "question"), VOUCHED)
def test_a_yes_the_engine_would_ask_about_is_given_where_the_reader_is_all_but_sure(
    policy_id: str, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = POLICIES[policy_id]
    assert (
        decided_with(monkeypatch, policy, question, READER_VOUCHES=2.0).verdict == Verdict.UNCLEAR
    )
    decision = decide(policy, question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.opinion is not None
    assert decision.opinion.against_yes <= 1 - engine.READER_VOUCHES
    assert decision.to_json()["second_opinion"]["verdict"] in {"allowed", "allowed_with_conditions"}
    assert decision.conditions and decision.citations  # the policy's own yes, with its duties


# Questions of our own: plainly fine uses of a tool the policy says the organisation all but
# certainly provides (`claimed_tool.likely_provided`), which the engine alone gates for the
# tool's status.
PRESUMED = [
    (
        "mid-kent",
        "can copilot turn my notes from the team away day into a tidy action list for the team? "
        "nothing about anyone personal",
    ),
    (
        "school-model",
        "can copilot help me write a newsletter item about our new school library opening hours",
    ),
]


@pytest.mark.parametrize(("policy_id", "question"), PRESUMED)
def test_a_tool_the_organisation_may_provide_is_answered_as_a_claim_where_the_reader_is_sure(
    policy_id: str, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = POLICIES[policy_id]
    alone = decided_with(monkeypatch, policy, question, verdict_reader=no_reader)
    assert alone.verdict == Verdict.NEEDS_APPROVAL and alone.rule_ids == ["unlisted-tool"]
    unsure = decided_with(monkeypatch, policy, question, READER_PRESUMES_LIKELY=2.0)
    assert unsure.verdict == Verdict.NEEDS_APPROVAL
    decision = decide(policy, question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.rule_ids[0] == "presumed-tool"
    assert "The policy does not say whether Microsoft Copilot is approved." in decision.answer
    assert decision.conditions[0].startswith("Only if")  # the claim's condition, never proof
    assert decision.opinion is not None
    assert decision.opinion.against_yes <= 1 - engine.READER_PRESUMES_LIKELY


@pytest.mark.parametrize(
    ("policy_id", "question", "presumed"),
    [
        # Copilot Chat comes with the Microsoft 365 licence: presumed where the reader is less
        # sure; ChatGPT for a pupil's homework only where it is surer
        (
            "school-model",
            "can copilot help me write a newsletter item about our new school library opening "
            "hours",
            True,
        ),
        ("school-model", "can i use chatgpt to plan the structure of my geography essay", False),
        ("mid-kent", PRESUMED[0][1], True),
    ],
)
def test_a_tool_all_but_certainly_provided_is_presumed_at_a_lower_bar(
    policy_id: str, question: str, presumed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    between = (engine.READER_PRESUMES_LIKELY + engine.READER_PRESUMES) / 2
    monkeypatch.setattr(
        engine, "verdict_reader", lambda _id: _Always(Verdict.ALLOWED_WITH_CONDITIONS, between)
    )
    decision = decide(POLICIES[policy_id], question)
    assert (decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS) == presumed, decision.to_json()
    assert (decision.rule_ids[:1] == ["presumed-tool"]) == presumed


# Plain uses the engine reads in few words, or with a word or two it does not know late in the
# sentence, of a tool the organisation may provide: (policy, question, the tool's rule alone).
PRESUMED_IN_FEW_WORDS = [
    # two words that say something, the purpose read from them surely
    ("school-model", "can i use chatgpt to proofread my english essay", "tool:chatgpt"),
    # "biodiversity", unknown, after the small words that make it a sentence
    (
        "mid-kent",
        "copilot to make an image of a generic hedgehog for the biodiversity leaflet",
        "unlisted-tool",
    ),
    (
        "mid-kent",
        "can i use copilot (council one) to explain an error in my SQL script, its just the "
        "syntax error text no data",
        "unlisted-tool",
    ),
]


@pytest.mark.parametrize(("policy_id", "question", "gate"), PRESUMED_IN_FEW_WORDS)
def test_a_use_said_in_few_words_or_with_a_late_unknown_word_is_presumed_too(
    policy_id: str, question: str, gate: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy = POLICIES[policy_id]
    alone = decided_with(monkeypatch, policy, question, verdict_reader=no_reader)
    assert alone.verdict == Verdict.NEEDS_APPROVAL and alone.rule_ids == [gate]
    decision = decide(policy, question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.rule_ids[0] == "presumed-tool"
    assert decision.conditions[0].startswith("Only if")


def test_a_fragment_with_no_purpose_read_is_not_presumed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: _Always(Verdict.ALLOWED))
    for question in ("copilot for the leaflet?", "chatgpt for the essay", "copilot ok?"):
        for policy_id in ("mid-kent", "school-model"):
            decision = decide(POLICIES[policy_id], question)
            assert decision.verdict not in YES, (policy_id, question)


def test_a_reader_sure_of_a_yes_but_not_which_still_presumes_the_tool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """0.45 on "allowed with conditions" and 0.45 on "allowed": not sure of either verdict,
    which is all the reader's other second opinions ask for, but sure of a yes."""

    class _Split:
        def opinion(self, text: str, threshold: float = 0.5) -> Opinion | None:
            if threshold > 0.45:
                return None
            return Opinion("allowed_with_conditions", 0.45, ("words",), 0.1, ("words",))

    monkeypatch.setattr(engine, "verdict_reader", lambda _id: _Split())
    policy_id, question = PRESUMED[0]
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.rule_ids[0] == "presumed-tool"


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        # a tool no one supposes the organisation gave: not among those it may provide
        ("mid-kent", "deepseek to translate the recycling leaflet into polish"),
        ("mid-kent", "chatgpt to translate the recycling leaflet into polish"),
        # a document that lists its approved tools says what an unlisted one needs
        ("oadby-wigston", "otter to transcribe our team meeting about the office move"),
        ("socitm-template", "can perplexity draft a poster for the staff bake sale"),
        # the use itself needs more than the tool
        ("mid-kent", "copilot to summarise the tenant's case notes for the panel"),
        ("school-model", "chatgpt to write the SEN support plan for Amy in year 4 from her file"),
    ],
)
def test_no_reader_however_sure_presumes_past_the_policy(
    policy_id: str, question: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: _Always(Verdict.ALLOWED))
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict not in YES, decision.to_json()


def test_a_risk_word_that_is_the_use_is_still_asked_about() -> None:
    """Vouching is for a word that names what the work is about; where the same word is what
    would go into the AI, the reader is not sure of a yes and the engine still asks or refuses."""
    policy = POLICIES["school-model"]
    decision = decide(
        policy, "can ai help me write to the police about what a pupil told me happens at home"
    )
    assert decision.verdict not in YES, decision.to_json()


def test_a_heap_of_words_is_not_vouched_for_however_sure_the_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: _Always(Verdict.ALLOWED))
    for policy in POLICIES.values():
        decision = decide(policy, "can copilot poster quokka fjord zeugma yurt aardvark")
        assert decision.verdict not in YES, decision.to_json()


def test_a_reader_torn_between_noes_is_still_sure_a_yes_is_wrong(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Needs approval or prohibited, the reader cannot say which; that a yes is wrong it can:
    the engine's yes is asked about, with the words that weighed for the likeliest no."""
    policy = POLICIES["socitm-template"]
    question = "Can I use Copilot to draft a reply to an email about bin collection days?"
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: None)
    assert decide(policy, question).verdict in YES

    class _Torn:
        def opinion(self, text: str, threshold: float = 0.5) -> Opinion:
            return Opinion("needs_approval", 0.41, ("draft",), 0.8, ("collection",))

    monkeypatch.setattr(engine, "verdict_reader", lambda _id: _Torn())
    decision = decide(policy, question)
    assert decision.verdict == Verdict.UNCLEAR, decision.to_json()
    assert '"collection"' in decision.answer and decision.choices
    monkeypatch.setattr(engine, "OPINION_ASK", 0.85)
    assert decide(policy, question).verdict in YES


# Questions from the open tables, too short for a use to be read into, that the engine asked
# back about and their writers expected answered from the policy: (policy, question, a clause).
SHORT_ABOUT_THE_POLICY = [
    ("oadby-wigston", "whats the point of us having an AI policy", "2.1"),
    ("oadby-wigston", "can AI make decisions at the council?", "3.2"),
    ("school-model", "should AI be on our risk register", "Roles and responsibilities"),
    ("socitm-template", "If I want to ask for a new tool, what info do they want from me?", "7"),
]


@pytest.mark.parametrize(("policy_id", "question", "clause"), SHORT_ABOUT_THE_POLICY)
def test_a_short_question_the_reader_is_all_but_sure_is_about_the_policy_is_answered_so(
    monkeypatch: pytest.MonkeyPatch, policy_id: str, question: str, clause: str
) -> None:
    policy = POLICIES[policy_id]
    decision = decide(policy, question)
    assert decision.verdict == Verdict.INFORMATION, decision.to_json()
    assert clause in {c.id for c in decision.citations}
    assert decision.opinion is not None and decision.opinion.probability >= 0.8
    # at a bar no reader reaches, the engine asks back as it did before
    unsure = decided_with(monkeypatch, policy, question, SHORT_INFORMATION_SURE=1.01)
    assert unsure.verdict == Verdict.UNCLEAR


@pytest.mark.parametrize("question", ["does this count?", "is that one approved now?"])
def test_a_fragment_pointing_at_something_unsaid_is_still_asked_about(
    monkeypatch: pytest.MonkeyPatch, question: str
) -> None:
    """However sure the reader that a message is about the policy, "does this count?" points at
    something the person has not said: the reader changes nothing."""
    for policy in POLICIES.values():
        with monkeypatch.context() as patched:
            patched.setattr(engine, "verdict_reader", lambda _id: None)
            alone = decide(policy, question)
        with monkeypatch.context() as patched:
            patched.setattr(engine, "verdict_reader", lambda _id: _Always(Verdict.INFORMATION))
            assert decide(policy, question) == alone
        if policy.id != "school-model":  # (where the engine reads "does this count?" so itself)
            assert alone.verdict == Verdict.UNCLEAR
