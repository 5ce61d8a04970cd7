"""The team role of a shared PostgreSQL database (db/logins.py): its name, its exact grants,
mended when a table has none, and the plain refusals of a login that may not read the
database or upgrade it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import text

from awards_app.core.errors import DatabaseError, ValidationError
from awards_app.db import logins, migrate
from awards_app.db.engine import open_database
from tests import dbtools, pg
from tests.pgroles import DENIED, as_login, made_names, needs_server, run_sql, unique


@pytest.fixture
def made() -> Iterator[list[str]]:
    yield from made_names()


@pytest.fixture
def url() -> Iterator[str]:
    if not pg.server_url():
        pytest.skip("needs AWARDS_TEST_PG")
    with pg.fresh_database() as where:
        open_database(where).close()  # opened once by its creator: the team is made
        yield where


def _team(url: str) -> str:
    return logins.team_role(url.rsplit("/", 1)[1].split("?")[0])


@pytest.mark.parametrize("name", ["ann", "ann.smith", "A_Smith-2", "zoë", "x" * 63])
def test_plain_login_names_pass(name: str) -> None:
    assert logins.check_login_name(f" {name} ") == name


@pytest.mark.parametrize(("name", "words"), [
    ("", "is empty"), ("ann smith", "not a plain login name"), ('ann"; drop', "not a plain"),
    ("x" * 64, "too long (64 bytes)"), ("ë" * 32, "too long (64 bytes)"),
    ("pg_monitor", "keeps for itself"), ("PUBLIC", "keeps for itself"),
])
def test_other_names_are_refused_naming_the_field(name: str, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        logins.check_login_name(name, "login")
    assert refused.value.fields == {"login"} and words in str(refused.value)


def test_team_names_fit_and_differ() -> None:
    assert logins.team_role("spring") == "awards_spring_team"
    long_a, long_b = "a" * 63, "a" * 62 + "b"
    assert len(logins.team_role(long_a).encode()) <= logins.MAX_NAME_BYTES
    assert logins.team_role(long_a) != logins.team_role(long_b)


@needs_server
def test_the_team_holds_exactly_the_programs_grants(url: str) -> None:
    team = _team(url)
    tables = dbtools.tuples(url, "SELECT c.relname, has_table_privilege(:t, c.oid, 'SELECT'), "
                                 "has_table_privilege(:t, c.oid, 'INSERT'), "
                                 "has_table_privilege(:t, c.oid, 'UPDATE'), "
                                 "has_table_privilege(:t, c.oid, 'DELETE'), "
                                 "has_table_privilege(:t, c.oid, 'TRUNCATE'), "
                                 "has_table_privilege(:t, c.oid, 'REFERENCES'), "
                                 "has_table_privilege(:t, c.oid, 'TRIGGER'), "
                                 "pg_has_role(:t, c.relowner, 'USAGE') "
                                 "FROM pg_class c WHERE c.relkind = 'r' AND "
                                 "c.relnamespace = 'public'::regnamespace", t=team)
    found = {row[0]: row[1:] for row in tables}
    assert set(found) == {*logins.program_tables(), "alembic_version"}
    for table in logins.program_tables():
        assert found[table] == (True, True, True, True, False, False, False, False), table
    assert found["alembic_version"] == (True, False, False, False, False, False, False, False)
    sequences = dbtools.tuples(url, "SELECT has_sequence_privilege(:t, c.oid, 'USAGE'), "
                                    "has_sequence_privilege(:t, c.oid, 'SELECT'), "
                                    "has_sequence_privilege(:t, c.oid, 'UPDATE') "
                                    "FROM pg_class c WHERE c.relkind = 'S'", t=team)
    assert sequences and set(sequences) == {(True, True, True)}
    (place,) = dbtools.tuples(
        url, "SELECT has_database_privilege(:t, current_database(), 'CONNECT'), "
             "has_database_privilege(:t, current_database(), 'TEMP'), "
             "has_database_privilege(:t, current_database(), 'CREATE'), "
             "has_schema_privilege(:t, 'public', 'USAGE'), "
             "has_schema_privilege(:t, 'public', 'CREATE'), "
             "r.rolcanlogin, r.rolcreaterole, r.rolcreatedb, r.rolsuper "
             "FROM pg_roles r WHERE r.rolname = :t", t=team)
    assert place == (True, False, False, True, False, False, False, False, False)
    # only the team and the owner may connect: nothing is left to everyone (PUBLIC)
    (acl,) = dbtools.tuples(url, "SELECT datacl::text[] FROM pg_database "
                                 "WHERE datname = current_database()")
    assert not [entry for entry in acl[0] if entry.startswith("=")]


@needs_server
def test_a_table_a_later_migration_adds_gets_the_grants(url: str) -> None:
    dbtools.execute(url, "CREATE TABLE later_table (id serial PRIMARY KEY, note text)")
    (granted,) = dbtools.tuples(
        url, "SELECT has_table_privilege(:t, 'later_table', 'SELECT, INSERT'), "
             "has_table_privilege(:t, 'later_table', 'TRUNCATE'), "
             "has_sequence_privilege(:t, 'later_table_id_seq', 'USAGE')", t=_team(url))
    assert granted == (True, False, True)


@needs_server
def test_a_missing_grant_is_mended_when_the_owner_opens_it(url: str) -> None:
    team = _team(url)
    dbtools.execute(url, f'REVOKE ALL ON TABLE score FROM "{team}"')
    with dbtools.connect(url) as conn:
        assert not logins.team_is_ready(conn, team)
    open_database(url).close()
    with dbtools.connect(url) as conn:
        assert logins.team_is_ready(conn, team)
        assert conn.execute(text("SELECT has_table_privilege(:t, 'score', 'UPDATE')"),
                            {"t": team}).scalar()


@needs_server
def test_someone_not_on_the_team_is_refused_in_plain_words(url: str, made: list[str]) -> None:
    outsider = unique(made, "outsider")
    dbtools.execute(url, f'CREATE ROLE "{outsider}" LOGIN')
    # a login of the server, but not on the team: it cannot even connect
    assert run_sql(as_login(url, outsider), "SELECT count(*) FROM nominee") is not None
    with pytest.raises(DatabaseError) as refused:
        open_database(as_login(url, outsider))
    assert outsider in str(refused.value) and "awards users add" in str(refused.value)
    # let in to the database by hand, it still may not read the awards
    database = url.rsplit("/", 1)[1].split("?")[0]
    dbtools.execute(url, f'GRANT CONNECT ON DATABASE "{database}" TO "{outsider}"')
    assert run_sql(as_login(url, outsider), "SELECT count(*) FROM nominee") == DENIED
    with pytest.raises(DatabaseError) as refused:
        open_database(as_login(url, outsider))
    said = str(refused.value)
    assert f"The login {outsider} is not on the team" in said
    assert "awards_admin, who created the database" in said
    assert "SELECT" not in said and "42501" not in said and "Error" not in said
    dbtools.execute(url, f'REVOKE CONNECT ON DATABASE "{database}" FROM "{outsider}"')


@needs_server
def test_a_team_member_cannot_upgrade_an_older_schema(made: list[str]) -> None:
    member = unique(made, "bea")
    with pg.fresh_database() as url:
        dbtools.execute(url, "DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        with dbtools.connect(url) as conn:
            migrate.run_upgrade(conn.engine, "0010")
        with dbtools.connect(url) as conn, conn.begin():
            team = logins.ensure_team_role(conn)
        dbtools.execute(url, f'CREATE ROLE "{member}" LOGIN IN ROLE "{team}"')
        with pytest.raises(DatabaseError) as refused:
            open_database(as_login(url, member))
        said = str(refused.value)
        assert "only awards_admin, who created the database, may do that" in said
        assert "Ask awards_admin to open it with this version first" in said
        (revision,) = dbtools.tuples(url, "SELECT version_num FROM alembic_version")
        assert revision == ("0010",)  # nothing was tried
        open_database(url).close()  # its creator brings it up to date ...
        open_database(as_login(url, member)).close()  # ... and then the member opens it
