"""The board's incident card: valid and small in every state, people's text kept literal, the
responders' actions only for responders and only while open, the ICO deadline only when personal
data is or may be involved."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.cards.incident import (
    RESPONDER_VERBS,
    VERB_ACKNOWLEDGE,
    VERB_ASK,
    VERB_REFRESH,
    VERB_SET_STATUS,
    incident_card,
)
from knowledge import load_policy

from .card_checks import assert_valid_card, elements, misplaced, run_texts, strings

POLICY = load_policy("mid-kent")
REPORTED = datetime(2026, 11, 25, 15, 42, tzinfo=UTC)
NOW = REPORTED + timedelta(hours=3)
MARKDOWN = "**Jo** [click](https://evil.example) <at>all</at> # heading"


@dataclass
class FakeIncident:
    reference: str = "INC-0001"
    created_at: datetime = REPORTED
    reporter_name: str = "Rita Reporter"
    description: str = "Pasted a resident's email into ChatGPT"
    tool: str | None = "ChatGPT"
    severity: str = "high"
    severity_reasons: list[str] = field(
        default_factory=lambda: ["personal data went into a public AI tool: high"]
    )
    status: str = "open"
    closed_at: datetime | None = None
    occurred_text: str | None = "Wednesday 25 November 2026, around 3pm"
    personal_data: str | None = "yes"
    data_kinds: list[str] = field(default_factory=lambda: ["personal"])
    data_subjects: str | None = "one resident"
    people_affected: str | None = "one"
    actions_taken: str | None = "Deleted the chat"
    assigned_name: str | None = None
    acknowledged_at: datetime | None = None


@dataclass
class FakeNote:
    text: str
    kind: str = "reporter_addition"
    author_name: str = "Rita Reporter"
    created_at: datetime = REPORTED + timedelta(hours=1)


ACKNOWLEDGED = {"assigned_name": "Dee DPO", "acknowledged_at": REPORTED + timedelta(hours=1)}
STATES = {
    "reported": {},
    "acknowledged": ACKNOWLEDGED,
    "investigating": {**ACKNOWLEDGED, "status": "investigating"},
    "mitigated": {**ACKNOWLEDGED, "status": "mitigated"},
    "closed": {**ACKNOWLEDGED, "status": "closed", "closed_at": NOW},
}


def card_for(incident: FakeIncident, notes: list[FakeNote] | None = None, **view: Any):
    view.setdefault("responder_view", True)
    return incident_card(incident, notes or [], POLICY, now=NOW, **view)


def executes(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in elements(card) if e["type"] == "Action.Execute"]


def verbs(card: dict[str, Any]) -> list[str]:
    return [e["verb"] for e in executes(card) if e is not card.get("refresh", {}).get("action")]


def text_of(card: dict[str, Any]) -> str:
    return " ".join(text for _, text in strings(card))


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("responder_view", [True, False])
def test_every_state_is_a_valid_card_under_the_limit(state: str, responder_view: bool) -> None:
    incident = FakeIncident(**STATES[state])
    notes = [
        FakeNote("I also pasted her phone number"),
        FakeNote("Which account?", "board_question"),
    ]
    card = card_for(incident, notes, responder_view=responder_view, responder_ids=["29:dee"])
    assert_valid_card(card)
    assert "INC-0001" in text_of(card)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("reported", [VERB_ACKNOWLEDGE, VERB_SET_STATUS, VERB_ASK]),
        ("acknowledged", [VERB_SET_STATUS, VERB_ASK]),
        ("investigating", [VERB_SET_STATUS, VERB_ASK]),
        ("mitigated", [VERB_SET_STATUS, VERB_ASK]),
        ("closed", []),
    ],
)
def test_responders_get_the_actions_that_still_make_sense(state: str, expected: list[str]):
    assert verbs(card_for(FakeIncident(**STATES[state]))) == expected
    assert verbs(card_for(FakeIncident(**STATES[state]), responder_view=False)) == []


def test_every_execute_names_the_incident_and_falls_back_to_a_submit() -> None:
    card = card_for(FakeIncident())
    for action in executes(card):
        if action is card.get("refresh", {}).get("action"):
            continue
        assert action["verb"] in RESPONDER_VERBS
        assert action["data"]["reference"] == "INC-0001"
        fallback = action["fallback"]
        assert fallback["type"] == "Action.Submit"
        assert fallback["data"] == {"verb": action["verb"], "reference": "INC-0001"}


def show_card_named(card: dict[str, Any], title: str) -> dict[str, Any]:
    [found] = [a for a in card["actions"] if a["type"] == "Action.ShowCard" and a["title"] == title]
    return found["card"]


def test_set_status_offers_the_three_statuses_and_a_note() -> None:
    sub = show_card_named(card_for(FakeIncident()), "Set status")
    [choices] = [e for e in sub["body"] if e["type"] == "Input.ChoiceSet"]
    assert choices["id"] == "status"
    assert [c["value"] for c in choices["choices"]] == ["investigating", "mitigated", "closed"]
    assert any(e["type"] == "Input.Text" and e["id"] == "note" for e in sub["body"])
    assert [a["verb"] for a in sub["actions"]] == [VERB_SET_STATUS]


def test_asking_the_reporter_takes_a_question() -> None:
    sub = show_card_named(card_for(FakeIncident()), "Ask the reporter")
    assert [e["id"] for e in sub["body"] if e["type"] == "Input.Text"] == ["question"]
    assert [a["verb"] for a in sub["actions"]] == [VERB_ASK]


def test_refresh_names_the_responders_and_is_left_out_without_them() -> None:
    card = card_for(FakeIncident(), responder_ids=["29:dee", "29:sam"])
    refresh = card["refresh"]
    assert refresh["userIds"] == ["29:dee", "29:sam"]
    assert refresh["action"]["type"] == "Action.Execute"
    assert refresh["action"]["verb"] == VERB_REFRESH
    assert refresh["action"]["data"]["reference"] == "INC-0001"
    assert "refresh" not in card_for(FakeIncident())


@pytest.mark.parametrize(
    "where",
    ["description", "tool", "occurred_text", "data_subjects", "people_affected", "actions_taken",
     "reporter_name", "assigned_name", "note", "note_author", "reason"],
)  # fmt: skip
def test_what_people_typed_stays_literal(where: str) -> None:
    incident = FakeIncident(**ACKNOWLEDGED)
    note = FakeNote("ordinary")
    if where == "note":
        note = FakeNote(MARKDOWN)
    elif where == "note_author":
        note = FakeNote("ordinary", author_name=MARKDOWN)
    elif where == "reason":
        incident = replace(incident, severity_reasons=[MARKDOWN])
    else:
        incident = replace(incident, **{where: MARKDOWN})
    card = card_for(incident, [note])
    assert any(MARKDOWN in text for text in run_texts(card)), where
    assert misplaced(card, MARKDOWN) == []


@pytest.mark.parametrize(
    ("personal", "shown"), [("yes", True), ("not_sure", True), ("no", False), (None, False)]
)
def test_the_ico_deadline_only_when_personal_data_is_or_may_be_involved(
    personal: str | None, shown: bool
) -> None:
    card = card_for(FakeIncident(personal_data=personal))
    text = text_of(card)
    assert ("Sat 28 Nov 2026, 15:42" in text) is shown  # created 15:42 GMT + 72 hours
    assert ("within 72 hours" in text) is shown
    assert ("Possible personal data breach" in text) is shown
    if shown:
        assert "69 hours left" in text
        assert "the Data Protection Officer" in text  # Mid-Kent names its DPO


def test_the_deadline_is_uk_time_in_summer() -> None:
    summer = FakeIncident(created_at=datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    text = text_of(incident_card(summer, [], POLICY, responder_view=True, now=summer.created_at))
    assert "Sat 4 Jul 2026, 10:00" in text  # BST


def test_a_passed_deadline_says_so() -> None:
    card = incident_card(
        FakeIncident(), [], POLICY, responder_view=True, now=REPORTED + timedelta(days=4)
    )
    assert "this time has passed" in text_of(card)


def test_notes_are_shown_oldest_first_newest_last() -> None:
    notes = [FakeNote(f"note {n}", created_at=REPORTED + timedelta(minutes=n)) for n in range(1, 4)]
    texts = run_texts(card_for(FakeIncident(), notes))
    positions = [texts.index(f"note {n}") for n in range(1, 4)]
    assert positions == sorted(positions)


def test_who_acknowledged_and_how_long_unacknowledged_are_shown() -> None:
    assert "Not acknowledged yet (reported 3 hours ago)" in text_of(card_for(FakeIncident()))
    acknowledged = text_of(card_for(FakeIncident(**ACKNOWLEDGED)))
    assert "Acknowledged and assigned to" in acknowledged and "Dee DPO" in acknowledged


def test_a_notice_for_the_responder_who_clicked() -> None:
    card = card_for(FakeIncident(), notice="Already acknowledged by Dee DPO")
    assert "Already acknowledged by Dee DPO" in run_texts(card)


def test_huge_and_non_ascii_text_is_cut_to_fit() -> None:
    big = "🙂 données " * 3000
    incident = FakeIncident(description=big, data_subjects=big, actions_taken=big)
    notes = [FakeNote(big) for _ in range(20)]
    card = card_for(incident, notes, responder_ids=[f"29:{n}" for n in range(60)])
    assert_valid_card(card)
    assert "earlier notes are in the records" in text_of(card)
