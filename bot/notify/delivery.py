"""Sending to a stored conversation, and turning the Bot Connector's answers into outbox outcomes.

msrest, under the SDK, never retries a 429 and (with urllib3 2) never retries a POST, so every
failure comes back here at once: 429 and 5xx (and connection failures) become
RetryableDeliveryError carrying Retry-After; 403/404 (the bot was removed, the conversation is
gone) become PermanentDeliveryError. A card about a subject is posted once per destination and
updated afterwards, so a retry after a lost response updates rather than posts again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from botbuilder.core import BotAdapter, CardFactory, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import Activity, ConversationReference

from bot.records.conversations import ConversationReferences
from bot.records.models import utcnow
from bot.records.outbox import (
    DestinationMissingError,
    PermanentDeliveryError,
    RetryableDeliveryError,
)
from bot.records.posted_cards import PostedCards

logger = logging.getLogger(__name__)

PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 410})
# How long a claimed first post may stay unfinished before another relay takes it over: longer
# than one Bot Connector call with its retries.
POSTING_LEASE = timedelta(minutes=2)


class NoConversation(DestinationMissingError):
    """Nothing is registered for the destination (no channel, or the person never chatted)."""


class TeamsDelivery:
    def __init__(
        self,
        adapter: BotAdapter,
        app_id: str,
        references: ConversationReferences,
        posted: PostedCards,
    ) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._references = references
        self._posted = posted

    async def has(self, destination: str) -> bool:
        return await self._references.get(destination) is not None

    async def send(self, destination: str, activity: Activity) -> str:
        """Send a new message to `destination`; returns the new activity's id."""
        reference = await self._reference(destination)
        return await self._in_conversation(reference, lambda turn: _send(turn, activity))

    async def post_or_update_card(
        self, subject_ref: str, destination: str, card: dict[str, Any]
    ) -> str:
        """The one card about `subject_ref` in `destination`: posted the first time, updated in
        place every time after, in the conversation it was first posted in."""
        existing = await self._posted.get(subject_ref, destination)
        activity = MessageFactory.attachment(CardFactory.adaptive_card(card))
        if existing is None or not existing.activity_id:
            reference = await self._reference(destination)
            claimed = (
                await self._posted.claim(subject_ref, destination, reference.serialize())
                if existing is None
                else await self._posted.take_over(subject_ref, destination, POSTING_LEASE)
            )
            if claimed:
                return await self._first_post(subject_ref, destination, reference, activity)
            existing = await self._posted.get(subject_ref, destination)
            if existing is None or not existing.activity_id:
                # another relay is posting it right now: update it once it exists
                raise RetryableDeliveryError("the card is being posted", retry_after=2.0)
        reference = ConversationReference.deserialize(existing.reference)
        activity.id = existing.activity_id
        await self._in_conversation(reference, lambda turn: _update(turn, activity))
        await self._posted.touch(subject_ref, destination)
        return existing.activity_id

    async def _first_post(
        self,
        subject_ref: str,
        destination: str,
        reference: ConversationReference,
        activity: Activity,
    ) -> str:
        try:
            activity_id = await self._in_conversation(reference, lambda t: _send(t, activity))
        except BaseException:
            await self._posted.release(subject_ref, destination)
            raise
        await self._posted.save(subject_ref, destination, activity_id, reference.serialize())
        return activity_id

    async def roster_ids(
        self, destination: str, team_id: str, users: Sequence[str]
    ) -> dict[str, str]:
        """The Teams user ids of `users` (Entra ids) who are members of `team_id`, asked of Teams
        in `destination`'s conversation; those Teams cannot find are left out."""
        reference = await self._reference(destination)
        found: dict[str, str] = {}

        async def look_up(turn_context: TurnContext) -> str:
            for user in users:
                try:
                    member = await TeamsInfo.get_team_member(turn_context, team_id, user)
                except Exception as exc:  # not a member, or Teams unavailable: try next time
                    logger.info("roster lookup for an approver failed: %s", type(exc).__name__)
                    continue
                if member is not None and member.id:
                    found[user] = member.id
            return ""

        await self._in_conversation(reference, look_up)
        return found

    async def team_roster(self, destination: str, team_id: str) -> dict[str, str]:
        """Every member of `team_id` (Entra id to Teams user id), asked of Teams as the bot in
        `destination`'s conversation."""
        reference = await self._reference(destination)
        found: dict[str, str] = {}

        async def look_up(turn_context: TurnContext) -> str:
            for member in await TeamsInfo.get_team_members(turn_context, team_id):
                if member.aad_object_id and member.id:
                    found[member.aad_object_id.lower()] = member.id
            return ""

        await self._in_conversation(reference, look_up)
        return found

    async def _reference(self, destination: str) -> ConversationReference:
        reference = await self._references.get(destination)
        if reference is None:
            raise NoConversation(f"no conversation is registered for {destination!r}")
        return reference

    async def _in_conversation(self, reference: ConversationReference, action: Any) -> str:
        result: dict[str, Any] = {}

        async def callback(turn_context: TurnContext) -> None:
            # The synthetic continuation activity has an id the SDK would reply to; a new post
            # in a channel must be a new conversation message, not a reply to nothing.
            turn_context.activity.id = None
            try:
                result["id"] = await action(turn_context)
            except Exception as exc:  # kept from the adapter's on_turn_error, which would
                result["error"] = exc  # swallow it and post an error card in the channel

        try:
            await self._adapter.continue_conversation(reference, callback, self._app_id)
        except Exception as exc:  # the SDK raises msrest and aiohttp errors of many kinds
            raise classify(exc) from exc
        if (error := result.get("error")) is not None:
            raise classify(error) from error
        return str(result.get("id", ""))


async def _send(turn_context: TurnContext, activity: Activity) -> str:
    response = await turn_context.send_activity(activity)
    return response.id if response and response.id else ""


async def _update(turn_context: TurnContext, activity: Activity) -> str:
    await turn_context.update_activity(activity)
    return activity.id or ""


def classify(exc: BaseException) -> Exception:
    """A failed Bot Connector call as a retryable or permanent delivery error."""
    status, headers = _status_and_headers(exc)
    message = f"{type(exc).__name__} (HTTP {status})" if status else type(exc).__name__
    if status in PERMANENT_STATUSES:
        return PermanentDeliveryError(message)
    return RetryableDeliveryError(message, retry_after=retry_after_seconds(headers))


def _status_and_headers(exc: BaseException) -> tuple[int | None, Any]:
    response = getattr(exc, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    headers = getattr(response, "headers", None) or {}
    return (int(status) if isinstance(status, int) else None), headers


def retry_after_seconds(headers: Any) -> float | None:
    """Retry-After as seconds: a number of seconds or an HTTP date; None when absent or junk."""
    value = headers.get("Retry-After") if hasattr(headers, "get") else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - utcnow()).total_seconds())
    except (TypeError, ValueError):
        return None
