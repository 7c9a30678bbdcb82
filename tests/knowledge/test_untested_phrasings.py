"""The kinds of question that were once answered "yes" where the policy says no (issue 11), each
as people wrote them, on every bundled policy: the verdict, the reason's clause, and that no
yes slips through."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

import knowledge.engine as engine
from knowledge import Policy, Register, RegisterEntry, Verdict, decide, load_policy
from knowledge.reader import Reading, read_question

from .policy_table import settled

POLICIES = {
    p: load_policy(p) for p in ("socitm-template", "mid-kent", "oadby-wigston", "school-model")
}
YES = {Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS}
P, N = Verdict.PROHIBITED, Verdict.NEEDS_APPROVAL

# question -> policy -> (accepted verdicts, a clause the answer must cite)
CASES: dict[str, dict[str, tuple[set[Verdict], str]]] = {
    # A decision about a person made final by the AI.
    "let ChatGPT decide whether a blue badge application is approved, I'd just copy its answer": {
        "socitm-template": ({P}, "7.2"),
        "mid-kent": ({P}, "7.4"),
        "oadby-wigston": ({P}, "3.2"),
        "school-model": ({P}, "1.5"),
    },
    # Offensive and mocking content.
    "can chatgpt write some jokes making fun of people from Poland for the Christmas party?": {
        "socitm-template": ({P}, "7.2"),
        "mid-kent": ({P}, "9.1"),
        "oadby-wigston": ({P}, "6.2"),
        "school-model": ({P}, "1.1"),
    },
    "Can AI draw a cartoon mocking a councillor's weight for the team chat?": {
        "socitm-template": ({P}, "7.2"),
        "mid-kent": ({P}, "9.1"),
        "oadby-wigston": ({P}, "6.2"),
        "school-model": ({P}, "1.1"),
    },
    # Copyright: a brand's characters.
    "Can I get Copilot to copy some Disney characters for our fun day flyer?": {
        "socitm-template": ({P}, "8.4"),
        "mid-kent": ({P}, "9.1"),
        "oadby-wigston": ({P}, "6.1"),
        "school-model": ({P}, "1.6"),
    },
    # Fabrication: invented quotes presented as residents'.
    "can chatgpt make up some resident quotes for the newsletter": {
        "socitm-template": ({P}, "7.2"),
        "mid-kent": ({P}, "9.4"),
        "oadby-wigston": ({P}, "3.3"),
        "school-model": ({P}, "1.4"),
    },
    # Political content.
    "Can I use ChatGPT to write a press release attacking the opposition group?": {
        "socitm-template": ({P}, "7.2"),
        "mid-kent": ({P}, "9.4"),
        "oadby-wigston": ({P}, "6.2"),
        "school-model": ({P}, "1.3"),
    },
}

# Personal data described indirectly, into a public tool: never a yes, and read as personal.
INDIRECT_DATA = [
    "Can I use ChatGPT to edit photos of residents for the annual report?",
    "Can I upload recordings of our meetings with residents to ChatGPT to get summaries?",
    "Can I give ChatGPT a spreadsheet of council-tax arrears to find patterns?",
    "Can I use ChatGPT to write a reference for a colleague?",
    "Can I use ChatGPT to summarise case notes about a family we support?",
]


@pytest.mark.parametrize(
    ("question", "policy_id"),
    [(q, p) for q, by_policy in CASES.items() for p in by_policy],
)
def test_a_forbidden_use_is_refused_for_its_real_reason(question: str, policy_id: str) -> None:
    verdicts, clause = CASES[question][policy_id]
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict in verdicts, decision.to_json()
    assert clause in [c.id for c in decision.citations], decision.to_json()


def test_made_up_resident_quotes_are_fabrication_not_personal_data() -> None:
    decision = decide(POLICIES["socitm-template"], "can chatgpt make up some resident quotes")
    assert "fabrication" in decision.signals
    assert "personal" not in decision.data


@pytest.mark.parametrize("question", INDIRECT_DATA)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_personal_data_described_indirectly_is_seen(question: str, policy_id: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict not in YES, decision.to_json()
    assert "personal" in decision.data, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_question_pointing_at_an_earlier_one_is_never_a_yes(policy_id: str) -> None:
    decision = decide(POLICIES[policy_id], "the thing we talked about earlier - is that fine?")
    assert decision.verdict == Verdict.UNCLEAR
    assert decision.clarifying_question


def test_a_teacher_customising_a_worksheet_gets_the_teachers_answer() -> None:
    question = "I'm a teacher - can I use AI to customise a worksheet for different reading levels?"
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert "1.7" in [c.id for c in decision.citations]
    assert "AI misuse" not in [c.id for c in decision.citations]  # the pupils' rule
    assert "submit work that is not their own" not in decision.answer


def test_a_class_list_with_behaviour_is_personal_data_not_an_incident() -> None:
    question = "can I put my class's names and behaviour incidents into AI?"
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict == P
    assert [c.id for c in decision.citations] == ["1.5"]
    assert decision.next_step is None


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("can i use fireflies to take notes at the team meeting", "Fireflies"),
        ("can copilot summarise this report for me", "Microsoft Copilot"),
        (
            "can we use Teams Premium recap for our team meetings?",
            "Teams Premium intelligent recap",
        ),
        ("Can I use Copilot in Outlook to summarise a long email thread?", "Microsoft 365 Copilot"),
        ("Can I use Gemini in Gmail to draft replies?", "Google Workspace Gemini"),
        ("Is Zoom AI Companion ok for summarising our calls?", "Zoom AI Companion"),
        ("could otter transcribe the licensing hearing for me", "Otter"),
        ("is otter ok for recording my 1:1s", "Otter"),
        ("neighbour sent us recordings of the dog. ok to upload them to otter?", "Otter"),
        (
            "we've got the contractor's AI tools, can I run the survey through them",
            "contractor's AI",
        ),
    ],
)
def test_tools_as_people_write_them(question: str, tool: str) -> None:
    decision = decide(POLICIES["socitm-template"], question)
    assert decision.tool is not None and decision.tool.name == tool


def test_teams_premium_recap_is_not_microsoft_teams() -> None:
    decision = decide(POLICIES["mid-kent"], "can we use Teams Premium recap for our team meetings?")
    assert decision.tool is not None and decision.tool.name != "Microsoft Teams"
    assert decision.verdict == N  # an AI feature of its own, not an everyday tool


def test_a_claimed_approval_is_answered_conditionally_never_as_proof() -> None:
    policy = POLICIES["mid-kent"]
    claimed = decide(policy, "Can I use our approved Copilot to draft a briefing note?")
    assert claimed.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert any("approved AI inventory" in c for c in claimed.conditions)
    assert "You say Microsoft Copilot is approved" in claimed.answer
    plain = decide(policy, "Can I use Copilot to draft a briefing note?")
    # unclaimed, Copilot Chat is at most presumed (claimed_tool.likely_provided), on the same
    # condition, never taken as said
    assert "You say" not in plain.answer
    assert plain.verdict == N or plain.rule_ids[0] == "presumed-tool"
    assert plain.verdict == N or plain.conditions[0].startswith("Only if")
    # A claim never lifts what the policy forbids.
    data = decide(policy, "It's our approved Copilot so can I paste in residents' addresses?")
    assert data.verdict not in YES


# How people say their employer gave them the tool, beyond the policy's words: each is a claim,
# answered on condition it is true; asking, denying or inferring it is not.
@pytest.mark.parametrize(
    "question",
    [
        "ICT put Copilot on our machines last month - can it tidy up the agenda for the parish "
        "liaison meeting?",
        "using the Copilot that came with our new work Microsoft accounts, could it draft a thank-"
        "you note to the litter-pick volunteers?",
        "the Copilot chat we all get through our council logins - fine to get it to reword the "
        "opening hours notice for the depot?",
        "our service desk enabled Copilot for the planning team, so can I ask it to explain the "
        "published design guide in simpler words?",
        "now that the approval has come through for our team, can Copilot draft the minutes "
        "template for our team meetings?",
        # a claim stands in its own clause: an earlier "not" or "no" does not deny it
        "my spelling is not great, can I use the approved Copilot to tidy my note to the "
        "depot about the new rota?",
        "a flyer for the spring clean event, no residents named. Approved Copilot fine?",
        "dates and venues only - could our council copilot lay out the litter-pick schedule?",
        # given, rolled out or switched on in more words, and said in the passive
        "the council has given the whole team Copilot, can it draft the agenda for our away day?",
        "IT rolled Copilot Chat out across the service last month - can it reword the opening "
        "hours notice?",
        "Copilot was switched on for our section by ICT in March. Can it tidy my rota email?",
        "Copilot was put on my laptop by IT, so can it draft the agenda for the team meeting?",
        # told apart from the free one by how it came, in brackets or by its badge
        "can Copilot (the council one) reword the opening hours notice for the depot?",
        "ok to use copilot (work licence) to draft the agenda for the team away day?",
        "the Copilot with the shield, logged in with our council accounts - can it tidy my rota "
        "email?",
        "can I use the copilot we have to lay out the litter-pick schedule?",
        # the policy named after the claim is no veto of it
        "I want to ask our approved Copilot to compare our AI policy with the county's published "
        "one",
    ],
)
def test_being_given_the_tool_in_other_words_is_a_claim(question: str) -> None:
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.answer
    assert "You say Microsoft Copilot is approved or provided" in decision.answer


@pytest.mark.parametrize(
    "question",
    [
        "has ICT put Copilot on our machines yet? I want it to tidy up the agenda",
        "Copilot isn't one of the tools the council gave us, can it tidy up the agenda anyway?",
        "Copilot came with our work Microsoft accounts so that counts as approved, right? it's "
        "for the agenda",
        "the council gave us new laptops, can Copilot on them tidy up the agenda?",
        "I don't think Copilot is one the council has given us - can it tidy the agenda?",
        "someone said the council has given everyone Copilot now, can it tidy up the agenda?",
        "is Copilot one of the tools the council has approved? it's for the agenda",
        "if I'm signed in with my council account is Copilot fine for tidying the agenda?",
    ],
)
def test_asking_or_denying_that_the_tool_was_given_is_no_claim(question: str) -> None:
    assert decide(POLICIES["mid-kent"], question).verdict == N


# An approval said to come from the approver the policy names ("the Head of IT signed off
# Otter"): answered on condition it covers the use, never as proof. Under Oadby and the template
# only the named approver lets a tool in, so IT installing it is no approval there.
@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        (
            "oadby-wigston",
            "The Head of IT signed off Otter for our team last month. Can I use it "
            "on tomorrow's team meeting?",
        ),
        (
            "oadby-wigston",
            "Ravinder approved Claude for our policy team in writing - can I use it "
            "to help draft the parking review summary?",
        ),
        (
            "oadby-wigston",
            "the IT Operations & Security Manager has approved me using Midjourney "
            "for illustrations on the parks leaflet, anything else?",
        ),
        (
            "socitm-template",
            "Simply Readable for translating leaflets - the governance board "
            "authorised it last month. fine for the bin collection leaflet?",
        ),
        (
            "socitm-template",
            "the AI board has approved Otter for our team, can I use it to tidy "
            "the notes from our project stand-up?",
        ),
        # in other words: approval got from them, "'s approved", IT as the approver's team
        (
            "oadby-wigston",
            "we got approval from the IT ops & security manager to use Otter for our team "
            "meetings. anything else we need to do?",
        ),
        (
            "oadby-wigston",
            "Ravinder's approved Otter for our team meetings, can I use it on tomorrow's?",
        ),
        (
            "oadby-wigston",
            "IT approved us using Otter last month for the parks team. can we use it for "
            "parks consultation events?",
        ),
    ],
)
def test_an_approval_said_to_come_from_the_approver_is_a_claim(
    policy_id: str, question: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.answer
    assert decision.rule_ids[0] == "claimed-tool"
    assert decision.conditions[0].startswith("Only within the")
    assert "You say" in decision.answer


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        # heard of, supposed, or from someone who cannot approve
        (
            "oadby-wigston",
            "someone in IT said the Head of IT approved gemini for revenues, can i crack on?",
        ),
        (
            "oadby-wigston",
            "pretty sure the head of IT okayed chatgpt last year - fine for the newsletter?",
        ),
        ("oadby-wigston", "my manager has signed off Fireflies for our weekly calls, all good?"),
        # stretched past what was approved
        (
            "oadby-wigston",
            "Ravinder approved ChatGPT for our team for drafting newsletters. Can I "
            "use it for the licensing register as well?",
        ),
        (
            "oadby-wigston",
            "the head of IT approved Grammarly for me, does that mean my whole team "
            "can use it now?",
        ),
        (
            "socitm-template",
            "the AI board approved the transcription tool for team meetings - can "
            "I also use it to record a grievance hearing?",
        ),
        # awaited, not given
        (
            "socitm-template",
            "once the AI board has approved Otter, can I use it for team meetings?",
        ),
        ("oadby-wigston", "the head of IT hasn't signed off Claude yet, can I use it meanwhile?"),
        # provided is not approved where the named approver is the only way in
        ("oadby-wigston", "IT installed ChatGPT on my laptop, can I use it to draft letters?"),
        (
            "socitm-template",
            "IT put Minute on our server last week, can we use it for meeting notes?",
        ),
    ],
)
def test_an_approval_heard_of_stretched_or_awaited_is_no_claim(
    policy_id: str, question: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict not in YES, decision.answer
    assert "claimed-tool" not in decision.rule_ids


@pytest.mark.parametrize(
    ("policy_id", "question", "clause"),
    [
        ("socitm-template", "Do I need a disclaimer on internal emails?", "9.1"),
        ("mid-kent", "Do I need a disclaimer on internal emails?", "5.6"),
        ("school-model", "What counts as generative AI?", "4.2"),
        ("school-model", "What will the school do to put this policy into practice?", "1.10"),
        # a yes-no question naming no use, close to an answer the policy gives
        ("socitm-template", "is there ai training for new starters?", "15"),
        ("mid-kent", "is there ai training for new starters?", "13.2"),
    ],
)
def test_information_questions_stay_information(policy_id: str, question: str, clause: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == Verdict.INFORMATION, decision.to_json()
    assert clause in [c.id for c in decision.citations]


def _approved(reference: str, tool: str, purpose: str) -> RegisterEntry:
    """A board approval of `tool` for `purpose`, with public information only."""
    return RegisterEntry(
        reference, tool, purpose, "public", "approved", None, datetime(2026, 11, 26, tzinfo=UTC)
    )


def test_an_approval_covers_only_what_was_granted() -> None:
    policy = POLICIES["socitm-template"]
    posters = _approved("AR-0001", "Midjourney", "making posters for library events")
    register = Register.build(policy, [posters])
    outside = decide(policy, "Can I edit photos of residents in Midjourney?", register=register)
    assert outside.verdict not in YES
    assert outside.register is not None and not outside.register.covers
    assert "AR-0001 approved Midjourney for making posters" in outside.answer
    assert "this involves personal data" in outside.answer
    inside = decide(
        policy, "Can I use Midjourney to make a poster for a library event?", register=register
    )
    assert inside.verdict in YES and inside.register is not None and inside.register.covers


def test_explicit_authorisation_reads_as_no_for_now() -> None:
    """A named public chatbot takes personal data only with explicit authorisation: the answer
    says no first, then what authorisation would take; elsewhere "not yet" says the same."""
    policy = POLICIES["socitm-template"]
    decision = decide(policy, "Can I put a resident's address into ChatGPT?")
    assert decision.verdict == P
    assert decision.answer.startswith("No.") and "authorised" in decision.answer
    decision = decide(policy, "Can I put a resident's address into Copilot?")
    assert decision.verdict == N
    assert decision.answer.startswith("Not yet")


def test_a_half_recognised_decision_is_asked_about_with_quick_replies() -> None:
    policy = POLICIES["oadby-wigston"]
    question = "Can Copilot summarise the evidence for the decision on this housing application?"
    decision = decide(policy, question)
    assert decision.verdict == Verdict.UNCLEAR
    assert [c.title for c in decision.choices] == [
        "Yes, a person decides",
        "No, the AI's answer is used",
    ]
    yes, no = (decide(policy, c.text, [question]) for c in decision.choices)
    assert yes.follow_up_of == (question,) and yes.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert no.verdict == P
    assert decision.to_json()["choices"][0]["title"] == "Yes, a person decides"


@pytest.mark.parametrize(
    ("question", "role", "clause", "not_clause"),
    [
        # The pupils' use (1.8) for a pupil, the teachers' (1.7) for a teacher: never crossed.
        (
            "I'm in year 10, can I use AI to help me plan the structure of my essay?",
            "pupil",
            "1.8",
            "1.7",
        ),
        (
            "Can I use AI to plan the structure of an essay for my year 10 class?",
            "teacher",
            "1.7",
            "1.8",
        ),
    ],
)
def test_the_answer_fits_the_askers_role(
    question: str, role: str, clause: str, not_clause: str
) -> None:
    decision = decide(POLICIES["school-model"], question)
    assert role in decision.roles
    cited = [c.id for c in decision.citations]
    assert clause in cited and not_clause not in cited
    if role == "teacher":
        assert "AI misuse" not in cited  # the pupils' rule


def test_a_pupil_rule_needs_an_evident_pupil() -> None:
    # Nobody says who is asking: the pupils' uses are not applied.
    decision = decide(POLICIES["school-model"], "Can AI help plan the structure of an essay?")
    assert decision.roles == ()
    assert "AI misuse" not in [c.id for c in decision.citations]


# Readings that once went astray: a noun read as a verb ("priority need", "the means test"), a
# scene-setting sentence read as an incident ("a resident has been abusive"), the AI's "tell me
# who" read as the asker's information question, a plan read as something already done.
READINGS = [
    (
        "mid-kent",
        "would AI be allowed to work out whether someone is in priority need?",
        {P},
        "7.4",
    ),
    ("mid-kent", "can we just let ai set the new resident permit charges", {P}, "9.4"),
    (
        "mid-kent",
        "A resident has been abusive to my team for weeks. Can AI write him a properly sarcastic "
        "reply?",
        {P},
        "9.1",
    ),
    (
        "mid-kent",
        "My opponent at the next election has been spreading nonsense about me. Could the "
        "council's AI write me a rebuttal?",
        {P},
        "9.4",
    ),
    ("mid-kent", "Can we make the AI chatbot the only way to report a missed bin?", {P}, "9.2"),
    (
        "oadby-wigston",
        "the chief exec wants the staff newsletter written by AI and sent out without her reading "
        "it first",
        {P},
        "3.2",
    ),
    (
        "oadby-wigston",
        "Can I have Copilot look at my team's call stats and tell me who should go on a "
        "performance improvement plan?",
        {P},
        "3.2",
    ),
    (
        "oadby-wigston",
        "want to feed last year's incident data into AI to predict the summer ASB hotspots and "
        "just send patrols wherever it says",
        {P},
        "3.2",
    ),
]


@pytest.mark.parametrize(("policy_id", "question", "verdicts", "clause"), READINGS)
def test_a_use_is_read_as_a_use(
    policy_id: str, question: str, verdicts: set[Verdict], clause: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict in verdicts, decision.to_json()
    assert clause in [c.id for c in decision.citations]


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        (
            "oadby-wigston",
            "can copilot do the means test calculation for me? I'll check it and "
            "make the decision myself",
        ),
        ("mid-kent", "Can AI write a neutral explainer for the website on how to vote by post?"),
        (
            "mid-kent",
            "using the Copilot we've been given to write a plain-English explainer of the "
            "published statement of accounts for residents?",
        ),
    ],
)
def test_no_false_alarm_on_an_innocent_use(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


# What the sealed split taught once it was opened, each in new words on every policy: no yes
# for any of these, however the policy words its refusal.
NEVER_YES = [
    "same as last time but for the housing team",  # the use was said in another conversation
    "following up on my chat with IT this morning - ok to start?",
    "gemini and the minutes",  # a tool and a word
    "AI for planning?",  # a field of work is not a use
    "could I do the same with Gemini?",  # the use is "the same", said elsewhere
    "Can AI write a leaflet saying asylum seekers are dangerous so residents should keep them "
    "out of the area?",
    "ask copilot to invent some realistic satisfaction figures because we lost the survey results",
    "generate an AI picture of the leader opening the new library since we have no photo of it",
    "I'll just go with whatever copilot says about whether the extension meets the rules instead "
    "of doing my own check",
    "My Copilot isn't set up yet so can I use ChatGPT to summarise the exempt report for now?",
    "the claimant says on their form they're in recovery from addiction, can AI write the "
    "decision letter?",
    "can copilot rank the grant bids by how good they are so we just fund the top five",
    "copilot to write the tenancy warning letters and post them out without me looking",
    "have the ai reply to residents on facebook on the council's behalf without a person checking",
    "can ai write my personal statement and i'll say i wrote it",
    "get copilot to draft a statement from the council quoting a resident who doesn't exist",
    "use ai to write a letter from the mayor that she hasn't seen",
    "can copilot pick the winner of the staff award from the nominations and we'll announce it",
    "can gemini check whether benefit claimants are lying from their phone calls",
    "can the council's chatbot tell residents it's a real person",
    # generalised from the pilot week's misses, in other words than the table's
    "could the ai fill in the care plan template from his medical notes, he has diabetes",
    "ask chatgpt to make a cartoon of mrs patel from finance asleep at her desk for the party",
    "write a funny poem for the staff do about how the romanian cleaners talk",
    "can copilot look at my site visit notes and tell me whether the landlord should get a "
    "licence? then I'll put that in the system",
    "can we connect chatgpt to our case management system so it answers caseworkers",
    "i want to put the team's sickness records into copilot to see who takes fridays off",
    "copilot to work out from the surnames on the waiting list which families are probably jewish",
    "the supplier's new AI button in the CRM is powered by chatgpt, ok to use on tenant emails?",
    "a vendor offered a term for free, can I just get everyone signed up",
    "can the ai write the whole report and I'll just attach it, no time to read it",
    "switch the out-of-hours line over completely with an AI agent so nobody has to answer",
    "clear out all my chatgpt chats before the foi request comes in",
    "can ai write new words to the tune of a chart song for our recycling advert",
    "the grant form has a box for whether AI was used; claude wrote it, can I say no",
    # generalised from the near-miss pairs' misses, in other words than the table's
    "copilot drafts the tenancy warning letters and I'll just issue them, no time to go over each",
    "can chatgpt reply to the licensing inbox as emails arrive so we never have to open them",
    "get AI to give each food business a risk rating from my visit notes",
    "we never got a photo at the ribbon cutting, can AI make one of the mayor cutting it",
    "can we leave the 'drafted using AI' credit off the annual report",
    "how do I turn off the logging on our team's copilot so it stops keeping everything",
    "I want the AI to write a post blaming the governing party for the pothole backlog",
    "my friend made a logo, can i put it into ai for my project? he doesnt know",
    "can it do the rota for monday",
    "a supplier wants a sample of our real call recordings to set up their bot, ok to send?",
    "would my chatgpt prompts be disclosed under an FOI request?",
    "Adobe keeps offering its AI summary on PDFs, ok to use on the legal advice we received?",
    # generalised from the consequences split's misses, in other words than the table's
    "paste the pink papers for tonight's closed session into gemini for a summary",
    "get chatgpt to write three glowing quotes from happy tenants, we never did the survey",
    "can copilot write it so it sounds like the leader wrote it? it goes out under his name",
    "draft a letter as if it's from the school nurse confirming the allergy",
    "the photo of the fun run looks empty, can AI make one with crowds for the poster",
    "make a picture for the leaflet of a typical family on benefits, you know the type",
    "claude to translate the email a tenant sent us about the mould in her flat",
    "can copilot read the applications and band them, then we allocate in the order it gives",
    "a subscription AI note taker, can I put it on the purchase card?",
    "can we leave the AI drafts out of the subject access bundle, they don't count",
    "nobody really has time to look at what it posts on instagram each morning, is that ok",
    "zoom does the summary itself now, fine to leave it on for the case conference?",
    "write the leavers' assembly slides with a funny fact about each kid in the class",
    # generalised from the chat split's misses, in other words than the table's
    "legal sent over counsel's opinion on the claim, can gemini boil it down for the lead member",
    "poster for the fun day with the actual Lion King characters on it pls",
    "ai photo of 'our lollipop lady Mrs Green' for the road safety leaflet, she doesn't exist",
    "quick one - can i use chatgpt without logging in at all? just for a rewording job",
    "summarise the occupational therapy reports for the adaptations backlog in claude?",
    "the AI did the leisure page, I'd rather not put a disclaimer on, ok?",
    "copilot's numbers differ from our own figures, can I use its figures in the cabinet report",
    "can copilot check the drawings against the building regs and sign off compliance",
    "took names off the year 4 writing, can ai check it against the expected standard",
    "can we put the class photos into AI to get cartoon versions for the yearbook",
    "set up a script that calls the api every night to rewrite our case summaries",
    # generalised from the edges split's misses, in other words than the table's
    "we bought a consultant's market study, can claude reword it so we publish it as our own",
    "can we replace the rota spreadsheet macro with an LLM, it works fine but it sounds modern",
    "the mayor couldn't make the launch, can copilot generate a photo of her at it",
    "I'm a volunteer driver, can gemini write up my notes on the residents I visit",
    "is the free chatgpt ok on my home laptop for council emails? I don't have a work laptop",
    "cabinet member: have copilot score the options and I'll take whichever it recommends",
    "can the pupils' artwork go to the supplier so it can improve its models?",
    "the sports day photos of the winners, we wouldn't say they're AI, make more like them",
    "is the thing from the governors meeting sorted yet",
    # generalised from the new starters split's misses, in other words than the table's
    "new in legal: can gemini summarise the barrister's opinion on the boundary dispute",
    "a firm sold us a retail study, can claude reword it so we issue it as our own findings",
    "can ai put live captions on the planning committee stream for the website",
    "ai to do the equality impact assessment so we can tick that box",
    "write the arrears letter in a threatening tone so they finally pay",
    "budget and restructure papers, none of it's public yet, can AI draft the board report",
    "can i paste the live exam paper from the secure store into ai for a revision sheet",
    "get ai to change a drawing by my favourite artist a bit so I can hand it in as mine",
    "the acrobat AI assistant summarising the draft lease, fine?",
    # generalised from the external tester split's misses, in other words than the table's
    "a supplier demoed an AI scheduling tool to us, can we buy it this month",
    "Adobe Express is approved so Magic Write in it is fine for our posts, right?",
    "picture of a litter-free beach for the release, as if it's after our beach clean",
    "announce the library reopens in May, we don't actually know the date yet",
    "can copilot say whether this lease term is legally enforceable so I don't bother legal",
    "write five parent reviews for the nursery page, we haven't got round to collecting real ones",
    "my cleaner is leaving and wants a reference, can AI write it",
    # transcribing the meetings the public speaks at is a deployment to approve, however the
    # minutes are then drafted; one identifier left out of a household's notes leaves the notes
    "we'd like AI to transcribe the planning committee meetings and draft the minutes",
    (
        "AI to draft a plan for each household from the inspection notes? I'll leave the house"
        " numbers out so it's anonymous"
    ),
    # what the person says is in it stays, whatever the output is to be ("generic overview"):
    # the first was a yes everywhere
    (
        "can AI summarise the survey, which includes people's names and health issues, as a"
        " generic overview?"
    ),
    (
        "can AI summarise the feedback forms, which include people's names and health issues, as"
        " a generic summary?"
    ),
    # "template" near the notes does not make notes the person calls real a blank form
    (
        "first ChatGPT tidies my blank assessment template, nothing in it; then I'll paste my real"
        " case notes in so it fills the template - fine?"
    ),
]


@pytest.mark.parametrize(
    "question",
    [
        "Is there extra support if I'm new to Copilot?",
        "Will IT be able to see my Copilot prompts?",
        "my manager says Copilot on our council laptops is approved for everyone. true?",
    ],
)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_questions_about_the_policy_in_permission_words(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize(
    "question",
    [
        "can I ask copilot to explain the new procurement rules in plain english",
        "can copilot help me set up a spreadsheet for the rota",
        "chatgpt to review some SQL I wrote? no real data in it, just the query itself",
    ],
)
def test_an_everyday_word_is_not_a_risk(question: str) -> None:
    # the template lists Copilot and ChatGPT as public tools usable with conditions
    assert decide(POLICIES["socitm-template"], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_the_strictest_of_two_tools_named_is_answered() -> None:
    """Naming the approved tool beside another never lends the other its approval."""
    question = (
        "My Copilot licence hasn't come through, so can I put the report into Gemini for now?"
    )
    decision = decide(POLICIES["oadby-wigston"], question)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.tool is not None and decision.tool.name == "Gemini"
    instead = decide(POLICIES["oadby-wigston"], "Can I use Copilot instead of ChatGPT for minutes?")
    assert instead.tool is not None and instead.tool.name == "Microsoft Copilot"


def test_a_risk_word_nothing_explained_is_asked_about_not_answered_yes() -> None:
    """The backstop under every cue: a word that carries risk ("sacking", "lying", "fake")
    and that no cue and no permitted use accounts for stops a yes; the engine asks about it."""
    policy = POLICIES["socitm-template"]
    first = "can chatgpt help me write the grounds for sacking someone in my team"
    decision = decide(policy, first)
    assert decision.verdict == Verdict.UNCLEAR
    assert decision.clarifying_question is not None
    assert '"sacking"' in decision.clarifying_question
    # the person's answer is what the question asked for: it is judged, not asked again
    answer = decide(policy, "no, it only tidies my wording and I make the decision", [first])
    assert answer.verdict != Verdict.UNCLEAR


@pytest.mark.parametrize(
    "question",
    [
        "Can AI help me write a leaflet encouraging people to report hate crime?",
        "can chatgpt write a plain-English explainer on how postal voting works for the website",
    ],
)
def test_a_risk_word_in_an_everyday_phrase_is_explained(question: str) -> None:
    decision = decide(POLICIES["socitm-template"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()


NAMES_NO_TOOL = [
    # a team, a dash, then the AI; a name given to a person or a class; a compound; the work
    "History - AI to write a few source questions about the Blitz?",
    "a made-up pupil called Jay for our PSHE role play - can AI write the character profile?",
    "Our Year 1 class is called Owls. Can AI write a short class poem about owls?",
    "can ai make our how-to-use-an-inhaler poster clearer? it's the generic one",
    "I'd like the AI to suggest extension tasks for my Year 9 history group, no names",
    "no pupils named - can AI turn the whole-school attendance percentages into a chart?",
    "could AI add the deputy head into the staff photo? she was off that day",
    "can AI check whether our job adverts use gendered wording?",
]


@pytest.mark.parametrize("question", NAMES_NO_TOOL)
def test_words_that_name_no_tool_are_not_taken_for_one(question: str) -> None:
    assert decide(POLICIES["school-model"], question).tool is None


@pytest.mark.parametrize(
    ("question", "tool"),
    [
        ("is an app called Scribbly ok for lesson plans?", "Scribbly"),
        ("there's one called Gamma, can I use it for slides?", "Gamma"),
        ("it's called Tome, ok for a presentation?", "Tome"),
        ("at the trust we use an AI scribe called Heidi - can I use it here?", "Heidi"),
        # not Siri: a name never runs across a comma
        ("Dear Sir, I would like to use Claude to translate a letter", "Claude"),
        ("otter.ai to transcribe our department meetings?", "Otter"),
    ],
)
def test_a_product_given_its_name_is_that_tool(question: str, tool: str) -> None:
    found = decide(POLICIES["school-model"], question).tool
    assert found is not None and found.name == tool


@pytest.mark.parametrize(
    "question",
    [
        "can otters be on the nature trail poster?",
        "Can Copilot write a short story about an otter for the library storytime?",
        "is the otter ok for the wetlands poster?",
    ],
)
def test_an_otter_that_is_no_tool_stays_no_tool(question: str) -> None:
    decision = decide(POLICIES["socitm-template"], question)
    assert decision.tool is None or decision.tool.name != "Otter"


def test_someone_elses_ai_is_a_tool_nobody_approved() -> None:
    question = "I'm from the consultancy; can I put your draft plan through our firm's AI tools?"
    decision = decide(POLICIES["oadby-wigston"], question)
    assert decision.verdict == N and decision.tool is not None


def test_a_veto_in_another_sentence_does_not_hide_the_data() -> None:
    # "template" in the next sentence says nothing about the notes
    question = "can ai draft the letter from his medical notes? the usual template is poor"
    assert decide(POLICIES["socitm-template"], question).verdict not in YES


def test_an_incident_noticed_afterwards_is_an_incident_not_a_plan() -> None:
    question = "gemini summarised the exempt report before I realised what it was. do I report it?"
    assert decide(POLICIES["socitm-template"], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize(
    "question",
    [
        "if chatgpt gets a figure wrong in my report, whose fault is that?",
        "the FOI asks for our prompts. Are those covered, or can we say we don't keep them?",
    ],
)
def test_questions_of_responsibility_and_records_are_information(question: str) -> None:
    assert decide(POLICIES["mid-kent"], question).verdict == Verdict.INFORMATION


def test_a_phones_own_ai_on_a_personal_account_is_not_the_councils_copilot() -> None:
    for question in (
        "my samsung has galaxy ai built in, ok to summarise work emails with it?",
        "copilot app on my own iphone with my own microsoft account, fine for work letters?",
    ):
        assert decide(POLICIES["oadby-wigston"], question).verdict not in YES


def test_a_pupils_coursework_written_by_ai_is_never_a_yes() -> None:
    for question in (
        "coursework is due tomorrow, can ai write it and I'll change a few words",
        "for my gcse history coursework can ai write the conclusion",
        "can I enter a story AI wrote in the writing competition and say it's mine",
    ):
        assert decide(POLICIES["school-model"], question).verdict not in YES


def test_an_act_followed_by_out_is_still_the_act() -> None:
    # "out" after data takes it away ("names out"); after a circumstance it is the act itself
    question = "ai to draft the penalty notices and just send them out, saves time"
    assert decide(POLICIES["mid-kent"], question).verdict not in YES


@pytest.mark.parametrize(
    "question",
    [
        "if chatgpt writes most of my report, does my name still go on it as the author?",
        "at my old council the rule was no personal data in copilot; is it the same rule here?",
        "can our copilot see files I don't have permission to open?",
    ],
)
def test_a_newcomers_question_about_the_rules_is_information(question: str) -> None:
    assert decide(POLICIES["oadby-wigston"], question).verdict == Verdict.INFORMATION


def test_a_thing_someone_showed_us_points_elsewhere() -> None:
    decision = decide(
        POLICIES["oadby-wigston"], "can copilot do the trick dave showed us last week"
    )
    assert decision.verdict not in YES


def test_an_approval_does_not_travel_to_a_new_area_or_purpose() -> None:
    # Mid-Kent 7.1: new to the service area, or a new purpose, needs a new assessment
    for question in (
        "I've moved to licensing. Can I carry on using housing's approved AI tool in my new team?",
        "Finance got approval for the AI report writer; can we use the same thing for our letters?",
        "we use the approved AI for emails already, could we now point it at our complaints data?",
    ):
        decision = decide(POLICIES["mid-kent"], question)
        assert decision.verdict == N, decision.to_json()
        assert "7.1" in {c.id for c in decision.citations}


# Generalised from the launch week's misses, each in other words than the table's.
LAUNCH_NEVER_YES = [
    # a preference by a protected characteristic, said as a wish
    "copilot to word the advert so it's obvious we'd prefer a woman for the role",
    # identifying detail kept after the name is taken off
    "I'll remove the tenant's name but describe exactly what happened at her flat - can AI draft "
    "the reply?",
    "the exit survey is anonymous but a lot of people mention their supervisor by name, can "
    "chatgpt summarise it?",
    # personal data described as a meeting or a child in one's care
    "can gemini write up my one-to-ones with my apprentices from the teams recordings?",
    "ai to write a progress note on one of the kids in my key group from my jottings",
    # words put in a real person's mouth, used without them seeing it
    "chatgpt drafted a statement from the mayor - can it go out without her seeing it first?",
    # a picture of something that has not happened, shown as if it had
    "ai picture of the finished leisure centre full of families for the newsletter - it isn't "
    "built yet",
    # the tool's answer taken as the answer
    "not sure about the licensing rules, can I just go with whatever chatgpt tells me for this "
    "applicant?",
    # copyrighted content reworded for our own use
    "can ai reword a paywalled trade magazine piece so we can put it on our intranet?",
    # confidential business information described by what it is
    "can I paste our draft five-year financial plan into chatgpt to tidy the wording?",
]


def test_switching_a_tool_on_for_others_is_a_deployment() -> None:
    for question in (
        "I'm on the service desk - can I enable Gemini for the whole revenues team this week?",
        "could we replace the vacant admin posts in licensing with an AI assistant?",
    ):
        decision = decide(POLICIES["mid-kent"], question)
        assert decision.verdict == N, decision.to_json()


def test_a_use_on_restricted_data_is_judged_even_near_an_faq() -> None:
    question = (
        "head of year here. want to turn a pupil's behaviour log into a summary with AI, I'll "
        "take her name off but leave the incidents and her form in"
    )
    assert decide(POLICIES["school-model"], question).verdict == P


@pytest.mark.parametrize(
    "question",
    [
        "does a blog post Copilot helped me write need a disclaimer at the bottom?",
        "do the briefings our team drafts with AI need a line saying so?",
        "if a journalist sends an FOI, are our copilot chats and prompts disclosable?",
    ],
)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_a_use_must_carry_is_a_question_about_the_policy(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


def test_a_pupils_misuse_reported_by_a_teacher_is_an_incident() -> None:
    question = (
        "two of my year 9s got the AI to make a fake picture of a classmate and it's now in "
        "their group chat"
    )
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict == Verdict.INFORMATION
    assert decision.next_step is not None


# Generalised from the walk-through split's misses, each in other words than the table's.
WALKTHROUGH_NEVER_YES = [
    # what stays after the names go still identifies the household
    "I blanked the names on the tenancy complaints before asking chatgpt to sort them. The flat "
    "numbers and everyone's circumstances are still in there, so that's anonymised, right?",
    # the tool and the use both said somewhere else
    "is it ok if we use that new one for the thing we discussed at the team meeting",
    # published without being read
    "copilot writes our parish newsletter from my notes and it goes straight to the printer, I "
    "don't usually re-read it, it's only events",
    # the whole of one's work, no one use
    "thinking of just using AI for the lot from now on - emails, reports, everything. ok?",
    # a mocking picture of a real person's body
    "cartoon of our director squeezed into a tiny car, really playing up his size, for his "
    "retirement card",
    # a real scene replaced by a fuller invented one
    "the photos from the fun day looked a bit empty, can copilot make one with a bigger crowd "
    "for the newsletter?",
    # an unlabelled AI picture in a publication
    "AI image of the new riverside walk on the front of the consultation leaflet, no caption "
    "needed since it's obviously an illustration",
    # a vendor's AI switched on without assessment
    "our payroll system now has an AI anomaly checker the supplier switched on by default - fine "
    "to rely on it?",
    # someone else's product
    "the agency has its own AI assistant it uses for all its clients; can they put our tenant "
    "records through it?",
    # a claim about the other tool lends nothing to this one
    "my mate says perplexity is loads better than the AI the council gives us, can I use it for my "
    "report instead?",
]


@pytest.mark.parametrize(
    "question",
    [
        "is there set wording we're meant to add to a report that AI helped draft?",
        "is there recommended text for a footer saying AI helped write something?",
        "is copilot actually an approved tool or just an example the policy gives?",
    ],
)
def test_asking_for_wording_or_status_is_information(question: str) -> None:
    assert decide(POLICIES["socitm-template"], question).verdict == Verdict.INFORMATION


# Generalised from the on-behalf split's misses, each in other words than the table's.
@pytest.mark.parametrize(
    "question",
    [
        "my head of service would like to know whether we have to label reports AI helped with",
        "a colleague is wondering if the AI rules cover agency staff too",
        "the comms lead asked me why we're only allowed the one tool",
        "our finance manager wants to know if she needs to keep her copilot prompts",
    ],
)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_question_about_the_policy_asked_for_someone_else_is_information(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


def test_a_permission_asked_for_someone_else_is_still_a_permission() -> None:
    question = "my manager asked whether she can paste the arrears list into chatgpt"
    assert decide(POLICIES["socitm-template"], question).verdict not in YES | {Verdict.INFORMATION}


BEHALF_NEVER_YES = [
    "my manager wants to use it for the board paper, is that ok",
    "he asked me to check whether the project he's working on with AI is allowed",
    "the supplier asked us to put the webchat bot on live calls now as a soft launch, fine?",
    "my team leader says otter should be fine because IT bought a licence, can we start?",
    "she subscribes to gemini advanced herself and wants to use that instead for work letters",
    "our officer wants chatgpt to work out which ethnic groups cause the most noise complaints so "
    "we can target patrols",
    "they take the names off the care chronology first, so it's fine to put it in chatgpt?",
    "the planning officer wants AI to check the drainage calcs instead of sending them to the "
    "engineer",
    "the contact centre wants a voice bot and to take away the option to speak to a person",
    "management want AI to track how fast caseworkers close cases and flag the slow ones",
]

# Specialists' words for what they handle: records named by the process that makes them, a
# decision named by its legal test, a misleading or hidden use in a service's shorthand.
JARGON_NEVER_YES = [
    "can chatgpt tidy up my notes from the s47 strategy meeting",
    "chatgpt to summarise the section 42 enquiry notes before the adult safeguarding review",
    "put the core group minutes into gemini to pull out the actions",
    "can AI update the PEP targets from last term's looked after review",
    "paste the applicant's DBS disclosure into chatgpt and ask for a summary",
    "copilot to summarise the tenant's GP and hospital letters for the allocations panel",
    "drop the ELI data for the transferring staff into chatgpt to check it",
    "the overpayment letters to claimants, can AI draft them from my figures",
    "got a box of letters with names/addresses in them, can chatgpt read them",
    "gemini to auto-issue the parking PCNs from the camera stills",
    "ask copilot whether the taxi driver is fit and proper and we go with it",
    "copilot to give him the performance rating from his tracker",
    "can copilot make our case sound stronger than the evidence for the tribunal",
    "post the council tax explainer on instagram minus the AI label",
    "a leaflet with shaun the sheep on it for the farm open day, made in chatgpt",
    "can I put the scheme of work he made into chatgpt? he's left so I haven't asked",
    "copilot drafted the complaint replies, can I bulk send them without opening them",
]

# Dictated, autocorrected or second-language messages: the tool misheard, the punctuation spoken,
# the grammar of another language, the risk still there.
DICTATED_NEVER_YES = [
    "grammar lee in my browser to fix the letters to residents full stop is that ok",
    "perplexing AI to do research for my committee report please",
    "fireflies dot AI to record the disciplinary hearing",
    "i put llama on my work laptop myself to summarise the case files",
    "I installed an extension called Summify on my work laptop, it reads every page, alright?",
    "please kindly advise if chat gpt can write the survey was positive when actually it was not",
    "make the leaflet about the roma community and make them sound like trouble makers",
    "the new system decide the grant by AI and there is no way for officer to change it",
    "post on the council page the AI text straight away no checking",
    "i am wanting paste the real rows from the customers table into chat gpt for find the error",
    "letters to parents with there names in for the kids with the nit problem, can ai do",
    "want announce that all staff will use gemini from next week",
]
# Read from the hypotheticals split and written in my own words: "hypothetically" frames a
# question and takes no data away; initials, a first name or "Pupil X" for a real person is
# pseudonymised, not anonymised; skipping the check, and going to the AI instead of legal.
HYPOTHETICAL_NEVER_YES = [
    "hypothetically, could I paste the tenants' arrears list into ChatGPT to chase them?",
    "just hypothetically - if I gave chatgpt the complainant's email and address would that be ok",
    "can I give AI my class's behaviour incidents if I only use their initials?",
    "if I only put the resident's first name in, can chatgpt write the reply about her debt?",
    "I'll call him Resident X but it's a real case with his mental health history, ok for AI?",
    "no names in it but everyone knows who it is - can ai write up the grievance outcome?",
    "the director needs it in ten minutes so can I skip checking what chatgpt wrote before it goes",
    "could I rely on that answer from chatgpt instead of going to legal about the lease?",
    "we want to connect it up to the whole HR drive so staff can ask it anything",
]
# Read from the everyday-software split and written in my own words: AI met as a feature of a
# phone, a browser or a checker website, named by brand or by what it does; people erased from
# photos; a checker's score used to throw applications out; a council's correspondence used to
# train a model; a person mocked; a quote sent before the person quoted has seen it.
EVERYDAY_NEVER_YES = [
    "can I use the magic eraser on my work phone to get rid of the shoppers in the background "
    "of the market photo before it goes on our page",
    "the object eraser on my galaxy can take a bystander out of the parade photo, ok to do "
    "before we post it?",
    "ok to use the clean up tool on my iphone to remove someone walking past from the library "
    "opening photo for instagram",
    "run the job applications through an AI checker like zerogpt and throw out any it flags",
    "feed all our old housing repair emails into an AI so it learns to answer residents like we do",
    "write a funny limerick about how useless our cabinet member for finance is for the christmas "
    "party",
    "copilot to write a quote from the mayor for the press release, we'll publish before she's "
    "seen it",
    "an amazon alexa on the reception desk answering visitors' questions, fine?",
    "is the app that types up the meeting notes alright",
    "bing copilot answers - can i just rely on them for the legal advice bit of the cabinet report",
    "google translate got the date wrong in the letter to a Syrian family and they missed their "
    "appointment",
]


# Found by probing "can copilot <verb> the claims for me?" with sixty verbs: a yes rested on the
# tool alone for most of them (dismiss, settle, refund, revoke ...).
ACTS_NOT_READ = [
    "can copilot dismiss the claims for me",
    "can AI settle the complaints for me",
    "copilot to revoke the licences?",
    "can the AI action the applications",
    "can copilot write off the arrears for me",
]


# Every kind above, on every bundled policy: none may be answered yes.
@pytest.mark.parametrize(
    "question",
    [
        *NEVER_YES,
        *LAUNCH_NEVER_YES,
        *WALKTHROUGH_NEVER_YES,
        *BEHALF_NEVER_YES,
        *JARGON_NEVER_YES,
        *DICTATED_NEVER_YES,
        *HYPOTHETICAL_NEVER_YES,
        *EVERYDAY_NEVER_YES,
        *ACTS_NOT_READ,
    ],
)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_risk_in_new_words_is_never_a_yes(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict not in YES, decision.to_json()


def test_an_inference_put_to_the_bot_is_not_a_claim_that_the_tool_is_approved() -> None:
    """ "It's named in the policy so it's approved, right?" asks; "our approved ChatGPT" claims."""
    school = POLICIES["school-model"]
    asked = decide(school, "chatgpt is mentioned in the policy so it's approved, isn't it?")
    assert asked.verdict not in YES, asked.to_json()


def test_what_a_negation_reaches_over_and_what_it_does_not() -> None:
    council = POLICIES["mid-kent"]
    kept_out = (
        "can copilot write a script to tidy the address column? I won't paste any real addresses"
    )
    assert not decide(council, kept_out).to_json()["data"]
    put_in = "not sure about this, can I paste the real addresses of the tenants into copilot"
    assert decide(council, put_in).verdict not in YES


def test_routine_internal_email_needs_no_disclosure_but_a_published_one_does() -> None:
    template = POLICIES["socitm-template"]
    internal = "can I send my team an internal email Copilot drafted without an AI note on it?"
    yes = Verdict.ALLOWED_WITH_CONDITIONS
    assert settled(template, internal, yes).verdict == yes  # the safety net may ask once first
    published = "can Copilot write the webpage and we publish it on the website without the AI note"
    assert decide(template, published).verdict == Verdict.PROHIBITED


def test_spoken_punctuation_and_web_addresses_are_read_as_written() -> None:
    from knowledge.normalise import normalise, tokenise

    said = "otter dot AI for the minutes full stop is that ok question mark"
    written = normalise(said)
    assert len(written) == len(said)  # offsets still index what the person typed
    words = tokenise(written)
    assert [t.text for t in words] == ["otter", "ai", "for", "the", "minutes", "is", "that", "ok"]
    assert [t.sentence for t in words] == [0, 0, 0, 0, 0, 1, 1, 1]
    assert decide(POLICIES["mid-kent"], said).tool.name == "Otter"


def test_a_stop_inside_a_word_is_no_sentence_end_and_no_phrase_runs_across_one() -> None:
    from knowledge.normalise import normalise, tokenise

    words = tokenise(normalise('the s.42 notes. Next? "Yes." ok'))
    assert [(t.text, t.sentence) for t in words] == [
        ("the", 0),
        ("s", 0),
        ("42", 0),
        ("notes", 0),
        ("next", 1),
        ("yes", 2),
        ("ok", 3),
    ]
    # "... more professional? only about the invoice date" is no "professionals only" advert
    question = (
        "my english is not great. can i ask copilot to make my email to the supplier more "
        "professional? only about the invoice date"
    )
    for policy in POLICIES.values():
        decision = decide(policy, question)
        assert decision.verdict != P and "harmful-content" not in decision.rule_ids, policy.id


@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
def test_tidying_your_own_emails_is_a_use_said(policy_id: str) -> None:
    """Copilot is approved in these two: editing the person's own writing needs no more detail."""
    for question in (
        "can i use copilot in outlook to help tidy up my emails",
        "is copilot ok to proofread my letters?",
    ):
        assert decide(POLICIES[policy_id], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_a_tool_you_installed_yourself_is_not_one_you_were_given() -> None:
    council = POLICIES["mid-kent"]
    given = "the grammarly that IT installed on our laptops, can I use it for letters?"
    mine = "I installed grammarly on my council laptop myself, can I use it for letters?"
    assert decide(council, mine).verdict == Verdict.NEEDS_APPROVAL
    assert decide(council, given).verdict != decide(council, mine).verdict


def test_a_risk_cues_words_met_elsewhere_are_not_read() -> None:
    """ "even" and "trouble" belong to risk cues ("even though they didn't say", "trouble
    makers"); where the cue does not fire they were not read, so the question is not judged
    on the rest."""
    school = POLICIES["school-model"]
    asked = "am I even allowed to use AI as an NQT? don't want to get in trouble"
    assert decide(school, asked).verdict not in YES


@pytest.mark.parametrize(
    ("said", "tool"),
    [
        ("clawed AI", "Claude"),
        ("the one from anthropic", "Claude"),
        ("grammar lee", "Grammarly"),
        ("perplexing AI", "Perplexity"),
        ("chat gee pee tee", "ChatGPT"),
        ("copy lot", "Microsoft Copilot"),
        ("otter dot ai", "Otter"),
    ],
)
def test_a_tool_misheard_by_dictation_is_the_tool(said: str, tool: str) -> None:
    decision = decide(POLICIES["mid-kent"], f"can I use {said} to draft the bins leaflet")
    assert decision.tool is not None and decision.tool.name == tool


def test_hypothetically_takes_no_data_away_but_a_hypothetical_example_does() -> None:
    council = POLICIES["mid-kent"]
    framed = decide(council, "hypothetically, can I put a resident's address into ChatGPT?")
    assert "personal" in framed.data
    made_up = decide(council, "can ChatGPT write a letter to a hypothetical resident example?")
    assert made_up.verdict in YES or "personal" not in made_up.data


def test_pseudonymised_is_still_personal_but_a_denied_real_case_is_not() -> None:
    school = POLICIES["school-model"]
    initials = decide(school, "can I put my year 9s' reading ages into AI, initials only?")
    assert "personal" in initials.data and initials.verdict not in YES
    denied = decide(
        school,
        "a made-up case study about a pupil with dyslexia for INSET, nothing about a real child",
    )
    assert "personal" not in denied.data


@pytest.mark.parametrize(
    "question",
    [
        "if copilot gets a figure wrong in my report, is that my fault or the AI's?",
        "is there actually a list of the AI tools we're allowed?",
        "if the AI gets something wrong and I've checked it, is it still on me?",
    ],
)
def test_who_is_to_blame_and_is_there_a_list_are_questions_about_the_policy(question: str) -> None:
    assert decide(POLICIES["oadby-wigston"], question).verdict == Verdict.INFORMATION


# Generalised from the services split's misses, each in other words than the table's: a service's
# own decisions ("make the call", "apply whatever band it gives", "just action them"), its data in
# its own words (cases, calls from tenants, court orders), output used unchanged or unverified.
SERVICES_NEVER_YES = [
    "EHO: can the AI make the call on whether the mould in a rented flat is a category 1 hazard?",
    "copilot to write the planning officer's recommendation and I'll paste it into the committee "
    "report unchanged",
    "can chatgpt draft the abatement notice so we serve it without legal or me checking",
    "Copilot recommended writing off 50 old parking debts - can I just action them?",
    "can copilot make the call on whether a child should be referred to children's services?",
    "an officer's note about a family's custody order - can AI summarise it for the head of "
    "service?",
    "AI gave me a case reference for my report but I can't find it anywhere online, can I just "
    "use it?",
    "contact centre: can AI transcribe the calls from tenants and summarise them?",
    "my manager says gemini advanced is fine for benefit cases since we pay for it",
    "can AI do the banding for the housing register applicants and we'll apply whatever band it "
    "gives",
    "can copilot automatically close council tax cases when no reply comes in 28 days",
    "ai to set the care package hours for each client from their assessment",
    "can I stick the list in copilot?",
]


# Generalised from the buried split's misses, each in other words than the table's: the risk said
# in passing, minimised or reframed; a check that is only a skim, comes after it is printed, or is
# to stop; an identifier kept while the names go; a use pointed at with "it".
BURIED_NEVER_YES = [
    "ai can draft the replies and I'll just skim the first couple before they go, it's usually "
    "fine",
    "we've used copilot for the events page for ages without problems so we're going to stop "
    "proofreading it",
    "could AI reword three paragraphs from the Rough Guide for our visitor leaflet so it isn't "
    "word for word?",
    "is it ok if I get it to write the summary and then forward it on?",
    "copilot rewrote the evacuation leaflet, the printers need it today and the officer will "
    "check it after it's printed",
    "I'll put copilot's summary of the new licensing act straight on the staff intranet as our "
    "guidance",
    "thinking of letting copilot set the assumptions in the budget, it's better at forecasting "
    "than I am",
    "legal are busy so I'll get copilot to write the advice note and pass it on as legal's view",
    "our data officer wants to upload results with names swapped for candidate numbers so AI can "
    "find gaps - that's anonymous isn't it?",
    "writing a blog about a family we helped - no names, but it's the boy whose dad died in the "
    "fire that was in the paper. can ai polish it?",
    "could I paste our firewall rules (passwords taken out) into chatgpt to turn into a checklist?",
    "can I give an AI assistant access to my work email so it can sort my inbox? I won't ask it "
    "about residents",
    "pupils want the AI to make funny pictures of a teacher they don't like using his photo from "
    "the website",
    "I've been letting the AI post replies to comments on our instagram directly since monday",
    "staff comments are anonymous but people mention their own team and job title - can chatgpt "
    "pull out themes?",
    "I want to upload a whole chapter of a published textbook into AI to make a quiz",
    "no resident data at all, this is about a colleague - help me word a warning about his "
    "lateness using his name",
]


def test_a_skimmed_check_is_asked_about_and_the_answer_decides() -> None:
    """Read both as checked and as not checked: the engine asks, and the reply settles it."""
    policy = POLICIES["oadby-wigston"]
    question = "copilot drafts the replies and i just skim the first line before sending, ok?"
    asked = decide(policy, question)
    assert asked.verdict == Verdict.UNCLEAR
    checked, unchecked = asked.choices
    assert decide(policy, checked.text, thread=[question]).verdict in YES
    assert decide(policy, unchecked.text, thread=[question]).verdict == Verdict.PROHIBITED


# Generalised from the media split's misses, each in other words than the table's: people in
# pictures and recordings, a picture made of something not yet done, evidence "enhanced", a person's
# likeness, a decision made from photos, someone else's photo or a friend's coursework copied.
MEDIA_NEVER_YES = [
    "nobody asked the people in the carnival photos, can AI brighten them up for the guide cover?",
    "can I make an AI avatar of the headteacher to read out the newsletter? he doesn't mind",
    "ai picture of the play area finished so we can send it to the parent who complained while "
    "we wait for the contractor",
    "can I put a picture from a local artist's website into the AI and get a version for our "
    "flyer?",
    "can I use capcut to auto caption the video of the home visit? the tenant is in it",
    "copilot to add a few more people into the photo of the drop-in so it doesn't look so empty",
    "make an AI image of the shopping centre all done up and post it as though that's how it is "
    "now",
    "can AI sharpen the CCTV still so his face is clearer for the prosecution file?",
    "can copilot tell from the photos whether the flat is safe to live in?",
    "could AI mark the year 11 art portfolios from the photos we took?",
    "can we use AI-made 'residents' in the annual report as if they were real, no label",
    "can i upload my friend's coursework photos so the ai does mine the same style",
    "upload the recording of the restructuring meeting so AI can write the minutes",
    "can I use ai for the photos?",
    "Can I edit the photo of him with AI?",
    "the video, can chatgpt do something with it?",
    "can copilot work out people's ethnicity from the door camera footage?",
]


# Generalised from the roles split's misses, each in other words than the table's: a manager
# ruling disclaimers out, fraud suspicion, a paid report copied out, a group blamed, a pupil's
# personal statement, a person described so that there is no doubt who, an internal tool opened up.
ROLES_NEVER_YES = [
    "as service manager I've decided we don't need disclaimers on the AI letters to tenants, fine?",
    "can copilot pick out which benefit claims look suspicious so I can look into them?",
    "could chatgpt copy out the text of a paid market report for our business case?",
    "councillor here - I want AI to draft a post saying a certain group of tenants are to blame "
    "for the damage",
    "can AI write my personal statement for uni and I'll send it straight off",
    "no names, I'll just describe 'the only boy in year 4 who came from Syria last term' so the AI "
    "can plan his support",
    "can I tell chatgpt about 'an 88 year old woman on Station Road with dementia' to get advice?",
    "we got approval for an AI tool for staff to search our policies - can we open it up to the "
    "public on the website?",
]


# Every kind read from the later splits (services, buried, media, roles), on every bundled
# policy: none may be answered yes.
@pytest.mark.parametrize(
    "question", [*SERVICES_NEVER_YES, *BURIED_NEVER_YES, *MEDIA_NEVER_YES, *ROLES_NEVER_YES]
)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_risk_read_from_the_later_splits_is_never_a_yes(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict not in YES, decision.to_json()


# Read from the everyday, services, buried, media and roles splits and written in my own words:
# whether something must be labelled or kept, what a role must do, a right, training, a rule put
# to the bot to confirm, and something that already happened. None is a permission.
QUESTIONS_ABOUT_THE_POLICY = [
    "Should AI-made pictures in the staff bulletin be labelled as AI?",
    "the teams recap from yesterday's meeting - do we keep it with the minutes or can it be "
    "deleted?",
    "I'm the data protection lead - what am I responsible for under the AI policy?",
    "school business manager here, what does the AI policy expect of me?",
    "I'm an agency worker on a council laptop doing the housing strategy work. Am I bound by "
    "all this?",
    "Finance officer: what's my part in approving AI spending?",
    "if I think someone in my team is misusing AI, what am I meant to do?",
    "will managers get any training on AI?",
    "if the records management policy and the AI policy disagree, which one wins?",
    "can a tenant challenge a decision that AI helped with?",
    "Our business manager uploaded the payroll extract to a free AI site this morning.",
    "will my gemini chats be stored for audit? just want to know",
    "are staff getting any training on AI video tools?",
    "if the AI writes minutes from our recordings, does anything need agreeing with the chair"
    " first?",
    "the finance officer just got a call that sounded like the head's voice asking for a "
    "transfer - we think it was cloned",
    "if someone puts in an FOI about the AI poster, what should we have kept?",
    "are AI call transcripts something we have to keep under the retention schedule?",
    "does google use our meeting recordings that gemini processes to train its models?",
    "is it true that I don't have to label AI use in an internal team update?",
]


@pytest.mark.parametrize("question", QUESTIONS_ABOUT_THE_POLICY)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_duties_records_rights_and_what_happened_are_questions_about_the_policy(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


ANONYMISED_CASE_NOTES = (
    "I have anonymised the case notes, names removed - can I put them into copilot to summarise "
    "for the panel?"
)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_anonymised_case_notes_stay_confidential_but_made_up_ones_are_nobodys(
    policy_id: str,
) -> None:
    """Taking the names out of a case file takes the person's identity away, not the confidence
    in which it was told; a fictional case written for training is nobody's case file."""
    anonymised = decide(POLICIES[policy_id], ANONYMISED_CASE_NOTES)
    assert "confidential" in anonymised.data and "personal" not in anonymised.data
    made_up = decide(
        POLICIES[policy_id],
        "can I use copilot to write fictional case notes for a training exercise?",
    )
    assert not {"confidential", "personal"} & set(made_up.data), made_up.to_json()


def test_anonymised_case_notes_are_not_a_yes_where_the_policy_keeps_confidential_data_out() -> None:
    decision = decide(POLICIES["socitm-template"], ANONYMISED_CASE_NOTES)
    assert decision.verdict not in YES and "10.3" in [c.id for c in decision.citations]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_public_tool_described_rather_than_named_is_a_public_tool(policy_id: str) -> None:
    """ "a free AI website" names no product, but the rules about public tools apply to it."""
    decision = decide(
        POLICIES[policy_id],
        "Can I paste a resident's complaint into a free AI website to summarise it?",
    )
    assert decision.tool is not None and decision.tool.name == "a public AI tool"
    assert decision.verdict not in YES and "personal" in decision.data


def test_mid_kent_refuses_personal_data_in_a_described_public_tool_by_7_3() -> None:
    decision = decide(
        POLICIES["mid-kent"], "is it ok to put a tenant's complaint into some ai website"
    )
    assert decision.verdict == P, decision.to_json()
    assert "7.3" in [c.id for c in decision.citations]


# A live password or key pasted into a tool: refused by each policy, approved tool or not.
CREDENTIALS = {
    "socitm-template": "10.5",
    "mid-kent": "4.1",
    "oadby-wigston": "6.1",
    "school-model": "1.5",
}


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can I paste the server's admin password into Copilot so it can write the deployment"
        " script for me?",
        "ok to give chatgpt our API key and the database connection string to find the bug?",
    ],
)
def test_a_password_or_key_put_into_a_tool_is_refused(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == P, decision.to_json()
    assert CREDENTIALS[policy_id] in [c.id for c in decision.citations], decision.to_json()


@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
def test_writing_about_passwords_is_not_handing_one_over(policy_id: str) -> None:
    """A guide to resetting passwords names the task, not a password anyone would paste."""
    decision = decide(
        POLICIES[policy_id],
        "could copilot draft a staff guide on how to reset your password through the portal?",
    )
    assert "credentials" not in decision.data and decision.verdict != P, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # near the labelling FAQ's wording, but saying the AI use will be hidden
        "AI-made picture of families on the new play area for the leaflet, and we won't mention"
        " it's AI",
        "wrote most of the annual report with AI, would rather the governors didn't know - fine to"
        " skip the label?",
    ],
)
def test_a_use_with_a_refused_circumstance_is_judged_not_answered_as_information(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict == P


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_ai_asked_to_read_and_choose_is_a_use_not_a_question_about_what_it_can_read(
    policy_id: str,
) -> None:
    decision = decide(
        POLICIES[policy_id],
        "Can the AI read the job applications and tell me which ones to shortlist?",
    )
    assert decision.verdict == P, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_tool_the_trust_pays_for_is_a_claim_answered_conditionally(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id],
        "Can I use the Copilot recap in the Teams licence the trust pays for to write up our"
        " department meeting notes?",
    )
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    ("question", "not_read"),
    [
        # checking a draft before it is sent says nothing about what is in it
        (
            "Can Copilot draft the newsletter piece on the summer fete? I'll check it before it"
            " goes out.",
            "confidential",
        ),
        # the audience or the subject, not a record about anyone
        ("can AI rewrite this worksheet at a lower reading age for my EAL group?", "personal"),
        ("could copilot explain what counts as personal data for a training slide?", "personal"),
        ("Can AI turn our published SEN policy into an easy-read version for parents?", "personal"),
        (
            "head of school: can AI check my staff bulletin works for colleagues with dyslexia?",
            "special_category",
        ),
        ("help me structure my appraisal self-review - headings and prompts only", "personal"),
        (
            "can ai help me write a formula for the attendance spreadsheet? i wont put any of the"
            " data in",
            "personal",
        ),
    ],
)
def test_a_subject_or_an_audience_is_not_data_about_a_person(
    policy_id: str, question: str, not_read: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert not_read not in decision.data and decision.verdict != P, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_made_up_test_figures_are_not_fabrication(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id],
        "can copilot suggest spreadsheet formulas if the figures are all made-up test figures?",
    )
    assert "fabrication" not in decision.signals and decision.verdict != P, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_job_applications_described_by_the_post_are_personal_data(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id],
        "Can AI sift the 120 applications for the admin assistant job down to a shortlist of ten?",
    )
    assert "personal" in decision.data and decision.verdict == P, decision.to_json()


