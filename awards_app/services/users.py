"""The people who sign in to a shared PostgreSQL database: add a login to the database's team,
list the team, take someone off it. The roles and grants are db/logins.py's; this module
adds the rules (who may manage, whom you may not remove), the audit entries and the words.

Removing never drops a login: the audit trail keeps naming the person, and a login is the
whole server's (it may own things, or be on another database's team). It leaves the team,
so it can no longer connect to this database, and it is turned off for signing in unless it
is still on another team of the server. Passwords go to db/logins.py's hashing and nowhere
else: never into an audit entry, a message or a log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from awards_app.core.errors import ConflictError, NotFoundError, ValidationError
from awards_app.db.dialect import on_server
from awards_app.db import logins
from awards_app.db.engine import actor_name
from awards_app.services.common import audit

NOT_SHARED = ("Logins are for a shared PostgreSQL database, where each person signs in as "
              "themselves. This database is a file on this computer: whoever uses it works "
              "as their Windows user, and the audit trail names that user.")
#: the shortest password a new login may have
MIN_PASSWORD = 8


@dataclass(frozen=True)
class Rights:
    """What the signed-in login may do with logins here, and whom to ask otherwise."""

    login: str
    owner: str
    team: str
    may_manage: bool
    #: why not, and what to ask for ("" when they may)
    why_not: str


@dataclass(frozen=True)
class TeamMember:
    name: str
    can_sign_in: bool
    #: created the database, or may manage logins (CREATEROLE on the server)
    coordinator: bool
    #: when the audit trail last named them (None: never)
    last_change: datetime | None


@dataclass(frozen=True)
class Added:
    name: str
    #: a new login was made (False: an existing login joined the team)
    created: bool
    #: the password given was set (a new login, or one that had been turned off)
    password_set: bool


@dataclass(frozen=True)
class Removed:
    name: str
    #: the login can no longer sign in anywhere on the server (False: still on another team,
    #: or a login this coordinator may not turn off)
    login_off: bool
    #: still on another team of the server (so its login stays on)
    elsewhere: bool = False


def _connection(session: Session) -> Connection:
    if not on_server(session):
        raise ConflictError(NOT_SHARED)
    return session.connection()


def is_shared(session: Session) -> bool:
    """Whether ``session`` is on a shared PostgreSQL database (where logins are managed)."""
    return on_server(session)


def rights(session: Session) -> Rights:
    """The signed-in login's rights over the team's logins."""
    connection = _connection(session)
    me = logins.standing(connection)
    why_not = ""
    if not me.may_manage:
        owner_may = connection.execute(text(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = :owner"),
            {"owner": me.owner}).scalar()
        allow = ("ask whoever runs the server (often the council's IT) to allow "
                 f"{me.owner} to create logins (ALTER ROLE {me.owner} CREATEROLE)")
        if me.owner == me.login:
            why_not = (f"You created this database, but your login {me.login} may not "
                       f"create logins on the server: {allow}.")
        else:
            why_not = (f"Your login {me.login} may not add or remove people: ask "
                       f"{me.owner}, who created this database, to do it"
                       + ("." if owner_may else f" ({me.owner} first needs the server's "
                                                f"permission: {allow})."))
    return Rights(login=me.login, owner=me.owner, team=me.team, may_manage=me.may_manage,
                  why_not=why_not)


def _require_manager(session: Session) -> tuple[Connection, Rights]:
    connection = _connection(session)
    mine = rights(session)
    if not mine.may_manage:
        raise ConflictError(mine.why_not)
    if not logins.team_is_ready(connection, mine.team):  # an older database, opened before
        if not logins.standing(connection).is_owner:  # teams: only its creator sets one up
            raise ConflictError(
                f"This database has no team yet. Ask {mine.owner}, who created it, to open it "
                "with this version of Awards App first; then people can be added.")
        logins.ensure_team_role(connection)
    return connection, mine


def list_users(session: Session) -> list[TeamMember]:
    """The database's owner and everyone on its team, by name."""
    connection = _connection(session)
    me = logins.standing(connection)
    rows = connection.execute(text(
        "SELECT r.rolname, r.rolcanlogin AND (r.rolvaliduntil IS NULL OR "
        "  r.rolvaliduntil > now()), r.rolname = :owner OR r.rolsuper OR r.rolcreaterole "
        "FROM pg_roles r WHERE r.rolname = :owner OR r.oid IN ("
        "  SELECT m.member FROM pg_auth_members m JOIN pg_roles t ON t.oid = m.roleid "
        "  WHERE t.rolname = :team) ORDER BY lower(r.rolname), r.rolname"),
        {"owner": me.owner, "team": me.team}).all()
    names = [str(row[0]) for row in rows]
    last: dict[str, datetime] = {str(actor): at for actor, at in connection.execute(text(
        "SELECT actor, max(at) FROM audit_entry WHERE actor = ANY(:names) GROUP BY actor"),
        {"names": names})} if names else {}
    return [TeamMember(name=str(name), can_sign_in=bool(sign_in), coordinator=bool(coord),
                       last_change=last.get(str(name)))
            for name, sign_in, coord in rows]


