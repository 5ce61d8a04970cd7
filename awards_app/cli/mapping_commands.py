"""``awards mappings …``: column mappings for someone else's spreadsheets (a form's export),
proposed from a file's headers, saved under a name, shown, exported to and imported from
JSON mapping files, and deleted. ``awards import KIND FILE --mapping NAME-or-FILE.json``
reads a file through one."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from awards_app.cli.commands import _database, _event, _out, _unit_of_work
from awards_app.core.errors import ValidationError
from awards_app.services.catalogue import categories
from awards_app.services.transfer import saved_mappings
from awards_app.services.transfer.mapped_reading import distinct_values, headers_of
from awards_app.services.transfer.mapping import (
    ColumnMapping,
    kind_fields,
    propose,
    propose_values,
    to_json,
)
from awards_app.services.transfer.mapping_fields import KINDS


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("mappings", help="column mappings for someone else's spreadsheets "
                                        "(a form's export): propose, list, show, export, "
                                        "import, delete")
    m = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    m.required = True
    a = m.add_parser("propose", help="propose a mapping for a file from its headers and "
                                     "answers (print it, write it, or save it)")
    a.add_argument("kind", choices=list(KINDS))
    a.add_argument("file")
    a.add_argument("--out", help="write the mapping to FILE.json to adjust it")
    a.add_argument("--save", metavar="NAME", help="save it under NAME as proposed")
    a.set_defaults(handler=cmd_propose)
    a = m.add_parser("list", help="the saved mappings")
    a.add_argument("--kind", choices=list(KINDS))
    a.set_defaults(handler=cmd_list)
    a = m.add_parser("show", help="a saved mapping as its JSON file has it")
    a.add_argument("name")
    a.set_defaults(handler=cmd_show)
    a = m.add_parser("export", help="write a saved mapping to a JSON file")
    a.add_argument("name")
    a.add_argument("--out", required=True, help="FILE.json")
    a.set_defaults(handler=cmd_export)
    a = m.add_parser("import", help="save a JSON mapping file under a name")
    a.add_argument("file")
    a.add_argument("--name", help="the name to save it under (default: the file's 'name', "
                                  "else the file's name)")
    a.add_argument("--kind", choices=list(KINDS),
                   help="what it imports (default: the file's 'kind', else nominations)")
    a.set_defaults(handler=cmd_import)
    a = m.add_parser("delete", help="delete a saved mapping")
    a.add_argument("name")
    a.set_defaults(handler=cmd_delete)


def cmd_propose(args: argparse.Namespace) -> int:
    path = Path(args.file)
    fields = kind_fields(args.kind)
    headers = headers_of(path, preferred_sheets=fields.sheets)
    with _database(args) as database:
        with database.read_session() as session:
            mapping = saved_mappings.mapping_for_headers(session, args.kind, headers)
            saved = mapping.name if mapping is not None else ""
            if mapping is None:
                mapping = propose(args.kind, headers)
            names = [c.name for c in categories.list_categories(
                session, _event(session, args).id, include_retired=False)]
        answers = distinct_values(path, [h for h, t in mapping.columns.items()
                                         if t in fields.choices], preferred_sheets=fields.sheets)
        mapping = ColumnMapping(args.kind, mapping.columns,
                                propose_values(mapping, answers, categories=names),
                                mapping.ignore_unmapped, saved)
        if args.save:
            with _unit_of_work(database) as (session, say):
                saved_mappings.save_mapping(session, args.save, mapping, headers=headers)
                say(f"Saved the mapping as '{args.save}'.")
    if args.out:
        Path(args.out).write_text(to_json(mapping), encoding="utf-8")
        _out(f"Wrote the mapping to {args.out}; adjust it, then import with "
             f"--mapping {args.out}.")
    elif not args.save:
        _out(to_json(mapping).rstrip())
    unmapped = [h for h, t in mapping.columns.items() if t is None]
    if saved:
        _out(f"This is the mapping saved as '{saved}' for files with these headers.")
    if unmapped:
        _out(f"Ignored: {', '.join(repr(h) for h in unmapped)}.")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        found = saved_mappings.list_mappings(session, args.kind)
    if not found:
        _out("No mappings are saved yet. Save one in the window's import, or with "
             "'awards mappings import FILE.json --name NAME'.")
    for item in found:
        _out(f"{item.name}\t{item.kind}\t{item.columns} columns\t"
             f"saved {item.updated_at:%d/%m/%Y %H:%M}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        mapping = saved_mappings.get_mapping(session, args.name)
    _out(json.dumps({"name": mapping.name, **mapping.to_dict()}, ensure_ascii=False,
                    indent=2))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        mapping = saved_mappings.get_mapping(session, args.name)
    Path(args.out).write_text(json.dumps({"name": mapping.name, **mapping.to_dict()},
                                         ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _out(f"Wrote the mapping '{mapping.name}' to {args.out}.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    kind = args.kind or _kind_in(path) or "nominations"
    mapping = saved_mappings.read_mapping_file(path, kind=kind)
    name = args.name or mapping.name or path.stem
    with _database(args) as database, _unit_of_work(database) as (session, say):
        saved_mappings.save_mapping(session, name, mapping)
        say(f"Saved the {kind} mapping as '{name}'.")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        saved_mappings.delete_mapping(session, args.name)
        say(f"Deleted the mapping '{args.name}'.")
    return 0


def _kind_in(path: Path) -> str | None:
    """The 'kind' a mapping file names, if it is readable and names one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):
        return None  # read_mapping_file says what is wrong with it
    kind = data.get("kind") if isinstance(data, dict) else None
    if kind is not None and kind not in KINDS:
        raise ValidationError.single("kind", f"'{kind}' in {path.name} is not something to "
                                     f"import (choose from: {', '.join(KINDS)})")
    return kind if isinstance(kind, str) else None
