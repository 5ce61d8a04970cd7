"""judge copy review: the coordinator marks what judges will read of a nomination as reviewed

Adds to nomination who reviewed its judge copy (``judge_copy_reviewed_by``, "" when nobody
has), when (``judge_copy_reviewed_at``) and a digest of the text they reviewed
(``judge_copy_reviewed_digest``): when the narratives, the edited copy or what masking makes
of them change afterwards, the digest no longer matches and the copy shows as changed since
review. Existing nominations start unreviewed. ADD COLUMN only: no table is rebuilt.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("judge_copy_reviewed_by", "judge_copy_reviewed_at", "judge_copy_reviewed_digest")


def upgrade() -> None:
    op.add_column("nomination", sa.Column("judge_copy_reviewed_by", sa.String(length=200),
                                          nullable=False, server_default=""))
    op.add_column("nomination", sa.Column("judge_copy_reviewed_at", sa.DateTime(),
                                          nullable=True))
    op.add_column("nomination", sa.Column("judge_copy_reviewed_digest", sa.String(length=64),
                                          nullable=True))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL) rather than a batch rebuild, which
    # under foreign_keys=ON would cascade deletes from nomination into scores.
    for column in reversed(COLUMNS):
        op.execute(f"ALTER TABLE nomination DROP COLUMN {column}")
