"""What a person can do with an answer after reading it: say whether it was right, and ask the
board about it.

Both start from the answer card's buttons, which carry only the answer's random key. The
interaction it names must be the presser's own (read from the authenticated activity): a vote
or a question about someone else's answer is refused, so a forwarded card shares nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botbuilder.core import TurnContext

from knowledge import Decision, Policy, Verdict, decide

from .cards import answer_card
from .cards.board_question import cancelled_card, consent_card, sent_card
from .cards.feedback import COMMENT_LIMIT, FeedbackView, Voted
from .errors import RecordsError
from .governance.authority import display_name
from .governance.channels import is_personal
from .governance.register_cache import RegisterCache
from .records.board_questions import BoardQuestionRepository, NewBoardQuestion, NotAskerError
from .records.conversations import ConversationReferences, user_key
from .records.interactions import InteractionRepository
from .records.models import Interaction
from .records.votes import NOT_RIGHT, RIGHT, NewVote, VoteRepository
from .routing import Outcome, clean
from .workflows import user_id

logger = logging.getLogger(__name__)

NOT_YOURS = "Only the person who asked can do that with this answer."
GONE = "That answer is no longer in the records, so there is nothing to attach this to."
ONLY_PERSONAL = (
    "Let's do that privately: open a chat with me (select my name, then Chat), ask the question "
    "there, then press Ask the board on my answer."
)
QUESTION_LIMIT = 1000


@dataclass
class AnswerFollowUps:
    policy: Policy
    interactions: InteractionRepository
    votes: VoteRepository
    questions: BoardQuestionRepository
    references: ConversationReferences
    register: RegisterCache
    wake: Callable[[], None] = lambda: None  # the notification pump's, once it is built

    # -- "Was this right?" ---------------------------------------------------------------------
    async def vote(self, context: TurnContext, voted: Voted, data: dict[str, Any]) -> Outcome:
        """Record the vote (or the comment) and give back the answer card thanking the person."""
        found = await self._own_answer(context, data)
        if isinstance(found, str):
            return Outcome(notice=found)
        person = user_id(context.activity)
        verdict = str((found.decision or {}).get("verdict") or found.verdict)
        if voted == "commented":
            comment = _text(data.get("comment"), COMMENT_LIMIT)
            if comment and not await self.votes.comment(str(found.answer_key), person, comment):
                voted = "not_right"  # no vote to attach it to: ask again
        else:
            vote = RIGHT if voted == "right" else NOT_RIGHT
            await self.votes.vote(
                NewVote(str(found.answer_key), person, vote, verdict, found.policy_id)
            )
        logger.info("answer voted: %s", voted)
        return Outcome(card=self._card(context, found, voted))

    # -- "Ask the board" -----------------------------------------------------------------------
    async def consent(self, context: TurnContext, data: dict[str, Any]) -> Outcome:
        """What would be shared, for the person to edit and agree to."""
        if not is_personal(context.activity):
            return Outcome(notice=ONLY_PERSONAL)
        found = await self._own_answer(context, data)
        if isinstance(found, str):
            return Outcome(notice=found)
        decision = found.decision or {}
        return Outcome(
            card=consent_card(
                question=found.question,
                verdict=Verdict(str(decision.get("verdict") or found.verdict)),
                reading=_reading(decision),
                policy=self.policy,
                answer_key=str(found.answer_key),
            )
        )

    async def send(self, context: TurnContext, data: dict[str, Any]) -> Outcome:
        """The person agreed: the question as they left it goes to the board, once."""
        if not is_personal(context.activity):
            return Outcome(notice=ONLY_PERSONAL)
        found = await self._own_answer(context, data)
        if isinstance(found, str):
            return Outcome(notice=found)
        question = _text(data.get("question"), QUESTION_LIMIT)
        decision = found.decision or {}
        if not question:
            card = consent_card(
                question="",
                verdict=Verdict(str(decision.get("verdict") or found.verdict)),
                reading=_reading(decision),
                policy=self.policy,
                answer_key=str(found.answer_key),
                notice="Write the question for the board first.",
            )
            return Outcome(card=card)
        person = user_id(context.activity)
        activity = context.activity
        await self.references.save(
            user_key(person), TurnContext.get_conversation_reference(activity)
        )
        row, created = await self.questions.create(
            NewBoardQuestion(
                asker_id=person,
                asker_name=display_name(context),
                question=question,
                note=_text(data.get("note"), QUESTION_LIMIT) or None,
                policy_id=found.policy_id,
                policy_version=found.policy_version,
                bot_verdict=str(decision.get("verdict") or found.verdict),
                bot_answer=found.answer,
                bot_reading=_reading(decision),
                answer_key=found.answer_key,
                conversation_id=activity.conversation.id if activity.conversation else None,
                idempotency_key=_once_per_answer(person, str(found.answer_key)),
            )
        )
        self.wake()
        logger.info("question sent to the board: %s", row.reference)
        return Outcome(card=sent_card(row.reference, row.question, self.policy, again=not created))

    async def cancel(self, context: TurnContext, data: dict[str, Any]) -> Outcome:
        return Outcome(card=cancelled_card())

    async def reply(self, context: TurnContext, reference: str, text: str) -> str:
        """The asker's reply to the board's question back."""
        text = _text(text, QUESTION_LIMIT)
        if not text:
            return f"Type your reply: answer {reference}: ..."
        try:
            await self.questions.reply(
                reference,
                asker_id=user_id(context.activity),
                asker_name=display_name(context),
                text=text,
            )
        except NotAskerError:
            return f"I can't find a question {reference} of yours."
        except RecordsError:
            return f"{reference} is not waiting for a reply from you, so nothing was added."
        self.wake()
        return f"Thanks: your reply was added to {reference} for the board."

    # -- shared --------------------------------------------------------------------------------
    async def _own_answer(self, context: TurnContext, data: dict[str, Any]) -> Interaction | str:
        key = data.get("answer")
        if not isinstance(key, str) or not 8 <= len(key) <= 32:
            return GONE
        found = await self.interactions.by_answer_key(key)
        if found is None:
            return GONE
        if found.user_id.lower() != user_id(context.activity).lower():
            return NOT_YOURS
        return found

    def _card(self, context: TurnContext, found: Interaction, voted: Voted) -> dict[str, Any]:
        """The answer card again, as it was answered, with its foot showing the vote."""
        decision = _decision_again(self.policy, found, self.register)
        view = FeedbackView(str(found.answer_key), voted, is_personal(context.activity))
        return answer_card(decision, self.policy, view)


def _decision_again(policy: Policy, found: Interaction, register: RegisterCache) -> Decision:
    """The answer rebuilt from the question and the thread it was read in. The register may
    have changed since; the card then shows the answer as it stands now, which is the one to
    act on."""
    earlier = (found.decision or {}).get("follow_up_of") or []
    thread = [str(q) for q in earlier if isinstance(q, str)]
    return decide(policy, found.question, thread, register.current)


def _reading(decision: dict[str, Any]) -> dict[str, Any]:
    tool = decision.get("tool") or {}
    purpose = decision.get("purpose") or {}
    return {
        "tool": tool.get("name") if isinstance(tool, dict) else None,
        "purpose": purpose.get("label") if isinstance(purpose, dict) else None,
        "data": [str(d) for d in decision.get("data") or [] if isinstance(d, str)],
    }


def _text(value: object, limit: int) -> str:
    return clean(value)[:limit].strip() if isinstance(value, str) else ""


def _once_per_answer(person: str, answer_key: str) -> str:
    return hashlib.sha256(f"{person}\x1fboard\x1f{answer_key}".encode()).hexdigest()
