"""The incident report's form: its fields, how each is asked (wording and help), read and
recorded, and which is asked next; the prefill from the message that started it. Pure: the
dialog (incident_report_dialog.py) drives it.

The report state (see incident_report_dialog.py for its shape) is what these functions read and
change.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botbuilder.core import TurnContext

import knowledge
from forms.drafts import IncidentDraft, SubmittedIncident
from forms.incident_intents import is_report_command, recognise_incident
from knowledge.severity import (
    Assessment,
    IncidentFacts,
    assess,
    read_incident,
    read_people_count,
    tool_standing,
)
from knowledge.when import LONDON, MONTHS, WEEKDAYS, When, describe

from .incident_cards import CANCEL, CONTINUE, EDIT, START_AGAIN, SUBMIT, Option
from .options import Prefill
from .options import text as _text
from .prompts import Choice, Reading, accepted, check_text, match_choice, rejected

ICO_WINDOW = timedelta(hours=72)
LIMITS = {"description": 2000, "tool": 100, "data_subjects": 500, "actions_taken": 1000}
TEXT_FIELDS = ("description", "tool", "when", "data_subjects", "people_affected", "actions_taken")
PERSONAL_KINDS = frozenset({"personal", "special_category", "children"})
UNSURE = "unsure"


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IncidentPrefill(Prefill):
    """What the message that started the report told us; every field optional. `data_classes`
    are the policy's data-class ids (ids the policy does not know are ignored)."""

    what_happened: str = ""
    tool: str = ""
    data_classes: tuple[str, ...] = ()
    question: str = ""

    @classmethod
    def from_decision(cls, decision: knowledge.Decision) -> IncidentPrefill:
        """From the engine's reading of the message. When it tells of an incident (the engine's
        next step is to report one, or it reads as one) the message is what happened and its
        data classes are facts; otherwise ("can I put ... into ChatGPT?", then the button) only
        the tool is taken."""
        question = decision.question
        told = decision.next_step == "report_incident" or recognise_incident(question)
        tool = decision.tool.name if decision.tool else ""
        if not told or is_report_command(question):
            return cls(tool=tool, question=decision.question)
        return cls(decision.question, tool, tuple(decision.data), decision.question)

    @classmethod
    def from_card_data(cls, data: Mapping[str, Any]) -> IncidentPrefill:
        """From the answer card's "Report an incident" button ({"question": ...})."""
        question = _text(data.get("question"))
        told = recognise_incident(question) and not is_report_command(question)
        return cls(what_happened=question if told else "", question=question)


Submit = Callable[[TurnContext, IncidentDraft], Awaitable[SubmittedIncident]]


# -- wording --------------------------------------------------------------------------------

