"""Periodic jobs that must run once per slot across every instance (the board's weekly summary).

A slot is a string naming one period ("2026-W49"); slots of one job must sort as strings in the
order they fall due (zero-padded numbers). Claiming is one statement, INSERT ... ON CONFLICT DO
UPDATE ... WHERE last_slot < slot: the first run ever inserts the row, later runs move it
forward, and a slot already run (or an earlier one) changes nothing. On PostgreSQL a second
transaction waits for the first's row lock and then re-checks the WHERE against the committed
row, so it finds the slot taken; on SQLite the database write lock does the same. The claim, its
audit entry and whatever the caller writes with it commit together or not at all.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records import audit
from bot.records.db import dialect_insert
from bot.records.models import ScheduledRun, utcnow

SYSTEM_ACTOR = "system:schedule"


async def last_slot(sessions: async_sessionmaker[AsyncSession], name: str) -> str | None:
    """The slot `name` last ran for, or None if it never ran (a read: nothing is claimed)."""
    async with sessions() as session:
        return await session.scalar(select(ScheduledRun.last_slot).where(ScheduledRun.name == name))


async def claim(session: AsyncSession, name: str, slot: str) -> bool:
    """Claim (`name`, `slot`) inside the caller's transaction: True for exactly one caller,
    whatever the number of processes and instances. Commit the job's work in the same
    transaction, so a rolled-back job gives its slot back."""
    now = utcnow()
    insert = dialect_insert(session)(ScheduledRun).values(name=name, last_slot=slot, ran_at=now)
    statement = insert.on_conflict_do_update(
        index_elements=[ScheduledRun.name],
        set_={"last_slot": insert.excluded.last_slot, "ran_at": insert.excluded.ran_at},
        where=ScheduledRun.last_slot < insert.excluded.last_slot,
    ).returning(ScheduledRun.name)
    # RETURNING gives a row only when the insert or the update happened: no reliance on the
    # drivers' differing rowcounts for an upsert.
    if (await session.execute(statement)).first() is None:
        return False
    await audit.append(
        session,
        actor_ref=SYSTEM_ACTOR,
        action=f"schedule.{name}",
        subject_ref=f"schedule:{name}",
        details={"slot": slot},
    )
    return True


async def claim_slot(sessions: async_sessionmaker[AsyncSession], name: str, slot: str) -> bool:
    """Claim (`name`, `slot`) in a transaction of its own; see `claim`."""
    async with sessions.begin() as session:
        return await claim(session, name, slot)
