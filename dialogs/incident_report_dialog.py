"""The reporter's side of an incident: what happened, which tool, when, what data, whose, how
many people, what has been done; then the severity with why, a summary, and Submit.

Someone who has just pasted a resident's details into ChatGPT is worried, so the questions are
short and calm, what their first message already said is not asked again, and nothing they type
is lost: every answer is kept at once in a per-user draft (the `drafts` accessor the bot gives),
which survives "cancel", a restart and simply walking away, and is offered back next time ("You
started a report earlier: continue it, or start again?"). See incident_report_dialog.md.

Everything kept between turns is one plain JSON dict, declared as `incident_form.ReportState`,
passed from step to step as dialog options and saved as the draft (the loop itself is
dialogs/form_dialog.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, cast

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
from knowledge.when import describe

from .form_dialog import FormDialog
from .incident_cards import (
    CONTINUE,
    KINDS_INPUT,
    VERB,
    Option,
    choice_card,
    intro_card,
    kinds_card,
    reply_data,
    resume_card,
    submitted_card,
    summary_card,
)
from .incident_draft import (
    assessment_of,
    draft_of,
    known_rows,
    new_report,
    read_along,
    summary_rows,
)
from .incident_form import (
    BY_NAME,
    EDITABLE,
    ICO_WINDOW,
    TEXT_FIELDS,
    IncidentPrefill,
    Recipients,
    ReportState,
    Submit,
    clock_words,
    forget_answer,
    has_answers,
    merge_fresh,
    next_field,
    nobody_registered,
    now_utc,
    personal_data,
    record_answer,
    who_will_know,
)
from .incident_readers import KIND_OPTIONS, report_id, when_of
from .options import plain as _plain
from .options import world
from .prompts import (
    Choice,
    Reading,
    accepted,
    match_choice,
    rejected,
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


class IncidentReportDialog(FormDialog[ReportState]):
    """Begin with IncidentPrefill(...).to_options(). Ends with {"reference", "told"} when the
    report is submitted, or None when cancelled (the draft is kept)."""

    verb = VERB
    kept = "report"
    text_fields = TEXT_FIELDS

    def __init__(
        self,
        policy: knowledge.Policy,
        submit: Submit,
        drafts: StatePropertyAccessor,
        clock: Callable[[], datetime] = now_utc,
        recipients: Recipients = nobody_registered,
    ) -> None:
        super().__init__(IncidentReportDialog.__name__)
        self.policy = policy
        self._submit = submit
        self._recipients = recipients
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
        self.start_id, self.resume_id = f"{self.id}.start", f"{self.id}.resume"
        self.add_dialog(WaterfallDialog(self.start_id, [self.intro_step]))
        self.add_dialog(WaterfallDialog(self.resume_id, [self.offer_step, self.resume_step]))
        self.initial_dialog_id = self.start_id

    # -- steps -----------------------------------------------------------------------------
    async def intro_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        prefill = IncidentPrefill.from_options(step.options)
        draft = await self._drafts.get(step.context, None)
        if has_answers(draft):
            offer = {"report": report_id(), "prefill": prefill.to_options(), "draft": draft}
            return await step.replace_dialog(self.resume_id, _plain(offer))
        return await self._begin(step, prefill)

    async def offer_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(self.reply_id, self.asking(step.options, "resume"))

    async def resume_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        offer = _plain(step.options)
        prefill = IncidentPrefill.from_options(offer["prefill"])
        if step.result != CONTINUE:
            await self._discard(step.context)
            return await self._begin(step, prefill)
        # a saved draft is a ReportState from an earlier turn (or an earlier version: every
        # reader of it checks what it holds)
        state = cast(ReportState, {**offer["draft"], "report": offer["report"]})
        merge_fresh(state, self.start_state(prefill))
        await self._save(step.context, state)
        await send_text(step.context, "Let's carry on from where you stopped.")
        await self._tell_about_breach(step.context, state)
        return await step.replace_dialog(self.fill_id, state)

    # -- the form ------------------------------------------------------------------------------
    def next_field(self, state: ReportState) -> str | None:
        return next_field(state)

    async def record(
        self, context: TurnContext, state: ReportState, field: str, value: Any
    ) -> None:
        record_answer(state, field, value)
        if field in ("description", "data_subjects") and isinstance(value, str):
            told = self.start_state(IncidentPrefill(what_happened=value))
            read_along(state, field, value, told, self._clock())
        await self._save(context, state)

    async def after_record(self, context: TurnContext, state: ReportState) -> None:
        await self._tell_about_breach(context, state)

    def reopen(self, state: ReportState, field: str) -> None:
        forget_answer(state, field)

    def asking(self, state: Any, field: str) -> dict[str, Any]:
        """As the base, plus a key for this asking that its card's buttons carry, so a button
        on an earlier card (an old "Yes") is told apart."""
        asked = super().asking(state, field)
        return {**asked, "asked": f"{asked['report']}.{uuid.uuid4().hex[:6]}"}

    def with_problem(self, field: str, problem: str, question: str) -> str:
        return problem if field == "when" else f"{problem} {question}"  # it says what would do

    # -- starting, saving, sending ---------------------------------------------------------
    async def _begin(
        self, step: WaterfallStepContext, prefill: IncidentPrefill
    ) -> DialogTurnResult:
        state = self.start_state(prefill)
        await send_card(step.context, intro_card(self._intro_lines(), known_rows(state)))
        if has_answers(state):
            await self._save(step.context, state)
        await self._tell_about_breach(step.context, state)
        return await step.replace_dialog(self.fill_id, state)

    def start_state(self, prefill: IncidentPrefill) -> ReportState:
        return new_report(self.policy, prefill)

    async def _save(self, context: TurnContext, state: ReportState) -> None:
        await self._drafts.set(context, _plain({**state, "saved_at": self._clock().isoformat()}))

    async def _discard(self, context: TurnContext) -> None:
        """Drop the draft (botbuilder's delete raises KeyError for a property never set)."""
        if await self._drafts.get(context, None) is not None:
            await self._drafts.delete(context)

    async def _tell_about_breach(self, context: TurnContext, state: ReportState) -> None:
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
        await send_text(context, self.breach_text(personal, await self._recipients(context)))

    def breach_text(
        self, personal: str, recipients: tuple[str | None, str | None] = (None, None)
    ) -> str:
        now = self._clock()
        deadline = clock_words(now + ICO_WINDOW, now)
        opening = (
            "Because personal data is involved, this is a potential personal data breach."
            if personal == "yes"
            else "Because personal data may be involved, this could be a personal data breach."
        )
        return (
            f"{opening} {who_will_know(recipients, self.dpo, self.contact)} "
            "The organisation may have to report a breach to the Information Commissioner's "
            f"Office (ICO) within 72 hours of becoming aware of it: for this report, by "
            f"{deadline}.\n\nWhat to do now: don't delete anything (keep the chat, file or email "
            "as it is), and note down what was shared, where and when."
        )

    async def send(self, step: WaterfallStepContext, state: ReportState) -> DialogTurnResult:
        draft = draft_of(self.policy, state)
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
        lines = self._after(sent, draft)
        await send_card(step.context, submitted_card(sent.reference, lines, told=bool(sent.told)))
        return await step.end_dialog({"reference": sent.reference, "told": list(sent.told)})

    # -- wording ---------------------------------------------------------------------------

    def _intro_lines(self) -> list[str]:
        lines = [
            "Thank you for telling me. I'll ask a few short questions so the right people can "
            "act quickly. It takes a few minutes."
        ]
        if self.no_penalty:
            lines.append("There is no penalty for reporting an honest mistake promptly.")
        return lines

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
            told_dpo = any(self.dpo.lower() in name.lower() for name in told)
            if told and not told_dpo:
                lines.append(
                    f"{self.dpo[0].upper()}{self.dpo[1:]} has no channel of their own here and "
                    f"has not been told directly: please tell {self.contact} too."
                )
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
    def question(self, field: str, options: Mapping[str, Any]) -> str:
        declared = BY_NAME[field]
        if field == "when" and options.get("when_retry"):
            return declared.again
        return (
            declared.ask.format(**world(self.policy)) if field == "data_subjects" else declared.ask
        )

    def card(self, field: str, options: dict[str, Any]) -> dict[str, Any]:
        report = options["asked"]
        if field == "resume":
            saved = options["draft"].get("saved_at")
            when = clock_words(datetime.fromisoformat(saved), self._clock()) if saved else ""
            rows = summary_rows(options["draft"])
            return resume_card(rows, report=report, saved=f"on {when}" if when else "earlier")
        if field == "summary":
            assessment = assessment_of(self.policy, options)
            return summary_card(
                summary_rows(options), assessment.level.value, assessment.reasons, report=report
            )
        if field == "data_kinds":
            hint = 'Or type the numbers, for example "1, 3".'
            question = BY_NAME["data_kinds"].ask
            return kinds_card(question, KIND_OPTIONS, report=report, field=field, hint=hint)
        question, choices, hint = self._choice_question(field, options)
        return choice_card(question, choices, report=report, field=field, hint=hint)

    def _choice_question(
        self, field: str, options: Mapping[str, Any]
    ) -> tuple[str, list[Option], str]:
        if field == "when_confirm":
            when = when_of(options["pending_when"])
            noted = describe(when, self._clock())
            return (
                f"I've noted {noted}. Is that right?",
                [Option("yes", "Yes"), Option("no", "No")],
                "",
            )
        if field == "involved":
            choices = [Option("yes", "Yes"), Option("no", "No"), Option("not_sure", "Not sure")]
            hint = "Personal data is anything about a living person who could be identified."
            return BY_NAME["involved"].ask, choices, hint
        present = {row.label for row in summary_rows(options)}
        editable = [Option(field, label) for field, label in EDITABLE if label in present]
        return "Which answer do you want to change?", editable, ""

    # -- reading -----------------------------------------------------------------------------
    def is_current(self, value: Mapping[str, Any], options: Mapping[str, Any]) -> bool:
        return bool(value.get("report") == options["asked"])

    def button_data(self, options: Mapping[str, Any], choice: str) -> dict[str, Any]:
        return reply_data(options["asked"], options["field"], choice)

    def foreign_text(self, field: str) -> str:
        return "That button isn't part of this report: please use the latest card."

    def read_button(self, field: str, value: Mapping[str, Any]) -> Reading:
        if field == "data_kinds":
            chosen = [k for k in str(value.get(KINDS_INPUT) or "").split(",") if k]
            known = {o.choice for o in KIND_OPTIONS}
            if not chosen or not set(chosen) <= known:
                return rejected('Tick at least one, or choose "Not sure".')
            return accepted(sorted(set(chosen)))
        return self.read_text(field, str(value.get("choice", "")))

    def read_text(self, field: str, text: str) -> Reading:
        declared = BY_NAME.get(field)
        reading = declared.reading(text, self._clock()) if declared else None
        if reading is not None:
            return reading
        choices = [Choice(f, (label,)) for f, label in EDITABLE]
        return match_choice(text, choices)

    # -- cancel and help ---------------------------------------------------------------------
    async def on_cancel(self, inner_dc: DialogContext | WaterfallStepContext) -> str:
        draft = await self._drafts.get(inner_dc.context, None)
        if has_answers(draft):
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
        text = BY_NAME[field].help if field in BY_NAME else None
        if not text:
            return super().help_text(inner_dc)
        return f"{text} Type \"cancel\" to stop: I'll keep what you've told me so far."