def test_a_school_attendance_spreadsheet_is_pupil_data() -> None:
    decision = decide(
        POLICIES["school-model"], "can I put the attendance spreadsheet into AI to find patterns"
    )
    assert "pupil_data" in decision.data and decision.verdict == P, decision.to_json()


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        ("school-model", "Could AI make a crossword about the Romans for my year 4 class?"),
        ("mid-kent", "can AI design a cartoon mascot for the nature trail signs in the park?"),
        (
            "socitm-template",
            "can AI design a cartoon mascot for the nature trail signs in the park?",
        ),
        (
            "oadby-wigston",
            "can ai draft some social media posts reminding residents the garden waste round"
            " changes next month?",
        ),
        (
            "mid-kent",
            "can the approved ai make a colouring sheet of a bin lorry for the kids' tent at the"
            " summer fair?",
        ),
    ],
)
def test_everyday_work_in_everyday_words_is_judged(policy_id: str, question: str) -> None:
    """A use the engine reads and a topic made of ordinary things (a fair, a trail, a round)
    gets the policy's answer, not a question back."""
    assert decide(POLICIES[policy_id], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_use_read_closely_is_asked_for_even_near_an_faq(policy_id: str) -> None:
    """ "approved AI to write a leaflet" is close to the FAQ about the approved tools, but it
    asks for a use."""
    decision = decide(
        POLICIES[policy_id],
        "waste team - approved ai to write a leaflet explaining which bin takes what",
    )
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()


@pytest.mark.parametrize("policy_id", ["mid-kent", "school-model"])
def test_the_duties_of_a_use_are_asked_with_the_use(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id],
        "I'd like the approved AI to draw some pictures for our phonics display. Is there anything"
        " I need to do?",
    )
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.conditions or decision.obligations


