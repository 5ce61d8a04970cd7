"""``awards results``, ``awards judging …`` and ``awards judging-packs``: the paper route and
the coordinator's judging tasks from the command line."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from awards_app.core.enums import ConflictKind
from awards_app.core.errors import ValidationError
from awards_app.cli.commands import _unit_of_work, _database, _event, _out
from awards_app.services.catalogue import categories
from awards_app.services.judging import results
from awards_app.services.judging import results_sheet
from pathlib import Path
from awards_app.services.judging import packs as judging_packs
from awards_app.services import judging
from awards_app.services import nominations


def add_parsers(sub: Any, parser_class: type[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("results", help="rankings per category (provisional until all judges "
                                       "submit; final once confirmed)")
    p.add_argument("--category", help="one category only")
    p.add_argument("--format", choices=["table", "csv", "json"], default="table")
    p.set_defaults(handler=cmd_results)

    p = sub.add_parser("results-sheet", help="the results sheet to share: placements, names as "
                                             "the certificates print them, ties in words "
                                             "(.csv or .xlsx), or a one-page summary (.pdf)")
    p.add_argument("--out", required=True, help="FILE.csv, FILE.xlsx or FILE.pdf")
    p.set_defaults(handler=cmd_results_sheet)

    p = sub.add_parser("judging-packs", help="printable judging packs (PDF), one per judge")
    p.add_argument("--out", required=True, help="FILE.pdf")
    p.add_argument("--judge", help="one judge only (name or email)")
    p.set_defaults(handler=cmd_judging_packs)

    p = sub.add_parser("judging", help="PINs, progress, conflicts, unlocks, tie-breaks, "
                                       "casting decisions, confirming results")
    j = p.add_subparsers(dest="action", metavar="ACTION", parser_class=parser_class)
    j.required = True
    a = j.add_parser("progress", help="per category and judge: assigned, scored, submitted")
    a.set_defaults(handler=cmd_progress)
    a = j.add_parser("review", help="the judge copies: each nomination to be judged with its "
                                    "review status and how many details are masked or to "
                                    "check; with a reference, what judges read of it")
    a.add_argument("ref", nargs="?", help="e.g. N-0042: show what judges read of it")
    a.add_argument("--mark", action="store_true",
                   help="mark that nomination's judge copy as reviewed, as shown")
    a.set_defaults(handler=cmd_review)
    a = j.add_parser("pin", help="set a judge's 4–8 digit PIN (typed when asked, or piped in: "
                                 "never on the command line, where others could see it)")
    a.add_argument("judge", help="name or email")
    a.add_argument("--pin", help=argparse.SUPPRESS)  # refused with a reason: see cmd_pin
    a.set_defaults(handler=cmd_pin)
    a = j.add_parser("conflict", help="record a judge's conflict of interest with a nomination")
    a.add_argument("judge")
    a.add_argument("ref", help="e.g. N-0042")
    a.add_argument("--kind", choices=[k.value for k in ConflictKind], default="other")
    a.add_argument("--note", default="")
    a.set_defaults(handler=cmd_conflict)
    a = j.add_parser("submit", help="record that a judge's scores for a category are complete "
                                   "(e.g. a paper pack handed in and imported)")
    a.add_argument("judge")
    a.add_argument("--category", required=True)
    a.set_defaults(handler=cmd_submit)
    a = j.add_parser("unlock", help="reopen a judge's submitted category, with a reason")
    a.add_argument("judge")
    a.add_argument("--category", required=True)
    a.add_argument("--reason", required=True)
    a.set_defaults(handler=cmd_unlock)
    a = j.add_parser("tie-breaks", help="set tie-break order (before scoring starts)")
    a.add_argument("--rules", required=True, help="e.g. obstacles,median,casting")
    a.add_argument("--normalised", action="store_true", help="rank by judges' z-scores")
    a.set_defaults(handler=cmd_tie_breaks)
    a = j.add_parser("lead", help="choose a category's lead judge (casting decisions)")
    a.add_argument("--category", required=True)
    a.add_argument("--judge", required=True)
    a.set_defaults(handler=cmd_lead)
    a = j.add_parser("casting", help="record the lead judge's order for tied nominations")
    a.add_argument("--category", required=True)
    a.add_argument("--order", required=True, help="refs best first, e.g. N-0012,N-0007")
    a.add_argument("--reason", default="")
    a.set_defaults(handler=cmd_casting)
    a = j.add_parser("confirm", help="make a complete category's placements final")
    a.add_argument("--category", required=True)
    a.set_defaults(handler=cmd_confirm)
    a = j.add_parser("reopen", help="unlock a confirmed category so its ranking may change "
                                    "(keeps the previous placements; issued certificates "
                                    "then need attention)")
    a.add_argument("--category", required=True)
    a.add_argument("--reason", required=True, help="why, e.g. a young person asked to withdraw")
    a.set_defaults(handler=cmd_reopen)


def _category_id(session: Any, event_id: int, name: str) -> int:
    category = categories.find_category(session, event_id, name)
    if category is None:
        raise ValidationError.single("category", f"'{name}' is not a category of this event")
    return category.id


def cmd_results(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        event = _event(session, args)
        category_id = _category_id(session, event.id, args.category) if args.category else None
        found = results.category_results(session, event.id, category_id=category_id)
    document = results.results_document(found)
    if args.format == "json":
        _out(json.dumps(document, ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(results.RESULTS_CSV_HEADER)
        writer.writerows([("" if v is None else v) for v in row]
                         for row in results.results_csv_rows(document))
        return 0
    for result, category in zip(found, document, strict=True):
        _out(f"{result.category} — {result.status} ({result.judges_submitted} of "
             f"{result.judges_assigned} judges submitted)")
        if result.problem:
            _out(f"  ! {result.problem}")
        for row in category["ranking"]:
            score = "—" if row["score"] is None else f"{row['score']:.4f}"
            normal = "" if row["normalised_score"] is None else f"  z {row['normalised_score']:+.4f}"
            tie = f"  tie: {row['tie_break']}" if row["tie"] else ""
            place = f"  [{row['placement']}]" if row["placement"] else ""
            rank = row["rank"] if row["rank"] is not None else "–"
            _out(f"  {rank!s:>3}. {row['nomination_ref']}  {score}{normal}{tie}{place}")
        _out()
    return 0


def cmd_results_sheet(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        sheet = results_sheet.results_sheet(session, _event(session, args).id)
    path = results_sheet.write_results_sheet(Path(args.out), sheet)
    what = ("the results summary" if path.suffix.lower() == ".pdf"
            else f"the results sheet ({results_sheet.sheet_summary(sheet.rows)})")
    _out(f"Wrote {what} to {path}.")
    if path.suffix.lower() == ".csv" and sheet.parity is not None:
        _out(f"Wrote the parity figures to {results_sheet.parity_csv_path(path)}.")
    return 0


def cmd_judging_packs(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        event = _event(session, args)
        pages = judging_packs.write_packs(session, event.id, Path(args.out), judge=args.judge)
        unreviewed = len(judging.unreviewed_copies(session, event.id))
    _out(f"Wrote {pages} page(s) of judging packs to {args.out}.")
    if unreviewed:
        print(f"Note: {unreviewed} judge {'copy is' if unreviewed == 1 else 'copies are'} not "
              "reviewed (see 'awards judging review'): judges read them masked, but nobody "
              "has checked them for anything else that could identify a young person.",
              file=sys.stderr)
    return 0


def cmd_progress(args: argparse.Namespace) -> int:
    with _database(args) as database, database.read_session() as session:
        rows = judging.judging_progress(session, _event(session, args).id)
    current = None
    for row in rows:
        if row.category != current:
            current = row.category
            _out(current)
        state = "submitted" if row.submitted else f"{row.scored} of {row.assigned} scored"
        pin = "" if row.has_pin else "  (no PIN yet)"
        _out(f"  {row.judge} ({row.sponsor}): {state}{pin}")
    return 0


REVIEW_WORDS = {judging.REVIEWED: "reviewed", judging.NOT_REVIEWED: "not reviewed",
                judging.CHANGED: "changed since review"}


def cmd_review(args: argparse.Namespace) -> int:
    """Without a reference, the list (references and counts only: no names); with one, what
    judges read of it and what may still identify someone, and ``--mark`` marks it."""
    if args.mark and not args.ref:
        raise ValidationError.single("ref", "say which nomination to mark as reviewed, "
                                            "e.g. awards judging review N-0042 --mark")
    if not args.ref:
        with _database(args) as database, database.read_session() as session:
            rows = judging.review_rows(session, _event(session, args).id, counts=True)
        for row in rows:
            _out(f"{row.ref}  {REVIEW_WORDS[row.status]:<20}  {row.masked} masked, "
                 f"{row.flags} to check")
        done = sum(r.status == judging.REVIEWED for r in rows)
        _out(f"{done} of {len(rows)} judge copies reviewed." if rows else
             "Nothing to review yet: no nomination has judges.")
        return 0
    with _database(args) as database:
        with database.read_session() as session:
            event = _event(session, args)
            detail = judging.copy_detail(
                session, nominations.get_by_ref(session, event.id, args.ref).id)
        _out(f"{detail.ref}, as judges read it (judges see the name {detail.pseudonym}): "
             f"{REVIEW_WORDS[detail.status]}")
        for narrative in detail.narratives:
            edited = " (edited by the coordinator)" if narrative.edited else ""
            _out(f"\n{narrative.label}{edited}:\n{narrative.masked or '(left blank)'}")
        flagged = [f"'{n.masked[f.start:f.end]}' ({f.note})"
                   for n in detail.narratives for f in n.flags]
        _out(f"\n{detail.masked_count} details masked. "
             + (f"May still identify someone: {'; '.join(flagged)}." if flagged else
                "Nothing else was found that may identify someone; still read it through."))
        if args.mark:
            with _unit_of_work(database) as (session, say):
                judging.mark_reviewed(session, detail.nomination_id, digest=detail.digest)
                say(f"{detail.ref}'s judge copy is marked as reviewed.")
    return 0


def _read_pin() -> str:
    """A PIN typed at a prompt (not echoed), or the first line piped in."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        return getpass.getpass("PIN (4 to 8 digits, not shown): ")
    line = sys.stdin.readline() if sys.stdin is not None else ""
    return line.strip()


