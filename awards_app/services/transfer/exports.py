"""Exporting a whole event (JSON, CSV, XLSX) and loading an event JSON into a database.

The JSON format ("awards-app/event", version 3) is documented in README.md. References
inside the file use export-local keys (C…, P…, W…) or natural keys (a nomination's ref, a
category's name, a judge's sponsor and name), never database ids, so that the same event
exported from two databases gives the same file.

Version 2 adds everything judging produced (event_import reads version 1 files too):

- ``event.tie_breaks`` (rules in order) and ``event.normalised_results``;
- ``categories[].lead_judge`` (``{"sponsor", "name"}`` or null) and ``results_confirmed_at``;
- ``sponsors[].judges[].pin_hash`` (the argon2 hash only when asked for, else null). Failed
  tries and PIN pauses are not carried: they guard one laptop against guessing;
- ``nominations[].judge_success``, ``judge_obstacles``, ``judge_voice`` (judge copies);
- ``nominees`` also lists young people named only in a conflict;
- ``judging``: ``scorecards`` (``nomination``, ``judge``, ``scores`` {criterion name: value},
  ``scored_at`` (the latest change of those scores), ``comment`` or null), ``submissions``
  (``category``, ``judge``, ``submitted_at``), ``conflicts`` (``judge``, ``nomination`` ref
  and/or ``nominee`` key, ``kind``, ``note``, ``declared_by``, ``created_at``),
  ``casting_decisions`` (``category``, ``nomination``, ``position``, ``judge``, ``reason``,
  ``decided_at``) and ``placements`` (``category``, ``nomination``, ``placement``, ``rank``,
  ``score``, ``normalised_score``, ``tie_break``, ``confirmed_at``).

Judge totals are derived from scores: they are not written, and the import recomputes them.

Version 3 adds the certificates, so that every code issued verifies and reprints the same
after a move (event_certificates_json, which writes and reads this part, details it):
``nominations[].certificate_name_override`` and ``certificate_name_reason``;
``certificate_settings`` (object, images base64, or null) and ``certificates`` (by issue
time then code: nomination ref, code, frozen fields, QR mask, times, print count,
revocation, ``replaced_by`` code and ``log``).
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from awards_app import __version__
from awards_app.core.errors import Cancelled, ValidationError
from awards_app.core.text import format_ref
from awards_app.db.models import (
    CastingDecision,
    Category,
    CeremonySeat,
    ConfirmedPlacement,
    Conflict,
    Criterion,
    Judge,
    Nomination,
    Nominee,
    Score,
    ScoreComment,
    Sponsor,
    Submission,
    Worker,
)
from awards_app.services.transfer.event_json.fields import FORMAT, FORMAT_VERSION
from awards_app.services.transfer.event_json.goodnews import good_news_section
from awards_app.services.transfer.event_json.certificates import (
    certificates_section,
    settings_section,
)
from awards_app.services.events import get_event
from awards_app.services.transfer.tabular import neutralise, write_csv

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

EVENT_KEYS = ("name", "year", "ceremony_date", "venue", "nomination_deadline", "min_age",
              "max_age", "min_words", "max_words", "status")
CATEGORY_KEYS = ("name", "description", "display_order", "winners_count", "runners_up_count",
                 "highly_commended_count", "active", "presenter")
CRITERION_KEYS = ("name", "guidance", "weight", "scale_min", "scale_max", "role")
SPONSOR_KEYS = ("name", "contact_name", "contact_email", "contact_phone", "notes", "active")
JUDGE_KEYS = ("name", "email", "active")
WORKER_KEYS = ("name", "email", "team", "active")
NOMINEE_KEYS = ("first_name", "last_name", "preferred_name", "date_of_birth", "out_of_area",
                "consent_certificate_name", "consent_public", "consent_photo", "do_not_publish",
                "pronunciation")
NOMINATION_KEYS = ("success", "obstacles", "nominee_voice", "nominee_aware", "status",
                   "age_override_reason", "withdrawn_reason", "citation", "created_at",
                   "updated_at")
JUDGE_COPY_KEYS = ("judge_success", "judge_obstacles", "judge_voice")
CERTIFICATE_NAME_KEYS = ("certificate_name_override", "certificate_name_reason")
#: the row's id in the form export it came from: a growing export imported into the moved
#: event still adds only its new rows
SOURCE_KEYS = ("source_id",)
#: the ceremony pack's: the press wording approved for a nomination
CEREMONY_KEYS = ("press_wording",)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value  # enums
    return value


def _pick(obj: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: _plain(getattr(obj, k)) for k in keys}


def event_document(session: Session, event_id: int, *, include_pins: bool = False
                   ) -> dict[str, Any]:
    """Everything about one event as plain JSON-ready data. Judges' PIN hashes are left out
    (null) unless ``include_pins``: a file that travels should not carry what a PIN can be
    guessed from; moving a judging laptop is the reason to ask for them."""
    event = get_event(session, event_id)
    categories = list(session.scalars(
        select(Category).where(Category.event_id == event_id)
        .options(selectinload(Category.criteria)).order_by(Category.display_order, Category.id)
    ))
    category_names = {c.id: c.name for c in categories}
    sponsors = list(session.scalars(
        select(Sponsor).where(Sponsor.event_id == event_id)
        .options(selectinload(Sponsor.judges), selectinload(Sponsor.sponsorships))
        .order_by(Sponsor.name)
    ))
    nominations = list(session.scalars(
        select(Nomination).where(Nomination.event_id == event_id)
        .options(selectinload(Nomination.nominee), selectinload(Nomination.worker))
        .order_by(Nomination.number)
    ))
    nominee_keys: dict[int, str] = {}
    worker_keys: dict[int, str] = {}
    nominees: list[dict[str, Any]] = []
    workers: list[dict[str, Any]] = []
    for nomination in nominations:
        if nomination.nominee_id not in nominee_keys:
            key = f"P{len(nominee_keys) + 1}"
            nominee_keys[nomination.nominee_id] = key
            nominees.append({"key": key, **_pick(nomination.nominee, NOMINEE_KEYS)})
        worker = nomination.worker
        if worker is not None and worker.id not in worker_keys:
            key = f"W{len(worker_keys) + 1}"
            worker_keys[worker.id] = key
            workers.append({"key": key, **_pick(worker, WORKER_KEYS)})
    for nominee in conflicted_nominees(session, event_id):
        if nominee.id not in nominee_keys:
            key = f"P{len(nominee_keys) + 1}"
            nominee_keys[nominee.id] = key
            nominees.append({"key": key, **_pick(nominee, NOMINEE_KEYS)})
    order = {c.id: c.display_order for c in categories}
    judges = judge_refs(session, event_id)

    def nominee_key(nominee: Nominee) -> str:  # a good-news story's young person
        if nominee.id not in nominee_keys:
            nominee_keys[nominee.id] = f"P{len(nominee_keys) + 1}"
            nominees.append({"key": nominee_keys[nominee.id], **_pick(nominee, NOMINEE_KEYS)})
        return nominee_keys[nominee.id]

    def worker_key(worker: Worker) -> str:  # a good-news story's worker
        if worker.id not in worker_keys:
            worker_keys[worker.id] = f"W{len(worker_keys) + 1}"
            workers.append({"key": worker_keys[worker.id], **_pick(worker, WORKER_KEYS)})
        return worker_keys[worker.id]

    good_news = good_news_section(session, event, nominee_key=nominee_key,
                                  worker_key=worker_key)
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "event": {
            **_pick(event, EVENT_KEYS), "next_ref": event.next_ref,
            "tie_breaks": [rule for rule in event.tie_breaks.split(",") if rule],
            "normalised_results": event.normalised_results,
        },
        "categories": [
            {
                **_pick(c, CATEGORY_KEYS),
                "criteria": [_pick(k, CRITERION_KEYS) for k in c.criteria],
                "lead_judge": dict(judges[c.lead_judge_id]) if c.lead_judge_id in judges else None,
                "results_confirmed_at": _plain(c.results_confirmed_at),
            }
            for c in categories
        ],
        "sponsors": [
            {
                **_pick(s, SPONSOR_KEYS),
                "logo": base64.b64encode(s.logo).decode("ascii") if s.logo else None,
                "categories": [
                    category_names[link.category_id]
                    for link in sorted(s.sponsorships, key=lambda link: order[link.category_id])
                ],
                "judges": [{**_pick(j, JUDGE_KEYS),
                            "pin_hash": j.pin_hash if include_pins else None}
                           for j in s.judges],
            }
            for s in sponsors
        ],
        "workers": workers,
        "nominees": with_seats(session, event_id, nominees, nominee_keys),
        "nominations": [
            {
                "ref": n.ref,
                "category": category_names[n.category_id],
                "nominee": nominee_keys[n.nominee_id],
                "worker": worker_keys.get(n.worker_id) if n.worker_id else None,
                **_pick(n, NOMINATION_KEYS),
                **_pick(n, JUDGE_COPY_KEYS),
                **_pick(n, CERTIFICATE_NAME_KEYS),
                **_pick(n, SOURCE_KEYS),
                **_pick(n, CEREMONY_KEYS),
            }
            for n in nominations
        ],
        "judging": judging_section(session, event_id, nominee_keys=nominee_keys, judges=judges),
        "certificate_settings": settings_section(session, event_id),
        "certificates": certificates_section(session, event_id),
        "good_news": good_news,
    }


def with_seats(session: Session, event_id: int, nominees: list[dict[str, Any]],
               nominee_keys: Mapping[int, str]) -> list[dict[str, Any]]:
    """The file's young people, each with their seat at this event's ceremony when one is
    recorded (``ceremony_seat``)."""
    seats = {nominee_keys[nominee_id]: seat for nominee_id, seat in session.execute(
        select(CeremonySeat.nominee_id, CeremonySeat.seat)
        .where(CeremonySeat.event_id == event_id)) if nominee_id in nominee_keys}
    return [{**n, "ceremony_seat": seats[n["key"]]} if n["key"] in seats else n
            for n in nominees]


def judge_refs(session: Session, event_id: int) -> dict[int, dict[str, str]]:
    """judge id → ``{"sponsor": name, "name": name}``, how the file names a judge."""
    return {
        judge_id: {"sponsor": sponsor, "name": name}
        for judge_id, sponsor, name in session.execute(
            select(Judge.id, Sponsor.name, Judge.name)
            .join(Sponsor, Sponsor.id == Judge.sponsor_id).where(Sponsor.event_id == event_id)
        )
    }


def _judges_of(event_id: int) -> Any:
    return select(Judge.id).join(Sponsor, Sponsor.id == Judge.sponsor_id).where(
        Sponsor.event_id == event_id)


def conflicted_nominees(session: Session, event_id: int) -> list[Nominee]:
    """Young people named in this event's conflicts (a conflict may name someone with no
    nomination this year: the file must still carry them)."""
    return list(session.scalars(
        select(Nominee).where(Nominee.id.in_(
            select(Conflict.nominee_id).where(Conflict.judge_id.in_(_judges_of(event_id)))))
        .order_by(Nominee.last_name, Nominee.first_name, Nominee.date_of_birth, Nominee.id)
    ))


def judging_section(
    session: Session, event_id: int, *, nominee_keys: Mapping[int, str],
    judges: Mapping[int, dict[str, str]],
) -> dict[str, list[dict[str, Any]]]:
    """The ``judging`` object of the event JSON, each list in an order that ignores ids."""
    categories = {cid: (order, name) for cid, order, name in session.execute(
        select(Category.id, Category.display_order, Category.name)
        .where(Category.event_id == event_id))}
    numbers = dict(session.execute(
        select(Nomination.id, Nomination.number).where(Nomination.event_id == event_id)).all())
    by_judge = _judges_of(event_id)
    in_categories = list(categories)

    def judge(judge_id: int | None) -> dict[str, str] | None:
        return None if judge_id is None else dict(judges[judge_id])

    def ref(nomination_id: int | None) -> str | None:
        return None if nomination_id is None else format_ref(numbers[nomination_id])

    submissions = [
        {"category": categories[cid][1], "judge": judge(jid), "submitted_at": _plain(at)}
        for jid, cid, at in sorted(
            session.execute(
                select(Submission.judge_id, Submission.category_id, Submission.submitted_at)
                .where(Submission.judge_id.in_(by_judge))),
            key=lambda row: (categories[row[1]], *judges[row[0]].values()))
    ]
    conflicts = sorted(
        ({"judge": judge(c.judge_id), "nomination": ref(c.nomination_id),
          "nominee": None if c.nominee_id is None else nominee_keys[c.nominee_id],
          "kind": _plain(c.kind), "note": c.note, "declared_by": c.declared_by,
          "created_at": _plain(c.created_at)}
         for c in session.scalars(select(Conflict).where(Conflict.judge_id.in_(by_judge)))),
        key=lambda c: (*c["judge"].values(), c["created_at"], c["nomination"] or "",
                       c["nominee"] or "", c["kind"], c["note"], c["declared_by"]),
    )
    casting = [
        {"category": categories[d.category_id][1], "nomination": ref(d.nomination_id),
         "position": d.position, "judge": judge(d.judge_id), "reason": d.reason,
         "decided_at": _plain(d.decided_at)}
        for d in sorted(
            session.scalars(select(CastingDecision)
                            .where(CastingDecision.category_id.in_(in_categories))),
            key=lambda d: (categories[d.category_id], d.position, numbers[d.nomination_id]))
    ]
    placements = [
        {"category": categories[p.category_id][1], "nomination": ref(p.nomination_id),
         "placement": p.placement, "rank": p.rank, "score": p.score,
         "normalised_score": p.normalised_score, "tie_break": p.tie_break,
         "confirmed_at": _plain(p.confirmed_at)}
        for p in sorted(
            session.scalars(select(ConfirmedPlacement)
                            .where(ConfirmedPlacement.category_id.in_(in_categories))),
            key=lambda p: (categories[p.category_id], p.rank is None, p.rank or 0,
                           numbers[p.nomination_id]))
    ]
    return {"scorecards": _scorecards(session, event_id, judges, numbers),
            "submissions": submissions, "conflicts": conflicts,
            "casting_decisions": casting, "placements": placements}


def _scorecards(
    session: Session, event_id: int, judges: Mapping[int, dict[str, str]],
    numbers: Mapping[int, int],
) -> list[dict[str, Any]]:
    """One judge's scores and comment for one nomination, by nomination then judge."""
    criteria = {cid: (order, name) for cid, order, name in session.execute(
        select(Criterion.id, Criterion.display_order, Criterion.name)
        .join(Category, Category.id == Criterion.category_id)
        .where(Category.event_id == event_id))}
    in_event = select(Nomination.id).where(Nomination.event_id == event_id)
    cards: dict[tuple[int, int], dict[str, Any]] = {}

    def card(judge_id: int, nomination_id: int) -> dict[str, Any]:
        return cards.setdefault((judge_id, nomination_id),
                                {"scores": [], "scored_at": None, "comment": None})

    for judge_id, nomination_id, criterion_id, value, updated_at in session.execute(
        select(Score.judge_id, Score.nomination_id, Score.criterion_id, Score.value,
               Score.updated_at)
        .where(Score.nomination_id.in_(in_event), Score.judge_id.in_(_judges_of(event_id)))
    ):
        entry = card(judge_id, nomination_id)
        entry["scores"].append((*criteria[criterion_id], value))
        entry["scored_at"] = max(filter(None, (entry["scored_at"], updated_at)))
    for judge_id, nomination_id, comment in session.execute(
        select(ScoreComment.judge_id, ScoreComment.nomination_id, ScoreComment.comment)
        .where(ScoreComment.nomination_id.in_(in_event),
               ScoreComment.judge_id.in_(_judges_of(event_id)))
    ):
        card(judge_id, nomination_id)["comment"] = comment
    return [
        {
            "nomination": format_ref(numbers[nomination_id]),
            "judge": dict(judges[judge_id]),
            "scores": {name: value for _order, name, value in sorted(entry["scores"])},
            "scored_at": _plain(entry["scored_at"]),
            "comment": entry["comment"],
        }
        for (judge_id, nomination_id), entry in sorted(
            cards.items(), key=lambda item: (numbers[item[0][1]], *judges[item[0][0]].values()))
    ]


