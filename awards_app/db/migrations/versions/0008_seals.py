"""seals: scores, consent answers, PIN hashes, certificates and confirmed placements carry a
digest of their protected values, so a value changed outside the program is reported

Adds a nullable ``seal`` to score, nominee, judge, certificate and placement (ADD COLUMN
only: no table is rebuilt), then seals every existing row as it stands at the upgrade, with
the digests of ``awards_app.db.seals`` (the same code the program checks them with).

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

from awards_app.db import seals

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEALED_TABLES = ("score", "nominee", "judge", "certificate", "placement")

# The types the program reads these columns with, so a seal made here matches its check.
_TYPES: dict[str, Any] = {
    "date_of_birth": sa.Date(), "ceremony_date": sa.Date(), "issued_at": sa.DateTime(),
    "last_printed_at": sa.DateTime(), "revoked_at": sa.DateTime(),
    "confirmed_at": sa.DateTime(), "do_not_publish": sa.Boolean(), "score": sa.Float(),
    "normalised_score": sa.Float(),
    **{name: sa.Integer() for name in (
        "judge_id", "nomination_id", "criterion_id", "value", "sponsor_id", "event_id",
        "event_year", "qr_mask", "print_count", "replaced_by_id", "category_id", "rank")},
}
_CHUNK = 5000


def _table(name: str) -> sa.TableClause:
    fields = seals.SEALED_FIELDS[name]
    return sa.table(name, sa.column("id", sa.Integer()), sa.column("seal", sa.String()),
                    *(sa.column(f, _TYPES.get(f, sa.Unicode())) for f in fields))


def _seal_rows(bind: sa.Connection, name: str, seal_of: Any) -> None:
    table = _table(name)
    fields = seals.SEALED_FIELDS[name]
    rows = bind.execute(sa.select(table.c.id, *(table.c[f] for f in fields))).all()
    update = table.update().where(table.c.id == sa.bindparam("b_id")).values(
        seal=sa.bindparam("b_seal"))
    for start in range(0, len(rows), _CHUNK):
        bind.execute(update, [{"b_id": r[0], "b_seal": seal_of(r)}
                              for r in rows[start:start + _CHUNK]])


def upgrade() -> None:
    for name in SEALED_TABLES:
        op.add_column(name, sa.Column("seal", sa.String(length=seals.SEAL_LENGTH),
                                      nullable=True))
    bind = op.get_bind()
    for name in ("score", "nominee", "judge", "certificate"):
        _seal_rows(bind, name, lambda r, name=name: seals.digest(name, r[1:]))

    placement, score = _table("placement"), _table("score")
    count: dict[int, int] = defaultdict(int)
    for (category_id,) in bind.execute(sa.select(placement.c.category_id)):
        count[category_id] += 1
    behind: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    placed = sa.select(placement.c.nomination_id)
    for nid, judge, criterion, value in bind.execute(
            sa.select(score.c.nomination_id, score.c.judge_id, score.c.criterion_id,
                      score.c.value).where(score.c.nomination_id.in_(placed))):
        behind[nid].append((judge, criterion, value))
    _seal_rows(bind, "placement", lambda r: seals.placement_seal(
        r[1:], count[r[1]], behind[r[2]]))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35+, PostgreSQL), as 0007 does: no rebuild.
    for name in reversed(SEALED_TABLES):
        op.execute(f'ALTER TABLE "{name}" DROP COLUMN seal')
