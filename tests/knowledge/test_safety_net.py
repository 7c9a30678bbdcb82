"""The safety net under the engine's yes (knowledge.safety_net): the shipped weights, the model
as it runs, and how the engine asks when it doubts."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import knowledge.engine as engine
from knowledge import Verdict, decide, load_policy
from knowledge.loader import bundled_ids, bundled_tables
from knowledge.question_table import load_table
from knowledge.safety_net import (
    SEALED_SPLITS,
    UNTRAINED_SPLITS,
    Doubt,
    masked,
    safety_net,
    training_rows,
)

from .test_register import ask, entry

YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}
POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
NET = safety_net()


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, str, str, bool]]:
    return training_rows()  # every read table's every question: read once


def test_the_sealed_splits_are_never_trained_on(rows: list[tuple[str, str, str, bool]]) -> None:
    splits = {path.name.split(".")[-2] for pid in bundled_ids() for path in bundled_tables(pid)}
    assert splits >= SEALED_SPLITS  # they exist, and are measured by the table tests
    assert set(NET.trained_on["splits"]) == splits - SEALED_SPLITS - UNTRAINED_SPLITS
    assert not {split for _, split, _, _ in rows} & (SEALED_SPLITS | UNTRAINED_SPLITS)
    assert splits >= UNTRAINED_SPLITS and not UNTRAINED_SPLITS & SEALED_SPLITS


@pytest.mark.parametrize(
    "text",
    [
        "could the ai just pick which of the applicants we interview and i'd send the letters",
        "get aitool_allowed_with_conditions to write five-star reviews from happy residents",
        "a cartoon of the councillor as a pig for the newsletter",
    ],
)
def test_a_use_the_policies_restrict_is_doubted_and_the_words_say_why(text: str) -> None:
    doubt = NET.doubt(text)
    assert doubt is not None and doubt.probability > NET.threshold
    assert doubt.words and all(word in text for word in doubt.words)
    assert not any(word.startswith("aitool_") for word in doubt.words)


@pytest.mark.parametrize(
    "text",
    [
        "can i use aitool_allowed_with_conditions to draft an email?",
        "can i use ai to brainstorm names for the summer fete?",
        "can ai help me design a poster for the book club?",
    ],
)
def test_everyday_uses_are_not_doubted(text: str) -> None:
    assert NET.doubt(text) is None


def test_a_tool_is_read_as_what_the_policy_says_of_it_never_as_its_name() -> None:
    marks = [("ChatGPT", "aitool_needs_approval"), ("chat gpt", "aitool_needs_approval")]
    said = masked("Can I use ChatGPT, or chat GPT, for this?", marks)
    assert said == "Can I use  aitool_needs_approval , or  aitool_needs_approval , for this?"
    policy = POLICIES["oadby-wigston"]
    hits = engine.read_question(policy, "can copilot or chatgpt draft this").tools
    assert {mark for _, mark in engine.tool_marks(policy, hits)} == {
        "aitool_allowed_with_conditions",
        "aitool_needs_approval",
    }


class _Doubting:
    """A net that doubts every text: the engine's side of the net, whatever the weights."""

    threshold = 0.5

    def __init__(self) -> None:
        self.read: list[str] = []

    def doubt(self, text: str) -> Doubt:
        self.read.append(text)
        return Doubt(0.9, ("reviews",))


class _Unsure:
    """A risk reader never sure of any risk: the net's question, whatever the weights."""

    def read(self, text: str, threshold: float = 0.5) -> None:
        return None


@pytest.fixture
def doubting(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Doubting]:
    net = _Doubting()
    monkeypatch.setattr(engine, "safety_net", lambda: net)
    monkeypatch.setattr(engine, "risk_reader", lambda: _Unsure())
    yield net


def test_a_doubted_yes_becomes_one_question_with_choices(doubting: _Doubting) -> None:
    policy = POLICIES["socitm-template"]
    decision = decide(policy, "Can I use Copilot to make a poster for the leisure centre?")
    assert decision.verdict == Verdict.UNCLEAR
    assert decision.clarifying_question == decision.answer
    assert '"reviews"' in decision.answer and decision.answer.endswith(engine.DOUBT)
    assert [c.title for c in decision.choices] == [c.title for c in engine.DOUBT_CHOICES]
    assert decision.tool is not None and decision.tool.name == "Microsoft Copilot"
    data = decision.to_json()
    assert data["doubt"] == {"probability": 0.9, "words": ["reviews"]}
    json.dumps(data)
    # The model reads the question with its tool masked as the policy sees it.
    assert doubting.read == [
        "Can I use  aitool_allowed_with_conditions  to make a poster for the leisure centre?"
    ]


def test_only_a_yes_is_doubted(doubting: _Doubting) -> None:
    policy = POLICIES["socitm-template"]
    for question in (
        "Can I paste a resident's medical history into ChatGPT?",
        "who approves new AI tools?",
        "I pasted a pupil's address into Gemini by mistake",
        "is this ok?",
    ):
        decision = decide(policy, question)
        assert decision.doubt is None and decision.verdict not in YES
    assert doubting.read == []


