"""Policy acknowledgements: who was asked whether they have read a version of the policy, and
when they said they had.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "policy_acknowledgements",
        sa.Column("id", BigId, autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("policy_id", sa.String(length=200), nullable=False),
        sa.Column("policy_version", sa.String(length=200), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_acknowledgements")),
    )
    op.create_index(
        "uq_policy_acknowledgements_user_id_policy_id_policy_version",
        "policy_acknowledgements",
        ["user_id", "policy_id", "policy_version"],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index(
        "uq_policy_acknowledgements_user_id_policy_id_policy_version",
        table_name="policy_acknowledgements",
    )
    op.drop_table("policy_acknowledgements")
