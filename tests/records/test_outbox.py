"""The outbox: written with the change, relayed with backoff, marked sent exactly once."""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.db import create_engine, create_session_factory
from bot.records.models import OutboxMessage
from bot.records.outbox import (
    DestinationMissingError,
    Notification,
    OutboxRelay,
    PermanentDeliveryError,
    RetryableDeliveryError,
    RetryPolicy,
    enqueue,
    requeue_undeliverable,
)

Sessions = async_sessionmaker[AsyncSession]
START = datetime(2025, 3, 7, 17, 0, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class RecordingSender:
    """Succeeds, or plays back the given failures first."""

    def __init__(self, *failures: Exception, delay: float = 0.0) -> None:
        self.failures = list(failures)
        self.sent: list[int] = []
        self.delay = delay

    async def __call__(self, notification: Notification) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(notification.id)


async def _enqueue(sessions: Sessions, n: int = 1, at: datetime = START) -> None:
    async with sessions.begin() as session:
        for i in range(n):
            await enqueue(
                session, kind="approval.requested", destination="governance",
                payload={"reference": f"AR-{i:04d}"}, not_before=at,
            )  # fmt: skip


async def _rows(sessions: Sessions) -> list[OutboxMessage]:
    async with sessions() as session:
        return list((await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all())


def _relay(sessions: Sessions, sender, clock: FakeClock, **policy) -> OutboxRelay:
    return OutboxRelay(
        sessions, sender, clock=clock, rng=random.Random(7), policy=RetryPolicy(**policy)
    )


async def test_a_notification_rolls_back_with_its_change(session_factory: Sessions) -> None:
    with pytest.raises(RuntimeError):
        async with session_factory.begin() as session:
            await enqueue(session, kind="k", destination="governance", payload={})
            raise RuntimeError("the change failed")
    assert await _rows(session_factory) == []


async def test_due_rows_are_sent_and_marked_once(session_factory: Sessions) -> None:
    clock, sender = FakeClock(), RecordingSender()
    await _enqueue(session_factory, 3)
    await _enqueue(session_factory, 1, at=START + timedelta(minutes=5))
    relay = _relay(session_factory, sender, clock)
    run = await relay.run_once()
    assert (run.claimed, run.sent) == (3, 3)
    assert (await relay.run_once()).claimed == 0
    rows = await _rows(session_factory)
    assert [r.status for r in rows] == ["sent", "sent", "sent", "pending"]
    assert all(r.attempts == 1 and r.sent_at == START for r in rows[:3])
    assert len(sender.sent) == 3


async def test_retries_back_off_exponentially_with_jitter(session_factory: Sessions) -> None:
    clock = FakeClock()
    sender = RecordingSender(*(RetryableDeliveryError("503 from Teams") for _ in range(4)))
    await _enqueue(session_factory)
    relay = _relay(session_factory, sender, clock, base_seconds=2.0)
    delays = []
    for attempt in range(1, 5):
        assert (await relay.run_once()).retried == 1
        row = (await _rows(session_factory))[0]
        assert (row.attempts, row.last_error) == (attempt, "RetryableDeliveryError: 503 from Teams")
        delay = (row.next_attempt_at - clock.now).total_seconds()
        assert 2.0 * 2 ** (attempt - 1) / 2 <= delay <= 2.0 * 2 ** (attempt - 1)
        delays.append(delay)
        assert (await relay.run_once()).claimed == 0  # not due yet
        clock.advance(delay)
    assert len(set(delays)) == 4
    assert (await relay.run_once()).sent == 1


async def test_retry_after_is_honoured(session_factory: Sessions) -> None:
    clock = FakeClock()
    sender = RecordingSender(RetryableDeliveryError("429 throttled", retry_after=30))
    await _enqueue(session_factory)
    await _relay(session_factory, sender, clock).run_once()
    assert (await _rows(session_factory))[0].next_attempt_at == START + timedelta(seconds=30)


async def test_permanent_failures_and_exhausted_retries_stop(session_factory: Sessions) -> None:
    clock = FakeClock()
    await _enqueue(session_factory, 2)
    sender = RecordingSender(PermanentDeliveryError("conversation gone"), ConnectionError("reset"))
    relay = _relay(session_factory, sender, clock, max_attempts=1)
    assert (await relay.run_once()).failed == 2
    rows = await _rows(session_factory)
    assert [(r.status, r.attempts) for r in rows] == [("failed", 1), ("failed", 1)]
    assert rows[1].last_error == "ConnectionError: reset"
    clock.advance(10_000)
    assert (await relay.run_once()).claimed == 0


async def test_a_crashed_relays_claim_expires_and_it_cannot_mark_afterwards(
    session_factory: Sessions,
) -> None:
    clock = FakeClock()
    await _enqueue(session_factory)
    crashed = _relay(session_factory, RecordingSender(), clock, lease_seconds=60)
    [claimed] = await crashed.claim()
    rescuer = _relay(session_factory, RecordingSender(), clock, lease_seconds=60)
    assert await rescuer.claim() == []  # still leased
    clock.advance(61)
    assert (await rescuer.run_once()).sent == 1
    assert await crashed._mark(claimed, status="sent", sent_at=clock.now) == "lost"
    assert [r.attempts for r in await _rows(session_factory)] == [1]


@pytest.mark.postgres
async def test_two_relays_on_one_postgres_never_send_the_same_row_twice(pg_url: str) -> None:
    engines = [create_engine(pg_url), create_engine(pg_url)]
    factories = [create_session_factory(e) for e in engines]
    sender = RecordingSender(delay=0.001)
    try:
        await _enqueue(factories[0], 200)
        relays = [OutboxRelay(f, sender, batch_size=7) for f in factories]
        runs = await asyncio.gather(*(_drain(relay) for relay in relays))
        rows = await _rows(factories[0])
    finally:
        for engine in engines:
            await engine.dispose()
    assert Counter(sender.sent).most_common(1)[0][1] == 1
    assert len(sender.sent) == 200
    assert all(run > 0 for run in runs), "both relays should have taken part"
    assert {(r.status, r.attempts) for r in rows} == {("sent", 1)}


async def _drain(relay: OutboxRelay) -> int:
    sent = 0
    while (run := await relay.run_once()).claimed:
        sent += run.sent
    return sent


async def test_a_card_with_nowhere_to_go_waits_and_is_due_once_the_channel_is_known(
    session_factory: Sessions, caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    await _enqueue(session_factory)
    sender = RecordingSender(DestinationMissingError("no conversation for 'governance'"))
    relay = _relay(session_factory, sender, clock)
    with caplog.at_level("INFO", logger="bot.records.outbox"):
        run = await relay.run_once()
    assert run.failed == 0 and run.sent == 0
    [row] = await _rows(session_factory)
    assert row.status == "waiting"
    said = caplog.text
    assert "waiting for the governance channel to be registered" in said
    assert "failed for good" not in said and "ERROR" not in said
    clock.advance(10_000)
    assert (await relay.run_once()).claimed == 0  # it waits, it does not poll
    assert (
        await requeue_undeliverable(session_factory, "governance", "DestinationMissingError") == 1
    )
    assert (await _rows(session_factory))[0].status == "pending"


async def test_a_graceful_stop_finishes_the_notification_in_hand_and_gives_back_the_rest(
    session_factory: Sessions,
) -> None:
    """Shutdown (a rolling deploy, a scale-in) must not leave a claimed batch waiting out its
    two-minute lease: what this relay had not sent is free for another relay at once."""
    from bot.notify.pump import NotificationPump

    started, sent = asyncio.Event(), []

    async def slow(notification: Notification) -> None:
        started.set()
        await asyncio.sleep(0.3)
        sent.append(notification.payload["n"])

    async with session_factory.begin() as session:
        for n in range(5):
            await enqueue(session, kind="k", destination="governance", payload={"n": n})
    relay = OutboxRelay(session_factory, slow)
    pump = NotificationPump(relay, poll_seconds=0.01)
    pump.start()
    await started.wait()
    await pump.stop(grace=5.0)
    assert sent == [0]  # the one in hand was finished, no more were started
    async with session_factory() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
    assert [(r.status, r.claimed_by) for r in rows[1:]] == [("pending", None)] * 4
    other = OutboxRelay(session_factory, slow)
    assert (await other.run_once()).sent == 4  # taken at once, not after the lease


async def test_a_stop_past_its_grace_cancels_and_still_gives_back(
    session_factory: Sessions,
) -> None:
    from bot.notify.pump import NotificationPump

    started = asyncio.Event()

    async def stuck(notification: Notification) -> None:
        started.set()
        await asyncio.sleep(60)

    async with session_factory.begin() as session:
        for n in range(3):
            await enqueue(session, kind="k", destination="governance", payload={"n": n})
    pump = NotificationPump(OutboxRelay(session_factory, stuck), poll_seconds=0.01)
    pump.start()
    await started.wait()
    await pump.stop(grace=0.2)
    async with session_factory() as session:
        claimed = (await session.scalars(select(OutboxMessage.claimed_by))).all()
    assert claimed == [None, None, None]
