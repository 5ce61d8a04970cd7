"""record versions: a save made from a stale copy of a record is refused, naming who and when

Adds ``version`` (NOT NULL, 1 for every existing row) to each table a person edits through
an editor — nomination, nominee, worker, category, criterion, sponsor, judge, event and
certificate_settings — and ``actor`` (who made the change; "" for older entries) to
audit_entry. Only ADD COLUMN with server defaults: no table is rebuilt (a batch rebuild of a
parent table under foreign_keys=ON would cascade deletes into its children).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

VERSIONED_TABLES = ("nomination", "nominee", "worker", "category", "criterion", "sponsor",
                    "judge", "event", "certificate_settings")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), nullable=False,
                                       server_default=sa.text("1")))
    op.add_column("audit_entry", sa.Column("actor", sa.String(length=200), nullable=False,
                                           server_default=""))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL) rather than a batch rebuild, which
    # under foreign_keys=ON would cascade deletes from event into everything below it.
    op.execute('ALTER TABLE audit_entry DROP COLUMN actor')
    for table in reversed(VERSIONED_TABLES):
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN version')