def cmd_pin(args: argparse.Namespace) -> int:
    if args.pin is not None:
        raise ValidationError.single(
            "pin", "is not taken on the command line, where other people on this computer "
            "could see it in the list of running programs. Run the command without it and "
            "type the PIN when asked, or pipe it in (for example from a file only you can "
            "read)")
    pin = _read_pin()
    with _database(args) as database, _unit_of_work(database) as (session, say):
        judge = judging.find_judge(session, _event(session, args).id, args.judge)
        judging.set_pin(session, judge.id, pin)
        say(f"PIN set for {judge.name}.")
    return 0


def cmd_conflict(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        judge = judging.find_judge(session, event.id, args.judge)
        nomination = nominations.get_by_ref(session, event.id, args.ref)
        judging.declare_conflict(session, judge_id=judge.id, nomination_id=nomination.id,
                                 kind=args.kind, note=args.note)
        say(f"Recorded {judge.name}'s conflict with {nomination.ref}.")
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        judge = judging.find_judge(session, event.id, args.judge)
        # The coordinator submits for a judge (judges submit in the judging session).
        judging.submit_category(session, judge_id=judge.id,
                                category_id=_category_id(session, event.id, args.category),
                                on_behalf=True)
        say(f"{judge.name}'s scores for {args.category} are submitted and locked.")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        judge = judging.find_judge(session, event.id, args.judge)
        judging.unlock_submission(session, judge_id=judge.id,
                                  category_id=_category_id(session, event.id, args.category),
                                  reason=args.reason)
        say(f"Reopened {args.category} for {judge.name}.")
    return 0


def cmd_tie_breaks(args: argparse.Namespace) -> int:
    rules = [r.strip() for r in args.rules.split(",") if r.strip()]
    with _database(args) as database, database.session() as session:
        results.set_tie_breaks(session, _event(session, args).id, rules=rules,
                               normalised=args.normalised)
    mode = "normalised (z-scores)" if args.normalised else "raw"
    _out(f"Tie-breaks: {', '.join(rules)}; ranking by {mode} scores.")
    return 0


def cmd_lead(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        judge = judging.find_judge(session, event.id, args.judge)
        judging.set_lead_judge(session, category_id=_category_id(session, event.id, args.category),
                               judge_id=judge.id)
        say(f"{judge.name} is the lead judge for {args.category}.")
    return 0


def cmd_casting(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        order = [nominations.get_by_ref(session, event.id, ref.strip()).id
                 for ref in args.order.split(",") if ref.strip()]
        results.record_casting_decision(
            session, category_id=_category_id(session, event.id, args.category), order=order,
            reason=args.reason)
        say(f"Recorded the casting decision for {args.category}.")
    return 0


def cmd_reopen(args: argparse.Namespace) -> int:
    with _database(args) as database, database.session() as session:
        event = _event(session, args)
        result = results.reopen_results(
            session, _category_id(session, event.id, args.category), reason=args.reason)
    placed = ", ".join(f"{format_ref_placement(ref, place)}"
                       for ref, place in _previous(result)) or "none"
    _out(f"{result.category}'s results are open again ({result.status}). "
         f"Previously confirmed: {placed}. Certificates already issued for it need attention: "
         "reprint, correct or revoke them once the results are confirmed again.")
    return 0


def _previous(result: results.CategoryResult) -> list[tuple[str, str]]:
    refs = {r.nomination_id: r.ref for r in result.ranking}
    return sorted(((refs.get(nid, "?"), place) for nid, place in result.previous.items()
                   if place != "nominee"), key=lambda pair: pair[0])


def format_ref_placement(ref: str, placement: str) -> str:
    return f"{ref} {placement.replace('_', ' ')}"


def cmd_confirm(args: argparse.Namespace) -> int:
    with _database(args) as database, _unit_of_work(database) as (session, say):
        event = _event(session, args)
        final = results.confirm_results(session, _category_id(session, event.id, args.category))
        winners = [r.ref for r in final.ranking if r.placement == "winner"]
        say(f"{final.category} is final. Winner(s): {', '.join(winners) or 'none'}.")
    return 0
