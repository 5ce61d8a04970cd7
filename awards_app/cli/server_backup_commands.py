"""``awards backup``, ``restore`` and ``check`` when the database is a shared PostgreSQL one
(``commands.py`` hands them over): the program's own checked backups of a server database
as SQLite files, and restoring them under the write lock."""

from __future__ import annotations

import sys
from pathlib import Path

from awards_app.db import migrate
from awards_app.db.copying import CopyReport
from awards_app.db.engine import Database
from awards_app.db.moving import schema_differences
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


def backup(database: Database, to: str | None) -> int:
    made = backup_server(database, to=Path(to) if to else None)
    print(f"Backed up the {database.display_name} to {made.path} (checked):")
    print_figures(made.report)
    print("The backup is a SQLite file: 'awards restore FILE' brings it back to the server, "
          "and it opens on any PC ('awards --db FILE status').")
    for line in made.rotation.said() if made.rotation else ():
        print(line)
    return 0


def restore(database: Database, file: Path) -> int:
    restored = restore_server(database, file)
    print(f"Restored the {database.display_name} from {file}:")
    print_figures(restored.report)
    print(f"The database as it was, with everything saved up to "
          f"{restored.locked_at:%H:%M:%S}, is kept at {restored.safety}.")
    return 0


def check(database: Database) -> int:
    """Check the server database's structure against this version's and print what was
    checked; 1 when it differs (the seals are checked by the caller, as on SQLite)."""
    with database.read_session() as session:
        differences = schema_differences(session.connection())
        events = len(event_service.list_events(session))
    if differences:
        print(f"awards: the {database.display_name} does not have the structure this "
              "version expects:", file=sys.stderr)
        for line in differences[:20]:
            print(f"awards:   {line}", file=sys.stderr)
        return 1
    print(f"The {database.display_name}: schema {migrate.HEAD_REVISION}, every table, "
          f"column, key and index as this version expects; {events} event(s). (The "
          "server's own storage is checked by PostgreSQL itself and by the council's "
          "server backups.)")
    return 0