def _atomic_write(path: Path, writer: Callable[[Path], None]) -> None:
    """Write to a temporary file and rename: a cancelled or failed export leaves nothing."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        writer(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


NOMINATION_EXPORT_HEADER = (
    "ref", "status", "category", "nominee_first_name", "nominee_last_name",
    "nominee_preferred_name", "nominee_date_of_birth", "out_of_area", "do_not_publish",
    "consent_certificate_name", "consent_public", "consent_photo", "nominator_name",
    "nominator_email", "nominator_team", "success", "obstacles", "nominee_voice",
    "nominee_aware", "age_override_reason", "withdrawn_reason", "citation", "created_at",
    "updated_at",
)


def _yes_no(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value == "not_asked" else str(value)


def nomination_rows(document: dict[str, Any]) -> Iterator[list[Any]]:
    nominees = {p["key"]: p for p in document["nominees"]}
    workers = {w["key"]: w for w in document["workers"]}
    for n in document["nominations"]:
        p = nominees[n["nominee"]]
        w = workers.get(n["worker"] or "", {})
        yield [
            n["ref"], n["status"], n["category"], p["first_name"], p["last_name"],
            p["preferred_name"], p["date_of_birth"], _yes_no(p["out_of_area"]),
            _yes_no(p["do_not_publish"]), _yes_no(p["consent_certificate_name"]),
            _yes_no(p["consent_public"]), _yes_no(p["consent_photo"]), w.get("name", ""),
            w.get("email") or "", w.get("team", ""), n["success"], n["obstacles"],
            n["nominee_voice"], _yes_no(n["nominee_aware"]), n["age_override_reason"],
            n["withdrawn_reason"], n["citation"], n["created_at"], n["updated_at"],
        ]


def _sheets(document: dict[str, Any]) -> Iterator[tuple[str, list[str], list[list[Any]]]]:
    event = document["event"]
    yield "Event", list(event), [[
        _yes_no(v) if isinstance(v, bool) else ", ".join(v) if isinstance(v, list) else v
        for v in event.values()
    ]]
    yield "Nominations", list(NOMINATION_EXPORT_HEADER), list(nomination_rows(document))
    yield "Categories", list(CATEGORY_KEYS), [
        [c[k] for k in CATEGORY_KEYS] for c in document["categories"]
    ]
    yield "Criteria", ["category", *CRITERION_KEYS], [
        [c["name"], *(k[key] for key in CRITERION_KEYS)]
        for c in document["categories"] for k in c["criteria"]
    ]
    yield "Sponsors", [*SPONSOR_KEYS, "categories"], [
        [*(s[k] for k in SPONSOR_KEYS), "; ".join(s["categories"])] for s in document["sponsors"]
    ]
    yield "Judges", ["sponsor", *JUDGE_KEYS], [
        [s["name"], *(j[k] for k in JUDGE_KEYS)] for s in document["sponsors"] for j in s["judges"]
    ]
    yield "Workers", list(WORKER_KEYS), [[w[k] for k in WORKER_KEYS] for w in document["workers"]]
    yield "Nominees", list(NOMINEE_KEYS), [
        [p[k] for k in NOMINEE_KEYS] for p in document["nominees"]
    ]


def export_event(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    include_pins: bool = False,
) -> int:
    """Write the event to ``path`` as .json, .csv (nominations) or .xlsx (every table);
    judges' PIN hashes only with ``include_pins``.

    Returns the number of nominations written.
    """
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx"):
        raise ValidationError.single("out", f"'{path.name}' must end in .json, .csv or .xlsx")
    document = event_document(session, event_id, include_pins=include_pins)
    total = len(document["nominations"])

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The export was cancelled; no file was written.")

    def write_json(target: Path) -> None:
        check()
        target.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", "utf-8")

    def write_csv_file(target: Path) -> None:
        check()
        write_csv(target, NOMINATION_EXPORT_HEADER, nomination_rows(document))

    def write_xlsx(target: Path) -> None:
        # openpyxl loads only for .xlsx files (start-up time)
        import openpyxl
        from openpyxl.styles import Font

        book = openpyxl.Workbook(write_only=True)
        bold = Font(bold=True)
        for title, header, rows in _sheets(document):
            check()
            sheet = book.create_sheet(title)
            sheet.freeze_panes = "A2"
            cells = []
            for text in header:
                cell = openpyxl.cell.WriteOnlyCell(sheet, value=text)
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)
            for row in rows:
                sheet.append([neutralise(v) if isinstance(v, str) else v for v in row])
        book.save(target)

    writers = {".json": write_json, ".csv": write_csv_file, ".xlsx": write_xlsx}
    _atomic_write(path, writers[suffix])
    if progress is not None:
        progress(total, total)
    return total
