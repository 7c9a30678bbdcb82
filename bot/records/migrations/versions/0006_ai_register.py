"""The AI register: one entry per tool use the board has decided, with its history; every
decided approval request becomes an entry, under its own AR- reference.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 02:00:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
# The first review of an entry moved from an approval: a year after its decision, the default
# review period (the register's own setting applies to entries made from now on).
FIRST_REVIEW = timedelta(days=365)
MIGRATION_ACTOR = "system:migration-0006"


def upgrade() -> None:
    entries = op.create_table(
        "register_entries",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("source_ref", sa.String(length=200), nullable=True),
        sa.Column("tool", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("data_classification", sa.String(length=100), nullable=False),
        sa.Column("decision", sa.String(length=40), nullable=False),
        sa.Column("conditions", sa.Text(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_by_name", sa.String(length=200), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("owner_id", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("dpia_status", sa.String(length=20), nullable=False),
        sa.Column("dpia_date", sa.Date(), nullable=True),
        sa.Column("eqia_status", sa.String(length=20), nullable=False),
        sa.Column("eqia_date", sa.Date(), nullable=True),
        sa.Column("risk_status", sa.String(length=20), nullable=False),
        sa.Column("risk_date", sa.Date(), nullable=True),
        sa.Column("next_review", sa.Date(), nullable=False),
        sa.Column("last_reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("public_facing", sa.Boolean(), nullable=False),
        sa.Column("decision_influencing", sa.Boolean(), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_reason", sa.Text(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_entries")),
        sa.UniqueConstraint("reference", name=op.f("uq_register_entries_reference")),
    )
    op.create_index(
        op.f("ix_register_entries_next_review"), "register_entries", ["next_review"], unique=False
    )
    op.create_index(
        "uq_register_entries_source_source_ref",
        "register_entries",
        ["source", "source_ref"],
        unique=True,
    )
    history = op.create_table(
        "register_history",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.String(length=200), nullable=False),
        sa.Column("actor_name", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_history")),
    )
    op.create_index(
        "uq_register_history_reference_version",
        "register_history",
        ["reference", "version"],
        unique=True,
    )
    _move_decided_approvals(entries, history)


def _move_decided_approvals(entries: sa.Table, history: sa.Table) -> None:
    """Every decided approval request, as the entry its decision would make today: nothing the
    engine reads is changed (tool, purpose, data, decision, conditions, decided_at)."""
    requests = sa.table(
        "approval_requests",
        sa.column("reference", sa.String()),
        sa.column("tool", sa.String()),
        sa.column("purpose", sa.Text()),
        sa.column("data_classification", sa.String()),
        sa.column("decision", sa.String()),
        sa.column("conditions", sa.Text()),
        sa.column("decided_at", sa.DateTime(timezone=True)),
        sa.column("decided_by", sa.String()),
        sa.column("decided_by_name", sa.String()),
        sa.column("requester_id", sa.String()),
        sa.column("requester_name", sa.String()),
        sa.column("status", sa.String()),
        sa.column("id", sa.Integer()),
    )
    bind = op.get_bind()
    decided = bind.execute(
        sa.select(requests)
        .where(requests.c.status == "decided", requests.c.decided_at.is_not(None))
        .order_by(requests.c.id)
    ).mappings()
    now = datetime.now(UTC)
    if bind.dialect.name == "sqlite":
        now = now.replace(tzinfo=None)  # stored as naive UTC there, as the records layer does
    for request in decided:
        decided_at = request["decided_at"]
        entry: dict[str, Any] = {
            "reference": request["reference"],
            "version": 1,
            "created_at": now,
            "updated_at": now,
            "source": "approval",
            "tool": request["tool"],
            "purpose": request["purpose"] or "",
            "data_classification": request["data_classification"] or "none",
            "decision": request["decision"],
            "conditions": request["conditions"],
            "decided_at": decided_at,
            "decided_by": request["decided_by"],
            "decided_by_name": request["decided_by_name"],
            "owner": request["requester_name"] or "",
            "owner_id": request["requester_id"],
            "dpia_status": "needed",
            "eqia_status": "needed",
            "risk_status": "needed",
            "next_review": (decided_at + FIRST_REVIEW).date(),
            "public_facing": False,
            "decision_influencing": False,
        }
        bind.execute(sa.insert(entries).values(**entry))
        snapshot = {
            key: _iso(value) for key, value in entry.items() if key not in _NOT_IN_SNAPSHOT
        }
        bind.execute(
            sa.insert(history).values(
                reference=request["reference"],
                version=1,
                changed_at=now,
                actor_id=MIGRATION_ACTOR,
                actor_name="",
                action="migrated",
                changes={},
                snapshot=snapshot,
                note="moved from the decided approval request",
            )
        )


_NOT_IN_SNAPSHOT = ("created_at", "updated_at", "version")


def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat()
    return value.isoformat() if hasattr(value, "isoformat") else value


def downgrade() -> None:
    op.drop_index("uq_register_history_reference_version", table_name="register_history")
    op.drop_table("register_history")
    op.drop_index("uq_register_entries_source_source_ref", table_name="register_entries")
    op.drop_index(op.f("ix_register_entries_next_review"), table_name="register_entries")
    op.drop_table("register_entries")
