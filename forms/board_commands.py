"""The board's decisions typed instead of clicked, for clients that cannot show the card's
buttons to the right people (the Microsoft 365 Agents Playground shows no user-specific views):

    approve AR-0002
    approve AR-0002 with conditions: credit the tool
    reject AR-0002: too costly
    ask AR-0002: which data exactly?
    acknowledge INC-0001
    status INC-0001 mitigated: chat deleted
    ask INC-0001: was it your work account?

Each reads into the same verb and data a button press carries, so a typed decision goes through
the same checks, audit and card update as a click. A command that names a reference but is not
complete reads as a `Usage` line instead, never as some other command.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import verbs

STATUSES = ("investigating", "mitigated", "closed")

_COMMAND = re.compile(
    r"^\s*(?P<word>approve|reject|ask|acknowledge|ack|status)\s+"
    r"(?P<reference>(?:AR|INC)-\d{1,9})\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CONDITIONS = re.compile(r"^\s*with\s+conditions?\s*[:\-]?\s*(?P<text>.*)$", re.I | re.S)
_STATUS = re.compile(r"^\s*(?P<status>\w+)\s*[:\-]?\s*(?P<note>.*)$", re.DOTALL)


@dataclass(frozen=True)
class BoardCommand:
    verb: str
    data: dict[str, str]


@dataclass(frozen=True)
class Usage:
    """A board command begun but not finished: what to type instead."""

    text: str


def parse_board_command(text: str) -> BoardCommand | Usage | None:
    match = _COMMAND.match(text)
    if match is None:
        return None
    word = match["word"].lower()
    reference = match["reference"].upper()
    rest = " ".join(match["rest"].split()).lstrip(":- ").strip()
    if not rest.strip(".!?"):
        rest = ""  # "approve AR-0002." ends the command
    if reference.startswith("AR-"):
        return _approval(word, reference, rest, match["rest"])
    return _incident(word, reference, rest)


def _approval(word: str, reference: str, rest: str, raw: str) -> BoardCommand | Usage:
    data = {"reference": reference}
    if word == "approve":
        conditions = _CONDITIONS.match(raw)
        if conditions is None and not rest:
            return BoardCommand(verbs.APPROVE, data)
        text = " ".join(conditions["text"].split()) if conditions else ""
        if not text:
            return Usage(
                f"To approve with conditions, type: approve {reference} with conditions: ..."
            )
        return BoardCommand(verbs.APPROVE_WITH_CONDITIONS, {**data, "conditions": text})
    if word == "reject":
        if not rest:
            return Usage(f"Give the reason: reject {reference}: ...")
        return BoardCommand(verbs.REJECT, {**data, "reason": rest})
    if word == "ask":
        return _ask(verbs.MORE_INFO, reference, rest)
    return Usage(
        f"For a request, type: approve {reference}, approve {reference} with conditions: ..., "
        f"reject {reference}: ... or ask {reference}: ..."
    )


def _incident(word: str, reference: str, rest: str) -> BoardCommand | Usage:
    data = {"reference": reference}
    if word in ("acknowledge", "ack"):
        return BoardCommand(verbs.ACKNOWLEDGE, data)
    if word == "status":
        found = _STATUS.match(rest)
        if found is None or found["status"].lower() not in STATUSES:
            return Usage(f"Type: status {reference} investigating|mitigated|closed: a short note")
        status, note = found["status"].lower(), found["note"].lstrip(":- ")
        return BoardCommand(verbs.SET_STATUS, {**data, "status": status, "note": note})
    if word == "ask":
        return _ask(verbs.INCIDENT_ASK, reference, rest)
    return Usage(
        f"For an incident, type: acknowledge {reference}, status {reference} mitigated: ... or "
        f"ask {reference}: ..."
    )


def _ask(verb: str, reference: str, question: str) -> BoardCommand | Usage:
    if not question:
        return Usage(f"Write the question: ask {reference}: ...")
    return BoardCommand(verb, {"reference": reference, "question": question})
