"""The base of every multi-step conversation: "cancel" and "help" work at any step.

As in the Bot Framework core-bot sample's CancelAndHelpDialog, the check runs before the active
step sees the message, so a person can always get out or get help without their answer being
taken as "cancel". Subclasses say what help means at each step and what cancelling keeps.
"""

from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import (
    ComponentDialog,
    DialogContext,
    DialogTurnResult,
    DialogTurnStatus,
)
from botbuilder.schema import ActivityTypes, InputHints

from forms.text import CANCEL_WORDS, STEP_HELP_WORDS, normalise_command


def command_word(text: str | None) -> str:
    """The message reduced to what a command check compares ("?" stays "?")."""
    return normalise_command(text or "") or (text or "").strip()


class CancelAndHelpDialog(ComponentDialog):
    cancel_text = "Cancelled. Nothing was sent."

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        result = await self.interrupt(inner_dc)
        if result is not None:
            return result
        return await super().on_continue_dialog(inner_dc)

    async def interrupt(self, inner_dc: DialogContext) -> DialogTurnResult | None:
        activity = inner_dc.context.activity
        if activity.type != ActivityTypes.message or not activity.text:
            return None
        word = command_word(activity.text)
        if word in CANCEL_WORDS:
            text = await self.on_cancel(inner_dc)
            await inner_dc.context.send_activity(
                MessageFactory.text(text, input_hint=InputHints.ignoring_input)
            )
            return await inner_dc.cancel_all_dialogs()
        if word in STEP_HELP_WORDS:
            await inner_dc.context.send_activity(
                MessageFactory.text(self.help_text(inner_dc), input_hint=InputHints.expecting_input)
            )
            return DialogTurnResult(DialogTurnStatus.Waiting)
        return None

    async def on_cancel(self, inner_dc: DialogContext) -> str:
        """Called before the dialog is cancelled; returns what to tell the person. Override to
        keep a draft."""
        return self.cancel_text

    def help_text(self, inner_dc: DialogContext) -> str:
        """What to say when someone types "help" in the middle. Override per step."""
        return 'Answer the question above, or type "cancel" to stop.'
