"""results cache: per-nomination statistics and ranks kept ready for ranking

Two new tables and an index only (derived data, rebuilt from judge_total whenever needed): an existing
database simply starts without stored statistics and computes them afresh until the next
refresh.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nomination_total",
        sa.Column("category_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("judges", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("normalised", sa.Float(), nullable=True),
        sa.Column("median", sa.Float(), nullable=True),
        sa.Column("spread", sa.Float(), nullable=True),
        sa.Column("obstacles", sa.Float(), nullable=True),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("tie", sa.Boolean(), nullable=False),
        sa.Column("tie_break", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"],
                                name=op.f("fk_nomination_total_nomination_id_nomination"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("category_id", "position", name=op.f("pk_nomination_total")),
        sqlite_with_rowid=False,  # clustered on (category, position): rankings read in order
    )
    op.create_index("ix_nomination_total_nomination", "nomination_total", ["nomination_id"],
                    unique=True)
    op.create_table(
        "results_state",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"],
                                name=op.f("fk_results_state_event_id_event"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_results_state")),
    )
    op.create_index("ix_nomination_results", "nomination",
                    ["event_id", "category_id", "status", "number", "nominee_id"])


def downgrade() -> None:
    op.drop_index("ix_nomination_results", table_name="nomination")
    op.drop_table("results_state")
    op.drop_index("ix_nomination_total_nomination", table_name="nomination_total")
    op.drop_table("nomination_total")
