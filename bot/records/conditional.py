"""A record changed only while it is in the state the change expects: one conditional
UPDATE ... RETURNING, so of two changes at once (two approvers, a double click, two instances)
exactly one applies and the other finds the record already moved on."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import RecordsError
from bot.records.models import Base

Record = TypeVar("Record", bound=Base)


async def by_reference(session: AsyncSession, model: type[Record], reference: str) -> Record | None:
    """The record with a human-friendly reference (AR-0001, BQ-0001)."""
    column: Any = getattr(model, "reference")  # noqa: B009 - every referenced model has one
    return (await session.scalars(select(model).where(column == reference))).one_or_none()


async def update_if(
    session: AsyncSession,
    model: type[Record],
    reference: str,
    *conditions: ColumnElement[bool],
    **values: object,
) -> Record | None:
    """Apply `values` to the record if `conditions` hold, atomically; the changed record, or
    None when there is no such record or it is no longer as the change expects."""
    column: Any = getattr(model, "reference")  # noqa: B009
    statement = (
        update(model)
        .where(column == reference, *conditions)
        .values(**values)
        .returning(model)
        .execution_options(synchronize_session=False)
    )
    return (await session.scalars(statement)).one_or_none()


async def update_or_find(
    session: AsyncSession,
    model: type[Record],
    reference: str,
    *conditions: ColumnElement[bool],
    missing: str,
    **values: object,
) -> tuple[Record | None, Record | None]:
    """`update_if`, and when it changed nothing, the record as it now is, for the caller to say
    why (already decided, taken by someone else...): (changed, None) or (None, as it is).
    RecordsError(`missing`) when there is no such record at all."""
    changed = await update_if(session, model, reference, *conditions, **values)
    if changed is not None:
        return changed, None
    existing = await by_reference(session, model, reference)
    if existing is None:
        raise RecordsError(missing)
    return None, existing
