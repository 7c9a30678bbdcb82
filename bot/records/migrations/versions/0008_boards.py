"""Several boards: the board an approval request or incident was routed to (None: the lead
board, which is every record made before boards could be configured).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("approval_requests", "incidents"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("board", sa.String(length=60), nullable=True))


def downgrade() -> None:
    for table in ("approval_requests", "incidents"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("board")
