"""One record per dialog run: the request or report a Submit creates carries the run's key, so
a second Submit of the same run (a double click, a retry, another instance) finds it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 20:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("approval_requests", "incidents")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("idempotency_key", sa.String(length=64), nullable=True))
            batch.create_unique_constraint(op.f(f"uq_{table}_idempotency_key"), ["idempotency_key"])


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"uq_{table}_idempotency_key"), type_="unique")
            batch.drop_column("idempotency_key")
