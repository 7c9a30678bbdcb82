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


# -- questions for the board (BQ-0001) ---------------------------------------------------------
#     take BQ-0001
#     ask BQ-0001: which team are you in?
#     answer BQ-0001 allowed with conditions: only with the council's Copilot licence
#     answer BQ-0001 not allowed as a ruling: ...      (kept as a ruling on that use)
#     withdraw BQ-0001: the policy now says this
#     answer BQ-0001: my reply                          (the asker, replying to the board)

_QUESTION_COMMAND = re.compile(
    r"^\s*(?P<word>answer|take|ask|withdraw)\s+(?P<reference>BQ-\d{1,9})\b(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)
# Longest first, so "allowed with conditions" is not read as "allowed".
_VERDICTS = (
    ("allowed with conditions", "allowed_with_conditions"),
    ("allowed_with_conditions", "allowed_with_conditions"),
    ("needs approval", "needs_approval"),
    ("needs_approval", "needs_approval"),
    ("not allowed", "prohibited"),
    ("prohibited", "prohibited"),
    ("allowed", "allowed"),
    ("information", "information"),
)
_AS_RULING = re.compile(r"^(?:and\s+)?(?:keep\s+(?:it\s+)?)?as\s+(?:a\s+)?ruling\b", re.I)
ANSWER_USAGE = (
    "Type: answer {reference} allowed|allowed with conditions|needs approval|not allowed: why "
    '(add "as a ruling" before the colon to answer later questions about this use the same way)'
)


def parse_question_command(text: str) -> BoardCommand | Usage | None:
    """A board command about a question for the board, or the asker's typed reply."""
    match = _QUESTION_COMMAND.match(text)
    if match is None:
        return None
    word = match["word"].lower()
    reference = f"BQ-{int(match['reference'][3:]):04d}"  # "bq-7" is BQ-0007
    rest = " ".join(match["rest"].split()).strip()
    data = {"reference": reference}
    if word == "take":
        return BoardCommand(verbs.TAKE_QUESTION, data)
    if word == "ask":
        return _ask(verbs.ASK_ASKER, reference, rest.lstrip(":- ").strip())
    if word == "withdraw":
        return BoardCommand(verbs.WITHDRAW_RULING, {**data, "reason": rest.lstrip(":- ").strip()})
    return _answer(reference, rest)


def _answer(reference: str, rest: str) -> BoardCommand | Usage:
    lowered = rest.lower()
    for words, verdict in _VERDICTS:
        if lowered.startswith(words) and not lowered[len(words) : len(words) + 1].isalnum():
            after = rest[len(words) :].strip()
            ruling = _AS_RULING.match(after)
            if ruling:
                after = after[ruling.end() :].strip()
            why = after.lstrip(":- ").strip()
            if not why.strip(".!?"):
                return Usage(ANSWER_USAGE.format(reference=reference))
            fields = {"reference": reference, "verdict": verdict, "text": why}
            return BoardCommand(
                verbs.ANSWER_QUESTION, {**fields, "ruling": "true" if ruling else "false"}
            )
    reply = rest.lstrip(":- ").strip()
    if not reply:
        return Usage(ANSWER_USAGE.format(reference=reference))
    return BoardCommand(verbs.BOARD_QUESTION_REPLY, {"reference": reference, "answer": reply})
