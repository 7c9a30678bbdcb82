"""Board rulings (BQ-0001): the board's answers to questions, kept as rulings and read in the
register's overlay (knowledge.register.board). Never a false yes: a ruling that says yes applies
only to the same use, and never lifts the policy's own prohibition."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from knowledge import Decision, Policy, Register, Verdict, bundled_ids, decide, load_policy
from knowledge.followup import thread_after
from knowledge.register import BoardRuling
from tests.knowledge.test_never_a_false_yes import FRAGMENT_WORDS, KNOWN, OPENERS, UNKNOWN

POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
SOCITM = POLICIES["socitm-template"]
DECIDED = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
YES = (Verdict.ALLOWED, Verdict.ALLOWED_WITH_CONDITIONS)

REFERENCE = "Can I use Copilot to write a reference for a colleague?"
REFERENCE_TEXT = "Yes: Copilot may draft it, but you write and sign the final reference."
CHECK = "Check every statement against the colleague's record"


def ruling(
    reference: str = "BQ-0001",
    tool: str | None = "Copilot",
    purpose: str = REFERENCE,
    data: str = "personal",
    verdict: Verdict | str = Verdict.ALLOWED_WITH_CONDITIONS,
    text: str = REFERENCE_TEXT,
    conditions: tuple[str, ...] = (CHECK,),
    clauses: tuple[str, ...] = ("8.3",),
    at: datetime = DECIDED,
) -> BoardRuling:
    return BoardRuling(
        reference, tool, purpose, data, Verdict(verdict), text, conditions, clauses, at
    )


def ask(
    question: str, *rulings: BoardRuling, policy: Policy = SOCITM, thread: tuple[str, ...] = ()
) -> Decision:
    return decide(policy, question, thread, register=Register.build(policy, [], rulings))


def cited(decision: Decision) -> dict[str, str]:
    return {c.id: c.title for c in decision.citations}


def lead(reference: str = "BQ-0001", date: str = "3 Dec 2026") -> str:
    return f"The board ruled on this in {reference} ({date})"


# --- The board's answer, for the use it ruled on ----------------------------------------------


def test_a_question_that_needs_approval_is_answered_from_the_ruling() -> None:
    assert decide(SOCITM, REFERENCE).verdict == Verdict.NEEDS_APPROVAL

    decision = ask(REFERENCE, ruling())

    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.answer.startswith(f"{lead()}: {REFERENCE_TEXT}")
    assert decision.rule_ids == ["ruling:BQ-0001"]
    first = decision.reasons[0]
    assert first.rule == "ruling:BQ-0001"
    assert first.cites == ("8.3", "BQ-0001")
    assert cited(decision)["BQ-0001"] == "Board ruling BQ-0001, 3 Dec 2026"
    assert "8.3" in cited(decision)
    # The board's condition first, then the policy's own conditions on the tool, which hold.
    assert decision.conditions[0] == CHECK + "."
    assert set(decide(SOCITM, "Can I use Copilot?").conditions) <= set(decision.conditions)
    # The policy's duties still apply: every use's, and those for personal data.
    duties = {duty.id for duty in decision.obligations}
    assert set(SOCITM.document.always_obligations) <= duties
    assert set(SOCITM.data_classes["personal"].obligations) <= duties
    # The policy's reasons stay, for Details, but do not decide.
    assert any(r.verdict == Verdict.NEEDS_APPROVAL for r in decision.reasons)
    assert decision.next_step is None
    assert decision.ruling is not None and decision.ruling.reference == "BQ-0001"


def test_a_question_the_engine_asks_back_about_is_answered_from_the_ruling() -> None:
    question = "copilot to draft a template refusal for FOI requests that go over the cost limit?"
    before = decide(SOCITM, question)
    assert before.verdict == Verdict.UNCLEAR  # "refusal": a risk word the engine cannot read
    foi = ruling(purpose=question, data="none", text="Yes, for the template only.")

    decision = ask(question, foi)

    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS, decision.to_json()
    assert decision.answer.startswith(f"{lead()}: Yes, for the template only.")
    assert decision.clarifying_question is None and decision.choices == ()
    assert decision.obligations  # the policy's duties for a yes
    again = ask(
        "Can I use Copilot to draft a refusal template for FOI requests over the cost limit?", foi
    )
    assert again.verdict == Verdict.ALLOWED_WITH_CONDITIONS


@pytest.mark.parametrize(
    "question",
    [
        REFERENCE,
        "can i use copilot to write a reference for a colleague",
        "CAN I USE COPILOT TO WRITE A REFERENCE FOR A COLLEAGUE?",
        "Can I use Microsoft Copilot to draft references for colleagues?",  # alias, synonym
        "could I get copilot to draft a reference for a colleague?",
    ],
)
@pytest.mark.parametrize("tool", ["Copilot", "copilot", "Microsoft Copilot"])
def test_the_same_use_however_it_is_phrased_is_covered(question: str, tool: str) -> None:
    decision = ask(question, ruling(tool=tool))
    assert decision.ruling is not None, decision.to_json()
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS


def test_a_follow_up_naming_the_ruled_tool_is_covered() -> None:
    thread = thread_after([], "Can I use ChatGPT to write a reference for a colleague?")
    decision = ask("what about with Copilot?", ruling(), thread=tuple(thread))
    assert decision.follow_up_of and decision.ruling is not None
    assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS


# --- What a yes does not cover ----------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Can I use Copilot to write a job advert?",  # a different use
        "Can I use Copilot to screen CVs?",
        "Can I use Copilot to summarise the minutes of a team meeting?",
        "Can I use Copilot?",  # no use named: not the use the board said yes to
        "Is Copilot OK?",
        "copilot??",
    ],
)
def test_a_different_or_unnamed_use_is_not_covered_by_a_yes(question: str) -> None:
    decision = ask(question, ruling())
    assert decision.ruling is None, decision.to_json()
    assert decision == decide(SOCITM, question)


@pytest.mark.parametrize(
    "question",
    [
        f"{REFERENCE[:-1]} about their health condition?",  # special category
        f"{REFERENCE[:-1]} and include their sickness absence record?",
    ],
)
def test_more_sensitive_data_is_not_covered_by_a_yes(question: str) -> None:
    decision = ask(question, ruling())
    assert "special_category" in decision.data or "sensitive" in decision.data, decision.data
    assert decision.ruling is None
    assert decision.verdict not in YES


def test_personal_data_is_not_covered_by_a_yes_for_none() -> None:
    posters = ruling(purpose="make posters for library events", data="none", text="Yes.")
    covered = ask("Can I use Copilot to make posters for library events?", posters)
    assert covered.ruling is not None and covered.verdict in YES
    question = "Can I use Copilot to make posters for library events with a resident's photo?"
    decision = ask(question, posters)
    assert "personal" in decision.data
    assert decision.ruling is None
    assert decision == decide(SOCITM, question)


@pytest.mark.parametrize(
    "more",
    [
        "and let it decide who gets the grant",  # a decision about people
        "and publish it without checking it",
        "and send it straight to the employer",
    ],
)
def test_a_question_saying_more_about_its_circumstances_is_not_covered_by_a_yes(more: str) -> None:
    question = f"{REFERENCE[:-1]} {more}?"
    decision = ask(question, ruling())
    assert decision.ruling is None, decision.to_json()
    assert decision == decide(SOCITM, question)


def test_a_circumstance_the_ruling_itself_named_is_covered() -> None:
    """The board ruled on the use with a person deciding; the same words are the same use, but
    a question that leaves the decision to the AI is not."""
    shortlist = "Can I use Copilot to suggest a shortlist of applicants if a manager decides?"
    suggest = ruling(purpose=shortlist, data="personal", text="Yes, as a suggestion only.")
    assert ask(shortlist, suggest).ruling is not None
    by_ai = "Can I use Copilot to suggest a shortlist of applicants and let it decide?"
    assert ask(by_ai, suggest).ruling is None


def test_a_ruling_for_another_tool_does_not_apply() -> None:
    chatgpt = ruling(tool="ChatGPT")
    assert ask("Can I use ChatGPT to write a reference for a colleague?", chatgpt).ruling
    for question in (REFERENCE, "Can I use Claude to write a reference for a colleague?"):
        assert ask(question, chatgpt) == decide(SOCITM, question)


def test_a_yes_for_one_tool_does_not_cover_a_question_naming_another_beside_it() -> None:
    question = "Can I use Copilot and ChatGPT to write a reference for a colleague?"
    assert ask(question, ruling()).verdict not in YES


def test_a_ruling_naming_no_tool_covers_only_questions_naming_no_tool() -> None:
    any_tool = ruling(tool=None, purpose="Can I use AI to write a reference for a colleague?")
    for question in (
        "Can I use AI to write a reference for a colleague?",
        "can AI write references for colleagues",
    ):
        decision = ask(question, any_tool)
        assert decision.ruling is not None, question
        assert decision.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    assert ask(REFERENCE, any_tool) == decide(SOCITM, REFERENCE)
    # ...and a ruling about a tool says nothing about a question naming none.
    tool_less = "Can I use AI to write a reference for a colleague?"
    assert ask(tool_less, ruling()) == decide(SOCITM, tool_less)


@pytest.mark.parametrize(
    "question", ["summary report", "report summary", "what about a summary of the report?"]
)
def test_a_fragment_sharing_a_rulings_words_is_not_covered_by_a_yes(question: str) -> None:
    mid_kent = POLICIES["mid-kent"]
    summaries = ruling(
        tool=None, purpose="write a summary of a report", data="none", verdict="allowed"
    )
    assert ask("Can I use AI to write a summary of a report?", summaries, policy=mid_kent).ruling
    decision = ask(question, summaries, policy=mid_kent)
    assert decision.ruling is None
    assert decision == decide(mid_kent, question)


@pytest.mark.parametrize("question", ["hi", "is it ok?", "what about references?", "", "?"])
def test_a_question_about_nothing_is_not_covered(question: str) -> None:
    any_tool = ruling(tool=None, verdict=Verdict.PROHIBITED, text="No.", conditions=())
    assert ask(question, any_tool, ruling(tool=None)) == decide(SOCITM, question)


# --- Stricter rulings, and the policy's prohibitions -------------------------------------------

ADVERTS = ruling(
    "BQ-0002",
    tool="ChatGPT",
    purpose="writing job adverts",
    data="none",
    verdict=Verdict.PROHIBITED,
    text="No: job adverts use HR's template, so that every post is advertised alike.",
    conditions=(),
    clauses=("7.2",),
)


def test_a_prohibiting_ruling_overrides_a_policy_yes() -> None:
    question = "Can I use ChatGPT to write a job advert?"
    assert decide(SOCITM, question).verdict == Verdict.ALLOWED_WITH_CONDITIONS

    decision = ask(question, ADVERTS)

    assert decision.verdict == Verdict.PROHIBITED
    assert decision.rule_ids == ["ruling:BQ-0002"]
    assert decision.answer.startswith(f"{lead('BQ-0002')}: No: job adverts use HR's template")
    assert decision.obligations == () and decision.next_step is None
    assert decision.conditions == ()
    assert list(cited(decision))[:2] == ["BQ-0002", "7.2"]
    # A stricter ruling reaches a close purpose and a question naming none, as a rejection does.
    assert ask("can i use chat gpt for job adverts", ADVERTS).verdict == Verdict.PROHIBITED
    assert ask("Can I use ChatGPT?", ADVERTS).verdict == Verdict.PROHIBITED
    assert ask("Can I use ChatGPT to draft an email?", ADVERTS).ruling is None


def test_a_ruling_that_needs_approval_leads_to_a_request() -> None:
    quiz = ruling(
        purpose="make a quiz for the team away day",
        data="none",
        verdict=Verdict.NEEDS_APPROVAL,
        text="Ask first: away-day material goes through the events team.",
        conditions=(),
    )
    question = "Can I use Copilot to make a quiz for the team away day?"
    assert decide(SOCITM, question).verdict == Verdict.ALLOWED_WITH_CONDITIONS
    decision = ask(question, quiz)
    assert decision.verdict == Verdict.NEEDS_APPROVAL
    assert decision.next_step == "request_approval"
    assert SOCITM.approver_name in decision.answer
    assert decision.rule_ids == ["ruling:BQ-0001"]


@pytest.mark.parametrize(
    "question",
    [
        # personal data into a public tool (Mid-Kent's Copilot may be the Council's own, and
        # its personal data needs a DPIA rather than "never")
        "Can I use ChatGPT to write a reference for a colleague?",
        "Can I use ChatGPT to write a reference for a colleague about their health condition?",
    ],
)
def test_a_yes_never_lifts_the_policys_prohibition(question: str) -> None:
    mid_kent = POLICIES["mid-kent"]
    before = decide(mid_kent, question)
    assert before.verdict == Verdict.PROHIBITED
    broad = ruling(tool="ChatGPT", data="sensitive", purpose=question, clauses=("5.3",))

    decision = ask(question, broad, policy=mid_kent)

    assert decision.verdict == Verdict.PROHIBITED, decision.to_json()
    assert decision.answer == (
        f"{before.answer} {lead()}, but a ruling does not lift the policy's prohibition."
    )
    assert decision.rule_ids == before.rule_ids
    assert decision.obligations == ()
    assert "BQ-0001" in cited(decision)
    assert (
        decision.ruling is not None and decision.ruling.verdict == Verdict.ALLOWED_WITH_CONDITIONS
    )
    assert decision.reasons[: len(before.reasons)] == before.reasons


@pytest.fixture(scope="module")
def claude_prohibited(tmp_path_factory: pytest.TempPathFactory) -> Policy:
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


def test_a_yes_never_lifts_a_tool_the_policy_prohibits(claude_prohibited: Policy) -> None:
    emails = ruling(tool="Claude", purpose="drafting emails", data="none", verdict="allowed")
    decision = ask("Can I use Claude to draft an email?", emails, policy=claude_prohibited)
    assert decision.verdict == Verdict.PROHIBITED
    assert decision.answer == (
        "No. Claude must not be used. The board ruled on this in BQ-0001 (3 Dec 2026), but a "
        "ruling does not lift the policy's prohibition."
    )


# --- Which ruling --------------------------------------------------------------------------------


def test_the_newest_covering_ruling_wins() -> None:
    yes = ruling("BQ-0001")
    no = ruling("BQ-0002", verdict=Verdict.PROHIBITED, text="No.", at=DECIDED + timedelta(days=7))
    assert ask(REFERENCE, yes, no).rule_ids == ["ruling:BQ-0002"]
    later_yes = ruling("BQ-0003", at=DECIDED + timedelta(days=14))
    assert ask(REFERENCE, yes, no, later_yes).rule_ids == ["ruling:BQ-0003"]
    # On equal timestamps the later in the input wins.
    same_time = ruling("BQ-0004", verdict=Verdict.NEEDS_APPROVAL, text="Ask.", conditions=())
    assert ask(REFERENCE, yes, same_time).rule_ids == ["ruling:BQ-0004"]
    assert ask(REFERENCE, same_time, yes).rule_ids == ["ruling:BQ-0001"]


def test_a_newer_ruling_for_another_use_does_not_hide_the_covering_one() -> None:
    other = ruling("BQ-0002", purpose="write a job advert", data="none", at=DECIDED + timedelta(1))
    assert ask(REFERENCE, ruling(), other).rule_ids == ["ruling:BQ-0001"]


# --- The ruling itself, the register, the JSON ---------------------------------------------------


def test_rulings_are_checked_when_made() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        ruling(at=datetime(2026, 12, 3, 10, 0))
    for verdict in ("unclear", "information", "maybe"):
        with pytest.raises(ValueError, match="verdict must be one of"):
            BoardRuling("BQ-0001", None, "x", "none", verdict, "x", (), (), DECIDED)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="the board's answer"):
        ruling(text="  ")
    loose = BoardRuling("BQ-0001", " ", "x", "none", "allowed", "Yes.", [" a "], ["1"], DECIDED)  # type: ignore[arg-type]
    assert loose.tool is None and loose.verdict is Verdict.ALLOWED
    assert loose.conditions == ("a",) and loose.clauses == ("1",)


def test_build_warns_about_what_no_question_can_match() -> None:
    register = Register.build(
        SOCITM,
        [],
        [
            ruling(data="top_secret", clauses=("8.3", "99.9")),
            ruling("BQ-0002", tool=None, purpose=""),
            ruling("BQ-0003", purpose="", data="none"),
            ruling("BQ-0003", data="none"),
        ],
    )
    assert len(register.rulings) == 4
    warnings = "\n".join(register.warnings)
    assert "BQ-0001: data classification 'top_secret' is not one of the policy's" in warnings
    assert "BQ-0001: clause '99.9' is not in the policy; left out" in warnings
    assert "BQ-0002: names neither a tool nor a use" in warnings
    assert "BQ-0003: says yes but names no use" in warnings
    assert "BQ-0003: the reference is used more than once" in warnings
    assert "BQ-0003: the purpose involves personal data" in warnings


def test_an_unknown_clause_is_left_out_and_an_unknown_class_read_as_none() -> None:
    unknown = ruling(data="top_secret", clauses=("8.3", "99.9"))
    decision = ask(REFERENCE, unknown)
    assert decision.ruling is None  # "none" does not reach the colleague's personal data
    plain = "Can I use Copilot to write a thank-you note to the cleaning team?"
    thanks = ruling(purpose=plain, data="top_secret", clauses=("8.3", "99.9"))
    decision = ask(plain, thanks)
    assert decision.ruling is not None
    assert "99.9" not in cited(decision) and "99.9" not in decision.reasons[0].cites


def test_the_json_names_the_ruling_only_when_one_answered() -> None:
    data = ask(REFERENCE, ruling()).to_json()
    assert data["ruling"] == {
        "reference": "BQ-0001",
        "verdict": "allowed_with_conditions",
        "decided": "3 Dec 2026",
        "covers": True,
    }
    assert data["rule_ids"] == ["ruling:BQ-0001"]
    assert data["reasons"][0]["rule"] == "ruling:BQ-0001"
    assert {"id": "BQ-0001", "title": "Board ruling BQ-0001, 3 Dec 2026"} in data["citations"]
    assert "ruling" not in decide(SOCITM, REFERENCE).to_json()
    assert "ruling" not in ask("Can I use Copilot to write a job advert?", ruling()).to_json()


def test_information_and_incidents_are_untouched() -> None:
    for question in (
        "who approves new AI tools?",
        "I accidentally pasted a colleague's reference into Copilot",
    ):
        assert ask(question, ruling(), ADVERTS) == decide(SOCITM, question)


# --- Properties ----------------------------------------------------------------------------------

# Yes rulings on every policy, for uses made of the words a salad draws from, at the most
# sensitive classification: the widest a yes can be.
_SALAD_USES = ["write a summary of a report", "make a poster", "draft an email", "write a quiz"]
_MOST_SENSITIVE = {
    "mid-kent": "sensitive",
    "oadby-wigston": "personal",
    "school-model": "special_category",
    "socitm-template": "special_category",
}
_TOOLS = [None, "ChatGPT", "Copilot", "AI"]
WIDE = {
    policy_id: Register.build(
        policy,
        [],
        [
            ruling(
                f"BQ-{i:04d}",
                tool=tool,
                purpose=use,
                data=_MOST_SENSITIVE[policy_id],
                verdict=Verdict.ALLOWED,
                text="Yes.",
                conditions=(),
            )
            for i, (tool, use) in enumerate(
                (tool, use) for tool in _TOOLS for use in _SALAD_USES + KNOWN
            )
        ],
    )
    for policy_id, policy in POLICIES.items()
}


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(OPENERS),
    st.lists(st.sampled_from(UNKNOWN), min_size=3, max_size=9, unique=True),
    st.lists(st.sampled_from(KNOWN), max_size=1),
    st.randoms(use_true_random=False),
)
def test_a_word_salad_never_gets_a_yes_from_a_ruling(
    policy_id: str, opener: str, unknown: list[str], known: list[str], rng: random.Random
) -> None:
    words = unknown + known
    rng.shuffle(words)
    question = opener + " ".join(words)
    decision = decide(POLICIES[policy_id], question, register=WIDE[policy_id])
    assert decision.verdict not in YES, (question, decision.to_json())


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENT_WORDS + KNOWN), min_size=0, max_size=4))
def test_a_fragment_never_gets_a_yes_from_a_ruling(policy_id: str, words: list[str]) -> None:
    """A ruling never turns a fragment into a yes (some policies already allow a bare
    "poster", which is a use they permit outright). The policy's own yes counts even where the
    safety net doubts it (and the risk reader reads a risk into it): the board's ruling on a
    use is its judgement, not second-guessed."""
    policy = POLICIES[policy_id]
    question = " ".join(words)
    decision = decide(policy, question, register=WIDE[policy_id])
    if decision.verdict in YES:
        alone = decide(policy, question)
        doubted = alone.doubt is not None or alone.read_as is not None
        assert alone.verdict in YES or doubted, (question, decision.to_json())


_USES = ["write a reference for a colleague", "draft an email", "transcribe a meeting", ""]
_MORE = ["", "with a resident's address", "about a pupil's health", "and publish it", "?"]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tool=st.sampled_from(["ChatGPT", "Claude", "Gemini", "Midjourney"]),
    use=st.sampled_from(_USES),
    more=st.sampled_from(_MORE),
)
def test_rulings_for_one_tool_change_nothing_about_another(
    policy_id: str, tool: str, use: str, more: str
) -> None:
    policy = POLICIES[policy_id]
    register = Register.build(
        policy,
        [],
        [ruling(purpose=u or "x", verdict=v) for u in _USES for v in ("allowed", "prohibited")],
    )
    question = " ".join(p for p in (f"Can I use {tool}", f"to {use}" if use else "", more) if p)
    assert decide(policy, question, register=register) == decide(policy, question)
