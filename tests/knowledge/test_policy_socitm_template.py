"""The socitm-template policy answers the questions council staff would actually type.

Written from the source document (the ALGIM/Socitm GenAI policy template, v2, sections 1-17), not
from the YAML: the questions paraphrase the document, misspell tool names and carry real-looking
personal data, so that they test how the knowledge base generalises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import decide, load_document, load_policy

from .policy_table import check_answer, check_table, row

POLICY = load_policy("socitm-template")
EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "example-borough.yaml"

# Every clause of the document that grants or forbids something: each must be tested below.
PERMISSION_CLAUSES = (
    "4",  # tools and services: public / enterprise (conditions), others authorised first
    "7",  # an unlisted tool is unapproved: seek permission first
    "7.1",  # permitted uses
    "7.2",  # prohibited uses
    "7.3",  # procurement approved and overseen
    "8.3",  # must not rely solely on GenAI
    "8.4",  # intellectual property
    "9.1",  # disclosure for public-facing use
    "10.3",  # private data only if explicitly authorised
    "10.5",  # integration with internal systems needs prior approval
    "11.1",  # pre-deployment assessments and approval conditions
    "11.2",  # pilot and test before deployment
)

A = "allowed"
C = "allowed_with_conditions"
N = "needs_approval"
P = "prohibited"
I = "information"  # noqa: E741
U = "unclear"

CASES = [
    # 4: public tools "may be used with caution and within a limited scope".
    ("Can I use chatgtp to draft a reply about changes to bin collection days?", C, "4"),
    ("Is Gemeni ok for brainstorming slogans for our recycling campaign?", C, "4"),
    ("Is Gemeni ok for brainstorming names for our recycling campaign?", C, "4"),
    ("is Google Bard fine for making a quiz for the staff away day", C, "4"),
    ("can i use co-pilot to tidy up the wording of our team newsletter", C, "4"),
    ("Can I use Claude to write a Python script that renames files in a folder?", C, "4"),
    # 4: GenAI features in enterprise platforms, in line with vendor terms and governance.
    ("Can I use Copilot in Outlook to condense a long email thread?", C, "4"),
    # Switching an enterprise platform's AI features on for a live process is a change that
    # needs review (7.3, 11.3) before use, not everyday use of the feature.
    ("Are we allowed to switch on the AI features in Netcall for routing enquiries?", N, "4"),
    # 4: internally developed, procured and open-source tools must be authorised first.
    ("Can our team start using Hey Geraldine to answer staff HR questions?", N, "4"),
    ("Can I use Simply Readable to turn a leaflet into an easy read version?", N, "4"),
    ("Could I try Beam Magic Notes for writing up my meeting notes?", N, "4"),
    ("Can we use Azure Sonic Brief to transcribe the project board meeting?", N, "4"),
    ("Is ICS.AI alright for our contact centre?", N, "4"),
    # 4 and 7: any tool not listed is presumed unauthorised.
    ("Can I use Perplexity to look up recycling rates in other councils?", N, "7"),
    ("Could I use Midjourney to make a poster for the summer fair?", N, "4"),
    ("Is it alright to try DeepSeek for writing a job advert?", N, "7"),
    ("Can I use NoteGenie to take notes in a meeting?", N, "7"),
    # 7.1: approved uses (no tool named: the use decides, on the condition of an approved tool).
    ("Can I use AI to put together a first draft of a briefing for the committee?", C, "7.1"),
    ("Can AI help me turn dense planning guidance into plain English?", C, "7.1"),
    ("Can I get AI to help me write an Excel macro for the rota spreadsheet?", C, "7.1"),
    ("Can I use AI to come up with ideas for a staff wellbeing week?", C, "7.1"),
    ("Could GenAI automate the repetitive parts of my weekly data returns?", C, "7.1"),
    ("Can I use AI to make slides for a presentation to the leadership team?", C, "7.1"),
    ("Can AI create a picture for the front cover of our annual report?", C, "7.1"),
    ("Can I use AI to write a speech for the mayor?", C, "7.1"),
    ("Can I use AI to write a job advert for our recruitment campaign?", C, "7.1"),
    ("Can I use chatgpt to write up minutes of the cabinet meeting?", C, "4"),
    # Negations: nothing personal, anonymised or only public information.
    ("Can I use ChatGPT to summarise an anonymised case study for a training session?", C, "4"),
    ("Can AI write a library opening announcement using only public information?", C, "7.1"),
    ("Can I use Gemini to summarise the budget consultation? No personal data involved.", C, "4"),
    # 7.2 and 10.3: personal, sensitive, special category or confidential data needs
    # authorisation and a completed DPIA.
    # In a named public chatbot the same data is a no for now: section 4 lets public tools take
    # it only with explicit authorisation.
    (
        "Can I paste a resident's name and address into ChatGPT to reply to their complaint?",
        P,
        "10.3",
    ),
    ("Can I use AI to summarise a safeguarding concern about a vulnerable adult?", N, "7.2"),
    ("Can Copilot help me write a report that includes a child's SEN details?", N, "7.2"),
    ("I want Gemini to draft a letter about a tenant's health condition", P, "10.3"),
    ("Can I put a claimant's bank details into AI to work out a repayment plan?", N, "7.2"),
    ("Can AI draft a reply to jo.bloggs@example.com who lives at SW1A 1AA?", N, "10.3"),
    ("Can I give chat gpt the NHS number 943 476 5919 to help write a care plan?", P, "10.3"),
    ("Can I upload our confidential tender evaluation to Claude to summarise it?", P, "10.3"),
    ("Can I use AI to compare staff sickness absence by ethnicity?", N, "10.3"),
    ("Can I use Chat-GPT to rewrite a letter to Mrs Patel at 12 High Street?", P, "10.3"),
    ("can i put a job applicant's CV into chat gpt to summarise it", P, "10.3"),
    # 7.2 and 8: GenAI supporting a critical decision that a person checks is a high-risk use
    # that needs the assessments and approval; relying on it without oversight is prohibited.
    ("Can AI help decide whether to approve a benefit claim if I make the final decision?", N, "8"),
    # 7.2: the other prohibited uses.
    ("Can ChatGPT decide who gets offered a council house?", P, "7.2"),
    ("Can ChatGPT decide who to hire?", P, "7.2"),
    ("Can I use AI to work out who is eligible for a housing grant?", P, "7.2"),
    ("Can AI reply straight to residents without anyone checking the answers?", P, "7.2"),
    ("Can I present the AI's answer to the complainant as final without reading it?", P, "8.3"),
    ("Can I use AI to write a fake positive review of our leisure centre?", P, "7.2"),
    ("Can I log in to ChatGPT with my personal account to do work tasks?", P, "7.2"),
    ("Can I use the free version of ChatGPT on my own phone for work?", P, "7.2"),
    ("Can we go live with an untested chatbot on the council website?", P, "11.2"),
    ("Can we deploy Consult straight into our live environment?", P, "7.2"),
    # 8.4: do not infringe others' intellectual property.
    ("Can I get Claude to copy someone else's copyrighted photo for our leaflet?", P, "8.4"),
    # 7.3: procurement approved through the procurement process, overseen by the authority.
    ("We'd like to buy an AI product for the housing team; can we just purchase it?", N, "7.3"),
    # 10.5 and 11.1: integration and deployment need prior approval and assessments.
    ("Can we integrate ChatGPT with our case management system?", N, "10.5"),
    ("Could we roll out an AI triage tool to the customer services team?", N, "11.1"),
    (
        "Can we put a chatbot for residents on the website to answer council tax questions?",
        N,
        "9.1",
    ),
    # 9.1: public-facing content must disclose GenAI use.
    ("Can I use Copilot to write a press release about the new bus route?", C, "9.1"),
    # Questions about the policy itself.
    ("Who owns the GenAI policy?", I, "5"),
    ("How often does this policy get reviewed?", I, "16"),
    ("How do I report a problem with an AI tool?", I, "13"),
    ("When is a DPIA not required for a GenAI project?", I, "10.4"),
    ("Who do I ask to get a new AI tool approved?", I, "7"),
    ("What information do I have to include when asking permission for a new tool?", I, "7"),
    ("When is an equality impact assessment needed?", I, "8.2"),
    ("What happens if someone breaks the AI policy?", I, "13"),
    ("Is AI training mandatory for staff?", I, "15"),
    ("Does the policy apply to councillors?", I, "3"),
    ("Which AI tools can I use?", I, "4"),
    ("What do I need to put in a request to use a new AI tool?", I, "7"),
    # Something has already gone wrong: the incident route.
    ("I accidentally pasted a resident's address into ChatGPT, what should I do now?", I, "13"),
    # Too vague to answer.
    ("is this ok?", U, None),
    ("Can I use it for that?", U, None),
]


@pytest.mark.parametrize(
    ("question", "verdict", "clause"), CASES, ids=[row(c)[0][:60] for c in CASES]
)
def test_question(question: str, verdict: str, clause: str | None) -> None:
    check_answer(POLICY, question, verdict, clause)


def test_table_covers_every_permission_clause() -> None:
    check_table(CASES, PERMISSION_CLAUSES, POLICY)


def test_template_names_no_one() -> None:
    """Blanks are neutral placeholders, never invented names."""
    d = decide(POLICY, "Who owns the GenAI policy?")
    assert d.answer.startswith("The GenAI governance authority owns this policy"), d.to_json()
    assert POLICY.document.incidents.no_penalty_for_honest_mistakes is False


def test_example_borough_extends_the_template() -> None:
    document = load_document(EXAMPLE)
    assert document.extends == "socitm-template"
    tools = {t.id: t for t in document.tools}
    assert "claude" not in tools
    assert tools["m365-copilot"].status == "approved"
    assert "Example Borough AI Board" in next(s.text for s in document.sections if s.id == "5")
    borough = load_policy(EXAMPLE)
    d = decide(borough, "Can I use Microsoft 365 Copilot to draft an email to a colleague?")
    assert d.verdict == "allowed", d.to_json()
    d = decide(borough, "Can I use Claude to brainstorm ideas for an event?")
    assert d.verdict == "needs_approval", d.to_json()