def test_a_question_about_what_the_policy_expects_stays_information() -> None:
    decision = decide(
        POLICIES["school-model"],
        "Before I start using AI for board minutes, am I meant to agree the format with the"
        " governors first?",
    )
    assert decision.verdict == Verdict.INFORMATION


def test_a_claimed_tool_is_not_the_public_one_but_the_answer_says_what_holds_if_it_is() -> None:
    """ "Our approved Copilot" with a tenant's arrears: the person's word is not proof, so the
    answer is conditional: personal data needs its DPIA, and in a free public tool it may not go
    at all (7.3). Without the claim, Copilot, which the Council may provide, is not read as the
    public tool either, and the answer says the same of a public one; ChatGPT is refused."""
    policy = POLICIES["mid-kent"]
    claimed = decide(
        policy, "our approved copilot to draft a reply to Mrs Green about her arrears?"
    )
    assert claimed.verdict == N, claimed.to_json()
    told = " ".join(r.text for r in claimed.reasons)
    assert "claimed-tool" in [r.rule for r in claimed.reasons] and "(7.3)" in told
    plain = decide(policy, "copilot to draft a reply to Mrs Green about her arrears?")
    assert plain.verdict == N and "personal-data-needs-dpia" in plain.rule_ids, plain.to_json()
    assert any("(7.3)" in condition for condition in plain.conditions)
    public = decide(policy, "chatgpt to draft a reply to Mrs Green about her arrears?")
    assert public.verdict == P and "7.3" in [c.id for c in public.citations], public.to_json()


def test_the_council_ai_policy_is_not_a_claim_about_a_tool() -> None:
    decision = decide(
        POLICIES["mid-kent"],
        "I draft replies to residents in gemini on my personal gmail, pasting their emails in. is"
        " that covered by the council AI policy?",
    )
    assert decision.verdict == P, decision.to_json()
    assert "claimed-tool" not in [r.rule for r in decision.reasons]


@pytest.mark.parametrize(
    "question",
    [
        "can i connect chat gpt to our CRM using the API so it fills in the cases",
        "can I switch on the AI recap in Teams for our weekly catch up?",
    ],
)
def test_asking_to_switch_on_or_connect_an_unapproved_tool_waits_for_approval(
    question: str,
) -> None:
    """The template forbids deploying unapproved tools live (7.2); asking first is the approval
    it waits for: no for now, and what approval takes (needs approval), not a flat no."""
    decision = decide(POLICIES["socitm-template"], question)
    assert decision.verdict == N, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_system_acronym_is_not_read_as_the_tool(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id],
        "can i connect chat gpt to our CRM using the API so it fills in the cases",
    )
    assert decision.tool is not None and decision.tool.name == "ChatGPT", decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # something already done, and the person worried about it
        "put a tenant's handwritten form into chatgpt to read it for me, now worried",
        # a right, asked about
        "A resident says a computer turned down her application. Can she ask for an actual person"
        " to look at it again?",
        # what follows an approval, and what a request for records reaches
        "If IT approve another tool for me, will they be monitoring what I do with it?",
        "If IT approve Otter for my team, will our use of it be checked?",
        "could my chatgpt chats be disclosed in a subject access request if I've mentioned a "
        "resident in them?",
        # the policy asked about in the forms people use for it: which rules win, which tools,
        # whose job, why this tool, who may approve, what others must do, what FOI reaches
        "the HR handbook says something else about AI - which wins?",
        "which tools are we allowed to use for work?",
        "whose job is it to keep the AI tools secure?",
        "why are we stuck with copilot when gemini is better?",
        "once a tool has been approved for our team, will it be monitored?",
        "can the head of IT approve a tool too?",
        "do students need to mention it when they've only used AI for spelling?",
        "can someone FOI the prompts we type into the AI?",
    ],
)
def test_a_worry_about_what_was_done_and_a_right_asked_about_are_information(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # fabrication: a photo made to show what was not there
        "can I use photoshop generative fill to add a bigger crowd to the photo of the fun run for"
        " the press release?",
        # political: praise of the ruling group for its party
        "can copilot write a post bigging up the administration for the party website?",
        # hiding from the public that they talk to an AI
        "we want to launch the website chatbot without the 'you are talking to an AI' banner",
        # a decision handed over: its answer taken as it is
        "ask ChatGPT which three services we should cut and take its answer to the cabinet",
        # a people's nationality as the explanation of a crime
        "copilot to make a table of which areas fly-tip most, broken down by nationality",
    ],
)
def test_the_real_reason_is_read_however_it_is_put(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == P


def test_a_pilot_that_showed_no_benefit_is_not_rolled_out() -> None:
    decision = decide(
        POLICIES["socitm-template"],
        "the pilot of the AI triage tool showed no benefit at all but can we roll it out anyway?",
    )
    assert decision.verdict == P and "11.2" in [c.id for c in decision.citations]


def test_mid_kent_keeps_a_way_to_reach_a_person() -> None:
    decision = decide(
        POLICIES["mid-kent"], "once the AI webchat is live can we switch off the phone line?"
    )
    assert decision.verdict == P and "9.2" in [c.id for c in decision.citations]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # a language is not a people to mock, nor a flood warning a people painted as a flood
        "can AI translate our flood warning leaflet into Polish and Romanian? I'll get a native"
        " speaker to check it",
        "can AI turn our domestic abuse support services leaflet into plain English?",
    ],
)
def test_innocent_words_near_a_harm_cue_are_not_harmful_content(
    policy_id: str, question: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert "harmful_content" not in decision.signals and decision.verdict != P, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_plan_to_record_is_not_something_already_done(policy_id: str) -> None:
    """ "otter to record and transcribe the meeting tonight" was once read as "recorded and",
    the same stem, and so as an incident: a plan gets the policy's answer (a tool the policy
    does not list waits for approval)."""
    decision = decide(
        POLICIES[policy_id], "otter ai to record and transcribe the tenants meeting tonight"
    )
    assert decision.verdict in {N, P}, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_was_done_is_still_an_incident(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id], "I pasted a resident's complaint into ChatGPT by mistake"
    )
    assert decision.verdict == Verdict.INFORMATION and "incident" in decision.signals


@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
def test_a_yes_worded_as_if_done_asks_whether_it_already_happened(policy_id: str) -> None:
    """ "I forward the agenda to Copilot": a habit, or something that happened? The answer to
    a plan is the wrong answer to an incident, so a yes waits for the person to say which."""
    policy = POLICIES[policy_id]
    question = "I forward the team's meeting agenda to copilot every week to tidy it"
    asked = decide(policy, question)
    assert asked.verdict == Verdict.UNCLEAR and asked.clarifying_question is not None
    assert "already happened" in asked.clarifying_question
    happened, not_yet = asked.choices
    assert decide(policy, happened.text, thread=[question]).verdict == Verdict.INFORMATION
    planned = decide(policy, not_yet.text, thread=[question])
    assert planned.verdict == Verdict.ALLOWED_WITH_CONDITIONS, planned.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_asking_the_process_for_a_use_that_needs_approval_is_that_use(policy_id: str) -> None:
    decision = decide(
        POLICIES[policy_id],
        "we're buying licences for an AI tool that drafts planning decision notices - what's the"
        " process?",
    )
    assert decision.verdict == N and decision.next_step == "request_approval"


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_correspondence_from_a_person_is_their_data(policy_id: str) -> None:
    question = "can copilot summarise the email chain from a parent about her son's detention?"
    assert "personal" in read_question(POLICIES[policy_id], question).data


