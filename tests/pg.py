"""The PostgreSQL test server (AWARDS_TEST_PG, started by .ci/run with
scripts/test-postgres.sh): a fresh database per test, copied from a template migrated once
per test process, so each test starts as a new SQLite file does."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from awards_app.db.logins import team_role


def server_url() -> str:
    """The URL of a login on the test server that may create databases ("" when none)."""
    return os.environ.get("AWARDS_TEST_PG", "")


@lru_cache(maxsize=1)
def _admin() -> Engine:
    return create_engine(server_url(), isolation_level="AUTOCOMMIT", pool_size=1)


def _url(name: str) -> str:
    return make_url(server_url()).set(database=name).render_as_string(hide_password=False)


@lru_cache(maxsize=1)
def _template() -> str:
    """A database at the newest schema, made once per test process (xdist worker)."""
    from awards_app.db.engine import open_database

    name = f"awards_tpl_{uuid.uuid4().hex[:12]}"
    with _admin().connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    open_database(_url(name)).close()
    return name


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new database at the newest schema, dropped afterwards."""
    name = f"awards_t_{uuid.uuid4().hex[:16]}"
    with _admin().connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{_template()}"'))
    try:
        yield _url(name)
    finally:
        with _admin().connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            # the team role opening it made (roles are the whole server's)
            conn.execute(text(f'DROP ROLE IF EXISTS "{team_role(name)}"'))


@contextmanager
def password_login(password: str) -> Iterator[str]:
    """A new login that must give ``password`` (the test server trusts every other login on
    its socket: scripts/test-postgres.sh), a superuser so that grants are not the test's
    subject; dropped afterwards."""
    name = f"signin_{uuid.uuid4().hex[:10]}"
    with _admin().connect() as conn:
        conn.execute(text(f'CREATE ROLE "{name}" LOGIN SUPERUSER PASSWORD \'{password}\' '
                          "IN ROLE awards_password_login"))
    try:
        yield name
    finally:
        with _admin().connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
