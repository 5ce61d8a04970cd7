"""``awards move-to TARGET``: copy the whole database named by ``--db``/``AWARDS_DB`` into an
empty database elsewhere (a SQLite file to a shared PostgreSQL server, or the other way),
checked table by table; the database copied is only read."""

from __future__ import annotations

import argparse
from typing import Any

from awards_app.cli.commands import _progress, unlock_database
from awards_app.cli.server_backup_commands import print_figures
from awards_app.db.engine import resolve_url, sqlite_path
from awards_app.db.moving import display, move_database


def cmd_move_to(args: argparse.Namespace) -> int:
    source = resolve_url(args.db)
    target = resolve_url(args.target)
    unlock_database(sqlite_path(source))  # an encrypted file: its passphrase, kept in memory
    report = move_database(source, target, progress=_progress(args.progress))
    print(f"Copied {display(source)} to {display(target)}, checked table by table:")
    print_figures(report)
    print(f"{display(source)} was only read; it has not been changed. To work on the copy, "
          f"use --db \"{display(target)}\" (or set AWARDS_DB).")
    return 0


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
