"""Exports for the board and for FOI: interactions, approval requests, incidents, votes on
answers and questions sent to the board, as CSV or JSONL; and the AI register as CSV or JSON.

Rows are streamed, so an export of a million interactions does not load them all at once. CSV
cells that a spreadsheet would treat as a formula are prefixed with an apostrophe: these files
hold text typed by staff and are opened in Excel.
"""

from __future__ import annotations

import csv
import json
from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.records.models import (
    AnswerVote,
    ApprovalRequest,
    Base,
    BoardQuestion,
    CaseNote,
    Incident,
    Interaction,
    RegisterRecord,
)

EXPORTS: dict[str, tuple[type[Base], tuple[str, ...]]] = {
    "interactions": (
        Interaction,
        ("id", "created_at", "user_id", "conversation_id", "question", "answer", "verdict",
         "rule_ids", "policy_id", "policy_version", "decision", "answer_key"),
    ),
    "requests": (
        ApprovalRequest,
        ("reference", "created_at", "updated_at", "requester_id", "requester_name", "tool",
         "purpose", "data_description", "data_classification", "expected_output", "output_use",
         "justification", "status", "decision", "decided_by", "decided_by_name", "decided_at",
         "conditions", "comments", "interaction_id", "board"),
    ),
    "incidents": (
        Incident,
        ("reference", "created_at", "updated_at", "reporter_id", "reporter_name", "description",
         "tool", "occurred_at", "occurred_text", "personal_data", "data_kinds", "data_subjects",
         "people_affected", "people_affected_count", "actions_taken", "severity",
         "severity_reasons", "status", "acknowledged_at", "assigned_to", "assigned_name",
         "closed_at", "board"),
    ),
    # staff's "right" / "not right" on answers; answer_key joins them to the interactions
    "feedback": (
        AnswerVote,
        ("id", "created_at", "updated_at", "answer_key", "user_id", "vote", "comment", "verdict",
         "policy_id"),
    ),
    # questions sent to the board with their askers' consent, its answers and rulings
    "board-questions": (
        BoardQuestion,
        ("reference", "created_at", "updated_at", "asker_id", "asker_name", "question", "note",
         "policy_id", "policy_version", "bot_verdict", "bot_answer", "bot_reading", "status",
         "taken_by", "taken_by_name", "taken_at", "answer_verdict", "answer_text",
         "answer_clauses", "answered_by", "answered_by_name", "answered_at", "ruling",
         "ruling_tool", "ruling_purpose", "ruling_data", "withdrawn_at", "withdrawn_by",
         "withdrawn_by_name", "withdrawn_reason", "answer_key"),
    ),
    # the questions, answers, additions and status notes on requests, incidents and board
    # questions
    "notes": (
        CaseNote,
        ("id", "subject_ref", "created_at", "author_id", "author_name", "kind", "text"),
    ),
}  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The register as the board and staff read it (docs/register.md): every field but the Entra ids
# of the people who decided and own entries, which mean nothing outside the tenant.
REGISTER_COLUMNS = (
    "reference", "tool", "purpose", "data_classification", "status", "decision", "conditions",
    "decided_at", "decided_by_name", "owner", "description", "dpia_status", "dpia_date",
    "eqia_status", "eqia_date", "risk_status", "risk_date", "next_review", "last_reviewed_at",
    "public_facing", "decision_influencing", "retired_at", "retired_reason", "withdrawn_at",
    "withdrawn_reason", "source", "version", "created_at", "updated_at",
)  # fmt: skip


async def export_register(
    session_factory: async_sessionmaker[AsyncSession],
    fmt: str,
    out: TextIO,
    *,
    include_withdrawn: bool = False,
) -> int:
    """The register, oldest decision first, as CSV (one row an entry) or one JSON document
    ({"exported_at", "entries": [...]}); returns the number of entries."""
    query = select(RegisterRecord).order_by(RegisterRecord.decided_at, RegisterRecord.id)
    if not include_withdrawn:
        query = query.where(RegisterRecord.withdrawn_at.is_(None))
    async with session_factory() as session:
        rows = [
            {column: getattr(row, column) for column in REGISTER_COLUMNS}
            for row in (await session.scalars(query)).all()
        ]
    if fmt == "csv":
        writer = _csv_writer(out, REGISTER_COLUMNS)
        for record in rows:
            writer.writerow([_csv_cell(record[c]) for c in REGISTER_COLUMNS])
    else:
        document = {"exported_at": datetime.now().astimezone().isoformat(), "entries": rows}
        json.dump(document, out, default=_json_default, ensure_ascii=False, indent=2)
        out.write("\n")
    return len(rows)


async def export(
    session_factory: async_sessionmaker[AsyncSession],
    what: str,
    fmt: str,
    out: TextIO,
    since: datetime | None = None,
) -> int:
    """Write the rows of `what` created at or after `since`, oldest first; returns the count."""
    _, columns = EXPORTS[what]
    writer = _csv_writer(out, columns) if fmt == "csv" else None
    count = 0
    async for record in _rows(session_factory, what, since):
        if writer is not None:
            writer.writerow([_csv_cell(record[c]) for c in columns])
        else:
            out.write(json.dumps(record, default=_json_default, ensure_ascii=False) + "\n")
        count += 1
    return count


async def _rows(
    session_factory: async_sessionmaker[AsyncSession], what: str, since: datetime | None
) -> AsyncIterator[dict[str, Any]]:
    model, columns = EXPORTS[what]
    query = select(*(getattr(model, c) for c in columns)).order_by(model.id)  # type: ignore[attr-defined]
    if since is not None:
        query = query.where(model.created_at >= since)  # type: ignore[attr-defined]
    async with session_factory() as session:
        result = await session.stream(query.execution_options(yield_per=1000))
        async for row in result:
            yield dict(zip(columns, row, strict=True))


def _csv_writer(out: TextIO, columns: tuple[str, ...]) -> Any:
    writer = csv.writer(out)
    writer.writerow(columns)
    return writer


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, date):  # a datetime too
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")
