"""The board's approval card and the requester's question card: valid Adaptive Card 1.5 in every
state, under Teams' size limit, person-typed text shown as written, actions for approvers only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot.cards.approval import (
    BoardView,
    approval_card,
    pending_card,
    question_for_requester_card,
)
from knowledge import decide, load_policy

from .card_checks import assert_valid_card, strings

POLICY = load_policy("socitm-template")
NOW = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
MARKDOWN = "**urgent** [click](https://evil.example) # heading"


@dataclass
class Request:
    reference: str = "AR-0007"
    created_at: datetime = NOW
    requester_name: str = "Sam Requester"
    tool: str = "Midjourney"
    purpose: str = "make posters for library events"
    data_description: str = "event titles and dates"
    data_classification: str = "public"
    expected_output: str = "poster images"
    output_use: str = "printed in libraries"
    justification: str | None = None
    status: str = "pending"
    decision: str | None = None
    decided_at: datetime | None = None
    conditions: str | None = None
    comments: str | None = None


@dataclass
class Note:
    text: str
    kind: str = "board_question"
    author_name: str = "Alex Approver"
    created_at: datetime = field(default=NOW)


def card_for(request: Request, *, approver: bool, notes=(), **view) -> dict:
    decision = decide(POLICY, f"Can I use {request.tool} to {request.purpose}?")
    return approval_card(request, list(notes), POLICY, decision, BoardView(approver, **view))


STATES = {
    "pending": Request(),
    "more info": Request(status="more_info_requested"),
    "approved with conditions": Request(
        status="decided", decision="approved_with_conditions", decided_at=NOW, conditions="No faces"
    ),
    "rejected": Request(status="decided", decision="rejected", decided_at=NOW, conditions="Cost"),
    "huge": Request(
        purpose="x " * 5000, output_use="y " * 5000, justification="z " * 5000, status="pending"
    ),
}


@pytest.mark.parametrize("approver", [True, False])
@pytest.mark.parametrize("state", STATES)
def test_every_state_is_a_valid_card_under_the_limit(state: str, approver: bool) -> None:
    notes = [Note("Which libraries? " * 100)] * 20
    assert_valid_card(
        card_for(STATES[state], approver=approver, notes=notes, approver_ids=["29:a"])
    )


def test_actions_only_in_the_approvers_view_of_an_open_request() -> None:
    open_view = card_for(Request(), approver=True)
    assert [a["title"] for a in open_view["actions"]] == [
        "Approve",
        "Approve with conditions",
        "Ask for more information",
        "Reject",
    ]
    assert "actions" not in card_for(Request(), approver=False)
    assert "actions" not in card_for(STATES["rejected"], approver=True)


def test_refresh_names_the_approvers_only_while_the_request_is_open() -> None:
    card = card_for(Request(), approver=False, approver_ids=["29:a", "29:b"])
    assert card["refresh"]["userIds"] == ["29:a", "29:b"]
    assert card["refresh"]["action"]["data"]["reference"] == "AR-0007"
    assert "refresh" not in card_for(STATES["rejected"], approver=False, approver_ids=["29:a"])


def test_person_typed_text_is_never_in_a_markdown_block() -> None:
    request = Request(purpose=MARKDOWN, requester_name=MARKDOWN, output_use=MARKDOWN)
    card = card_for(request, approver=True, notes=[Note(MARKDOWN)])
    for path, value in strings(card):
        if MARKDOWN in value:  # only ever a TextRun's text, which Teams shows as written
            assert path[-1] == "text" and "inlines" in path, path


def test_the_decision_names_who_decided_and_the_reason() -> None:
    card = card_for(STATES["rejected"], approver=True, decided_by_name="Alex Approver")
    words = " ".join(v for _, v in strings(card))
    assert "Rejected by" in words and "Alex Approver" in words and "Cost" in words


def test_question_and_pending_cards_are_valid() -> None:
    assert_valid_card(question_for_requester_card("AR-0007", "Alex Approver", MARKDOWN))
    assert_valid_card(pending_card([Request()] * 40, NOW, "Waiting"))
    assert_valid_card(pending_card([], NOW, "Waiting"))
