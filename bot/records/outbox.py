"""The notification outbox and the relay that delivers it.

A change and the notification announcing it are committed together (`enqueue` takes the
caller's session), so a notification is never lost nor sent for a change that rolled back. The
relay claims due rows under a lease: `FOR UPDATE SKIP LOCKED` on PostgreSQL lets several relays
claim disjoint rows; SQLite runs one relay. A relay marks a row only while it holds the claim, so
each row is marked sent exactly once; a crashed relay's claim expires and the row is retried
(delivery is at least once if a relay dies after sending but before marking).
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.errors import RecordsError
from bot.records.db import changed_rows, dialect_name
from bot.records.models import OutboxMessage, utcnow

logger = logging.getLogger(__name__)

PENDING, SENT, FAILED = "pending", "sent", "failed"
WAITING = "waiting"  # for its destination to be registered
_ERROR_LIMIT = 1000


class RetryableDeliveryError(RecordsError):
    """The send failed but may succeed later; `retry_after` (seconds) if the far end said so."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentDeliveryError(RecordsError):
    """The send can never succeed (for example the conversation no longer exists)."""


class DestinationMissingError(PermanentDeliveryError):
    """Nowhere to send it yet (no channel registered, or the person has never chatted): the
    notification waits, and is due again once the destination is known (requeue_undeliverable)."""


@dataclass(frozen=True)
class Notification:
    """What a sender gets: a claimed outbox row, detached from the database."""

    id: int
    kind: str
    destination: str
    payload: dict[str, Any]
    attempt: int


Sender = Callable[[Notification], Awaitable[object]]


async def enqueue(
    session: AsyncSession,
    *,
    kind: str,
    destination: str,
    payload: dict[str, Any],
    not_before: datetime | None = None,
) -> OutboxMessage:
    """Add a notification in the caller's transaction. Put references in payload, not text."""
    message = OutboxMessage(
        kind=kind, destination=destination, payload=payload, next_attempt_at=not_before or utcnow()
    )
    session.add(message)
    await session.flush()
    return message


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter: attempt n waits base * 2**(n-1), capped, then jittered
    into [delay/2, delay] so relays that failed together do not retry together."""

    base_seconds: float = 2.0
    max_seconds: float = 3600.0
    max_attempts: int = 10
    lease_seconds: float = 120.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        capped = min(self.max_seconds, self.base_seconds * 2 ** (attempt - 1))
        return float(capped / 2 + rng.random() * capped / 2)


@dataclass(frozen=True)
class RelayRun:
    """What one pass of the relay did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0


