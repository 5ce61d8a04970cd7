"""PostgreSQL logins for a team: each person signs in as themselves, in one group role per
database (roles are the whole server's, so the group's name comes from the database's) that
holds exactly what the program needs: connecting, reading and changing the awards tables and
their counters. Nothing more: no creating or dropping tables, no TRUNCATE, no ownership, no
creating logins. Whoever created the database (the owner of its tables) keeps the rest, and
upgrades the schema.

Every identifier is quoted by psycopg (``sql.Identifier``) and every password is hashed on
this computer (SCRAM, as psql's ``\\password`` does) before it is sent, so the password
itself never reaches the server, a statement, a log or an error message.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from awards_app.core.errors import DatabaseError, ValidationError
from awards_app.db import migrate
from awards_app.db.models import Base

#: PostgreSQL keeps the first 63 bytes of a name
MAX_NAME_BYTES = 63
_LOGIN = re.compile(r"[\w.\-]+")
#: names PostgreSQL keeps for itself
_RESERVED = {"public", "none", "current_user", "current_role", "session_user", "user",
             "all"}
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE")
SEQUENCE_PRIVILEGES = ("USAGE", "SELECT", "UPDATE")
#: the schema's version table: the team reads it (to see the schema is current), never writes
VERSION_TABLE = "alembic_version"


def program_tables() -> tuple[str, ...]:
    """The program's own tables (the models'), in a fixed order."""
    return tuple(sorted(Base.metadata.tables))


def team_role(database: str) -> str:
    """The group role of ``database``'s team: ``awards_<database>_team``, or, when that is
    longer than PostgreSQL keeps, a digest of the name in its place."""
    name = f"awards_{database}_team"
    if len(name.encode()) <= MAX_NAME_BYTES:
        return name
    return f"awards_{hashlib.sha256(database.encode()).hexdigest()[:24]}_team"


def check_login_name(name: str, field: str = "name") -> str:
    """``name`` as a login name (surrounding spaces dropped), or a ValidationError naming
    ``field`` in plain words."""
    name = name.strip()
    if not name:
        raise ValidationError.single(field, "is empty — type the person's login name, "
                                            "for example ann.smith")
    if not _LOGIN.fullmatch(name):
        raise ValidationError.single(
            field, f"'{name}' is not a plain login name — use letters, digits, underscores, "
                   "dots and hyphens only (no spaces), for example ann.smith")
    if len(name.encode()) > MAX_NAME_BYTES:
        raise ValidationError.single(
            field, f"is too long ({len(name.encode())} bytes) — at most {MAX_NAME_BYTES}")
    if name.lower() in _RESERVED or name.lower().startswith("pg_"):
        raise ValidationError.single(
            field, f"'{name}' is a name the database server keeps for itself — choose another")
    return name


@dataclass(frozen=True)
class Standing:
    """Who is signed in to a PostgreSQL database, and what they may do there."""

    login: str
    database: str
    #: who created the database's tables (the first coordinator): they upgrade the schema
    owner: str
    team: str
    team_exists: bool
    #: superuser, or one of the owner's roles (owns the tables, so may grant on them)
    is_owner: bool
    #: may create logins and put them on the team (CREATEROLE, or superuser)
    may_manage: bool
    #: may read the awards tables (owner, or on the team)
    may_read: bool
    #: the schema's revision ("" for a database without the program's tables)
    revision: str
    #: may create the tables of a new database (CREATE on the schema)
    may_create: bool


def standing(conn: Connection) -> Standing:
    """The signed-in login's standing in the database ``conn`` is connected to (one query)."""
    row = conn.execute(text(
        "SELECT current_user, current_database(), d_owner.rolname, "
        "  COALESCE(t_owner.rolname, d_owner.rolname), me.rolsuper, me.rolcreaterole, "
        "  to_regclass('public.alembic_version') IS NOT NULL, "
        "  has_schema_privilege('public', 'CREATE'), "
        "  current_setting('server_version_num')::int "
        "FROM pg_roles me, pg_database d "
        "JOIN pg_roles d_owner ON d_owner.oid = d.datdba "
        "LEFT JOIN pg_class t ON t.oid = to_regclass('public.alembic_version') "
        "LEFT JOIN pg_roles t_owner ON t_owner.oid = t.relowner "
        "WHERE me.rolname = current_user AND d.datname = current_database()")).one()
    login, database, db_owner, owner, is_super, create_role, has_tables, may_create, \
        version = row
    team = team_role(database)
    facts = conn.execute(text(
        "SELECT r.oid IS NOT NULL, pg_has_role(:owner, 'USAGE'), "
        "  r.oid IS NOT NULL AND pg_has_role(r.oid, 'USAGE'), "
        "  r.oid IS NOT NULL AND pg_has_role(r.oid, 'MEMBER WITH ADMIN OPTION') "
        "FROM (SELECT 1) one LEFT JOIN pg_roles r ON r.rolname = :team"),
        {"owner": owner, "team": team}).one()
    team_exists, owns, on_team, admin_of_team = facts
    is_owner = bool(is_super or owns)
    # PostgreSQL 16 lets CREATEROLE manage only the roles it holds ADMIN OPTION on (the ones
    # it created); before 16, CREATEROLE manages every role that is not a superuser
    may_manage = bool(is_super or (create_role and (
        version < 160000 or not team_exists or admin_of_team)))
    revision = ""
    may_read = is_owner or bool(on_team)
    if has_tables and conn.execute(text(
            "SELECT has_table_privilege('public.alembic_version', 'SELECT')")).scalar():
        revision = str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
                       or "")
    return Standing(
        login=str(login), database=str(database), owner=str(owner), team=team,
        team_exists=bool(team_exists), is_owner=is_owner, may_manage=may_manage,
        may_read=may_read or not has_tables, revision=revision,
        may_create=bool(is_super or may_create) if not has_tables else is_owner)