QUESTIONS = {
    "description": "What happened? A sentence or two in your own words is enough.",
    "tool": "Which AI tool was it? For example ChatGPT, Copilot or Gemini. If you don't know, "
    'say "not sure".',
    "when": 'When did it happen? Rough is fine: "about an hour ago", "yesterday afternoon" or '
    '"25/11 at 2pm". If you don\'t know, say "not sure".',
    "when_again": 'When did it happen, then? For example "this morning" or "Monday at 3pm".',
    "involved": "Was any personal, sensitive or confidential information involved?",
    "data_kinds": "What kind of information was it?",
    "data_subjects": 'Whose information was it? For example "one resident", "a class of pupils" '
    'or "two colleagues". Please don\'t type their names or details here.',
    "people_affected": 'Roughly how many people are affected? "One", "a few", "about 30", '
    '"hundreds" or "not sure" are all fine.',
    "actions_taken": 'What has been done so far? For example "deleted the chat" or "told my '
    'manager". If nothing yet, say "nothing yet".',
}
HELP = {
    "resume": "You have an unfinished report saved. Continue it to carry on where you stopped, "
    "or start again to begin a new one (the old answers are then discarded).",
    "description": "Describe what happened in your own words: what was put into which tool, "
    "or what the AI produced and where it went. It doesn't need to be perfect; you can add "
    "more later.",
    "tool": "The tool's name tells the team where the information went and whether they can "
    'ask for it to be deleted. If you don\'t know it, say "not sure".',
    "when": "The time matters: a personal data breach may have to be reported within 72 "
    'hours. A rough answer is fine, or say "not sure".',
    "when_confirm": 'Check the date and time I noted. Say "yes" if it is right, or "no" to '
    "give it again.",
    "involved": "Personal data is anything about a living person who could be identified: a "
    "name, an email address, case notes, a pupil's details. Confidential information includes "
    'unpublished reports, contracts and passwords. If you\'re not sure, say "not sure".',
    "data_kinds": "Choose every kind that applies, with the list or by typing the numbers "
    '(for example "1, 3"). Special category data includes health, ethnicity, religion and '
    "sexuality; sensitive data includes safeguarding, SEN and criminal records.",
    "data_subjects": "Say whose information it was, without naming them: the board needs to "
    "know who may be affected, not who they are.",
    "people_affected": "A rough number helps the team judge how serious this is. Words like "
    '"a few" or "hundreds" are fine, and so is "not sure".',
    "actions_taken": "Say anything already done, such as deleting the chat or telling your "
    'manager. "Nothing yet" is a fine answer.',
    "summary": 'Check the details on the summary. "Submit" sends the report; "change" lets '
    'you correct one answer; "cancel" stops and keeps your answers for later.',
    "edit": "Choose which answer to change. I'll ask that question again, then show the summary.",
}
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
EDITABLE = (
    ("description", "What happened"),
    ("tool", "Tool"),
    ("when", "When"),
    ("involved", "Information involved"),
    ("data_subjects", "Whose information"),
    ("people_affected", "How many people"),
    ("actions_taken", "What has been done"),
)
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


def personal_data(answers: Mapping[str, Any]) -> str | None:
    """ "yes", "no" or "not_sure" from the answers so far; None before the question."""
    involved = answers.get("involved")
    if involved != "yes":
        return involved
    kinds = set(answers.get("data_kinds") or ())
    if kinds & PERSONAL_KINDS:
        return "yes"
    if not kinds or UNSURE in kinds:
        return "not_sure"
    return "no"  # only confidential business information


def clock_words(moment: datetime, now: datetime) -> str:
    """ "Saturday 28 November at 15:42" (UK time; the year only when it is not this year's)."""
    local, today = moment.astimezone(LONDON), now.astimezone(LONDON)
    day = f"{WEEKDAYS[local.weekday()].title()} {local.day} {MONTHS[local.month - 1].title()}"
    if local.year != today.year:
        day += f" {local.year}"
    return f"{day} at {local:%H:%M}"


def has_answers(draft: object) -> bool:
    answers = draft.get("answers") if isinstance(draft, dict) else None
    return isinstance(answers, dict) and any(v is not None for v in answers.values())


def next_field(state: Mapping[str, Any]) -> str | None:
    answers = state["answers"]
    for field in ("description", "tool"):
        if answers[field] is None:
            return field
    if state.get("pending_when"):
        return "when_confirm"
    if answers["when"] is None:
        return "when"
    if answers["involved"] is None:
        return "involved"
    if answers["involved"] == "yes" and answers["data_kinds"] is None:
        return "data_kinds"
    if personal_data(answers) in ("yes", "not_sure") and answers["data_subjects"] is None:
        return "data_subjects"
    for field in ("people_affected", "actions_taken"):
        if answers[field] is None:
            return field
    return None


# -- reading replies --------------------------------------------------------------------------


def report_id() -> str:
    return uuid.uuid4().hex[:12]


def when_of(pending: Mapping[str, Any]) -> When:
    return When(datetime.fromisoformat(pending["at"]), pending["precision"], pending["text"])


def read_tool(text: str) -> Reading:
    if _NOT_SURE_ALONE.match(answer_key(text)):
        return accepted("not sure")
    return check_text(text, LIMITS["tool"])


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


# -- recording answers ------------------------------------------------------------------------


