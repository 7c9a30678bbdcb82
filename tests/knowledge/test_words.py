"""What staff read, on every bundled policy (issue 14.5): sentences start with a capital, no
engine id or enum value reaches an answer, examples come from the policy's own world, "who
approves?" names who approves and how to reach them, and a purpose in the person's words is
quoted grammatically."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.knowledge_cli import render_text
from knowledge import Decision, Policy, Verdict, bundled_ids, decide, load_policy
from knowledge.decision import use_phrase
from knowledge.loader import bundled_tables
from knowledge.policy import capitalise_sentences
from knowledge.question_table import load_table

POLICY_IDS = bundled_ids()
POLICIES = {policy_id: load_policy(policy_id) for policy_id in POLICY_IDS}
# Tools no bundled policy lists: each question about one needs approval.
UNLISTED = ("Midjourney", "Otter.ai", "Perplexity")
TABLE_SAMPLE = 150  # questions from each policy's tuning table, besides the FAQs and purposes

# A sentence starts at the text's start or after a closing mark and a space. A quotation's own
# question mark ('"Can I ...?" or "...') is not a sentence's end, nor is an abbreviation's.
_SENTENCE_START = re.compile(r"(?:^|(?<=[.!?])[)\]]*\s+)(\S+)")
_ABBREVIATED = re.compile(r"\b(?:e\.g|i\.e|etc|cf|vs|approx|incl|no)\.[)\]]*\s+\S+$", re.I)
# An engine id: snake_case ("approved_with_conditions", "special_category", "request_approval").
_SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")
_ENUMS = ("approved_with_conditions", "requires_approval", "needs_approval", "allowed_with")


def lower_case_starts(text: str) -> list[str]:
    return [
        text[max(0, m.start() - 30) : m.end()]
        for m in _SENTENCE_START.finditer(text)
        if m.group(1)[0].islower() and not _ABBREVIATED.search(text[: m.end()])
    ]


def sample_questions(policy: Policy) -> list[str]:
    """Every FAQ (its question and examples), every purpose's first example asked of an
    unlisted tool (a needs-approval answer) and of no tool, and part of the tuning table."""
    document = policy.document
    questions = [q for faq in document.faqs for q in (faq.question, *faq.examples)]
    for index, purpose in enumerate(document.purposes):
        tool = UNLISTED[index % len(UNLISTED)]
        questions += [
            f"Can I use {tool} to {purpose.examples[0]}?",
            f"Can I use AI to {purpose.examples[0]}?",
        ]
    questions += ["who approves?", "Who do I contact about AI?", "hello", "is this ok?"]
    tune = load_table(bundled_tables(policy.id)[0], policy.sections)
    return questions + [q.text for q in tune.questions[:TABLE_SAMPLE]]


def read_texts(decision: Decision) -> Iterator[str]:
    """Everything of a decision a person reads as sentences."""
    yield decision.answer
    if decision.clarifying_question:
        yield decision.clarifying_question
    yield from (reason.text for reason in decision.reasons)
    yield from decision.conditions
    if decision.instead:
        yield decision.instead
    yield from (duty.text for duty in decision.obligations)


@pytest.fixture(scope="module", params=POLICY_IDS)
def answered(request: pytest.FixtureRequest) -> tuple[Policy, list[Decision]]:
    policy = POLICIES[request.param]
    return policy, [decide(policy, question) for question in sample_questions(policy)]


# --- sentences start with a capital ------------------------------------------------------


def test_every_answer_and_every_sentence_starts_with_a_capital(answered) -> None:
    _, decisions = answered
    found = {
        (d.question, start)
        for d in decisions
        for text in read_texts(d)
        for start in lower_case_starts(text)
    }
    assert found == set()
    assert all(d.answer[:1].isupper() for d in decisions)


def test_the_sample_holds_faq_and_needs_approval_answers(answered) -> None:
    _, decisions = answered
    verdicts = {d.verdict for d in decisions}
    assert {Verdict.INFORMATION, Verdict.NEEDS_APPROVAL, Verdict.UNCLEAR} <= verdicts


def test_a_name_filled_in_at_a_sentence_start_is_capitalised() -> None:
    decision = decide(POLICIES["socitm-template"], "Who owns the GenAI policy?")
    assert decision.answer.startswith("The GenAI governance authority owns this policy")


def test_an_unlisted_tool_named_in_lower_case_opens_its_sentence_with_a_capital() -> None:
    decision = decide(POLICIES["socitm-template"], "can I use the website to draft a letter?")
    assert not [t for t in read_texts(decision) if lower_case_starts(t)], decision.to_json()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the board owns it. the DPO reviews.", "The board owns it. The DPO reviews."),
        (
            "use it, e.g. the drafts. iPhone notes stay.",
            "Use it, e.g. the drafts. iPhone notes stay.",
        ),
        ('ask "can I?" or not', 'Ask "can I?" or not'),
        ("see 7.2. the rest follows", "See 7.2. The rest follows"),
    ],
)
def test_capitalise_sentences(text: str, expected: str) -> None:
    assert capitalise_sentences(text) == expected


# --- no engine ids in what staff read ------------------------------------------------------


def test_no_answer_or_clarifying_question_holds_an_engine_id(answered) -> None:
    _, decisions = answered
    found = {(d.question, m) for d in decisions for t in read_texts(d) for m in _SNAKE.findall(t)}
    assert found == set()


def test_the_cli_text_output_says_statuses_and_data_in_words(answered) -> None:
    policy, decisions = answered
    found = {(d.question, m) for d in decisions for m in _SNAKE.findall(render_text(d, policy))}
    assert found == set()


def test_the_cli_reads_a_tool_and_its_data_in_words() -> None:
    policy = POLICIES["socitm-template"]
    decision = decide(policy, "Can I put a resident's medical history into ChatGPT?")
    text = render_text(decision, policy)
    assert not any(value in text for value in _ENUMS), text
    assert "tool ChatGPT (" in text and "_" not in text.split("Read as: ")[1].split("\n")[0]


# --- examples from the policy's own world --------------------------------------------------


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_the_clarifying_examples_come_from_the_policys_world(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    asked = decide(policy, "hello").clarifying_question or ""
    if policy.document.organisation.kind == "school":
        assert "resident" not in asked and "pupil" in asked
    else:
        assert "resident" in asked and "pupil" not in asked


def test_the_school_policy_is_a_school_and_the_councils_are_councils() -> None:
    kinds = {policy_id: p.document.organisation.kind for policy_id, p in POLICIES.items()}
    assert kinds["school-model"] == "school"
    assert {kinds[p] for p in ("mid-kent", "oadby-wigston", "socitm-template")} == {"council"}


# --- who approves, and how to reach them ---------------------------------------------------

WHO = ("who approves?", "Who approves new AI tools?", "who do I ask for permission to use AI?")


def with_contact(policy: Policy, contact: str) -> Policy:
    """The policy as an adopter who gives its approver's contact would have it."""
    organisation = policy.document.organisation
    approver = organisation.approver.model_copy(update={"contact": contact})
    changed = organisation.model_copy(update={"approver": approver})
    return Policy.compile(policy.document.model_copy(update={"organisation": changed}))


