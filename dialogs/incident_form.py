"""The incident report's form: its fields, how each is asked (wording and help), read and
recorded, and which is asked next; the prefill from the message that started it. Pure: the
dialog (incident_report_dialog.py) drives it.

The report state (see incident_report_dialog.py for its shape) is what these functions read and
change.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, NotRequired, TypedDict

from botbuilder.core import TurnContext

import knowledge
from forms.drafts import IncidentDraft, SubmittedIncident
from forms.incident_intents import is_report_command, recognise_incident
from knowledge.when import LONDON, MONTHS, WEEKDAYS, describe

from .incident_readers import (
    TOOL_LIMIT,
    UNSURE,
    read_confirmation,
    read_involved,
    read_kinds,
    read_people,
    read_resume,
    read_summary,
    read_tool,
    read_when_answer,
    when_of,
)
from .options import Prefill
from .options import text as _text
from .prompts import Reading, check_text

ICO_WINDOW = timedelta(hours=72)


class ReportState(TypedDict):
    """What the report keeps between turns, and saves as the reporter's draft (plain JSON). An
    answer of None means "not asked yet"; `answers` holds description, tool, when ({"at",
    "precision", "text"}), involved, data_kinds, data_subjects, people_affected ({"text",
    "count"}) and actions_taken."""

    report: str  # a key the report's card buttons carry (with each asking's own suffix)
    question: str  # the message that started the report
    prefilled: list[str]  # answers taken from that message, not asked again
    pending_when: dict[str, Any] | None  # a time read and waiting to be confirmed
    when_retry: bool  # the time could not be confirmed: ask it again, differently
    breach_told: bool  # the breach notice has been given
    answers: dict[str, Any]
    saved_at: NotRequired[str]  # when the draft was last saved (ISO)


PERSONAL_KINDS = frozenset({"personal", "special_category", "children"})


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
# Who this person's report would reach on submitting, from the channels actually registered: (the
# name of the board it is routed to, if its channel is registered; the DPO's or security team's,
# if theirs is).
Recipients = Callable[[TurnContext], Awaitable[tuple[str | None, str | None]]]


async def nobody_registered(turn_context: TurnContext) -> tuple[str | None, str | None]:
    return None, None


def who_will_know(recipients: tuple[str | None, str | None], dpo: str, contact: str) -> str:
    """What submitting will do, from what is registered: never a promise the bot can't keep."""
    board, dpo_channel = recipients
    if dpo_channel:
        return f"When you submit this report, {dpo_channel} will be told straight away."
    if board:
        return (
            f"When you submit this report, {board} will be told straight away; {dpo} has no "
            f"channel of their own here, so please also tell {contact}."
        )
    return (
        "The board's Teams channel is not set up yet, so nobody will be told automatically: "
        f"please also contact {contact} now."
    )


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


def next_field(state: ReportState) -> str | None:
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


# -- recording answers ------------------------------------------------------------------------


def record_answer(state: ReportState, field: str, result: Any) -> None:
    answers = state["answers"]
    if field == "when":
        if result.get("at") is None:
            answers["when"] = {"at": None, "precision": None, "text": result["text"]}
        else:
            state["pending_when"] = result
    elif field == "when_confirm":
        pending, state["pending_when"] = state["pending_when"], None
        if result == "yes" and pending is not None:
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


def merge_fresh(state: ReportState, fresh: ReportState) -> None:
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


def forget_answer(state: ReportState, field: str) -> None:
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


# -- the fields, each declared once ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Field:
    """One step of the report: its question (and the one used when it is asked again), its
    help, how a typed reply is read (or, for plain text, its length limit), its label on the
    summary and in the "change" list (none: not listed there), and whether it is asked as a
    plain question (the others come with a card). Which one is asked next, and what recording
    or changing an answer does, is `next_field`, `record_answer` and `forget_answer`."""

    name: str
    ask: str = ""
    help: str = ""
    read: Callable[[str, datetime], Reading] | None = None
    limit: int | None = None
    label: str = ""
    typed: bool = False
    again: str = ""

    def reading(self, text: str, now: datetime) -> Reading | None:
        if self.read is not None:
            return self.read(text, now)
        if self.limit is not None:
            return check_text(text, self.limit)
        return None