def record_answer(state: dict[str, Any], field: str, result: Any) -> None:
    answers = state["answers"]
    if field == "when":
        if result.get("at") is None:
            answers["when"] = {"at": None, "precision": None, "text": result["text"]}
        else:
            state["pending_when"] = result
    elif field == "when_confirm":
        pending, state["pending_when"] = state["pending_when"], None
        if result == "yes":
            text = describe(when_of(pending))
            answers["when"] = {"at": pending["at"], "precision": pending["precision"], "text": text}
        state["when_retry"] = result != "yes"
    elif field == "involved":
        answers["involved"] = result
        if result != "yes":
            answers["data_kinds"] = []
        if result == "no":
            answers["data_subjects"] = ""
    else:
        answers[field] = result
    if field in state.get("prefilled", ()):
        state["prefilled"].remove(field)


def merge_fresh(state: dict[str, Any], fresh: Mapping[str, Any]) -> None:
    """What the message that restarted the report said, into the draft being continued:
    answers still missing are filled, and a new account of what happened is added to the old
    one rather than lost."""
    answers, prefilled = state["answers"], state.setdefault("prefilled", [])
    for field, value in fresh["answers"].items():
        if value is None:
            continue
        old = answers.get(field)
        if old is None:
            answers[field] = value
            prefilled.append(field)
        elif field == "description" and value not in old:
            answers[field] = f"{old}\n{value}"[: LIMITS["description"]]


def forget_answer(state: dict[str, Any], field: str) -> None:
    """Clear an answer so that it is asked again (with what depends on it)."""
    answers = state["answers"]
    if field == "involved":
        answers.update(involved=None, data_kinds=None, data_subjects=None)
    elif field in answers:
        answers[field] = None
    if field == "when":
        state["pending_when"] = None
    if field in state.get("prefilled", ()):
        state["prefilled"].remove(field)


# -- the report as the records take it ---------------------------------------------------


def draft_of(policy: knowledge.Policy, state: Mapping[str, Any]) -> IncidentDraft:
    """The answers as the records take them, with the severity worked out from them."""
    answers = state["answers"]
    when = answers["when"] or {}
    people = answers["people_affected"] or {}
    assessment = assessment_of(policy, state)
    return IncidentDraft(
        description=answers["description"] or "",
        tool=answers["tool"] or "",
        occurred_at=datetime.fromisoformat(when["at"]) if when.get("at") else None,
        occurred_text=when.get("text", ""),
        personal_data=personal_data(answers) or "not_sure",
        data_kinds=tuple(sorted(_kinds(policy, answers) - {UNSURE})),
        data_subjects=answers["data_subjects"] or "",
        people_affected=people.get("text", ""),
        people_affected_count=people.get("count"),
        actions_taken=answers["actions_taken"] or "",
        severity=assessment.level.value,
        severity_reasons=assessment.reasons,
    )


def assessment_of(policy: knowledge.Policy, state: Mapping[str, Any]) -> Assessment:
    answers = state["answers"]
    reading = read_incident(policy, answers["description"] or "")
    standing = tool_standing(policy, answers["tool"] or "") if answers["tool"] else None
    standing = standing or reading.tool
    people = answers["people_affected"] or {}
    return assess(
        IncidentFacts(
            personal_data=personal_data(answers) or "not_sure",
            data_kinds=frozenset(_kinds(policy, answers) - {UNSURE}),
            people_affected=people.get("count"),
            tool_public=bool(standing and standing.public),
            tool_unapproved=bool(standing and not standing.approved),
            sent_out=reading.sent_out,
            decision_about_person=reading.decision_about_person,
        )
    )


def _kinds(policy: knowledge.Policy, answers: Mapping[str, Any]) -> set[str]:
    """The kinds chosen, and, unless the reporter said no personal data was involved, the
    kinds their own description names (a health detail they mentioned counts)."""
    kinds = set(answers["data_kinds"] or ())
    if personal_data(answers) != "no" and answers["description"]:
        kinds |= read_incident(policy, answers["description"]).data_kinds
    return kinds
