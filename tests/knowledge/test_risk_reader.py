"""The risk reader (knowledge.risk_reader): the shipped weights, the model as it runs, and how
the engine answers a doubted yes with the risk it reads."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import knowledge.engine as engine
from bot.cards import answer_card
from bot.knowledge_cli import render_text
from knowledge import Verdict, decide, load_policy
from knowledge.loader import bundled_ids
from knowledge.risk_reader import (
    KINDS,
    NONE,
    THRESHOLD,
    RiskReader,
    RiskReading,
    risk_reader,
    risk_rows,
)
from knowledge.safety_net import SEALED_SPLITS, Doubt
from tests.cards.card_checks import assert_valid_card, run_texts

YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}
POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
READER = risk_reader()
# Nobody listed "so ... looks like" as making things up: the lexicon reads no risk in it.
SPUN = (
    "write up the consultation results so the option cabinet prefers looks like the one "
    "residents picked"
)
ROTA = (
    "Can I use Copilot to draft a friendly note to the depot team about the winter gritting rota?"
)


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str, str, str]]:
    return risk_rows()


def test_it_learns_only_from_questions_expecting_a_no_and_never_from_the_sealed_splits(
    rows: list[tuple[str, str, str, str]],
) -> None:
    assert not {split for _, split, _, _ in rows} & SEALED_SPLITS
    assert not set(READER.trained_on["splits"]) & SEALED_SPLITS
    assert {kind for *_, kind in rows} == set(READER.kinds)


def test_every_kind_it_reads_means_something_to_every_policy() -> None:
    """A kind the rules cannot judge would be read for nothing: each is a signal some
    policy refuses, or a data class every policy has (or its stand-in)."""
    assert set(READER.kinds) == {*KINDS, NONE}
    for kind in KINDS.values():
        if kind.signal is not None:
            assert any(kind.signal in p.restrictive_signals for p in POLICIES.values())
        else:
            assert all(any(d in p.data_classes for d in kind.data) for p in POLICIES.values())
    assert any("personal_login" in p.restrictive_signals for p in POLICIES.values())


def test_an_account_is_read_as_an_account_and_a_device_as_a_device() -> None:
    reading = RiskReading("personal_device_account", 0.9, ())
    assert reading.signal("my own laptop at home") == "personal_device"
    assert reading.signal("signed in with my personal Microsoft account") == "personal_login"


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_risk_nobody_listed_is_answered_by_the_policys_own_clause(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    decision = decide(policy, SPUN)
    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
    assert decision.read_as is not None and decision.read_as.kind == "fabrication"
    assert decision.answer.startswith("Read as made-up or misleading content (from the words")
    # the rule that decided is the policy's own rule on misleading content, with its clauses
    rules = {rule.id: rule for rule in policy.document.rules}
    assert any("fabrication" in rules[r].when.signals_any for r in decision.rule_ids)
    data = decision.to_json()
    assert data["read_as"]["kind"] == "fabrication" and data["read_as"]["words"]
    json.dumps(data)


def test_without_the_risk_reader_the_same_question_is_only_asked_about(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "risk_reader", lambda: _Reads(None))
    decision = decide(POLICIES["socitm-template"], SPUN)
    assert decision.verdict == Verdict.UNCLEAR and decision.doubt is not None


def test_the_answer_card_says_the_risk_was_read_and_from_which_words() -> None:
    policy = POLICIES["socitm-template"]
    decision = decide(policy, SPUN)
    card = answer_card(decision, policy)
    assert_valid_card(card)
    texts = run_texts(card)
    risk = texts[texts.index("Risk: ") + 1]
    assert risk.startswith("made-up or misleading content (read from the words")


class _Reads:
    """A risk reader that reads what it is given, whatever the question."""

    def __init__(self, reading: RiskReading | None) -> None:
        self.reading = reading
        self.read_texts: list[str] = []

    @property
    def kinds(self) -> list[str]:
        return [self.reading.kind] if self.reading is not None else []

    def probabilities(self, text: str) -> list[float]:
        return [self.reading.probability] if self.reading is not None else []

    def read(self, text: str, threshold: float = THRESHOLD) -> RiskReading | None:
        self.read_texts.append(text)
        sure = self.reading is not None and self.reading.probability >= threshold
        return self.reading if sure else None


class _Doubts:
    def __init__(self, probability: float) -> None:
        self.probability = probability

    def doubt(self, text: str) -> Doubt:
        return Doubt(self.probability, ("rota",))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Reads]:
    reader = _Reads(None)
    monkeypatch.setattr(engine, "risk_reader", lambda: reader)
    monkeypatch.setattr(engine, "safety_net", lambda: _Doubts(0.9))
    # the risk reader's say alone, held where the test puts it: the verdict reader's second
    # opinion would read with it too (tests/knowledge/test_verdict_reader.py)
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: None)
    yield reader


def test_a_doubted_yes_read_as_a_refused_risk_is_that_refusal(reads: _Reads) -> None:
    reads.reading = RiskReading("decision_about_people", 0.8, ("rota",))
    decision = decide(POLICIES["socitm-template"], ROTA)
    assert decision.verdict == Verdict.PROHIBITED
    assert "decision-left-to-ai" in decision.rule_ids
    assert decision.read_as == reads.reading and decision.doubt is None
    assert not decision.choices
    # the model reads the question with its tool masked, as the safety net does
    assert reads.read_texts == [
        "Can I use  aitool_allowed_with_conditions  to draft a friendly note to the depot team "
        "about the winter gritting rota?"
    ]


@pytest.mark.parametrize(
    ("kind", "question"),
    [
        # what the person says of the risk is read, not overruled by a guess
        ("decision_about_people", ROTA.replace("?", " - I decide everything in it myself?")),
        ("no_human_review", ROTA.replace("?", ", and I'll check every word before it goes?")),
        ("personal_data", ROTA.replace("?", "? No names or personal details in it.")),
        # too little said to judge
        ("copyright", "Copilot for a poster?"),
    ],
)
def test_a_risk_the_question_answers_or_too_little_said_is_still_asked_about(
    reads: _Reads, kind: str, question: str
) -> None:
    reads.reading = RiskReading(kind, 0.9, ())
    decision = decide(POLICIES["socitm-template"], question)
    assert decision.read_as is None
    assert decision.verdict == Verdict.UNCLEAR or decision.verdict in YES


def test_a_reading_the_policy_permits_is_asked_about_not_answered(reads: _Reads) -> None:
    """Oadby and Wigston lets personal data into Copilot lawfully (3.1): read as personal
    data, the use is still a yes, so the doubt stands and the engine asks."""
    reads.reading = RiskReading("personal_data", 0.9, ())
    decision = decide(POLICIES["oadby-wigston"], ROTA)
    assert decision.verdict == Verdict.UNCLEAR and decision.doubt is not None
    assert decision.read_as is None


def test_only_a_net_that_is_sure_enough_lets_the_risk_reader_answer(
    reads: _Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads.reading = RiskReading("fabrication", 0.9, ())
    monkeypatch.setattr(engine, "safety_net", lambda: _Doubts(0.6))
    decision = decide(POLICIES["socitm-template"], ROTA)
    assert decision.verdict == Verdict.UNCLEAR and decision.read_as is None


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_whatever_it_reads_it_never_gives_a_yes(reads: _Reads, kind: str, policy_id: str) -> None:
    reads.reading = RiskReading(kind, 0.99, ("x",))
    for question in (ROTA, "Can I use ChatGPT to summarise the published budget report?"):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict not in YES
        assert decision.read_as is None or decision.verdict != Verdict.UNCLEAR


def test_the_terminal_says_the_risk_was_read_and_that_it_was_a_statistical_reading() -> None:
    policy = POLICIES["socitm-template"]
    text = render_text(decide(policy, SPUN), policy)
    read = text.split("Read as: ")[1].split("\n")[0]
    assert "risk made-up or misleading content (a statistical reading)" in read


# "the straightforward ones": no tool, no use the lexicon knows, so the engine would ask ("the AI
# approve" is read by the lexicon; "okay" as a verb is not).
UNNAMED = "Could the AI okay the straightforward ones itself and only send us the tricky ones?"
# ChatGPT needs approval in Oadby and Wigston (5.2): a no already, which a risk can harden.
GATED = ROTA.replace("Copilot", "ChatGPT")
UNCLEAR, NEEDS_APPROVAL = Verdict.UNCLEAR, Verdict.NEEDS_APPROVAL


def test_a_use_the_engine_cannot_name_is_answered_by_the_risk_in_what_is_done(
    reads: _Reads,
) -> None:
    reads.reading = RiskReading("decision_about_people", 0.45, ("approve",))
    decision = decide(POLICIES["socitm-template"], UNNAMED)
    assert decision.verdict == Verdict.PROHIBITED and decision.read_as == reads.reading
    assert "decision-left-to-ai" in decision.rule_ids
    assert decision.answer.startswith("Read as a decision about people left to AI (from the words")


# Copilot is Oadby and Wigston's permitted tool (4.2), and the use is mostly in words the engine
# does not know: a yes on too little, which it would ask about.
REVIEWS = (
    "for the tourism pages can copilot dream up a couple of visitor reviews for Brocks Hill ('a "
    "hidden gem!' - Sarah, Leicester) till we get genuine ones?"
)


def test_a_permitted_tool_doing_what_the_engine_cannot_name_is_read_before_it_asks(
    reads: _Reads,
) -> None:
    reads.reading = RiskReading("fabrication", 0.45, ("reviews",))
    decision = decide(POLICIES["oadby-wigston"], REVIEWS)
    assert decision.verdict == Verdict.PROHIBITED and decision.read_as == reads.reading
    assert decision.answer.startswith("Read as made-up or misleading content")
    # unsure, or a risk in data (the engine's own question), and it asks as before
    for unsure in (RiskReading("fabrication", 0.35, ()), RiskReading("personal_data", 0.9, ())):
        reads.reading = unsure
        asked = decide(POLICIES["oadby-wigston"], REVIEWS)
        assert asked.verdict == Verdict.UNCLEAR and asked.read_as is None


def test_a_tool_that_needs_approval_used_for_a_refused_act_is_refused(reads: _Reads) -> None:
    reads.reading = RiskReading("fabrication", 0.7, ("note",))
    decision = decide(POLICIES["oadby-wigston"], GATED)
    assert decision.verdict == Verdict.PROHIBITED and decision.read_as == reads.reading
    assert decision.answer.startswith("Read as made-up or misleading content")


@pytest.mark.parametrize(
    ("policy_id", "question", "reading", "otherwise"),
    [
        # a use it cannot name is asked about: unless a risk in what is done is read surely ...
        ("socitm-template", UNNAMED, RiskReading("decision_about_people", 0.35, ()), UNCLEAR),
        # ... and a risk in data is the engine's to ask about
        ("socitm-template", UNNAMED, RiskReading("personal_data", 0.9, ()), UNCLEAR),
        # a no is made harder only by a sure reading of a refused act
        ("oadby-wigston", GATED, RiskReading("fabrication", 0.55, ()), NEEDS_APPROVAL),
        # data needing approval is approval's to judge, and so is buying a product
        ("oadby-wigston", GATED, RiskReading("personal_data", 0.95, ()), NEEDS_APPROVAL),
        ("oadby-wigston", GATED, RiskReading("procurement", 0.95, ()), NEEDS_APPROVAL),
    ],
)
def test_an_unsure_reading_or_one_of_data_leaves_the_answer_as_it_was(
    reads: _Reads, policy_id: str, question: str, reading: RiskReading, otherwise: Verdict
) -> None:
    reads.reading = reading
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == otherwise and decision.read_as is None


def test_what_the_person_says_of_the_device_or_of_their_own_use_is_not_overruled(
    reads: _Reads,
) -> None:
    reads.reading = RiskReading("personal_device_account", 0.95, ())
    mid_kent = POLICIES["mid-kent"]
    on_own = decide(mid_kent, GATED)
    assert on_own.verdict == Verdict.PROHIBITED and on_own.read_as is not None
    at_work = decide(mid_kent, GATED.replace("ChatGPT", "ChatGPT on my work laptop"))
    assert at_work.verdict == Verdict.NEEDS_APPROVAL and at_work.read_as is None
    # a chatbot pupils use for their own work is a task, not a system put live
    reads.reading = RiskReading("deployment", 0.95, ())
    question = "Can students use an AI chatbot to proofread their English coursework?"
    assert decide(POLICIES["school-model"], question).read_as is None


def test_a_question_with_no_risk_in_it_is_read_as_none_whatever_comes_second() -> None:
    """The reader learns questions expecting a yes as no risk at all: when that is likeliest,
    it reads nothing, however the rest of the probability is shared out."""
    reader = RiskReader(
        {
            "classes": [NONE, "fabrication"],
            "intercepts": [0.5, 0.0],
            "terms": ["quote"],
            "idf": [1.0],
            "coef": [[0.0, 3.0]],
            "trained_on": {},
            "probes": [],
        }
    )
    assert reader.read("a poster for the fair", 0.3) is None
    made_up = reader.read("a quote from a resident", 0.3)
    assert made_up is not None and made_up.kind == "fabrication"


def test_a_tools_status_is_not_read_as_a_risk() -> None:
    """Which risk a use runs is in what is done: the mark of a tool that needs approval and
    of one that is approved read alike."""
    gated = READER.probabilities("use aitool_needs_approval to write a press release")
    approved = READER.probabilities("use aitool_allowed to write a press release")
    assert gated == approved


def test_profiling_or_ai_in_a_decision_the_engine_read_is_not_read_harder(reads: _Reads) -> None:
    """Mid-Kent asks for approval of profiling (11.1): a reading of the same words as a
    decision left to AI does not turn it into a refusal, nor AI that suggests to an officer."""
    reads.reading = RiskReading("decision_about_people", 0.95, ())
    policy = POLICIES["mid-kent"]
    profiling = "Revenues want an algorithm to flag households likely to be committing fraud. OK?"
    assert decide(policy, profiling).verdict == Verdict.NEEDS_APPROVAL
    assert decide(policy, profiling).read_as is None
