"""The school-model policy answers the questions staff and pupils would actually type.

Written from the source document (AI policy: a model policy for schools and trusts), not from the
YAML: the questions paraphrase the document so that they test how the knowledge base generalises.
"""

from __future__ import annotations

import pytest

from knowledge import decide, load_policy

from .policy_table import check_answer, check_table, row

POLICY = load_policy("school-model")

# Every clause of the document that grants or forbids something: each must be tested below.
PERMISSION_CLAUSES = ("1.2", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "AI misuse")

A = "allowed_with_conditions"
N = "needs_approval"
P = "prohibited"
I = "information"  # noqa: E741
U = "unclear"


CASES = [
    # 1.2: only AI tools provided or approved by the school/trust; the document approves none.
    ("Can I use chatgtp to plan a year 7 history lesson?", N, "1.2"),
    ("Is Gemeni ok for making a multiple-choice quiz on fractions?", N, "1.2"),
    ("can i use co-pilot to write a letter home to parents about the trip", N, "1.2"),
    ("Could our science department start using MagicSchool to differentiate worksheets?", N, "1.2"),
    ("Is it alright to try Claude for brainstorming assembly themes?", N, "1.2"),
    ("Can pupils use Google Gemini for their history research?", N, "1.2"),
    ("Is Midjourney allowed for art lessons?", N, "1.2"),
    ("can staff use their own chat-gpt account to write reports on school trips", N, "1.2"),
    # 1.7: how teachers might use AI.
    ("Can I use AI to put together a first draft of next week's lesson on volcanoes?", A, "1.7"),
    ("As a teacher, can AI help me come up with some test questions for Year 9?", A, "1.7"),
    ("Can I get AI to rewrite a reading passage so it suits weaker readers?", A, "1.7"),
    ("Can I use AI to write a worksheet on photosynthesis? No personal data involved.", A, "1.7"),
    ("Could I use AI to adapt an anonymised case study for my PSHE class?", A, "1.7"),
    ("Can I use AI to create a quiz for my year 8s with no names in it?", A, "1.7"),
    ("Can I get AI to mark my Year 10 mock exam scripts?", P, "1.7"),
    ("Can AI grade the class's essays for me?", P, "1.7"),
    ("As a teacher can I have AI write the feedback comments on my pupils' homework?", P, "1.7"),
    # 1.8: how pupils might use AI.
    ("Is it okay for pupils to use AI to outline the structure of an essay?", A, "1.8"),
    ("Can students use an AI chatbot to proofread their English coursework?", A, "1.8"),
    ("Can pupils use AI to find out about the causes of World War One for a project?", A, "1.8"),
    ("Can pupils create pictures with AI for their geography poster?", A, "1.8"),
    ("Can pupils use AI to check their spelling and grammar?", A, "1.8"),
    # 1.9: how leaders, the governing board and governance professionals might use AI.
    ("Can the head use AI to help write our new uniform policy?", A, "1.9"),
    ("As a governor, can I use AI to tidy up the wording of a message to parents?", A, "1.9"),
    ("Can the clerk use AI to turn the notes from the governors meeting into minutes?", A, "1.9"),
    (
        "Can AI help me draft a letter to parents using only public information about term dates?",
        A,
        "1.9",
    ),
    ("Can I use AI to write a letter to all parents about the school trip?", A, "1.9"),
    ("Can I use AI to summarise an Ofsted report that is already published?", A, "1.2"),
    # 1.5: nothing identifiable (personal), sensitive or confidential goes in.
    ("Can I put a pupil's name and date of birth into AI to write their report?", P, "1.5"),
    ("Can I use AI to summarise a safeguarding concern about a child in my form?", P, "1.5"),
    ("Can AI help me write up an annual review with the child's SEN details?", P, "1.5"),
    ("I want AI to draft a letter to a family about their son's health condition", P, "1.5"),
    ("Can I paste a parent's bank details into AI to chase dinner money arrears?", P, "1.5"),
    ("Can AI draft an email to sam.jones@example.com about the trip, postcode SW1A 1AA?", P, "1.5"),
    ("Can I give AI the NHS number 943 476 5919 so it can write a medical plan?", P, "1.5"),
    ("Can I upload the trust's confidential draft budget to AI to summarise it?", P, "1.5"),
    ("Can I paste the safeguarding log into Copilot?", P, "1.5"),
    ("Can governors get AI to write up minutes from the confidential part 2 discussion?", P, "1.5"),
    ("Can I ask AI to sort the pupil premium list so I can spot patterns?", P, "1.5"),
    ("Can I put a parent's name and home address into chat gpt to write a letter?", P, "1.5"),
    # 1.6: no one's original work without consent; pupils' work never trains AI.
    (
        "Can I paste another teacher's original scheme of work into AI without asking them?",
        P,
        "1.6",
    ),
    ("Can we use the children's stories to train our own AI model?", P, "1.6"),
    ("Could we train a chatbot on last year's pupils' essays?", P, "1.6"),
    # 1.4 and AI misuse: be transparent; pupils submit only their own work.
    ("Can I send out a newsletter that AI wrote without telling anyone it was AI?", P, "1.4"),
    ("Can pupils hand in an essay that ChatGPT wrote for them?", P, "AI misuse"),
    ("Is it OK for a student to get AI to do their homework and not say so?", P, "AI misuse"),
    # Questions about the policy itself.
    ("How often does the AI policy get reviewed?", I, "1.11"),
    (
        "Who makes sure our use of AI complies with data protection law?",
        I,
        "Roles and responsibilities",
    ),
    ("Does the AI policy cover volunteers and visitors too?", I, "1.2"),
    ("How do I report someone misusing AI?", I, "AI misuse"),
    ("What happens if a teacher thinks coursework was written by AI?", I, "AI misuse"),
    ("Which laws does the AI policy have to comply with?", I, "1.3"),
    ("What does the policy mean by generative AI?", I, "4.2"),
    ("Who approves new AI apps for the school?", I, None),
    ("Will staff get any training on using AI?", I, "1.10"),
    ("Who owns this policy?", I, "Roles and responsibilities"),
    ("Who do I talk to about AI at school?", I, "Roles and responsibilities"),
    ("I accidentally typed a pupil's name into ChatGPT, what should I do now?", I, "AI misuse"),
    ("What should I include in a request for a new tool?", I, "1.10"),
    ("Who should I speak to about getting an AI tool approved?", I, "Roles and responsibilities"),
    # A trip's risk assessment is a procedure to draft, not a pupil's work to mark; a model
    # answer to show the class is an exercise; marking stays marking.
    (
        "trip leader - can ai help me draft the risk assessment for the year 10 geography field "
        "trip, no pupil names",
        A,
        None,
    ),
    ("can AI help me write the risk assessment for sports day? generic stuff only", A, None),
    ("can AI write a model answer to the year 11 poetry question to show the class?", A, None),
    ("can AI mark the year 9 essays against the mark scheme?", P, "1.7"),
    # Too vague to answer.
    ("is this ok?", U, None),
    ("Can I use it?", U, None),
    ("what about the other one", U, None),
]


@pytest.mark.parametrize(
    ("question", "verdict", "clause"), CASES, ids=[row(c)[0][:60] for c in CASES]
)
def test_question(question: str, verdict: str, clause: str | None) -> None:
    check_answer(POLICY, question, verdict, clause)


def test_table_covers_every_permission_clause() -> None:
    check_table(CASES, PERMISSION_CLAUSES, POLICY)


def test_asking_whether_pupils_may_use_ai_is_no_report_that_they_did() -> None:
    """ "used AI for their homework" tells of something done; "allowed to use AI for their
    homework" asks before anything is: the words an incident is told in, not their stems."""
    asked = decide(POLICY, "are pupils allowed to use AI for their homework?")
    assert asked.next_step != "report_incident", asked.answer
    told = decide(POLICY, "a pupil used AI for their homework and handed it in as their own")
    assert told.next_step == "report_incident", told.answer
