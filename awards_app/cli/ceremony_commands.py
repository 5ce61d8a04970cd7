"""``awards ceremony pack|script|photographer|press|sponsors --out PATH``: the ceremony pack
and its parts from confirmed results, every name as the young person consented."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from awards_app.cli.commands import _database, _event, _out
from awards_app.services import ceremony as cer

_HELP = {
    cer.Output.PACK: ("the whole ceremony pack as one PDF: script, photographer's list, "
                      "press list, sponsors' sheets", "FILE.pdf"),
    cer.Output.SCRIPT: ("the ceremony script to edit: running order, names as consented, "
                        "how to say them, citations", "FILE.docx, FILE.txt or FILE.pdf"),
    cer.Output.PHOTOGRAPHER: ("who may be photographed, by seat, and which presentations "
                              "not to photograph", "FILE.pdf"),
    cer.Output.PRESS: ("winners who agreed to publicity, with approved wording",
                       "FILE.pdf"),
    cer.Output.SPONSORS: ("each sponsor's results for public use: one PDF, or a folder with "
                          "one PDF per sponsor", "FILE.pdf or FOLDER"),
}


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ceremony", help="the ceremony pack from confirmed results: script, "
                                        "photographer's list, press list, sponsors' sheets")
    c = p.add_subparsers(dest="action", metavar="OUTPUT", parser_class=parser_class)
    c.required = True
    for output, (text, target) in _HELP.items():
        a = c.add_parser(output.value, help=text)
        a.add_argument("--out", required=True, help=target)
        a.set_defaults(handler=cmd_ceremony, output=output)


def cmd_ceremony(args: argparse.Namespace) -> int:
    output: cer.Output = args.output
    path = Path(args.out)
    cer.check_suffix(output, path)  # before reading anything
    with _database(args) as database, database.read_session() as session:
        found = cer.ceremony(session, _event(session, args).id)
    files = cer.write_output(output, path, found)
    where = str(path) if len(files) == 1 else f"{path} ({len(files)} files)"
    _out(f"Wrote {output.label} ({cer.pack_summary(found)}) to {where}.")
    return 0
