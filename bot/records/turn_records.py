"""Rows a bot turn writes together with its conversation state, in one transaction.

A turn answers a question, records it (the policies require it) and saves the conversation
state. Written together, the record and the state can never disagree, and the turn pays for one
transaction instead of two. The bot opens `turn_records()` around the turn; the repository
defers its rows into it; the state write takes them (`take`) into its transaction; whatever was
not taken (the state did not change, or the turn failed) the repository writes at the end.
The list lives in a ContextVar, so concurrent turns (one asyncio task each) never mix rows.

Rows are plain column values for a table (Core inserts), so the same rows can be written
through an AsyncSession or on SqliteThread's thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.ext.asyncio import AsyncSession

Row = tuple[Table, dict[str, Any]]

_PENDING: ContextVar[list[Row] | None] = ContextVar("policybot_turn_records", default=None)


@contextmanager
def turn_records() -> Iterator[None]:
    token = _PENDING.set([])
    try:
        yield
    finally:
        _PENDING.reset(token)


def defer(table: Table, values: dict[str, Any]) -> bool:
    """Keep a row for the turn's state write; False when no turn is open."""
    pending = _PENDING.get()
    if pending is None:
        return False
    pending.append((table, values))
    return True


def take() -> list[Row]:
    pending = _PENDING.get()
    if not pending:
        return []
    rows = list(pending)
    pending.clear()
    return rows


def give_back(rows: list[Row]) -> None:
    """A write that took rows failed: they go back to be written on their own."""
    pending = _PENDING.get()
    if pending is not None:
        pending[:0] = rows


async def insert_rows(session: AsyncSession, rows: list[Row]) -> None:
    for table, values in batches(rows):
        await session.execute(insert(table), values)


def insert_rows_now(connection: Connection, rows: list[Row]) -> None:
    """The same, on a synchronous connection (SqliteThread's thread)."""
    for table, values in batches(rows):
        connection.execute(insert(table), values)


def batches(rows: list[Row]) -> Iterator[tuple[Table, list[dict[str, Any]]]]:
    """Consecutive rows for one table with the same columns: one executemany each."""
    batch: list[dict[str, Any]] = []
    shape: tuple[Table, frozenset[str]] | None = None
    for table, values in rows:
        if shape != (table, frozenset(values)):
            if batch and shape:
                yield shape[0], batch
            shape, batch = (table, frozenset(values)), []
        batch.append(values)
    if batch and shape:
        yield shape[0], batch
