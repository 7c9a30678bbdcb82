"""Typed board decisions read into the same verb and data as the card's buttons."""

from __future__ import annotations

import pytest

from forms import verbs
from forms.board_commands import BoardCommand, Usage, parse_board_command


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
