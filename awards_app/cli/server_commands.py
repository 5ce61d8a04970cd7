"""``awards move-to TARGET``: copy the whole database named by ``--db``/``AWARDS_DB`` into an
empty database elsewhere (a SQLite file to a shared PostgreSQL server, or the other way),
checked table by table; the database copied is only read."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from awards_app.cli.commands import _progress, unlock_database
from awards_app.core.errors import SignInError
from awards_app.cli.server_backup_commands import print_figures
from awards_app.db.engine import resolve_url, sqlite_path
from awards_app.db.moving import command_line_address, display, move_database, subject

T = TypeVar("T")


def cmd_move_to(args: argparse.Namespace) -> int:
    source = resolve_url(args.db)
    target = resolve_url(args.target)
    unlock_database(sqlite_path(source))  # an encrypted file: its passphrase, kept in memory
    report = _signed_in(lambda typed: move_database(
        source, target, source_password=typed.get(display(source)),
        target_password=typed.get(display(target)), progress=_progress(args.progress)))
    print(f"Copied {display(source)} to {display(target)}, checked table by table:")
    print_figures(report)
    print(f"{subject(source)} was only read; it has not been changed. To work on the copy, "
          f"give --db \"{command_line_address(args.target)}\" (or set AWARDS_DB to it).")
    return 0


def _signed_in(attempt: Callable[[dict[str, str]], T]) -> T:
    """``attempt(passwords typed so far, by server)``: a server that wants a password
    PostgreSQL's usual places (PGPASSWORD, .pgpass) did not give gets it asked at the
    terminal, not shown, as psql does; with no keyboard a plain error says where to put it.
    The passwords go to the driver and nowhere else."""
    typed: dict[str, str] = {}
    for tries in range(4):
        try:
            return attempt(typed)
        except SignInError as exc:
            if sys.stdin is None or not sys.stdin.isatty():
                raise SignInError(
                    f"{exc} There is no keyboard to ask for it on: put it in the PGPASSWORD "
                    "environment variable for this command, or in your .pgpass file.",
                    login=exc.login, server=exc.server, refused=exc.refused) from None
            if tries == 3:
                raise
            if exc.server in typed:
                print(f"awards: {exc}", file=sys.stderr)
            typed[exc.server] = getpass.getpass(
                f"Password for {exc.login} ({exc.server}; not shown): ")
    raise AssertionError("unreachable")  # the last failure is re-raised above


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "move-to", help="copy the whole database into an empty one elsewhere (a shared "
                        "PostgreSQL database, or a SQLite file), checked table by table",
        description="Copy every event, judging, certificate, log and the audit trail of the "
                    "database named by --db into TARGET, which must be empty: "
                    "postgresql+psycopg://USER@HOST:PORT/NAME or a new SQLite file path. "
                    "The database copied is only read.")
    p.add_argument("target", metavar="TARGET", help="the empty database to copy into")
    p.add_argument("--progress", action="store_true", help="print progress to stderr")
    p.set_defaults(handler=cmd_move_to)
