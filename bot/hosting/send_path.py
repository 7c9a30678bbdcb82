"""The SDK's reply path with its two needless costs taken out.

`TurnContext.send_activities` deep-copies every outgoing activity before addressing it, so a
14 KB Adaptive Card is copied value by value (~0.15 ms) only to have four top-level fields set
on the copy. `ReplyTurnContext` copies the activity itself (and its lists), which is all the
addressing and the adapter ever change, and otherwise does exactly what the SDK does: the
conversation reference applied, type and input hint defaulted, the id cleared, `responded` set,
on_send_activities handlers run, expectReplies buffered.

Consequence: the card dict, channelData and entities of a sent activity are shared with the
caller's activity rather than copied. Nothing in the SDK or in policybot changes them after
sending; a send handler that wants to must copy them first.

`PolicybotCloudAdapter.send_activities` is the SDK's CloudAdapterBase.send_activities, except that
a message for a connector client from our pool is posted by the pool's ConnectorSender (see
outbound.py) rather than through msrest and `requests`. Everything else (invoke responses kept
for the HTTP answer, traces dropped, "delay", replies to proactive turns, update and delete)
takes the SDK's own path.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ActivityTypes,
    DeliveryModes,
    ResourceResponse,
)
from botframework.connector import Channels

from .outbound import ConnectorSender

__all__ = ["PolicybotCloudAdapter", "ReplyTurnContext"]


def outgoing_copy(activity: Activity) -> Activity:
    """A new Activity with the same values; its lists are new lists of the same items."""
    out = copy.copy(activity)
    for name in ("attachments", "entities"):
        items = getattr(activity, name, None)
        if isinstance(items, list):
            setattr(out, name, list(items))
    return out


class ReplyTurnContext(TurnContext):
    async def send_activities(self, activities: list[Activity]) -> list[ResourceResponse]:
        """TurnContext.send_activities (botbuilder-core 4.17.1) with `outgoing_copy` in place
        of `deepcopy`."""
        sent_non_trace_activity = False
        ref = TurnContext.get_conversation_reference(self.activity)

        def activity_validator(activity: Activity) -> Activity:
            nonlocal sent_non_trace_activity
            if not getattr(activity, "type", None):
                activity.type = ActivityTypes.message
            if activity.type != ActivityTypes.trace:
                sent_non_trace_activity = True
            if not activity.input_hint:
                activity.input_hint = "acceptingInput"
            activity.id = None
            return activity

        output = [
            activity_validator(TurnContext.apply_conversation_reference(outgoing_copy(act), ref))
            for act in activities
        ]

        async def logic() -> list[ResourceResponse]:
            if self.activity.delivery_mode == DeliveryModes.expect_replies:
                responses = []
                for activity in output:
                    self.buffered_reply_activities.append(activity)
                    if activity.type == ActivityTypes.invoke_response:
                        self.turn_state[TurnContext._INVOKE_RESPONSE_KEY] = activity
                    responses.append(ResourceResponse())
                if sent_non_trace_activity:
                    self.responded = True
                return responses

            sent: list[Any] = await self.adapter.send_activities(self, output)
            if sent_non_trace_activity:
                self.responded = True
            return sent

        sent: list[Any] = await self._emit(self._on_send_activities, output, logic())
        return sent


class PolicybotCloudAdapter(CloudAdapter):
    """CloudAdapter whose turn contexts are ReplyTurnContexts and whose replies, for pooled
    connector clients, go out through ConnectorSender."""

    def _create_turn_context(self, activity: Activity, *args: Any) -> TurnContext:
        sdk_context = super()._create_turn_context(activity, *args)
        context = ReplyTurnContext(self, activity)
        context.turn_state.update(sdk_context.turn_state)
        return context

    async def send_activities(
        self, context: TurnContext, activities: Sequence[Activity]
    ) -> list[ResourceResponse]:
        if not context:
            raise TypeError("Expected TurnContext but got None instead")
        if activities is None:
            raise TypeError("Expected Activities list but got None instead")
        if len(activities) == 0:
            raise TypeError("Expecting one or more activities, but the list was empty.")
        sender = _sender(context, self.CONNECTOR_FACTORY_KEY)
        client = context.turn_state.get(self.BOT_CONNECTOR_CLIENT_KEY)
        if sender is None or not sender.accepts(client):
            sent: list[Any] = await super().send_activities(context, list(activities))
            return sent
        responses = []
        for activity in activities:
            if (
                activity.type == "delay"
                or activity.type == ActivityTypes.invoke_response
                or (
                    activity.type == ActivityTypes.trace
                    and activity.channel_id != Channels.emulator
                )
            ):
                responses.extend(await super().send_activities(context, [activity]))
                continue
            activity.id = None
            response = await sender.send(client, activity)
            responses.append(response or ResourceResponse(id=activity.id or ""))
        return responses


def _sender(context: TurnContext, key: str) -> ConnectorSender | None:
    sender = getattr(context.turn_state.get(key), "sender", None)
    return sender if isinstance(sender, ConnectorSender) else None
