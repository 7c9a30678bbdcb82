"""The incident reader (knowledge.risk_reader.incident_reader): whether a message tells of
something already done, and what the engine does with it where it would otherwise say no or ask
back (knowledge.engine._told_of)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import knowledge.engine as engine
from knowledge import Verdict, decide, load_policy
from knowledge.loader import bundled_ids
from knowledge.reader import read_question
from knowledge.risk_reader import INCIDENT, OTHER, incident_reader, incident_rows

from .patched import Says

POLICIES = {policy_id: load_policy(policy_id) for policy_id in bundled_ids()}
REPORTED = "It sounds as if something has already happened."
# Stories told in words the lexicon reads no incident in (written for these tests, in no table).
TOLD = [
    (
        "oadby-wigston",
        "one of the planning officers was using a chatbot on his own phone to write up site "
        "visit notes with the applicants' addresses in. not sure what to do",
    ),
    (
        "mid-kent",
        # (not "I don't want to get him in trouble", which the reader now reads as an incident
        # told: test_untested_phrasings)
        "I found out someone in my team uses a free AI site for drafting replies to residents "
        "with their names and addresses in. Not sure what to make of it",
    ),
    (
        "mid-kent",
        "my manager told me she's been using her own chatgpt account to draft disciplinary "
        "letters with staff names in",
    ),
]


def test_it_learns_reports_from_the_rest() -> None:
    assert set(incident_reader().kinds) == {INCIDENT, OTHER}
    rows = incident_rows()
    assert {kind for *_, kind in rows} == {INCIDENT, OTHER}
    # every question of the open tables, one class or the other
    assert len(rows) == len({(policy, text) for policy, _, text, _ in rows})


@pytest.fixture
def says(monkeypatch: pytest.MonkeyPatch) -> Iterator[Says]:
    reader = Says(INCIDENT)
    monkeypatch.setattr(engine, "incident_reader", lambda: reader)
    yield reader


@pytest.mark.parametrize(("policy_id", "message"), TOLD)
def test_a_story_the_lexicon_misses_is_answered_as_an_incident_when_the_reader_is_sure(
    says: Says, policy_id: str, message: str
) -> None:
    policy = POLICIES[policy_id]
    assert "incident" not in read_question(policy, message).signals
    says.sure = engine.INCIDENT_SURE - 0.05
    unsure = decide(policy, message)
    assert unsure.verdict in engine.TOLD_OVER
    says.sure = engine.INCIDENT_SURE
    told = decide(policy, message)
    assert told.verdict == Verdict.INFORMATION
    assert told.answer.startswith(REPORTED)
    assert told.next_step == "report_incident"


@pytest.mark.parametrize(("policy_id", "message"), TOLD)
def test_the_shipped_reader_reads_them_as_told(policy_id: str, message: str) -> None:
    decision = decide(POLICIES[policy_id], message)
    assert decision.verdict == Verdict.INFORMATION
    assert decision.answer.startswith(REPORTED)


def test_the_report_still_names_the_rule_the_use_went_against(says: Says) -> None:
    says.sure = 0.99
    policy_id, message = TOLD[1]
    decision = decide(POLICIES[policy_id], message)
    assert "The rule that applies (7.3" in decision.answer
    assert "7.3" in [c.id for c in decision.citations]
    # the policy's route says an honest mistake carries no penalty; the answer says so once
    assert decision.answer.lower().count("penalty") == 1


@pytest.mark.parametrize(
    ("policy_id", "message", "verdict"),
    [
        # a use asked for is a use, however the reader reads it
        (
            "school-model",
            "can i feed the year 9 behaviour logs into some AI website to write the reports home",
            Verdict.PROHIBITED,
        ),
        # never over a yes
        (
            "mid-kent",
            "can copilot draft a polite chaser for overdue library books? no names",
            Verdict.ALLOWED_WITH_CONDITIONS,
        ),
    ],
)
def test_a_use_asked_for_or_a_yes_is_never_read_as_a_report(
    says: Says, policy_id: str, message: str, verdict: Verdict
) -> None:
    says.sure = 0.99
    assert decide(POLICIES[policy_id], message).verdict == verdict


@pytest.mark.parametrize(
    ("policy_id", "message", "verdict"),
    [
        ("mid-kent", "AI for the arrears?", Verdict.NEEDS_APPROVAL),
        ("oadby-wigston", "what about the other one we used", Verdict.UNCLEAR),
    ],
)
def test_too_little_said_is_no_story(
    says: Says, policy_id: str, message: str, verdict: Verdict
) -> None:
    says.sure = 0.99
    assert decide(POLICIES[policy_id], message).verdict == verdict
