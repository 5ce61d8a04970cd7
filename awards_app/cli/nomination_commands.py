"""``awards nominations …``: change many nominations at once, as one step that can be undone.

    awards nominations status N-0001 N-0002 … --to accepted|shortlisted|submitted
    awards nominations withdraw N-0001 N-0002 … --reason "…"
    awards nominations undo-bulk

All of them or none: when one cannot move (its category's results are confirmed, it was
withdrawn…), each such nomination is named and nothing is stored. (``awards withdraw REF``
still withdraws one.)"""

from __future__ import annotations

import argparse
from typing import Any

from awards_app.cli.commands import _database, _event, _out, _unit_of_work
from awards_app.core.enums import NominationStatus
from awards_app.core.errors import ValidationError
from awards_app.services import nominations

CHOICES = ("accepted", "shortlisted", "submitted")


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("nominations", help="change many nominations at once (status, "
                                           "withdraw) and undo the last such change")
    n = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    n.required = True
    a = n.add_parser("status", help="accept, shortlist or move back to submitted several "
                                    "nominations as one step")
    a.add_argument("refs", nargs="+", metavar="REF", help="e.g. N-0001 N-0002")
    a.add_argument("--to", required=True, choices=CHOICES, help="the new status")
    a.set_defaults(handler=cmd_status)
    a = n.add_parser("withdraw", help="withdraw several nominations with one reason, as one "
                                      "step")
    a.add_argument("refs", nargs="+", metavar="REF", help="e.g. N-0001 N-0002")
    a.add_argument("--reason", required=True, help="why (kept with each nomination)")
    a.set_defaults(handler=cmd_withdraw)
    a = n.add_parser("undo-bulk", help="put the nominations of the last bulk change back to "
                                       "their previous status")
    a.set_defaults(handler=cmd_undo_bulk)


def _change(args: argparse.Namespace, status: NominationStatus, reason: str | None) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        refs = list(dict.fromkeys(args.refs))
        problems: list[str] = []
        ids: list[int] = []
        for ref in refs:
            try:
                ids.append(nominations.get_by_ref(session, event.id, ref).id)
            except Exception as exc:  # every unknown ref is named, not only the first
                problems.append(str(exc))
        if problems:
            raise ValidationError.single("refs", "; ".join(problems) + " Nothing was changed.")
        result = nominations.set_status_bulk(session, nomination_ids=ids, status=status,
                                             reason=reason)
        moved = [m.ref for m in result.moved]
        if moved:
            verb = "Withdrew" if status is NominationStatus.WITHDRAWN else (
                f"Set to {status.value}:")
            say(f"{verb} {nominations.list_refs(moved, limit=len(moved))} "
                f"({len(moved)} in one step; 'awards nominations undo-bulk' puts them back).")
        if result.already:
            say(f"Already {status.value}, left as they are: "
                f"{nominations.list_refs(result.already, limit=len(result.already))}.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    return _change(args, NominationStatus(args.to), None)


def cmd_withdraw(args: argparse.Namespace) -> int:
    return _change(args, NominationStatus.WITHDRAWN, args.reason)


def cmd_undo_bulk(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        step = nominations.last_bulk(session, event.id)
        if step is None:
            _out("There is no bulk change to undo.")
            return 0
        result = nominations.undo_bulk(session, audit_id=step.audit_id)
        say(f"Undone: {step.summary}; {len(result.moved)} back to their previous status.")
    return 0
