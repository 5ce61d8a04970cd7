"""The team's logins (services/users.py): adding, listing and removing people on a shared
PostgreSQL database, who may, and the audit entries; on a SQLite file, the plain explanation."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from awards_app.core.errors import (
    ConflictError,
    DatabaseError,
    NotFoundError,
    ValidationError,
)
from awards_app.db import logins
from awards_app.db.engine import Database, open_database
from awards_app.services import catalogue, users
from tests import dbtools, pg
from tests.pgroles import as_login, made_names, needs_server, run_sql, unique

PASSWORD = "correct horse battery"


@pytest.fixture
def made() -> Iterator[list[str]]:
    yield from made_names()


@pytest.fixture
def shared(db: Database, backend: str) -> Database:
    if backend != "postgresql":
        pytest.skip("logins are a shared PostgreSQL database's")
    return db


def _audit(url: str) -> list[tuple[str, str, str]]:
    return [tuple(r) for r in dbtools.tuples(
        url, "SELECT action, summary, actor FROM audit_entry WHERE entity = 'login' "
             "ORDER BY id")]


def _opened_as(url: str, name: str) -> Database:
    return open_database(as_login(url, name))


def test_on_a_file_logins_are_explained(db: Database, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("about a database file")
    with db.read_session() as session:
        assert not users.is_shared(session)
        for call in (users.rights, users.list_users, lambda s: users.add_user(s, "ann", PASSWORD),
                     lambda s: users.remove_user(s, "ann")):
            with pytest.raises(ConflictError) as refused:
                call(session)
            assert "shared PostgreSQL database" in str(refused.value)
            assert "Windows user" in str(refused.value)


def test_adding_someone_puts_a_new_login_on_the_team(
        shared: Database, made: list[str], caplog: pytest.LogCaptureFixture) -> None:
    name = unique(made)
    sent: list[str] = []  # every statement and value the program sends to the server

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        sent.append(f"{statement} {parameters!r}")

    event.listen(shared.engine, "before_cursor_execute", record)
    try:
        with caplog.at_level(logging.DEBUG), shared.session() as session:
            added = users.add_user(session, name, PASSWORD)
    finally:
        event.remove(shared.engine, "before_cursor_execute", record)
    # the password was hashed here: only its SCRAM verifier went to the server, in the
    # statement that sets it; the password itself was never sent, nor logged
    assert [text for text in sent if "SCRAM-SHA-256$" in text and "PASSWORD" in text.upper()]
    assert not [text for text in sent if PASSWORD in text]
    assert PASSWORD not in caplog.text
    assert added == users.Added(name=name, created=True, password_set=True)
    with shared.read_session() as session:
        team = {m.name: m for m in users.list_users(session)}
        mine = users.rights(session)
    assert mine.may_manage and mine.login == "awards_admin" and mine.why_not == ""
    assert team["awards_admin"].coordinator and team["awards_admin"].can_sign_in
    assert team[name].can_sign_in and not team[name].coordinator
    assert team[name].last_change is None  # nothing done yet
    assert _audit(shared.url) == [("add", name, "awards_admin")]
    # the password was hashed here: the server holds a SCRAM verifier, never the password
    (stored,) = dbtools.tuples(shared.url, "SELECT rolpassword FROM pg_authid "
                                           "WHERE rolname = :n", n=name)
    assert stored[0].startswith("SCRAM-SHA-256$") and PASSWORD not in stored[0]
    audit_text = dbtools.tuples(shared.url, "SELECT summary FROM audit_entry")
    assert not [row for row in audit_text if PASSWORD in row[0]]


def test_a_team_member_may_not_manage_and_is_told_whom_to_ask(
        shared: Database, made: list[str]) -> None:
    member, other = unique(made, "bea"), unique(made, "cal")
    with shared.session() as session:
        users.add_user(session, member, PASSWORD)
    database = _opened_as(shared.url, member)
    try:
        with database.read_session() as session:
            mine = users.rights(session)
            listed = [m.name for m in users.list_users(session)]
        assert not mine.may_manage and member in listed
        assert "ask awards_admin, who created this database, to do it." in mine.why_not
        for change in (lambda s: users.add_user(s, other, PASSWORD),
                       lambda s: users.remove_user(s, "awards_admin")):
            with pytest.raises(ConflictError) as refused, database.session() as session:
                change(session)
            assert str(refused.value) == mine.why_not
    finally:
        database.close()
    assert [row[0] for row in _audit(shared.url)] == ["add"]


def test_someone_taken_off_the_team_while_signed_in_is_told_in_plain_words(
        shared: Database, made: list[str]) -> None:
    """Their window is still open when a coordinator removes them: what they do next is
    refused in words (never "something went wrong" or SQL), and nothing is written."""
    from awards_app.db.engine import NO_LONGER_ALLOWED
    from awards_app.services import events

    name = unique(made)
    with shared.session() as session:
        users.add_user(session, name, PASSWORD)
    database = _opened_as(shared.url, name)
    try:
        with database.session() as session:
            catalogue.create_event(session, name="Their Awards", year=2027)
        with shared.session() as session:
            users.remove_user(session, name)
        with pytest.raises(DatabaseError) as refused, database.session() as session:
            catalogue.create_event(session, name="After removal", year=2028)
        assert str(refused.value) == NO_LONGER_ALLOWED
        with pytest.raises(DatabaseError) as refused, database.read_session() as session:
            events.list_events(session)
        assert str(refused.value) == NO_LONGER_ALLOWED
    finally:
        database.close()
    assert dbtools.tuples(shared.url, "SELECT name FROM event WHERE name = 'After removal'") == []


def test_removing_someone_keeps_their_login_and_their_name_in_the_audit(
        shared: Database, made: list[str]) -> None:
    name = unique(made)
    with shared.session() as session:
        users.add_user(session, name, PASSWORD)
    database = _opened_as(shared.url, name)
    with database.session() as session:
        catalogue.create_event(session, name="Their Awards", year=2027)
    database.close()
    with shared.session() as session:
        removed = users.remove_user(session, name)
    assert removed == users.Removed(name=name, login_off=True)
    words = users.removed_words(removed)
    assert "can no longer sign in" in words and "still names" in words
    with shared.read_session() as session:
        assert name not in [m.name for m in users.list_users(session)]
    (state,) = dbtools.tuples(shared.url, "SELECT rolcanlogin FROM pg_roles WHERE rolname = :n",
                              n=name)
    assert state == (False,)  # kept, turned off: not dropped
    assert ("create", name) in dbtools.tuples(
        shared.url, "SELECT action, actor FROM audit_entry WHERE entity = 'event'")
    assert _audit(shared.url)[-1] == ("remove", name, "awards_admin")
    with pytest.raises(NotFoundError), shared.session() as session:
        users.remove_user(session, name)
    # back again: a removed login needs a new password, and signs in again
    with pytest.raises(ValidationError) as refused, shared.session() as session:
        users.add_user(session, name, None)
    assert refused.value.fields == {"password"}
    with shared.session() as session:
        again = users.add_user(session, name, PASSWORD)
    assert again == users.Added(name=name, created=False, password_set=True)
    _opened_as(shared.url, name).close()


def test_nobody_removes_themselves_or_the_databases_creator(
        shared: Database, made: list[str]) -> None:
    with pytest.raises(ConflictError) as refused, shared.session() as session:
        users.remove_user(session, "awards_admin")
    assert "cannot remove yourself" in str(refused.value)
    deputy = unique(made, "dee")
    dbtools.execute(shared.url, f'CREATE ROLE "{deputy}" LOGIN CREATEROLE')
    with shared.session() as session:
        users.add_user(session, deputy, None)  # an existing login joins, keeping its password
    database = _opened_as(shared.url, deputy)
    try:
        with database.read_session() as session:
            team = {m.name: m for m in users.list_users(session)}
            assert users.rights(session).may_manage
        assert team[deputy].coordinator
        with pytest.raises(ConflictError) as refused, database.session() as session:
            users.remove_user(session, "awards_admin")
        assert "created this database and cannot be removed" in str(refused.value)
    finally:
        database.close()


def test_someone_on_another_team_keeps_their_login(shared: Database, made: list[str]) -> None:
    name, elsewhere = unique(made), unique(made, "team")
    dbtools.execute(shared.url, f'CREATE ROLE "{elsewhere}" NOLOGIN')
    with shared.session() as session:
        users.add_user(session, name, PASSWORD)
    dbtools.execute(shared.url, f'GRANT "{elsewhere}" TO "{name}"')
    with shared.session() as session:
        removed = users.remove_user(session, name)
    assert not removed.login_off and "another database" in users.removed_words(removed)
    (state,) = dbtools.tuples(shared.url, "SELECT rolcanlogin FROM pg_roles WHERE rolname = :n",
                              n=name)
    assert state == (True,)
    with pytest.raises(DatabaseError) as refused:  # not on the team: may not connect here
        _opened_as(shared.url, name)
    assert f"The login {name} may not use the database" in str(refused.value)


@pytest.mark.parametrize(("name", "password", "field"), [
    ("ann smith", PASSWORD, "name"), ("", PASSWORD, "name"), ("okname", "short", "password"),
])
def test_bad_input_names_its_field_and_stores_nothing(
        shared: Database, name: str, password: str, field: str) -> None:
    with pytest.raises(ValidationError) as refused, shared.session() as session:
        users.add_user(session, name, password)
    assert refused.value.fields == {field}
    assert _audit(shared.url) == []
    assert dbtools.tuples(shared.url, "SELECT 1 FROM pg_roles WHERE rolname = 'okname'") == []


def test_adding_twice_or_the_creator_is_refused(shared: Database, made: list[str]) -> None:
    name = unique(made)
    with shared.session() as session:
        users.add_user(session, name, PASSWORD)
    for who in (name, "awards_admin"):
        with pytest.raises(ConflictError), shared.session() as session:
            users.add_user(session, who, PASSWORD)
    with shared.read_session() as session:
        assert users.login_state(session, name) == "member"
        assert logins.standing(session.connection()).team.endswith("_team")


@needs_server
def test_a_coordinator_who_is_no_administrator_runs_the_team(made: list[str]) -> None:
    """The usual set-up: IT gives the first coordinator a login that may create databases and
    logins, but is no superuser; what they create, they run."""
    coordinator, member, plain = unique(made, "coord"), unique(made, "eve"), unique(made, "fay")
    database = f"awards_u_{uuid.uuid4().hex[:12]}"
    run_sql(pg.server_url(), f'CREATE ROLE "{coordinator}" LOGIN CREATEDB CREATEROLE')
    run_sql(pg.server_url(), f'CREATE ROLE "{plain}" LOGIN CREATEDB')
    admin = create_engine(pg.server_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        for owner in (coordinator, plain):
            with create_engine(as_login(pg.server_url(), owner), poolclass=NullPool,
                               isolation_level="AUTOCOMMIT").connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{database}_{owner[:3]}"'))
        url = as_login(make_url(pg.server_url()).set(
            database=f"{database}_{coordinator[:3]}").render_as_string(False), coordinator)
        opened = open_database(url)
        try:
            with opened.session() as session:
                users.add_user(session, member, PASSWORD)
            with opened.read_session() as session:
                team = {m.name: m for m in users.list_users(session)}
            assert team[coordinator].coordinator and not team[member].coordinator
        finally:
            opened.close()
        as_member = open_database(as_login(url, member))
        try:
            with as_member.session() as session:
                catalogue.create_event(session, name="Team Awards", year=2027)
        finally:
            as_member.close()
        # a creator IT did not allow to create logins is told what to ask for
        url = as_login(make_url(pg.server_url()).set(
            database=f"{database}_{plain[:3]}").render_as_string(False), plain)
        opened = open_database(url)
        try:
            with opened.read_session() as session:
                mine = users.rights(session)
        finally:
            opened.close()
        assert not mine.may_manage
        assert mine.why_not.startswith("You created this database, but your login")
        assert f"ALTER ROLE {plain} CREATEROLE" in mine.why_not
    finally:
        with admin.connect() as conn:
            for owner in (coordinator, plain):
                name = f"{database}_{owner[:3]}"
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                conn.execute(text(f'DROP ROLE IF EXISTS "{logins.team_role(name)}"'))
        admin.dispose()


def _deputy(shared: Database, made: list[str]) -> tuple[str, str]:
    """Another coordinator: an existing login that may create roles, put on the team by
    the creator (keeping its password); its name and the team's."""
    deputy = unique(made, "dee")
    dbtools.execute(shared.url, f'CREATE ROLE "{deputy}" LOGIN CREATEROLE')
    with shared.session() as session:
        users.add_user(session, deputy, None)
        return deputy, users.rights(session).team


