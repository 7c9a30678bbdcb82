"""Typed board decisions read into the same verb and data as the card's buttons."""

from __future__ import annotations

import pytest

from forms import verbs
from forms.board_commands import (
    BoardCommand,
    Usage,
    parse_board_command,
    parse_question_command,
)


@pytest.mark.parametrize(
    ("text", "verb", "data"),
    [
        ("approve AR-0002", verbs.APPROVE, {}),
        ("Approve ar-0002.", verbs.APPROVE, {}),
        (
            "approve AR-0002 with conditions: credit the tool; no photos of people",
            verbs.APPROVE_WITH_CONDITIONS,
            {"conditions": "credit the tool; no photos of people"},
        ),
        ("reject AR-0002: too costly", verbs.REJECT, {"reason": "too costly"}),
        ("ask AR-0002: which data exactly?", verbs.MORE_INFO, {"question": "which data exactly?"}),
        ("acknowledge INC-0001", verbs.ACKNOWLEDGE, {}),
        ("ack INC-0001", verbs.ACKNOWLEDGE, {}),
        (
            "status INC-0001 mitigated: chat deleted, OpenAI asked to remove it",
            verbs.SET_STATUS,
            {"status": "mitigated", "note": "chat deleted, OpenAI asked to remove it"},
        ),
        ("status INC-0001 closed", verbs.SET_STATUS, {"status": "closed", "note": ""}),
        ("ask INC-0001: work account?", verbs.INCIDENT_ASK, {"question": "work account?"}),
    ],
)  # fmt: skip
def test_a_typed_decision_reads_as_its_button(text: str, verb: str, data: dict) -> None:
    command = parse_board_command(text)
    assert isinstance(command, BoardCommand)
    reference = "AR-0002" if "ar-" in text.lower() else "INC-0001"
    assert command == BoardCommand(verb, {"reference": reference, **data})


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("reject AR-0002", "reject AR-0002: ..."),
        ("approve AR-0002 with conditions", "with conditions: ..."),
        ("ask AR-0002", "ask AR-0002: ..."),
        ("status INC-0001 sorted: all fine", "investigating|mitigated|closed"),
        ("approve INC-0001", "acknowledge INC-0001"),
        ("acknowledge AR-0002", "approve AR-0002"),
    ],
)
def test_an_unfinished_command_says_what_to_type(text: str, hint: str) -> None:
    usage = parse_board_command(text)
    assert isinstance(usage, Usage) and hint in usage.text


@pytest.mark.parametrize(
    "text",
    [
        "can I approve my own use of copilot?",
        "who should approve AR requests",
        "answer AR-0002: it is public data only",  # the requester's answer, its own route
        "add to INC-0001: I also pasted a phone number",
        "approve",
    ],
)
def test_other_messages_are_not_board_commands(text: str) -> None:
    assert parse_board_command(text) is None


@pytest.mark.parametrize(
    ("text", "verb", "data"),
    [
        ("take BQ-0001", verbs.TAKE_QUESTION, {}),
        ("ask bq-7: which team?", verbs.ASK_ASKER, {"question": "which team?"}),
        (
            "answer BQ-0001 allowed with conditions: only with the council's licence",
            verbs.ANSWER_QUESTION,
            {"verdict": "allowed_with_conditions", "text": "only with the council's licence",
             "ruling": "false"},
        ),
        (
            "answer BQ-0001 not allowed as a ruling: bids hold confidential figures",
            verbs.ANSWER_QUESTION,
            {"verdict": "prohibited", "text": "bids hold confidential figures", "ruling": "true"},
        ),
        (
            "Answer BQ-0001 needs approval and keep it as a ruling - ask for a DPIA first",
            verbs.ANSWER_QUESTION,
            {"verdict": "needs_approval", "text": "ask for a DPIA first", "ruling": "true"},
        ),
        ("withdraw BQ-0001: the policy now lists it", verbs.WITHDRAW_RULING,
         {"reason": "the policy now lists it"}),
        ("withdraw BQ-0001", verbs.WITHDRAW_RULING, {"reason": ""}),
        # no verdict after the reference: the asker's reply to the board's question back
        ("answer BQ-0001: the Arts Council", verbs.BOARD_QUESTION_REPLY,
         {"answer": "the Arts Council"}),
        ("answer BQ-0001 allowedx: hmm", verbs.BOARD_QUESTION_REPLY, {"answer": "allowedx: hmm"}),
    ],
)  # fmt: skip
def test_board_question_commands(text: str, verb: str, data: dict[str, str]) -> None:
    reference = "BQ-0007" if "bq-7" in text else "BQ-0001"
    assert parse_question_command(text) == BoardCommand(verb, {"reference": reference, **data})


@pytest.mark.parametrize(
    "text", ["answer BQ-0001 allowed", "answer BQ-0001 not allowed as a ruling:", "answer BQ-0001"]
)
def test_an_unfinished_answer_says_how_to_type_it(text: str) -> None:
    found = parse_question_command(text)
    assert isinstance(found, Usage) and "answer BQ-0001 allowed|" in found.text


def test_other_references_are_not_board_questions() -> None:
    assert parse_question_command("answer AR-0001: the libraries") is None
    assert parse_question_command("Can I use ChatGPT to answer questions?") is None
