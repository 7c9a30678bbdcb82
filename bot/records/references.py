"""Human-friendly references (AR-0001, INC-0001), unique under concurrency.

A counters row per prefix is incremented with INSERT ... ON CONFLICT DO UPDATE ... RETURNING: on
PostgreSQL the row lock makes a second transaction wait and then see the first one's value; on
SQLite the database write lock does the same. The increment is part of the creating transaction,
so a request that rolls back gives its number back; the price is that creations of one kind are
serialised until commit.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.records.db import dialect_insert
from bot.records.models import Counter

APPROVAL_PREFIX = "AR"
INCIDENT_PREFIX = "INC"


async def next_reference(session: AsyncSession, prefix: str) -> str:
    """The next reference for `prefix`, e.g. "AR-0042"; grows past four digits as needed."""
    insert = dialect_insert(session)(Counter).values(name=prefix, value=1)
    statement = insert.on_conflict_do_update(
        index_elements=[Counter.name], set_={"value": Counter.value + 1}
    ).returning(Counter.value)
    value = (await session.execute(statement)).scalar_one()
    return f"{prefix}-{value:04d}"
