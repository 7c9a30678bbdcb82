"""How the engine reads questions, independent of any one seed policy (minimal fixture)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import Verdict, decide, load_policy

from .policy_table import settled

POLICY = load_policy(Path(__file__).parent / "fixtures" / "minimal.yaml")


def tool_of(question: str) -> str | None:
    decision = decide(POLICY, question)
    return decision.tool.name if decision.tool else None


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("Can I use ChatGPT to draft an email?", "ChatGPT"),
        ("can i use chat gpt to draft an email", "ChatGPT"),
        ("Can I use Chat-GPT?", "ChatGPT"),
        ("can I use chatgtp for a letter", "ChatGPT"),
        ("is CHATGBT ok for emails", "ChatGPT"),
        ("what about co-pilot for minutes?", "Microsoft Copilot"),
        ("Can I use Gemeni to brainstorm?", "Gemini"),
        ("Could I try Perplexety for research?", "Perplexity"),
        ("can I use midjurney for a poster", "Midjourney"),
        ("I want to use Otter for meeting notes", "Otter"),
        ("Can I use Frobnicator Pro to draft emails?", "Frobnicator Pro"),
    ],
)
def test_finds_the_tool_despite_case_spacing_hyphens_and_typos(question: str, tool: str) -> None:
    assert tool_of(question) == tool


@pytest.mark.parametrize(
    "question",
    [
        "Which clause covers drafting?",  # clause ~ Claude
        "Can I write a poem for the staff newsletter?",  # poem ~ Poe
        "Can the board see my draft?",  # board ~ Bard
        "Is cloud storage ok for drafts?",
        "Can I use it to draft an email?",
        "Can I use AI to draft an email?",
        "I saw an otter by the river",  # an alias that is an English word, out of context
        "Can I use the internet to research a topic?",
    ],
)
def test_ordinary_words_are_not_tools(question: str) -> None:
    assert tool_of(question) is None


@pytest.mark.parametrize(
    ("question", "personal"),
    [
        ("Can I put a resident's name and address into ChatGPT?", True),
        ("Can I paste a customer's complaint into ChatGPT?", True),
        ("Can I use ChatGPT for a letter to jo.bloggs@example.org?", True),
        ("Can ChatGPT summarise notes mentioning NHS number 943 476 5919?", True),
        ("Can I use ChatGPT with their date of birth?", True),
        ("Can I use ChatGPT to draft a letter with no personal data in it?", False),
        ("Can I use ChatGPT on anonymised case summaries?", False),
        ("Can ChatGPT summarise the report with all names removed?", False),
        ("Can I use ChatGPT on non-personal content?", False),
        ("Can ChatGPT draft a letter using only public information?", False),
        ("Can I use ChatGPT to draft an email?", False),
    ],
)
def test_reads_personal_data_and_its_negations(question: str, personal: bool) -> None:
    assert ("personal" in decide(POLICY, question).data) is personal


def test_an_invalid_nhs_number_is_not_personal_data_by_itself() -> None:
    assert "personal" not in decide(POLICY, "Can ChatGPT check reference 943 476 5918?").data


def test_stricter_rule_wins_and_names_its_clause() -> None:
    allowed = decide(POLICY, "Can I use ChatGPT to draft an email?")
    assert allowed.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert allowed.conditions == ("No personal data.",)
    forbidden = decide(POLICY, "Can I use ChatGPT to draft an email to a resident's home address?")
    assert forbidden.verdict == Verdict.PROHIBITED
    assert forbidden.rule_ids == ["personal-into-public"]
    assert [c.id for c in forbidden.citations] == ["2"]
    # Every contribution is kept as a reason, strictest first.
    assert forbidden.reasons[0].verdict == Verdict.PROHIBITED
    assert "tool:chatgpt" in [r.rule for r in forbidden.reasons]


def test_unlisted_tool_needs_approval_and_offers_the_request() -> None:
    decision = decide(POLICY, "Can I use Midjourney to make a poster?")
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.tool is not None and decision.tool.listed is False
    assert decision.next_step == "request_approval"
    assert "the AI Board" in decision.answer


def test_catalogued_public_tool_is_still_subject_to_public_tool_rules() -> None:
    # Perplexity is not listed, but it is a public tool, so personal data is prohibited.
    decision = decide(POLICY, "Can I paste a resident's address into Perplexity?")
    assert decision.verdict == Verdict.PROHIBITED


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("can i put the residents' survey pdfs into notebooklm to pull out themes?", "NotebookLM"),
        ("ilovepdf has an AI summarise button - ok for the committee papers?", "iLovePDF AI"),
        ("use trint to transcribe the tenants' forum recording?", "Trint"),
        ("can I run the fun day photos through faceapp to tidy them up?", "FaceApp"),
    ],
)
def test_ai_tools_people_name_beyond_the_big_ones_are_read_as_tools(
    question: str, tool: str
) -> None:
    # a document assistant, a transcriber, a photo app: not listed, so not yet, never "unclear"
    decision = decide(POLICY, question)
    assert decision.tool is not None and decision.tool.name == tool
    assert decision.verdict in (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED)


def test_no_tool_named_uses_the_policy_default() -> None:
    # "letter" often comes with a resident's details: the safety net may ask once first.
    decision = settled(POLICY, "Can I use AI to compose a letter?", "allowed_with_conditions")
    assert decision.tool is None
    assert decision.purpose is not None and decision.purpose.id == "drafting"
    assert "no-tool-named" in [r.rule for r in decision.reasons]


@pytest.mark.parametrize("question", ["is this ok?", "hello", "", "???", "What about it?"])
def test_vague_questions_get_one_clarifying_question(question: str) -> None:
    decision = decide(POLICY, question)
    assert decision.verdict == Verdict.UNCLEAR
    assert decision.clarifying_question and decision.clarifying_question.count("?") >= 1


def test_questions_about_the_policy_are_information() -> None:
    decision = decide(POLICY, "who is the owner of this policy?")
    assert decision.verdict == Verdict.INFORMATION
    # capitalised at the sentence's start, with the contact the policy gives for the AI Board
    assert decision.answer == "The AI Board owns it. To reach the AI Board: ai-board@example.org."


def test_something_that_already_happened_goes_to_incident_reporting() -> None:
    decision = decide(POLICY, "I accidentally pasted a resident's email into ChatGPT")
    assert decision.verdict == Verdict.INFORMATION
    assert decision.next_step == "report_incident"
    assert "data breach" in decision.answer
    # Asking whether one may paste is a permission question, not an incident.
    assert decide(POLICY, "Can I paste a resident's email into ChatGPT?").next_step is None


def test_json_has_the_design_shape() -> None:
    data = decide(POLICY, "Can I use chat gpt to draft emails to a resident's address?").to_json()
    assert set(data) >= {
        "policy",
        "question",
        "verdict",
        "answer",
        "tool",
        "purpose",
        "data",
        "reasons",
        "obligations",
        "citations",
        "next_step",
    }
    assert data["policy"] == {"id": "minimal", "version": "1"}
    assert data["tool"]["name"] == "ChatGPT" and data["tool"]["matched"] == "chat gpt"
    assert data["purpose"] == {"id": "drafting", "label": "Drafting"}
    assert data["reasons"][0] == {
        "rule": "personal-into-public",
        "effect": "forbid",
        "text": "Personal data must not go into a public tool.",
        "cites": ["2"],
    }
    assert data["citations"] == [{"id": "2", "title": "Prohibited uses"}]


def test_permitted_answers_carry_the_always_duties() -> None:
    decision = decide(POLICY, "Can I use ChatGPT to draft an email?")
    assert [d.id for d in decision.obligations] == ["human_review"]
    assert decide(POLICY, "Can I put a resident's address in ChatGPT?").obligations == ()


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("copilot made up a figure that went into a committee report", "Microsoft Copilot"),
        ("I accidentally pasted a resident's email into ChatGPT", "ChatGPT"),
        ("I think I've put a pupil's report into Gemini by mistake", "Gemini"),
    ],
)
def test_an_incident_names_the_tool_it_happened_in(text: str, tool: str) -> None:
    decision = decide(load_policy("socitm-template"), text)
    assert decision.next_step == "report_incident"
    assert decision.tool is not None and tool in decision.tool.name