class OutboxRelay:
    """Claims due notifications, hands each to `sender`, and records the outcome.

    `sender` returns normally on success, raises RetryableDeliveryError (optionally with
    retry_after) for a temporary failure, PermanentDeliveryError for one that will not heal; any
    other exception counts as retryable.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        sender: Sender,
        *,
        clock: Callable[[], datetime] = utcnow,
        rng: random.Random | None = None,
        policy: RetryPolicy | None = None,
        batch_size: int = 20,
    ) -> None:
        self._sessions = session_factory
        self._sender = sender
        self._clock = clock
        self._rng = rng or random.Random()
        self._policy = policy or RetryPolicy()
        self._batch_size = batch_size
        self.relay_id = uuid.uuid4().hex
        self.stopping = False  # set on shutdown: finish the notification in hand, take no more

    async def run_once(self) -> RelayRun:
        """Claim one batch of due rows and try each once (while not stopping)."""
        claimed = await self.claim() if not self.stopping else []
        outcomes = []
        for notification in claimed:
            if self.stopping:
                break  # the rest of the batch is released by `release`, not left on its lease
            outcomes.append(await self._deliver(notification))
        return RelayRun(
            claimed=len(claimed),
            sent=outcomes.count(SENT),
            retried=outcomes.count(PENDING),
            failed=outcomes.count(FAILED),
        )

    async def claim(self) -> list[Notification]:
        """Lease due, unclaimed (or lease-expired) rows to this relay."""
        now = self._clock()
        async with self._sessions() as session:  # an idle poll reads and commits nothing
            if await session.scalar(self._due_query(session, now, lock=False).limit(1)) is None:
                return []
        async with self._sessions.begin() as session:
            rows = (await session.scalars(self._due_query(session, now))).all()
            if not rows:
                return []
            until = now + timedelta(seconds=self._policy.lease_seconds)
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([row.id for row in rows]))
                .values(claimed_by=self.relay_id, claimed_until=until)
            )
            return [_notification(row) for row in rows]

    async def release(self) -> int:
        """Give back every row this relay holds and has not finished, so another instance
        takes them now rather than when the lease runs out; returns how many."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.claimed_by == self.relay_id, OutboxMessage.status == PENDING)
                .values(claimed_by=None, claimed_until=None)
            )
        return changed_rows(result)

    def _due_query(self, session: AsyncSession, now: datetime, *, lock: bool = True) -> Any:
        query = (
            select(OutboxMessage)
            .where(OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now)
            .where(or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(self._batch_size)
        )
        if lock and dialect_name(session) == "postgresql":
            query = query.with_for_update(skip_locked=True)
        return query

    async def _deliver(self, notification: Notification) -> str:
        try:
            await self._sender(notification)
        except DestinationMissingError as exc:
            return await self._wait(notification, _describe(exc))
        except PermanentDeliveryError as exc:
            return await self._give_up(notification, _describe(exc))
        except Exception as exc:  # anything unexpected may heal: retry rather than lose it
            retry_after = getattr(exc, "retry_after", None)
            return await self._retry(notification, _describe(exc), retry_after)
        return await self._mark(notification, status=SENT, sent_at=self._clock(), last_error=None)

    async def _retry(self, notification: Notification, error: str, retry_after: Any) -> str:
        if notification.attempt >= self._policy.max_attempts:
            return await self._give_up(notification, error)
        delay = self._policy.delay(notification.attempt, self._rng)
        if isinstance(retry_after, int | float) and retry_after >= 0:
            delay = float(retry_after)
        logger.warning(
            "outbox %s (%s) attempt %d failed; retrying in %.1fs: %s",
            notification.id, notification.kind, notification.attempt, delay, error,
        )  # fmt: skip
        next_at = self._clock() + timedelta(seconds=delay)
        return await self._mark(
            notification, status=PENDING, next_attempt_at=next_at, last_error=error
        )

    async def _wait(self, notification: Notification, error: str) -> str:
        logger.info(
            "outbox %s (%s) is waiting for %s to be registered",
            notification.id, notification.kind, _destination_kind(notification.destination),
        )  # fmt: skip
        return await self._mark(notification, status=WAITING, last_error=error)

    async def _give_up(self, notification: Notification, error: str) -> str:
        logger.error(
            "outbox %s (%s) failed for good: %s", notification.id, notification.kind, error
        )
        return await self._mark(notification, status=FAILED, last_error=error)

    async def _mark(self, notification: Notification, *, status: str, **values: Any) -> str:
        """Record the outcome, but only if this relay still holds the claim."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == notification.id,
                    OutboxMessage.claimed_by == self.relay_id,
                    OutboxMessage.status == PENDING,
                )
                .values(
                    status=status,
                    attempts=notification.attempt,
                    claimed_by=None,
                    claimed_until=None,
                    **values,
                )
            )
        if changed_rows(result) != 1:
            logger.warning("outbox %s: claim lost before the outcome was recorded", notification.id)
            return "lost"
        return status


def _notification(row: OutboxMessage) -> Notification:
    return Notification(
        id=row.id,
        kind=row.kind,
        destination=row.destination,
        payload=dict(row.payload),
        attempt=row.attempts + 1,
    )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:_ERROR_LIMIT]


async def requeue_undeliverable(
    session_factory: async_sessionmaker[AsyncSession], destination: str, error_prefix: str
) -> int:
    """Make notifications that failed for want of `destination` due again (attempts reset), for
    example once the board's channel is registered: nothing queued before it is lost."""
    async with session_factory.begin() as session:
        result = await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.destination == destination,
                OutboxMessage.status.in_((PENDING, WAITING, FAILED)),
                OutboxMessage.last_error.startswith(error_prefix),
            )
            .values(status=PENDING, attempts=0, next_attempt_at=utcnow(), claimed_by=None,
                    claimed_until=None)
        )  # fmt: skip
    return changed_rows(result)


def _destination_kind(destination: str) -> str:
    """A destination as a log may name it: a channel's kind, never a person's id."""
    return "a person's chat" if destination.startswith("user:") else f"the {destination} channel"
