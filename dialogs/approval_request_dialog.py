"""The requester's side of an approval request: collect what the policy asks for, confirm, submit.

The policies say: before using a tool that is not approved, ask the governance authority, giving
the tool, the purpose, the type and classification of the data, the expected output and how the
output will be used or distributed. What the question already told us is filled in, shown and
not asked again; the rest is asked one question at a time (see approval_request_dialog.md).

Everything kept between turns is one plain JSON dict, declared as `approval_form.RequestState`
and passed from step to step as dialog options (the loop itself is dialogs/form_dialog.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import (
    DialogContext,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.schema import InputHints

import knowledge
from cardkit.elements import rich_text, shorten, text_run
from forms.drafts import ApprovalDraft

from .approval_cards import (
    CANCEL,
    CHOSEN,
    CLASSIFICATION_INPUT,
    EDIT,
    VERB,
    Option,
    choice_card,
    classification_card,
    classification_options,
    intro_card,
    reply_data,
    submitted_card,
    summary_card,
)
from .approval_form import (
    FIELDS,
    LIMITS,
    QUESTIONS,
    SKIP_WORDS,
    ApprovalPrefill,
    RequestState,
    Submit,
    policy_asks,
    summary_choices,
)
from .card_parts import Row
from .form_dialog import FormDialog
from .options import text as _text
from .options import world
from .prompts import (
    Choice,
    Reading,
    accepted,
    card_value,
    check_text,
    match_choice,
    rejected,
    send_card,
)

__all__ = ["ApprovalPrefill", "ApprovalRequestDialog"]


class ApprovalRequestDialog(FormDialog[RequestState]):
    """Begin with ApprovalPrefill(...).to_options(). Ends with the SubmittedApproval as a dict
    ({"reference", "decided_by", "next_steps"}) when submitted, or None when cancelled."""

    verb = VERB
    kept = "request"
    text_fields = frozenset(LIMITS) - {"justification"}

    def __init__(self, policy: knowledge.Policy, submit: Submit) -> None:
        super().__init__(ApprovalRequestDialog.__name__)
        self.policy = policy
        self.approver = policy.approver_name
        self._submit = submit
        self._classes = classification_options(policy)
        self.start_id = f"{self.id}.start"
        self.add_dialog(WaterfallDialog(self.start_id, [self.intro_step]))
        self.initial_dialog_id = self.start_id

    # -- steps -----------------------------------------------------------------------------
    async def intro_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = self.start_state(ApprovalPrefill.from_options(step.options))
        known = [self._row({**state, "known": []}, field) for field in state["known"]]
        asks_for = self.policy.document.approval.asks_for
        await send_card(step.context, intro_card(self.approver, state["question"], known, asks_for))
        return await step.replace_dialog(self.fill_id, state)

    def next_field(self, state: RequestState) -> str | None:
        editing = state.get("editing")
        if isinstance(editing, str) and editing:
            return editing
        return next((field for field in FIELDS if state["draft"][field] is None), None)

    async def record(
        self, context: TurnContext, state: RequestState, field: str, value: Any
    ) -> None:
        state["draft"][field] = value
        state["known"] = [known for known in state["known"] if known != field]
        state["editing"] = None

    def reopen(self, state: RequestState, field: str) -> None:
        state["editing"] = field

    async def on_other_action(
        self, step: WaterfallStepContext, state: RequestState, action: str
    ) -> DialogTurnResult:
        """ "edit purpose" typed at the summary goes straight to that question."""
        if action.startswith(f"{EDIT}:"):
            self.reopen(state, action.split(":", 1)[1])
            return await step.replace_dialog(self.fill_id, state)
        return await super().on_other_action(step, state, action)

    async def send(self, step: WaterfallStepContext, state: RequestState) -> DialogTurnResult:
        draft = ApprovalDraft(
            **{f: state["draft"][f] or "" for f in FIELDS}, key=str(state.get("request") or "")
        )
        sent = await self._submit(step.context, draft)
        card = submitted_card(sent.reference, sent.decided_by, sent.next_steps, draft.tool)
        await send_card(step.context, card)
        return await step.end_dialog(asdict(sent))

    def start_state(self, prefill: ApprovalPrefill) -> RequestState:
        draft: dict[str, str | None] = dict.fromkeys(FIELDS)
        if tool := _text(prefill.tool):
            draft["tool"] = shorten(tool, LIMITS["tool"])
        if purpose := _text(prefill.purpose):
            draft["purpose"] = shorten(purpose, LIMITS["purpose"])
        classes = [
            self.policy.data_classes[d]
            for d in prefill.data_classes
            if d in self.policy.data_classes
        ]
        if classes:
            labels = "; ".join(dict.fromkeys(c.label for c in classes))
            draft["data_description"] = shorten(labels, LIMITS["data_description"])
            draft["data_classification"] = self._most_sensitive([c.id for c in classes])
        return {
            "request": uuid.uuid4().hex[:12],
            "question": shorten(_text(prefill.question), 1000),
            "known": [field for field in FIELDS if draft[field] is not None],
            "editing": None,
            "draft": draft,
        }

    def _most_sensitive(self, ids: list[str]) -> str:
        """Personal before not; then the class implying most others (sensitive > personal)."""
        policy = self.policy
        return max(
            ids, key=lambda d: (policy.data_classes[d].personal, len(policy.implied.get(d, ())))
        )

    # -- asking ------------------------------------------------------------------------------
    def question(self, field: str, options: Mapping[str, Any]) -> str:
        tool = options["draft"].get("tool") or "the tool"
        question = QUESTIONS[field].ask.format(
            tool=tool, approver=self.approver, **world(self.policy)
        )
        current = options["draft"].get(field)
        if options.get("editing") == field and current:
            return f'Now: "{shorten(current, 200)}". {question}'
        return question

    def card(self, field: str, options: dict[str, Any]) -> dict[str, Any]:
        request = options["request"]
        if field == "summary":
            rows = [self._row(options, f) for f in FIELDS]
            return summary_card(self.approver, rows, request=request)
        if field == "edit":
            rows = [self._row(options, f) for f in FIELDS]
            edits = [
                Option(f, row.label, f"{row.label}: {row.value}")
                for f, row in zip(FIELDS, rows, strict=True)
            ]
            return choice_card(
                "Which answer do you want to change?", [], edits, request=request, field=field
            )
        if field == "data_classification":
            lead = [rich_text(text_run(self.question(field, options)))]
            heading = "How sensitive is that information?"
            options_ = [option for option, _ in self._classes]
            return classification_card(heading, lead, options_, request=request, field=field)
        lead = [rich_text(text_run(self.question("justification", options)))]
        skip = [Option("skip", "Skip")]
        return choice_card(
            "Why do you need it? (optional)",
            lead,
            skip,
            request=request,
            field=field,
            numbered=False,
        )

    def _reminder(self, field: str) -> str:
        if field == "summary":
            return 'Reply "submit", "edit" or "cancel", or use the buttons on the summary.'
        if field == "justification":
            return 'Type your reason, or "skip".'
        if field == "data_classification":
            return "Choose one in the list above and press Continue, or type its number."
        return "Reply with a number, or press a button on the card above."

    def _row(self, state: dict[str, Any], field: str) -> Row:
        value = state["draft"].get(field)
        if field == "data_classification":
            value = self._class_label(value)
        elif field == "justification" and not value:
            value = "(none given)" if value == "" else ""
        note = "from your question" if field in state.get("known", ()) else ""
        return Row(QUESTIONS[field].label, value or "", note)

    def _class_label(self, value: str | None) -> str:
        for option, _ in self._classes:
            if option.choice == value:  # a policy's label, in sentence case on the summary
                return option.detail[:1].upper() + option.detail[1:]
        return value or ""

    # -- reading -----------------------------------------------------------------------------
    def is_current(self, value: Mapping[str, Any], options: Mapping[str, Any]) -> bool:
        return bool(value.get("request") == options["request"])

    def button_data(self, options: Mapping[str, Any], choice: str) -> dict[str, Any]:
        return reply_data(options["request"], options["field"], choice)

    def stale_text(self, field: str) -> str:
        return f"That button is on an earlier card. {self._reminder(field)}"

    def foreign_text(self, field: str) -> str:
        return f"That button isn't part of this request. {self._reminder(field)}"

    def _choices(self, field: str) -> list[Choice]:
        if field == "data_classification":
            return [choice for _, choice in self._classes]
        if field == "edit":
            return [Choice(f, (QUESTIONS[f].label, *QUESTIONS[f].words)) for f in FIELDS]
        if field == "justification":
            return [Choice("skip")]
        return summary_choices()

    def read_button(self, field: str, value: Mapping[str, Any]) -> Reading:
        choice = str(value.get("choice", ""))
        if field == "data_classification" and choice == CHOSEN:
            choice = str(value.get(CLASSIFICATION_INPUT) or "")
            if not choice:
                return rejected(f"Choose one of the kinds first. {self._reminder(field)}")
        if choice not in {c.value for c in self._choices(field)}:
            return rejected(f"That button is not one I know. {self._reminder(field)}")
        if field == "justification":
            return accepted("")
        return accepted(choice)

    def read_text(self, field: str, text: str) -> Reading:
        if field == "justification" and text.lower().strip(" .!") in SKIP_WORDS:
            return accepted("")
        if field in LIMITS:
            return check_text(text, LIMITS[field])
        if field == "summary":
            return self._read_summary(text)
        return match_choice(text, self._choices(field))

    def _read_summary(self, text: str) -> Reading:
        """ "submit", "edit", "cancel" or their numbers; "edit purpose" goes straight there."""
        first, _, rest = text.partition(" ")
        if rest and first.lower() in {"edit", "change", "amend"}:
            named = match_choice(rest.removeprefix("the "), self._choices("edit"))
            if named.problem is None:
                return accepted(f"{EDIT}:{named.value}")
        reading = match_choice(text, summary_choices())
        if reading.problem is None:
            return reading
        return rejected(
            f'"{shorten(text, 40)}" is not one of the choices. {self._reminder("summary")}'
        )

    # -- cancel and help ---------------------------------------------------------------------
    async def interrupt(self, inner_dc: DialogContext) -> DialogTurnResult | None:
        """As the base class, plus the Cancel button (its data, not text) on this request's
        cards."""
        value = card_value(inner_dc.context.activity, VERB)
        options = _options(inner_dc)
        if (
            value
            and value.get("choice") == CANCEL
            and value.get("request") == options.get("request")
        ):
            text = await self.on_cancel(inner_dc)
            await inner_dc.context.send_activity(
                MessageFactory.text(text, input_hint=InputHints.ignoring_input)
            )
            return await inner_dc.cancel_all_dialogs()
        return await super().interrupt(inner_dc)

    async def on_cancel(self, inner_dc: DialogContext) -> str:
        return (
            f"Cancelled: nothing was sent to {self.approver}. "
            'To start again, type "request approval".'
        )

    def help_text(self, inner_dc: DialogContext) -> str:
        field = _options(inner_dc).get("field", "")
        question = QUESTIONS.get(field)
        if question is None:
            return super().help_text(inner_dc)
        parts = [question.why.format(approver=self.approver)]
        if quoted := policy_asks(self.policy, field):
            parts.append(f'The policy asks for "{quoted}".')
        parts.append('Nothing is sent until you submit; type "cancel" to stop.')
        return " ".join(parts)


def _options(inner_dc: DialogContext) -> dict[str, Any]:
    active = inner_dc.active_dialog
    options = active.state.get("options") if active else None
    return options if isinstance(options, dict) else {}