def check_access(engine: Engine, head: str) -> None:
    """Refuse, in plain words, a login that may not use the database ``engine`` reaches:
    one not on its team, or one that would have to bring an older schema up to ``head`` but
    may not change the schema (only the tables' owner may). Nothing on other databases."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect() as conn:
        me = standing(conn)
    where = f"database {me.database}"
    if not me.may_read:
        raise DatabaseError(
            f"The login {me.login} is not on the team of the {where}, so it may not read or "
            f"change the awards there. Ask {me.owner}, who created the database, to add you "
            f"('awards users add {me.login}', or the Users page).")
    if me.revision == head or me.is_owner:
        return
    if me.revision and me.revision not in migrate.known_revisions():
        return  # made by a newer version: upgrade_if_needed says so
    if not me.revision and not me.may_create:
        raise DatabaseError(
            f"The {where} has no awards data yet, and the login {me.login} may not create "
            f"its tables. Ask whoever runs the server (often the council's IT) to make "
            f"{me.login} the database's owner, or to create it with {me.login} as owner.")
    if me.revision and not me.is_owner:
        raise DatabaseError(
            f"The {where} needs bringing up to date for this version of Awards App, and only "
            f"{me.owner}, who created the database, may do that. Ask {me.owner} to open it "
            "with this version first; until then, use the version you used before.")


@dataclass(frozen=True)
class Literal:
    """A value (a password's hash) that :func:`quoted` quotes as a string literal."""

    value: str


def quoted(conn: Connection, template: str, *parts: str | Literal) -> str:
    """``template`` with each ``{}`` filled by a quoted identifier (a ``str``) or a quoted
    string literal (a ``Literal``), composed by psycopg: never string-formatted."""
    # psycopg loads only for a shared database, never for a file (start-up time)
    from psycopg import sql

    filled = [sql.Literal(p.value) if isinstance(p, Literal) else sql.Identifier(p)
              for p in parts]
    driver = conn.connection.driver_connection
    return sql.SQL(template).format(*filled).as_string(driver)


def _identifiers(names: tuple[str, ...]) -> str:
    """A comma-separated list of identifier placeholders for :func:`quoted`."""
    return ", ".join("{}" for _ in names)


def _present(conn: Connection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The program's tables that exist in schema public, and the sequences they own."""
    tables = tuple(str(t) for t in conn.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname = ANY(:names) "
        "ORDER BY c.relname"), {"names": list(program_tables())}).scalars())
    sequences = tuple(str(s) for s in conn.execute(text(
        "SELECT DISTINCT s.relname FROM pg_class s "
        "JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i') "
        "JOIN pg_class t ON t.oid = d.refobjid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "WHERE s.relkind = 'S' AND n.nspname = 'public' AND t.relname = ANY(:names) "
        "ORDER BY s.relname"), {"names": list(tables)}).scalars())
    return tables, sequences


def team_is_ready(conn: Connection, team: str) -> bool:
    """Whether ``team`` exists and holds its grants on every program table there is (one
    query; what :func:`ensure_team_role` would otherwise do)."""
    return bool(conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :team) AND NOT EXISTS ("
        "  SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "  WHERE n.nspname = 'public' AND c.relname = ANY(:names) AND c.relkind = 'r' "
        "  AND NOT (has_table_privilege(:team, c.oid, 'SELECT') "
        "    AND has_table_privilege(:team, c.oid, 'INSERT') "
        "    AND has_table_privilege(:team, c.oid, 'UPDATE') "
        "    AND has_table_privilege(:team, c.oid, 'DELETE')))"),
        {"team": team, "names": list(program_tables())}).scalar())


