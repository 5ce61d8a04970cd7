"""criterion role: the Obstacles tie-break finds its criterion by a role, not by its name

Adds ``criterion.role`` (nullable) with a unique index on (category_id, role), and gives the
role "obstacles" to each category's criterion named "Obstacles overcome" (any case and
spacing), which is how earlier versions found it. Renaming that criterion afterwards keeps
the tie-break. Only ADD COLUMN and CREATE INDEX: no table is rebuilt.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("criterion", sa.Column("role", sa.String(length=20), nullable=True))
    # One per category: the lowest id among criteria whose name reads "obstacles overcome".
    op.execute(
        """
        UPDATE criterion SET role = 'obstacles'
        WHERE id IN (
            SELECT MIN(id) FROM criterion
            WHERE LOWER(TRIM(name)) = 'obstacles overcome'
            GROUP BY category_id
        )
        """
    )
    op.create_index("ix_criterion_role", "criterion", ["category_id", "role"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_criterion_role", table_name="criterion")
    with op.batch_alter_table("criterion") as batch:
        batch.drop_column("role")
