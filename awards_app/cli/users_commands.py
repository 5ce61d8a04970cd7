"""``awards users add|list|remove``: the people who sign in to a shared PostgreSQL database
(services/users.py). A new login's password is typed twice at a prompt (not shown), or read
from standard input with ``--password-stdin`` for scripts; never an argument, which the list
of running programs shows to everyone on the computer."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from typing import Any

from awards_app.cli.commands import _database, _out, _unit_of_work
from awards_app.core.errors import ConflictError, DatabaseError
from awards_app.services import users


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("users", help="the people who sign in to a shared PostgreSQL database: "
                                     "add, list or remove them")
    u = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    u.required = True
    a = u.add_parser("add", help="give someone a login on the database's team (a password is "
                                 "asked for twice)")
    a.add_argument("name", help="their login name: letters, digits, _ . - (e.g. ann.smith)")
    a.add_argument("--password-stdin", action="store_true",
                   help="read the new password from standard input (for scripts) instead of "
                        "asking for it")
    a.set_defaults(handler=cmd_add)
    a = u.add_parser("list", help="who may sign in, and who are coordinators")
    a.add_argument("--json", action="store_true", help="machine-readable output")
    a.set_defaults(handler=cmd_list)
    a = u.add_parser("remove", help="take someone off the team: they can no longer sign in; "
                                    "the audit trail keeps their name")
    a.add_argument("name")
    a.set_defaults(handler=cmd_remove)


def _new_password(name: str, from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        users.check_password(password)
        return password
    if sys.stdin is None or not sys.stdin.isatty():
        raise DatabaseError(
            "There is no keyboard to ask for the new password on. Give it on standard input "
            f"with --password-stdin (for example: awards users add {name} --password-stdin "
            "< a file only you can read).")
    first = getpass.getpass(f"New password for {name} (at least {users.MIN_PASSWORD} "
                            "characters, not shown): ")
    users.check_password(first)
    users.check_password(first, getpass.getpass("The same password again: "))
    return first


def cmd_add(args: argparse.Namespace) -> int:
    with _database(args) as database:
        with database.read_session() as session:
            mine = users.rights(session)
            state = users.login_state(session, args.name) if mine.may_manage else ""
        if not mine.may_manage:
            raise ConflictError(mine.why_not)
        # asked before the write: nobody waits on a prompt while holding the database
        password = (_new_password(args.name.strip(), args.password_stdin)
                    if state in ("new", "off") else None)
        with _unit_of_work(database) as (session, say):
            added = users.add_user(session, args.name, password)
            if added.created:
                say(f"Added {added.name}: they sign in as {added.name} with the password you "
                    "gave (tell them privately). They may read and change the awards; they "
                    "cannot add people or change the database's structure.")
            elif added.password_set:
                say(f"{added.name} is back on the team and may sign in again with the "
                    "password you gave.")
            else:
                say(f"{added.name} already had a login on this server; they are now on this "
                    "database's team and sign in with their own password.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        team = users.list_users(session)
        mine = users.rights(session)
    if args.json:
        _out(json.dumps([{
            "name": m.name, "can_sign_in": m.can_sign_in, "coordinator": m.coordinator,
            "last_change": m.last_change.isoformat(timespec="seconds") if m.last_change
            else None} for m in team], ensure_ascii=False, indent=2))
        return 0
    width = max((len(m.name) for m in team), default=4)
    _out(f"{'Name'.ljust(width)}  {'Signs in':8}  {'Role':11}  Last change")
    for m in team:
        when = m.last_change.strftime("%d/%m/%Y %H:%M") if m.last_change else "—"
        _out(f"{m.name.ljust(width)}  {'yes' if m.can_sign_in else 'no':8}  "
             f"{'coordinator' if m.coordinator else 'member':11}  {when}")
    _out(f"{len(team)} {'person' if len(team) == 1 else 'people'}; you are {mine.login}.")
    if not mine.may_manage:
        _out(mine.why_not)
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        say(users.removed_words(users.remove_user(session, args.name)))
    return 0
