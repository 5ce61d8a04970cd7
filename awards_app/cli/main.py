"""Argument parsing, exit codes and error reporting for ``awards``.

Exit codes: 0 success, 2 bad input (nothing stored), 1 anything else. Never a traceback:
unexpected errors are logged to a file and summarised in one line.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from awards_app import __version__
from awards_app.core.errors import (
    AwardsError,
    Cancelled,
    ConflictError,
    NotFoundError,
    ValidationError,
    os_error_words,
)
from awards_app.cli import commands as c
from awards_app.cli import judging_commands
from awards_app.cli import certificate_commands
from awards_app.cli import encryption_commands
from awards_app.cli import nomination_commands
from awards_app.cli import mapping_commands
from awards_app.cli import goodnews_commands
from awards_app.cli import parity_commands
from awards_app.cli import ceremony_commands
from awards_app.cli import users_commands
from awards_app.cli import server_commands
from awards_app.db.engine import plain_database_error
from awards_app.logs import setup_logging
from awards_app.paths import keep_files_private
from awards_app.services import demo
from awards_app.services.transfer.importers import ImportKind
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
log = logging.getLogger("awards_app")


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"awards: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="awards", description="Care leavers awards: command line.")
    parser.add_argument("--version", action="version", version=f"awards {__version__}")
    parser.add_argument("--db", help="database file or SQLAlchemy URL (default: AWARDS_DB or "
                                     "the user data folder)")
    parser.add_argument("--event", help="work on this event (name, 'name year' or id) instead "
                                        "of the current one")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    sub.required = True

    p = sub.add_parser("init", help="create or upgrade the database; optionally add an event")
    p.add_argument("--demo", nargs="?", const="nominations", choices=demo.DEMO_STAGES,
                   help="add a complete fictional demo event, as it is while nominations come "
                        "in (the default), on judging morning, or after the results (judged "
                        "and confirmed: for results, certificates and the ceremony pack)")
    p.add_argument("--event", dest="new_event", metavar="NAME", help="create an event")
    p.add_argument("--year", help="the event's year (with --event)")
    p.add_argument("--ceremony-date", help="YYYY-MM-DD or DD/MM/YYYY")
    p.add_argument("--venue", default="")
    p.add_argument("--deadline", help="nomination deadline")
    p.add_argument("--new-database", action="store_true",
                   help="start a new, empty database in a file that exists but is empty "
                        "(never needed for a file that does not exist yet)")
    p.add_argument("--encrypt", action="store_true",
                   help="create the new database encrypted with a passphrase (asked twice, "
                        "or AWARDS_DB_NEW_PASSPHRASE / AWARDS_DB_PASSPHRASE)")
    p.set_defaults(handler=c.cmd_init)

    p = sub.add_parser("event", help="list, create, choose or change events")
    esub = p.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    esub.required = True
    e = esub.add_parser("list", help="list events; * marks the current one")
    e.set_defaults(handler=c.cmd_event_list)
    e = esub.add_parser("use", help="make an event the current one")
    e.add_argument("name", help="name, 'name year' or id")
    e.set_defaults(handler=c.cmd_event_use)
    e = esub.add_parser("set", help="change the current event's details or status")
    e.add_argument("--name")
    e.add_argument("--year")
    e.add_argument("--ceremony-date")
    e.add_argument("--venue")
    e.add_argument("--deadline")
    e.add_argument("--status", choices=[s.value for s in c.EventStatus])
    e.add_argument("--min-age", type=int)
    e.add_argument("--max-age", type=int)
    e.add_argument("--min-words", type=int)
    e.set_defaults(handler=c.cmd_event_set)

    p = sub.add_parser("status", help="nominations, sponsors and consents of the event")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=c.cmd_status)

    p = sub.add_parser("template", help="write an import template")
    p.add_argument("kind", choices=list(TEMPLATE_COLUMNS))
    p.add_argument("--out", required=True, help="FILE.csv or FILE.xlsx")
    p.set_defaults(handler=c.cmd_template)

    p = sub.add_parser("import", help="import nominations, sponsors or scores (CSV/XLSX), or an "
                                      "event (JSON)")
    p.add_argument("kind", choices=[*(k.value for k in ImportKind), "event"])
    p.add_argument("file")
    p.add_argument("--progress", action="store_true", help="print progress to stderr")
    p.add_argument("--dry-run", action="store_true",
                   help="check every row and say what would be imported; store nothing "
                        "(nominations, sponsors, scores)")
    p.add_argument("--mapping", metavar="NAME-or-FILE.json",
                   help="read someone else's columns (a form's export) through a saved "
                        "mapping or a mapping file ('awards mappings' manages them)")
    p.set_defaults(handler=c.cmd_import)

    p = sub.add_parser("export", help="export the whole event to JSON, CSV or XLSX")
    p.add_argument("--out", required=True, help="FILE.json, FILE.csv or FILE.xlsx")
    p.add_argument("--with-pins", action="store_true",
                   help="include judges' PIN hashes (only to move a judging laptop)")
    p.set_defaults(handler=c.cmd_export)

    p = sub.add_parser("list", help="list nominations, categories, sponsors, workers or nominees")
    p.add_argument("what", choices=["nominations", "categories", "sponsors", "workers", "nominees"])
    p.add_argument("--category", help="nominations in this category only")
    p.add_argument("--status", help="nominations with this status only")
    p.add_argument("--search", metavar="WORDS", help="only rows holding these words (case and "
                   "accents ignored: 'zoe' finds Zoë)")
    p.set_defaults(handler=c.cmd_list)

    p = sub.add_parser("withdraw", help="withdraw a nomination, recording why")
    p.add_argument("ref", help="e.g. N-0042")
    p.add_argument("--reason", required=True)
    p.set_defaults(handler=c.cmd_withdraw)

    nomination_commands.add_parsers(sub, Parser)
    judging_commands.add_parsers(sub, Parser)
    certificate_commands.add_parsers(sub, Parser)
    goodnews_commands.add_parsers(sub, Parser)

    p = sub.add_parser("backup", help="back up the database (checked; last 10 kept)")
    p.add_argument("--to", help="write the backup to this file instead of backups/")
    p.set_defaults(handler=c.cmd_backup)

    p = sub.add_parser("restore", help="replace the database with a checked backup")
    p.add_argument("file")
    p.set_defaults(handler=c.cmd_restore)

    p = sub.add_parser("check", help="check the database's integrity and schema")
    p.set_defaults(handler=c.cmd_check)

    encryption_commands.add_parsers(sub, Parser)
    mapping_commands.add_parsers(sub, Parser)
    parity_commands.add_parsers(sub, Parser)
    users_commands.add_parsers(sub, Parser)
    ceremony_commands.add_parsers(sub, Parser)
    server_commands.add_parsers(sub, Parser)
    return parser


def _report(error: AwardsError) -> None:
    if isinstance(error, ValidationError):
        for line in error.lines():  # a readable number, grouped by kind
            print(f"awards: {line}", file=sys.stderr)
        if error.count > 1:
            print(f"awards: {error.count:,} problems; nothing was stored.", file=sys.stderr)
        else:
            print("awards: nothing was stored.", file=sys.stderr)
    else:
        print(f"awards: {error}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    keep_files_private()  # every file written holds, or may hold, personal data
    args = build_parser().parse_args(argv)
    log_file = setup_logging()
    try:
        result: int = args.handler(args)
        return result
    except (ValidationError, NotFoundError, ConflictError) as exc:
        _report(exc)
        return EXIT_BAD_INPUT
    except Cancelled as exc:
        _report(exc)
        return EXIT_FAILED
    except AwardsError as exc:
        _report(exc)
        return EXIT_FAILED
    except BrokenPipeError:  # e.g. 'awards list nominations | head'
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        # Each command stores its work in one transaction; `awards certificates` stores the
        # codes it issues first (running it again reprints them with the same codes).
        print("awards: interrupted; the unfinished step was not stored."
              + (" Certificate codes already issued stay; run the command again to print them."
                 if args.command == "certificates" else ""), file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:  # a file or folder the command needed: say which and why
        log.warning("File problem in 'awards %s'", args.command, exc_info=exc)
        print(f"awards: {os_error_words(exc)} Nothing was saved.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the last line of defence: log it, explain briefly
        plain = plain_database_error(exc)
        if plain is not None:  # e.g. raised outside a unit of work
            log.warning("Database failure in 'awards %s'", args.command, exc_info=exc)
            _report(plain)
            return EXIT_FAILED
        log.exception("Unexpected error in 'awards %s'", args.command)
        print(f"awards: something went wrong — nothing was saved. Details are in the log: "
              f"{log_file}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
