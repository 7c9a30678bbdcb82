"""Activities already answered, so that a retried delivery of one is answered once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 19:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "seen_activities",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_seen_activities")),
    )
    op.create_index(op.f("ix_seen_activities_seen_at"), "seen_activities", ["seen_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_seen_activities_seen_at"), table_name="seen_activities")
    op.drop_table("seen_activities")
