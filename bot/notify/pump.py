"""The background task that delivers the outbox and re-surfaces what waits too long.

Woken at once when this process queued something (a turn calls `wake`), and otherwise polls
every `poll_seconds`, which is also how rows queued by another instance, retries that fall due
and lease-expired claims are picked up.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from bot.records.outbox import OutboxRelay

logger = logging.getLogger(__name__)

Periodic = Callable[[], Awaitable[object]]


class NotificationPump:
    def __init__(
        self,
        relay: OutboxRelay,
        *,
        poll_seconds: float = 2.0,
        periodic: Periodic | None = None,
        periodic_seconds: float = 60.0,
    ) -> None:
        self._relay = relay
        self._poll = poll_seconds
        self._periodic = periodic
        self._periodic_seconds = periodic_seconds
        self._next_periodic = 0.0
        self.periodic_passes = 0  # completed; the first runs as the pump starts
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="outbox-pump")

    async def stop(self, grace: float = 10.0) -> None:
        """Stop gracefully: finish the notification in hand (for up to `grace` seconds), take
        no more, and give back what this relay had claimed, so that another instance sends it
        at once instead of when the lease runs out."""
        if self._task is None:
            return
        self._relay.stopping = True
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None
        try:
            released = await self._relay.release()
        except Exception:  # the database may be gone already: the leases then run out
            logger.warning("outbox claims not released at shutdown; they expire with their lease")
            return
        if released:
            logger.info("released %d outbox notifications for other instances", released)

    async def drain(self) -> None:
        """Deliver everything due now, batch after batch (tests call it to settle the outbox)."""
        while not self._relay.stopping and (await self._relay.run_once()).claimed:
            pass

    async def _run(self) -> None:
        while not self._relay.stopping:
            try:
                await self._maybe_periodic()
                await self.drain()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database may be briefly unavailable: keep the pump alive
                logger.exception("outbox pump pass failed; trying again")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll)
            self._wake.clear()

    async def _maybe_periodic(self) -> None:
        if self._periodic is None or time.monotonic() < self._next_periodic:
            return
        self._next_periodic = time.monotonic() + self._periodic_seconds
        await self._periodic()
        self.periodic_passes += 1
