"""Oadby and Wigston Borough Council AI Policy (2026): questions staff would ask, answered.

Written from the committee report (seeds/003_533f81293009d10a.txt), not from the YAML: the
questions use other words than the policy's examples, misspell tool names, carry personal data and
UK identifiers, negate it, and ask about the policy itself. Each row is (question, expected
verdict, a clause id the answer must cite, or None).

What the document says, in short: only Microsoft Copilot is permitted (4.2), inside the Council's
Microsoft 365 tenant (4.3); any other GenAI tool needs approval from the IT Operations & Security
Manager or the Head of IT (5.2); GenAI will not replace decision-making (3.2); users apply their
own judgement and check outputs (3.3, 6.2); it must be used lawfully and ethically (6.1) and not
to generate and publish discriminatory, offensive or inappropriate content (6.2).
"""

from __future__ import annotations

import pytest

from knowledge import load_policy

from .policy_table import check_answer, check_table, row

POLICY = load_policy("oadby-wigston")

# Every clause that grants or forbids something; each must be an expected clause in CASES.
PERMISSION_CLAUSES = ("3.2", "3.3", "4.2", "5.2", "6.1", "6.2")

CASES = [
    # 4.2: Microsoft Copilot is the tool the Council permits; everyday support work is fine.
    (
        "Can I use Copilot to draft a reply to a general enquiry about bin collection days?",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "can i use co-pilot to condense a 40 page consultation report into the main points",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "Is it ok to ask Copilot in Outlook to tidy up the wording of a memo to my team?",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "Could Microsoft 365 Copilot come up with ideas for a staff wellbeing week?",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "Can Copilot in Excel help me spot trends in fly-tipping reports by ward?",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "Am I allowed to use Copilot to turn my notes into slides for a team briefing?",
        "allowed_with_conditions",
        "4.2",
    ),
    # Negations take the personal data away again.
    (
        "Can I use Copilot to summarise anonymised complaint figures for the quarterly "
        "performance report?",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "Can Copilot summarise last year's recycling rates using only public information?",
        "allowed_with_conditions",
        "4.2",
    ),
    (
        "Can I use Copilot for a project plan? There's no personal data in it.",
        "allowed_with_conditions",
        "4.2",
    ),
    # 5.2: any GenAI tool other than Microsoft Copilot needs approval first.
    (
        "Can I use ChatGPT to write a press release about the new leisure centre?",
        "needs_approval",
        "5.2",
    ),
    ("chatgtp to reword a job advert - is that allowed?", "needs_approval", "5.2"),
    (
        "Is Gemeni ok for brainstorming a title for the Wigston summer fair?",
        "needs_approval",
        "5.2",
    ),
    ("Can I try Claude to summarise a planning appeal?", "needs_approval", "5.2"),
    (
        "We want to use Otter.ai to transcribe our team meetings, is that ok?",
        "needs_approval",
        "5.2",
    ),
    (
        "Can I use GitHub Copilot to write a Python script for a data import?",
        "needs_approval",
        "5.2",
    ),
    ("Can I use Midjourney to make a poster for a community event?", "needs_approval", "5.2"),
    (
        "Can we start using Perplexity for background research on housing policy?",
        "needs_approval",
        "5.2",
    ),
    ("Can I use Frobnify to write our social media posts?", "needs_approval", "5.2"),
    (
        "Can I use ChatGPT if there's no personal data, just a generic job description?",
        "needs_approval",
        "5.2",
    ),
    # 4.3: the permission rests on Copilot inside the Council's tenant; a personal account is not.
    (
        "Can I use Copilot on my personal Microsoft account at home to draft a report?",
        "needs_approval",
        "5.2",
    ),
    # Personal data: another tool still needs approval (5.2); in Copilot it stays in the tenant
    # and within the user's permissions (4.3) and must be handled lawfully (6.1).
    (
        "Can I paste a resident's name and address into ChatGPT to draft a letter?",
        "needs_approval",
        "5.2",
    ),
    (
        "Put a patient's NHS number 943 476 5919 into Gemini to check their details?",
        "needs_approval",
        "5.2",
    ),
    (
        "Can I upload SEN details for a family into Claude to draft an EHCP summary?",
        "needs_approval",
        "5.2",
    ),
    ("Can I use DeepSeek to analyse confidential budget proposals?", "needs_approval", "5.2"),
    (
        "Can I use Copilot to summarise case notes that mention a tenant's health condition?",
        "allowed_with_conditions",
        "4.3",
    ),
    (
        "Can Copilot draft a letter to a resident at SW1A 1AA about their council tax arrears?",
        "allowed_with_conditions",
        "4.3",
    ),
    (
        "Can I use Copilot to write up notes on a safeguarding concern about a child?",
        "allowed_with_conditions",
        "6.1",
    ),
    (
        "Can I get Copilot to draft a reply to jane.doe@example.com about her missed bin?",
        "allowed_with_conditions",
        "4.3",
    ),
    (
        "Can Copilot check a spreadsheet of suppliers' bank details for duplicates?",
        "allowed_with_conditions",
        "4.3",
    ),
    (
        "Can I put a commercially sensitive tender evaluation into Copilot?",
        "allowed_with_conditions",
        "4.3",
    ),
    # 3.2: GenAI supports decisions; it does not make them.
    ("Can Copilot decide which housing applicants get priority?", "prohibited", "3.2"),
    (
        "Could we let Copilot make the final call on discretionary grant applications?",
        "prohibited",
        "3.2",
    ),
    ("Can Copilot shortlist candidates for the planning officer vacancy?", "prohibited", "3.2"),
    (
        "Can Copilot draft the letter telling an applicant about the decision I made on their "
        "licence?",
        "allowed_with_conditions",
        "3.2",
    ),
    (
        "Can Copilot help me pull together the evidence before I decide on a licensing "
        "application?",
        "allowed_with_conditions",
        "3.2",
    ),
    # 3.3 and 6.2: outputs are checked before use.
    (
        "Can I have Copilot score job applicants and reject the weakest automatically without "
        "me reviewing them?",
        "prohibited",
        "3.3",
    ),
    (
        "Can I send a Copilot-written reply straight to residents without checking it?",
        "prohibited",
        "6.2",
    ),
    ("Can I publish a Copilot draft on the council website as-is?", "prohibited", "6.2"),
    (
        "Can I post a Copilot-made image on the council's Facebook page after checking it "
        "carefully?",
        "allowed_with_conditions",
        "6.2",
    ),
    # 6.2: nothing discriminatory, offensive or inappropriate.
    ("Can I use Copilot to make a racist joke for the Christmas party?", "prohibited", "6.2"),
    (
        "Can Copilot write an insulting post mocking travellers for our Facebook page?",
        "prohibited",
        "6.2",
    ),
    # Questions about the policy itself.
    ("How often does the AI policy get reviewed?", "information", "5.1"),
    ("Who do I ask if I want to use a different AI tool?", "information", "5.2"),
    ("Does the AI policy cover councillors and agency staff?", "information", "1.3"),
    ("Does Copilot use our data to train public models?", "information", "4.3"),
    ("Which AI tools has the council approved for staff?", "information", "4.2"),
    ("Has an equality impact assessment been done on the AI policy?", "information", "6.3"),
    ("What risks of AI does the policy list?", "information", "4.1"),
    ("Which committee approved the AI policy?", "information", "Recommendation(s)"),
    ("When is a DPIA needed for AI use?", "information", "6.1"),
    # The document sets no DPIA duty: a question about the policy, answered from it.
    ("Do I need a DPIA before using Copilot?", "information", "6.1"),
    (
        "I accidentally pasted a resident's bank details into ChatGPT, what should I do now?",
        "information",
        "5.2",
    ),
    # Too vague to answer.
    ("is this ok?", "unclear", None),
    ("Can I do it the same way as last time?", "unclear", None),
]


@pytest.mark.parametrize(
    ("question", "verdict", "clause"), CASES, ids=[row(c)[0][:60] for c in CASES]
)
def test_question(question: str, verdict: str, clause: str | None) -> None:
    check_answer(POLICY, question, verdict, clause)


def test_table_covers_every_permission_clause() -> None:
    check_table(CASES, PERMISSION_CLAUSES, POLICY)
