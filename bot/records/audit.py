"""The append-only, hash-chained audit log.

Each entry's hash is SHA-256 over a canonical JSON encoding of its fields and the previous
entry's hash, so changing, inserting or deleting an entry in the middle breaks the chain at that
point. The chained payload holds references ("approval:AR-0001", "user:<Entra object id>"),
never names, emails or question text: the chain cannot be edited, so nothing in it may ever need
erasing. Appends are serialised so there is a single chain: an advisory transaction lock on
PostgreSQL, the database write lock (BEGIN IMMEDIATE) on SQLite.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.db import dialect_name
from bot.records.models import AuditEntry, utcnow

GENESIS_HASH = "0" * 64
# Arbitrary but fixed: the key of the PostgreSQL advisory lock that serialises appends.
AUDIT_LOCK_KEY = 0x706F6C6963790001
_VERIFY_BATCH = 1000


@dataclass(frozen=True)
class BrokenLink:
    """The first entry whose link does not hold, and why."""

    seq: int
    reason: str


def entry_hash(
    *,
    seq: int,
    created_at: datetime,
    actor_ref: str,
    action: str,
    subject_ref: str,
    details: dict[str, Any],
    prev_hash: str,
) -> str:
    """SHA-256 (hex) over the canonical encoding: sorted keys, no spaces, UTC microseconds."""
    payload = {
        "seq": seq,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_ref": actor_ref,
        "action": action,
        "subject_ref": subject_ref,
        "details": details,
        "prev_hash": prev_hash,
    }
    canonical = json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


async def append(
    session: AsyncSession,
    *,
    actor_ref: str,
    action: str,
    subject_ref: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Add an entry to the chain inside the caller's transaction (commit it with the change)."""
    await _lock_chain(session)
    head = (
        await session.execute(
            select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)
        )
    ).first()
    seq, prev_hash = (head.seq + 1, head.hash) if head else (1, GENESIS_HASH)
    fields: dict[str, Any] = {
        "seq": seq,
        "created_at": utcnow(),
        "actor_ref": actor_ref,
        "action": action,
        "subject_ref": subject_ref,
        "details": dict(details or {}),
        "prev_hash": prev_hash,
    }
    entry = AuditEntry(**fields, hash=entry_hash(**fields))
    session.add(entry)
    await session.flush()
    return entry


async def _lock_chain(session: AsyncSession) -> None:
    if dialect_name(session) == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": AUDIT_LOCK_KEY})


async def verify(
    session_factory: async_sessionmaker[AsyncSession],
) -> tuple[int, BrokenLink | None]:
    """Walk the whole chain: (entries checked, the first broken link or None)."""
    checked, expected_seq, prev_hash = 0, 1, GENESIS_HASH
    async with session_factory() as session:
        while True:
            batch = (
                await session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.seq >= expected_seq)
                    .order_by(AuditEntry.seq)
                    .limit(_VERIFY_BATCH)
                )
            ).all()
            for entry in batch:
                if broken := _check(entry, expected_seq, prev_hash):
                    return checked, broken
                checked, expected_seq, prev_hash = checked + 1, entry.seq + 1, entry.hash
            if len(batch) < _VERIFY_BATCH:
                return checked, None
            session.expunge_all()  # keep memory flat on a long log


def _check(entry: AuditEntry, expected_seq: int, prev_hash: str) -> BrokenLink | None:
    if entry.seq != expected_seq:
        return BrokenLink(expected_seq, f"entry {expected_seq} is missing")
    if entry.prev_hash != prev_hash:
        return BrokenLink(entry.seq, "prev_hash does not match the previous entry's hash")
    recomputed = entry_hash(
        seq=entry.seq,
        created_at=entry.created_at,
        actor_ref=entry.actor_ref,
        action=entry.action,
        subject_ref=entry.subject_ref,
        details=entry.details,
        prev_hash=entry.prev_hash,
    )
    if recomputed != entry.hash:
        return BrokenLink(entry.seq, "contents do not match the entry's hash")
    return None