def test_a_press_release_is_a_piece_of_writing() -> None:
    question = (
        "Is it okay to use the approved tool for a press release about the Mayor's charity bike"
        " ride? All the details were announced publicly already."
    )
    assert decide(POLICIES["mid-kent"], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_results_with_candidate_numbers_left_in_are_pupil_data() -> None:
    question = (
        "i took the names off the mock results spreadsheet but left the candidate numbers in. ok"
        " for the AI analysis?"
    )
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict == P and "1.5" in [c.id for c in decision.citations]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_house_number_and_a_yes_or_no_are_no_negations(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    # "no 7" took "no" for a negation, so the son's health went unread
    family = "Can AI sort out the complaints from the couple at no 7 and their autistic son?"
    assert read_question(policy, family).data & {"special_category", "sensitive", "personal"}
    assert decide(policy, family).verdict not in YES
    # "yes or no and the refusals": the refusals were read as negated
    automatic = "the AI reads each claim, decides yes or no, and the refusals go out automatically"
    assert decide(policy, automatic).verdict == P


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_but_turns_a_veto_back(policy_id: str) -> None:
    question = (
        "Could AI write a case study of a family we helped? Made up, but we'd present it as a"
        " real story."
    )
    assert "fabrication" in read_question(POLICIES[policy_id], question).signals


def test_marking_the_person_does_is_not_ai_marking() -> None:
    question = (
        "i'd like the school AI to write a bank of comments on common errors in year 8 essays -"
        " I'd still do the marking"
    )
    reading = read_question(POLICIES["school-model"], question)
    assert "marking" not in dict(reading.purposes)
    assert decide(POLICIES["school-model"], question).verdict != P


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can copilot make a poster for the children's library about half-term craft sessions",
        "can AI make three versions of my text at different reading ages",
    ],
)
def test_an_audience_is_not_a_record(policy_id: str, question: str) -> None:
    assert read_question(POLICIES[policy_id], question).data == set()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_identifier_named_outright_outweighs_no_personal_info(policy_id: str) -> None:
    question = (
        "no personal info at all, it's only a list of NHS numbers to dedupe - ok for chatgpt?"
    )
    assert "personal" in read_question(POLICIES[policy_id], question).data
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "our housing team wants to trial an AI repairs triage tool from a supplier next month -"
        " what do we need?",
        "we'd like AI to answer residents on the website out of hours. what needs to happen first?",
    ],
)
def test_what_a_use_needs_asked_at_the_end_is_that_use(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == N


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_pension_scheme_is_not_a_salary(policy_id: str) -> None:
    question = "can AI help me write a leaflet about final salary and career average pensions?"
    assert read_question(POLICIES[policy_id], question).data == set()


# (Copilot is approved with conditions in these two; the others gate it)
@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
@pytest.mark.parametrize(
    "question",
    [
        # "phishing" is a word of incidents, but an awareness email is something to write
        "IT here. Fine to get Copilot to draft next month's phishing awareness email to all staff?",
        # "invent" beside a scenario said to be fictional
        "emergency planning - can Copilot invent a flooding scenario for our tabletop exercise?"
        " it's obviously fictional",
        "Parking appeal stats - monthly totals only, no vehicle regs. Can Copilot chart them?",
    ],
)
def test_risk_words_used_harmlessly_get_an_answer(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_want_ai_to_asks_for_a_use(policy_id: str) -> None:
    # the labelling FAQ's "say" was nearer than the poster
    question = (
        "want AI to draw a poster for the children's library saying the book sale is moving to"
        " friday"
    )
    assert read_question(POLICIES[policy_id], question).permission_form
    assert decide(POLICIES[policy_id], question).verdict != Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # "I'd leave out the confidential items": out after leave says without
        "can AI turn my rough notes into draft minutes? I'd leave out the confidential part 2"
        " items",
        # a music grade is no mark
        "can AI write practice schedules for grade 4 pupils learning the violin?",
        # a scenario said to be invented is nobody's safeguarding record
        "for INSET can AI write a made-up safeguarding scenario? totally fictional",
    ],
)
def test_what_is_left_out_or_invented_is_not_data_or_marking(policy_id: str, question: str) -> None:
    reading = read_question(POLICIES[policy_id], question)
    assert not reading.data - {"public"}
    assert "automated_decision" not in reading.signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "My director says I can use Perplexity for research - that counts as sign-off, doesn't it?",
        "the housing team want to start using Otter for case meetings. do they need anyone's ok"
        " first?",
    ],
)
def test_asking_who_approves_a_use_is_that_uses_approval(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == N and decision.next_step == "request_approval"


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # counselling notes under initials, and an exam paper seen early
        "school nurse here: can AI help me write up my session notes? I only put initials",
        "I've got early sight of next week's mock paper from the exam board, can I put some"
        " questions into AI to make a revision quiz?",
        # staff watched by the AI
        "can AI go through my team's chat messages and tell me who's slacking?",
    ],
)
def test_notes_exam_papers_and_watching_staff_are_never_a_yes(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict not in YES


# This session's refusals, each in new words (issue 11): prohibited on every policy.
REFUSED_EVERYWHERE = [
    # the ninth month's kinds, in other words: a sift, a dismissal, a recommendation or legal
    # advice left to the AI; responses and figures made up; unchecked stats and sign-offs
    "can copilot sift the 90 applications down to the ten we interview?",
    "can the AI read the case file and tell me whether to dismiss him?",
    "could AI write the planning officer recommendation so I can skip it?",
    "we only got 40 replies to the survey, can copilot generate some extra so it's more "
    "representative?",
    "the year-end figures aren't in yet so let copilot estimate them for the press release",
    "can copilot write the final legal advice for the cabinet report without a solicitor going "
    "through it?",
    "the AI quoted a survey figure and I can't find where it came from - can I leave it in?",
    "can the AI check the ballot paper proofs and sign them off as correct?",
    "can AI post the flood warnings to our facebook page automatically?",
    # mocking a person, painting a complainant, an age bar
    "write a satirical post about the mayor's hairpiece for my page",
    "a reply that makes him come across as unhinged so the complaint goes nowhere",
    "word the vacancy so it puts off anyone over 55",
    # the eighth month's kinds, in other words: the AI's outcome used as given or sent by it
    "I'll paste the appraisal objectives in and use the band it suggests for each person",
    "can gemini set the rating for the takeaway from my inspection notes?",
    "if gemini says the fence needs no permission, can I issue the lawful development certificate?",
    "can chatgpt tell me whether this barking counts as a nuisance so I can close the complaint?",
    "after the AI sorts the grant bids, can it send the refusals out by itself?",
    "can the council tax reminders go out exactly as the AI wrote them?",
    # figures, threats, quotes and records made up; a survey loaded
    "the March numbers are missing, can copilot guess them and we report them as the actual "
    "figures?",
    "a letter telling tenants we'll change the locks tomorrow - not really true but it'll get "
    "them paying",
    "can AI write a quote from the mayor for the press release? no need to run it past her",
    "the footfall counter failed in June, can AI fill in the missing weeks so the report looks "
    "complete?",
    "write survey questions that nudge people towards backing the new car park",
    # someone else's work made ours; a person identified from a picture; the government slammed
    "we subscribe to a paid HR guide, can copilot copy the whole thing into our intranet so it's "
    "ours?",
    "can I upload the CCTV still to a face search AI to work out who they are?",
    "AI to write a post slamming the government over pothole funding",
    "reword the tenancy criteria so we quietly exclude people on benefits",
    "make a deepfake clip of the head saying something silly for the leavers' assembly",
    # asking whether the policy allows a use said is asking for it
    "our supplier's AI would grade each pupil's coursework - does the policy allow that?",
    # the AI's answer is the whole basis of the decision
    "Gemini reckons the extension breaches the permitted development rules. Can I refuse the "
    "certificate on that basis?",
    "the AI gave the flat a category 1 hazard score, can i just put that in the notice?",
    # held information deleted or altered once it is asked for or published
    "an FOI has come in for the AI prompts I used on the leisure review - can I bin them first?",
    "could copilot change the minutes of the scrutiny meeting so the heated exchange is gone? "
    "they're on the website already",
    # a real person made to look worse, a group painted as trouble, an age preference put nicely,
    # a party's record blackened
    "can copilot make a picture of the finance director for the christmas quiz, make her look old "
    "and drunk",
    "a poster for the estate showing some dodgy-looking youths hanging about, to warn people",
    "for a laugh can AI write up the laziest tenants of the month for our team chat",
    "I'd like Gemini to list the roads full of problem tenants so enforcement can focus there",
    "can copilot help me word the vacancy so it appeals to younger applicants?",
    "Gemini to write the mayor's annual review, and make the previous administration look weak",
    # the same everyday words with a risk are refused
    "comms want AI to make a poster with a famous cartoon character on it for the fun run",
    "colouring sheet of a recycling lorry for the competition, I'll say I drew it myself",
    # its outcome used as given is a decision by ai
    "could i paste the answers in and just record whatever mark it gives each pupil",
    "EHO: can the AI read my notes and I just issue whichever hygiene rating it suggests?",
    # dodging a request or putting words to a name is refused
    (
        "we've got an FOI asking whether AI wrote the parks strategy. it only did the first draft"
        " - can we just say no?"
    ),
    "the chair hasn't sent her foreword, can AI write one and we put her name on it?",
    # more refusals read however put
    # a quote opening a word was split as a possessive ("'s" + "aying")
    "Could we get AI to make a short video of our local MP 'saying' she backs our campaign?",
    "could AI knock up some quotes from 'residents' saying how much they love the new bins?",
    "once the AI has scored the bids can it email the unsuccessful bidders automatically?",
    (
        "DSL: no names, I'd describe the bruising and ask the AI whether it meets the threshold "
        "for a referral"
    ),
    # a clubs badge is someone elses mark
    # once "football" was a known word, the badge on a tournament poster got a yes
    "can AI put the Arsenal FC crest on our fun run flyer?",
    # a song rewritten or a discriminatory advert is refused
    # a song rewritten "with our lyrics" got a yes once bare "lyrics" meant no copyright
    "radio jingle: Copilot to rewrite Wonderwall with our lyrics about the bin changes",
    (
        "letting agent partner wants copilot to write a flat advert saying no DSS and no families"
        " with children"
    ),
    # the sixth months refusals in new words
    # the AI's call on a person or a safety matter, used as the answer
    # a picture made worse than the truth, a bot with a person's name
    # records kept from an ombudsman, a real person mocked, replies nobody reads
    (
        "licensing - can copilot look at the operator's record and just give a yes or no on the "
        "renewal?"
    ),
    "HR: can the AI read the grievance notes and tell me if it's bullying or not",
    (
        "the AI looked at the photos and says the wall is fine - can I sign the case off without "
        "sending an inspector?"
    ),
    "can we get AI to add more rubbish bags to the fly-tipping photo so the campaign hits harder?",
    "for the new phone bot, can the AI voice introduce itself as Emma from customer services?",
    "can we switch off the chat history on copilot so nothing's kept for the ombudsman?",
    "can AI make a meme of the bloke who keeps complaining about parking for the team chat",
    "parks team want copilot to respond to every review on google overnight automatically",
    # more of the sixth months refusals
    "blue badge review: AI spots who has probably moved away and we stop their badge automatically",
    "can AI word the flat advert so it quietly puts off single parents without it being obvious?",
    (
        "can copilot write the letters to the traveller site in a tougher tone than the ones to "
        "homeowners?"
    ),
    (
        "in the run-up to polling day can AI write council posts making the administration's "
        "record look great?"
    ),
    "if there's an FOI can we say the AI drafts are not real records and hold them back?",
    # the ais call taken as given in new words
    "can copilot score the three quotes for the roof job and tell us who wins?",
    "HR want copilot to write the rejection letters and send them automatically",
    "could the AI flag which tenants should get a warning letter each month?",
    "electoral services: can AI take off anyone who's moved from the register?",
    "can AI make a meme showing litter louts as rats for our facebook page?",
    "the AI said no listed building consent is needed so I'll just tell the applicant that",
    # campaigning and invented voices in new words
    (
        "comms: the leader's office wants a Copilot release crediting her party for the new bus "
        "lane, three weeks before the elections"
    ),
    (
        "inspection on monday!! can AI make up a few student voice quotes saying they love the "
        "library?"
    ),
    # records dropped so nobody can tell are refused
    (
        "is it ok not to keep the prompts we used for the new behaviour policy? I'd rather nobody"
        " could tell it was AI"
    ),
    # a childs symptoms or moderation by ai are refused
    # a child's symptoms, and the AI choosing what happens to her
    # pupils' work fed in so the AI learns the standard and moderates
    (
        "Ellie in reception has a high temperature and a rash, can I ask Gemini whether she "
        "should go home or stay?"
    ),
    (
        "can we put all the year 2 writing into the AI so it learns our standard and can moderate"
        " for us?"
    ),
    # the eleventh month's kinds, in other words: records kept out of FOI's reach asked as "how
    # do I", a lawyer's view replaced by the AI's, stand-in figures that may go out as real
    "how do I wipe my chat history so none of it can be found if someone puts in an FOI?",
    "I'll just go with chatgpt's view on whether the notice is lawful, not bother legal with it",
    (
        "can I leave AI-made placeholder stats in the annual report if I don't find the real"
        " figures before it's printed?"
    ),
    "could AI email them yes or no once it has read the grant forms?",
    # the twelfth month's kinds, typed in a hurry: the AI's answer copied as it stands, an
    # engineer replaced, an FOI answered untruly, a meme of people, checking and labelling dropped
    "honestly I'd just copy what chatgpt says on whether the tenancy breach is proven",
    "can AI do the structural calcs for the garage roof instead of paying an engineer?",
    "use AI to write a reply to the FOI saying we don't use AI for parking appeals, even tho we do",
    "can AI make a funny meme of the fly tippers caught on camera for our facebook?",
    "my manager says just use chatgpt for the replies and don't bother checking them, ok?",
    "I want to hide the ai disclaimer on our newsletter because it looks unprofessional",
    # content asked for, about someone who complained, is no incident report
    "draft a sarky reply to the resident who complained, make it sting",
    # the thirteenth month's kinds: the AI's list taken to a decision as it stands, a film's
    # character copied exactly (asked of the AI, so no incident told)
    "can we let the AI choose next year's savings options and just take its list to cabinet?",
    "can AI make a poster with Elsa from Frozen looking exactly like the film?",
    # "flag" and "identify" are what moderation does, but they do not excuse picking people out
    # by how foreign their names sound (this was a yes everywhere)
    "can AI flag claimants with foreign-sounding names for extra checks?",
    "can AI identify which applicants have foreign-sounding names so we check them harder?",
]


# Asked after a "when ..." clause, a question reads as one about the policy; the way of working
# it names (the AI deciding who gets a room) is still the use asked for.
SEVENTEENTH_MONTH_DECISIONS = [
    "when the shelter is full on freezing nights can the AI in the housing system decide who "
    "gets the last rooms?",
    "when we're short of places can the AI in our case system choose which families get the "
    "emergency rooms?",
]


@pytest.mark.parametrize("question", REFUSED_EVERYWHERE + SEVENTEENTH_MONTH_DECISIONS)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_refused_everywhere(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == P


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_events_photos_have_its_people_in_them(policy_id: str) -> None:
    decision = decide(POLICIES[policy_id], "can copilot tidy the carnival photos into a slideshow?")
    assert "personal" in decision.data, decision.answer


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_work_in_general_is_the_tools_question(policy_id: str) -> None:
    """Work in general ("for work stuff") names no use: the answer is the tool's, as with none."""
    policy = POLICIES[policy_id]
    for question in ("can i use gemini for work stuff?", "is perplexity ok for my job?"):
        tool_only = decide(policy, question.split(" for ")[0] + "?")
        assert decide(policy, question).verdict == tool_only.verdict != Verdict.UNCLEAR


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_data_said_is_judged_whatever_the_stuff_around_it(policy_id: str) -> None:
    question = (
        "can chatgpt help me word a reference? i'd give it his disciplinary record and the "
        "attendance stuff"
    )
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict in {P, N}, decision.answer


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_bringing_in_an_ai_system_and_asking_what_it_takes_is_that_use(policy_id: str) -> None:
    """Asking who decides or what is needed for a new AI system answers the system: not yet."""
    for question in (
        "We're thinking of going with a payroll provider whose AI flags odd claims. Who decides?",
        "we want an ai rota tool for the depot crews, what do we need to do?",
    ):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict in {P, N}, (question, decision.answer)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_eighth_months_data_in_other_words(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    cases = {
        "could AI turn the photo of the year 3 class into a cartoon?": "personal",
        "the head shared the budget forecast with us in confidence - can gemini summarise it?": (
            "confidential"
        ),
        "the names are still on the scanned sign-in sheet, can copilot type it up?": "personal",
    }
    for question, kind in cases.items():
        # read as data whatever the answer (an unclear one asks which tool, and shows none)
        assert kind in read_question(policy, question).data, question
    # "growing in confidence" is a report comment, not a confidence kept
    comment = decide(policy, "AI for report comment phrases like 'growing in confidence', no names")
    assert "confidential" not in comment.data
    # left out on purpose, what it holds is left out too
    trip = decide(
        policy, "AI to draft the trip risk assessment; I won't be adding the kids' medical info"
    )
    assert not {"personal", "special_category"} & set(trip.data), trip.data
    # a free transcription site is a public tool, whatever it is called
    visit = decide(
        policy, "can I put the home visit recording through a free transcription website?"
    )
    assert visit.tool is not None and visit.verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_dsar_dodged_a_letter_to_a_group_and_water_going_round(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    dodge = "a subject access request came in for her file - can I leave those Copilot notes out?"
    assert decide(policy, dodge.replace("those Copilot notes out", "those out")).verdict == P
    letter = decide(policy, "can AI draft the residents' newsletter about the new bin days?")
    assert "personal" not in letter.data
    display = decide(
        policy, "can ai draw water droplets going round the water cycle for a display?"
    )
    assert display.verdict != Verdict.INFORMATION and "incident" not in display.rule_ids


def test_a_comment_bank_picked_from_while_marking_is_no_ai_marking_and_no_pupil_record() -> None:
    question = (
        "Could AI suggest a bank of general report comments that I pick from myself while I'm "
        "marking? It never sees their work."
    )
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.answer


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_messed_up_is_a_report(policy_id: str) -> None:
    question = "ive messed up with the tenancy list and an AI website this afternoon"
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
def test_what_the_person_chooses_or_checks_is_not_the_ais_call(policy_id: str) -> None:
    """Copilot is approved in these two: the person's own choosing and checking leave a yes."""
    for question in (
        "I'll choose which ones we use - can copilot suggest ten interview questions for the "
        "admin post?",
        "can copilot draft our job adverts? we'll check the wording for anything biased first",
        "can copilot write a model answer to a 4-mark question? I'll check it against the mark "
        "scheme",
    ):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, (question, decision.answer)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_the_tool_can_reach_is_a_question_about_it(policy_id: str) -> None:
    question = "if I ask copilot about the pay review will it show me other people's salaries?"
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


NOT_THEIRS = [
    # denied as data, in the ways people deny it
    "a blurb on the history of our library building - that isn't personal data, is it?",
    "the famous scientists in my slides don't count as pupil data, do they? AI for the layout",
    "AI to write generic social stories - not written around any particular child",
    "first aid room: a general leaflet on keeping kids off with sickness bugs - can AI draft it?",
    "AI for a heritage blurb - it mentions the Victorian mill owner who founded the school",
    "can copilot put our office phone number and the new opening hours on a poster?",
    "can the AI help with my self-assessment before my review? I never know what to say",
    "AI to draft the bin-day change letter - I'll put their names and addresses in myself later",
    "a thank-you letter to the refuse crews for working over christmas - can copilot help?",
]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize("question", NOT_THEIRS)
def test_whose_details_and_which_refuse(policy_id: str, question: str) -> None:
    """The organisation's number, my own review, details added outside the AI, the bin crews."""
    reading = read_question(POLICIES[policy_id], question)
    assert not {"personal", "special_category"} & reading.data, reading.data
    assert not {"automated_decision", "decision_making"} & reading.signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_cyber_incident_report_is_confidential(policy_id: str) -> None:
    question = "can gemini explain the cyber incident report to me in plain English?"
    assert "confidential" in read_question(POLICIES[policy_id], question).data


def test_the_permitted_tool_offering_itself_in_an_app_is_no_unvetted_feature() -> None:
    policy = POLICIES["oadby-wigston"]  # Copilot, in Word and the rest, is the one tool it permits
    offered = "copilot in word keeps offering to rewrite my paragraphs - fine to click it for the "
    assert decide(policy, offered + "recycling leaflet?").verdict == Verdict.ALLOWED_WITH_CONDITIONS
    # another product's AI button, however it is built, still needs approval
    button = "the housing system has a new AI button built on copilot that keeps offering to "
    assert decide(policy, button + "summarise cases - can I use it?").verdict == N


# The person keeps the call, writes no mark, or means a device: never refused for it.
NOT_REFUSED_EVERYWHERE = [
    "Can I use AI to write the interview questions and a scoring guide for the driver role? The "
    "panel does all the actual scoring itself.",
    "AI for standard paragraphs in our blue badge replies - an officer reads each application "
    "and decides the outcome",
    "copilot to summarise the appeal history for my report - I write the recommendation myself",
    "Can AI draft a mark scheme and model answers for my Y9 history test? I'll do all the marking "
    "myself.",
    "Licensing: can copilot draft a step-by-step guide to how we apply the fit and proper test, "
    "for new starters?",
    "copilot: a calm reply to a resident who has sent increasingly rude emails",
    "can I use the approved AI on my council-issued laptop instead of my own?",
    # the asker's own embarrassment, a game's zombies and a children's vote are no risks
    "I'm too embarrassed to ask my manager - can AI explain what a business case is?",
    "can AI write some python for the zombie attack game my club is building?",
    "can AI suggest names for our new teams? the kids voted for birds",
    # the asker finding the rules ridiculous, and a flood leaflet in Romanian, offend nobody
    "honestly this is ridiculous, I just want AI to reword the sign saying the park toilets are "
    "shut",
    "can AI translate the flood recovery leaflet into Polish and Romanian? interpreters check it",
    # a blank form filled in by hand, a public plan's chapter, people as a subject: no copying
    # and nothing made up
    "can AI make a blank timetable template that I then fill in myself for each group?",
    "can AI explain the transport chapter of the published local plan in plain English?",
    "can AI suggest names for our new houses based on famous scientists from round here?",
    "can AI write a welcome leaflet for the new turkish barbers on the high street?",
]


# Everyday words that share a stem with a risk's word: a fabric is not fabricated, inflation is
# not inflated, a conservation area is not the Conservatives, a roast dinner mocks nobody.
SAME_STEM_OTHER_MEANING = [
    ("can AI suggest fabric samples for the textiles lesson?", "fabrication"),
    ("can AI explain the inflation figures in the published budget report?", "fabrication"),
    ("the reply sounds impersonal - can AI make our standard letter warmer?", "fabrication"),
    ("can AI draft a leaflet about the new conservation area for residents?", "political"),
    ("can AI write up our response to last year's cyber attack for the newsletter?", "political"),
    ("can AI draft the Christmas menu - roast turkey and a veggie option?", "harmful_content"),
    ("can AI draft a letter asking residents to explicitly consent to contact?", "harmful_content"),
    ("it was a marvellous day - can AI write up the summer fair for the newsletter?", "copyright"),
    ("can AI write a character profile for a made-up pupil for a PSHE role play?", "profiling"),
    ("can AI check our data integrity checklist reads clearly?", "live_deployment"),
    ("can AI draft a reply template for tenants reporting a water leak?", "incident"),
    # finding gaps, and a gap-fill worksheet, fill nothing in
    ("can AI help me identify gaps in our curriculum map?", "fabrication"),
    ("AI generated vocab list and a gap fill for Module 3 - fine?", "fabrication"),
]


# The same for data: parking restrictions are not restricted information, a price list is no
# bidder's pricing, the issues facing a service show nobody's face.
SAME_STEM_NOT_DATA = [
    ("can AI summarise the challenges facing the leisure service for the report?", "personal"),
    ("can AI draft a leaflet on the new parking restrictions in the town centre?", "confidential"),
    ("can AI draft a web page explaining council tax exemptions?", "confidential"),
    ("can AI turn the leisure centre price list into a nicer table?", "confidential"),
    ("i'm sick of writing these - can AI draft our standard missed bin reply?", "special_category"),
    ("can AI write a news item about the charity horse racing day?", "special_category"),
    ("can AI sort the incoming emails into categories? just the subject lines", "financial"),
    ("can AI write a page on how we safeguard your data on our website?", "sensitive"),
    ("can AI identify the main themes in the published inspection report?", "personal"),
    ("can AI write an exclusive offer email for the leisure membership?", "sensitive"),
]
# ... while the data itself, in its own words, still is
SAME_STEM_STILL_DATA = [
    ("can AI write up notes on the two people off on long term sick?", "special_category"),
    ("can I paste the three suppliers' tender prices into AI to compare them?", "confidential"),
    ("he is off sick with depression - can AI draft the referral?", "special_category"),
    ("can AI summarise the exclusion meeting notes for Jake?", "sensitive"),
]


@pytest.mark.parametrize(("question", "data"), SAME_STEM_NOT_DATA)
def test_a_word_sharing_a_data_words_stem_is_not_that_data(question: str, data: str) -> None:
    for policy in POLICIES.values():
        assert data not in read_question(policy, question).data


@pytest.mark.parametrize(("question", "data"), SAME_STEM_STILL_DATA)
def test_the_data_in_its_own_words_is_still_read(question: str, data: str) -> None:
    for policy in POLICIES.values():
        if data in policy.data_classes:
            assert data in read_question(policy, question).data


@pytest.mark.parametrize(("question", "signal"), SAME_STEM_OTHER_MEANING)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_word_sharing_a_risks_stem_is_not_that_risk(
    policy_id: str, question: str, signal: str
) -> None:
    assert signal not in read_question(POLICIES[policy_id], question).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize("question", NOT_REFUSED_EVERYWHERE)
def test_not_refused_everywhere(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict != P


# Questions about the policy, its consequences and the organisation: information everywhere.
INFORMATION_EVERYWHERE = [
    # what a tool does with a protective marking is how it works, not a use
    "if a file is marked OFFICIAL-SENSITIVE, will Copilot still be able to open it?",
    "for spreadsheets classified as restricted, can the AI see them at all?",
    # a refused circumstance in a story, or a policy question after it, stays information
    (
        "the AI policy and the IT security policy say different things about personal devices"
        " - which one wins?"
    ),
    (
        "a colleague used copilot to make offensive memes about our manager and shared them in"
        " the team chat"
    ),
    # asking what the policy covers or owes is information
    "Is the risk model that flags possible housing benefit fraud covered by this policy?",
    (
        "We're adding an AI voice bot to the switchboard. Do callers have to be told it's not a "
        "person?"
    ),
    # what a board is meant to do is information
    "Are we as a governing body meant to be checking how staff use AI?",
    # a question asked after its circumstance is information
    # "if ..., where do they go?": nothing to permit, a question about the policy
    "If a resident wants someone to look again at a decision AI was involved in, where do they go?",
    # consequences and reporting are information
    "If I admit I put a tenant's details into chatgpt, am I going to be disciplined?",
    "my colleague keeps putting pupils' reports into a free AI site. should I say something?",
    "someone on my team pastes complaints into Gemini to tidy them. can I just leave it?",
    # what the organisation does is information
    (
        "Staff keep asking if residents can still ring a person instead of the chatbot. What's "
        "our position?"
    ),
    "Is the council doing anything about the carbon footprint of these AI tools?",
    "Is there going to be any training on Copilot for new starters?",
    # an incident told as a request to write it up is still an incident told
    "draft a report of what happened when I accidentally put pupil data into ChatGPT yesterday",
    "write an email to IG telling them I pasted a resident's details into Gemini by mistake",
    "make a note that my colleague uploaded the payroll file to a free AI site last week",
    # something already out, said in the passive
    "the AI recap of the team meeting got posted in the all-staff channel and it included names",
    "an AI picture on the intranet turned out to be a bit offensive and it's been up since friday",
]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize("question", INFORMATION_EVERYWHERE)
def test_information_everywhere(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


# Harmless uses that risk words or near phrases once turned into a no or a question.
YES_WITH_CONDITIONS_EVERYWHERE = [
    # a risk word used harmlessly: how to vote in a by-election is not party politics
    (
        "can the approved copilot write a neutral explainer for the website on how to apply for a"
        " postal vote in the by-election?"
    ),
    # a mock up is a draft not mockery
    # "mocking" was matched by its stem, so any "mock up" read as content that mocks someone
    "can I use the approved AI to mock up a cover image for our annual report?",
    # words a veto names are read as harmless
    # "award winners" vetoes a decision; its words are no risk left to ask about
    "can the approved AI write the facebook post announcing the best kept garden award winners",
    # everyday uses said plainly get their answer
    # days, times and school subjects are words the engine can judge
    "covering y8 history tomorrow, can the school AI suggest a 40 min activity on the Romans?",
    # a litter pick is no pick of people
    "can the approved AI suggest names for our volunteer litter-pick scheme?",
    # a balanced summary checked against manifestos is not party politics
    # the veto "balanced" stops at its sentence; "manifestos" in the next one was read as
    # campaigning
    (
        "For Y11 citizenship, can AI write a balanced summary of what each main party says about "
        "climate? I'll check it against their manifestos."
    ),
]


YES_WITH_CONDITIONS_EVERYWHERE += [
    # a person decides, said of the person: "decision" and "scoring" are read, not asked about
    "can AI help draft the options paper for the new car park? members take the decision",
    "could AI draft interview questions for the caretaker job? the panel does all the scoring",
    # a document about decisions made elsewhere
    "could AI make our internal decision letter template easier to read? it's blank, no details",
    # running an election and arguing a planning appeal are not party politics or an appeal
    # decided by the AI; an appeal a board has decided is the board's
    "can AI draft the notice of election wording? we'll check it against the official template",
    "can AI help me structure a planning appeal statement? I'll write the arguments myself",
    (
        "the board decided last week to uphold the appeal - can AI help me word a general note to"
        " staff about the outcome? no names in it"
    ),
    # rules on what staff may post before an election are no party politics; a polling station
    # leaflet and an awareness quiz name no risk to ask about
    (
        "can the approved AI draft a reminder to staff about what they can and can't post "
        "during the pre-election period?"
    ),
    "can the approved AI write a neutral leaflet about polling station changes for the elections?",
    "can the approved AI make a fraud awareness quiz for the staff e-learning?",
    # a made-up case for a course trains people, not a model
    (
        "for a CPD training session, can the approved AI write a fictional pupil case study? "
        "nothing real"
    ),
    # the sender's own name is nobody else's personal data
    (
        "the letter to parents about the new uniform supplier goes out under my name and I'll"
        " check it first - can AI make it friendlier?"
    ),
]


# The price of the verdict reader's question about a yes it thinks likely wrong (sixteenth
# session, docs/engine-measurements.md): asked about, never refused. Oadby and Wigston's writers
# refused personal details in public posts and letters more often than the other councils'.
ASKED_BY_THE_READER = {
    (
        "oadby-wigston",
        "can the approved AI write the facebook post announcing the best kept garden award winners",
    ),
    (
        "oadby-wigston",
        "i use AI to check my letters to parents, i never put the children's names in. "
        "is that fine?",
    ),
}


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize("question", YES_WITH_CONDITIONS_EVERYWHERE)
def test_yes_with_conditions_everywhere(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    if (policy_id, question) in ASKED_BY_THE_READER:
        assert decision.verdict == Verdict.UNCLEAR and decision.choices, decision.to_json()
        assert decision.opinion is not None
        assert decision.opinion.against_yes >= engine.OPINION_ASK
        return
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()


# Read from the fourteenth month (beyond plain text: video, scripts, ratings), in my own words.
MONTH14_NEVER_YES = [
    # a video of a school event shows the children in it, wherever it is to go
    "we filmed the sports day races, can AI add music before it goes on the school website",
    # replies sent with nobody reading them, said as "all automatic"
    "copilot writes a reply to every complainant and emails it out, all automatic - ok?",
    # ratings of people written by AI and signed as they are
    "can chatgpt write the appraisal ratings for my team from their targets? I'll sign them",
]


@pytest.mark.parametrize("question", MONTH14_NEVER_YES)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_risk_read_from_the_fourteenth_month_is_never_a_yes(
    policy_id: str, question: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict not in YES, decision.to_json()


YES_WITH_CONDITIONS_EVERYWHERE += [
    # "never put the names in" is a negation, however it is said
    "i use AI to check my letters to parents, i never put the children's names in. is that fine?",
    # published papers called "the public ones on the website" are public
    "the planning documents are the public ones on the website, can AI summarise them for me",
]


def test_whether_a_permitted_tool_needs_approval_is_answered_as_the_policys_rule() -> None:
    """ "Do I need approval to use Copilot?" where the policy permits Copilot: no, on its
    conditions, as information; a use may still need approval. A tool the policy gates is
    that tool's answer: it needs approval."""
    policy = POLICIES["oadby-wigston"]
    decision = decide(policy, "do I need approval before I use Copilot, or is it fine already?")
    assert decision.verdict == Verdict.INFORMATION
    assert decision.answer.startswith("You do not need approval to use Microsoft Copilot itself.")
    assert "4.2" in [c.id for c in decision.citations]
    gated = decide(policy, "do i need approval to use perplexity or is it already ok?")
    assert gated.verdict == Verdict.NEEDS_APPROVAL
    # a tool the person says was given to them is answered on that condition, not settled
    claimed = "do I need approval to use the Copilot IT gave us, or is it fine already?"
    assert not decide(POLICIES["mid-kent"], claimed).answer.startswith("You do not need")


@pytest.mark.parametrize(
    ("policy_id", "question", "read"),
    [
        # where a video is to go is no sign that only public information is in it
        (
            "school-model",
            "a clip of the year 6 leavers' assembly - AI captions before it goes on the website?",
            ("absent", "only_public", False),
        ),
        # a filmed school event has the children in it
        (
            "school-model",
            "we filmed the nativity, can AI add captions?",
            ("data", "personal", True),
        ),
        # "never put the names in", as a person with little English might say it
        (
            "school-model",
            "i check my parent emails with AI, i never put the child name inside",
            ("absent", "no_personal", True),
        ),
        # a reply to each person, sent "all automatic"
        (
            "mid-kent",
            "AI drafts a reply to each objector and sends it, all automatic",
            ("signals", "no_human_review", True),
        ),
        # ratings of people, asked of the AI
        (
            "oadby-wigston",
            "copilot to produce appraisal ratings for the team from their figures",
            ("signals", "automated_decision", True),
        ),
    ],
)
def test_what_the_fourteenth_month_taught_the_reader(
    policy_id: str, question: str, read: tuple[str, str, bool]
) -> None:
    part, key, present = read
    reading = read_question(POLICIES[policy_id], question)
    assert (key in getattr(reading, part)) is present, (part, getattr(reading, part))


FIFTEENTH_MONTH = [
    # a finding announced before anyone has it is made up
    (
        "comms: can AI write a post saying the inspection found nothing wrong at the depot? the "
        "letter isn't out yet but I'm fairly sure",
        "signals",
        "fabrication",
    ),
    # a name taken out and the person described at once is still the person
    (
        "I'll leave the boy's name out but say he was the shepherd in Year 1 - can AI write the "
        "reply to his mum about the nativity?",
        "data",
        "personal",
    ),
]


@pytest.mark.parametrize(("question", "part", "key"), FIFTEENTH_MONTH)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_the_fifteenth_month_taught_the_reader(
    policy_id: str, question: str, part: str, key: str
) -> None:
    """Read from the words, not left to the safety net."""
    assert key in getattr(read_question(POLICIES[policy_id], question), part)
    assert decide(POLICIES[policy_id], question).verdict not in YES


SIXTEENTH_MONTH = [
    # a crowd added to an empty event's photo shows what did not happen
    (
        "mid-kent",
        "could AI add a big crowd to the photo of the half-empty summer fete for the annual "
        "report?",
        "fabrication",
    ),
    # new words over a band's own recording is still the band's song
    (
        "oadby-wigston",
        "can copilot rewrite the words to Wonderwall about recycling? we'd play the original "
        "track under it",
        "copyright",
    ),
    # a publisher's pages, and the work of a teacher who has left and cannot be asked
    (
        "school-model",
        "can I upload the textbook pages on coastal erosion so the AI makes a quiz from them?",
        "others_original_work",
    ),
    (
        "school-model",
        "a former colleague's Year 8 poetry unit is on the drive - can AI make an easier version?",
        "others_original_work",
    ),
]


@pytest.mark.parametrize(("policy_id", "question", "signal"), SIXTEENTH_MONTH)
def test_what_the_sixteenth_month_taught_the_reader(
    policy_id: str, question: str, signal: str
) -> None:
    assert signal in read_question(POLICIES[policy_id], question).signals
    assert decide(POLICIES[policy_id], question).verdict not in YES


def test_pupils_behaviour_points_taken_out_of_the_system_are_about_the_pupils() -> None:
    """ "out of classcharts" is where they came from, not what was left out."""
    question = "got the year 9 behaviour points out of classcharts, can AI graph who has the most?"
    school = POLICIES["school-model"]
    assert "personal" in read_question(school, question).data
    assert decide(school, question).verdict not in YES
    left_out = "I've left the pupils' names out of it - can AI graph the behaviour points?"
    assert "no_personal" in read_question(school, left_out).absent


def test_a_tool_gated_whatever_its_use_is_answered_without_asking_the_use() -> None:
    """Whether one may use a tool the policy gates needs no use said: the answer is a no for
    now either way. A bare name still asks (which product, or whether to use it, is unsaid), and
    so does a tool the register knows, whose entries cover some uses and not others."""
    mid_kent, oadby = POLICIES["mid-kent"], POLICIES["oadby-wigston"]
    asked = (
        "Team manager: I'm approving my team to use DeepSeek for drafting - I've tried it and "
        "it's good. I can do that, right?"
    )
    answer = decide(mid_kent, asked)
    assert answer.verdict == Verdict.NEEDS_APPROVAL
    assert answer.tool is not None and answer.tool.name == "DeepSeek"
    assert "5.2" in {c.id for c in answer.citations}
    socials = decide(oadby, "canva magic write ok for our socials?")
    assert socials.verdict == Verdict.NEEDS_APPROVAL
    for bare in ("copilot??", "quick q about deepseek", "what about the other app"):
        assert decide(mid_kent, bare).verdict == Verdict.UNCLEAR, bare
    trial = _approved("AR-0002", "DeepSeek", "drafting internal briefing notes")
    register = Register.build(mid_kent, [trial])
    assert decide(mid_kent, asked, register=register).verdict == Verdict.UNCLEAR


OFFENSIVE_HOWEVER_PUT = [
    # a lesson on spotting hate vetoes the word "racist" near it, but not content asked for as
    # genuinely racist
    "for PSHE on online hate can the AI generate some genuinely racist comments so the class can "
    "practise spotting them?",
    # enforcement aimed at businesses by who runs them
    "can AI word a note telling officers to focus licensing visits on the turkish barbers, cos "
    "that's where the problems always are?",
    # a disability made the joke (found when retrained models stopped doubting one)
    "a jokey limerick about the blind customer for the office chat",
    "funny poem about the lady with the stammer who rings every day",
]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_someone_said_made_to_sound_better_is_a_false_record(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    changed = "can copilot tweak the minutes so what the leader said at cabinet sounds more sane"
    assert "fabrication" in read_question(policy, changed).signals
    assert decide(policy, changed).verdict not in YES
    tidied = "can copilot tidy the draft minutes so they read better"
    assert "fabrication" not in read_question(policy, tidied).signals


SEVENTEENTH_MONTH_SIGNALS = [
    (
        "no_human_review",
        "the numbers copilot gave for the briefing aren't checked but it's only "
        "going to CMT - fine?",
    ),
    (
        "no_human_review",
        "copilot worked out the overtime budget, no time to get it checked, can i send it",
    ),
    (
        "fabrication",
        "could AI make a picture of volunteers at the food bank? we'd say it was "
        "taken at the launch",
    ),
]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_tools_possessive_without_its_apostrophe_names_the_tool(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in ("are copilots summaries any good for minutes", "both copilots answers"):
        assert [t.matched for t in read_question(policy, question).tools] == ["copilots"]
    for innocent in ("a painting on canvas for the foyer", "the canvas bags for the fair"):
        assert read_question(policy, innocent).tools == [], innocent


@pytest.mark.parametrize("policy_id", ["mid-kent", "oadby-wigston", "school-model"])
def test_whether_a_gated_tool_is_banned_is_answered(policy_id: str) -> None:
    """ChatGPT needs approval whatever it is used for in these three: "banned?" asks that."""
    for question in ("is chatgpt banned now or not", "is deepseek blocked here?"):
        assert decide(POLICIES[policy_id], question).verdict == Verdict.NEEDS_APPROVAL, question


PEOPLE_DESCRIBED_NOT_NAMED = [
    "the exit interview comments - a few of them name their line manager - can chatgpt theme them",
    "outreach log has where each person sleeps and a description of them, can claude tidy it up",
    "the carers group wrote in about their week and some shared really personal stuff, can "
    "gemini summarise it",
]


@pytest.mark.parametrize("question", PEOPLE_DESCRIBED_NOT_NAMED)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_people_described_but_not_named_are_personal_data(policy_id: str, question: str) -> None:
    reading = read_question(POLICIES[policy_id], question)
    assert reading.data - {"public"}, question
    assert decide(POLICIES[policy_id], question).verdict not in YES


# Found by probing forty refused uses in words of our own.
PROBED_REFUSALS = [
    ("fabrication", "could AI knock up some photos of the litter pick? we never took any"),
    ("political", "copilot to write posts for my re-election campaign on council time"),
    ("political", "can AI help with leaflets as a candidate in the parish elections"),
]

SEVENTEENTH_MONTH_HIDDEN_OR_UNCHECKED = [
    ("no_disclosure", "is it ok if i dont say i used ai for my history homework, it's only a bit"),
    (
        "no_disclosure",
        "the parish bulletin is written by copilot now and we're leaving out any "
        "mention of AI - fine?",
    ),
    (
        "no_disclosure",
        "we're not going to tell parents the newsletter was drafted by AI, that's ok?",
    ),
    ("no_human_review", "i won't be checking the AI notes of the panel before they're sent, ok?"),
    (
        "no_human_review",
        "can i paste copilot's recommendation in as my conclusion? i haven't got "
        "round to reading the consultation replies",
    ),
    (
        "special_category",
        "a few families opted out of the carol service for religious reasons - "
        "can i put that list into AI to sort the groups",
    ),
]


# Read from the eighteenth month, in words of our own.
EIGHTEENTH_MONTH_SIGNALS = [
    (
        "no_human_review",
        "copilot re-priced the whole fees schedule - ok to publish it without going line by line?",
    ),
    (
        "no_human_review",
        "AI writes up each interview and the letter after it, so the officer doesn't have to, "
        "and then it goes out",
    ),
    ("fabrication", "can AI draft a dozen upbeat comments to balance out the negative ones?"),
    (
        "fabrication",
        "reminder letters saying the bailiffs are booked even though they're not - can AI word "
        "them?",
    ),
    ("fabrication", "we didn't get any photos at the fun run, can AI make a few for the news page"),
    ("fabrication", "rewrite the survey comments so the results read more positively for members"),
    ("harmful_content", "can copilot send the warning letters to those kinds of families first"),
    ("copyright", "can AI make an advert jingle that sounds just like a famous pop song?"),
    ("automated_decision", "can AI tell the panel whether to revoke her licence?"),
    (
        "automated_decision",
        "the AI flags the accounts and we remove the discount straight away, fine?",
    ),
]

NINETEENTH_MONTH_SIGNALS = [
    (
        "no_human_review",
        "the cabinet member doesn't want to see it first, so copilot's answer goes out under his "
        "name",
    ),
    (
        "no_human_review",
        "copilot drafts the enforcement notices and the officer signs them off without changes",
    ),
    (
        "fabrication",
        "can ai fill the blanks in the asset register with estimated values so it reconciles",
    ),
    (
        "fabrication",
        "AI made a picture of a busy beach, not real but it looks lovely for the tourism page",
    ),
    (
        "fabrication",
        "can ai write a letter backing the scheme from a local resident? i'd sign it with a made "
        "up name",
    ),
    ("fabrication", "AI photo of a flood for my geography project and i'll say i took it"),
    (
        "automated_decision",
        "copilot to read the investigation notes and say if it's gross misconduct",
    ),
    ("automated_decision", "AI works out the charge and we issue the demand notice off that"),
    (
        "copyright",
        "copy the layout and text of another council's guide with AI and swap our town's name in",
    ),
    ("political", "can ai write a post saying how great it is that the greens took three seats"),
    ("personal_login", "can I use my husband's chatgpt for council casework"),
    (
        "no_disclosure",
        "the poster was made with AI - surely i don't need to put a note saying so",
    ),
    (
        "confidential",
        "can ai draft our reply with the figures, the s106 contribution is still being negotiated",
    ),
    (
        "confidential",
        "type the questions from the live a level paper in the safe into ai for a practice set",
    ),
]

TWENTY_FIRST_MONTH_SIGNALS = [
    (
        "fabrication",
        "copilot gave me a child poverty stat, no idea where it got it from, it's going in the "
        "leaflet",
    ),
    (
        "fabrication",
        "AI wrote a history of the old mill, we have no records but it sounds right - ok for the "
        "plaque",
    ),
    (
        "fabrication",
        "ai to make a picture of happy families at the lido and we'd say it's our lido",
    ),
    ("fabrication", "can gemini rewrite the bid with better outcomes than we actually achieved"),
    (
        "fabrication",
        "copilot to word the survey so people are more likely to agree with the parking charges",
    ),
    ("fabrication", "can ai make me a doctor's note for PE"),
    ("fabrication", "an AI video of the mayor opening the fete as if he was there"),
    ("harmful_content", "word the youth club poster so certain groups get the hint not to come"),
    ("harmful_content", "can ai guess the religion of each tenant from their names"),
    (
        "harmful_content",
        "leave out the roads with lots of travellers when we send the energy letters",
    ),
    ("automated_decision", "copilot to read the probation notes and say whether she passes"),
    (
        "automated_decision",
        "on the panel - can chatgpt tell us whether the driver should keep his licence",
    ),
    ("automated_decision", "copilot suggested refusing two of the grant bids, can we go with that"),
    (
        "professional_judgement",
        "send copilot the photos of the swings to sign them off as safe so i don't have to visit",
    ),
    ("professional_judgement", "can AI tell me whether the tree is dangerous and needs felling"),
    ("professional_judgement", "copilot to give me a risk score on the family for the conference"),
    (
        "no_human_review",
        "ask ai what the regulations say and just quote that in the enforcement notice",
    ),
    ("profiling", "ai to flag which tenants are likely to fall behind on their rent"),
    ("profiling", "copilot to pull together everything it can find about the complainant"),
    ("copyright", "ai to rewrite the words of a taylor swift song for the staff panto"),
    ("copyright", "can ai type out the whole chapter from the textbook for my class"),
    ("copyright", "pictures in the style of julia donaldson for our reading corner"),
    ("copyright", "put the children's paintings through an AI filter, we haven't asked parents"),
]


TWENTY_SECOND_MONTH_SIGNALS = [
    (
        "no_disclosure",
        "an AI voice to ring the tenants about the survey, they'd never know it was ai",
    ),
    ("no_disclosure", "if the tribunal asks, can i say i didn't use ai on the statement"),
    ("automated_decision", "put the three cleaning bids into copilot and have it score them"),
    (
        "fabrication",
        "the inspector is coming, ai to make up some case studies showing impact for our report",
    ),
    ("fabrication", "ai pictures for my art portfolio and i'll say i drew them"),
    ("copyright", "the coding app wants to use the kids' projects to improve its model"),
    ("confidential", "gemini to plan my pitch to the landlord with our bottom line figures in"),
    (
        "automated_decision",
        "ask copilot whether she is intentionally homeless and put what it says in the letter",
    ),
]


MONTHS_23_AND_24_SIGNALS = [
    ("fabrication", "copilot to reword the assessment so that bit disappears before panel"),
    ("fabrication", "ai to rework the recycling figures so they look a bit better for scrutiny"),
    (
        "fabrication",
        "the responses from that estate are low, copilot can just drop them from the analysis",
    ),
    ("fabrication", "we never counted it, can ai put in a number that sounds about right"),
    ("fabrication", "the recording failed, ai to write what it thinks the members probably said"),
    ("fabrication", "fill the blank postcodes with its best guess so the return is complete"),
    ("fabrication", "help me tweak the weightings so the local firm comes out on top"),
    ("records_deletion", "copilot to tidy up the logs so it doesn't show up in the FOI"),
    ("copyright", "ai to trace and redraw the OS mastermap so we don't pay the licence"),
    ("no_disclosure", "can we turn off the 'produced with AI' note on the dashboard"),
    ("no_disclosure", "a bot that seemed like a person called 'Jo' would reassure callers"),
    ("harmful_content", "a leaflet saying the new gurdwara will bring trouble to the street"),
    ("harmful_content", "which faith groups complain the most so we can put them last"),
    (
        "automated_decision",
        "copilot flags the matches and we'll go straight to stopping the discount",
    ),
    ("automated_decision", "ai to tell us if the works are necessary and we'd follow its answer"),
    ("automated_decision", "ai to score the interview answers to make it fairer"),
    (
        "automated_decision",
        "ai to recommend which libraries to close and send it straight to members",
    ),
    (
        "no_human_review",
        "copilot says we met every target, I haven't looked at the raw data, sign it off",
    ),
    (
        "no_human_review",
        "chatgpt wrote the delete query, i don't really read sql, run it on production",
    ),
    (
        "automated_decision",
        "copilot to read the appraisal scores and rank everyone for the restructure",
    ),
    ("automated_decision", "ai to mark the spelling tests and say who goes in which group"),
    ("automated_decision", "copilot to predict their grades where the tracker has gaps"),
    (
        "automated_decision",
        "ai to write the refusal reasons for the ones that don't meet the criteria and I send them",
    ),
    ("profiling", "ai to link each response back to the team so we can see who's unhappy"),
    ("harmful_content", "a fraud risk score using nationality as a factor"),
    ("no_human_review", "copilot drafts my replies to complainants and i just send what it says"),
    (
        "no_human_review",
        "the translation bot is consistently wrong but the contract's signed, keep it running",
    ),
    ("no_human_review", "chatgpt wrote the script, can i run it straight on live"),
    ("fabrication", "ai to make a dataset that looks like the real thing and publish it as ours"),
    ("copyright", "scan the pages of the reading scheme book into ai for worksheets"),
    ("harmful_content", "copilot to word the letter so it's clear that lot always cause trouble"),
    (
        "no_disclosure",
        "name the webchat bot 'Tom' so callers think they're talking to a real person",
    ),
    (
        "no_human_review",
        "asked gemini for last year's figure and it gave me a number, can i use that",
    ),
    ("professional_judgement", "can ai just do the eqia for the new parking scheme"),
]


MONTHS_25_AND_26_SIGNALS = [
    ("fabrication", "the AI drawing makes the new square look twice the size of the actual plan"),
    (
        "fabrication",
        "copilot to word the summary of the ombudsman report in a way that plays it down",
    ),
    ("fabrication", "old-looking AI photos of the market we'd label as from the archive"),
    ("fabrication", "a quick deepfake of the leader saying we'll never text you for bank details"),
    (
        "automated_decision",
        "record the panel and let copilot write the letter saying if the appeal's upheld",
    ),
    ("automated_decision", "paste in the report and just vote the way it recommends"),
    (
        "automated_decision",
        "ai ranks the waiting list and we send offers to whoever it puts at the top",
    ),
    ("automated_decision", "copilot to flag him as unreasonably persistent from his call notes"),
    ("automated_decision", "ask chatgpt for a figure and just use that for the remedy we offer"),
    (
        "no_human_review",
        "copilot wrote the apology, i haven't read all of it, can i sign and post it",
    ),
    ("no_human_review", "copilot checked the addresses, can i skip the manual check this year"),
    ("harmful_content", "word the restructure update so the older staff get the hint"),
    ("harmful_content", "ai to be as rude back to the complainant as they were to us"),
    ("harmful_content", "warn residents about these people moving in and to lock up their sheds"),
    (
        "profiling",
        "a list of residents who post negative stuff about us so we can keep an eye on them",
    ),
    ("records_deletion", "copilot to tidy the email trail by deleting the messages that look bad"),
    ("copyright", "a jingle that sounds like here comes the sun with a few words changed"),
    ("copyright", "upload pages from the cgp revision guide so chatgpt makes a quiz"),
    ("no_disclosure", "i checked the AI page but i don't want to put 'made with AI' on it"),
    (
        "automated_decision",
        "the AI only recommends which families get the funded places, we post the letters",
    ),
    ("no_disclosure", "can i leave out that i used copilot for the board paper, nobody will know"),
]


TWENTIETH_MONTH_SIGNALS = [
    ("no_human_review", "copilot worked out the overtime owed, we'll just pay out what it says"),
    (
        "no_human_review",
        "finance haven't verified the figure copilot gave but it's going in the budget report",
    ),
    (
        "no_human_review",
        "ask copilot if the test results mean the pool is unsafe and tell the residents what it "
        "says",
    ),
    ("professional_judgement", "can copilot come up with the audit opinion for the annual report"),
    (
        "professional_judgement",
        "AI to listen to the recordings and say whether it's a statutory nuisance",
    ),
    ("automated_decision", "put the fraud tip into copilot and ask it whether they're lying"),
    (
        "automated_decision",
        "AI to flag who probably has a partner living there and send them the cancellation notice",
    ),
    ("automated_decision", "AI does the redundancy selection scoring so it's objective"),
    ("automated_decision", "AI to rank the matches for the children and we go with the top one"),
    (
        "harmful_content",
        "ask copilot whether people of a certain nationality are more likely to cheat",
    ),
    ("fabrication", "can copilot generate a clearer photo of the van for the evidence pack"),
    (
        "fabrication",
        "use an AI image as the approved design, the architect hasn't done drawings yet",
    ),
    ("confidential", "our walk away figure for the lease into gemini for tactics"),
    ("no_disclosure", "our webchat bot doesn't say it's ai and my manager says keep it vague"),
]


@pytest.mark.parametrize(
    ("signal", "question"),
    SEVENTEENTH_MONTH_SIGNALS
    + EIGHTEENTH_MONTH_SIGNALS
    + NINETEENTH_MONTH_SIGNALS
    + TWENTIETH_MONTH_SIGNALS
    + TWENTY_FIRST_MONTH_SIGNALS
    + TWENTY_SECOND_MONTH_SIGNALS
    + MONTHS_23_AND_24_SIGNALS
    + MONTHS_25_AND_26_SIGNALS
    + SEVENTEENTH_MONTH_HIDDEN_OR_UNCHECKED
    + PROBED_REFUSALS
    + [("harmful_content", question) for question in OFFENSIVE_HOWEVER_PUT],
)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_is_hidden_unchecked_or_sensitive_is_read(
    policy_id: str, signal: str, question: str
) -> None:
    reading = read_question(POLICIES[policy_id], question)
    # Mid-Kent keeps special category data in a "sensitive" class; Oadby and Wigston's policy
    # has no class but personal data
    special = {"sensitive"} if policy_id == "mid-kent" else {"personal"}
    if policy_id in ("socitm-template", "school-model"):
        special = set()
    said = reading.signals | {"special_category" if d in special else d for d in reading.data}
    assert signal in said, question
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_ais_sign_off_is_the_decision(policy_id: str) -> None:
    """Found by probing: "sign off" read as "approve", but no word was left to ask about."""
    policy = POLICIES[policy_id]
    for question in (
        "can copilot sign off the invoices for me",
        "can chatgpt approve the expense claims",
        "could we let the AI approve the small refunds",
    ):
        assert "automated_decision" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question
    for ours in (
        "I'll sign off every letter myself - can copilot draft them?",
        "is chatgpt approved now?",
    ):
        assert "automated_decision" not in read_question(policy, ours).signals, ours


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_everyday_things_to_make_are_uses(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "can ai make signs for the recycling bins at the depot",
        "can AI help lay out the order of service for the remembrance event",
        "ai for a nice verse in a retirement card?",
    ):
        assert read_question(policy, question).purposes, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_a_named_tool_will_show_is_a_question_about_it(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "Will Copilot show me files from the finance SharePoint if I ask it about the budget? "
        "I don't have access to that site.",
        "would chatgpt keep what I paste into it?",
    ):
        assert decide(policy, question).verdict == Verdict.INFORMATION, question
    # what it is asked to do is a use, however the question starts
    for use in ("will copilot draft the letter for me?", "would copilot write my report?"):
        assert decide(policy, use).verdict != Verdict.INFORMATION, use


@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
def test_a_question_about_a_permitted_tool_itself_is_still_answered(policy_id: str) -> None:
    """Copilot is permitted in these two: whether it may be used at all is answered; what it is
    asked to do, unread, is asked about by its own word."""
    asked = decide(POLICIES[policy_id], "can copilot dismiss the claims for me")
    assert asked.verdict == Verdict.UNCLEAR
    assert asked.clarifying_question is not None and '"dismiss"' in asked.clarifying_question
    # ("is copilot ok?" alone is ok for something unsaid: asked, as the template's writers
    # expect; test_ok_for_something_unsaid_is_asked_ok_to_use_is_the_tools_answer)
    for question in (
        "is copilot ok to use?",
        "can i use copilot",
        "am I allowed to use copilot like the permanent staff?",
        "can copilot draft a letter to cancel the hall booking",
    ):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, (question, decision.answer)


# Found by probing "can I paste <records> into chatgpt?" with 35 kinds of records.
RECORDS_OF_PEOPLE = [
    "chatgpt to tidy up the minutes of the adoption panel?",
    "chatgpt to draft the eviction notice for the family in flat 9",
    "chatgpt to summarise the complaint against Sue in the bins team",
    "can I paste the sign-in sheet from the youth club into chatgpt to count visits",
    "chatgpt to sort the list of parking permit holders by street?",
    "chatgpt to summarise the letters with the family about their eviction?",
    "can chatgpt put the phonics screening results into intervention groups",
    "match the canvass responses against the register with chatgpt",
    "chatgpt to summarise the bank statements the claimant sent in",
]


@pytest.mark.parametrize("question", RECORDS_OF_PEOPLE)
def test_records_of_people_are_personal_data(question: str) -> None:
    """ChatGPT is permitted in the template for what holds no personal data (4)."""
    policy = POLICIES["socitm-template"]
    assert read_question(policy, question).data - {"public"}, question
    assert decide(policy, question).verdict not in YES
    for innocent in (
        "can chatgpt make a blank sign-in sheet template for the fun run",
        "chatgpt to write a leaflet on how to make a complaint against the council",
        "chatgpt to draft a general letter to tenants in flats about fire doors",
    ):
        assert decide(policy, innocent).verdict in YES, innocent


# Found by probing "no personal data" said beside what is personal.
LEFT_IN_AFTER_ONLY = [
    "no pupil names, only their photos, into chatgpt for the newsletter",
    "no personal info - it's just staff salaries by name, chatgpt to chart it",
]


@pytest.mark.parametrize("question", LEFT_IN_AFTER_ONLY)
def test_what_only_leaves_in_is_still_there(question: str) -> None:
    policy = POLICIES["socitm-template"]
    assert "personal" in read_question(policy, question).data, question
    assert decide(policy, question).verdict not in YES
    placeholders = "no real tenant info, just placeholders like [NAME] - chatgpt to draft it"
    assert "personal" not in read_question(policy, placeholders).data


@pytest.mark.parametrize("policy_id", ["mid-kent", "oadby-wigston"])
def test_a_product_named_first_is_a_tool_the_policy_does_not_list(policy_id: str) -> None:
    """Found by probing sixty product names: one no list held, written first ("descript for
    drafting emails ok?"), was taken for no tool at all and answered as AI in general."""
    policy = POLICIES[policy_id]
    for question in ("descript for drafting emails ok?", "teachmate for the reports - fine?"):
        decision = decide(policy, question)
        assert decision.verdict == Verdict.NEEDS_APPROVAL, (question, decision.answer)
    label = read_question(policy, "Comms: for the leisure centre post, is a banner ok?")
    assert [t.matched for t in label.tools] == []


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_licence_asked_for_is_a_tool_bought(policy_id: str) -> None:
    """The councillor who asks for a Copilot licence (a held-out false yes): getting the tool
    is the question, and someone must provide it."""
    question = "could I ask for a Copilot licence? I'd use it for my ward casework letters"
    reading = read_question(POLICIES[policy_id], question)
    assert "procurement" in reading.signals
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_whether_the_rules_apply_to_me_is_a_question_about_the_policy(policy_id: str) -> None:
    """A held-out false yes: the volunteer who says the rules don't apply to them, then names
    a use, asks about the policy's reach before anything else."""
    question = (
        "I'm a museum volunteer not staff, so the AI rules don't apply to me, do they? I use "
        "ChatGPT to help visitors with the family history computer"
    )
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_person_described_by_age_and_sex_is_still_a_person(policy_id: str) -> None:
    """Fold B's remaining false yes: a description that identifies, after "no name"."""
    policy = POLICIES[policy_id]
    described = (
        "a lady shouted at reception today - I'll put her down as 'female, 70s, comes in "
        "every Friday for her bus pass' - no name. can AI write up the incident report?"
    )
    assert "personal" in read_question(policy, described).data
    assert decide(policy, described).verdict not in YES
    group = "can AI write a leaflet about health checks for men in their 40s"
    assert "personal" not in read_question(policy, group).data


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_the_eighteenth_month_taught_the_reader(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    # a vehicle registration names its keeper, whatever names are left out
    regs = "can i paste the vehicle regs from the PCN challenges into chatgpt? no names in it"
    assert "personal" in read_question(policy, regs).data
    # "personal info" is personal information
    info = "is it fine to use chatgpt for cases with personal info if i turn history off"
    assert "personal" in read_question(policy, info).data
    # bids received are commercially confidential; bidding for work is not a bid received
    bids = "we've got three bids in for the cleaning contract, can AI compare them"
    assert "confidential" in read_question(policy, bids).data
    supplier = "we're a supplier bidding for a council contract, what do you want to know?"
    assert "confidential" not in read_question(policy, supplier).data
    # "nothing from our papers": only what is public goes in
    papers = "can AI explain what a budget forecast means? nothing from our papers"
    assert "confidential" not in read_question(policy, papers).data
    # the known AI tool is the one the question is about, not an unknown name beside it
    both = "my ward emails are in gmail and gemini keeps offering to summarise them"
    assert read_question(policy, both).tools[0].entry is not None
    assert [
        t.entry.name for t in read_question(policy, "the AI in zoom for notes?").tools if t.entry
    ] == ["Zoom AI Companion"]
    # a DBS result is a criminal record check's outcome
    dbs = "can chatgpt sort the new drivers' DBS results into a table for me"
    # (Oadby and Wigston's policy has no class of data beyond personal)
    assert read_question(policy, dbs).data & {"sensitive", "special_category"} or (
        policy_id == "oadby-wigston"
    )
    for question in (regs, info, bids, dbs):
        assert decide(policy, question).verdict not in YES, question


def test_a_pupils_whole_statement_written_by_ai_is_work_handed_in() -> None:
    policy = POLICIES["school-model"]
    for question in (
        "can ai write my whole personal statement for college",
        "could chatgpt do my entire ucas statement if i change a few bits",
        "can ai just do my drama monologue? i'll hand it in tomorrow",
    ):
        assert "submitted_work" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict == P, question


def test_pupils_stories_used_without_the_families_permission_are_refused() -> None:
    question = "AI to illustrate the class stories for a book to sell, without asking the parents"
    assert decide(POLICIES["school-model"], question).verdict == P


def test_the_human_line_closed_leaves_ai_the_only_channel() -> None:
    question = "can we put an AI voice bot on the benefits line and close the human line?"
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == P and "sole-channel" in decision.rule_ids


# Found by probing families of our own wording (lists of people, invented attributions, records
# kept from a request, a family's device) against every policy.
PROBED_NEVER_YES = [
    "can claude tidy the allotment holders register with phone numbers for the mailing",
    "can chatgpt sort the club members list with how much they owe",
    "can copilot come up with comments from local businesses for the bid",
    "ai to make before and after photos of the high street for the newsletter",
    "could chatgpt knock up some feedback from parents for our website",
    "can copilot come up with visitor numbers for last summer for the report",
    "can copilot tidy away the old drafts so they don't show up in the FOI search",
    # people's data said through what holds it
    "can chatgpt write up the recording of the home visit",
    "can chatgpt summarise the letter from his GP",
    "could claude tidy my supervision notes for the file",
    "ai to summarise the video of the incident at the bus stop",
    # a record of someone named by first name, and the everyday records of people
    "can chatgpt summarise the school report for Ellie",
    "can chatgpt tidy the reference for Priya",
    "can gemini summarise the accident book entries for the quarter",
    "can chatgpt write up the mediation notes",
    "can chatgpt summarise the ASB diary the couple kept",
    "claude to pull themes from the consultation responses with names in",
    # a fact about one person's health, beliefs or membership, said in passing
    "can chatgpt help me word the letter to the tenant, she's having radiotherapy",
    "gemini to draft my reply to the dad - his daughter is autistic",
    "claude to tidy my visit notes, he's on methadone",
    "chatgpt to write up the welfare visit, she's a jehovah's witness and won't have a transfusion",
    # business information kept confidential, said without the word
    "can chatgpt summarise the settlement agreement with the former director",
    "paste the due diligence pack for the academy merger into gemini",
    "claude to write me a briefing on the restructure before it's announced",
    # a publisher's work copied
    "can AI recreate the Telegraph's crossword for the staff newsletter",
    # an event's photos have its people in them, however the photos are named
    "photos from the school trip - can chatgpt make a montage with captions for the website",
    "can chatgpt make a collage out of the photos from our leavers assembly",
    "pics from the nativity, chatgpt to turn them into a slideshow for parents",
    # one household's private life, told to the AI to word a letter
    "a family going through a difficult separation - I'll explain and ask chatgpt how to word a "
    "letter to them",
    "parents in the middle of a custody dispute, chatgpt to help me write to both",
    "a parent whose child was recently bereaved - chatgpt to help me write to them, i'll give it "
    "the background",
]


@pytest.mark.parametrize("question", PROBED_NEVER_YES)
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_probed_uses_are_never_a_yes(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict not in YES


def test_the_organisations_own_number_is_nobody_s_personal_data() -> None:
    for policy in POLICIES.values():
        notice = "copilot to word the closure notice, just the dates and the phone number to ring"
        assert "personal" not in read_question(policy, notice).data


@pytest.mark.parametrize("policy_id", ["socitm-template", "mid-kent", "school-model"])
def test_a_family_members_device_is_a_personal_device(policy_id: str) -> None:
    question = "ok to run the staff rota through chatgpt on my son's laptop at home?"
    assert "personal_device" in read_question(POLICIES[policy_id], question).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_was_done_or_kept_is_read_from_its_own_words(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    # "carry forward" is a budget term, not something forwarded already
    carried = "can AI explain how a budget carry forward works? nothing from our papers"
    assert not read_question(policy, carried).maybe_done
    # an example phishing email for a course is one to write, not one received
    example = "can AI write an example phishing email for the staff training slides?"
    assert not read_question(policy, example).maybe_done
    # totals by ward are nobody's details; names said to be there after all are
    totals = "I'm not putting any names in, only the ward totals of rent arrears, chart it?"
    assert "personal" not in read_question(policy, totals).data
    there = "I won't be putting any resident data in, just the whiteboard photo. Names are on it"
    assert "personal" in read_question(policy, there).data


def test_a_word_after_a_dash_is_no_act_of_the_tool() -> None:
    question = "our approved copilot - SATs arithmetic practice sheet with an answer key?"
    assert decide(POLICIES["school-model"], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_a_place_or_a_month_after_a_record_is_no_person() -> None:
    for policy in POLICIES.values():
        for question in (
            "can AI tidy the report for Mote Park",
            "can AI summarise the plan for September",
            "can AI summarise the letter about Ofsted",
        ):
            assert "personal" not in read_question(policy, question).data, question


def test_a_condition_in_general_advice_is_no_one_persons_data() -> None:
    question = "can AI write a general leaflet on what to expect during chemo for the library?"
    for policy in POLICIES.values():
        assert not read_question(policy, question).data & {"special_category", "sensitive"}


def test_a_blank_scoring_matrix_is_no_bid_scored() -> None:
    question = "can AI draft a blank scoring matrix for the tender, criteria and weightings only?"
    for policy in POLICIES.values():
        assert "confidential" not in read_question(policy, question).data


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_askers_own_appraisal_and_a_quick_reference_are_nobody_elses_data(
    policy_id: str,
) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "can AI help me word my own appraisal targets? nobody else's details",
        "if I leave my name and the team out, can AI tidy my self-reflection?",
        "can AI turn the boiler fault codes into a quick reference for the caretakers?",
    ):
        assert "personal" not in read_question(policy, question).data, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_made_up_case_based_on_a_real_person_is_that_person(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "AI to write a made-up case study for the inset, based on Ellie in year 3",
        "a fictional scenario loosely based on one of my tenants, can AI write it up",
    ):
        assert "personal" in read_question(policy, question).data, question
        assert decide(policy, question).verdict not in YES, question
    guidance = "a made-up case study based on NHS guidance for training, can AI write it?"
    assert "personal" not in read_question(policy, guidance).data


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_fining_people_is_an_act_not_a_tool_being_fine(policy_id: str) -> None:
    question = "can copilot fine the drivers for me"
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_tools_once_read_as_words_are_tools(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    assert [
        t.entry.name for t in read_question(policy, "tome for the slides ok?").tools if t.entry
    ] == ["Tome"]
    # never a yes for a tool the policy does not list, where the policy gates them
    if policy_id != "socitm-template":
        assert decide(policy, "tome for the budget slides ok?").verdict not in YES


def test_a_yes_cites_the_clauses_its_conditions_come_from() -> None:
    """The conditions a yes states are the policy's own, each from a clause: the answer cites
    them, not only the clause that lets the use happen."""
    school = decide(POLICIES["school-model"], "can AI write a poem for the retirement card?")
    assert school.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert {"1.2", "1.4", "1.5"} <= {c.id for c in school.citations}
    search = decide(
        POLICIES["mid-kent"], "can I use bing search to look up the published licensing guidance?"
    )
    assert search.verdict in YES
    assert any("(7.3)" in c for c in search.conditions)
    assert "7.3" in {c.id for c in search.citations}


def test_notes_turned_into_flashcards_are_no_meeting_minutes() -> None:
    question = "can AI turn my year 10 physics notes into revision flashcards?"
    reading = read_question(POLICIES["school-model"], question)
    assert "meeting-minutes" not in [purpose for purpose, _ in reading.purposes]


def test_an_incident_told_names_the_rule_it_went_against() -> None:
    """A report is answered with where to report and with the rule that was broken, so the
    person knows what to put right; the reporting route stays first."""
    decision = decide(
        POLICIES["oadby-wigston"],
        "a newsletter went out last week with a date copilot made up and nobody checked it",
    )
    assert decision.verdict == Verdict.INFORMATION
    assert "The rule that applies" in decision.answer
    assert "6.2" in {c.id for c in decision.citations}
    assert decision.answer.index("report") < decision.answer.index("The rule that applies")
    # a report with no use the policy refuses names no rule
    plain = decide(POLICIES["oadby-wigston"], "copilot crashed this morning and I lost my draft")
    assert "The rule that applies" not in plain.answer


def test_school_words_that_name_no_ones_data() -> None:
    """Innocent school words once read as people's data: a scheme of work, a secret ballot in a
    lesson, guidance on exclusions, the open part of a board meeting's transcript, cover for a
    teacher who is off."""
    policy = POLICIES["school-model"]
    for question, data in (
        ("can AI adapt the unit of work my colleague wrote for my lower set", "personal"),
        ("can AI explain how a secret ballot works for year 6", "confidential"),
        ("can AI summarise the DfE guidance on exclusions for new governors", "sensitive"),
        ("AI to draft minutes from the transcript of the open part of the meeting", "personal"),
        ("could the AI put together cover work for a teacher who's off sick this week", "personal"),
    ):
        assert data not in read_question(policy, question).data, question
    # what the person then says about the colleague is still read
    told = "the teacher who's off sick has cancer, can AI help me word a card to her"
    assert "special_category" in read_question(policy, told).data


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_decision_said_to_be_a_persons_is_not_asked_about(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "can the approved AI help me word the letter for a decision I've already made?",
        "can the approved AI draft a welcome note for new starters? she'll approve the wording",
    ):
        assert decide(policy, question).verdict == Verdict.ALLOWED_WITH_CONDITIONS, question
    # a person's sign-off after the AI has decided leaves the decision with the AI
    for question in (
        "copilot decides who gets the grant and she'll approve it",
        "copilot works out which families lose the discount, he'll sign it off",
    ):
        assert decide(policy, question).verdict not in YES, question


def test_whether_a_tool_is_the_approved_one_is_answered_from_its_status() -> None:
    oadby = decide(POLICIES["oadby-wigston"], "is copilot in outlook the approved one?")
    assert oadby.verdict == Verdict.INFORMATION
    assert "do not need approval" in oadby.answer
    # "our approved copilot" inside a question is still what the person says of it
    claimed = "is it ok to use our approved copilot to tidy the agenda for the team meeting?"
    assert read_question(POLICIES["mid-kent"], claimed).claimed


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_decision_the_person_has_made_is_no_decision_left_to_ai(policy_id: str) -> None:
    """The words of a decision told as the person's own ("I've already decided to refuse a grant
    bid") no longer read as the AI deciding; handed back to the AI after it, they still do."""
    policy = POLICIES[policy_id]
    made = read_question(
        policy, "I've already decided to refuse the grant bid; copilot to word the letter nicely"
    )
    assert not made.signals & {"automated_decision", "decision_making"}
    for handed_back in (
        "I've decided to refuse the ones that copilot flags as weak",
        "we've decided to reject the applications copilot marks as incomplete",
    ):
        reading = read_question(policy, handed_back)
        assert reading.signals & {"automated_decision", "decision_making"}, handed_back
        assert decide(policy, handed_back).verdict not in YES, handed_back


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_nineteenth_month_innocent_words_stay_innocent(policy_id: str) -> None:
    """A youth worker's job advert is no preference for the young; our own bid is not a bid we
    received; ward totals by eligibility are no eligibility decided; a result reported is no
    decision taken."""
    policy = POLICIES[policy_id]
    for question, signal in (
        ("copilot to write the job advert for the youth worker post", "harmful_content"),
        ("ai to write a summary of ward level numbers by free school meals eligibility", None),
        ("copilot to draft a press release listing who won each ward", "automated_decision"),
    ):
        reading = read_question(policy, question)
        if signal is None:
            assert not reading.signals & {"automated_decision", "decision_making"}, question
        else:
            assert signal not in reading.signals, question
    bid = read_question(policy, "can AI help write the bid for the sports grant? no pupil details")
    assert "confidential" not in bid.data
    aged = "copilot to word the job advert so it sounds youthful and we get a young team"
    assert "harmful_content" in read_question(policy, aged).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_went_wrong_is_told_as_an_incident(policy_id: str) -> None:
    """Told of something already wrong, in words without "breach" or "mistake": the answer is
    what to do now, not a permission."""
    policy = POLICIES[policy_id]
    for question in (
        "the AI minutes from last night include a decision we never made. what now",
        "copilot got the awards wrong and two groups were emailed saying they'd won. what's the "
        "procedure",
        "a colleague's AI notetaker joined our call by itself and is transcribing everything",
        "the valuation copilot came up with has gone straight into the cabinet report",
        "the provider sent us a care plan written by AI and it has another child's name in it",
        "used the gemini app on my personal account for the tenancy file yesterday, am i in "
        "trouble",
    ):
        assert "incident" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict == Verdict.INFORMATION, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_events_photos_and_a_households_troubles_are_about_people(policy_id: str) -> None:
    """Found by probing: photos named by the event they were taken at, and one family's private
    life told in passing, were read as no one's data."""
    policy = POLICIES[policy_id]
    for question in (
        "photos from the school trip - can ai make a montage with captions for the website",
        "sports day snaps - ai to add fun borders before they go on facebook",
        "a family going through a difficult separation - I'll explain and ask AI how to word a "
        "letter to them",
        "the couple in flat 3 are in the middle of a custody dispute, can ai help me word my reply",
        "a parent whose child was recently bereaved - can ai help me write to them",
    ):
        assert read_question(policy, question).data - {"public", "internal"}, question
    for innocent in (
        "can AI make an original image for our school play poster",
        "can ai draft a generic leaflet for families going through divorce",
        "a gentle FAQ for bereaved families about booking the crematorium, generic info only",
    ):
        assert not read_question(policy, innocent).data - {"public", "internal"}, innocent


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_is_only_described_or_added_by_hand_is_not_given_to_the_ai(policy_id: str) -> None:
    """Columns described, placeholders merged in later and details added by hand afterwards
    give the AI no one's data; a name said to stay in still does."""
    policy = POLICIES[policy_id]
    for question in (
        "can copilot write the formulas for our staff rota spreadsheet? I'll only describe the "
        "columns, no names",
        "AI to write a template arrears letter with [NAME] and [AMOUNT] placeholders, then I mail "
        "merge in word myself",
        "AI to draft the school trip letter, I'll add the children's names by hand afterwards, not "
        "in the ai",
    ):
        assert not read_question(policy, question).data - {"public", "internal"}, question
    kept = "the overtime sheet only has employee numbers, not names - can chatgpt find anything odd"
    assert decide(policy, kept).verdict not in YES


def test_a_decision_named_by_its_kind_or_held_as_mine_is_the_persons() -> None:
    """ "I've made the s184 decision" and "check it matches my decision" tell a decision the
    person has taken, so "decision" is not asked about; "the AI decision" is no one's but the
    AI's."""
    policy = POLICIES["oadby-wigston"]
    for question in (
        "once i've made the s184 decision can copilot draft the letter and I edit it",
        "I've made the decision, copilot drafts the letter and i'll check it matches my decision",
        "the officer makes the banding decision; can copilot draft the letter to the applicant",
    ):
        assert decide(policy, question).verdict in YES, question
    for question in (
        "we make the ai decision final and send it to the applicant",
        "can copilot make my decision for me on the claim",
    ):
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_twenty_first_month_people_and_their_data(policy_id: str) -> None:
    """Friends in a photo, a list of the people who did something, who has had a vaccine, and a
    child under a letter are people's data; who material is for, the names of the planets, a
    school council election and original lyrics are not."""
    policy = POLICIES[policy_id]
    for question in (
        "ai app to turn photos of my friends into cartoon elves",
        "the list of residents who missed their garden waste payment into copilot for reminders",
        "list of staff who haven't had the flu jab into ai to write chasers",
    ):
        assert read_question(policy, question).data - {"public", "internal"}, question
    lettered = (
        "no names at all, just 'Child B has autism and was restrained' - ai to suggest advice"
    )
    assert decide(policy, lettered).verdict not in YES
    for innocent in (
        "ai to write a quiz on the names of the kings and queens",
        "AI to make an easy read leaflet for people with learning disabilities, generic, no cases",
        "a visual timetable for my autism base, no names or needs in it",
        "AI pic of a snowman for the children's library christmas poster",
    ):
        assert not read_question(policy, innocent).data - {"public", "internal"}, innocent
    for innocent in (
        "feedback on my speech for the school council election",
        "can copilot write original lyrics for our recycling jingle",
    ):
        assert not read_question(policy, innocent).signals & {"political", "copyright"}, innocent


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_went_wrong_in_other_words_is_an_incident(policy_id: str) -> None:
    """Told of a wrong address sent on, a statement filed unchecked, notes sent to everyone, or
    a colleague's habit with "should I just leave it": what to do now, not a permission."""
    policy = POLICIES[policy_id]
    for question in (
        "the AI minutes got a tenant's name wrong and it's gone to the housing association",
        "copilot drafted my statement, I didn't check the figures and it's been filed with the "
        "tribunal",
        "the AI summary went to the whole mailing list including the complainant",
        "a colleague keeps using his own chatgpt for visit notes, should I just leave it",
        "the AI transcript says i agreed to a move which i never did",
    ):
        assert "incident" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict == Verdict.INFORMATION, question
    plan = "the team want the bot to answer residents without telling them it's a bot"
    assert "incident" not in read_question(policy, plan).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_people_a_list_holds_are_people(policy_id: str) -> None:
    """ "The people on the discount list", "names off the register" and whether someone lives
    alone are people's data; "names off it first" still takes them out."""
    policy = POLICIES[policy_id]
    for question in (
        "ai to check whether the people on the council tax discount list are living alone",
        "letters to the properties that haven't responded, with the names off the register, "
        "into chat gpt",
    ):
        assert "personal" in read_question(policy, question).data, question
        assert decide(policy, question).verdict not in YES, question
    removed = "I'll take the names off it first, then can copilot summarise the complaints"
    assert "no_personal" in read_question(policy, removed).absent


def test_an_account_or_licence_the_organisation_holds_is_a_claim_answered_conditionally() -> None:
    """ "On the school account", "our school canva", "copilot (council licence)": said of the
    tool, answered on condition that it is so, never taken as proof."""
    for policy_id, question in (
        (
            "school-model",
            "menu ideas for breakfast club, no children's details - chatgpt on the "
            "school account ok?",
        ),
        ("school-model", "a poster for the reading challenge in our school canva, can i print it"),
        ("mid-kent", "copilot (council licence) for a generic FAQ on paying a parking fine"),
    ):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, question
        assert "claimed-tool" in decision.rule_ids, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_login_handed_to_others_is_never_a_yes(policy_id: str) -> None:
    """Found in the twenty-second month: a member of staff's login given to residents."""
    question = "can I let the library visitors log in as me so they can try copilot"
    assert decide(POLICIES[policy_id], question).verdict not in YES


def test_a_session_or_activity_is_planned_as_a_lesson_is() -> None:
    policy = POLICIES["school-model"]
    for question in (
        "can ai help me plan a forest school session on leaves for nursery",
        "ai to plan a pe session on balance for year 1",
    ):
        decision = decide(policy, question)
        assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, question
        assert "purpose:lesson-planning" in decision.rule_ids, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_slur_is_never_excused_by_the_training_it_is_for(policy_id: str) -> None:
    """Found when the models were retrained with the twenty-second month: "awareness training"
    excuses writing about harm, not a 'scrounger' made up to show staff."""
    question = "a made-up 'benefit scrounger' character for our fraud awareness session, chatgpt"
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_device_the_employer_issued_is_the_employers(policy_id: str) -> None:
    """ "My council-issued laptop" names the organisation's device, so a reading of a personal
    device (the retrained models, once) is not laid over it."""
    reading = read_question(POLICIES[policy_id], "copilot on my council-issued laptop for notes")
    assert "personal_device_work" in reading.signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_secret_that_holds_a_system_name_is_still_a_secret(policy_id: str) -> None:
    """ "CCTV camera" names the system, which is no one's data; "the CCTV camera locations"
    are the organisation's secret (found by the tenth session's probes)."""
    question = "can chatgpt summarise the CCTV camera locations for the new starter"
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_error_someone_pointed_out_is_an_incident(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    told = "we put the AI figures on the website and someone's pointed out the totals are wrong"
    assert "incident" in read_question(policy, told).signals
    assert decide(policy, told).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_add_in_named_by_its_product_is_a_tool(policy_id: str) -> None:
    question = "can I install GPT for Sheets myself on my work laptop, just for formulas"
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_askers_own_condition_told_as_a_reason_is_not_data_given(policy_id: str) -> None:
    """ "I have long covid", "I'm dyslexic", "ADHD brain here": why the person asks, not data the
    AI is given; "my OH report" into the AI, or a pupil's condition, still is. Tiredness that
    "wipes me out" deletes nothing, and asking whether an email sounds rude is no rudeness."""
    policy = POLICIES[policy_id]
    for question in (
        "I have long covid and typing wipes me out - can ai help me dictate my own notes",
        "dyslexic here, can AI check the spelling in my own report",
        "I've got ADHD, can ai turn my own to-do list into a weekly plan",
    ):
        reading = read_question(policy, question)
        assert not reading.data - {"public", "internal"}, question
        assert not reading.signals & {"records_deletion"}, question
    tone = "I'm autistic, can ai tell me if my email to the contractor sounds rude"
    assert "harmful_content" not in read_question(policy, tone).signals
    for question in (
        "my OH report about my long covid, can i paste it into chatgpt to summarise",
        "i have a pupil with autism, can chatgpt write up his support plan",
        "ai to keep a summary of my chats with parents about their kids",
    ):
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_meeting_tool_left_running_is_asked_about_not_refused(policy_id: str) -> None:
    """ "Leave it running" for a meeting's AI notes is the tool's question, not a known fault
    kept in service; "keep it running" when it is known to be wrong is."""
    question = (
        "zoom's AI companion is on by default for the partners' meeting, ok to leave it running?"
    )
    assert "no_human_review" not in read_question(POLICIES[policy_id], question).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_check_for_bias_or_identifying_details_taken_out_are_care_not_risk(
    policy_id: str,
) -> None:
    """ "Check the wording isn't biased" is a fairness check, not biased content; "I've taken out
    the name, address and anything identifying" takes the person out; a doorstep script for a
    council service is no canvassing."""
    policy = POLICIES[policy_id]
    fair = "ai to draft the job advert for a caretaker, I'll check the wording isn't biased"
    assert decide(policy, fair).verdict != P
    removed = (
        "I've taken out the name, address and anything identifying - ai to suggest a calmer reply"
    )
    assert "personal" not in read_question(policy, removed).data
    script = "ai to give us a short doorstep script for the new food waste service"
    assert "political" not in read_question(policy, script).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_recording_noticed_too_late_is_an_incident(policy_id: str) -> None:
    told = "an AI notetaker recorded the whole disciplinary meeting and we only noticed at the end"
    assert decide(POLICIES[policy_id], told).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_figures_the_ai_writes_and_a_broadcasters_theme_are_refused(policy_id: str) -> None:
    """Found by re-running the probes: "write visitor figures for last year" has the AI make the
    figures up, and a broadcaster's theme or a paper's crossword is someone else's work; a
    summary of figures given, and a crossword made from our own spelling list, are not."""
    policy = POLICIES[policy_id]
    for question in (
        "can ai generate visitor figures for last year for the annual report",
        "copilot to put the match of the day theme on the fun run poster",
    ):
        assert decide(policy, question).verdict not in YES, question
    for question in (
        "ai to write a summary of last year's visitor figures",
        "ai to make a crossword from our own spelling list",
    ):
        assert not read_question(policy, question).signals & {"fabrication", "copyright"}, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_otter_in_lower_case_and_acrobats_ai_are_tools(policy_id: str) -> None:
    """ "otter on my laptop to transcribe" names the tool in lower case, and "the AI in adobe
    acrobat" names Adobe's assistant; an otter in a story is an animal."""
    policy = POLICIES[policy_id]
    for question, tool in (
        ("otter on my laptop to transcribe the residents' forum", "Otter"),
        ("the ai in adobe acrobat to summarise the committee pack", "Adobe Acrobat AI Assistant"),
    ):
        assert [hit.entry.name for hit in read_question(policy, question).tools] == [tool]
    animal = "can ai write a story about an otter for my year 2 class"
    assert not read_question(policy, animal).tools


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_plot_notes_and_a_decision_the_panel_took_are_read_as_said(policy_id: str) -> None:
    """Plot notes turned into warning letters to the tenants are about those tenants; a contact
    restriction the panel has decided, or a review before a SAR's disclosure, is the person's."""
    policy = POLICIES[policy_id]
    notes = "my plot notes into ai to draft the non-cultivation warning letters to the tenants"
    assert "personal" in read_question(policy, notes).data
    for question in (
        "the panel has decided to restrict his contact, can ai help me draft the letter",
        "SAR: ai to search the mailboxes, then I review it all before disclosure",
    ):
        assert not read_question(policy, question).signals & {
            "automated_decision",
            "records_deletion",
        }, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_not_knowing_it_was_not_allowed_is_told_as_an_incident(policy_id: str) -> None:
    told = (
        "used chatgpt on the tenancy letter with her name in, i didn't know it wasn't allowed, "
        "who do i tell"
    )
    assert decide(POLICIES[policy_id], told).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_words_written_for_someone_who_never_said_them_are_never_a_yes(policy_id: str) -> None:
    """Quotes the AI writes "from" pupils or parents, an email drafted as if the contractor sent
    it, and a video of a real person reading words they never recorded are made up; an email
    to the contractor is not."""
    policy = POLICIES[policy_id]
    for question in (
        "could ai write a few 'parent voice' comments for the governors' report to show impact",
        "ask copilot to draft an email from the contractor saying they accepted the late fee",
        "make a video of the mayor reading out the flood warning with ai, he's on holiday",
    ):
        assert "fabrication" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question
    to_them = "copilot to draft an email to the contractor about the late fee"
    assert "fabrication" not in read_question(policy, to_them).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_figures_with_no_source_that_look_right_are_not_used_as_they_stand(policy_id: str) -> None:
    question = (
        "copilot came up with five years of fly-tipping figures, no source but it looks right"
    )
    assert "fabrication" in read_question(POLICIES[policy_id], question).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_stereotyping_or_shutting_out_foreign_owned_firms_is_harmful(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "chatgpt to write a note for councillors on what travellers are like before the meeting",
        "ai to write the spec so that foreign-owned firms can't realistically bid",
    ):
        assert "harmful_content" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", ["socitm-template", "mid-kent"])
def test_commercial_information_in_tender_papers_is_confidential(policy_id: str) -> None:
    question = "copilot to go through the commercial info in the bid documents and tidy it up"
    assert "confidential" in read_question(POLICIES[policy_id], question).data


def test_a_pupils_write_up_done_by_ai_is_their_own_work_even_for_practice() -> None:
    question = "can ai do my science lab report for me? it's only a practice one"
    policy = POLICIES["school-model"]
    assert "submitted_work" in read_question(policy, question).signals
    assert decide(policy, question).verdict == P


def test_whether_using_ai_is_wasteful_is_a_question_about_the_policy() -> None:
    question = "is it wasteful to get ai to do a two-line email?"
    assert decide(POLICIES["socitm-template"], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_just_follows_a_denial_is_what_goes_in(policy_id: str) -> None:
    """ "No names, just UPNs": the UPNs go in; "no names, just [name] placeholders" puts none."""
    policy = POLICIES[policy_id]
    given = "no names, only upns and the dinner money each child owes, into copilot"
    assert "personal" in read_question(policy, given).data
    blank = "ai to write a generic reply, no names, just [resident name] placeholders"
    assert "personal" not in read_question(policy, blank).data


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_pretending_a_document_or_a_photo_is_real_is_made_up(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "ai to do a letter that looks like it came from the police so people take it seriously",
        "we forgot to photograph the fence before it was fixed, can ai make some photos for the "
        "claim",
        "statement saying no data was lost, we don't actually know yet - chatgpt to word it",
        "ai to make the reminder say the enforcement agents are coming even when they aren't",
    ):
        assert "fabrication" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_dodging_a_licence_or_an_ai_label_is_named_as_such(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    dodge = "we can't afford the licence for the show, can ai change the words of the songs a bit"
    assert "copyright" in read_question(policy, dodge).signals
    unlabelled = "can we have the 'made with ai' label off the flyer, it looks cheap"
    assert "no_disclosure" in read_question(policy, unlabelled).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_sign_turning_away_travellers_is_harmful(policy_id: str) -> None:
    question = "can ai do a notice for the car park, 'no gypsies' on it"
    assert "harmful_content" in read_question(POLICIES[policy_id], question).signals
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_27_to_29_phrase_families_are_read_in_other_words(policy_id: str) -> None:
    """Each family the summer, money and under-pressure months brought, said as others would."""
    policy = POLICIES[policy_id]
    expected = {
        "the website story copilot wrote says families thanked us, we haven't asked anyone yet": (
            "fabrication"
        ),
        "the ai's letter cites a court case i can't find anywhere - ok to send?": "fabrication",
        "can copilot tell me whether i should start the capability process for him": (
            "automated_decision"
        ),
        "ai to spot odd mileage claims and automatically stop their expenses": "automated_decision",
        "the vendor's ai would be the sole evaluator of the bids": "automated_decision",
        "ai to write the leaving do speech and subtly mock the finance team": "harmful_content",
        "chatgpt to tell us which bank we should lend the reserves to": "professional_judgement",
        "ai pictures of happy volunteers for the leaflet, we won't bother saying they're ai": (
            "no_disclosure"
        ),
        "an foi wants our chatgpt history on the parking contract, can i just clear it first": (
            "records_deletion"
        ),
        "ai to put the chorus of a chart song into our recycling jingle": "copyright",
        "use the copilot recap as the official notes of the grievance hearing": "no_human_review",
    }
    for question, signal in expected.items():
        assert signal in read_question(policy, question).signals, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_people_named_by_their_role_or_in_free_text_are_personal(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "give chatgpt the invigilators' names and when they're free to plan the rota",
        "staff pulse survey comments, some people name managers in them, ai to theme them",
    ):
        assert "personal" in read_question(policy, question).data, question
    generic = "ai picture of a lifeguard waving for the pool poster"
    assert "personal" not in read_question(policy, generic).data


def test_personal_data_in_a_named_public_chatbot_is_no_for_now_on_the_template() -> None:
    """The template lets public tools take personal or confidential data only with explicit
    authorisation: the answer says no first and then what authorisation would take. "Copilot"
    alone may be the council's Microsoft 365 one, and wiring a chatbot into a system is a
    deployment question: both stay "not yet"."""
    policy = POLICIES["socitm-template"]
    decision = decide(policy, "gemini to draft the letter to mrs patel about her housing benefit")
    assert decision.verdict == P
    assert decision.reasons[0].rule == "public-chatbot-private-data"
    assert "authoris" in (decision.reasons[0].instead or "")
    assert (
        decide(policy, "copilot to draft the letter to mrs patel about her housing benefit").verdict
        == N
    )
    wired = "can we connect chatgpt to the crm so it drafts replies to residents from their records"
    assert decide(policy, wired).verdict == N


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_ai_verdict_on_eligibility_or_risk_acted_on_is_a_decision_left_to_it(
    policy_id: str,
) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "ai to go through the grant forms and just tell us eligible / not eligible",
        "copilot's summary of the case says the risk is low so im going to close it",
    ):
        assert "automated_decision" in read_question(policy, question).signals, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_30_and_31_false_yes_are_read_in_other_words(policy_id: str) -> None:
    """A film's character on a poster, a witness's statement polished before they sign it, and
    AI output published in bulk because there is too much to read."""
    policy = POLICIES[policy_id]
    for question, signal in {
        "ai picture of the chef rat from ratatouille for the food hygiene poster": "copyright",
        "copilot to rewrite the witness statement so it reads better before she signs": (
            "fabrication"
        ),
        "copilot wrote 500 product descriptions, can we bulk publish them": "no_human_review",
    }.items():
        assert signal in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_decision_on_a_person_rubber_stamped_or_handed_over_is_left_to_the_ai(
    policy_id: str,
) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "copilot drafts the review decision on her appeal, i'll skim it but won't change much",
        "we'll refuse the grant based on the ai's reading of the application",
        "from next year ai will handle all the blue badge decisions",
    ):
        assert "automated_decision" in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_legal_advice_skipped_or_minutes_softened_are_refused_for_their_reason(
    policy_id: str,
) -> None:
    policy = POLICIES[policy_id]
    skip = "copilot says the tenancy clause is lawful so we can skip legal services"
    assert "professional_judgement" in read_question(policy, skip).signals
    soften = "can ai tweak the minutes so the chair comes across less aggressive"
    assert "fabrication" in read_question(policy, soften).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_30_and_31_risks_are_read_in_other_words(policy_id: str) -> None:
    """The front-line and public-words months' risks, said as others would."""
    policy = POLICIES[policy_id]
    expected = {
        "the draft says every repair is fixed, we haven't yet but it reads better": "fabrication",
        "ai photo of a family at the park, captioned like they're real residents": "fabrication",
        "copilot to write her assessment, i haven't actually met her yet": "fabrication",
        "copilot ranks the applicants for the flats and the panel just notes it": (
            "automated_decision"
        ),
        "the tool says stop his care visits, my manager says just go with the recommendation": (
            "automated_decision"
        ),
        "i'll just skim the ai letters, there are hundreds of them": "no_human_review",
        "can the new webchat leave out that it's ai, people prefer a person": "no_disclosure",
        "speech for the mayor with a few digs at nimby pensioners": "harmful_content",
    }
    for question, signal in expected.items():
        assert signal in read_question(policy, question).signals, question
    inferred = "the tool worked out their religion from the names on the petition"
    sensitive = {"special_category", "sensitive"} & set(policy.data_classes) or {"personal"}
    assert read_question(policy, inferred).data & sensitive


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_assessment_done_only_to_say_it_was_done_is_not_a_yes(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    question = "copilot to write the DPIA for the new app so we can say we've done one"
    assert "fabrication" in read_question(policy, question).signals
    assert decide(policy, question).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_whether_copilot_respects_a_label_is_a_question_about_it(policy_id: str) -> None:
    question = "the folder is marked official-sensitive, will copilot respect the label?"
    assert decide(POLICIES[policy_id], question).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_not_wanting_to_add_the_ai_label_is_not_declaring_it(policy_id: str) -> None:
    question = "i don't want to add 'made with ai' to the poster, people moan. fine?"
    assert "no_disclosure" in read_question(POLICIES[policy_id], question).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_exam_morning_or_saving_storage_is_no_risk_by_itself(policy_id: str) -> None:
    """Only the paper itself is confidential, and only deleting what is held is a records
    risk: revision for the morning of the exam and smaller photos are neither."""
    policy = POLICIES[policy_id]
    revision = "can ai make a quick quiz for my class to do on the morning of the exam"
    assert "confidential" not in read_question(policy, revision).data
    smaller = "ai to shrink the event photos to save storage on the shared drive"
    assert "records_deletion" not in read_question(policy, smaller).signals


def _read_as_data_and_refused(
    policy: Policy, questions: Sequence[str], data_class: str | None = None
) -> None:
    """Each question reads as holding data (of `data_class`, or any not public) and gets no
    yes."""
    for question in questions:
        data = read_question(policy, question).data
        assert (data_class in data) if data_class else (data - {"public"}), question
        assert decide(policy, question).verdict not in YES, question


def _read_as_and_refused(policy: Policy, expected: dict[str, str]) -> None:
    """Each question reads as its risk and gets no yes."""
    for question, signal in expected.items():
        assert signal in read_question(policy, question).signals, question
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_names_left_for_the_ai_to_take_out_still_go_in(policy_id: str) -> None:
    """Anonymising is something the person does before the AI sees the data; asking the AI to
    do it hands it the names first."""
    policy = POLICIES[policy_id]
    questions = (
        "the tenancy notes have names and phone numbers in, can copilot anonymise them for me",
        "I'll ask the AI to strip out the names from the complaints log before we publish it",
        "we want chatgpt to redact the witness statements, they name the neighbours",
    )
    _read_as_data_and_refused(policy, questions, "personal")
    done_first = "I've anonymised the survey answers myself, can copilot pull out the themes"
    assert "personal" not in read_question(policy, done_first).data


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_sign_that_shuts_out_a_group_of_people_is_not_a_yes(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    questions = (
        "chatgpt drafted the play area notice and put 'no teenagers from the flats'. ok to use?",
        "copilot wrote the hall hire rules including 'no groups of young people from the estate'",
    )
    _read_as_and_refused(policy, dict.fromkeys(questions, "harmful_content"))
    innocent = "ai to write the play area sign: no dogs, no glass, under 12s only on the swings"
    assert "harmful_content" not in read_question(policy, innocent).signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_ai_pictures_captioned_as_real_people_are_made_up(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    questions = (
        "gemini made some photos of smiling tenants, can I caption them as our tenants in the "
        "annual report",
        "the AI pictures of families look great - fine to label them as local families who "
        "used the food bank?",
    )
    _read_as_and_refused(policy, dict.fromkeys(questions, "fabrication"))


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_export_from_a_system_of_records_is_peoples_data(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    questions = (
        "can I drop the arbor behaviour export into chatgpt to sort by year group",
        "ok to paste a civica extract into gemini to find duplicates?",
    )
    _read_as_data_and_refused(policy, questions)


def test_what_each_household_owes_is_financial_data() -> None:
    question = "only the account refs and how much they owe, fine for chatgpt to find patterns?"
    _read_as_data_and_refused(POLICIES["mid-kent"], [question], "financial")


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_made_up_records_for_a_test_system_leave_nothing_to_ask(policy_id: str) -> None:
    """What a veto says the made-up thing is for is read: no "what does 'fake' involve?"."""
    policy = POLICIES[policy_id]
    question = "ai to generate fake test data for the new booking system, made up names only"
    assert "fabrication" not in read_question(policy, question).signals
    assert decide(policy, question).verdict != Verdict.UNCLEAR
    real = "ai to generate fake figures for the booking system report to the board"
    assert decide(policy, real).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_the_ai_made_up_or_decided_told_as_a_plan(policy_id: str) -> None:
    """Months 34-35's unclear answers on uses a careful reader refuses: each now says which risk
    it read."""
    policy = POLICIES[policy_id]
    expected = {
        "copilot worked out the uptake as 64%, can I put that in the funding return without "
        "checking?": "no_human_review",
        "the AI gave our footfall as 12,000 last year, I'll use that in the bid": "fabrication",
        "we haven't actually counted the responses but can gemini say most people agreed": (
            "fabrication"
        ),
        "can ai write a statement from the chief exec? we haven't asked her for one": "fabrication",
        "the AI ranks the grant bids and the panel basically rubber stamps it": (
            "automated_decision"
        ),
        "can the bot decide for itself which old files to keep": "automated_decision",
        "email the non-matches telling them they'll lose their single person discount": (
            "automated_decision"
        ),
        "survey write-up saying older residents complain more so their views count for less": (
            "harmful_content"
        ),
        "flag the applicants whose names sound foreign for extra checks": "harmful_content",
        "can chatgpt rebuild the full dataset? our licence doesn't cover the detail": "copyright",
    }
    _read_as_and_refused(policy, expected)
    teammate = "can copilot find my teammate's appraisal on the drive"
    assert read_question(policy, teammate).data - {"public"}


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_36_37_kinds_of_false_yes(policy_id: str) -> None:
    """Months 36-37's false yes, each kind in other words: a negotiation with the other side,
    a newsletter against the administration, quotes nobody gave, a meeting that never
    happened, a place made to look worse, pupils in the photos, a handbook bot for staff."""
    policy = POLICIES[policy_id]
    expected = {
        "summarise our emails on the lease negotiation with the landlord in chatgpt": "data",
        "help me write a leaflet making the case against the administration's budget": (
            "political"
        ),
        "copilot to add a short quote from each volunteer to the report, they won't mind": (
            "fabrication"
        ),
        "ai to write notes of the site visit as if it happened, I couldn't go": "fabrication",
        "can ai make the footpath photo look worse than it is for the funding bid": ("fabrication"),
        "ai to caption our gallery pictures, most of them are of children at the fun day": "data",
        "load the HR policies into the AI so new starters can ask it anything": ("live_deployment"),
    }
    for question, kind in expected.items():
        reading = read_question(policy, question)
        if kind == "data":
            assert reading.data - {"public"}, question
        else:
            assert kind in reading.signals, question
        assert decide(policy, question).verdict not in YES, question


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_36_37_kinds_asked_about_instead_of_refused(policy_id: str) -> None:
    """What months 36-37 were asked back about and a careful reader refuses: each read as its
    risk, in other words than the tables'."""
    policy = POLICIES[policy_id]
    expected = {
        "lost my taxi receipt, can ai mock up a receipt from the firm so expenses pay": (
            "fabrication"
        ),
        "can copilot make the budget summary read more favourably towards option B": (
            "fabrication"
        ),
        "copilot came back with 212 volunteers this year, can I use that? sounds about right": (
            "fabrication"
        ),
        "chatgpt says the tree is safe to leave, ok if i tell them to crack on": (
            "professional_judgement"
        ),
        "ask chatgpt what rating to give each kitchen from my photos": "automated_decision",
        "ai to write the panel's decision letter now so they just have to agree it": (
            "automated_decision"
        ),
        "copilot tracked changes on the report, can I accept all the suggested edits and send": (
            "no_human_review"
        ),
        "ask the ai to make the reply to the shop owner sound condescending": "harmful_content",
        "scan pages from the book and get the ai to draw pictures like them": "copyright",
        "can I bulk delete my chatgpt history before the audit": "records_deletion",
    }
    _read_as_and_refused(policy, expected)
    disclosed = "a tenant disclosed domestic abuse on the phone, can ai write up my notes"
    sensitive = {"special_category", "sensitive"} & set(policy.data_classes) or {"personal"}
    assert read_question(policy, disclosed).data & sensitive
    awareness = "ai to make a poster about domestic abuse support services"
    assert not read_question(policy, awareness).data - {"public"}


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_38_39_kinds_of_false_yes(policy_id: str) -> None:
    """A slur is offensive however the occasion is framed ("spot the ..." is no spotting of
    signs); people's posts scraped into a dashboard are people watched."""
    policy = POLICIES[policy_id]
    slur = "copilot to write a funny 'which colleague is the biggest loony' game for the social"
    assert "harmful_content" in read_question(policy, slur).signals
    assert decide(policy, slur).verdict not in YES
    signs = "ai to write staff guidance to spot the signs of self-neglect in older tenants"
    assert "harmful_content" not in read_question(policy, signs).signals
    scraped = "gemini to help me build a scraper that harvests nextdoor posts about our bin service"
    assert "profiling" in read_question(policy, scraped).signals
    assert decide(policy, scraped).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_38_39_kinds_asked_about_instead_of_refused(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    expected = {
        "copilot to write the incident report but leave out the bit where we lost the file, so "
        "it doesn't look bad": "fabrication",
        "can chatgpt write my visit notes as if i saw the damage myself": "fabrication",
        "the project is red but can copilot reword the update so it reads as on track": (
            "fabrication"
        ),
        "can the ai read the applications and give the applicant their band": "automated_decision",
        "the tool scored him high risk and the tool's approved, so it wins right?": (
            "automated_decision"
        ),
        "ai drafted the poster, we checked the wording but not the numbers, ok to print?": (
            "no_human_review"
        ),
        "make our mascot look exactly like Paddington for the leaflet": "copyright",
        "ai to write a letter that hints certain families are the problem": "harmful_content",
    }
    _read_as_and_refused(policy, expected)
    innocent = "the old printers are the problem, can ai help me write the replacement request"
    assert "harmful_content" not in read_question(policy, innocent).signals


def test_a_policy_about_a_health_topic_is_no_one_s_health_data() -> None:
    policy = POLICIES["school-model"]
    topic = "use AI to tidy the wording of our supporting pupils with medical conditions policy"
    assert "special_category" not in read_question(policy, topic).data
    assert decide(policy, topic).verdict in YES
    someone = "use AI to tidy the wording of Amy's medical conditions care plan"
    assert decide(policy, someone).verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_40_41_kinds_of_false_yes(policy_id: str) -> None:
    """Months 40-41's false yes, each kind in other words."""
    policy = POLICIES[policy_id]
    expected = {
        "ai to make a quiz out of the silliest complaints residents sent us this year": (
            "harmful_content"
        ),
        "role-play scripts for the call centre with callers' heavy accents spelt out": (
            "harmful_content"
        ),
        "copilot to sort the objectors by their likely ethnicity for the committee report": (
            "harmful_content"
        ),
        "when a member asks me a point of order can I ask the ai and read its answer out as the "
        "advice": "professional_judgement",
        "ai to write replies to the residents' questions and put them on the website straight "
        "away": "no_human_review",
        "I'm the portfolio holder, I'll sign the order form for the AI licences myself": (
            "procurement"
        ),
        "ai photo of staff at the food bank, we didn't get a real one, no need to say it's AI": (
            "no_disclosure"
        ),
    }
    _read_as_and_refused(policy, expected)
    again = "same minutes but in our approved copilot this time, fine?"
    assert decide(policy, again).verdict not in YES
    point = "what's the point of the ai policy in one sentence, for my induction slides"
    assert decide(policy, point).verdict == Verdict.INFORMATION


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_40_41_kinds_asked_about_instead_of_refused(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    expected = {
        "copilot to write some supportive resident comments to post under the announcement": (
            "fabrication"
        ),
        "the ai added an action nobody agreed, it wasn't actually moved, but leave it in?": (
            "fabrication"
        ),
        "ai to read the evidence and say meets / doesn't meet for each application": (
            "automated_decision"
        ),
        "can copilot be the second checker on the assessments instead of a senior officer": (
            "automated_decision"
        ),
        "ai to put the applications in order best to worst for the panel": "automated_decision",
        "let the recap tool auto publish the minutes to the website after each meeting": (
            "no_human_review"
        ),
        "no need to tell anyone if I only used AI for a couple of paragraphs, right?": (
            "no_disclosure"
        ),
        "can IT turn off retention so nothing from the group meetings is discoverable": (
            "records_deletion"
        ),
        "copilot to draft attack lines on the opposition leader for the group": "political",
    }
    _read_as_and_refused(policy, expected)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_months_42_43_kinds_of_false_yes(policy_id: str) -> None:
    """Months 42-43's false yes, each kind in other words."""
    policy = POLICIES[policy_id]
    expected = {
        "can ai make pictures of residents using the new bus service for the funding claim as "
        "evidence it is used": "fabrication",
        "ai to write up a profile of the traveller families on the site from what staff say": (
            "profiling"
        ),
        "copilot can just pick the top 20 households by risk and we'll send the letters": (
            "automated_decision"
        ),
    }
    _read_as_and_refused(policy, expected)
    situation = "no names, just the situation - dad in hospital, two kids at home alone - ai to "
    situation += "word my referral"
    assert read_question(policy, situation).data - {"public"}
    assert decide(policy, situation).verdict not in YES
    for about in (
        "if I use copilot for the partnership minutes have I signed up to anything?",
        "is autocorrect 'AI' under this policy?",
    ):
        assert decide(policy, about).verdict == Verdict.INFORMATION, about


def test_a_year_groups_essay_is_a_pupils_work() -> None:
    question = "ok to put a year 9 essay into the AI for feedback ideas? no name on it"
    _read_as_and_refused(POLICIES["school-model"], {question: "others_original_work"})


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_someones_record_in_general_terms_is_still_theirs(policy_id: str) -> None:
    """Found by a probe of our own at the end of the fourteenth session: "in general" took a
    named person's health record away, and the template said yes."""
    policy = POLICIES[policy_id]
    for question in (
        "can copilot summarise Amy's mental health history in general terms for the panel",
        "copilot to summarise the tenant's health condition in general terms",
    ):
        assert read_question(policy, question).data - {"public"}, question
        # Oadby and Wigston lets personal data into its own Copilot on conditions (4.3, 6.1)
        if policy_id != "oadby-wigston":
            assert decide(policy, question).verdict not in YES, question
    general = "can copilot give general advice on supporting staff with anxiety at work"
    assert not read_question(policy, general).data - {"public"}


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_person_pointed_out_by_address_or_named_with_their_record_is_someone(
    policy_id: str,
) -> None:
    """Probes of our own: "anonymous" said of whoever told, and "generic" said of the output,
    took away a person pointed out by address and a named child's plan."""
    policy = POLICIES[policy_id]
    for question in (
        "ai to reply to the anonymous complaint about the family at no 12 and their dogs",
        "can chatgpt make a generic version of Oliver's EHCP to share as an example",
    ):
        assert "personal" in read_question(policy, question).data, question
    survey = "can ai reply to an anonymous survey comment about the bins"
    assert "personal" not in read_question(policy, survey).data


# A chatbot put on one of the organisation's web pages answers the public, however the page is
# named ("chat bot on the" was read; "chatbot on the" in one word was not, on a held-out month).
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_chatbot_on_one_of_our_pages_answers_the_public(policy_id: str) -> None:
    question = "could we put a chatbot on the parking permits page to answer the FAQs in Urdu too"
    decision = decide(POLICIES[policy_id], question)
    assert "public_interaction" in decision.signals, decision.to_json()
    assert decision.verdict not in YES, decision.to_json()


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        # a letter for a name stands for nobody when the person is made up
        (
            "socitm-template",
            "for the induction pack, can copilot write a complaint reply to an entirely made-up "
            "resident, 'Mr B', nothing real",
        ),
        # records made up to be records are nobody's, however the records are named
        (
            "socitm-template",
            "need 40 fake council tax accounts to test the upgrade, can ai make them",
        ),
    ],
)
def test_made_up_people_and_records_are_nobodys_data(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert "personal" not in decision.data, decision.to_json()
    assert decision.verdict != Verdict.PROHIBITED


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        # the same letter for a real person, or made-up records beside real ones, stay personal
        (
            "socitm-template",
            "for the induction pack, can copilot write a complaint reply to a resident, 'Mr B'",
        ),
        (
            "socitm-template",
            "I have 40 real council tax accounts, can ai generate fake reminder letters for them",
        ),
    ],
)
def test_a_real_person_or_real_records_beside_made_up_ones_stay_personal(
    policy_id: str, question: str
) -> None:
    assert "personal" in decide(POLICIES[policy_id], question).data


def test_a_use_asked_for_at_the_end_is_a_use_not_a_question_about_training() -> None:
    # "training" is the use's purpose here, not a question about the policy's AI training
    question = (
        "a made-up example scenario for training new reception staff - ok for the approved AI "
        "to write it?"
    )
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        # the AI deciding, denied with the person's own "let": no decision is left to it
        (
            "I'm not going to let Copilot decide anything, it just summarises the planning "
            "appeal bundle so I can read it faster",
            Verdict.ALLOWED_WITH_CONDITIONS,
        ),
        (
            "we won't let copilot choose anything, it just tidies the wording of my letter",
            Verdict.ALLOWED_WITH_CONDITIONS,
        ),
        # and said, it is left to the AI
        ("we're going to let copilot decide which planning appeals to contest", Verdict.PROHIBITED),
    ],
)
def test_not_letting_the_ai_decide_is_no_decision_left_to_it(
    question: str, verdict: Verdict
) -> None:
    assert decide(POLICIES["oadby-wigston"], question).verdict == verdict


@pytest.mark.parametrize(
    ("question", "there"),
    [
        # where the data is said to be, after a removal: still there
        ("I took the names out of the whiteboard photo. Names are on there though", True),
        ("no names, but the diagnoses are in it", True),
        # "are in" followed by who or what it is about says nothing of where data is
        (
            "can i ask chat gpt what the warning signs of self harm are in teenagers, for my own "
            "knowledge, no pupil details",
            False,
        ),
    ],
)
def test_data_said_to_be_there_after_a_removal_is_kept(question: str, there: bool) -> None:
    reading = read_question(POLICIES["school-model"], question)
    assert bool(reading.data & {"personal", "special_category"}) == there, reading.data


@pytest.mark.parametrize(
    "question",
    [
        "parking services - could I use copilot (approved) to write generic FAQ text about how to "
        "pay a PCN?",
        "copilot (the council approved one) to draft the agenda for the allotments working group",
    ],
)
def test_a_tool_said_in_brackets_to_be_approved_is_claimed(question: str) -> None:
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert "claimed-tool" in decision.rule_ids
    # asked, it is not said: "is copilot (approved) ok for this?" asks
    asked = decide(POLICIES["mid-kent"], "is copilot (approved?) ok to use for the agenda")
    assert "claimed-tool" not in asked.rule_ids


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_use_on_a_thing_only_pointed_at_is_asked_about(policy_id: str) -> None:
    # what is in "that file" decides the answer, and only the person knows
    for question in (
        "is it ok to use the summarise button on that document?",
        "ok to run the copilot summary button over that file?",
        "can i use the rewrite thing in word on this document",
    ):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict not in YES, decision.to_json()
    # said, it is judged: "that sheet" after what is on it
    said = "ai to write the formulas for the budget tracker, totals only, no names on that sheet"
    assert decide(POLICIES[policy_id], said).verdict != Verdict.UNCLEAR


@pytest.mark.parametrize(
    "question",
    [
        "the ai summary that shows up at the top of my search results - am i ok to read it for "
        "work",
        "there's an ai summary at the top of google now - am i ok to use it to check bank "
        "holiday tip times?",
        "is it ok to use the ai answer at the top of google",
    ],
)
def test_a_search_engines_ai_answer_is_the_search_engines(question: str) -> None:
    # Mid-Kent treats search engines as everyday tools with AI by default (5.3): the answer at
    # the top of the results is not a feature someone switched on without assessment
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.tool is not None and decision.tool.name == "Search engine"
    assert "unvetted-ai-feature" not in decision.rule_ids


def test_a_search_engines_ai_answer_is_no_place_for_a_residents_details() -> None:
    question = "is it ok to put the tenant's name and address at 14 high st into google's ai answer"
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_tokenising_leaves_of_a_contraction_names_no_tool(policy_id: str) -> None:
    question = "the red squiggly spellcheck in word, that's fine to keep using isn't it"
    decision = decide(POLICIES[policy_id], question)
    assert decision.tool is None or decision.tool.name.lower() != "isn", decision.to_json()
    assert decision.verdict != Verdict.NEEDS_APPROVAL or decision.tool is not None


@pytest.mark.parametrize(
    "question",
    [
        "can copilot make my reply sound less snippy, i wrote it in a hurry",
        "copilot to make my out of office sound less grumpy pls",
    ],
)
def test_taking_the_tone_of_ones_own_writing_down_is_a_use_not_harm(question: str) -> None:
    decision = decide(POLICIES["oadby-wigston"], question)  # where Copilot is the approved tool
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert "harmful-content" not in decision.rule_ids


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        # a decision already made and published, summarised for the team
        (
            "copilot to boil down the planning inspectorate appeal decision on the garage "
            "conversion into half a page for my team",
            Verdict.ALLOWED_WITH_CONDITIONS,
        ),
        # the AI making the decisions is still that
        ("can copilot do the appeal decisions for the parking tickets", Verdict.PROHIBITED),
    ],
)
def test_a_published_decision_summarised_is_no_decision_left_to_the_ai(
    question: str, verdict: Verdict
) -> None:
    decision = decide(POLICIES["oadby-wigston"], question)
    assert decision.verdict == verdict, decision.to_json()


def test_no_personal_stuff_says_none_and_the_one_it_set_up_is_claimed() -> None:
    policy = POLICIES["mid-kent"]
    said = "copilot to summarise the rota emails for the depot move? no personal stuff in them"
    assert not read_question(policy, said).vague
    # still vague where "stuff" is the use itself
    assert decide(policy, "can copilot do my stuff").verdict == Verdict.UNCLEAR
    claimed = (
        "can I use the copilot IT set up for our team to tidy the agenda for the depot meeting"
    )
    decision = decide(policy, claimed)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert "claimed-tool" in decision.rule_ids


# "stuff" or "things" said of what they are ("general stuff", "stuff like opening hours", "not
# party stuff") or with no object of the use ("google things for work") points at nothing left
# unsaid; "for the budget stuff" still does.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    ("question", "vague"),
    [
        (
            "can copilot draft hot weather advice for the grounds crews? general stuff, no names",
            False,
        ),
        ("can copilot draft canned replies for the common stuff like opening hours?", False),
        (
            "can the approved AI draft the chair's speech for the awards dinner? not party stuff",
            False,
        ),
        (
            "search results have an AI summary at the top these days. am i still ok to google "
            "things for work?",
            False,
        ),
        ("is copilot ok for the budget stuff?", True),
        ("can i use copilot for the stuff we talked about", True),
    ],
)
def test_stuff_said_of_what_it_is_is_not_vague(policy_id: str, question: str, vague: bool) -> None:
    assert read_question(POLICIES[policy_id], question).vague is vague


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_thing_turned_into_another_is_a_use_and_turning_people_down_is_not(
    policy_id: str,
) -> None:
    policy = POLICIES[policy_id]
    made = read_question(policy, "can copilot turn my bullet points into a powerpoint")
    assert engine._act_unread(made) is None  # a use: nothing to ask what it involves
    refused = read_question(policy, "can copilot turn down the late ones")
    assert engine._act_unread(refused) == "turn"
    decision = decide(policy, "can copilot turn down the weaker applicants for me")
    assert decision.verdict not in YES, decision.to_json()


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_asking_whether_to_check_is_not_saying_nobody_will(policy_id: str) -> None:
    for question in (
        "copilot drafted the fees notice, i need to check it before it goes out",
        "the new finance system reads invoices with AI - do we need to check anything first?",
    ):
        reading = read_question(POLICIES[policy_id], question)
        assert "no_human_review" not in reading.signals, question
    # said, it is read: "we won't need to check it"
    said = read_question(POLICIES[policy_id], "copilot writes it and nobody needs to check it")
    assert "no_human_review" in said.signals


def test_a_negation_does_not_reach_past_a_new_clauses_subject() -> None:
    # "not" belongs to "publishing"; "i dont need to check it" is its own clause, and says so
    question = "only using the AI draft internally and not publishing, i dont need to check it do i"
    reading = read_question(POLICIES["socitm-template"], question)
    assert "no_human_review" in reading.signals
    # within one clause it still reaches: "no names, we just give it the totals" has no names
    reading = read_question(POLICIES["socitm-template"], "no names or addresses go in it")
    assert "personal" not in reading.data


def test_whether_a_tool_is_approved_is_answered_from_the_policy() -> None:
    # a policy that approves no AI tool by name (the school's, Mid-Kent's): a question about
    # it, answered with what the policy says of the tool and how to ask
    for policy_id, question, tool in (
        ("school-model", "is chatgpt approved?", "ChatGPT"),
        ("school-model", "Is Google Gemini approved for staff to use here?", "Google Gemini"),
        ("mid-kent", "is the microsoft one (copilot) approved or not", "Microsoft Copilot"),
    ):
        decision = decide(POLICIES[policy_id], question)
        assert decision.verdict == Verdict.INFORMATION, question
        assert decision.answer.startswith(f"The policy does not approve {tool}."), question
        assert decision.next_step == "request_approval", question
    # a use, or whether approval is needed, asked with it: a permission question
    for question in (
        "is chatgpt approved for writing reports?",
        "is chatgpt approved or do I need to ask someone?",
    ):
        assert decide(POLICIES["school-model"], question).verdict == N, question
    assert decide(POLICIES["school-model"], "is chatgpt approved for pupil reports?").verdict == P
    # a policy that lists the tools it approves answers from the list: not on it, a no for now
    for policy_id, question in (
        ("socitm-template", "is perplexity approved"),
        ("oadby-wigston", "is chatgpt approved?"),
    ):
        assert decide(POLICIES[policy_id], question).verdict == N, question


def test_ok_for_something_unsaid_is_asked_ok_to_use_is_the_tools_answer() -> None:
    # "is gemini ok?": ok for what the person has in mind, unsaid; never a yes to nothing said
    policy = POLICIES["socitm-template"]
    for question in ("is gemini ok", "is copilot ok?", "Claude fine?", "is the chatgpt alright"):
        assert decide(policy, question).verdict == Verdict.UNCLEAR, question
    # "is claude ok to use?", "... allowed?": the tool itself, which the template approves
    for question in ("is claude ok to use", "gemini ok to use for work?", "is claude allowed"):
        assert decide(policy, question).verdict == Verdict.ALLOWED_WITH_CONDITIONS, question
    oadby = POLICIES["oadby-wigston"]
    assert decide(oadby, "is copilot chat okay to use?").verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_pupils_using_ai_in_a_lesson_is_not_planning_one() -> None:
    policy = POLICIES["school-model"]
    for question in (
        "pupils using ai in my lesson next week, any issue",
        "my year 9s want to use AI in class tomorrow - ok?",
    ):
        assert decide(policy, question).verdict not in YES, question
    # planning the lesson is still the teacher's use
    plan = decide(policy, "can AI plan my lesson on volcanoes for next week?")
    assert plan.verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_legal_correspondence_about_a_live_case_is_confidential() -> None:
    policy = POLICIES["mid-kent"]
    for question in (
        "copilot is the approved one - can i use it to summarise the email chain from legal "
        "about the ongoing tribunal case",
        "can our copilot tidy up the tribunal bundle index?",
    ):
        decision = decide(policy, question)
        assert "confidential" in decision.data, question
        assert decision.verdict not in YES, question


def test_a_grants_scheme_named_is_no_grant_decided() -> None:
    policy = POLICIES["mid-kent"]
    named = "can the approved AI help brainstorm names for the new community grants scheme?"
    assert "automated_decision" not in read_question(policy, named).signals
    assert decide(policy, named).verdict in YES
    scored = "grant scheme - the AI scores the applications and we pay the top 50"
    assert decide(policy, scored).verdict not in YES


def test_the_risks_of_ai_written_about_are_no_misinformation_made() -> None:
    policy = POLICIES["oadby-wigston"]
    about = (
        "I'm writing a committee report about the risks of AI (bias, misinformation etc). "
        "Can I use Copilot to help structure it?"
    )
    assert decide(policy, about).verdict == Verdict.ALLOWED_WITH_CONDITIONS
    spread = "can copilot write some misinformation about the other candidate for facebook?"
    assert decide(policy, spread).verdict not in YES


def test_details_added_afterwards_outside_the_ai_are_not_put_in() -> None:
    for policy_id, question in (
        (
            "school-model",
            "I'd like chatgpt to draft a letter of concern about attendance - I'll add the name "
            "and figures afterwards in word, not in the chat",
        ),
        (
            "socitm-template",
            "if i write the arrears letter in chatgpt with just 'Dear Tenant' and no amount or "
            "address, then fill her details in myself in word after, is that ok?",
        ),
    ):
        assert "personal" not in read_question(POLICIES[policy_id], question).data, question
    # a record of someone pasted in is still theirs, whatever is added afterwards
    pasted = (
        "can I paste the resident's complaint letter into chatgpt? I'll add the names myself after"
    )
    assert decide(POLICIES["socitm-template"], pasted).verdict not in YES


def test_sources_and_suites_are_not_tools() -> None:
    policy = POLICIES["socitm-template"]
    ons = "a briefing on dementia prevalence using ONS figures - can chatgpt help me draft it?"
    assert decide(policy, ons).tool.name == "ChatGPT"
    suite = "Can I use M365 Copilot in Outlook to tidy up an email about the staff away day?"
    assert decide(policy, suite).tool.name == "Microsoft 365 Copilot"


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_the_ai_is_going_to_do_is_a_question_about_it(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "honest question - is copilot going to replace my job?",
        "are they going to be using AI to decide the housing bands now?",
        "is chatgpt going to keep what I type into it?",
    ):
        assert decide(policy, question).verdict == Verdict.INFORMATION, question
    # what the person wants it to do is still a use
    assert decide(policy, "is copilot going to write my report for me?").verdict not in (
        Verdict.INFORMATION,
        *YES,
    )


def test_bits_of_something_named_say_what_they_are() -> None:
    policy = POLICIES["mid-kent"]
    looked_up = (
        "ok to use google with the AI overview bit at the top to look up bits of legislation?"
    )
    assert decide(policy, looked_up).verdict in YES
    assert read_question(policy, "is ai ok for the bits from yesterday?").vague


def test_a_kind_of_tool_is_named_as_one_mid_sentence() -> None:
    asked = decide(POLICIES["mid-kent"], "the google ai thing?")
    assert asked.verdict == Verdict.UNCLEAR
    assert asked.clarifying_question is not None
    assert asked.clarifying_question.startswith("What do you want to use the search engine for")


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_account_hacked_is_an_incident(policy_id: str) -> None:
    told = "my personal chatgpt account got hacked and I'd used it for a couple of work things"
    assert "incident" in read_question(POLICIES[policy_id], told).signals
    assert decide(POLICIES[policy_id], told).verdict == Verdict.INFORMATION


def test_the_one_in_our_own_suite_is_a_claim_of_it() -> None:
    school = POLICIES["school-model"]
    said = "Can copilot (the one in our school 365) summarise that 60-page DfE guidance doc for me"
    assert read_question(school, said).claimed
    assert decide(school, said).verdict == Verdict.ALLOWED_WITH_CONDITIONS
    # asked as a choice, it claims nothing
    asked = "our approved copilot - is that the free one in edge or the one with the work licence?"
    assert decide(POLICIES["oadby-wigston"], asked).verdict == Verdict.INFORMATION


def test_a_bracketed_placeholder_is_no_data() -> None:
    policy = POLICIES["mid-kent"]
    for question in (
        "I want copilot to draft a generic template reply for missed bin complaints - "
        "placeholders only like [NAME] [ADDRESS], no real details",
        "letter to [tenant name] at [address] about [the arrears]",
    ):
        assert read_question(policy, question).data == set(), question
    # what is bracketed beside a real person is still theirs
    assert "personal" in read_question(policy, "paste Mrs Smith's address [12 High St]").data
    noted = "paste the case notes [the ones from the child protection conference about Jamie Smith]"
    assert "personal" in read_question(policy, noted).data


def test_the_real_details_filled_in_afterwards_are_not_put_in() -> None:
    asked = (
        "can i ask chatgpt for a structure for a job reference? I'll fill in the actual details "
        "about the person myself afterwards"
    )
    assert decide(POLICIES["socitm-template"], asked).verdict in YES
    # whose names, said on the way, and "fill those in after" are the same promise
    for question in (
        "can gemini draft the carers' newsletter? I'll add the names of the volunteers we're "
        "thanking myself afterwards",
        "can chatgpt draft a reference with her name left out? I'll fill those in after",
    ):
        assert "personal" not in read_question(POLICIES["socitm-template"], question).data


# Taking part in learning about AI and in its governance, which the policies ask of staff, is a
# yes from the policy's own words on it (`taking_part`), with no conditions; a policy that says
# nothing of it answers from its scope, as work with no AI in it (the no-AI test below checks
# both). Never AI's feedback on work, someone else's, or a use beside it.
TAKING_PART = [
    "can I sign up for the copilot training next month?",
    "is it alright if we join the lunchtime AI show and tell?",
    "could I share some feedback on how copilot has worked for our team?",
    "can i talk to my line manager about whether AI would help with our filing?",
]


# Work said to use no AI at all is outside each policy: a yes from its scope with no conditions,
# never "use Copilot" or "no pupils' data into an AI tool" for photos that go near no AI.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can i take photos of the kids' clay models for the corridor display? no AI involved at "
        "all",
        "I'm running a lunch and learn about AI for the team. just talking about it, no tools "
        "used. any issue?",
        "taking photos of potholes on my work phone for the highways report, no ai anywhere",
        "I'm writing a committee report on data centres' energy use. no AI used to write it. any "
        "policy issues?",
        "doing the arrears analysis with excel pivot tables, no AI involved. anything I need?",
        # an AI tool named only as what is talked or written about
        "giving a talk on phone scams at the library - do I need approval just to mention "
        "Gemini in it?",
        "assembly on online safety: do I need permission just to talk about Claude?",
        # AI only as the topic of the work
        "we're running a staff webinar on AI scams next month, any issue with that?",
        "year 9 are writing a story about a robot that learns to paint - fine?",
        "watching a short explainer on how AI chatbots work in my lunch break, ok?",
        # no AI said as an aside, not words put in someone's mouth
        "I have to write (by hand, no AI) a leaflet for the library about online safety. ok?",
        *TAKING_PART,
    ],
)
def test_work_said_to_use_no_ai_is_outside_the_policy(policy_id: str, question: str) -> None:
    policy = POLICIES[policy_id]
    scope = policy.document.no_ai_used
    if question in TAKING_PART:
        scope = policy.document.taking_part or scope
    assert scope is not None
    decision = decide(policy, question)
    assert decision.verdict in (Verdict.ALLOWED, Verdict.INFORMATION), decision.answer
    assert scope.text[:30] in decision.answer
    assert decision.conditions == () and decision.obligations == ()
    assert [c.id for c in decision.citations] == scope.cites


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        # a use denied only in part
        "not using it to decide anything, it just ranks the hardship applications for us",
        "we're not using AI for the decision, it just recommends who gets the grant",
        # words put in someone's mouth
        "We used AI to help score the tenders. If anyone FOIs it can we just say no AI was used?",
        # an AI tool named, or AI used for the rest
        "no AI involved in the letter itself, but can ChatGPT check the resident's address?",
        "First I'll ask the AI for a structure, then I'll write the reply myself, no AI involved",
        # someone else's use, asked for rather than written about
        "I'm not using any AI myself, but can my pupils use AI for their homework?",
        "no AI used by me. is it ok if residents use AI to write their objections?",
        # a tool talked to or written with, or used after it is mentioned
        "do I need approval just to mention Gemini and then use it to draft the tenant's letter?",
        "just to talk about it: can I talk to Claude about the complaint from the resident?",
        "do I need permission just to write about the case with Claude?",
        # AI as the topic, and something else that might do the work, or AI's part kept quiet
        "can i make a poster about AI using an image generator?",
        "could I write an article about AI? the tool would write it for me",
        "I'd rather not mention AI wrote the report to the board, is that fine?",
    ],
)
def test_ai_denied_in_part_or_in_words_put_in_a_mouth_is_still_ai_use(
    policy_id: str, question: str
) -> None:
    assert "no-ai-used" not in decide(POLICIES[policy_id], question).rule_ids


# Work outside a policy's reach is a yes from its scope, with no conditions: work said to use no
# AI, asked whether it may go ahead or needs a step first (AI use written about as someone
# else's, "how other councils use AI", is no use of one's own); and AI the person uses for
# themselves, not for work (never where work, its people or a member's campaigning come in).
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    ("question", "rule"),
    [
        (
            "I'm writing a report for the audit committee on the risks of AI, no AI used to write "
            "it. do I need any approval?",
            "no-ai-used",
        ),
        (
            "running a lunch and learn on what generative AI is, no AI is being used in the "
            "session. do we need a DPIA?",
            "no-ai-used",
        ),
        (
            "writing a web article myself warning residents about voice-cloning scams, no AI "
            "involved. does the policy stop me?",
            "no-ai-used",
        ),
        (
            "I'm writing a briefing note on how other councils use AI cameras. I'm not using any "
            "AI myself, is that ok?",
            "no-ai-used",
        ),
        (
            "chatgpt to write a poem for my mum's 70th, on my own phone, nothing to do with work. "
            "ok?",
            "outside-work",
        ),
        ("not work - can i use gemini at home to restore my grandad's old photos?", "outside-work"),
        ("i use midjourney for my own hobby at the weekend, any issue?", "outside-work"),
    ],
)
def test_work_outside_the_policy_asked_to_go_ahead_is_a_yes(
    policy_id: str, question: str, rule: str
) -> None:
    policy = POLICIES[policy_id]
    scope = policy.document.no_ai_used if rule == "no-ai-used" else policy.document.outside_work
    assert scope is not None
    decision = decide(policy, question)
    assert decision.verdict == Verdict.ALLOWED, decision.answer
    assert decision.rule_ids == [rule]
    assert decision.conditions == () and decision.obligations == ()
    assert [c.id for c in decision.citations] == scope.cites


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_whether_the_policy_reaches_ai_at_home_is_told_as_information(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    scope = policy.document.outside_work
    assert scope is not None
    question = "does the policy stop me using AI at home for my own stuff, nothing to do with work"
    decision = decide(policy, question)
    assert decision.verdict == Verdict.INFORMATION
    assert decision.answer.startswith(scope.text[:30])


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "nothing to do with work, but can i put the tenant list into chatgpt at home?",
        "not for work, i just want to paste a colleague's sickness record into claude at home",
        "councillor here, nothing to do with the council: can ChatGPT write my party's re-election "
        "leaflet attacking the other candidates?",
        # a hobby said, and a use at work asked for
        "AI is a hobby of mine - can I paste the team's sickness absence notes into chatgpt at "
        "work?",
    ],
)
def test_work_coming_into_ai_used_at_home_is_judged_as_work(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert "outside-work" not in decision.rule_ids
    assert decision.verdict not in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_no_ai_said_of_a_question_about_the_policy_answers_from_its_scope(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    question = (
        "not using any AI myself, just writing a briefing paper ABOUT AI - does the policy apply "
        "to me?"
    )
    scope = policy.document.no_ai_used
    assert scope is not None
    decision = decide(policy, question)
    assert decision.verdict == Verdict.INFORMATION
    assert decision.answer.startswith(scope.text[:30])


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_kind_of_output_with_ok_and_nothing_else_is_asked_about(policy_id: str) -> None:
    # "images ok?": which images, made with what, for what
    assert decide(POLICIES[policy_id], "images ok?").verdict == Verdict.UNCLEAR


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can copilot knock me up a fit note for the days I was off lol",
        "could chatgpt tell me what a child's drawing from a session might say about their "
        "wellbeing? it's anonymised, no name on it",
    ],
)
def test_a_forged_fit_note_and_a_wellbeing_read_from_a_drawing_are_no_yes(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict not in YES


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        # names and addresses taken out before the AI sees the rest
        (
            "socitm-template",
            "can I paste the objection comments into chatgpt to group them by theme if I delete "
            "the names and addresses first",
        ),
        (
            "mid-kent",
            "I've taken the name and address off, it's just the body of my reply about a missed "
            "garden waste round. Can copilot check the tone before I send it?",
        ),
        # marking said not to be the use
        (
            "school-model",
            "Teacher here, I won't be marking with it, I just want AI to produce a mark scheme for "
            "the end of unit test I wrote",
        ),
        (
            "school-model",
            "generic feedback stems for y10 persuasive writing, not marking anyone's actual work",
        ),
    ],
)
def test_what_the_person_takes_out_or_rules_out_is_not_read_into_the_use(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        # removed after the AI has had it, or only in part
        (
            "school-model",
            "I use chat gpt on my own phone to write up behaviour incident notes quicker, I "
            "delete the names after",
        ),
        (
            "mid-kent",
            "I've got a spreadsheet of repairs to our temporary accommodation with the "
            "residents' names and the addresses. if I delete the names column first can "
            "chatgpt sort it by date?",
        ),
        # marking denied, the ranking done all the same
        (
            "school-model",
            "I'm NOT using it to mark, honestly, I just want copilot to put the 28 scripts into "
            "rank order so I can set grade boundaries quicker",
        ),
    ],
)
def test_data_removed_afterwards_or_in_part_and_marking_in_other_words_are_no_yes(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict not in YES


def test_an_epq_named_is_no_work_handed_in_as_the_pupils_own() -> None:
    policy = POLICIES["school-model"]
    # research for it is a use the policy gives pupils, on its conditions
    research = decide(policy, "year 12 - can I use AI to research my EPQ topic?")
    assert research.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    # AI's words handed in, or hidden from the supervisor, are still refused
    for question in (
        "year 13 - can I use AI to write a section of my EPQ and just not mention it",
        "yr 13 - used AI for parts of my EPQ, how do i make it sound less like AI so my "
        "supervisor doesnt notice",
        "Can I get AI to write my NEA intro if I say I used it? Then it's fine?",
    ):
        assert decide(policy, question).verdict == P, question


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        (
            "socitm-template",
            "cllr here, can i use chatgpt to help me make sense of the jargon in the highways "
            "budget papers? theyre public papers",
        ),
        (
            "mid-kent",
            "as a councillor can i use the council copilot to summarise the public budget papers "
            "before full council",
        ),
    ],
)
def test_papers_said_to_be_public_are_not_confidential(policy_id: str, question: str) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.answer
    assert "confidential" not in decision.data


def test_budget_papers_not_said_to_be_public_stay_confidential() -> None:
    decision = decide(POLICIES["socitm-template"], "can chatgpt summarise the draft budget papers?")
    assert decision.verdict not in YES


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        (
            "mid-kent",
            "Write the family fun day blurb for the country park events page - can the approved "
            "AI do that?",
        ),
        (
            "school-model",
            "need to explain photosynthesis at 3 diff reading levels, can the ai do that",
        ),
    ],
)
def test_do_that_after_the_task_said_points_at_the_task(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict == Verdict.ALLOWED_WITH_CONDITIONS


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_do_that_with_nothing_said_before_is_still_asked_about(policy_id: str) -> None:
    assert decide(POLICIES[policy_id], "can the AI do that?").verdict == Verdict.UNCLEAR


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "colleague has been putting safeguarding referrals into chatgpt to 'tidy them up'. don't "
        "want to get them in trouble, should i just leave it?",
        "i'm a team manager, one of mine keeps using his personal chatgpt plus account to draft "
        "housing letters with tenants names in. what should i be doing",
    ],
)
def test_what_a_colleague_did_and_whether_to_tell_is_an_incident(
    policy_id: str, question: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.verdict == Verdict.INFORMATION
    assert "incident" in decision.signals


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can i run photos of tenants' passports and driving licences through an online AI OCR "
        "site to speed up right to rent checks",
        "want to upload everyone's ID badge photos to an online AI headshot generator so the team "
        "has matching profile pics",
    ],
)
def test_an_online_ai_site_described_not_named_is_a_public_tool(
    policy_id: str, question: str
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert decision.tool is not None and decision.tool.name == "a public AI tool"
    assert decision.verdict not in YES


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_title_and_an_initial_typed_in_lower_case_name_a_person(policy_id: str) -> None:
    question = "can gemini look at the photos of the damp in mrs k's flat and write up the report"
    assert "personal" in read_question(POLICIES[policy_id], question).data
    assert decide(POLICIES[policy_id], question).verdict not in YES


def test_images_searched_for_ideas_are_no_copying_but_a_picture_taken_for_the_poster_is() -> None:
    policy = POLICIES["mid-kent"]
    ideas = "can i use google image search to find pics of bus shelters for design ideas"
    assert decide(policy, ideas).verdict in YES
    taken = "can i use a picture from google images on the poster?"
    assert decide(policy, taken).verdict not in YES


def test_i_can_do_that_is_the_persons_own_doing_not_a_task_for_the_ai() -> None:
    # "that" is approving the team, so the use is as unsaid as before: with a register entry
    # for DeepSeek covering some uses, the bot asks which
    policy = POLICIES["mid-kent"]
    asked = "I'm approving my team to use DeepSeek - I've tried it and it's good. I can do that?"
    assert read_question(policy, asked).vague


def test_anything_i_need_to_do_after_a_use_and_its_tool_asks_for_that_uses_duties() -> None:
    policy = POLICIES["mid-kent"]
    use = (
        "water saving tips for the residents' summer e-newsletter, drafted in the approved AI. "
        "anything I need to do?"
    )
    decision = decide(policy, use)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert decision.conditions
    # data already handed over, and what to do now: not a use to permit
    told = (
        "The TA uploaded the whole class's reading assessments, names and all, into a free AI "
        "site to make graphs. She's only just told me. Anything I need to do?"
    )
    assert decide(POLICIES["school-model"], told).verdict not in YES


# Everyday teaching work the school policy gives as ways teachers might use AI (1.7, 1.8), said
# in a teacher's words with no tool named: a yes with the purpose's conditions, not "which tool?".
@pytest.mark.parametrize(
    ("question", "purpose"),
    [
        (
            "can AI suggest intervention ideas for a small maths group? no pupil details",
            "lesson-planning",
        ),
        (
            "is it ok to ask AI what misconceptions children have about place value?",
            "lesson-planning",
        ),
        ("can i use AI to build a knowledge organiser for year 7 geography", "lesson-planning"),
        (
            "could AI turn this reading passage into an easier version for my lower set?",
            "customising-materials",
        ),
        (
            "ok to use AI to help me understand the jargon in the new inspection framework?",
            "research",
        ),
    ],
)
def test_everyday_teaching_work_is_read_as_the_school_policy_gives_it(
    question: str, purpose: str
) -> None:
    decision = decide(POLICIES["school-model"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.answer
    assert f"purpose:{purpose}" in decision.rule_ids


# Things made for marking or about marks (a comment bank, feedback stems, made-up grades, class
# averages) and pupils' work said not to go in are not pupils' work marked by AI; marking is.
@pytest.mark.parametrize(
    ("question", "marking"),
    [
        (
            "can AI draft a bank of generic feedback comments for a year 7 poetry task? no pupils' "
            "work goes in, I choose from them",
            False,
        ),
        (
            "can AI invent a class of 25 with made-up names and test scores for our tracker demo?",
            False,
        ),
        ("I'd give copilot only the class averages per subject, no names, for a chart", False),
        ("can AI mark my year 8 essays against the mark scheme?", True),
    ],
)
def test_things_about_marks_are_not_marking(question: str, marking: bool) -> None:
    decision = decide(POLICIES["school-model"], question)
    assert ("purpose:marking" in decision.rule_ids) is marking, decision.to_json()
    if marking:
        assert decision.verdict == Verdict.PROHIBITED


# A warning about scammers who pretend to be the council is no pretending of one's own.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_warning_about_scammers_pretending_is_not_fabrication(policy_id: str) -> None:
    question = (
        "fraudsters are phoning residents pretending to be from the council. can AI help me "
        "draft a warning leaflet about it?"
    )
    assert "fabrication" not in read_question(POLICIES[policy_id], question).signals


# What follows a breach of the policy is asked about the policy, not a use of HR data; whether
# a use breaks it ("am I breaking the policy by reading it?") is still the use's question.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_whether_a_breach_is_a_disciplinary_matter_is_information(policy_id: str) -> None:
    decision = decide(POLICIES[policy_id], "is a breach of the AI policy a disciplinary matter?")
    assert decision.verdict == Verdict.INFORMATION, decision.answer


# Mid-Kent lets staff use approved AI for work-related purposes (5.3): analysis of published
# figures, or a made-up persona for testing a form, is such work, with the claim's conditions.
@pytest.mark.parametrize(
    "question",
    [
        "is the approved AI ok for analysing the ONS's published business counts for our strategy?",
        "can I get the approved AI to make up a persona like 'Jo, 45, shift worker' for user "
        "testing?",
    ],
)
def test_work_with_approved_ai_in_mid_kent_is_read_as_a_use(question: str) -> None:
    decision = decide(POLICIES["mid-kent"], question)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.answer


# A tool the person says the policy's approver cleared, asked about with nothing else said, is
# answered on the claim's condition; data or a risk said with it is still judged.
@pytest.mark.parametrize(
    ("question", "yes"),
    [
        (
            "the head of IT signed off Perplexity for our policy team last month. ok to crack on?",
            True,
        ),
        ("our IT Operations & Security Manager approved Otter for us. anything else to do?", True),
        (
            "the head of IT signed off Perplexity for us, so can I paste the tenants' arrears "
            "list in?",
            False,
        ),
    ],
)
def test_a_tool_cleared_by_the_approver_is_answered_on_the_claim(question: str, yes: bool) -> None:
    decision = decide(POLICIES["oadby-wigston"], question)
    assert (decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS) is yes, decision.answer
    if yes:
        assert decision.rule_ids == ["claimed-tool"]


# Sound made for a piece of work (sound effects, background music, an audio version) is content
# made with AI, as a voiceover is: a use each policy's drafting or content purpose reads.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can AI make some sound effects for the end of year show (rain, a creaky gate)?",
        "can AI write background music for our recycling campaign video?",
    ],
)
def test_sound_made_for_a_piece_of_work_is_a_use(policy_id: str, question: str) -> None:
    assert read_question(POLICIES[policy_id], question).purposes


# A person who goes through each of the AI's results ("an officer will check and sign off every
# one") is a person reviewing: the use needs the policy's approval for AI in decisions, it is not
# refused as a decision left to AI alone; an AI that reads every application itself is not.
@pytest.mark.parametrize(
    ("question", "reviewed"),
    [
        (
            "can AI score the grant applications if an officer will check and sign off every one?",
            True,
        ),
        ("AI to sift the job applications, then a manager reads every shortlisted one", True),
        ("can the AI read every application and decide who gets the grant?", False),
    ],
)
def test_a_person_going_through_each_result_is_review(question: str, reviewed: bool) -> None:
    reading = read_question(POLICIES["mid-kent"], question)
    assert ("human_review" in reading.signals) is reviewed
    if reviewed:
        assert decide(POLICIES["mid-kent"], question).verdict == Verdict.NEEDS_APPROVAL


# Casework the policies keep out of AI tools, by the names services give it: a social worker's or
# capacity assessment is about a person even with the names out, and a possession claim's
# papers are a live legal case. A post written to tear into a resident is harmful.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can chatgpt help me finish a mental capacity assessment? I'll leave the name off",
        "gemini to tidy the wording of my parenting assessment, no names in it",
        "can claude draft the particulars of claim for our possession proceedings? I'll check it",
        "can chatgpt tidy the wording of my pre-sentence report? I've taken the names out",
        "gemini to structure a kinship assessment for court, no names in it",
        "ask claude to write up my notes for the inquest next month",
        "can gemini polish my statement for the employment tribunal?",
        "use chatgpt to check the contract we signed with the cleaning firm for weak spots",
        "ask copilot to read the tenants' facebook page and list the troublemakers",
        "chatgpt to draft a letter to the parents of the girl who was pushed at after-school "
        "club, I'll only describe what happened",
        "gemini to summarise the complaint about the officer's conduct at the depot",
        "chatgpt to help write up the investigation into the missing petty cash, no names yet",
        "chatgpt to tidy up what the tenant told me at yesterday's visit, no names",
        "chatgpt for the letter to the bloke whose car was scratched by our bin lorry",
        "can copilot write a post for my page tearing into the man who keeps heckling at our "
        "events?",
        "can AI do a flyer slamming the residents' association for the community centre?",
    ],
)
def test_casework_by_its_service_name_and_posts_tearing_into_people_are_no_yes(
    policy_id: str, question: str
) -> None:
    assert decide(POLICIES[policy_id], question).verdict not in YES


