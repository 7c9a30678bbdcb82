"""The mid-kent policy answers the questions council staff would actually type.

Written from the source document (Mid-Kent Artificial Intelligence Policy: Maidstone, Swale and
Tunbridge Wells), not from the YAML: the questions paraphrase the document, misspell tool names
and carry real-looking personal data, so that they test how the knowledge base generalises.
"""

from __future__ import annotations

import pytest

from knowledge import Verdict, decide, load_policy

from .policy_table import check_answer, check_table, row

POLICY = load_policy("mid-kent")

# Every clause of the document that grants or forbids something: each must be tested below.
PERMISSION_CLAUSES = (
    "3.1",  # don't train tools on confidential or sensitive data
    "5.2",  # only approved AI systems, on Council-approved devices
    "5.3",  # acceptable uses; everyday tools with built-in AI
    "5.4",  # AI must not solely determine access to services
    "5.5",  # rigorous review before use
    "5.6",  # disclaimer; not relied upon for strategic decisions
    "6.1",  # no deployment before verification and validation
    "7.1",  # consult IG before new AI technology / new purpose
    "7.3",  # no confidential or personal information in public AI tools
    "7.4",  # human review and override of automated decisions
    "7.5",  # DPIA for personal data
    "9.1",  # no discriminatory/offensive content, no IP infringement, no replacing judgement
    "9.4",  # political neutrality, no fabrication, not the sole basis for decisions
    "11.1",  # automated decision-making and profiling
    "12.3",  # ATRS for public-facing or decision-influencing AI
)

A = "allowed_with_conditions"
N = "needs_approval"
P = "prohibited"
I = "information"  # noqa: E741
U = "unclear"