def login_state(session: Session, name: str) -> str:
    """What ``name`` is on the server: "new" (no such login), "member" (on this team),
    "off" (a login that may not sign in) or "login" (signs in, not on this team)."""
    connection = _connection(session)
    name = logins.check_login_name(name)
    team = logins.standing(connection).team
    row = connection.execute(text(
        "SELECT r.rolcanlogin, EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles t "
        "  ON t.oid = m.roleid WHERE m.member = r.oid AND t.rolname = :team) "
        "FROM pg_roles r WHERE r.rolname = :name"), {"name": name, "team": team}).first()
    if row is None:
        return "new"
    can_login, member = row
    return "member" if member else ("login" if can_login else "off")


def check_password(password: str, again: str | None = None) -> None:
    """A ValidationError naming the password field when it will not do."""
    if len(password) < MIN_PASSWORD:
        raise ValidationError.single(
            "password", f"is too short — use at least {MIN_PASSWORD} characters (a few "
                        "words together are easy to remember and hard to guess)")
    if again is not None and again != password:
        raise ValidationError.single("password", "the two passwords differ — type the same "
                                                 "password twice")


def add_user(session: Session, name: str, password: str | None) -> Added:
    """Put ``name`` on the database's team: a new login with ``password``, or an existing
    login (turned back on with ``password`` if it had been turned off; one that signs in
    keeps its own password, and ``password`` may be None)."""
    connection, mine = _require_manager(session)
    name = logins.check_login_name(name)
    state = login_state(session, name)
    if name == mine.owner:
        raise ConflictError(f"{name} created this database and may already do everything "
                            "in it.")
    if state == "member":
        raise ConflictError(f"{name} is already on this database's team.")
    superuser = connection.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = :n"),
                                   {"n": name}).scalar()
    if superuser:
        raise ConflictError(f"{name} is one of the server's administrators and may already "
                            "do everything in it.")
    needs_password = state in ("new", "off")
    if needs_password:
        if password is None:
            raise ValidationError.single("password", f"is needed — {name} signs in with it")
        check_password(password)
    if state == "new":
        secret = logins.hashed_password(connection, name, password or "")
        logins.run_quietly(connection, logins.quoted(
            connection, "CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}", name,
            logins.Literal(secret), mine.team),
            f"Could not create the login {name}; nothing was stored. Try again, or ask "
            "whoever runs the server.")
    else:
        connection.exec_driver_sql(logins.quoted(connection, "GRANT {} TO {}", mine.team, name))
        if state == "off":
            secret = logins.hashed_password(connection, name, password or "")
            logins.run_quietly(connection, logins.quoted(
                connection, "ALTER ROLE {} LOGIN PASSWORD {}", name, logins.Literal(secret)),
                f"Could not turn the login {name} back on; nothing was stored. Try again, or "
                "ask whoever runs the server.")
    audit(session, "add", "login", None, summary=name if state == "new"
          else f"{name} (existing login)")
    return Added(name=name, created=state == "new", password_set=needs_password)


def remove_user(session: Session, name: str) -> Removed:
    """Take ``name`` off the team: they can no longer connect to this database; their login
    is turned off unless another database's team on the server still has them. Not dropped:
    the audit trail keeps naming them."""
    connection, mine = _require_manager(session)
    name = logins.check_login_name(name)
    if name == actor_name(session):
        raise ConflictError("You cannot remove yourself. Ask another coordinator, or the "
                            f"database's creator {mine.owner}.")
    if name == mine.owner:
        raise ConflictError(f"{name} created this database and cannot be removed from it.")
    if login_state(session, name) != "member":
        raise NotFoundError(f"{name} is not on this database's team (removed already?). "
                            "'awards users list' shows who is.")
    connection.exec_driver_sql(logins.quoted(connection, "REVOKE {} FROM {}", mine.team, name))
    elsewhere = connection.execute(text(
        "SELECT count(*) FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "WHERE r.rolname = :name"), {"name": name}).scalar()
    login_off = False
    if not elsewhere:
        # A login made elsewhere (PostgreSQL 16 and later: by someone else) may be one this
        # coordinator may not turn off; off the team, it cannot connect here all the same.
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(
                    logins.quoted(connection, "ALTER ROLE {} NOLOGIN", name))
            login_off = True
        except DBAPIError:
            login_off = False
    audit(session, "remove", "login", None, summary=name if login_off else
          f"{name} ({'still on another team' if elsewhere else 'login left on'})")
    return Removed(name=name, login_off=login_off, elsewhere=bool(elsewhere))


def removed_words(removed: Removed) -> str:
    """What taking someone off the team did, for the CLI and the window."""
    still = ("" if removed.login_off else
             " (their login stays on for another database on the same server)"
             if removed.elsewhere else
             " (their login on the server stays on: it was made by someone else, who can "
             "turn it off)")
    said = (f"{removed.name} can no longer sign in to this database{still}"
            + f". The audit trail still names {removed.name} for what they did; their "
              "login is kept, not deleted, so those entries keep their name.")
    return said


__all__ = [
    "MIN_PASSWORD", "NOT_SHARED", "Added", "Removed", "Rights", "TeamMember", "add_user",
    "check_password", "is_shared", "list_users", "login_state", "remove_user", "removed_words",
    "rights",
]