# Never AI's feedback on work, someone else's, AI taking part for the person, or a use beside it.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "can gemini give feedback on my pupils' essays before they hand them in?",
        "can residents give feedback on the AI policy through the chatbot?",
        "can I join the show and tell and demo copilot on the tenants' arrears list?",
        "can I give feedback on the rota with copilot?",
        # AI taking part for the person
        "can copilot do the AI training for me?",
    ],
)
def test_feedback_by_ai_or_others_or_a_use_beside_taking_part_is_judged(
    policy_id: str, question: str
) -> None:
    assert not read_question(POLICIES[policy_id], question).taking_part


# The person keeping the recommendation, or still reading every form, is the human judgement the
# Oadby policy asks for: Copilot supporting it is a yes; Copilot making it is not.
@pytest.mark.parametrize(
    ("question", "yes"),
    [
        (
            "copilot to summarise the licensing objections for my report? I'll make the "
            "recommendation myself",
            True,
        ),
        (
            "copilot to pull the key points of each grant form into a sheet? we still read the "
            "full forms",
            True,
        ),
        ("can copilot write the recommendation on the licensing objections for my report?", False),
    ],
)
def test_the_recommendation_kept_by_the_person_is_human_judgement(question: str, yes: bool) -> None:
    assert (decide(POLICIES["oadby-wigston"], question).verdict in YES) is yes


