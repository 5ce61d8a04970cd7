"""import mappings: someone else's columns saved under a name; a row's own id in its file

Adds ``import_mapping`` (a coordinator's column mapping for a form's export, proposed again
for a file with the same headers) and ``nomination.source_id`` (the row's id in the file it
came from, "" for nominations entered or imported without one), indexed with the event, so
that a growing file imported again adds only its new rows. ADD COLUMN and CREATE TABLE only:
no table is rebuilt.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("nomination", sa.Column("source_id", sa.String(length=200), nullable=False,
                                          server_default=""))
    op.create_index("ix_nomination_source", "nomination", ["event_id", "source_id"])
    op.create_table(
        "import_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("headers_key", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mapping")),
        sa.UniqueConstraint("name", name=op.f("uq_import_mapping_name")),
    )
    op.create_index("ix_import_mapping_headers_key", "import_mapping", ["headers_key"])


def downgrade() -> None:
    op.drop_index("ix_import_mapping_headers_key", table_name="import_mapping")
    op.drop_table("import_mapping")
    op.drop_index("ix_nomination_source", table_name="nomination")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL) rather than a batch rebuild, which
    # under foreign_keys=ON would cascade deletes from nomination into scores.
    op.execute("ALTER TABLE nomination DROP COLUMN source_id")
