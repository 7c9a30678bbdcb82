"""Reading a message for the incident report: does it tell of something that has gone wrong (or
ask to report it), and is it the reporter adding to an earlier report.

Pure functions over text (no botbuilder), so the bot can route a message before any dialog runs.
"Can I paste a resident's email into ChatGPT?" asks permission: it is not an incident. "I
accidentally pasted a resident's email into ChatGPT" is one, and so is "report an incident".
"""

from __future__ import annotations

import re

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

_COMMAND = re.compile(
    r"\b(?:report|log|raise|record|flag|tell you about|let you know about)\s+"
    r"(?:an?\s+|the\s+|this\s+|that\s+|my\s+|some\s+)?(?:(?:ai|data|security|possible|"
    r"potential|privacy)\s+)*(?:incident|breach|data breach|mistake|near miss|problem|error)\b"
    r"|^(?:an?\s+)?(?:ai\s+|data\s+|security\s+)?(?:incident|breach|data breach)"
    r"(?:\s+report)?\s*$"
)
# Telling of something gone wrong, whatever was involved.
_WRONG = re.compile(
    r"\b(?:accidentally|by accident|by mistake|mistakenly|in error|leaked|data breach|breach|"
    r"near miss|near-miss|hallucinated|made up (?:an?\s+|some\s+)?(?:\w+\s+)?(?:figures?|numbers?|"
    r"facts?|quotes?|references?|statistics?|stats|sources?|cases?|names?)|invented (?:an?\s+)?\w+|"
    r"got (?:it|that|the \w+) wrong|sent (?:it|this|that|them) to the wrong|went out with|"
    r"was published with|what (?:should|do) i do now)\b"
)
# Putting information somewhere: an incident when the information is about people or private.
_PUT = re.compile(
    r"\b(?:i|i've|i have|we|we've|we have|my colleague|a colleague|someone|somebody|they|"
    r"he|she)\s+(?:\w+ly\s+|just\s+|already\s+)?(?:has\s+|had\s+)?(?:pasted|copied|"
    r"uploaded|entered|typed|put|shared|fed|gave|dropped|attached)\b"
)
_PRIVATE = re.compile(
    r"\b(?:\w+'s|\w+s'|personal|private|confidential|sensitive|resident|residents|pupil|pupils|"
    r"student|students|child|children|customer|customers|tenant|tenants|client|clients|patient|"
    r"patients|staff|employee|employees|case|casework|email address|address|addresses|phone|"
    r"names?|details|data|records?|file|files|list|password|passwords|report|minutes|contract|"
    r"budget|hr|payroll|salary|medical|health|safeguarding|sen|ehcp)\b"
)
# Asking permission or asking about the process, not telling what happened.
_HYPOTHETICAL = re.compile(
    r"^(?:please\s+)?(?:can|could|may|might|should|shall|would|will|am i|are we|is it|"
    r"is that|what if|if i|if we|do i need|what counts|what is|what's)\b"
)
_ALREADY = re.compile(r"\b(?:accidentally|by accident|by mistake|mistakenly|already|i've|i have)\b")
_ADDITION = re.compile(
    r"^\s*(?:please\s+)?add(?:\s+(?:this|that|the following))?\s+to\s+"
    r"inc(?:ident)?[\s#-]*(\d{1,9})\b\s*[:\-,.]?\s*(.*)$",
    re.I | re.S,
)
_ANSWER = re.compile(
    r"^\s*(?:my\s+)?(?:answer|reply)(?:\s+(?:to|for))?\s+"
    r"inc(?:ident)?[\s#-]*(\d{1,9})\b\s*[:\-,.]?\s*(.*)$",
    re.I | re.S,
)


def _normal(text: str) -> str:
    return " ".join(text.translate(_QUOTES).lower().split())


def recognise_incident(text: str) -> bool:
    """True when `text` asks to report an incident ("report an incident", "I need to report a
    data breach") or tells of one ("I accidentally pasted a resident's email into ChatGPT",
    "copilot made up a figure that went into a committee report"). A question asking whether
    something would be allowed, or how reporting works, is not one unless it also says it has
    already happened ("can you help, I've pasted ...")."""
    lowered = _normal(text)
    if not lowered:
        return False
    if _COMMAND.search(lowered):
        return True
    told = bool(_WRONG.search(lowered)) or bool(_PUT.search(lowered) and _PRIVATE.search(lowered))
    if not told:
        return False
    return not _HYPOTHETICAL.match(lowered) or bool(_ALREADY.search(lowered))


_JUST_COMMAND = re.compile(
    r"^(?:hi |hello |please |ok |so )*(?:(?:i|we)(?:'d| would)? (?:want|need|like|have) to |"
    r"(?:can|could|may) (?:i|we|you) (?:please )?|how do i |i'm here to |let me |help me )?"
    r"(?:report|log|raise|record|flag) (?:an?|the|this|that|my|some)?\s*(?:(?:ai|data|security|"
    r"possible|potential|privacy) )*(?:incident|breach|data breach|mistake|near miss|problem|"
    r"error)(?: (?:please|now|with ai|about ai))?$|^(?:an? )?(?:ai |data |security )?(?:incident|"
    r"breach|data breach)(?: report)?$"
)


def is_report_command(text: str) -> bool:
    """True for a request to report that says nothing about what happened ("report an
    incident", "I need to report a data breach"): the report starts empty."""
    return bool(_JUST_COMMAND.match(_normal(text).strip(" .!?")))


def incident_reference(number: str) -> str:
    return f"INC-{int(number):04d}"


def parse_addition(text: str) -> tuple[str, str] | None:
    """ "add to INC-0001: I also pasted her phone number" -> ("INC-0001", "I also pasted her
    phone number"). The number may be written "INC-1", "inc 0001" or "incident 1". None when
    the message is not an addition or adds nothing."""
    return _parse(_ADDITION, text)


def parse_answer(text: str) -> tuple[str, str] | None:
    """ "answer INC-0001: it was my work account" -> ("INC-0001", "it was my work account"): the
    reporter's reply to a question from the board. None otherwise."""
    return _parse(_ANSWER, text)


def _parse(pattern: re.Pattern[str], text: str) -> tuple[str, str] | None:
    match = pattern.match(text.translate(_QUOTES))
    if match is None:
        return None
    added = match[2].strip()
    if not added:
        return None
    return incident_reference(match[1]), added
