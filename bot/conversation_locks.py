"""One turn at a time per conversation, on this instance.

Teams may deliver several messages of one conversation at once (a double-clicked Submit, a
person typing fast, a retry). Each turn reads the conversation's state, changes it and writes
it back with its eTag; run side by side, all but the first write would be refused and their
turns end in an error card, their changes lost. Run one after another, each reads what the one
before wrote. (Across instances a conflicting write re-reads and re-applies its own changes, in
merging_state; the records that must be exactly once carry their own keys.)
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class ConversationLocks:
    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    @asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        lock = self._locks.setdefault(conversation_id, asyncio.Lock())
        self._users[conversation_id] = self._users.get(conversation_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[conversation_id] -= 1
            if not self._users[conversation_id]:  # nobody waits: forget it, so the map stays small
                del self._users[conversation_id]
                del self._locks[conversation_id]

    def __len__(self) -> int:
        return len(self._locks)
