"""Answer cards for real questions against two bundled policies: valid, small enough, with the
verdict in words, the clauses by title and the right buttons carrying the right data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cards import CARD_BUDGET, answer_card
from bot.cards.actions import (
    ASK_IF_ANONYMISED,
    ASK_WITH_PERSONAL_DATA,
    REPORT_INCIDENT,
    REQUEST_APPROVAL,
    VERB_ASK,
    VERB_HELP,
    VERB_REPORT_INCIDENT,
    VERB_REQUEST_APPROVAL,
)
from bot.cards.answer import (
    BULLET,
    CLAUSE_TEXT_ID,
    DETAILS,
    DETAILS_ID,
    SHOW_CLAUSES,
    split_first_sentence,
)
from bot.cards.verdicts import DOUBTED, LOOKS
from knowledge import Decision, Verdict, decide, load_policy

from .card_checks import assert_valid_card, buttons, elements, run_texts, submit_data

S, M = "socitm-template", "school-model"
# An adopter's policy that approves a tool outright, for a plain "allowed".
E = str(Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml")
POLICIES = {name: load_policy(name) for name in (S, M, E)}

A, C, N, P, U, I = (  # noqa: E741
    "allowed",
    "allowed_with_conditions",
    "needs_approval",
    "prohibited",
    "unclear",
    "information",
)
CASES = [
    (S, "Can I use AI to come up with ideas for a staff wellbeing week?", C),
    (E, "Can I use Microsoft 365 Copilot to draft an email to my team?", A),
    (S, "Can I use chatgtp to draft a reply about changes to bin collection days?", C),
    (S, "Can I use Copilot to summarise a resident's complaint?", N),
    (S, "Can I use ChatGPT to summarise a resident's complaint?", P),
    (S, "Can our team start using Hey Geraldine to answer staff HR questions?", N),
    (S, "Can I use AI to make decisions about who gets housing benefit?", P),
    (S, "Who owns the GenAI policy?", I),
    (S, "I accidentally pasted a resident's address into ChatGPT, what do I do?", I),
    (S, "banana", U),
    (M, "Can I use AI to put together a first draft of next week's lesson on volcanoes?", C),
    (M, "Can pupils use AI to check their spelling and grammar?", C),
    (M, "Can I use chatgtp to plan a year 7 history lesson?", N),
    (M, "Can I get AI to mark my Year 10 mock exam scripts?", P),
    (M, "Can I put a pupil's name and date of birth into AI to write their report?", P),
    (M, "How often does the AI policy get reviewed?", I),
    (M, "hello", U),
]
IDS = [f"{Path(policy).stem}:{question[:40]}" for policy, question, _ in CASES]


def decided(policy_id: str, question: str, verdict: str) -> tuple[Decision, dict]:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == verdict, "the engine's answer changed: update CASES"
    return decision, answer_card(decision, POLICIES[policy_id])


def test_the_cases_cover_every_verdict() -> None:
    assert {verdict for _, _, verdict in CASES} == {v.value for v in Verdict}


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_the_card_is_valid_and_small(policy_id: str, question: str, verdict: str) -> None:
    _, card = decided(policy_id, question, verdict)
    assert_valid_card(card)
    assert len(json.dumps(card)) <= CARD_BUDGET


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_the_banner_says_the_verdict_in_words(policy_id: str, question: str, verdict: str) -> None:
    _, card = decided(policy_id, question, verdict)
    banner = card["body"][0]
    look = LOOKS[Verdict(verdict)]
    assert banner["type"] == "Container" and banner["style"] == look.style
    assert banner["items"][0] == {
        "type": "TextBlock",
        "text": look.label,
        "wrap": True,
        "size": "large",
        "weight": "bolder",
        "style": "heading",
    }


def test_each_verdict_has_its_own_words() -> None:
    labels = [look.label for look in LOOKS.values()]
    assert len(set(labels)) == len(Verdict) == len(labels)
    assert LOOKS[Verdict.PROHIBITED].label == "Not allowed"


def first_view(card: dict) -> dict:
    """The card as it first shows: hidden containers left out."""
    return {**card, "body": [e for e in card["body"] if e.get("isVisible", True)]}


def details_of(card: dict) -> dict:
    (details,) = [e for e in card["body"] if e.get("id") == DETAILS_ID]
    assert details["isVisible"] is False
    return {"type": "AdaptiveCard", "body": details["items"]}


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_the_first_view_says_the_verdict_why_and_what_to_do(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    shown = run_texts(first_view(card))
    if verdict in (I, U):
        assert decision.answer in shown  # what the policy says, or what the bot asks back
        return
    deciding = [r for r in decision.reasons if r.verdict == decision.verdict]
    why, _ = split_first_sentence(deciding[0].text)
    assert why in shown
    assert f"  ({', '.join(deciding[0].cites)})" in shown  # with its clause
    if verdict == C:
        assert all(BULLET + c in shown for c in decision.conditions[:3])
    if decision.instead:
        assert "Instead: " + decision.instead in shown
    if verdict == N:
        assert any(t.startswith("Who approves: ") for t in shown)


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_the_rest_is_under_details_and_nothing_is_said_twice(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    details = run_texts(details_of(card))
    assert question in details
    toggles = [a for a in card["actions"] if a["type"] == "Action.ToggleVisibility"]
    assert [(a["title"], a["targetElements"]) for a in toggles] == [(DETAILS, [DETAILS_ID])]
    words = " ".join(run_texts(card))
    for reason in decision.reasons:  # every reason is there, in full, once
        head, rest = split_first_sentence(reason.text)
        assert words.count(head) == 1, head
        assert not rest or words.count(rest) == 1
    sentences = [s for t in run_texts(card) for s in _sentences(t) if len(s) > 30]
    assert len(sentences) == len(set(sentences)), [s for s in sentences if sentences.count(s) > 1]


def _sentences(text: str) -> list[str]:
    rest, found = text, []
    while rest:
        head, rest = split_first_sentence(rest)
        found.append(head.strip())
    return found


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_only_this_uses_duties_are_shown_not_those_of_every_use(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    runs = run_texts(details_of(card))
    every_time = set(POLICIES[policy_id].document.always_obligations)
    for duty in decision.obligations:
        assert (duty.label in runs) == (duty.id not in every_time), duty.id
    shown = [d for d in decision.obligations if d.id not in every_time]
    assert runs.count(BULLET) == len(shown)  # a duty's bullet is its own run, before bold


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_clauses_are_cited_with_their_titles(policy_id: str, question: str, verdict: str) -> None:
    decision, card = decided(policy_id, question, verdict)
    runs = run_texts(details_of(card))
    for citation in decision.citations:
        label = citation.id if citation.title == citation.id else f"{citation.id} {citation.title}"
        assert BULLET + label in runs


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_clause_text_is_there_on_demand_and_short(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    sections = {s.id: s for s in POLICIES[policy_id].document.sections}
    cited = [sections[c.id] for c in decision.citations if c.id in sections]
    passages = [e for e in elements(card) if e.get("id") == CLAUSE_TEXT_ID]
    toggles = [e for e in elements(card) if e.get("type") == "Action.ToggleVisibility"]
    shown_first = " ".join(run_texts(first_view(card)))
    wanted = [
        s
        for s in cited
        if s.text.strip() and split_first_sentence(" ".join(s.text.split()))[0] not in shown_first
    ]
    if not wanted:
        assert not passages
        return
    (passage,) = passages
    assert passage["isVisible"] is False
    assert [t["targetElements"] for t in toggles if t["title"] == SHOW_CLAUSES] == [
        [CLAUSE_TEXT_ID]
    ]
    texts = run_texts({"body": passage["items"]})
    for section in wanted:
        assert any(t.startswith(" ".join(section.text.split())[:60]) for t in texts)
    assert all(len(t) <= 400 for t in texts)


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_request_approval_only_when_approval_is_needed(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    titles = [b["title"] for b in buttons(card)]
    requests = submit_data(card, VERB_REQUEST_APPROVAL)
    if verdict != N:
        assert REQUEST_APPROVAL not in titles and not requests
        return
    assert titles[0] == REQUEST_APPROVAL
    assert requests == [
        {
            "verb": VERB_REQUEST_APPROVAL,
            "question": question,
            "tool": decision.tool.name if decision.tool else None,
            "purpose": decision.purpose.id if decision.purpose else None,
            "data": list(decision.data),
        }
    ]


def test_request_approval_carries_the_tool_purpose_and_data() -> None:
    _, card = decided(S, CASES[3][1], N)
    (data,) = submit_data(card, VERB_REQUEST_APPROVAL)
    assert (data["tool"], data["purpose"], data["data"]) == (
        "Microsoft Copilot",
        "drafting",
        ["personal"],
    )
    _, card = decided(M, "Can I use chatgtp to plan a year 7 history lesson?", N)
    (data,) = submit_data(card, VERB_REQUEST_APPROVAL)
    assert (data["tool"], data["purpose"], data["data"]) == ("ChatGPT", "lesson-planning", [])


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_every_answer_offers_to_report_an_incident(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    assert submit_data(card, VERB_REPORT_INCIDENT) == [
        {"verb": VERB_REPORT_INCIDENT, "question": question}
    ]
    first = card["actions"][0]
    if decision.next_step == "report_incident":
        assert (first["title"], first["style"]) == (REPORT_INCIDENT, "positive")
    else:
        assert card["actions"][-1]["title"] == REPORT_INCIDENT


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_the_follow_up_fits_the_data(policy_id: str, question: str, verdict: str) -> None:
    decision, card = decided(policy_id, question, verdict)
    asks = submit_data(card, VERB_ASK)
    if verdict in (U, I):
        assert asks == []
        assert bool(submit_data(card, VERB_HELP)) == (verdict == U)
    elif set(decision.data) - {"public", "internal"}:
        assert asks == [{"verb": VERB_ASK, "text": ASK_IF_ANONYMISED}]
    else:
        assert asks == [{"verb": VERB_ASK, "text": ASK_WITH_PERSONAL_DATA}]


@pytest.mark.parametrize(("policy_id", "question", "verdict"), CASES, ids=IDS)
def test_only_this_packages_wording_is_in_text_blocks(
    policy_id: str, question: str, verdict: str
) -> None:
    decision, card = decided(policy_id, question, verdict)
    policy_words = {decision.question, decision.answer, POLICIES[policy_id].document.title}
    for element in elements(card):
        if element["type"] in ("TextBlock", "FactSet"):
            assert not any(words in json.dumps(element) for words in policy_words if words)


def test_a_clarifying_question_offers_its_quick_replies() -> None:
    policy = load_policy("oadby-wigston")
    question = "Can Copilot summarise the evidence for the decision on this housing application?"
    decision = decide(policy, question)
    card = answer_card(decision, policy)
    assert_valid_card(card)
    replies = submit_data(card, VERB_ASK)
    assert [r["text"] for r in replies] == [c.text for c in decision.choices]
    titles = [b["title"] for b in buttons(card)]
    assert titles[:2] == ["Yes, a person decides", "No, the AI's answer is used"]
    assert submit_data(card, VERB_HELP) == []  # the question itself is the help


def test_the_safety_nets_question_says_so_and_offers_its_replies() -> None:
    policy = load_policy("socitm-template")
    decision = decide(policy, "Can AI compose the letter?")
    assert decision.doubt is not None  # the shipped weights doubt "letter" (a resident's?)
    card = answer_card(decision, policy)
    assert_valid_card(card)
    texts = [e.get("text") for e in elements(card) if e["type"] == "TextBlock"]
    assert DOUBTED.label in texts and LOOKS[Verdict.UNCLEAR].label not in texts
    assert [r["text"] for r in submit_data(card, VERB_ASK)] == [c.text for c in decision.choices]
    assert [b["title"] for b in buttons(card)][-5:-1] == [c.title for c in decision.choices]


def test_a_follow_up_shows_the_question_it_answers() -> None:
    policy = load_policy("oadby-wigston")
    question = "Can Copilot summarise the evidence for the decision on this housing application?"
    reply = decide(policy, question).choices[0].text
    card = answer_card(decide(policy, reply, [question]), policy)
    texts = run_texts(card)
    assert question in texts and reply in texts and " then: " in texts


def test_public_information_is_not_offered_anonymising() -> None:
    policy = POLICIES[S]
    decision = decide(
        policy, "Can AI write a library opening announcement using only public information?"
    )
    assert decision.data == ("public",)
    asks = submit_data(answer_card(decision, policy), VERB_ASK)
    assert asks == [{"verb": VERB_ASK, "text": ASK_WITH_PERSONAL_DATA}]


@pytest.mark.parametrize("policy_id", [S, M])
def test_the_duties_of_every_use_are_on_the_help_card_once(policy_id: str) -> None:
    from bot.cards import help_card
    from bot.cards.help import EVERY_TIME

    policy = POLICIES[policy_id]
    runs = run_texts(help_card(policy))
    for duty_id in policy.document.always_obligations:
        assert runs.count(policy.duties[duty_id].label) == 1
    assert EVERY_TIME in json.dumps(help_card(policy))
    question = next(q for p, q, verdict in CASES if p == policy_id and verdict == C)
    _, card = decided(policy_id, question, C)
    assert any('on the help card: type "help"' in r for r in run_texts(details_of(card)))
