"""Handlers for each ``awards`` sub-command. Each opens the database, runs services in one
transaction, prints a short result, and returns an exit code."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.orm import Session

from awards_app.core.enums import EventStatus, NominationStatus
from awards_app.core.errors import DatabaseError, SignInError, ValidationError
from awards_app.core.search import matches, search_key, search_words
from awards_app.db.engine import Database, open_database
from awards_app.db.models import Event
from awards_app.services import catalogue
from awards_app.services import events as event_service
from awards_app.services import demo
from awards_app.services import overview
from awards_app.services.catalogue import categories
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.catalogue import sponsors
from awards_app.services.transfer.templates import write_template
from awards_app.services.catalogue.categories import list_categories
from awards_app.services.transfer.event_json import reader as event_import
from awards_app.services.transfer import importers
from awards_app.services.transfer.saved_mappings import mapping_for_file, resolve_mapping
from awards_app.services.transfer.exports import export_event
from awards_app.db.engine import resolve_url, sqlite_path
from awards_app.db import backup, encryption, restore
from awards_app.services.judging import seals
from awards_app.db import migrate
from awards_app.cli import server_backup_commands as server

__all__ = ["EventStatus"]


def _out(text: str = "") -> None:
    print(text)


def unlock_database(path: Path | None) -> None:
    """If ``path`` is encrypted, get its passphrase: from ``AWARDS_DB_PASSPHRASE`` (scripts),
    else typed at a prompt (not shown; three tries). With neither a variable nor a keyboard
    (CI, a pipe), a plain error says how to give it. It is kept in memory only."""
    if path is None or not encryption.is_encrypted(path):
        return
    try:
        encryption.passphrase_of(path)  # one given already opens it (a backup's database's)
        return
    except (encryption.PassphraseNeededError, encryption.WrongPassphraseError):
        pass
    given = os.environ.get(encryption.PASSPHRASE_VARIABLE)
    if given:
        encryption.unlock(path, given)
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise DatabaseError(
            f"{path} is encrypted and there is no keyboard to ask for its passphrase on. Give "
            f"it in the {encryption.PASSPHRASE_VARIABLE} environment variable (set it only "
            "for this command, never in a file others can read).")
    for attempt in range(3):
        try:
            encryption.unlock(path, getpass.getpass(f"Passphrase for {path} (not shown): "))
            return
        except encryption.WrongPassphraseError as exc:
            if attempt == 2:
                raise
            print(f"awards: {exc}", file=sys.stderr)


def new_passphrase(*, also_current_variable: bool) -> str:
    """The new passphrase: AWARDS_DB_NEW_PASSPHRASE (or, to encrypt a plain database,
    AWARDS_DB_PASSPHRASE), else typed twice at a prompt."""
    given = os.environ.get(encryption.NEW_PASSPHRASE_VARIABLE)
    if not given and also_current_variable:
        given = os.environ.get(encryption.PASSPHRASE_VARIABLE)
    if given:
        problem = encryption.new_passphrase_problem(given)
        if problem:
            raise ValidationError.single("passphrase", problem)
        return given
    if sys.stdin is None or not sys.stdin.isatty():
        raise DatabaseError(
            "There is no keyboard to ask for the new passphrase on. Give it in the "
            f"{encryption.NEW_PASSPHRASE_VARIABLE} environment variable (set it only for "
            "this command).")
    first = getpass.getpass(f"New passphrase (at least {encryption.MIN_PASSPHRASE} "
                            "characters, not shown): ")
    problem = encryption.new_passphrase_problem(first)
    if problem:
        raise ValidationError.single("passphrase", problem)
    again = getpass.getpass("The same passphrase again: ")
    problem = encryption.new_passphrase_problem(first, again)
    if problem:
        raise ValidationError.single("passphrase", problem)
    return first


def open_signed_in(db: str | None, *, create: bool = True,
                   new_database: bool = False) -> Database:
    """Open ``db``; a shared database whose server wants a password that PostgreSQL's usual
    places (PGPASSWORD, the .pgpass file) did not give gets it typed at a prompt, as psql
    asks (not shown; three tries). With no keyboard (CI, a pipe) a plain error says where
    to put it. The password is handed to the driver and kept nowhere else."""
    password: str | None = None
    for typed in range(4):  # the first try with what PostgreSQL's usual places give
        try:
            return open_database(db, create=create, new_database=new_database,
                                 password=password)
        except SignInError as exc:
            if sys.stdin is None or not sys.stdin.isatty():
                raise SignInError(
                    f"{exc} There is no keyboard to ask for it on: put it in the PGPASSWORD "
                    "environment variable for this command, or in your .pgpass file (see "
                    "the README's \"Working as a team\").", login=exc.login,
                    server=exc.server, refused=exc.refused) from None
            if typed == 3:
                raise
            if password is not None:
                print(f"awards: {exc}", file=sys.stderr)
            password = getpass.getpass(f"Password for {exc.login} ({exc.server}; not shown): ")
    raise AssertionError("unreachable")  # the last failure is re-raised above


@contextmanager
def _database(args: argparse.Namespace, *, create: bool = False,
              new_database: bool = False) -> Iterator[Database]:
    unlock_database(sqlite_path(resolve_url(args.db)))
    database = open_signed_in(args.db, create=create, new_database=new_database)
    try:
        yield database
    finally:
        database.close()


@contextmanager
def _unit_of_work(database: Database) -> Iterator[tuple[Session, Callable[[str], None]]]:
    """One write session; what ``say`` is given is printed only once it has committed, so
    success is never reported for work that was not stored."""
    said: list[str] = []
    with database.session() as session:
        yield session, said.append
    database.check_still_ours()  # committed into the file we opened, not one since removed
    for line in said:
        _out(line)


def _event(session: Session, args: argparse.Namespace) -> Event:
    if getattr(args, "event", None):
        return event_service.find_event(session, args.event)
    return event_service.require_current_event(session)


def _progress(enabled: bool) -> Callable[[int, int], None] | None:
    if not enabled:
        return None

    def report(done: int, total: int) -> None:
        print(f"progress {done}/{total}", file=sys.stderr, flush=True)

    return report


# --- init and events -----------------------------------------------------------------------


def cmd_init(args: argparse.Namespace) -> int:
    if getattr(args, "encrypt", False):
        path = _file_db(args, unlock=False, refusal=ENCRYPTION_NOT_A_FILE)
        if path.exists() and path.stat().st_size > 0:
            raise DatabaseError(f"{path} already exists; to encrypt it, run 'awards "
                                "encryption encrypt'.")
        encryption.remember_passphrase(path, new_passphrase(also_current_variable=True))
    with _database(args, create=True,
                   new_database=getattr(args, "new_database", False)) as database:
        _out(f"Database ready: {database.display_name}")
        if args.new_event:
            if not args.year:
                raise ValidationError.single("year", "is needed with --event")
            with _unit_of_work(database) as (session, say):
                event = catalogue.create_event(
                    session, name=args.new_event, year=args.year,
                    ceremony_date=args.ceremony_date, venue=args.venue,
                    nomination_deadline=args.deadline,
                )
                say(f"Created {event.name} {event.year} with {len(event.categories)} "
                     "categories; it is now the current event.")
        if args.demo:
            spec = demo.load_demo_spec()["event"]
            with _unit_of_work(database) as (session, say):
                exists = any(e.name == spec["name"] and e.year == spec["year"]
                             for e in event_service.list_events(session))
                if exists:
                    say(f"The demo event ({spec['name']} {spec['year']}) is already here.")
                else:
                    event = demo.create_demo_event(session, stage=args.demo)
                    stage = {"nominations": "", "judging": ", on judging morning (every judge's "
                             f"PIN is {demo.DEMO_PIN})",
                             "results": ", judged with its results confirmed"}[args.demo]
                    say(f"Added the demo event: {event.name} {event.year}{stage}.")
    return 0


def cmd_event_list(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        current = event_service.current_event(session)
        for event in event_service.list_events(session):
            mark = "*" if current is not None and event.id == current.id else " "
            when = event.ceremony_date.isoformat() if event.ceremony_date else "date not set"
            _out(f"{mark} {event.id:>3}  {event.name} {event.year}  ({when}, "
                 f"{event.status.label.lower()})")
    return 0


def cmd_event_use(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = event_service.find_event(session, args.name)
        event_service.set_current_event(session, event.id)
        say(f"{event.name} {event.year} is now the current event.")
    return 0


def cmd_event_set(args: argparse.Namespace) -> int:
    changes = {
        key: value
        for key, value in {
            "name": args.name, "year": args.year, "ceremony_date": args.ceremony_date,
            "venue": args.venue, "nomination_deadline": args.deadline, "status": args.status,
            "min_age": args.min_age, "max_age": args.max_age, "min_words": args.min_words,
        }.items()
        if value is not None
    }
    if not changes:
        raise ValidationError.single("event", "say what to change, e.g. --status judging")
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = event_service.update_event(session, _event(session, args).id, **changes)
        say(f"Updated {event.name} {event.year}: {', '.join(changes)}.")
    return 0


# --- status and lists ----------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        report = overview.event_status(session, _event(session, args).id)
    if args.json:
        _out(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    info = report["event"]
    _out(f"{info['name']} {info['year']} — {info['status'].replace('_', ' ')}")
    if info["ceremony_date"]:
        _out(f"Ceremony {info['ceremony_date']}" + (f" at {info['venue']}" if info["venue"] else ""))
    _out()
    statuses = [s.value for s in NominationStatus]
    width = max([len(c["category"]) for c in report["categories"]] + [8])
    _out(f"{'Category':<{width}}  " + "  ".join(f"{s:>{len(s)}}" for s in statuses) + "  Sponsors")
    for row in report["categories"]:
        name = row["category"] + ("" if row["active"] else " (retired)")
        counts = "  ".join(f"{row['by_status'][s]:>{len(s)}}" for s in statuses)
        _out(f"{name:<{width}}  {counts}  {', '.join(row['sponsors']) or '— none —'}")
    totals = report["nominations"]["by_status"]
    _out(f"{'Total':<{width}}  " + "  ".join(f"{totals[s]:>{len(s)}}" for s in statuses))
    _out()
    if report["categories_without_sponsor"]:
        _out("No sponsor yet: " + ", ".join(report["categories_without_sponsor"]))
    consent = report["consent"]
    _out(f"Nominees: {consent['nominees']} ({consent['do_not_publish']} do not publish)")
    for question in ("certificate_name", "public", "photo"):
        answers = consent[question]
        _out(f"  consent {question.replace('_', ' ')}: {answers['yes']} yes, {answers['no']} no, "
             f"{answers['not_asked']} not asked")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    words = search_words(getattr(args, "search", None) or "")

    def show(line: str, *more: str) -> None:
        """Print a row, if it holds every searched word (in it or in ``more``)."""
        if not words or matches(search_key(" ".join((line, *more))), words):
            _out(line)

    with _database(args) as database, database.read_session() as session:
        event = _event(session, args)
        if args.what == "nominations":
            category_id = None
            if args.category:
                category = categories.find_category(session, event.id, args.category)
                if category is None:
                    raise ValidationError.single("category", f"'{args.category}' is not a category")
                category_id = category.id
            status = None
            if args.status:
                try:
                    status = NominationStatus(args.status.lower())
                except ValueError:
                    raise ValidationError.single("status", f"'{args.status}' is not a status") from None
            for n in nominations.list_nominations(session, event.id, category_id=category_id,
                                                  status=status):
                worker = n.worker.name if n.worker else ""
                show(f"{n.ref}  {n.status.value:<11}  {n.category.name:<24}  "
                     f"{n.nominee.preferred_name:<20}  {worker}",
                     n.nominee.first_name, n.nominee.last_name)
        elif args.what == "categories":
            for c in categories.list_categories(session, event.id):
                criteria = ", ".join(
                    f"{k.name} ×{k.weight:g}" + (" (breaks ties)" if k.role else "")
                    for k in c.criteria)
                show(f"{c.display_order:>2}. {c.name}{'' if c.active else ' (retired)'} — {criteria}")
        elif args.what == "sponsors":
            for s in sponsors.list_sponsors(session, event.id):
                cats = ", ".join(c.name for c in sponsors.categories_of_sponsor(session, s.id))
                judges = ", ".join(j.name for j in s.judges)
                show(f"{s.name}{'' if s.active else ' (withdrawn)'}: {cats or 'no categories'}; "
                     f"judges: {judges or 'none'}")
        elif args.what == "workers":
            for w in people.list_workers(session):
                show(f"{w.name}  <{w.email or ''}>  {w.team}")
        else:
            for p in people.list_nominees(session):
                show(f"{p.preferred_name} ({p.first_name} {p.last_name}), born "
                     f"{p.date_of_birth:%d/%m/%Y}")
    return 0


def cmd_withdraw(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        nomination = nominations.get_by_ref(session, event.id, args.ref)
        nominations.withdraw_nomination(session, nomination.id, reason=args.reason)
        say(f"Withdrew {nomination.ref}.")
    return 0


# --- files ---------------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace) -> int:
    names: list[str] = []
    try:
        with _database(args) as database, database.read_session() as session:
            event = event_service.current_event(session)
            if event is not None:

                names = [c.name for c in list_categories(session, event.id, include_retired=False)]
    except DatabaseError:
        names = []  # a template is still useful without a database
    path = write_template(args.kind, Path(args.out), category_names=names)
    _out(f"Wrote the {args.kind} template to {path}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    progress = _progress(args.progress or sys.stderr.isatty())
    with _database(args, create=args.kind == "event") as database:
        if args.kind == "event":
            if getattr(args, "mapping", None):
                raise ValidationError.single(
                    "--mapping", "maps the columns of a nominations, sponsors or scores "
                                 "spreadsheet; an event file has no columns to map")
            if args.dry_run:
                raise ValidationError.single(
                    "--dry-run", "checks nominations, sponsors and scores; an event file is "
                                 "checked whole as it is imported, and nothing is stored if "
                                 "any part of it is wrong")
            # Read and check the whole file without the write lock; then one short write.
            with database.read_session() as session:
                event_plan = event_import.prepare(session, path=path, progress=progress)
            with database.session() as session:
                event = event_import.store(session, event_plan, progress=progress)
            _out(f"Imported {event.name} {event.year}; it is now the current event.")
            return 0
        two_phase = importers.importer(args.kind).two_phase
        given = getattr(args, "mapping", None)  # someone else's columns: read through it
        with database.read_session() as session:
            mapping = resolve_mapping(session, given, kind=args.kind) if given else None
        try:
            if args.dry_run:
                # Checking needs no write lock, except for kinds that rehearse in a savepoint.
                with database.read_session() if two_phase else database.session() as session:
                    result = importers.check(session, args.kind,
                                             event_id=_event(session, args).id, path=path,
                                             progress=progress, mapping=mapping)
                _out(result.describe_check())
                return 0
            # Read and check the file without the write lock; then one short write.
            with database.read_session() as session:
                plan = importers.prepare(session, args.kind, event_id=_event(session, args).id,
                                         path=path, progress=progress, mapping=mapping)
        except ValidationError as exc:
            if mapping is None and any(e.field == "header" for e in exc.errors):
                _mapping_hint(database, args.kind, path)
            raise
        with database.session() as session:
            result = importers.store(session, plan, progress=progress)
        _out(result.describe())
    return 0


def _mapping_hint(database: Database, kind: str, path: Path) -> None:
    """A file refused on its headers: say first how to read it through a mapping (the one
    saved for its headers, if any); the problems follow."""
    try:
        with database.read_session() as session:
            saved = mapping_for_file(session, kind, path)
    except ValidationError:
        return  # the file itself cannot be read: its problems say why
    hint = (f"the mapping saved as '{saved}' fits these columns: run again with "
            f"--mapping \"{saved}\"" if saved else
            f"if the columns are a form's own, 'awards mappings propose {kind} FILE --out "
            "mapping.json' proposes a mapping to import it with (--mapping mapping.json)")
    print(f"awards: {path.name}: {hint}.", file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        event = _event(session, args)
        with_pins = bool(getattr(args, "with_pins", False))
        count = export_event(session, event_id=event.id, path=Path(args.out),
                             include_pins=with_pins)
        _out(f"Exported {event.name} {event.year} ({count} nominations) to {args.out}.")
        _out("Judges' PIN hashes are included: keep this file as safe as the database, and "
             "delete it once the laptop is set up." if with_pins else
             "Judges' PINs are not included: set them again where the file is loaded "
             "(or export with --with-pins to move a judging laptop).")
    return 0


# --- safety --------------------------------------------------------------------------------


#: why a command that needs a database file refuses a shared database
NOT_A_FILE = ("Backups, restores and checks work on SQLite database files and shared "
              "PostgreSQL databases only; use your database server's own tools for others.")
ENCRYPTION_NOT_A_FILE = (
    "Encryption with a passphrase is for a database file. A shared database's data is kept "
    "on its server, which the council's IT secures (its disks and its connections).")


def _file_db(args: argparse.Namespace, *, unlock: bool = True,
             refusal: str = NOT_A_FILE) -> Path:
    path = sqlite_path(resolve_url(args.db))
    if path is None:
        raise DatabaseError(refusal)
    if unlock:
        unlock_database(path)
    return path


def _server_url(args: argparse.Namespace) -> str | None:
    """The URL of a shared PostgreSQL database, or None (a file, or another kind)."""
    url = resolve_url(args.db)
    return url if url.startswith(("postgresql:", "postgresql+")) else None


def cmd_backup(args: argparse.Namespace) -> int:
    if _server_url(args) is not None:
        with _database(args) as database:
            return server.backup(database, args.to)
    path = _file_db(args)
    with _database(args):
        pass  # opening checks the file (and upgrades it) before we copy it
    target = backup.backup_database(path, to=Path(args.to) if args.to else None, rotate=False)
    _out(f"Backed up to {target} (checked).")
    if args.to is None:
        for line in backup.rotate_backups(path).said():
            _out(line)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    url = _server_url(args)
    path = _file_db(args) if url is None else None
    unlock_database(Path(args.file))  # an encrypted backup (its database's passphrase, or asked)
    if path is None:
        with _database(args) as database:
            return server.restore(database, Path(args.file))
    restored = restore.restore_database(path, Path(args.file))
    _out(f"Restored {path} from {args.file}.")
    if restored.safety is not None:
        _out(f"The database as it was, with everything saved up to "
             f"{restored.locked_at:%H:%M:%S}, is kept at {restored.safety}.")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    if _server_url(args) is not None:
        with _database(args) as database:  # brought up to this version's schema, as a file is
            if server.check(database):
                return 1
            with database.read_session() as session:
                return _said_seals(seals.verify_seals(session))
    path = _file_db(args)
    if not path.exists():
        raise DatabaseError(f"There is no database at {path}.")
    if path.stat().st_size == 0:
        print(f"awards: {path} is empty (0 bytes): it holds no data. Restore the newest "
              "backup with 'awards restore FILE'.", file=sys.stderr)
        return 1
    problems = backup.integrity_errors(path)
    if problems:
        backup.mark_damaged(path, problems)  # every program now opens it read-only
        print(f"awards: {path} failed its integrity check:", file=sys.stderr)
        for line in problems[:20]:
            print(f"awards:   {line}", file=sys.stderr)
        print("awards: until a sound backup is restored ('awards restore FILE'), the program "
              "opens this database read-only.", file=sys.stderr)
        return 1
    backup.clear_damage_mark(path)  # a full check passed: any earlier note is out of date
    with _database(args) as database, database.read_session() as session:
        events = event_service.list_events(session)
        changed = seals.verify_seals(session)
    _out(f"{path}: integrity ok, schema {migrate.HEAD_REVISION}, {len(events)} event(s).")
    return _said_seals(changed)


def _said_seals(changed: list[str]) -> int:
    if changed:
        print(f"awards: {len(changed)} recorded value(s) were changed outside the program "
              "since the program wrote them; they are not trusted:", file=sys.stderr)
        for line in changed[:50]:
            print(f"awards:   {line}", file=sys.stderr)
        if len(changed) > 50:
            print(f"awards:   … and {len(changed) - 50} more.", file=sys.stderr)
        return 1
    _out("Every sealed decision, score, consent answer, PIN and certificate record is as "
         "the program wrote it.")
    return 0
