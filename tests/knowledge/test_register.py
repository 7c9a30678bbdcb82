"""The approval register: the board's decisions overlay the policy (knowledge.register)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import Decision, Register, RegisterEntry, Verdict, bundled_ids, decide, load_policy
from knowledge.followup import thread_after

POLICY_IDS = bundled_ids()
POLICIES = {policy_id: load_policy(policy_id) for policy_id in POLICY_IDS}
DECIDED = datetime(2026, 11, 26, 14, 30, tzinfo=UTC)
POSTERS = "making posters for library events"
# The most sensitive data class each policy defines (an approval for it covers the most).
MOST_SENSITIVE = {
    "mid-kent": "sensitive",
    "oadby-wigston": "personal",
    "school-model": "special_category",
    "socitm-template": "special_category",
}


def entry(
    reference: str = "AR-0001",
    tool: str = "Midjourney",
    purpose: str = POSTERS,
    data: str = "none",
    decision: str = "approved_with_conditions",
    conditions: str | None = "Credit the image as AI-generated; no photographs of real people",
    at: datetime = DECIDED,
    retired_at: datetime | None = None,
    retired_reason: str | None = None,
) -> RegisterEntry:
    return RegisterEntry(
        reference, tool, purpose, data, decision, conditions, at, retired_at, retired_reason
    )


def ask(policy_id: str, question: str, *entries: RegisterEntry, thread=()) -> Decision:
    policy = POLICIES[policy_id]
    return decide(policy, question, thread, register=Register.build(policy, entries))


def register_reasons(decision: Decision) -> list[dict]:
    return [r for r in decision.to_json()["reasons"] if r["rule"].startswith("register:")]


def cited(decision: Decision) -> dict[str, str]:
    return {c.id: c.title for c in decision.citations}


# --- The example, on every shipped policy -------------------------------------------


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_an_approval_with_conditions_answers_the_midjourney_poster_question(policy_id) -> None:
    question = "Can I use Midjourney for posters?"
    assert decide(POLICIES[policy_id], question).verdict == Verdict.NEEDS_APPROVAL

    decision = ask(policy_id, question, entry())

    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert "register:AR-0001" in decision.rule_ids
    assert "Credit the image as AI-generated." in decision.conditions
    assert "No photographs of real people." in decision.conditions
    assert cited(decision)["AR-0001"] == (
        "Approval register: Midjourney, approved with conditions 26 Nov 2026"
    )
    assert decision.answer.startswith("Yes, with conditions. AR-0001 approved Midjourney for ")
    assert "Credit the image as AI-generated." in decision.answer
    assert decision.next_step is None
    assert decision.to_json()["register"] == {
        "reference": "AR-0001",
        "decision": "approved_with_conditions",
        "covers": True,
    }
    (reason,) = register_reasons(decision)
    assert reason["cites"] == ["AR-0001"]
    assert reason["effect"] == "allow_with_conditions"
    assert not any(r.rule == "unlisted-tool" for r in decision.reasons)  # replaced


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_plain_approval_allows_unless_the_policy_attaches_conditions(policy_id) -> None:
    decision = ask(policy_id, "Can I use Midjourney?", entry(decision="approved", conditions=None))
    (reason,) = register_reasons(decision)
    policy_conditions = POLICIES[policy_id].document.unlisted_tool.conditions
    # Mid-Kent's own rule for unlisted tools ("never enter personal information into a public
    # AI tool") still travels with the approved tool; the others attach nothing.
    expected = "allow_with_conditions" if policy_conditions else "allow"
    assert reason["effect"] == expected
    assert decision.verdict in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)
    assert decision.conditions == tuple(policy_conditions)
    assert "AR-0001" in cited(decision)


# --- The tool, however it is written ----------------------------------------------------------


@pytest.mark.parametrize("registered", ["Midjourney", "midjourney", "Mid journey", "Midjurney"])
@pytest.mark.parametrize(
    "question",
    [
        "Can I use Midjourney for posters?",
        "can i use midjourney for a poster",
        "Can I use Mid journey to make a poster?",
        "Can I use midjurney to design a flyer?",
    ],
)
def test_the_tool_is_one_tool_however_either_side_spells_it(registered, question) -> None:
    decision = ask("socitm-template", question, entry(tool=registered))
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.register is not None and decision.register.covers


@pytest.mark.parametrize(
    ("registered", "question"),
    [
        ("Otter.ai", "Can I use Otter to transcribe a team meeting?"),
        ("otter ai", "Can I use otter.ai to transcribe team meetings?"),
        ("Frobnicator Pro", "Can I use Frobnicator Pro to transcribe team meetings?"),
        ("frobnicator pro", "Can I use Frobnicater Pro to transcribe team meetings?"),
    ],
)
def test_catalogued_and_unknown_tools_are_found_with_typos(registered, question) -> None:
    approval = entry(tool=registered, purpose="transcribing team meetings", decision="approved")
    decision = ask("oadby-wigston", question, approval)
    assert decision.verdict == Verdict.ALLOWED, decision.to_json()
    assert decision.rule_ids[0] == "register:AR-0001"


def test_an_entry_for_one_tool_says_nothing_about_another() -> None:
    policy = POLICIES["socitm-template"]
    register = Register.build(policy, [entry()])
    for question in ("Can I use DALL-E for posters?", "Can I use Midjourney for posters?"):
        changed = decide(policy, question, register=register) != decide(policy, question)
        assert changed is ("Midjourney" in question)


# --- What an approval covers -------------------------------------------------------------------


@pytest.mark.parametrize("policy_id", POLICY_IDS)
@pytest.mark.parametrize(
    "question",
    [
        "Can I use Midjourney to transcribe meetings?",
        "Can I use Midjourney to draft an email?",
        "Can I use Midjourney to write code for the website?",
    ],
)
def test_a_different_purpose_needs_a_new_request(policy_id, question) -> None:
    decision = ask(policy_id, question, entry())
    assert decision.verdict == Verdict.NEEDS_APPROVAL, decision.to_json()
    assert decision.next_step == "request_approval"
    assert decision.register is not None and not decision.register.covers
    (reason,) = register_reasons(decision)
    assert reason["effect"] == "require_approval"
    assert reason["text"] == (
        "AR-0001 approved Midjourney only for making posters for library events with no "
        "personal or sensitive data; any other use needs a new request."
    )
    assert reason["text"] in decision.answer
    assert "AR-0001" in cited(decision)


@pytest.mark.parametrize(
    ("purpose", "question"),
    [
        ("writing job adverts", "Can I use Frobnicator to draft an email?"),  # only the verb shared
        ("writing code for the website", "Can I use Frobnicator to draft a press release?"),
        ("drafting letters to residents", "Can I use Frobnicator to make a poster?"),
    ],
)
def test_sharing_a_generic_word_is_not_the_same_purpose(purpose, question) -> None:
    for policy_id in POLICY_IDS:
        approval = entry(tool="Frobnicator", purpose=purpose, decision="approved")
        decision = ask(policy_id, question, approval)
        assert decision.register is not None and not decision.register.covers, (policy_id, purpose)


@pytest.mark.parametrize(
    ("purpose", "question"),
    [
        (POSTERS, "Can I use Frobnicator to make posters for the summer reading challenge?"),
        ("writing job adverts", "Can I use Frobnicator to write a job advert?"),
        ("transcribing team meetings", "Can I use Frobnicator to transcribe a team meeting?"),
        ("summarising consultation responses", "Can I use Frobnicator to summarise responses?"),
        ("drafting letters to residents", "Can I use Frobnicator to write an email to a resident?"),
    ],
)
@pytest.mark.parametrize("policy_id", ["mid-kent", "school-model", "socitm-template"])
def test_a_close_purpose_is_covered(policy_id, purpose, question) -> None:
    approval = entry(tool="Frobnicator", purpose=purpose, decision="approved")
    decision = ask(policy_id, question, approval)
    assert decision.register is not None and decision.register.covers, decision.to_json()


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_more_sensitive_data_than_approved_needs_a_new_request(policy_id) -> None:
    question = "Can I use Midjourney to make posters for library events with a resident's photo?"
    decision = ask(policy_id, question, entry())
    assert "personal" in decision.data
    assert decision.register is not None and not decision.register.covers
    assert decision.verdict in (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED)
    assert decision.verdict == decide(POLICIES[policy_id], question).verdict
    (reason,) = register_reasons(decision)
    assert reason["text"].startswith(
        "AR-0001 approved Midjourney for making posters for library events with no personal "
        "or sensitive data; this involves "
    )
    assert reason["text"].endswith(", so it needs a new request.")
    assert "AR-0001" in cited(decision)


@pytest.mark.parametrize(
    ("approved_for", "question", "covers"),
    [
        ("none", "Can I use Otter to transcribe a team meeting?", True),  # internal: not sensitive
        ("none", "Can I use Otter to transcribe a meeting on a confidential contract?", False),
        ("none", "Can I use Otter to transcribe a meeting with a resident's address?", False),
        ("confidential", "Can I use Otter to transcribe a meeting on a confidential tender?", True),
        (
            "confidential",
            "Can I use Otter to transcribe a meeting with a resident's address?",
            False,
        ),
        ("personal", "Can I use Otter to transcribe a meeting with a resident's address?", True),
        ("personal", "Can I use Otter to transcribe a meeting about a confidential tender?", True),
        ("personal", "Can I use Otter to transcribe a meeting about a resident's health?", False),
        (
            "special_category",
            "Can I use Otter to transcribe a meeting about a resident's health?",
            True,
        ),
        ("public", "Can I use Otter to transcribe a meeting on a confidential contract?", False),
    ],
)
def test_an_approval_covers_data_up_to_its_classification(approved_for, question, covers) -> None:
    approval = entry(tool="Otter", purpose="transcribing meetings", data=approved_for)
    decision = ask("socitm-template", question, approval)
    assert decision.register is not None and decision.register.covers is covers, decision.data


# --- What the policy still says ----------------------------------------------------------------


POSTER_QUESTION = "Can I use Midjourney to make posters for library events"
HEALTH = f"{POSTER_QUESTION} about a resident's health condition?"
UNCHECKED = f"{POSTER_QUESTION} and publish them without checking them?"
DECIDES = f"{POSTER_QUESTION} and let it decide who gets a council house?"


@pytest.mark.parametrize(
    ("policy_id", "question"),
    [
        ("mid-kent", HEALTH),  # special category data into a public tool
        ("mid-kent", UNCHECKED),
        ("oadby-wigston", DECIDES),
        ("school-model", HEALTH),
        ("socitm-template", DECIDES),
        ("socitm-template", UNCHECKED),
    ],
)
def test_what_the_policy_prohibits_stays_prohibited_for_an_approved_tool(
    policy_id, question
) -> None:
    approval = entry(data=MOST_SENSITIVE[policy_id], decision="approved", conditions=None)
    decision = ask(policy_id, question, approval)
    assert decision.register is not None and decision.register.covers
    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
    assert not any(rule.startswith("register:") for rule in decision.rule_ids)
    assert decision.answer.endswith(
        f"AR-0001 approved Midjourney for making posters for library events with "
        f"{POLICIES[policy_id].data_classes[MOST_SENSITIVE[policy_id]].label} on 26 Nov 2026, "
        "but that approval does not lift this."
    )
    assert "AR-0001" in cited(decision)


@pytest.fixture(scope="module")
def claude_prohibited(tmp_path_factory: pytest.TempPathFactory):
    path: Path = tmp_path_factory.mktemp("policy") / "no-claude.yaml"
    path.write_text(
        "schema_version: 1\n"
        "id: no-claude\n"
        "extends: socitm-template\n"
        "title: Socitm template with Claude prohibited\n"
        'version: "1"\n'
        "tools:\n"
        "  - id: claude\n"
        "    status: prohibited\n"
        "    text: Claude must not be used.\n",
        encoding="utf-8",
    )
    return load_policy(path)


def test_an_approval_cannot_lift_the_policys_own_prohibition_of_a_tool(claude_prohibited) -> None:
    register = Register.build(claude_prohibited, [entry(tool="Claude", purpose="drafting emails")])
    decision = decide(claude_prohibited, "Can I use Claude to draft an email?", register=register)
    assert decision.verdict == Verdict.PROHIBITED
    assert decision.rule_ids == ["tool:claude", "register:AR-0001"]
    assert decision.answer == (
        "No. Claude must not be used. AR-0001 approved Claude for drafting emails with no "
        "personal or sensitive data on 26 Nov 2026, but an approval cannot override the "
        "policy's own prohibition of Claude."
    )
    assert decision.obligations == ()


# --- Rejections and the newest decision --------------------------------------------------------

REJECTED_ON_26 = entry(
    "AR-0002", decision="rejected", conditions="images of real places may breach copyright"
)


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_rejection_prohibits_the_use_it_covers(policy_id) -> None:
    decision = ask(policy_id, "Can I use Midjourney for posters?", REJECTED_ON_26)
    assert decision.verdict == Verdict.PROHIBITED
    assert decision.rule_ids == ["register:AR-0002"]
    assert decision.next_step is None
    assert decision.answer.startswith(
        "No. AR-0002 was rejected on 26 Nov 2026: Images of real places may breach copyright."
    )
    assert cited(decision) == {"AR-0002": "Approval register: Midjourney, rejected 26 Nov 2026"}


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_another_use_of_a_rejected_tool_still_needs_approval_and_says_so(policy_id) -> None:
    decision = ask(policy_id, "Can I use Midjourney to transcribe meetings?", REJECTED_ON_26)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.next_step == "request_approval"
    assert "AR-0002, a request to use Midjourney for making posters" in decision.answer
    assert "was rejected on 26 Nov 2026: Images of real places may breach copyright." in (
        decision.answer
    )
    assert "AR-0002" in cited(decision)


def test_a_rejection_reaches_more_sensitive_data_but_not_less() -> None:
    refused_plain = entry("AR-0002", decision="rejected", conditions="no")
    with_photo = "Can I use Midjourney for posters with a resident's photo?"
    assert ask("socitm-template", with_photo, refused_plain).verdict == Verdict.PROHIBITED
    refused_personal = entry("AR-0002", data="personal", decision="rejected", conditions="no")
    assert ask("socitm-template", with_photo, refused_personal).verdict == Verdict.PROHIBITED
    plain = ask("socitm-template", "Can I use Midjourney for posters?", refused_personal)
    assert plain.verdict == Verdict.NEEDS_APPROVAL
    assert plain.register is not None and not plain.register.covers


def test_a_rejection_binds_a_tool_the_policy_already_permits() -> None:
    refusal = entry(
        tool="chat gpt",
        purpose="writing job adverts",
        decision="rejected",
        conditions="risk of biased wording in recruitment",
    )
    advert = ask("socitm-template", "Can I use ChatGPT to write a job advert?", refusal)
    assert advert.verdict == Verdict.PROHIBITED
    assert advert.rule_ids == ["register:AR-0001"]
    email = ask("socitm-template", "Can I use ChatGPT to draft an email?", refusal)
    assert email == decide(POLICIES["socitm-template"], "Can I use ChatGPT to draft an email?")


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_later_approval_replaces_an_earlier_rejection(policy_id) -> None:
    approval = entry("AR-0003", decision="approved", at=DECIDED + timedelta(days=30))
    decision = ask(policy_id, "Can I use Midjourney for posters?", approval, REJECTED_ON_26)
    assert decision.verdict in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)
    assert any(r.rule == "register:AR-0003" for r in decision.reasons)
    assert "AR-0002" not in cited(decision)
    # Where a purpose with conditions decides (school-model), the approval still leads.
    assert decision.answer.split(". ")[1].startswith("AR-0003 approved Midjourney for ")
    assert "on 26 Dec 2026" in decision.answer


def test_a_later_rejection_replaces_an_earlier_approval() -> None:
    approval = entry("AR-0003", decision="approved", at=DECIDED - timedelta(days=1))
    decision = ask("socitm-template", "Can I use Midjourney for posters?", approval, REJECTED_ON_26)
    assert decision.rule_ids == ["register:AR-0002"]


def test_on_equal_timestamps_the_later_entry_wins_and_time_zones_are_compared_in_utc() -> None:
    approval = entry("AR-0003", decision="approved")
    assert ask("socitm-template", "Can I use Midjourney?", REJECTED_ON_26, approval).rule_ids == [
        "register:AR-0003"
    ]
    # 27 Nov 01:00 in UTC+12 is 26 Nov 13:00 UTC: earlier than the rejection at 14:30 UTC.
    auckland = entry(
        "AR-0004", at=datetime(2026, 11, 27, 1, 0, tzinfo=timezone(timedelta(hours=12)))
    )
    decision = ask("socitm-template", "Can I use Midjourney?", auckland, REJECTED_ON_26)
    assert decision.rule_ids == ["register:AR-0002"]


def test_the_newest_covering_entry_wins_not_the_newest_entry() -> None:
    approval = entry("AR-0001", decision="approved")
    other_use = entry(
        "AR-0005",
        purpose="transcribing meetings",
        decision="rejected",
        conditions="no",
        at=DECIDED + timedelta(days=3),
    )
    decision = ask("socitm-template", "Can I use Midjourney for posters?", approval, other_use)
    assert decision.verdict == Verdict.ALLOWED
    assert decision.rule_ids[0] == "register:AR-0001"


RETIRED_ON = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_retired_approval_approves_nothing_and_says_when_and_why(policy_id) -> None:
    question = "Can I use Midjourney for posters?"
    retired = entry(retired_at=RETIRED_ON, retired_reason="the licence was not renewed")

    decision = ask(policy_id, question, retired)

    assert decision.verdict == Verdict.NEEDS_APPROVAL, decision.to_json()
    assert decision.next_step == "request_approval"
    assert "register:AR-0001" in decision.rule_ids
    assert (
        "AR-0001 approved Midjourney for making posters for library events with no personal or "
        "sensitive data on 26 Nov 2026, but the board retired that approval on 5 Dec 2026: The "
        "licence was not renewed. Using Midjourney now needs a new request."
    ) in decision.answer
    assert cited(decision)["AR-0001"] == (
        "Approval register: Midjourney, approved with conditions 26 Nov 2026, retired 5 Dec 2026"
    )
    assert decision.to_json()["register"] == {
        "reference": "AR-0001",
        "decision": "retired",
        "covers": True,
    }
    assert decision.register is not None and not decision.register.approves
    assert "Credit the image as AI-generated." not in decision.conditions
    other_use = ask(policy_id, "Can I use Midjourney to transcribe meetings?", retired)
    assert other_use.verdict == Verdict.NEEDS_APPROVAL
    assert "retired that approval on 5 Dec 2026" in other_use.answer


def test_an_older_approval_does_not_come_back_when_a_newer_one_is_retired() -> None:
    older = entry("AR-0001", decision="approved", at=DECIDED - timedelta(days=60))
    retired = entry("AR-0004", retired_at=RETIRED_ON)
    decision = ask("socitm-template", "Can I use Midjourney for posters?", older, retired)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.rule_ids == ["register:AR-0004"]
    again = entry("AR-0007", decision="approved", at=RETIRED_ON + timedelta(days=1))
    renewed = ask("socitm-template", "Can I use Midjourney for posters?", older, retired, again)
    assert renewed.verdict == Verdict.ALLOWED
    assert renewed.rule_ids[0] == "register:AR-0007"


def test_retiring_an_approval_of_a_tool_the_policy_permits_leaves_the_policys_answer() -> None:
    question = "Can I use ChatGPT to write a job advert?"
    policy = POLICIES["socitm-template"]
    conditions = "Check the wording for bias"
    approval = entry(tool="ChatGPT", purpose="writing job adverts", conditions=conditions)
    with_conditions = ask("socitm-template", question, approval)
    assert "Check the wording for bias." in with_conditions.conditions
    retired = entry(
        tool="ChatGPT", purpose="writing job adverts", conditions=conditions, retired_at=RETIRED_ON
    )
    assert ask("socitm-template", question, retired) == decide(policy, question)


@pytest.mark.parametrize("policy_id", POLICY_IDS)
def test_a_pilot_is_a_yes_within_the_pilot_and_its_conditions(policy_id) -> None:
    pilot = entry("AR-0003", decision="pilot", conditions="Library team only; review in March")
    decision = ask(policy_id, "Can I use Midjourney for posters?", pilot)
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert "Library team only." in decision.conditions
    assert "Only within the pilot the board approved in AR-0003." in decision.conditions
    assert "AR-0003 approved a pilot of Midjourney for making posters" in decision.answer
    assert cited(decision)["AR-0003"] == (
        "Approval register: Midjourney, approved for a pilot 26 Nov 2026"
    )
    assert decision.register is not None and decision.register.approves


def test_only_an_approval_can_be_retired() -> None:
    with pytest.raises(ValueError, match="only an approval can be retired"):
        entry(decision="rejected", conditions="no", retired_at=RETIRED_ON)
    with pytest.raises(ValueError, match="timezone-aware"):
        entry(retired_at=datetime(2026, 12, 5, 9, 0))


# --- Conversations -------------------------------------------------------------------------------


def converse(policy_id: str, register: Register, *questions: str) -> list[Decision]:
    policy = POLICIES[policy_id]
    thread: list[str] = []
    decisions = []
    for question in questions:
        decisions.append(decide(policy, question, thread, register=register))
        thread = thread_after(thread, question)
    return decisions


@pytest.mark.parametrize("policy_id", ["mid-kent", "school-model", "socitm-template"])
def test_a_follow_up_is_read_against_the_thread_with_a_register(policy_id) -> None:
    register = Register.build(POLICIES[policy_id], [entry()])
    first, midjourney, photo, anonymised = converse(
        policy_id,
        register,
        "Can I use ChatGPT to make posters for the library?",
        "what about with Midjourney?",
        "and if it includes a resident's photo?",
        "what if it's anonymised?",
    )
    assert first.register is None
    assert midjourney.follow_up_of and midjourney.tool.name == "Midjourney"
    assert midjourney.verdict == Verdict.ALLOWED_WITH_CONDITIONS, midjourney.to_json()
    assert "register:AR-0001" in midjourney.rule_ids
    assert photo.register is not None and not photo.register.covers
    assert photo.verdict in (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED)
    assert anonymised.register is not None and anonymised.register.covers
    assert anonymised.verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_a_follow_up_takes_the_purpose_of_the_question_it_follows() -> None:
    register = Register.build(POLICIES["socitm-template"], [entry()])
    _, midjourney = converse(
        "socitm-template",
        register,
        "Can I use ChatGPT to transcribe meetings?",
        "what about with Midjourney?",
    )
    assert midjourney.verdict == Verdict.NEEDS_APPROVAL
    assert midjourney.register is not None and not midjourney.register.covers


# --- The register itself -------------------------------------------------------------------------


def test_entries_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        entry(at=datetime(2026, 11, 26, 14, 30))
    with pytest.raises(ValueError, match="decision must be one of"):
        entry(decision="maybe")


def test_build_warns_about_what_no_question_can_match() -> None:
    register = Register.build(
        POLICIES["socitm-template"],
        [entry(data="top_secret"), entry("AR-0001", tool="AI"), entry("AR-0003", conditions="")],
    )
    assert len(register) == 3
    assert any(
        "'top_secret' is not one of the policy's data classes" in w for w in register.warnings
    )
    assert any("'AI' does not read as a tool name" in w for w in register.warnings)
    assert any("used more than once" in w for w in register.warnings)
    assert any("approved with conditions, but none are given" in w for w in register.warnings)


def test_a_register_answers_only_for_the_policy_it_was_built_for() -> None:
    register = Register.build(POLICIES["mid-kent"], [entry()])
    with pytest.raises(ValueError, match="built for policy mid-kent"):
        decide(POLICIES["socitm-template"], "Can I use Midjourney?", register=register)


def test_without_a_register_the_json_says_so() -> None:
    decision = decide(POLICIES["socitm-template"], "Can I use Midjourney for posters?")
    assert decision.to_json()["register"] is None


# --- Properties ----------------------------------------------------------------------------------

_TOOLS = ["Midjourney", "ChatGPT", "chat gpt", "Copilot", "Gemeni", "Otter", "Frobnicator", "AI"]
_USES = [
    "make posters",
    "draft an email to a colleague",
    "summarise a report",
    "transcribe a meeting",
    "write code for the website",
    "mark pupils' essays",
    "decide who gets a council house",
    "translate a leaflet",
]
_DATA = [
    "",
    "with a resident's address",
    "with no personal data",
    "about a pupil's health condition",
    "using only public information",
    "for a confidential tender",
    "with NHS number 943 476 5919",
]
_CIRCUMSTANCES = ["", "without checking it", "on my personal account", "and publish it"]
_FREE = [
    "who owns this policy?",
    "is this ok?",
    "I accidentally pasted a resident's name into ChatGPT",
]


@st.composite
def questions(draw: st.DrawFn) -> tuple[list[str], str]:
    """A question, and sometimes a thread before it."""
    shaped = draw(
        st.builds(
            lambda tool, use, data, more: (
                " ".join(part for part in (f"Can I use {tool} to {use}", data, more) if part) + "?"
            ),
            st.sampled_from(_TOOLS),
            st.sampled_from(_USES),
            st.sampled_from(_DATA),
            st.sampled_from(_CIRCUMSTANCES),
        )
    )
    question = draw(st.one_of(st.just(shaped), st.sampled_from(_FREE), st.text(max_size=40)))
    follow = draw(st.sampled_from(["", "what about with Midjourney?", "and if it's anonymised?"]))
    return ([question], follow) if follow else ([], question)


@pytest.mark.parametrize("policy_id", POLICY_IDS)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=questions())
def test_an_empty_register_never_changes_a_decision(policy_id, case) -> None:
    thread, question = case
    policy = POLICIES[policy_id]
    empty = EMPTY[policy_id]
    assert decide(policy, question, thread, register=empty) == decide(policy, question, thread)


EMPTY = {policy_id: Register.build(policy, []) for policy_id, policy in POLICIES.items()}
REFUSED_EVERYTHING = {
    policy_id: Register.build(
        policy, [entry("AR-0009", tool="Zentool", purpose="", decision="rejected", conditions="no")]
    )
    for policy_id, policy in POLICIES.items()
}


@pytest.mark.parametrize("policy_id", POLICY_IDS)
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    use=st.sampled_from(_USES), data=st.sampled_from(_DATA), more=st.sampled_from(_CIRCUMSTANCES)
)
def test_a_rejection_for_any_use_refuses_every_permission_question_about_its_tool(
    policy_id, use, data, more
) -> None:
    """...and changes nothing else: other tools, incidents and questions about the policy."""
    policy, register = POLICIES[policy_id], REFUSED_EVERYTHING[policy_id]
    question = " ".join(p for p in (f"Can I use Zentool to {use}", data, more) if p) + "?"
    decision = decide(policy, question, register=register)
    if decision.verdict in (Verdict.INFORMATION, Verdict.UNCLEAR):
        assert decision == decide(policy, question)
    else:
        assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
        assert "register:AR-0009" in decision.rule_ids
    other = question.replace("Zentool", "Midjourney")
    assert decide(policy, other, register=register) == decide(policy, other)


_PURPOSES = [POSTERS, "posters", "transcribing meetings", "drafting letters to residents", ""]
_CLASSIFICATIONS = ["none", "public", "internal", "confidential", "personal", "special_category"]


@st.composite
def registers(draw: st.DrawFn) -> list[RegisterEntry]:
    count = draw(st.integers(min_value=1, max_value=12))
    return [
        entry(
            f"AR-{i:04d}",
            purpose=draw(st.sampled_from(_PURPOSES)),
            data=draw(st.sampled_from(_CLASSIFICATIONS)),
            decision=(decision := draw(st.sampled_from(DECISION_CHOICES))),
            at=DECIDED + timedelta(days=draw(st.integers(min_value=0, max_value=5))),
            retired_at=RETIRED_ON if decision != "rejected" and draw(st.booleans()) else None,
        )
        for i in range(count)
    ]


DECISION_CHOICES = ["approved", "approved_with_conditions", "pilot", "rejected"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    entries=registers(),
    use=st.sampled_from(["make posters", "transcribe a meeting", "draft a letter", ""]),
    data=st.sampled_from(_DATA),
)
def test_the_index_finds_what_a_scan_of_every_entry_finds(entries, use, data) -> None:
    """The newest entry that covers the question on its own, found by asking each entry alone,
    is the one the whole register applies: the index skips no entry it should check."""
    policy = POLICIES["socitm-template"]
    question = " ".join(p for p in ("Can I use Midjourney", f"to {use}" if use else "", data) if p)
    question += "?"
    decision = decide(policy, question, register=Register.build(policy, entries))
    if decision.verdict in (Verdict.INFORMATION, Verdict.UNCLEAR):
        return
    newest_first = [
        entry for _, entry in sorted(enumerate(entries), key=lambda p: (p[1].decided_at, p[0]))
    ][::-1]

    def covers_alone(entry: RegisterEntry) -> bool:
        alone = decide(policy, question, register=Register.build(policy, [entry]))
        return alone.register is not None and alone.register.covers

    expected = next((e.reference for e in newest_first if covers_alone(e)), None)
    assert decision.register is not None
    if expected is None:
        assert not decision.register.covers
        assert decision.register.reference == newest_first[0].reference
    else:
        assert decision.register.covers and decision.register.reference == expected


@pytest.mark.parametrize("policy_id", ["socitm-template", "oadby-wigston"])
def test_retiring_the_policys_own_listing_of_a_tool_ends_its_permission(policy_id) -> None:
    policy = POLICIES[policy_id]
    question = "Can I use Microsoft Copilot to draft an email to my team?"
    before = decide(policy, question)
    assert before.verdict in (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)
    listed = RegisterEntry(
        "PT-0001", "Microsoft Copilot", "", "none", "approved", None, DECIDED, from_policy=True
    )
    assert ask(policy_id, question, listed) == before  # in force: the policy decides, as before
    retired = replace(listed, retired_at=RETIRED_ON, retired_reason="the contract has ended")
    for asked in (question, "Can I put a resident's address into Microsoft Copilot?"):
        decision = ask(policy_id, asked, retired)
        assert decision.verdict in (Verdict.NEEDS_APPROVAL, Verdict.PROHIBITED), asked
        if decision.verdict == Verdict.NEEDS_APPROVAL:
            assert (
                "The policy lists Microsoft Copilot, but the board retired it on 5 Dec 2026 "
                "(PT-0001): The contract has ended. Using Microsoft Copilot now needs a new "
                "request."
            ) in decision.answer
    # another tool the policy lists is untouched
    other = "Can I use ChatGPT to draft an email to my team?"
    assert ask(policy_id, other, retired) == decide(policy, other)
