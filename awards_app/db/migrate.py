"""The schema's Alembic revisions: which exist, which a database is at, and upgrading it.
(``engine.open_database`` upgrades at open, guarded by a checked backup.)"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Kept in step with the newest file in migrations/versions (a test checks it) so that an
# up-to-date database opens without importing Alembic at all.
HEAD_REVISION: Final = "0011"


class Unknown:
    pass


UNKNOWN: Final = Unknown()


def alembic_config() -> Config:
    # Alembic loads only to read or change the schema (start-up time)
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def current_revision(engine: Engine) -> str | None:
    # Alembic loads only to read or change the schema (start-up time)
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def known_revisions() -> set[str]:
    # Alembic loads only to read or change the schema (start-up time)
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def run_upgrade(engine: Engine, target: str = "head") -> None:
    # Alembic loads only to read or change the schema (start-up time)
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, target)
