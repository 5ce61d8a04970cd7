"""Exporting a whole event (JSON, CSV, XLSX) and loading an event JSON into a database.

The JSON format ("awards-app/event", version 1) is documented in README.md. References
inside the file use export-local keys (C…, P…, W…) so that the same event exported from
two databases gives the same file.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from awards_app import __version__
from awards_app.core.errors import Cancelled, ValidationError
from awards_app.db.models import Category, Nomination, Sponsor
from awards_app.services.events import get_event
from awards_app.services.tabular import neutralise, write_csv

FORMAT = "awards-app/event"
FORMAT_VERSION = 1
Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]

EVENT_KEYS = ("name", "year", "ceremony_date", "venue", "nomination_deadline", "min_age",
              "max_age", "min_words", "max_words", "status")
CATEGORY_KEYS = ("name", "description", "display_order", "winners_count", "runners_up_count",
                 "highly_commended_count", "active")
CRITERION_KEYS = ("name", "guidance", "weight", "scale_min", "scale_max")
SPONSOR_KEYS = ("name", "contact_name", "contact_email", "contact_phone", "notes", "active")
JUDGE_KEYS = ("name", "email", "active")
WORKER_KEYS = ("name", "email", "team", "active")
NOMINEE_KEYS = ("first_name", "last_name", "preferred_name", "date_of_birth", "out_of_area",
                "consent_certificate_name", "consent_public", "consent_photo", "do_not_publish")
NOMINATION_KEYS = ("success", "obstacles", "nominee_voice", "nominee_aware", "status",
                   "age_override_reason", "withdrawn_reason", "citation", "created_at",
                   "updated_at")


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


def event_document(session: Session, event_id: int) -> dict[str, Any]:
    """Everything about one event as plain JSON-ready data."""
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
    order = {c.id: c.display_order for c in categories}
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "event": {**_pick(event, EVENT_KEYS), "next_ref": event.next_ref},
        "categories": [
            {**_pick(c, CATEGORY_KEYS), "criteria": [_pick(k, CRITERION_KEYS) for k in c.criteria]}
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
                "judges": [_pick(j, JUDGE_KEYS) for j in s.judges],
            }
            for s in sponsors
        ],
        "workers": workers,
        "nominees": nominees,
        "nominations": [
            {
                "ref": n.ref,
                "category": category_names[n.category_id],
                "nominee": nominee_keys[n.nominee_id],
                "worker": worker_keys.get(n.worker_id) if n.worker_id else None,
                **_pick(n, NOMINATION_KEYS),
            }
            for n in nominations
        ],
    }


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
    yield "Event", list(event), [[_yes_no(v) if isinstance(v, bool) else v for v in event.values()]]
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
) -> int:
    """Write the event to ``path`` as .json, .csv (nominations) or .xlsx (every table).

    Returns the number of nominations written.
    """
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv", ".xlsx"):
        raise ValidationError.single("out", f"'{path.name}' must end in .json, .csv or .xlsx")
    document = event_document(session, event_id)
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
