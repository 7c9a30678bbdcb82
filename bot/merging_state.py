"""Conversation state that survives two instances running turns of one conversation at once.

Each instance runs a conversation's turns one at a time (conversation_locks), but a load balancer
can hand two messages of one conversation to two instances. Both turns read the state, and the
later write carries an eTag that has moved on. botbuilder would raise and the turn would end in an
error card, its answer already sent and its state lost. Instead, the turn re-reads the stored
state and re-applies only the properties it changed itself (the question thread, the dialog
stack, a draft), keeping what the other turn wrote to the rest, and tries the write again.

When both turns changed the same property, the later turn's value is kept: the person's latest
message is the one they will read the bot's reply to.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import uuid
from typing import Any

from botbuilder.core import ConversationState, TurnContext
from jsonpickle.pickler import Pickler

from bot.records.storage import ETagConflictError

logger = logging.getLogger(__name__)

ETAG = "e_tag"
# Each retry re-reads first. While the other instance works through its own queue of this
# conversation's turns, it may write between our read and our write several times running, so
# retries wait a little, longer each time and by a random amount, to fall between its writes.
ATTEMPTS = 12
FIRST_PAUSE = 0.005  # seconds
LONGEST_PAUSE = 0.25


class MergingConversationState(ConversationState):
    _SNAPSHOT = "policybot.state_as_read"

    async def load(self, turn_context: TurnContext, force: bool = False) -> None:
        before = self.get_cached_state(turn_context)
        await super().load(turn_context, force)
        cached = self.get_cached_state(turn_context)
        if cached is before:  # already loaded this turn: keep the first snapshot
            return
        if cached.state.get(ETAG) is None:
            # A conversation with no state yet: an eTag no stored row has makes the first write
            # "insert only if nobody else has", so two first turns at once conflict, not overwrite.
            cached.state[ETAG] = uuid.uuid4().hex
            cached.hash = cached.compute_hash(cached.state)
        turn_context.turn_state[self._SNAPSHOT] = _fingerprints(cached.state)

    async def save_changes(self, turn_context: TurnContext, force: bool = False) -> None:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                await super().save_changes(turn_context, force)
                return
            except ETagConflictError:
                if attempt == ATTEMPTS:
                    raise
                pause = min(LONGEST_PAUSE, FIRST_PAUSE * 2**attempt)
                await asyncio.sleep(random.uniform(0, pause))
                force = await self._reapply(turn_context)
                if not force:
                    return

    async def _reapply(self, turn_context: TurnContext) -> bool:
        """Put this turn's own changes on top of the state as stored now; False when this turn
        changed nothing, so there is nothing left to write."""
        cached = self.get_cached_state(turn_context)
        as_read: dict[str, str] = turn_context.turn_state.get(self._SNAPSHOT, {})
        key = self.get_storage_key(turn_context)
        stored = (await self._storage.read([key])).get(key)
        merged: dict[str, Any] = stored if isinstance(stored, dict) else {ETAG: uuid.uuid4().hex}
        now = _fingerprints(merged)
        mine = _fingerprints(cached.state)
        names = as_read.keys() | mine.keys()
        changed = [name for name in names if as_read.get(name) != mine.get(name)]
        for name in changed:
            if now.get(name) not in (as_read.get(name), mine.get(name)):
                logger.info(
                    "two turns changed the conversation's %s at once: the later is kept", name
                )
            if name in cached.state:
                merged[name] = cached.state[name]
            else:
                merged.pop(name, None)
        cached.state = merged
        turn_context.turn_state[self._SNAPSHOT] = now
        return bool(changed)


def _fingerprints(state: dict[str, Any]) -> dict[str, str]:
    """Each property as canonical JSON: the same flattening the storage writes."""
    pickler = Pickler()
    return {
        name: json.dumps(pickler.flatten(value, reset=True), sort_keys=True, default=str)
        for name, value in state.items()
        if name != ETAG
    }
