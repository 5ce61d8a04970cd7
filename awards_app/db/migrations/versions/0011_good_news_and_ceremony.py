"""good news and the ceremony: the year-round good-news log; what the ceremony pack needs

Adds ``good_news`` (a worker's story about a young person, dated, with why they are proud,
whether the young person knows, and the nomination it became), ``ceremony_seat`` (where a
young person sits at an event's ceremony), ``nominee.pronunciation``, ``category.presenter``
and ``nomination.press_wording``. ADD COLUMN and CREATE TABLE only: no table is rebuilt.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("nominee", sa.Column("pronunciation", sa.String(length=200), nullable=False,
                                       server_default=""))
    op.add_column("category", sa.Column("presenter", sa.String(length=200), nullable=False,
                                        server_default=""))
    op.add_column("nomination", sa.Column("press_wording", sa.Text(), nullable=False,
                                          server_default=""))
    op.create_table(
        "good_news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("story_date", sa.Date(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("worker_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("why_proud", sa.Text(), nullable=False),
        sa.Column("young_person_knows", sa.Enum("yes", "no", "not_asked",
                                                name="young_person_knows", native_enum=False,
                                                create_constraint=True, length=20),
                  nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=True),
        sa.Column("source_id", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["nominee_id"], ["nominee.id"],
                                name=op.f("fk_good_news_nominee_id_nominee")),
        sa.ForeignKeyConstraint(["worker_id"], ["worker.id"], ondelete="SET NULL",
                                name=op.f("fk_good_news_worker_id_worker")),
        sa.ForeignKeyConstraint(["nomination_id"], ["nomination.id"], ondelete="SET NULL",
                                name=op.f("fk_good_news_nomination_id_nomination")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_good_news")),
    )
    op.create_index("ix_good_news_story_date", "good_news", ["story_date"])
    op.create_index("ix_good_news_nominee_id", "good_news", ["nominee_id"])
    op.create_index("ix_good_news_worker_id", "good_news", ["worker_id"])
    op.create_index("ix_good_news_nomination_id", "good_news", ["nomination_id"])
    op.create_table(
        "ceremony_seat",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("nominee_id", sa.Integer(), nullable=False),
        sa.Column("seat", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["event.id"], ondelete="CASCADE",
                                name=op.f("fk_ceremony_seat_event_id_event")),
        sa.ForeignKeyConstraint(["nominee_id"], ["nominee.id"], ondelete="CASCADE",
                                name=op.f("fk_ceremony_seat_nominee_id_nominee")),
        sa.PrimaryKeyConstraint("event_id", "nominee_id", name=op.f("pk_ceremony_seat")),
    )


def downgrade() -> None:
    op.drop_table("ceremony_seat")
    op.drop_index("ix_good_news_nomination_id", table_name="good_news")
    op.drop_index("ix_good_news_worker_id", table_name="good_news")
    op.drop_index("ix_good_news_nominee_id", table_name="good_news")
    op.drop_index("ix_good_news_story_date", table_name="good_news")
    op.drop_table("good_news")
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL) rather than a batch rebuild, which
    # under foreign_keys=ON would cascade deletes into the rows that refer to these tables.
    op.execute("ALTER TABLE nomination DROP COLUMN press_wording")
    op.execute("ALTER TABLE category DROP COLUMN presenter")
    op.execute("ALTER TABLE nominee DROP COLUMN pronunciation")