@pytest.mark.parametrize("policy_id", POLICY_IDS)
@pytest.mark.parametrize("question", WHO)
def test_who_approves_is_answered_with_who_approves(policy_id: str, question: str) -> None:
    policy = POLICIES[policy_id]
    decision = decide(policy, question)
    assert decision.verdict == Verdict.INFORMATION
    assert policy.approver_name.lower() in decision.answer.lower(), decision.answer
    if policy.approver_contact:
        assert policy.approver_contact in decision.answer


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_who_approves_gives_the_contact_the_policy_gives(policy_id: str) -> None:
    contact = "ai-approvals@example.gov.uk"
    policy = with_contact(POLICIES[policy_id], contact)
    for question in WHO:
        assert contact in decide(policy, question).answer, question
    general = decide(policy, "Who do I contact about AI?")
    if policy_id == "mid-kent":
        # the document itself sends every AI query to the IT Helpdesk (13.4)
        assert [c.id for c in general.citations] == ["13.4"], general.answer
    else:
        assert contact in general.answer
    needs = decide(policy, "Can I use Midjourney to make posters?")
    assert needs.verdict == Verdict.NEEDS_APPROVAL
    assert f"Contact: {contact}." in needs.answer


def test_oadby_wigston_gives_the_contact_its_report_names() -> None:
    policy = POLICIES["oadby-wigston"]
    assert (
        policy.approver_contact and "ravinder.gill@oadby-wigston.gov.uk" in policy.approver_contact
    )
    decision = decide(policy, "who approves non-copilot AI tools here?")
    assert "ravinder.gill@oadby-wigston.gov.uk" in decision.answer


def test_who_signs_off_the_policy_itself_is_not_sent_to_the_approver() -> None:
    policy = POLICIES["mid-kent"]
    decision = decide(policy, "who signs off changes to the AI policy?")
    assert "To ask for approval" not in decision.answer


# --- a purpose in the person's words, quoted grammatically -----------------------------------


@pytest.mark.parametrize(
    ("purpose", "expected"),
    [
        ("make posters", "to make posters"),
        ("summarise a resident's complaint", "to summarise a resident's complaint"),
        ("to draft letters", "to draft letters"),
        ("making posters for library events", "for making posters for library events"),
        ("posters for the library", "for posters for the library"),
        ("review of the policy.", "for review of the policy"),
        ("", ""),
    ],
)
def test_a_purpose_follows_a_tool_grammatically(purpose: str, expected: str) -> None:
    assert use_phrase(purpose) == expected


def test_no_word_list_in_the_shared_lexicon_holds_a_phrase_twice() -> None:
    """A phrase listed twice is one list grown by appending without reading it first: the copy
    changes nothing the engine reads, and hides how much the list really holds."""
    raw = yaml.safe_load((Path(__file__).parents[2] / "knowledge/data/lexicon.yaml").read_text())

    def lists(node: object, path: str) -> Iterator[tuple[str, list[str]]]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield from lists(value, f"{path}/{key}")
        elif isinstance(node, list):
            if all(isinstance(item, str) for item in node):
                yield path, node
            else:
                for index, item in enumerate(node):
                    yield from lists(item, f"{path}[{index}]")

    twice = {
        path: sorted(p for p, n in Counter(item.lower() for item in items).items() if n > 1)
        for path, items in lists(raw, "")
    }
    assert {path: found for path, found in twice.items() if found} == {}
