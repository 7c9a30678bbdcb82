"""The one `on_turn_error`: log the failure with a reference, tell the person something useful
with that reference, and keep everything they told us (their conversation state stays)."""

from __future__ import annotations

import logging
import secrets

from botbuilder.core import CardFactory, ConversationState, MessageFactory, TurnContext

from .cards import error_card

logger = logging.getLogger(__name__)


def new_reference() -> str:
    """Short enough to read out on the phone to IT, random enough not to collide."""
    return "ERR-" + secrets.token_hex(4).upper()


class TurnErrorHandler:
    def __init__(self, conversation_state: ConversationState) -> None:
        self.conversation_state = conversation_state

    async def __call__(self, turn_context: TurnContext, error: Exception) -> None:
        reference = new_reference()
        activity = turn_context.activity
        # The exception and its traceback, but never the message text: it may hold personal data.
        logger.error(
            "turn failed ref=%s activity=%s/%s",
            reference,
            activity.type,
            activity.name or "-",
            exc_info=(type(error), error, error.__traceback__),
        )
        try:
            # Keep what the person already told us: save state rather than clearing it.
            await self.conversation_state.save_changes(turn_context)
        except Exception:  # the store may be what failed; the person still gets an answer
            logger.exception("turn failed ref=%s: could not save conversation state", reference)
        try:
            card = error_card(reference)
            await turn_context.send_activity(
                MessageFactory.attachment(CardFactory.adaptive_card(card))
            )
        except Exception:
            logger.exception("turn failed ref=%s: could not tell the user", reference)
