"""``awards certificates``, ``awards verify`` and ``awards certificate …``: printing,
checking and looking after certificates from the command line."""

from __future__ import annotations

import argparse
from datetime import UTC
from pathlib import Path
from typing import Any

from awards_app.cli.commands import _database, _event, _out, _progress
from awards_app.cli.judging_commands import _category_id
from awards_app.core.certificates import KINDS
from awards_app.services import certificates
from awards_app.services import nominations

# `awards verify` exit codes: genuine; revoked or unknown; mistyped or not a code at all.
VERIFY_EXIT = {"genuine": 0, "revoked": 1, "unknown": 1, "mistyped": 2, "malformed": 2}


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("certificates", help="print certificates (PDF) for confirmed results")
    p.add_argument("--out", help="FILE.pdf: every certificate in one print-ready file")
    p.add_argument("--kind", choices=KINDS, default="all",
                   help="winners; placed (winners, runners-up, highly commended); all (default)")
    p.add_argument("--category", help="one category only")
    p.add_argument("--separate", metavar="DIR", help="one PDF per recipient in DIR (as well "
                                                      "as, or instead of, --out)")
    p.add_argument("--progress", action="store_true", help="print progress to stderr")
    p.set_defaults(handler=cmd_certificates)

    p = sub.add_parser("verify", help="check a certificate's code: genuine, revoked or unknown")
    p.add_argument("code", nargs="+", help="the code as printed (any case, dashes optional), "
                                           "or the text its QR code holds")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("certificate", help="list, name overrides, revoke, correct, log")
    c = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    c.required = True
    a = c.add_parser("list", help="who gets a certificate, the name printed and its code")
    a.add_argument("--kind", choices=KINDS, default="all")
    a.add_argument("--category")
    a.set_defaults(handler=cmd_list)
    a = c.add_parser("name", help="print another name on a nomination's certificate")
    a.add_argument("ref", help="e.g. N-0042")
    a.add_argument("--name", required=True, help="the name to print ('' goes back to the "
                                                 "consent rule)")
    a.add_argument("--reason", default="", help="why (needed with a name)")
    a.set_defaults(handler=cmd_name)
    a = c.add_parser("revoke", help="revoke a certificate, recording why")
    a.add_argument("code")
    a.add_argument("--reason", required=True)
    a.set_defaults(handler=cmd_revoke)
    a = c.add_parser("correct", help="replace a certificate with a new code from the "
                                     "current data (the old one is revoked)")
    a.add_argument("code")
    a.add_argument("--reason", required=True)
    a.set_defaults(handler=cmd_correct)
    a = c.add_parser("log", help="every issue, print, reprint, revocation and correction")
    a.add_argument("code", nargs="?", help="one certificate only")
    a.set_defaults(handler=cmd_log)


def cmd_certificates(args: argparse.Namespace) -> int:
    with _database(args) as database:
        with database.read_session() as session:
            event_id = _event(session, args).id
            category_id = (_category_id(session, event_id, args.category)
                           if args.category else None)
        run = certificates.generate(
            database, event_id, Path(args.out) if args.out else None, kind=args.kind,
            category_id=category_id, separate_dir=Path(args.separate) if args.separate else None,
            progress=_progress(args.progress))
    for path in run.recovered:
        _out(f"Moved {path} into place: an earlier run was interrupted just after recording "
             "it as printed.")
    for note in run.skipped:
        # revoked while this run was drawing: the note itself says it was left out
        _out(note if note in run.left_out else f"Skipped {note}")
    counts = f"{run.issued} new, {run.reprinted} printed before"
    if args.out:
        _out(f"Wrote {run.certificates} certificate(s) to {args.out} ({counts}).")
    if args.separate:
        written = run.files[1:] if args.out else run.files
        _out(f"Wrote {len(written)} file(s) to {args.separate}"
             + ("." if args.out else f" ({counts})."))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        answer = certificates.verify(session, " ".join(args.code))
    _out(answer.message)
    return VERIFY_EXIT[answer.status]


def cmd_list(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        event_id = _event(session, args).id
        category_id = _category_id(session, event_id, args.category) if args.category else None
        rows = certificates.recipients(session, event_id, kind=args.kind,
                                       category_id=category_id)
        skipped = certificates.skipped_categories(session, event_id, category_id=category_id)
    for row in rows:
        code = row.code or "—"
        changed = f"  (changed since printed: {', '.join(row.changed)})" if row.changed else ""
        if row.surname_without_consent:
            changed += "  (printed with the surname they did not agree to: correct it)"
        _out(f"{row.ref}  {row.category} — {row.title}: {row.name_on_certificate} "
             f"[{row.name_rule}]  {code} {row.status}{changed}")
    for note in skipped:
        _out(f"Skipped {note}")
    if not rows and not skipped:
        _out("No results are final yet, so there are no certificates to print.")
    return 0


def cmd_name(args: argparse.Namespace) -> int:
    with _database(args) as database, database.session() as session:
        nomination = nominations.get_by_ref(session, _event(session, args).id, args.ref)
        name = certificates.set_name_override(session, nomination.id, args.name, args.reason)
    rule = "as you gave it" if args.name.strip() else "by the consent rule"
    _out(f"{nomination.ref}'s certificate will read '{name}' ({rule}). An issued certificate "
         "changes only when you correct it.")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    with _database(args) as database, database.session() as session:
        certificates.revoke(session, args.code, args.reason)
        code = certificates.verify(session, args.code).code
    _out(f"Revoked {code}. It will verify as revoked and is never reprinted.")
    return 0


def cmd_correct(args: argparse.Namespace) -> int:
    with _database(args) as database, database.session() as session:
        old = certificates.verify(session, args.code).code
        new = certificates.correct(session, args.code, reason=args.reason)
    _out(f"Revoked {old} and issued {new} in its place; print it with 'awards certificates'.")
    return 0


def cmd_log(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        event_id = _event(session, args).id if args.code is None else 0
        entries = certificates.certificate_log(session, event_id, code=args.code)
    for entry in entries:
        extra = "; ".join(p for p in (entry.reason, entry.detail) if p)
        at = entry.at.replace(tzinfo=UTC).astimezone()
        _out(f"{at:%Y-%m-%d %H:%M}  {entry.action:<8} {entry.code}  {entry.recipient}"
             + (f"  — {extra}" if extra else ""))
    if not entries:
        _out("No certificates have been issued yet.")
    return 0
