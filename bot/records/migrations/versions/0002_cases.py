"""Approval and incident details the dialogs collect, case notes, and posted cards.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("approval_requests") as batch:
        batch.add_column(sa.Column("justification", sa.Text(), nullable=True))
        batch.add_column(sa.Column("decided_by_name", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("last_reminded_at", WHEN, nullable=True))
    with op.batch_alter_table("incidents") as batch:
        for column in (
            sa.Column("conversation_id", sa.String(length=500), nullable=True),
            sa.Column("occurred_at", WHEN, nullable=True),
            sa.Column("occurred_text", sa.Text(), nullable=True),
            sa.Column("personal_data", sa.String(length=10), nullable=True),
            sa.Column("data_kinds", sa.JSON(), nullable=False, server_default="[]"),
            sa.Column("data_subjects", sa.Text(), nullable=True),
            sa.Column("people_affected", sa.Text(), nullable=True),
            sa.Column("people_affected_count", sa.Integer(), nullable=True),
            sa.Column("actions_taken", sa.Text(), nullable=True),
            sa.Column("severity_reasons", sa.JSON(), nullable=False, server_default="[]"),
            sa.Column("assigned_to", sa.String(length=200), nullable=True),
            sa.Column("assigned_name", sa.String(length=200), nullable=True),
            sa.Column("acknowledged_at", WHEN, nullable=True),
            sa.Column("last_reminded_at", WHEN, nullable=True),
        ):
            batch.add_column(column)
    op.create_table(
        "case_notes",
        sa.Column("id", BIG_ID, autoincrement=True, nullable=False),
        sa.Column("subject_ref", sa.String(length=300), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("author_id", sa.String(length=200), nullable=False),
        sa.Column("author_name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_notes")),
    )
    op.create_index(op.f("ix_case_notes_subject_ref"), "case_notes", ["subject_ref"])
    op.create_table(
        "posted_cards",
        sa.Column("subject_ref", sa.String(length=300), nullable=False),
        sa.Column("destination", sa.String(length=300), nullable=False),
        sa.Column("activity_id", sa.String(length=200), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("posted_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("subject_ref", "destination", name=op.f("pk_posted_cards")),
    )


def downgrade() -> None:
    op.drop_table("posted_cards")
    op.drop_index(op.f("ix_case_notes_subject_ref"), table_name="case_notes")
    op.drop_table("case_notes")
    with op.batch_alter_table("incidents") as batch:
        for name in (
            "last_reminded_at", "acknowledged_at", "assigned_name", "assigned_to",
            "severity_reasons", "actions_taken", "people_affected_count", "people_affected",
            "data_subjects", "data_kinds", "personal_data", "occurred_text", "occurred_at",
            "conversation_id",
        ):  # fmt: skip
            batch.drop_column(name)
    with op.batch_alter_table("approval_requests") as batch:
        batch.drop_column("last_reminded_at")
        batch.drop_column("decided_by_name")
        batch.drop_column("justification")