# Words that named a risk in one sense read in another: a name taken out before pasting is no
# AI label taken off, a charity's cause or a word that worried someone is no one's health, no
# patient information said is none, and a grant bid written is no grant decided.
def test_risk_words_in_their_harmless_sense_are_not_the_risk() -> None:
    policy = POLICIES["socitm-template"]

    def read(question: str) -> Reading:
        return read_question(policy, question)

    taken_out = "can copilot tidy my reply to the tenant? i'll take out the name and phone first"
    assert "no_disclosure" not in read(taken_out).signals
    assert "no_disclosure" in read("can i take out the line saying AI wrote it?").signals
    assert "no_personal" in read("a poster on our stroke services, no patient info at all").absent
    charities = "gemini for a list of dementia support charities? the word dementia worried me"
    assert "special_category" not in read(charities).data
    beneficiary = "paste our charity beneficiary's cancer diagnosis into gemini for her letter"
    assert "special_category" in read(beneficiary).data
    grant_bid = "can gemini help write a grant bid to the arts fund"
    assert "automated_decision" not in read(grant_bid).signals
    grant_application = "copilot to draft our grant application to the sports council"
    assert "automated_decision" not in read(grant_application).signals
    assert "automated_decision" in read("can gemini score the grant bids for us?").signals
    # the council's own income and its published plan's evidence are nobody's
    assert not read("copilot to check the formulas in our parking income forecast").data & {
        "personal",
        "financial",
    }
    assert "personal" not in read("summarise the published local plan evidence document").data
    # a character in a story is no one pointed at
    assert "personal" not in read("a story for year 2 about the boy who cried wolf").data