def test_the_answer_to_the_question_is_read_as_said(doubting: _Doubting) -> None:
    """Each reply settles the doubt: the person's answer is what the engine reads next, and
    a reply keeps the use asked about (its words suggest no new purpose or tool)."""
    policy = POLICIES["socitm-template"]
    question = "Can I use Copilot to draft a note to the team about the rota?"
    asked = decide(policy, question)
    verdicts = {}
    for choice in asked.choices:
        after = decide(policy, choice.text, thread=[question])
        assert after.doubt is None and after.follow_up_of == (question,)
        verdicts[choice.title] = after.verdict
    assert verdicts["None of these"] == Verdict.ALLOWED_WITH_CONDITIONS
    assert verdicts["AI decides, or no check"] == Verdict.PROHIBITED
    assert verdicts["Made up, copied or mocking"] == Verdict.PROHIBITED
    assert verdicts["Someone's personal info"] not in YES
    none = decide(policy, engine.DOUBT_CHOICES[-1].text, thread=[question])
    assert none.tool is not None and none.tool.name == "Microsoft Copilot"
    assert none.purpose is not None and none.purpose.id == asked_purpose(policy, question)


def asked_purpose(policy: engine.Policy, question: str) -> str:
    reading = engine.read_question(policy, question)
    return reading.purposes[0][0]


def test_a_follow_up_is_read_after_the_question_that_said_the_use(doubting: _Doubting) -> None:
    policy = POLICIES["socitm-template"]
    first = "Can I use ChatGPT to make a poster for the leisure centre?"
    later = decide(policy, "what about with Copilot?", thread=[first])
    assert later.verdict == Verdict.UNCLEAR and later.doubt is not None
    assert doubting.read[-1].startswith("Can I use  aitool_")
    assert doubting.read[-1].endswith("what about with  aitool_allowed_with_conditions ?")


def test_the_real_net_never_turns_a_no_into_a_yes_and_only_ever_asks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every third question of the tuning tables, with the net and without: the only changes
    the net makes are a yes turned into its question, or into a no where the risk reader
    reads a risk the policy refuses (knowledge.risk_reader), and "what is it for?" turned into
    the answer to a use read clearly among unknown words, which the net vouches for."""
    # the net's say alone: the verdict reader's second opinion asks about a yes of its own
    # accord (tests/knowledge/test_verdict_reader.py)
    monkeypatch.setattr(engine, "verdict_reader", lambda _id: None)
    for policy_id, policy in POLICIES.items():
        table = load_table(bundled_tables(policy_id)[0], policy.sections)
        questions = table.questions[::3]
        with_net = [decide(policy, q.text) for q in questions]
        with monkeypatch.context() as patch:
            patch.setattr(engine, "safety_net", lambda: _Silent())
            without = [decide(policy, q.text) for q in questions]
        for a, b in zip(with_net, without, strict=True):
            if a.verdict != b.verdict and a.verdict in YES:
                assert b.verdict == Verdict.UNCLEAR and b.doubt is None, a.question
                assert "What do you want to use" in b.answer or "Which AI tool" in b.answer
            elif a.verdict != b.verdict:
                assert b.verdict in YES, a.question
                asked = a.verdict == Verdict.UNCLEAR and a.doubt is not None
                assert asked or (a.read_as is not None and a.verdict not in YES), a.question
            else:
                assert a.doubt is None


class _Silent:
    """A net with no view: it doubts nothing and vouches for nothing."""

    def doubt(self, text: str) -> None:
        return None

    def probability(self, text: str) -> float:
        return 0.5


def test_an_approval_the_board_entered_is_not_second_guessed(doubting: _Doubting) -> None:
    approved = entry(tool="Frobnicator", purpose="transcribing team meetings", decision="approved")
    question = "Can I use Frobnicator to transcribe a team meeting?"
    assert ask("mid-kent", question, approved).verdict in YES
    assert decide(POLICIES["mid-kent"], question).verdict not in YES


class _Sure:
    """A net with a fixed view of every question."""

    def __init__(self, probability: float) -> None:
        self.value = probability

    def doubt(self, text: str) -> None:
        return None

    def probability(self, text: str) -> float:
        return self.value


OMBUDSMAN = (
    "use copilot to summarise the Housing Ombudsman spotlight report on damp and mould for "
    "tomorrow's huddle"
)


def test_a_use_read_clearly_among_unknown_words_is_judged_when_the_net_vouches_for_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    policy = POLICIES["socitm-template"]
    monkeypatch.setattr(engine, "safety_net", lambda: _Sure(0.05))
    assert decide(policy, OMBUDSMAN).verdict in YES
    monkeypatch.setattr(engine, "safety_net", lambda: _Sure(0.3))
    assert decide(policy, OMBUDSMAN).verdict == Verdict.UNCLEAR


def test_a_heap_of_unknown_words_is_asked_about_however_sure_the_net(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "safety_net", lambda: _Sure(0.0))
    decision = decide(
        POLICIES["socitm-template"], "can i use chatgpt to aardvarks abaci aback report"
    )
    assert decision.verdict == Verdict.UNCLEAR
