"""Ask the board: questions sent to the board (BQ-0001) and its rulings, staff's votes on
answers, the answer key their buttons carry, and the once-only runs of periodic jobs (the
weekly summary).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("interactions") as batch:
        batch.add_column(sa.Column("answer_key", sa.String(length=32), nullable=True))
        batch.create_unique_constraint(op.f("uq_interactions_answer_key"), ["answer_key"])
    op.create_table(
        "answer_votes",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answer_key", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("vote", sa.String(length=20), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=40), nullable=False),
        sa.Column("policy_id", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_votes")),
    )
    op.create_index(
        op.f("ix_answer_votes_created_at"), "answer_votes", ["created_at"], unique=False
    )
    op.create_index(
        "uq_answer_votes_answer_key_user_id", "answer_votes", ["answer_key", "user_id"],
        unique=True,
    )  # fmt: skip
    op.create_table(
        "board_questions",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=20), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("asker_id", sa.String(length=200), nullable=False),
        sa.Column("asker_name", sa.String(length=200), nullable=False),
        sa.Column("conversation_id", sa.String(length=500), nullable=True),
        sa.Column("answer_key", sa.String(length=32), nullable=True),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("policy_id", sa.String(length=200), nullable=False),
        sa.Column("policy_version", sa.String(length=200), nullable=False),
        sa.Column("bot_verdict", sa.String(length=40), nullable=False),
        sa.Column("bot_answer", sa.Text(), nullable=False),
        sa.Column("bot_reading", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("taken_by", sa.String(length=200), nullable=True),
        sa.Column("taken_by_name", sa.String(length=200), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_verdict", sa.String(length=40), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("answer_clauses", sa.JSON(), nullable=False),
        sa.Column("answered_by", sa.String(length=200), nullable=True),
        sa.Column("answered_by_name", sa.String(length=200), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ruling", sa.Boolean(), nullable=False),
        sa.Column("ruling_tool", sa.String(length=200), nullable=True),
        sa.Column("ruling_purpose", sa.Text(), nullable=True),
        sa.Column("ruling_data", sa.String(length=100), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_by", sa.String(length=200), nullable=True),
        sa.Column("withdrawn_by_name", sa.String(length=200), nullable=True),
        sa.Column("withdrawn_reason", sa.Text(), nullable=True),
        sa.Column("last_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_questions")),
        sa.UniqueConstraint("reference", name=op.f("uq_board_questions_reference")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_board_questions_idempotency_key")),
    )
    op.create_index(
        op.f("ix_board_questions_asker_id"), "board_questions", ["asker_id"], unique=False
    )
    op.create_index(op.f("ix_board_questions_status"), "board_questions", ["status"], unique=False)
    op.create_table(
        "scheduled_runs",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("last_slot", sa.String(length=40), nullable=False),
        sa.Column("ran_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduled_runs")),
    )


def downgrade() -> None:
    op.drop_table("scheduled_runs")
    op.drop_index(op.f("ix_board_questions_status"), table_name="board_questions")
    op.drop_index(op.f("ix_board_questions_asker_id"), table_name="board_questions")
    op.drop_table("board_questions")
    op.drop_index("uq_answer_votes_answer_key_user_id", table_name="answer_votes")
    op.drop_index(op.f("ix_answer_votes_created_at"), table_name="answer_votes")
    op.drop_table("answer_votes")
    with op.batch_alter_table("interactions") as batch:
        batch.drop_constraint(op.f("uq_interactions_answer_key"), type_="unique")
        batch.drop_column("answer_key")