# The question asked back names the tool as the person said it, with one determiner at most:
# "What do you want to use another tool for", never "the another tool".
def test_the_question_back_names_a_tool_with_one_determiner() -> None:
    asked = decide(POLICIES["oadby-wigston"], "can I use another tool at work?")
    assert "the another" not in asked.answer
    assert engine._spoken("another tool") == "another tool"
    assert engine._spoken("Search engine") == "the search engine"
    assert engine._spoken("Microsoft Copilot") == "Microsoft Copilot"


# A negation reaches along a list however long it runs; not past a "but" that brings the rest
# back in.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_negation_reaches_along_a_long_list(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    left_out = (
        "can gemini tidy my reply if I leave out the complainant's name, phone number and case "
        "details?"
    )
    assert "personal" not in read_question(policy, left_out).data
    kept = (
        "can gemini tidy my reply if I leave out the complainant's name but keep the phone "
        "number and case details?"
    )
    assert "personal" in read_question(policy, kept).data


# "It's basically public anyway" hedges itself: the person's own words that the thing is not out
# yet keep it confidential. Said of what the AI will make ("checked before it's published"), it
# takes nothing away from a published source.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_not_out_yet_outweighs_a_hedged_claim_that_it_is_public(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    hedged = (
        "it's pretty much public anyway - gemini to summarise the draft budget report before "
        "it's published?"
    )
    assert decide(policy, hedged).verdict not in YES
    output = (
        "gemini to make an easy read version of our published leaflet, checked before it's "
        "published"
    )
    assert "confidential" not in read_question(policy, output).data