CASES = [
    # 5.2 / 7.1: the document approves no named tool; every one needs the IG risk assessment first.
    ("Can I use chatgtp to help me write a committee report?", N, "5.2"),
    ("is Gemeni ok for brainstorming ideas for a community event", N, "7.1"),
    ("can i use co-pilot to tidy up the wording of a memo to my team", N, "5.2"),
    ("I already use Claude at home, can I use it for my council work too?", N, "7.1"),
    ("Could we start using Otter to transcribe our team meetings?", N, "5.2"),
    ("Can I use Microsoft 365 Copilot to write up the minutes of a project board?", N, "5.2"),
    # names out of case notes leave confidential casework, which 7.3 keeps out of public tools
    ("Can I use ChatGPT with anonymised case notes, no personal data at all?", P, "7.3"),
    (
        "Is Perplexity alright for researching recycling rates using only public information?",
        N,
        "5.2",
    ),
    ("Can I use my personal ChatGPT Plus subscription for council tasks?", N, "7.1"),
    # 5.2: corporate work only on Council-approved devices.
    ("Can I use an AI app on my own phone to draft council emails?", P, "5.2"),
    # 5.3: generating content for reports, emails, presentations, images and customer service.
    ("Can I use AI to produce the first version of a briefing paper? No personal data.", A, "5.3"),
    ("Am I allowed to get AI to put together slides for a staff away day?", A, "5.3"),
    ("Can AI help me come up with a picture for the front of our annual report?", A, "5.3"),
    (
        "Can AI help me prepare standard responses to customer enquiries about bin collections?",
        A,
        "5.3",
    ),
    # 5.3: everyday tools that incorporate AI by default (search engines, productivity software).
    ("Is it fine to use the AI answers in a web search to look up planning legislation?", A, "5.3"),
    ("Can I rely on predictive text when typing emails in Outlook?", A, "5.3"),
    # 5.6: AI-assisted content published to the public carries a visible disclaimer.
    ("Can I use AI to write a press release using only publicly available information?", A, "5.6"),
    # 7.3: confidential and personal information must never go into a public AI tool.
    ("Can I paste a resident's name and address into ChatGPT to write a reply?", P, "7.3"),
    ("Can I put a customer's bank details into Gemeni to work out a payment plan?", P, "7.3"),
    ("Is it ok to put NHS number 943 476 5919 into Claude to fill in a referral form?", P, "7.3"),
    # 7.5: Copilot may be the Council's own (claimed_tool.may_be_provided), so personal data in
    # it needs the IG consultation and DPIA first rather than the public tools' "never".
    ("Could I ask copilot to summarise a safeguarding concern about a child?", N, "7.5"),
    (
        "Can I give chat gpt the complaint from jane.doe@example.com so it drafts a response?",
        P,
        "7.3",
    ),
    ("Can I upload our commercially sensitive tender evaluation into Grok?", P, "7.3"),
    ("Can I type a tenant's full name and home address into a web search?", P, "7.3"),
    # 7.5: personal data needs a DPIA and the IG Team / DPO consulted first.
    ("Can I use AI to summarise a letter about a resident's health condition?", N, "7.5"),
    ("Can AI draft a letter to someone living at SW1A 1AA about their council tax?", N, "7.5"),
    (
        "Could I use Copilot in Word to summarise a child's SEN details for an EHCP review?",
        N,
        "7.5",
    ),
    # 3.1: don't train tools on confidential or sensitive data.
    ("Can we fine-tune a model on our housing case files?", P, "3.1"),
    # 5.4 / 7.4 / 11.1: no solely automated decisions about people.
    ("Can we let the AI decide on its own which customers can access the service?", P, "5.4"),
    (
        "Could an algorithm automatically turn down housing applications with nobody checking?",
        P,
        "7.4",
    ),
    ("Can we use AI to predict which tenants are likely to fall into rent arrears?", N, "11.1"),
    ("Can I use AI to help me shortlist applicants for the planning officer job?", N, "11.1"),
    # 5.5: all AI-generated content is rigorously reviewed before use.
    ("Can I send AI-written letters out to residents without checking them first?", P, "5.5"),
    # 5.6: not relied upon for strategic decisions.
    ("Can I rely on AI to make the strategic decision about which services to cut?", P, "5.6"),
    # 6.1 / 12.3: deployment and public-facing AI.
    ("We want to deploy an open source LLM on our own servers for the revenues team", N, "6.1"),
    ("Can we launch a webchat bot on the council website that answers residents?", N, "12.3"),
    # 9.1: nothing discriminatory, offensive or inappropriate; no IP infringement; no replacing
    # professional judgement.
    (
        "Can I use AI to make some offensive memes about travellers for the staff group chat?",
        P,
        "9.1",
    ),
    ("Can I use Midjourney to recreate a copyrighted cartoon character for a poster?", P, "9.1"),
    ("Can AI replace the professional judgement of our planning enforcement officers?", P, "9.1"),
    # 9.4: political neutrality; no fabricated information.
    ("Can I use AI to write a leaflet for my party's election campaign?", P, "9.4"),
    ("Could AI invent some statistics to make our funding bid look stronger?", P, "9.4"),
    # Questions about the policy itself.
    ("Who has overall accountability for AI risk at the council?", I, "4.2"),
    ("How often does the AI policy get reviewed?", I, "15.1"),
    ("Do we need a DPIA if the project uses no personal data?", I, "7.5"),
    ("When is a DPIA not needed for an AI project?", I, "7.5"),
    ("Who do I go to to get a new AI tool signed off?", I, "7.1"),
    ("Are AI-generated documents covered by FOI requests?", I, "10.4"),
    ("Does this AI policy apply to elected members and volunteers?", I, "2.1"),
    ("When does an AI system have to be recorded in the ATRS?", I, "12.3"),
    ("What does the policy say about labelling content made with AI?", I, "5.6"),
    ("What happens if I break the AI policy?", I, "14.3"),
    # Something already went wrong: the incident route.
    (
        "I accidentally pasted a resident's date of birth into ChatGPT, what should I do now?",
        I,
        "14.2",
    ),
    ("How do I report a near miss with an AI tool?", I, "14.2"),
    # Too vague to answer.
    ("is this ok?", U, None),
    ("what about the other thing we talked about", U, None),
]


@pytest.mark.parametrize(
    ("question", "verdict", "clause"), CASES, ids=[row(c)[0][:60] for c in CASES]
)
def test_question(question: str, verdict: str, clause: str | None) -> None:
    check_answer(POLICY, question, verdict, clause)


def test_table_covers_every_permission_clause() -> None:
    check_table(CASES, PERMISSION_CLAUSES, POLICY)


def test_personal_data_in_the_copilot_the_council_may_provide_needs_its_dpia_first() -> None:
    """Mid-Kent names no approved tool, and its staff work in Microsoft 365: Copilot may be the
    Council's own (`claimed_tool.may_be_provided`), so the rule for free public tools (7.3,
    "never") does not decide; personal data needs the IG consultation and DPIA (7.5), and the
    answer still says that a public tool must not be given it at all. A free public tool no one
    supposes the Council provides is still refused."""
    question = "can I put my apprentice's appraisal notes and her sickness record into {tool}"
    copilot = decide(POLICY, question.format(tool="copilot"))
    assert copilot.verdict == Verdict.NEEDS_APPROVAL, copilot.to_json()
    assert "personal-data-needs-dpia" in copilot.rule_ids
    assert any("public AI tool (7.3)" in condition for condition in copilot.conditions)
    chatgpt = decide(POLICY, question.format(tool="chatgpt"))
    assert chatgpt.verdict == Verdict.PROHIBITED
    assert "personal-or-confidential-into-public-tool" in chatgpt.rule_ids
