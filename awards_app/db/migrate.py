"""Alembic upgrades at open, guarded by a checked backup that is restored if they fail."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final

from awards_app.core.errors import DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

    from awards_app.db.engine import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Kept in step with the newest file in migrations/versions (a test checks it) so that an
# up-to-date database opens without importing Alembic at all.
HEAD_REVISION: Final = "0004"


class _Unknown:
    pass


UNKNOWN: Final = _Unknown()


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def run_upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)


def upgrade_if_needed(database: Database, revision: str | None | _Unknown) -> None:
    if revision == HEAD_REVISION:
        return
    if isinstance(revision, _Unknown):
        revision = current_revision(database.engine)
        if revision == HEAD_REVISION:
            return
    if revision is not None and revision not in known_revisions():
        raise DatabaseError(
            f"{database.display_name} was made by a newer version of Awards App "
            f"(schema {revision}); install the newer version to open it."
        )
    backup_file: Path | None = None
    if revision is not None and database.path is not None:
        from awards_app.db import backup

        backup_file = backup.backup_database(database.path, reason="before-upgrade")
    try:
        run_upgrade(database.write_engine)
    except Exception as exc:
        database.engine.dispose()
        if backup_file is not None and database.path is not None:
            from awards_app.db import backup

            backup.copy_database(backup_file, database.path)
            raise DatabaseError(
                f"Upgrading {database.display_name} failed ({exc}); it was put back as it "
                f"was from {backup_file}."
            ) from exc
        raise DatabaseError(f"Upgrading {database.display_name} failed: {exc}") from exc