def test_a_database_without_its_team_gets_one_from_its_creator_only(
        shared: Database, made: list[str]) -> None:
    """A database last opened by a version without teams: its creator's first add sets the
    team up; another coordinator is asked to wait for the creator."""
    (deputy, team), name = _deputy(shared, made), unique(made)
    dbtools.execute(shared.url, f'REVOKE ALL ON TABLE nominee FROM "{team}"')
    database = _opened_as(shared.url, deputy)
    try:
        with pytest.raises(ConflictError) as refused, database.session() as session:
            users.add_user(session, name, PASSWORD)
        assert "Ask awards_admin, who created it, to open it" in str(refused.value)
    finally:
        database.close()
    with shared.session() as session:
        users.add_user(session, name, PASSWORD)
    (granted,) = dbtools.tuples(shared.url, "SELECT has_table_privilege(:t, 'nominee', "
                                            "'SELECT')", t=team)
    assert granted == (True,)


def test_a_login_the_coordinator_may_not_turn_off_is_still_taken_off_the_team(
        shared: Database, made: list[str]) -> None:
    """An administrator's login put on the team by hand: a coordinator who is no
    administrator takes it off the team, and is told its login stays on."""
    (deputy, team), chief = _deputy(shared, made), unique(made, "chief")
    dbtools.execute(shared.url, f'CREATE ROLE "{chief}" LOGIN SUPERUSER')
    dbtools.execute(shared.url, f'GRANT "{team}" TO "{chief}"')
    database = _opened_as(shared.url, deputy)
    try:
        with database.session() as session:
            removed = users.remove_user(session, chief)
    finally:
        database.close()
    assert removed == users.Removed(name=chief, login_off=False, elsewhere=False)
    assert "made by someone else" in users.removed_words(removed)
    assert _audit(shared.url)[-1] == ("remove", f"{chief} (login left on)", deputy)
    with shared.read_session() as session:
        assert users.login_state(session, chief) == "login"