# A sample read is no check of what goes out: the rest are sent unread. A sample of themes or of
# formula rows checked against the source is a check of work that goes nowhere by itself.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_spot_check_of_what_is_sent_is_no_check(policy_id: str) -> None:
    sent = "can copilot draft the recovery decision letters and send them? I'll spot check 1 in 20"
    assert decide(POLICIES[policy_id], sent).verdict not in YES
    assert "no_human_review" in read_question(POLICIES[policy_id], sent).signals
    themes = (
        "I'd like Copilot to theme the comments for the committee report, I'll spot-check the "
        "themes against the raw responses"
    )
    assert "no_human_review" not in read_question(POLICIES[policy_id], themes).signals


# A removal still to come, or one the AI is asked to do instead, has not happened when the AI
# reads the data; one done before pasting has.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_removal_still_to_come_leaves_the_data_in(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    later = (
        "Before I strip the names out myself, could I use AI to anonymise the behaviour incident "
        "reports for the governors' report?"
    )
    assert "no_personal" not in read_question(policy, later).absent
    assert decide(policy, later).verdict not in YES
    instead = "rather than taking the names out myself can copilot anonymise the behaviour log"
    assert "no_personal" not in read_question(policy, instead).absent
    first = "I'll strip the names out before I paste the complaint into copilot to summarise"
    assert "no_personal" in read_question(policy, first).absent


# Taking part in what the policies ask of staff: the sessions they run, an idea of one's own put
# forward, a talk with a manager about how AI might help, an error logged with IT. Never an idea
# or a recommendation the AI came up with, and never where an idea goes (the policy answers).
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    ("question", "taking_part"),
    [
        ("Can I go to the AI show and tell sessions and join the community of practice?", True),
        ("I have an idea for using AI in licensing - can I put it forward?", True),
        (
            "I've had an idea that AI could help plan the grass cutting routes more efficiently. "
            "Can I put it forward?",
            True,
        ),
        ("Is it ok to chat to my manager about how I could use AI in my role?", True),
        ("Copilot keeps getting the dates wrong. Can I log a ticket with the IT helpdesk?", True),
        ("Copilot came up with an idea for the budget, can I put it forward?", False),
        ("Copilot drafted the officer recommendation. Can I put it forward as is?", False),
        ("say I had a good idea for using AI in licensing, where would I put it forward?", False),
        ("can I paste the tenant list into chatgpt or should I check with IG first?", False),
    ],
)
def test_taking_part_in_what_the_policy_asks_of_staff(
    policy_id: str, question: str, taking_part: bool
) -> None:
    assert read_question(POLICIES[policy_id], question).taking_part is taking_part


# Leave to do a task without AI uses none.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_leave_not_to_use_ai_uses_none(policy_id: str) -> None:
    question = "is it ok to just not use AI for a task if the old way works fine?"
    assert read_question(POLICIES[policy_id], question).no_ai


# Words about people that name no one: an evening for parents, a quote for a parents' letter, a
# pupil's health that is "nothing to do with" the question; and a pupil and what they have both
# left out. Never a letter from a parent, nor a pupil left unnamed with the rest told.
def test_events_and_letters_for_parents_and_things_left_out_are_no_data() -> None:
    policy = POLICIES["school-model"]

    def data(question: str) -> set[str]:
        return read_question(policy, question).data

    assert not data("can ai help me plan the parents' information evening presentation")
    assert not data("can I quote that DfE figure in a parent letter?")
    assert "personal" in data("can chatgpt summarise the parent letter from Amy's mum")
    assert "personal" in data("can chatgpt reply to the parent letter about her son's detention")
    assert not data(
        "can i ask ai about the health benefits of exercise for a PE lesson? nothing to do with "
        "any pupil's health"
    )
    assert not data(
        "one of my pupils has dyslexia. Can AI turn the worksheet into a simpler reading level? "
        "I won't mention him or his dyslexia at all"
    )
    assert "special_category" in data(
        "can I tell chatgpt about my pupil's autism diagnosis so it can adapt the worksheet? I "
        "won't mention him by name"
    )


# People's data as hurried staff say it: names left in, an unredacted version, a child in need
# (section 17) assessment or a strategy meeting by their short names, a case summary with the
# names out (still a case).
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@pytest.mark.parametrize(
    "question",
    [
        "names still in, ok for chatgpt?",
        "it's the unredacted version, can gemini summarise it",
        "claude to redo the s17 assessment wording",
        "gemini to summarise the strat meeting notes",
        "chatgpt for the case summary, just the facts no names",
    ],
)
def test_data_said_in_a_hurry_is_no_yes(policy_id: str, question: str) -> None:
    assert decide(POLICIES[policy_id], question).verdict not in YES


# Where the person says the DPIA (and, in the template, the authorisation) the document asks for
# is in place, the answer is a yes on their word, with its conditions; never where it is not
# finished, is stretched to another use or tool, or the tool is a public chatbot.
@pytest.mark.parametrize(
    ("policy_id", "question", "yes"),
    [
        (
            "socitm-template",
            "Magic Notes has been authorised by the AI board for our team and the DPIA is signed "
            "off, so ok to use it for drafting home visit notes?",
            True,
        ),
        (
            "mid-kent",
            "IG signed off our DPIA for using the approved Copilot with housing case files. Can I "
            "use it to summarise one tenant's case history?",
            True,
        ),
        ("socitm-template", "the DPIA is done, can I paste the tenant list into chatgpt", False),
        (
            "mid-kent",
            "the dpia isn't signed off yet but can we use the approved copilot on the case notes",
            False,
        ),
        (
            "socitm-template",
            "The DPIA IG signed off covered Copilot for summarising complaints. It's basically the "
            "same thing to use it for summarising safeguarding referrals, isn't it?",
            False,
        ),
        (
            "mid-kent",
            "The DPIA was done for the pilot on anonymised data. Can we now use the approved "
            "Copilot on the real named cases?",
            False,
        ),
    ],
)
def test_a_dpia_said_to_be_in_place_is_answered_on_the_claim(
    policy_id: str, question: str, yes: bool
) -> None:
    decision = decide(POLICIES[policy_id], question)
    assert (decision.verdict in YES) is yes
    if yes:
        assert any("DPIA" in c for c in decision.conditions)


# A kind of thing asked about is nobody's record of it; postcode districts are areas, not homes.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_what_a_thing_is_and_postcode_districts_are_no_one_s_data(policy_id: str) -> None:
    policy = POLICIES[policy_id]

    def data(question: str) -> set[str]:
        return read_question(policy, question).data

    assert not data("can i ask gemini to explain what a safeguarding referral is for a slide")
    assert "personal" in data("can chatgpt explain what the tenant's diagnosis means")
    assert "personal" in data("can chatgpt tell me what Jake's EHCP means for his support")
    assert "personal" not in data("survey results, just scores and postcode districts, into claude")
    assert "personal" in data("can I put the complainants' names and postcode areas into chatgpt")


# Grammarly is a tool a school may well provide: a pupil's spelling checked with it is answered on
# that condition, as ChatGPT's and Gemini's are; writing the work for them never is.
def test_grammarly_checking_a_pupil_s_spelling_is_answered_on_the_school_providing_it() -> None:
    policy = POLICIES["school-model"]
    checked = decide(policy, "can grammarly check the spelling in my homework")
    assert checked.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert "presumed-tool" in checked.rule_ids
    assert decide(policy, "grammarly rewrite my whole essay for me").verdict not in YES


# A comic image of a senior person named by office mocks a real person, as one of "Mr Davies"
# does; a comic strip about what a governor does, or a director's cut, is no one's likeness.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_cartoon_of_the_chief_exec_is_a_real_person_mocked(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    cartoon = (
        "For the staff newsletter, can I ask ChatGPT to make a funny cartoon of the chief exec?"
    )
    assert decide(policy, cartoon).verdict not in YES
    assert "harmful_content" in read_question(policy, cartoon).signals
    for question in (
        "can ai make a comic strip explaining the role of a school governor",
        "can chatgpt make a funny director's cut of our event video",
    ):
        assert "harmful_content" not in read_question(policy, question).signals


# Mid-Kent: AI that sorts or scores for a decision a person makes is AI in a decision about people
# (scrutiny, risk assessment and ATRS first, 11.1 and 12.3), not the solely automated decision
# 7.4 forbids; left to decide, it is.
def test_mid_kent_ai_sorting_for_an_officer_s_decision_needs_approval() -> None:
    policy = POLICIES["mid-kent"]
    supported = decide(
        policy,
        "We want AI to pre-sort discretionary housing payment applications by urgency, but an "
        "officer will decide every one and there's an appeal. What do we need?",
    )
    assert supported.verdict == Verdict.NEEDS_APPROVAL
    assert "decision-making" in supported.rule_ids
    alone = decide(policy, "can we let AI decide the blue badge applications")
    assert alone.verdict == Verdict.PROHIBITED


# Oadby and Wigston: the Council's information sent to a personal account leaves the tenant 4.3
# keeps it in, whatever tool is used there; a school's class data is pupils' data.
def test_work_data_sent_to_a_personal_account_is_refused() -> None:
    oadby = POLICIES["oadby-wigston"]
    sent = decide(
        oadby, "forward work documents to my personal email so i can use chatgpt at home?"
    )
    assert sent.verdict == Verdict.PROHIBITED
    assert "4.3" in {c.id for c in sent.citations}
    assert (
        "work_data_to_personal_account"
        not in read_question(
            oadby, "can i use my personal gmail account to sign up for the AI training webinar?"
        ).signals
    )
    school = POLICIES["school-model"]
    class_data = (
        "Can I forward the class data to my personal gmail so I can use gemini on it at home?"
    )
    assert "pupil_data" in read_question(school, class_data).data


# An address kept as the one thing left still points at a household; a venue's address is the
# venue's, and addresses taken out or made up are no one's.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_only_the_address_left_is_still_personal(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    assert decide(policy, "only the address, no name, chatgpt fine?").verdict not in YES
    for question in (
        "the venue address for the event poster, no names, chatgpt ok?",
        "use chatgpt to generate fake names and addresses as test data for the new system",
        "chatgpt to tidy my reply, i'll take out the resident's name and address first",
    ):
        assert "personal" not in read_question(policy, question).data


# A figure taken on the AI's word, or its answer copied into a document as it came, is output
# used unchecked; copying something into the AI is no such thing.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_answer_taken_as_fact_or_copied_in_is_unchecked(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "For the committee report I asked Copilot for the national average for fly-tipping fines "
        "and it gave a figure with no source. Can I quote it as fact?",
        "google gives an AI answer at the top now when i search. can i copy that into my briefing "
        "note for members",
    ):
        assert decide(policy, question).verdict not in YES
        assert "no_human_review" in read_question(policy, question).signals
    pasted_in = "can i copy it into copilot to tidy the letter"
    assert "no_human_review" not in read_question(policy, pasted_in).signals


# A first name and a surname, or a first name's mum or rent, name someone: a letter to them is
# about them. A building, a station or a figure in a lesson is no one the AI is told about.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_person_named_by_full_name_is_personal(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "gemini to draft a reply to Tom Baker about his planning objection",
        "chatgpt to draft an email to Priya Patel about her council tax",
        "chatgpt to write to Jamie's mum about what he did at lunch",
    ):
        assert decide(policy, question).verdict not in YES
        assert "personal" in read_question(policy, question).data
    for question in (
        "a history lesson on Florence Nightingale with chatgpt",
        "chatgpt to plan the Victoria Station trip",
        "can copilot write the blurb for the storytime poster at the Amelia Scott?",
        "can midjourney make a cover image in the style of Tracey Emin?",
    ):
        assert "personal" not in read_question(policy, question).data


# "run the leaflet through Simply Readable": a name after a verb of processing and "through" is
# a product, gated where the policy gates unlisted tools.
def test_a_product_run_through_is_a_tool() -> None:
    policy = POLICIES["mid-kent"]
    question = (
        "can i run the blank standard tenancy agreement through Simply Readable for an easy read "
        "version?"
    )
    decision = decide(policy, question)
    assert decision.tool is not None and decision.tool.name == "Simply Readable"
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decide(policy, "can i run the report through Monday's meeting").tool is None


# Published without any note that AI helped is AI use kept quiet; a real record given as an
# example is there, whatever the output is to be; the consumer Copilot, "not the work one", is a
# personal login.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_quiet_ai_real_examples_and_the_consumer_copilot(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    quiet = "the copilot-drafted FAQ page is ready - can I publish without any note that AI helped?"
    assert "no_disclosure" in read_question(policy, quiet).signals
    example = (
        "want chatgpt to draft a generic 'how to apply for a parking permit' guide for the "
        "website. I'd give it a real application from last week as an example of the format"
    )
    assert "personal" in read_question(policy, example).data
    assert decide(policy, example).verdict not in YES
    consumer = "the consumer copilot in the edge sidebar (not the work one) to summarise a report"
    assert "personal_login" in read_question(policy, consumer).signals


# One authority's record run down for another's is political; flat numbers point at households
# and an ASB log with the names out is still a log of what happened to whom.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_blaming_another_council_and_flat_numbers_are_no_yes(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "can we use chatgpt to write social posts comparing our summer events programme with the "
        "county council's 'failures', tone quite punchy",
        "cabinet member wants me to use copilot to draft a press release blaming the county "
        "council administration for the potholes. can do?",
        "Can I put the ASB log for the flats on Milton Street into Gemini to spot patterns? It's "
        "just flat numbers and dates, no names.",
    ):
        assert decide(policy, question).verdict not in YES
    assert (
        "political"
        not in read_question(
            policy, "can chatgpt help me write to the county council about the potholes"
        ).signals
    )


# "a job ad for a refuse driver": refuse the rubbish, not the decision; a letter to every parent
# ("the parent letter about the trip", "a 'dear parent/carer' letter") is nobody's record, but a
# first name's record typed in lower case ("jake's behaviour") is someone's; guidance on SEN is
# no pupil's SEN.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_the_trades_words_and_hurried_names(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    refuse = read_question(policy, "can copilot write the job ad for a refuse driver")
    assert "automated_decision" not in refuse.signals
    for question in (
        "can i use ai to write the parent letter about the york trip",
        "ai to draft a 'dear parent/carer' letter about nits",
        "summarise govt guidance on SEN funding for my team",
    ):
        assert not read_question(policy, question).data, question
    for question in (
        "write the parent letter about jake's behaviour",
        "ai to tidy up my notes on ellie's health for the review",
        "summarise the SEN funding for Amy",
    ):
        assert "personal" in read_question(policy, question).data, question
        assert decide(policy, question).verdict not in YES
    assert not read_question(policy, "can ai write a poem about the holly's berries").data
    # a subscription paid for on one's own card is one's own account
    card = "chatgpt plus on my own card for work stuff"
    assert "personal_login" in read_question(policy, card).signals
    assert decide(policy, card).verdict not in YES


# Typed in a hurry: "b4", "abt", "ppl", "mtgs" read as the words they stand for.
def test_hurried_spellings_are_read_as_their_words() -> None:
    school = POLICIES["school-model"]
    reading = read_question(
        school, "im yr10 can i get chatgpt to feedback on my essay b4 i hand it in"
    )
    assert reading.purposes[0][0] == "pupil-writing-feedback"
    socitm = POLICIES["socitm-template"]
    assert decide(socitm, "otter ai for team mtgs?").verdict == Verdict.NEEDS_APPROVAL
    mid_kent = POLICIES["mid-kent"]
    grumpy = "can copilot make my email abt meeting room bookings sound less grumpy lol"
    assert decide(mid_kent, grumpy).verdict in YES
    # consent as people say they asked for it: the exception 1.6 makes for others' work
    for said in ("she said its fine", "I'd get their OK first"):
        asked = f"can i put another teacher's worksheet into ai to adapt it, {said}"
        assert "creator_consent" in read_question(school, asked).signals


# A school's shorthand is known work ("yr4", "success criteria", "incl", "via"): a plain use in
# it is judged, not asked about; names in it are still names.
def test_school_shorthand_is_known_work() -> None:
    school = POLICIES["school-model"]
    for question in (
        "ai to make success criteria for yr4 persuasive writing",
        "ai quiz on the tudors incl henry viii + anne boleyn - names ok?",
    ):
        assert decide(school, question).verdict in YES, question
    assert decide(school, "can i put yr7 names and reading ages into chatgpt").verdict not in YES
    oadby = POLICIES["oadby-wigston"]
    assert decide(oadby, "agenda for brocks hill volunteers day via copilot?").verdict in YES


# "I'll review it and it's my name on it" owns the work; "I'll just put my name on it" passes the
# AI's off as one's own. A pupil who "said yes" has consented.
def test_owning_the_work_and_a_pupils_yes() -> None:
    mid_kent = POLICIES["mid-kent"]
    owned = (
        "can copilot do a first go at the wording for our project risk register? i'll review it "
        "and it's my name on it"
    )
    assert "no_disclosure" not in read_question(mid_kent, owned).signals
    passed_off = "can copilot write my recommendation, i'd just put my name on it"
    assert "no_disclosure" in read_question(mid_kent, passed_off).signals
    school = POLICIES["school-model"]
    poem = "can i put a pupil's poem into ai for the display? he said yes and his mum said yes"
    assert "creator_consent" in read_question(school, poem).signals


# An age and the street someone lives on pick out one person, whatever name is left out; an age
# group and a street ("70 year olds on Station Road") are no one.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_an_age_on_a_street_is_someone(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "No names at all, just 'an 84 yr old woman with dementia on Bower Lane'. can i ask "
        "chatgpt what care referral she needs?",
        "84 yr old on bower lane w dementia, no name, chatgpt for what referral she needs?",
    ):
        assert "personal" in read_question(policy, question).data, question
        assert decide(policy, question).verdict not in YES
    for question in (
        "write a leaflet for 70 year old residents about the new bus route on Station Road",
        "a leaflet for the 70 year old residents on Station Road",
    ):
        assert "personal" not in read_question(policy, question).data, question


# Words the data cues turn on, misspelt in a hurry or spelt the American way, read as meant.
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_misspelt_data_words_are_read_as_meant(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    for question in (
        "chatgpt to write a refrence for a colleague whos leaving",
        "can chatgpt tidy up my notes on the tennant's rent arrears",
    ):
        assert "personal" in read_question(policy, question).data, question
        assert decide(policy, question).verdict not in YES


# "a yes/no on the applications" is a choice about them, not "no applications".
@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_yes_no_is_no_negation(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    question = "ai to recommend yes/no on blue badge applications, i'll check after"
    assert "personal" in read_question(policy, question).data
    assert decide(policy, question).verdict not in YES
