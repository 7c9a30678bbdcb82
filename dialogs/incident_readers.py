"""How the incident report reads each reply: a time, yes / no / not sure, the kinds of data,
a number of people, the summary's choices and the offer to resume. Pure functions of the text
(and, for a time, of now); the form's field table (incident_form.py) names which reads which."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from knowledge.severity import read_people_count
from knowledge.when import When, read_when

from .incident_cards import CANCEL, CONTINUE, EDIT, START_AGAIN, SUBMIT, Option
from .prompts import Choice, Reading, accepted, check_text, match_choice, rejected

UNSURE = "unsure"
TOOL_LIMIT = 100  # characters of a tool's name (the records' column holds 200)

KIND_OPTIONS = (
    Option("personal", "Personal details (names, contact details, case notes)"),
    Option("special_category", "Health, ethnicity, religion, safeguarding, SEN or similar"),
    Option("children", "About children or pupils"),
    Option("confidential", "Confidential business information"),
    Option(UNSURE, "Not sure"),
)
KIND_WORDS = {
    "personal": r"personal|names?|contact|emails?|address(?:es)?|phone|details|case ?notes?|"
    r"ordinary|identif\w*",
    "special_category": r"special|health|medical|ethnic\w*|religio\w*|sexual\w*|biometric\w*|"
    r"safeguarding|sen|ehcp|criminal|disabilit\w*|sensitive|mental",
    "children": r"child(?:ren)?|pupils?|students?|kids?|young|minors?|school",
    "confidential": r"confidential|business|commercial|passwords?|contracts?|not personal",
    UNSURE: r"not sure|unsure|don'?t know|no idea|not certain",
}
KIND_LABELS = {
    "personal": "personal details",
    "special_category": "special category or sensitive",
    "children": "about children or pupils",
    "confidential": "confidential business information",
}
NOT_SURE = re.compile(
    r"\b(?:not sure|unsure|don'?t know|do not know|dunno|no idea|can'?t remember|"
    r"cannot remember|not certain|maybe|possibly|might have been|i think so but)\b"
)
_NOT_SURE_ALONE = re.compile(
    r"^(?:i'?m |i am |i )?(?:not sure|unsure|don'?t know|do not know|dunno|no idea|"
    r"can'?t remember|cannot remember|not certain)$"
)
_NO = re.compile(r"^(?:no|n|nope|none|nothing|not really|no personal|nothing personal)\b")
_YES = re.compile(r"^(?:yes|y|yep|yeah|yup|it was|there was|i think so|correct|definitely)\b")
_WRONG_TIME = re.compile(r"^(?:no|n|nope|wrong|not right|incorrect|that'?s wrong|not quite)\b")
_RIGHT_TIME = re.compile(
    r"^(?:yes|y|yep|yeah|yup|correct|right|that'?s right|that is right|ok|okay|spot on|"
    r"that'?s it|exactly)\b"
)


def answer_key(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").strip(" .!?").split())


def report_id() -> str:
    return uuid.uuid4().hex[:12]


def when_of(pending: Mapping[str, Any]) -> When:
    return When(datetime.fromisoformat(pending["at"]), pending["precision"], pending["text"])


def read_tool(text: str) -> Reading:
    if _NOT_SURE_ALONE.match(answer_key(text)):
        return accepted("not sure")
    return check_text(text, TOOL_LIMIT)


def read_when_answer(text: str, now: datetime) -> Reading:
    """A time read from the words (confirmed next), or "not sure" in any words."""
    if not text:
        return rejected("I didn't get any text there.")
    found = read_when(text, now)
    if isinstance(found, When):
        return accepted(
            {"at": found.at.isoformat(), "precision": found.precision, "text": text[:200]}
        )
    if NOT_SURE.search(answer_key(text)):
        return accepted({"at": None, "precision": None, "text": text[:200]})
    return rejected(f'{found.reason} A rough answer is fine, or say "not sure".')


def read_confirmation(text: str) -> Reading:
    key = answer_key(text)
    if _WRONG_TIME.match(key):
        return accepted("no")
    if _RIGHT_TIME.match(key):
        return accepted("yes")
    return rejected('Please say "yes" if that time is right, or "no" to give it again.')


def read_involved(text: str) -> Reading:
    key = answer_key(text)
    if key == "not_sure" or NOT_SURE.search(key):
        return accepted("not_sure")
    if _NO.match(key):
        return accepted("no")
    if _YES.match(key):
        return accepted("yes")
    return rejected('Please answer "yes", "no" or "not sure", or press a button.')


def read_kinds(text: str) -> Reading:
    key = answer_key(text)
    numbers = re.findall(r"\d+", key)
    if numbers and not re.sub(r"[\d\s,;&+/]|\band\b", "", key):
        picked = [int(n) for n in numbers]
        if all(1 <= n <= len(KIND_OPTIONS) for n in picked):
            return accepted(sorted({KIND_OPTIONS[n - 1].choice for n in picked}))
        return rejected(f"Please use numbers from 1 to {len(KIND_OPTIONS)}.")
    found = sorted(k for k, words in KIND_WORDS.items() if re.search(rf"\b(?:{words})\b", key))
    if found:
        return accepted(found)
    return rejected('I couldn\'t match that to the list: type the numbers, such as "1, 3".')


def read_people(text: str) -> Reading:
    if not text:
        return rejected("I didn't get any text there.")
    count = read_people_count(text)
    if count is None:
        return rejected("I couldn't find a number in that.")
    return accepted({"text": text[:200], "count": count.count})


# Someone a report is about, counted: "one resident", "a pupil's", "30 pupils", "two families".
_PEOPLE_NOUNS = (
    r"residents?|tenants?|pupils?|students?|child(?:ren)?|kids?|parents?|carers?|famil(?:y|ies)|"
    r"colleagues?|customers?|clients?|claimants?|applicants?|candidates?|patients?|people|"
    r"persons?|individuals?|employees?|staff|members? of staff|teachers?|councillors?|"
    r"service users?|households?|leaseholders?|volunteers?|learners?|users?"
)
_COUNTED = re.compile(
    r"\b(?P<count>\d[\d,]*|a few|several|dozens of|hundreds of|thousands of|a|an|one|two|three|"
    # a word or two may come between ("one elderly resident"), but not "of": "a class of
    # pupils" is not one pupil
    r"four|five|six|seven|eight|nine|ten)\s+(?:(?!of\b)\w+\s+){0,2}?(?:" + _PEOPLE_NOUNS + r")\b",
    re.IGNORECASE,
)


def people_named(text: str) -> dict[str, Any] | None:
    """How many people a description or a "whose information" answer names, as the "how many
    people" answer would hold it; None when it names no count of people ("3 pages" is not)."""
    found = _COUNTED.search(text)
    if found is None:
        return None
    count = read_people_count("one" if found["count"].lower() in ("a", "an") else found[0])
    if count is None or count.count is None:
        return None
    return {"text": found[0][:200], "count": count.count}


def read_summary(text: str) -> Reading:
    choices = [
        Choice(SUBMIT, ("send", "send it", "yes", "confirm", "submit report", "ok")),
        Choice(EDIT, ("change", "change an answer", "amend", "correct", "fix")),
        Choice(CANCEL, ("cancel report", "not now", "later")),
    ]
    reading = match_choice(text, choices)
    if reading.problem is None:
        return reading
    return rejected('Please say "submit", "change" or "cancel", or use the buttons.')


def read_resume(text: str) -> Reading:
    key = answer_key(text)
    if key == START_AGAIN or re.match(r"^(?:start|new|restart|begin|fresh|no)\b", key):
        return accepted(START_AGAIN)
    if key == CONTINUE or re.match(r"^(?:continue|carry on|resume|yes|go on|finish)\b", key):
        return accepted(CONTINUE)
    return rejected('Please say "continue" or "start again", or use the buttons.')
