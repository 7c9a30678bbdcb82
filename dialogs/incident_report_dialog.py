"""The reporter's side of an incident: what happened, which tool, when, what data, whose, how
many people, what has been done; then the severity with why, a summary, and Submit.

Someone who has just pasted a resident's details into ChatGPT is worried, so the questions are
short and calm, what their first message already said is not asked again, and nothing they type
is lost: every answer is kept at once in a per-user draft (the `drafts` accessor the bot gives),
which survives "cancel", a restart and simply walking away, and is offered back next time ("You
started a report earlier: continue it, or start again?"). See incident_report_dialog.md.

Everything kept between turns is one plain JSON dict (the "report state"), passed from step to
step as dialog options and saved as the draft:

    {"report": "3f9c...", "question": str, "prefilled": [field, ...], "pending_when": {...} | None,
     "when_retry": bool, "breach_told": bool, "saved_at": iso,
     "answers": {"description": str | None, "tool": str | None,
                 "when": {"at": iso | None, "precision": str | None, "text": str} | None,
                 "involved": "yes" | "no" | "not_sure" | None, "data_kinds": [kind] | None,
                 "data_subjects": str | None, "people_affected": {"text", "count"} | None,
                 "actions_taken": str | None}}

An answer of None means "not asked yet".
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from botbuilder.core import StatePropertyAccessor, TurnContext
from botbuilder.dialogs import (
    DialogContext,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)

import knowledge
from forms.drafts import IncidentDraft, SubmittedIncident
from forms.incident_intents import (
    is_report_command,
    parse_addition,
    parse_answer,
    recognise_incident,
)
from knowledge.errors import PolicybotError
from knowledge.severity import (
    Assessment,
    IncidentFacts,
    assess,
    data_kinds_for,
    read_incident,
    read_people_count,
    tool_standing,
)
from knowledge.when import LONDON, MONTHS, WEEKDAYS, When, describe, read_when

from .cancel_and_help_dialog import CancelAndHelpDialog
from .card_parts import Row
from .incident_cards import (
    CANCEL,
    CONTINUE,
    EDIT,
    KINDS_INPUT,
    START_AGAIN,
    SUBMIT,
    VERB,
    Option,
    choice_card,
    intro_card,
    kinds_card,
    resume_card,
    submitted_card,
    summary_card,
)
from .options import plain as _plain
from .options import strings as _strings
from .options import text as _text
from .prompts import (
    Choice,
    Reading,
    ReplyPrompt,
    accepted,
    card_value,
    check_text,
    match_choice,
    rejected,
    reply_text,
    send_card,
    send_text,
)

__all__ = [
    "IncidentDraft",
    "IncidentPrefill",
    "IncidentReportDialog",
    "Submit",
    "SubmittedIncident",
    "is_report_command",
    "now_utc",
    "parse_addition",
    "parse_answer",
    "recognise_incident",
]

ICO_WINDOW = timedelta(hours=72)
LIMITS = {"description": 2000, "tool": 100, "data_subjects": 500, "actions_taken": 1000}
TEXT_FIELDS = ("description", "tool", "when", "data_subjects", "people_affected", "actions_taken")
PERSONAL_KINDS = frozenset({"personal", "special_category", "children"})
UNSURE = "unsure"


def now_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class IncidentPrefill:
    """What the message that started the report told us; every field optional. `data_classes`
    are the policy's data-class ids (ids the policy does not know are ignored)."""

    what_happened: str = ""
    tool: str = ""
    data_classes: tuple[str, ...] = ()
    question: str = ""

    def to_options(self) -> dict[str, Any]:
        """A plain dict for begin_dialog(options=...)."""
        return {
            "what_happened": self.what_happened,
            "tool": self.tool,
            "data_classes": list(self.data_classes),
            "question": self.question,
        }

    @classmethod
    def from_options(cls, options: object) -> IncidentPrefill:
        """Back from to_options() (or an IncidentPrefill, or None); wrong types are dropped."""
        if isinstance(options, IncidentPrefill):
            return options
        given = options if isinstance(options, Mapping) else {}
        classes = given.get("data_classes") or ()
        return cls(
            what_happened=_text(given.get("what_happened")),
            tool=_text(given.get("tool")),
            data_classes=_strings(classes),
            question=_text(given.get("question")),
        )

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
_NOT_SURE = re.compile(
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


def _key(text: str) -> str:
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


def _has_answers(draft: object) -> bool:
    answers = draft.get("answers") if isinstance(draft, dict) else None
    return isinstance(answers, dict) and any(v is not None for v in answers.values())


def _next_field(state: Mapping[str, Any]) -> str | None:
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


class IncidentReportDialog(CancelAndHelpDialog):
    """Begin with IncidentPrefill(...).to_options(). Ends with {"reference", "told"} when the
    report is submitted, or None when cancelled (the draft is kept)."""

    def __init__(
        self,
        policy: knowledge.Policy,
        submit: Submit,
        drafts: StatePropertyAccessor,
        clock: Callable[[], datetime] = now_utc,
    ) -> None:
        super().__init__(IncidentReportDialog.__name__)
        self.policy = policy
        self._submit = submit
        self._drafts = drafts
        self._clock = clock
        organisation = policy.document.organisation
        self.dpo = (
            organisation.dpo.name if organisation.dpo else organisation.governance_authority.name
        )
        self.no_penalty = policy.document.incidents.no_penalty_for_honest_mistakes
        contacts = organisation.incident_contacts or [organisation.governance_authority]
        first = contacts[0]
        self.contact = first.name + (f" ({first.contact})" if first.contact else "")
        self.start_id, self.resume_id, self.fill_id, self.review_id, self.reply_id = (
            f"{self.id}.{name}" for name in ("start", "resume", "fill", "review", "reply")
        )
        self.add_dialog(WaterfallDialog(self.start_id, [self.intro_step]))
        self.add_dialog(WaterfallDialog(self.resume_id, [self.offer_step, self.resume_step]))
        self.add_dialog(WaterfallDialog(self.fill_id, [self.ask_step, self.record_step]))
        self.add_dialog(
            WaterfallDialog(self.review_id, [self.summary_step, self.act_step, self.edit_step])
        )
        self.add_dialog(ReplyPrompt(self.reply_id, self._ask, self._read))
        self.initial_dialog_id = self.start_id

    # -- steps -----------------------------------------------------------------------------
    async def intro_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        prefill = IncidentPrefill.from_options(step.options)
        draft = await self._drafts.get(step.context, None)
        if _has_answers(draft):
            offer = {"report": _report_id(), "prefill": prefill.to_options(), "draft": draft}
            return await step.replace_dialog(self.resume_id, _plain(offer))
        return await self._begin(step, prefill)

    async def offer_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(self.reply_id, _asking(step.options, "resume"))

    async def resume_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        offer = _plain(step.options)
        prefill = IncidentPrefill.from_options(offer["prefill"])
        if step.result != CONTINUE:
            await self._discard(step.context)
            return await self._begin(step, prefill)
        state = {**offer["draft"], "report": offer["report"]}
        _merge(state, self.start_state(prefill))
        await self._save(step.context, state)
        await send_text(step.context, "Let's carry on from where you stopped.")
        await self._tell_about_breach(step.context, state)
        return await step.replace_dialog(self.fill_id, state)

    async def ask_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = _plain(step.options)
        field = _next_field(state)
        if field is None:
            return await step.replace_dialog(self.review_id, state)
        step.values["field"] = field
        return await step.begin_dialog(self.reply_id, _asking(state, field))

    async def record_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = _plain(step.options)
        _record(state, step.values["field"], step.result)
        await self._save(step.context, state)
        await self._tell_about_breach(step.context, state)
        return await step.replace_dialog(self.fill_id, state)

    async def summary_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(self.reply_id, _asking(step.options, "summary"))

    async def act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state, action = _plain(step.options), str(step.result)
        if action == SUBMIT:
            return await self._send(step, state)
        if action == CANCEL:
            await send_text(step.context, await self.on_cancel(step))
            return await step.end_dialog(None)
        return await step.begin_dialog(self.reply_id, _asking(state, "edit"))

    async def edit_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = _plain(step.options)
        _forget(state, str(step.result))
        return await step.replace_dialog(self.fill_id, state)

    # -- starting, saving, sending ---------------------------------------------------------
    async def _begin(
        self, step: WaterfallStepContext, prefill: IncidentPrefill
    ) -> DialogTurnResult:
        state = self.start_state(prefill)
        await send_card(step.context, intro_card(self._intro_lines(), self._known_rows(state)))
        if _has_answers(state):
            await self._save(step.context, state)
        await self._tell_about_breach(step.context, state)
        return await step.replace_dialog(self.fill_id, state)

    def start_state(self, prefill: IncidentPrefill) -> dict[str, Any]:
        answers: dict[str, Any] = dict.fromkeys(
            ("description", "tool", "when", "involved", "data_kinds", "data_subjects",
             "people_affected", "actions_taken"),
        )  # fmt: skip
        what = _text(prefill.what_happened)
        reading = read_incident(self.policy, what) if what else None
        if what:
            answers["description"] = what[: LIMITS["description"]]
        tool = _text(prefill.tool) or (reading.tool.name if reading and reading.tool else "")
        if tool:
            answers["tool"] = tool[: LIMITS["tool"]]
        classes = [c for c in prefill.data_classes if c in self.policy.data_classes]
        kinds = set(data_kinds_for(self.policy, classes)) if what else set()
        kinds |= set(reading.data_kinds) if reading else set()
        if kinds & PERSONAL_KINDS:
            answers["involved"], answers["data_kinds"] = "yes", sorted(kinds)
        state: dict[str, Any] = {
            "report": _report_id(),
            "question": _text(prefill.question)[:1000],
            "answers": answers,
            "pending_when": None,
            "when_retry": False,
            "breach_told": False,
        }
        state["prefilled"] = [f for f, v in answers.items() if v is not None]
        return state

    async def _save(self, context: TurnContext, state: dict[str, Any]) -> None:
        await self._drafts.set(context, _plain({**state, "saved_at": self._clock().isoformat()}))

    async def _discard(self, context: TurnContext) -> None:
        """Drop the draft (botbuilder's delete raises KeyError for a property never set)."""
        if await self._drafts.get(context, None) is not None:
            await self._drafts.delete(context)

    async def _tell_about_breach(self, context: TurnContext, state: dict[str, Any]) -> None:
        """Once, as soon as the answers say personal data is or may be involved."""
        answers = state["answers"]
        settled = answers["involved"] != "yes" or answers["data_kinds"] is not None
        if state["breach_told"] or not settled:
            return
        personal = personal_data(answers)
        if personal not in ("yes", "not_sure"):
            return
        state["breach_told"] = True
        await self._save(context, state)
        await send_text(context, self.breach_text(personal))

    def breach_text(self, personal: str) -> str:
        now = self._clock()
        deadline = clock_words(now + ICO_WINDOW, now)
        opening = (
            "Because personal data is involved, this is a potential personal data breach."
            if personal == "yes"
            else "Because personal data may be involved, this could be a personal data breach."
        )
        return (
            f"{opening} When you submit this report, {self.dpo} will be told straight away. "
            "The organisation may have to report a breach to the Information Commissioner's "
            f"Office (ICO) within 72 hours of becoming aware of it: for this report, by "
            f"{deadline}.\n\nWhat to do now: don't delete anything (keep the chat, file or email "
            "as it is), and note down what was shared, where and when."
        )

    async def _send(self, step: WaterfallStepContext, state: dict[str, Any]) -> DialogTurnResult:
        draft = self.draft(state)
        try:
            sent = await self._submit(step.context, draft)
        except PolicybotError:
            await send_text(
                step.context,
                "I couldn't send your report just now. Nothing is lost: your answers are kept. "
                'Please try "submit" again in a minute.',
            )
            return await step.replace_dialog(self.review_id, state)
        await self._discard(step.context)
        await send_card(step.context, submitted_card(sent.reference, self._after(sent, draft)))
        return await step.end_dialog({"reference": sent.reference, "told": list(sent.told)})

    def draft(self, state: Mapping[str, Any]) -> IncidentDraft:
        """The answers as the records take them, with the severity worked out from them."""
        answers = state["answers"]
        when = answers["when"] or {}
        people = answers["people_affected"] or {}
        assessment = self.assessment(state)
        return IncidentDraft(
            description=answers["description"] or "",
            tool=answers["tool"] or "",
            occurred_at=datetime.fromisoformat(when["at"]) if when.get("at") else None,
            occurred_text=when.get("text", ""),
            personal_data=personal_data(answers) or "not_sure",
            data_kinds=tuple(sorted(self._kinds(answers) - {UNSURE})),
            data_subjects=answers["data_subjects"] or "",
            people_affected=people.get("text", ""),
            people_affected_count=people.get("count"),
            actions_taken=answers["actions_taken"] or "",
            severity=assessment.level.value,
            severity_reasons=assessment.reasons,
        )

    def assessment(self, state: Mapping[str, Any]) -> Assessment:
        answers = state["answers"]
        reading = read_incident(self.policy, answers["description"] or "")
        standing = tool_standing(self.policy, answers["tool"] or "") if answers["tool"] else None
        standing = standing or reading.tool
        people = answers["people_affected"] or {}
        return assess(
            IncidentFacts(
                personal_data=personal_data(answers) or "not_sure",
                data_kinds=frozenset(self._kinds(answers) - {UNSURE}),
                people_affected=people.get("count"),
                tool_public=bool(standing and standing.public),
                tool_unapproved=bool(standing and not standing.approved),
                sent_out=reading.sent_out,
                decision_about_person=reading.decision_about_person,
            )
        )

    def _kinds(self, answers: Mapping[str, Any]) -> set[str]:
        """The kinds chosen, and, unless the reporter said no personal data was involved, the
        kinds their own description names (a health detail they mentioned counts)."""
        kinds = set(answers["data_kinds"] or ())
        if personal_data(answers) != "no" and answers["description"]:
            kinds |= read_incident(self.policy, answers["description"]).data_kinds
        return kinds

    # -- wording ---------------------------------------------------------------------------
    def _intro_lines(self) -> list[str]:
        lines = [
            "Thank you for telling me. I'll ask a few short questions so the right people can "
            "act quickly. It takes a few minutes."
        ]
        if self.no_penalty:
            lines.append("There is no penalty for reporting an honest mistake promptly.")
        return lines

    def _known_rows(self, state: Mapping[str, Any]) -> list[Row]:
        answers = state["answers"]
        rows = []
        if answers["description"]:
            rows.append(Row("What happened", answers["description"]))
        if answers["tool"]:
            rows.append(Row("Tool", answers["tool"]))
        if answers["involved"]:
            rows.append(Row("Information involved", self._data_words(answers)))
        return rows

    def _data_words(self, answers: Mapping[str, Any]) -> str:
        personal = {"yes": "Yes", "no": "No", "not_sure": "Not sure"}
        words = personal.get(personal_data(answers) or "", "")
        kinds = [
            KIND_LABELS[k] for k in sorted(set(answers["data_kinds"] or ())) if k in KIND_LABELS
        ]
        if answers["involved"] == "yes" and kinds:
            return f"{words}: {', '.join(kinds)}"
        return {"no": "None", "not_sure": "Not sure"}.get(answers["involved"], words)

    def _rows(self, state: Mapping[str, Any]) -> list[Row]:
        answers, prefilled = state["answers"], set(state.get("prefilled", ()))
        people = answers["people_affected"] or {}
        values = {
            "description": answers["description"],
            "tool": answers["tool"],
            "when": (answers["when"] or {}).get("text"),
            "involved": self._data_words(answers),
            "data_subjects": answers["data_subjects"],
            "people_affected": people.get("text"),
            "actions_taken": answers["actions_taken"],
        }
        return [
            Row(label, values[field], "from your message" if field in prefilled else "")
            for field, label in EDITABLE
            if values[field]
        ]

    def _after(self, sent: SubmittedIncident, draft: IncidentDraft) -> list[str]:
        told = list(sent.told)
        lines = []
        if told:
            names = told[0] if len(told) == 1 else f"{', '.join(told[:-1])} and {told[-1]}"
            lines.append(f"I've told {names}.")
        else:  # no board channel is set up yet: the report waits for one, so say so
            lines.append(
                f"Your report is recorded, but the board's Teams channel is not set up yet, so "
                f"nobody has seen it yet. Please also contact {self.contact} now and quote "
                f"{sent.reference}."
            )
        if draft.personal_data in ("yes", "not_sure"):
            lines.append(
                f"{self.dpo[0].upper()}{self.dpo[1:]} will decide whether it needs reporting to "
                "the ICO. Please keep any evidence: don't delete the chat or the file."
            )
        lines += [
            f'If you remember anything else, type "add to {sent.reference}:" followed by what '
            "you want to add.",
            "I'll tell you here when the status changes, or if anyone has a question for you.",
            "Thank you for reporting this.",
        ]
        return lines

    # -- asking ------------------------------------------------------------------------------
    async def _ask(
        self, context: TurnContext, options: dict[str, Any], problem: str | None
    ) -> None:
        field = options["field"]
        if field in TEXT_FIELDS:
            question = self._question(field, options)
            if problem and field == "when":  # the reason already says what would do
                await send_text(context, problem)
                return
            await send_text(context, f"{problem} {question}" if problem else question)
            return
        if problem:  # the card with its buttons is just above
            await send_text(context, problem)
            return
        await send_card(context, self._card(field, options))

    def _question(self, field: str, options: Mapping[str, Any]) -> str:
        if field == "when" and options.get("when_retry"):
            return QUESTIONS["when_again"]
        return QUESTIONS[field]

    def _card(self, field: str, options: dict[str, Any]) -> dict[str, Any]:
        report = options["asked"]
        if field == "resume":
            saved = options["draft"].get("saved_at")
            when = clock_words(datetime.fromisoformat(saved), self._clock()) if saved else ""
            rows = self._rows(options["draft"])
            return resume_card(rows, report=report, saved=f"on {when}" if when else "earlier")
        if field == "summary":
            assessment = self.assessment(options)
            return summary_card(
                self._rows(options), assessment.level.value, assessment.reasons, report=report
            )
        if field == "data_kinds":
            hint = 'Or type the numbers, for example "1, 3".'
            question = QUESTIONS["data_kinds"]
            return kinds_card(question, KIND_OPTIONS, report=report, field=field, hint=hint)
        question, choices, hint = self._choice_question(field, options)
        return choice_card(question, choices, report=report, field=field, hint=hint)

    def _choice_question(
        self, field: str, options: Mapping[str, Any]
    ) -> tuple[str, list[Option], str]:
        if field == "when_confirm":
            when = _when_of(options["pending_when"])
            noted = describe(when, self._clock())
            return (
                f"I've noted {noted}. Is that right?",
                [Option("yes", "Yes"), Option("no", "No")],
                "",
            )
        if field == "involved":
            choices = [Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure")]
            hint = "Personal data is anything about a living person who could be identified."
            return QUESTIONS["involved"], choices, hint
        present = {row.label for row in self._rows(options)}
        editable = [Option(field, label) for field, label in EDITABLE if label in present]
        return "Which answer do you want to change?", editable, ""

    # -- reading -----------------------------------------------------------------------------
    def _read(self, context: TurnContext, options: dict[str, Any]) -> Reading:
        field, activity = options["field"], context.activity
        value = card_value(activity, VERB)
        if value is not None:
            if value.get("report") != options["asked"] or value.get("field") != field:
                return rejected("That button is on an earlier card: please use the latest one.")
            return self._read_button(field, value)
        text = reply_text(activity)
        if not text and activity.value is not None:
            return rejected("That button isn't part of this report: please use the latest card.")
        return self._read_text(field, text)

    def _read_button(self, field: str, value: Mapping[str, Any]) -> Reading:
        if field == "data_kinds":
            chosen = [k for k in str(value.get(KINDS_INPUT) or "").split(",") if k]
            known = {o.choice for o in KIND_OPTIONS}
            if not chosen or not set(chosen) <= known:
                return rejected('Tick at least one, or choose "Not sure".')
            return accepted(sorted(set(chosen)))
        return self._read_text(field, str(value.get("choice", "")))

    def _read_text(self, field: str, text: str) -> Reading:
        readers: dict[str, Callable[[str], Reading]] = {
            "description": lambda t: check_text(t, LIMITS["description"]),
            "tool": _read_tool,
            "when": self._read_when,
            "when_confirm": _read_confirmation,
            "involved": _read_involved,
            "data_kinds": _read_kinds,
            "data_subjects": lambda t: check_text(t, LIMITS["data_subjects"]),
            "people_affected": _read_people,
            "actions_taken": lambda t: check_text(t, LIMITS["actions_taken"]),
            "summary": _read_summary,
            "resume": _read_resume,
        }
        if field in readers:
            return readers[field](text)
        choices = [Choice(f, (label,)) for f, label in EDITABLE]
        return match_choice(text, choices)

    def _read_when(self, text: str) -> Reading:
        """A time read from the words (confirmed next), or "not sure" in any words."""
        if not text:
            return rejected("I didn't get any text there.")
        found = read_when(text, self._clock())
        if isinstance(found, When):
            return accepted(
                {"at": found.at.isoformat(), "precision": found.precision, "text": text[:200]}
            )
        if _NOT_SURE.search(_key(text)):
            return accepted({"at": None, "precision": None, "text": text[:200]})
        return rejected(f'{found.reason} A rough answer is fine, or say "not sure".')

    # -- cancel and help ---------------------------------------------------------------------
    async def on_cancel(self, inner_dc: DialogContext | WaterfallStepContext) -> str:
        draft = await self._drafts.get(inner_dc.context, None)
        if _has_answers(draft):
            return (
                "Cancelled. Nothing has been sent. I've kept what you told me: type \"report an "
                "incident\" when you're ready, and you can carry on from where you stopped."
            )
        await self._discard(inner_dc.context)
        return "Cancelled. Nothing has been sent."

    def help_text(self, inner_dc: DialogContext) -> str:
        active = inner_dc.active_dialog
        options = active.state.get("options") if active else None
        field = options.get("field", "") if isinstance(options, dict) else ""
        text = HELP.get(field)
        if text is None:
            return super().help_text(inner_dc)
        return f"{text} Type \"cancel\" to stop: I'll keep what you've told me so far."


# -- reading replies --------------------------------------------------------------------------


def _report_id() -> str:
    return uuid.uuid4().hex[:12]


def _asking(state: Any, field: str) -> dict[str, Any]:
    """The prompt's options: the report state, the question, and a key for this asking that
    its card's buttons carry, so a button on an earlier card (an old "Yes") is told apart."""
    plain = _plain(state)
    return {**plain, "field": field, "asked": f"{plain['report']}.{uuid.uuid4().hex[:6]}"}


def _when_of(pending: Mapping[str, Any]) -> When:
    return When(datetime.fromisoformat(pending["at"]), pending["precision"], pending["text"])


def _read_tool(text: str) -> Reading:
    if _NOT_SURE_ALONE.match(_key(text)):
        return accepted("not sure")
    return check_text(text, LIMITS["tool"])


def _read_confirmation(text: str) -> Reading:
    key = _key(text)
    if _WRONG_TIME.match(key):
        return accepted("no")
    if _RIGHT_TIME.match(key):
        return accepted("yes")
    return rejected('Please say "yes" if that time is right, or "no" to give it again.')


def _read_involved(text: str) -> Reading:
    key = _key(text)
    if key == "not_sure" or _NOT_SURE.search(key):
        return accepted("not_sure")
    if _NO.match(key):
        return accepted("no")
    if _YES.match(key):
        return accepted("yes")
    return rejected('Please answer "yes", "no" or "not sure", or press a button.')


def _read_kinds(text: str) -> Reading:
    key = _key(text)
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


def _read_people(text: str) -> Reading:
    if not text:
        return rejected("I didn't get any text there.")
    count = read_people_count(text)
    if count is None:
        return rejected("I couldn't find a number in that.")
    return accepted({"text": text[:200], "count": count.count})


def _read_summary(text: str) -> Reading:
    choices = [
        Choice(SUBMIT, ("send", "send it", "yes", "confirm", "submit report", "ok")),
        Choice(EDIT, ("change", "change an answer", "amend", "correct", "fix")),
        Choice(CANCEL, ("cancel report", "not now", "later")),
    ]
    reading = match_choice(text, choices)
    if reading.problem is None:
        return reading
    return rejected('Please say "submit", "change" or "cancel", or use the buttons.')


def _read_resume(text: str) -> Reading:
    key = _key(text)
    if key == START_AGAIN or re.match(r"^(?:start|new|restart|begin|fresh|no)\b", key):
        return accepted(START_AGAIN)
    if key == CONTINUE or re.match(r"^(?:continue|carry on|resume|yes|go on|finish)\b", key):
        return accepted(CONTINUE)
    return rejected('Please say "continue" or "start again", or use the buttons.')


# -- recording answers ------------------------------------------------------------------------


def _record(state: dict[str, Any], field: str, result: Any) -> None:
    answers = state["answers"]
    if field == "when":
        if result.get("at") is None:
            answers["when"] = {"at": None, "precision": None, "text": result["text"]}
        else:
            state["pending_when"] = result
    elif field == "when_confirm":
        pending, state["pending_when"] = state["pending_when"], None
        if result == "yes":
            text = describe(_when_of(pending))
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


def _merge(state: dict[str, Any], fresh: Mapping[str, Any]) -> None:
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


def _forget(state: dict[str, Any], field: str) -> None:
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
