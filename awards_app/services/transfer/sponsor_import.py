"""Importing sponsors, the categories they sponsor and their judges: all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.text import name_key
from awards_app.core.validation import Checker
from awards_app.services.catalogue import categories as category_service
from awards_app.services.catalogue import sponsors as sponsor_service
from awards_app.services.common import audit
from awards_app.services.events import ensure_editable, get_event
from awards_app.services.transfer.imports import (
    store_or_rehearse,
    SPONSOR_COLUMNS,
    SPONSOR_REQUIRED,
    ImportResult,
    IsCancelled,
    Progress,
    cell_text,
    check_cancel,
)
from awards_app.services.transfer.mapped_reading import read_mapped_table
from awards_app.services.transfer.mapping import ColumnMapping
from awards_app.services.transfer.tabular import read_table


def import_sponsors(
    session: Session,
    *,
    event_id: int,
    path: Path,
    progress: Progress | None = None,
    cancelled: IsCancelled | None = None,
    dry_run: bool = False,
    mapping: ColumnMapping | None = None,
) -> ImportResult:
    """Sponsors, their categories and judges; one row per sponsor × category (× judge), read
    through ``mapping`` when the file's columns are someone else's.

    ``dry_run`` does all the work inside a savepoint and rolls it back, so the checks made
    while storing (a judge's email already in use, a phone number) are exactly those of a
    real import, and nothing is kept.
    """
    event = get_event(session, event_id)
    ensure_editable(event)
    table = read_mapped_table(path, mapping) if mapping is not None else read_table(
        path, columns=SPONSOR_COLUMNS, required=SPONSOR_REQUIRED, preferred_sheets=("Sponsors",)
    )
    categories = {name_key(c.name): c for c in category_service.list_categories(session, event_id)}
    category_names = ", ".join(c.name for c in categories.values())
    errors: list[FieldError] = []
    # sponsor key -> (first row, details, category ids, judges by key)
    plans: dict[str, dict[str, Any]] = {}
    for row_number, row in table.rows:
        c = Checker(row=row_number)
        name = c.name("sponsor", cell_text(row, "sponsor"))
        contact = {
            "contact_name": c.name("contact_name", cell_text(row, "contact_name"), required=False),
            "contact_email": c.email("contact_email", cell_text(row, "contact_email")),
            "contact_phone": c.text("contact_phone", cell_text(row, "contact_phone"), max_length=40),
            "notes": c.text("notes", cell_text(row, "notes"), max_length=5000),
        }
        category_text = cell_text(row, "category").strip()
        category = categories.get(name_key(category_text)) if category_text else None
        if category_text and category is None:
            c.add("category", f"'{category_text}' is not a category of this event "
                              f"(choose from: {category_names})")
        judge_name = c.name("judge_name", cell_text(row, "judge_name"), required=False)
        judge_email = c.email("judge_email", cell_text(row, "judge_email"))
        if judge_email and not judge_name:
            c.add("judge_name", "is empty but a judge email is given")
        if c.errors:
            errors.extend(c.errors)
            continue
        plan = plans.setdefault(
            name_key(name), {"row": row_number, "name": name, "contact": {}, "categories": [],
                             "judges": {}}
        )
        for key, value in contact.items():
            if not value:
                continue
            earlier = plan["contact"].get(key)
            if earlier is not None and earlier[1] != value:
                errors.append(FieldError(key, f"'{value}' differs from row {earlier[0]} "
                                         f"('{earlier[1]}') for the same sponsor", row_number))
            else:
                plan["contact"].setdefault(key, (row_number, value))
        if category is not None and category.id not in plan["categories"]:
            plan["categories"].append(category.id)
        if judge_name:
            plan["judges"].setdefault(name_key(judge_name), (judge_name, judge_email))
    if errors:
        raise ValidationError(errors, source=table.source)

    return store_or_rehearse(session, lambda: _store_sponsors(
        session, event_id, plans, table.source, len(table.rows), progress, cancelled),
        dry_run=dry_run)


def _store_sponsors(
    session: Session,
    event_id: int,
    plans: dict[str, dict[str, Any]],
    source: str,
    row_count: int,
    progress: Progress | None,
    cancelled: IsCancelled | None,
) -> ImportResult:
    counts = {"new sponsors": 0, "sponsorships": 0, "new judges": 0}
    for done, plan in enumerate(plans.values(), start=1):
        check_cancel(cancelled)
        details = {k: v for k, (_row, v) in plan["contact"].items()}
        try:
            sponsor = sponsor_service.find_sponsor(session, event_id, plan["name"])
            if sponsor is None:
                sponsor = sponsor_service.create_sponsor(
                    session, event_id=event_id, name=plan["name"], **details
                )
                counts["new sponsors"] += 1
            else:
                blanks = {k: v for k, v in details.items() if not getattr(sponsor, k)}
                if blanks:
                    sponsor_service.update_sponsor(session, sponsor.id, **blanks)
            linked = {s.category_id for s in sponsor.sponsorships}
            for category_id in plan["categories"]:
                if category_id not in linked:
                    sponsor_service.sponsor_category(
                        session, sponsor_id=sponsor.id, category_id=category_id
                    )
                    counts["sponsorships"] += 1
            known = {name_key(j.name) for j in sponsor.judges}
            for key, (judge_name, judge_email) in plan["judges"].items():
                if key not in known:
                    sponsor_service.create_judge(
                        session, sponsor_id=sponsor.id, name=judge_name, email=judge_email
                    )
                    counts["new judges"] += 1
        except ValidationError as exc:
            raise ValidationError(
                [FieldError(e.field, e.message, plan["row"]) for e in exc.errors],
                source=source,
            ) from None
        if progress is not None:
            progress(done, len(plans))
    audit(session, "import", "sponsor", None, event_id=event_id,
          summary=f"{row_count} rows from {source}")
    return ImportResult(rows=row_count, created=counts["new sponsors"], details=counts)
