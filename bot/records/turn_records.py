"""Rows a bot turn writes together with its conversation state, in one transaction.

A turn answers a question, records it (the policies require it) and saves the conversation
state. Written together, the record and the state can never disagree, and the turn pays for one
transaction instead of two. The bot opens `turn_records()` around the turn; the repository
defers its rows into it; the state write takes them (`take`) into its transaction; whatever was
not taken (the state did not change, or the turn failed) the repository writes at the end.
The list lives in a ContextVar, so concurrent turns (one asyncio task each) never mix rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_PENDING: ContextVar[list[Any] | None] = ContextVar("policybot_turn_records", default=None)


@contextmanager
def turn_records() -> Iterator[None]:
    token = _PENDING.set([])
    try:
        yield
    finally:
        _PENDING.reset(token)


def defer(row: Any) -> bool:
    """Keep `row` for the turn's state write; False when no turn is open."""
    pending = _PENDING.get()
    if pending is None:
        return False
    pending.append(row)
    return True


def take() -> list[Any]:
    pending = _PENDING.get()
    if not pending:
        return []
    rows = list(pending)
    pending.clear()
    return rows


def give_back(rows: list[Any]) -> None:
    """A write that took rows failed: they go back to be written on their own."""
    pending = _PENDING.get()
    if pending is not None:
        pending[:0] = rows
