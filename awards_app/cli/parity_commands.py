"""``awards parity [--json]``: young people in and out of the city, and per team, from good
news to certificates; counts below 5 without a rate (services/parity.py)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import Any

from awards_app.cli.commands import _database, _event, _out
from awards_app.services import parity
from awards_app.services.parity import (
    FROM_NOMINATIONS,
    NO_RATE,
    STAGES,
    ParityTable,
    count_text,
    rate_text,
)


def add_parsers(sub: Any, _parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("parity", help="young people in and out of the city, and per team: good "
                                      "news, nominations, placements and certificates, with "
                                      "rates (none for counts below 5)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(handler=cmd_parity)


def _grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header))]
    return ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                      for i, (cell, w) in enumerate(zip(line, widths, strict=True))).rstrip()
            for line in (header, *rows)]


def table_lines(table: ParityTable) -> list[str]:
    """The table as text: counts with each group's share of the stage, then each group's
    rates of its own nominations."""
    lines = [table.heading, "Counts (share of each stage):"]
    lines += _grid([table.group_label, *(s.value for s in STAGES)],
                   [[row.name, *map(count_text, row.figures)] for row in table.rows])
    lines += ["", "Of their own nominations:"]
    lines += _grid([table.group_label, *(s.value for s in FROM_NOMINATIONS)],
                   [[row.name, *map(rate_text, row.from_nominations)] for row in table.rows])
    return lines


def report_lines(report: parity.ParityReport) -> list[str]:
    lines = [f"{report.event_name} {report.year} — parity for young people living out of the "
             "city", ""]
    for table in (report.area, report.teams):
        lines += [*table_lines(table), ""]
    lines.append("Worth a look:" if report.findings else f"Worth a look: {parity.NO_FINDINGS}")
    lines += [f"  {sentence}" for sentence in report.sentences]
    lines += ["", "How this is counted:"]
    lines += [f"  {note}" for note in report.notes]
    if report.held_back:
        lines.append(f"  {NO_RATE} marks a rate held back under that rule.")
    return lines


def cmd_parity(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        report = parity.parity(session, _event(session, args).id)
    if args.json:
        _out(json.dumps(parity.report_data(report), ensure_ascii=False, indent=2))
        return 0
    for line in report_lines(report):
        _out(line)
    return 0
