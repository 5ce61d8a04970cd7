"""Logins on the PostgreSQL test server for the tests of awards users: unique names (roles are
the whole server's, shared by every test process), dropped afterwards, and a database's URL
as one of them (the test server trusts its Unix socket, so no password is needed)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from tests import pg

needs_server = pytest.mark.skipif(not pg.server_url(), reason="needs AWARDS_TEST_PG")


def as_login(url: str, name: str) -> str:
    """``url`` (a database on the test server) signed in as ``name``."""
    return make_url(url).set(username=name).render_as_string(hide_password=False)


def run_sql(url: str, statement: str) -> str | None:
    """Run ``statement`` at ``url``: None when it worked, else the server's SQLSTATE."""
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
        return None
    except DBAPIError as exc:
        return str(getattr(exc.orig, "sqlstate", None) or exc.orig)
    finally:
        engine.dispose()


def made_names() -> Iterator[list[str]]:
    """For a test's fixture (``yield from made_names()``): the login names the test made (see
    :func:`unique`), all dropped after it."""
    made: list[str] = []
    yield made
    admin = create_engine(pg.server_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            for name in made:
                conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


def unique(made: list[str], stem: str = "ann") -> str:
    """A login name no other test uses, remembered in ``made`` for dropping."""
    name = f"{stem}.{uuid.uuid4().hex[:10]}"
    made.append(name)
    return name


#: insufficient_privilege
DENIED = "42501"
