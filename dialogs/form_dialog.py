"""The one way a form dialog is written: the approval request and the incident report share it.

A form dialog keeps one plain JSON dict of state between turns, passed from step to step as
dialog options, and loops:

    fill:    ask the next field -> read the reply -> record it -> fill again (until none is left)
    review:  show the summary -> submit / cancel / choose an answer to change -> fill again

This class owns that loop (the two waterfalls, the reply prompt, the ask / read / record /
summary / act / edit steps) and the checks every card reply needs: a button on an earlier card
is told apart and refused, and a button from somewhere else is not taken as an answer. A dialog
adds its own start (and, for the incident report, the offer to resume a saved draft) and says
what its fields are: how each is asked, read, recorded and reopened, and what submitting does.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Mapping
from typing import Any, Generic, TypeVar, cast

from botbuilder.core import TurnContext
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext

from cardkit.elements import adaptive_card, rich_text, shorten, submit, text_run
from forms import verbs
from forms.intents import looks_like_question

from .cancel_and_help_dialog import CancelAndHelpDialog
from .options import plain
from .prompts import (
    OFFERED,
    Reading,
    ReplyPrompt,
    card_value,
    offered,
    rejected,
    reply_text,
    send_card,
    send_text,
)

SUBMIT, EDIT, CANCEL = "submit", "edit", "cancel"
AS_ANSWER = "as_answer"  # "No, that's my answer" on the offer to answer a typed question
ANSWER_NOW, MY_ANSWER = "Answer it now", "No, that's my answer"
# The form's state: a TypedDict each form declares, kept as plain JSON between turns.
StateT = TypeVar("StateT", bound=Mapping[str, object])


class FormDialog(CancelAndHelpDialog, Generic[StateT]):
    """Subclasses set `verb` (the verb their cards' buttons carry) and `text_fields` (the fields
    asked as a plain question; the others are asked with a card), add their start waterfall and
    set `initial_dialog_id`, and implement the abstract methods below."""

    verb: str
    text_fields: frozenset[str] = frozenset()
    kept: str = "form"  # what "your ... is kept" calls it: "request", "report"

    def __init__(self, dialog_id: str) -> None:
        super().__init__(dialog_id)
        self.fill_id, self.review_id, self.reply_id = (
            f"{self.id}.{name}" for name in ("fill", "review", "reply")
        )
        self.add_dialog(WaterfallDialog(self.fill_id, [self.ask_step, self.record_step]))
        self.add_dialog(
            WaterfallDialog(self.review_id, [self.summary_step, self.act_step, self.edit_step])
        )
        self.add_dialog(ReplyPrompt(self.reply_id, self._ask, self._read, self._offer))

    # -- what each form says -----------------------------------------------------------------
    @abstractmethod
    def next_field(self, state: StateT) -> str | None:
        """The field to ask next, or None when the form is complete."""

    @abstractmethod
    async def record(self, context: TurnContext, state: StateT, field: str, value: Any) -> None:
        """Keep an accepted answer in `state` (and anywhere else it must be kept at once)."""

    @abstractmethod
    def reopen(self, state: StateT, field: str) -> None:
        """Make `field` the next one asked again, chosen from the summary's "change"."""

    @abstractmethod
    async def send(self, step: WaterfallStepContext, state: StateT) -> DialogTurnResult:
        """Submit the form; end the dialog, or go back to the review when it could not."""

    @abstractmethod
    def question(self, field: str, options: Mapping[str, Any]) -> str:
        """The plain question for a text field."""

    @abstractmethod
    def card(self, field: str, options: dict[str, Any]) -> dict[str, Any]:
        """The card that asks a choice field, the summary or which answer to change."""

    @abstractmethod
    def is_current(self, value: Mapping[str, Any], options: Mapping[str, Any]) -> bool:
        """Whether a pressed button belongs to the card asking now (not an earlier one)."""

    @abstractmethod
    def read_button(self, field: str, value: Mapping[str, Any]) -> Reading:
        """A current button's data as the answer to `field`."""

    @abstractmethod
    def read_text(self, field: str, text: str) -> Reading:
        """Typed text as the answer to `field`."""

    @abstractmethod
    def button_data(self, options: Mapping[str, Any], choice: str) -> dict[str, Any]:
        """The data of a button for `choice` on a card asking now (its field and keys)."""

    def asking(self, state: Any, field: str) -> dict[str, Any]:
        """The reply prompt's options: the state and the field asked."""
        return {**plain(state), "field": field}

    def stale_text(self, field: str) -> str:
        return "That button is on an earlier card: please use the latest one."

    def foreign_text(self, field: str) -> str:
        return "That button isn't part of this conversation: please use the latest card."

    def with_problem(self, field: str, problem: str, question: str) -> str:
        """What to say when a typed answer could not be taken: the reason, then the question."""
        return f"{problem} {question}"

    async def after_record(self, context: TurnContext, state: StateT) -> None:
        """Anything to say once an answer is kept (the incident report's breach notice)."""

    async def on_other_action(
        self, step: WaterfallStepContext, state: StateT, action: str
    ) -> DialogTurnResult:
        """A summary reply that is neither submit nor cancel: ask which answer to change."""
        return await step.begin_dialog(self.reply_id, self.asking(state, "edit"))

    # -- the loop ----------------------------------------------------------------------------
    async def ask_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = cast(StateT, plain(step.options))
        field = self.next_field(state)
        if field is None:
            return await step.replace_dialog(self.review_id, state)
        step.values["field"] = field
        return await step.begin_dialog(self.reply_id, self.asking(state, field))

    async def record_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = cast(StateT, plain(step.options))
        await self.record(step.context, state, step.values["field"], step.result)
        await self.after_record(step.context, state)
        return await step.replace_dialog(self.fill_id, state)

    async def summary_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.begin_dialog(self.reply_id, self.asking(step.options, "summary"))

    async def act_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state, action = cast(StateT, plain(step.options)), str(step.result)
        if action == SUBMIT:
            return await self.send(step, state)
        if action == CANCEL:
            await send_text(step.context, await self.on_cancel(step))
            return await step.end_dialog(None)
        return await self.on_other_action(step, state, action)

    async def edit_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = cast(StateT, plain(step.options))
        self.reopen(state, str(step.result))
        return await step.replace_dialog(self.fill_id, state)

    # -- asking and reading ------------------------------------------------------------------
    async def _ask(
        self, context: TurnContext, options: dict[str, Any], problem: str | None
    ) -> None:
        field = options["field"]
        if field in self.text_fields:
            question = self.question(field, options)
            text = self.with_problem(field, problem, question) if problem else question
            await send_text(context, text)
            return
        if problem:  # the card with its buttons is just above
            await send_text(context, problem)
            return
        await send_card(context, self.card(field, options))

    def _read(self, context: TurnContext, options: dict[str, Any]) -> Reading:
        field, activity = options["field"], context.activity
        value = card_value(activity, self.verb)
        if value is not None:
            if not self.is_current(value, options) or value.get("field") != field:
                return rejected(self.stale_text(field))
            question = options.get(OFFERED)
            if value.get("choice") == AS_ANSWER and isinstance(question, str):
                return self.read_text(field, question)
            return self.read_button(field, value)
        text = reply_text(activity)
        if not text and activity.value is not None:
            return rejected(self.foreign_text(field))
        if looks_like_question(text):
            return offered(text)
        return self.read_text(field, text)

    async def _offer(self, context: TurnContext, options: dict[str, Any]) -> None:
        """A question typed where an answer was awaited: answer it now (the bot answers an ask
        button even while a dialog runs, then asks this step again), or take it as the answer."""
        question = str(options[OFFERED])
        card = adaptive_card(
            [
                rich_text(
                    text_run("That looks like a question about the policy: "),
                    text_run(shorten(question, 300), italic=True),
                ),
                rich_text(
                    text_run(
                        f"Answer it now? Your {self.kept} is kept, and you can carry on with it "
                        "straight after."
                    ),
                    spacing="small",
                ),
            ],
            [
                submit(ANSWER_NOW, {"verb": verbs.ASK, "text": question}, style="positive"),
                submit(MY_ANSWER, self.button_data(options, AS_ANSWER)),
            ],
        )
        await send_card(context, card)