def ensure_team_role(conn: Connection) -> str:
    """Create the database's team role if it is missing and give it exactly the program's
    grants (also on tables a later migration adds, through default privileges); take every
    other right on the database away from everyone else (PUBLIC), so only the team and the
    owner connect. Returns the team's name. Needs the tables' owner with CREATEROLE (for a
    missing role)."""
    database = str(conn.execute(text("SELECT current_database()")).scalar())
    team = team_role(database)
    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :team"),
                          {"team": team}).scalar()
    statements = [] if exists else [quoted(conn, "CREATE ROLE {} NOLOGIN", team)]
    statements += [
        quoted(conn, "REVOKE ALL ON DATABASE {} FROM PUBLIC", database),
        quoted(conn, "REVOKE ALL ON DATABASE {} FROM {}", database, team),
        quoted(conn, "GRANT CONNECT ON DATABASE {} TO {}", database, team),
        quoted(conn, "GRANT USAGE ON SCHEMA public TO {}", team),
    ]
    tables, sequences = _present(conn)
    if tables:
        listed = _identifiers(tables)
        statements += [
            quoted(conn, f"REVOKE ALL ON TABLE {listed} FROM {{}}", *tables, team),
            quoted(conn, f"GRANT {', '.join(TABLE_PRIVILEGES)} ON TABLE {listed} TO {{}}",
                    *tables, team)]
    if conn.execute(text("SELECT to_regclass('public.alembic_version') IS NOT NULL")).scalar():
        statements += [quoted(conn, "REVOKE ALL ON TABLE {} FROM {}", VERSION_TABLE, team),
                       quoted(conn, "GRANT SELECT ON TABLE {} TO {}", VERSION_TABLE, team)]
    if sequences:
        listed = _identifiers(sequences)
        statements += [
            quoted(conn, f"REVOKE ALL ON SEQUENCE {listed} FROM {{}}", *sequences, team),
            quoted(conn, f"GRANT {', '.join(SEQUENCE_PRIVILEGES)} ON SEQUENCE {listed} "
                          "TO {}", *sequences, team)]
    statements += [
        quoted(conn, "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT "
                      f"{', '.join(TABLE_PRIVILEGES)} ON TABLES TO {{}}", team),
        quoted(conn, "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT "
                      f"{', '.join(SEQUENCE_PRIVILEGES)} ON SEQUENCES TO {{}}", team),
    ]
    for statement in statements:
        conn.exec_driver_sql(statement)
    return team


def settle_team(engine: Engine) -> None:
    """After the schema is current: if the signed-in login owns the tables and the team's
    role or grants are missing (a new database, or a migration added a table), put them
    right, holding the program's write lock (two windows never make one role twice). Anyone
    else, or a complete team, costs one look and no lock."""
    if engine.dialect.name != "postgresql":
        return

    def needed(conn: Connection) -> bool:
        me = standing(conn)
        return (me.is_owner and bool(me.revision) and (me.team_exists or me.may_manage)
                and not team_is_ready(conn, me.team))

    with engine.connect() as conn:
        if not needed(conn):
            return
        conn.rollback()
        locked = conn.execution_options(write_lock=True)  # see engine._on_begin_postgresql
        with locked.begin():
            if needed(locked):
                ensure_team_role(locked)


def hashed_password(conn: Connection, login: str, password: str) -> str:
    """``password`` hashed for ``login`` here, the way the server stores it (SCRAM-SHA-256
    unless the server says otherwise), so the password itself is never sent."""
    driver = conn.connection.driver_connection
    pgconn = driver.pgconn  # type: ignore[union-attr]
    return bytes(pgconn.encrypt_password(password.encode(), login.encode())).decode()


def run_quietly(conn: Connection, statement: str, what: str) -> None:
    """Run a statement that holds a password's hash; a failure says ``what`` in plain words
    and carries nothing of the statement (no chained error, which a log could print)."""
    try:
        conn.exec_driver_sql(statement)
    except Exception:
        raise DatabaseError(what) from None


__all__ = [
    "MAX_NAME_BYTES", "Literal", "Standing", "check_access", "check_login_name", "ensure_team_role",
    "hashed_password", "program_tables", "quoted", "run_quietly", "settle_team", "standing",
    "team_is_ready", "team_role",
]