def _text_only(reader: Callable[[str], Reading]) -> Callable[[str, datetime], Reading]:
    return lambda text, now: reader(text)


FIELDS = (
    Field(
        "resume",
        help="You have an unfinished report saved. Continue it to carry on where you stopped, "
        "or start again to begin a new one (the old answers are then discarded).",
        read=_text_only(read_resume),
    ),
    Field(
        "description",
        "What happened? A sentence or two in your own words is enough.",
        "Describe what happened in your own words: what was put into which tool, or what the AI "
        "produced and where it went. It doesn't need to be perfect; you can add more later.",
        limit=2000,
        label="What happened",
        typed=True,
    ),
    Field(
        "tool",
        "Which AI tool was it? For example ChatGPT, Copilot or Gemini. If you don't know, "
        'say "not sure".',
        "The tool's name tells the team where the information went and whether they can ask "
        'for it to be deleted. If you don\'t know it, say "not sure".',
        read=_text_only(read_tool),
        limit=TOOL_LIMIT,
        label="Tool",
        typed=True,
    ),
    Field(
        "when",
        'When did it happen? Rough is fine: "about an hour ago", "yesterday afternoon" or '
        '"25/11 at 2pm". If you don\'t know, say "not sure".',
        "The time matters: a personal data breach may have to be reported within 72 hours. A "
        'rough answer is fine, or say "not sure".',
        read=read_when_answer,
        label="When",
        typed=True,
        again='When did it happen, then? For example "this morning" or "Monday at 3pm".',
    ),
    Field(
        "when_confirm",
        help='Check the date and time I noted. Say "yes" if it is right, or "no" to give it again.',
        read=_text_only(read_confirmation),
    ),
    Field(
        "involved",
        "Was any personal, sensitive or confidential information involved?",
        "Personal data is anything about a living person who could be identified: a name, an "
        "email address, case notes, a pupil's details. Confidential information includes "
        'unpublished reports, contracts and passwords. If you\'re not sure, say "not sure".',
        read=_text_only(read_involved),
        label="Information involved",
    ),
    Field(
        "data_kinds",
        "What kind of information was it?",
        "Choose every kind that applies, with the list or by typing the numbers (for example "
        '"1, 3"). Special category data includes health, ethnicity, religion and sexuality; '
        "sensitive data includes safeguarding, SEN and criminal records.",
        read=_text_only(read_kinds),
    ),
    Field(
        "data_subjects",
        'Whose information was it? For example "{one}", "{group}" or "two colleagues". Please '
        "don't type their names or details here.",
        "Say whose information it was, without naming them: the board needs to know who may be "
        "affected, not who they are.",
        limit=500,
        label="Whose information",
        typed=True,
    ),
    Field(
        "people_affected",
        'Roughly how many people are affected? "One", "a few", "about 30", "hundreds" or "not '
        'sure" are all fine.',
        'A rough number helps the team judge how serious this is. Words like "a few" or '
        '"hundreds" are fine, and so is "not sure".',
        read=_text_only(read_people),
        label="How many people",
        typed=True,
    ),
    Field(
        "actions_taken",
        # The examples are things to do, never deleting anything: the report has just said to
        # keep the chat, file or email as evidence.
        'What has been done so far? For example "told my manager" or "emailed the IT service '
        'desk". If nothing yet, say "nothing yet".',
        "Say anything already done, such as telling your manager or the person whose data it "
        'was. "Nothing yet" is a fine answer. Please keep the chat, file or email: don\'t delete '
        "anything.",
        limit=1000,
        label="What has been done",
        typed=True,
    ),
    Field(
        "summary",
        help='Check the details on the summary. "Submit" sends the report; "change" lets you '
        'correct one answer; "cancel" stops and keeps your answers for later.',
        read=_text_only(read_summary),
    ),
    Field(
        "edit",
        help="Choose which answer to change. I'll ask that question again, then show the summary.",
    ),
)
BY_NAME = {field.name: field for field in FIELDS}
LIMITS = {field.name: field.limit for field in FIELDS if field.limit is not None}
TEXT_FIELDS = frozenset(field.name for field in FIELDS if field.typed)
EDITABLE = tuple((field.name, field.label) for field in FIELDS if field.label)
