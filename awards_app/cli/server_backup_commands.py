"""``awards backup``, ``restore`` and ``check`` when the database is a shared PostgreSQL one
(``commands.py`` hands them over): the program's own checked backups of a server database
as SQLite files, and restoring them under the write lock."""

from __future__ import annotations

import sys
from pathlib import Path

from awards_app.db import migrate
from awards_app.db.copying import CopyReport
from awards_app.db.engine import open_database
from awards_app.db.moving import display, schema_differences
from awards_app.db.server_backup import backup_server, restore_server
from awards_app.services import events as event_service


def print_figures(report: CopyReport) -> None:
    """Per table the rows copied and that they were checked; the totals and the time."""
    width = max(len(t.name) for t in report.tables)
    for table in report.tables:
        print(f"  {table.name:<{width}}  {table.rows:>9,} row(s)  "
              + ("checked" if table.matched else "DIFFERENT"))
    rate = report.rows / report.seconds if report.seconds > 0 else 0.0
    print(f"  {'total':<{width}}  {report.rows:>9,} row(s) in {len(report.tables)} tables, "
          f"every count and checksum matched; {report.seconds:.1f} s ({rate:,.0f} rows/s)")


def backup(url: str, to: str | None) -> int:
    made = backup_server(url, to=Path(to) if to else None)
    print(f"Backed up {display(url)} to {made.path} (checked):")
    print_figures(made.report)
    print("The backup is a SQLite file: 'awards restore FILE' brings it back to the server, "
          "and it opens on any PC ('awards --db FILE status').")
    return 0


def restore(url: str, file: Path) -> int:
    restored = restore_server(url, file)
    print(f"Restored {display(url)} from {file}:")
    print_figures(restored.report)
    print(f"The database as it was, with everything saved up to "
          f"{restored.locked_at:%H:%M:%S}, is kept at {restored.safety}.")
    return 0


def check(url: str) -> int:
    """Check the server database's structure against this version's and print what was
    checked; 1 when it differs (the seals are checked by the caller, as on SQLite)."""
    database = open_database(url)  # brought up to this version's schema, as on SQLite
    try:
        with database.read_session() as session:
            differences = schema_differences(session.connection())
            events = len(event_service.list_events(session))
    finally:
        database.close()
    if differences:
        print(f"awards: {display(url)} does not have the structure this version expects:",
              file=sys.stderr)
        for line in differences[:20]:
            print(f"awards:   {line}", file=sys.stderr)
        return 1
    print(f"{display(url)}: schema {migrate.HEAD_REVISION}, every table, column, key and "
          f"index as this version expects; {events} event(s). (The server's own storage is "
          "checked by PostgreSQL itself and the council's server backups.)")
    return 0
