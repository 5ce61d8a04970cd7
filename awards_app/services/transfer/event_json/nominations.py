"""The nominations of an event JSON: each checked as the nominations service checks one
(``clean_nomination``, against the file's own event rules and young people), with its ref,
category, young person and worker resolved within the file, then written in bulk."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session

from awards_app.core.enums import NominationStatus
from awards_app.core.errors import ValidationError
from awards_app.core.text import MAX_REF, format_ref
from awards_app.core.validation import Checker
from awards_app.db.models import utcnow
from awards_app.services.ceremony.edits import PRESS_WORDING_MAX
from awards_app.services.nominations.records import EventRules, clean_nomination
from awards_app.services.transfer.event_json.certificates import clean_name_override
from awards_app.services.transfer.event_json.fields import located
from awards_app.services.transfer.event_json.people import PeoplePlan
from awards_app.services.transfer.event_json.rows import StoredIds
from awards_app.services.transfer.rows import TableRows, database_rows, write_rows

#: the judge copies of the narratives, with the lengths judging.set_judge_copy allows
JUDGE_COPY_LIMITS = {"judge_success": 40_000, "judge_obstacles": 40_000, "judge_voice": 20_000}
#: nominations written per statement (and between checks for Cancel)
CHUNK = 2000


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def check_nominations(
    specs: Sequence[Mapping[str, Any]],
    *,
    rules: EventRules,
    categories: Mapping[str, int],
    people: PeoplePlan,
    progress: Callable[[int], None],
) -> tuple[dict[str, Any], ...]:
    """Every nomination's columns, with its category, young person and worker given by
    their place in the plan (``category_id``, ``nominee_id``, ``worker_id``); the first
    nomination with problems raises them all, named by its path in the file."""
    rows: list[dict[str, Any]] = []
    numbers: set[int] = set()
    live: set[tuple[int, int]] = set()
    for i, spec in enumerate(specs):
        c = Checker()
        nominee = people.nominee_places.get(str(spec.get("nominee")))
        category = categories.get(str(spec.get("category")))
        ref = str(spec.get("ref", ""))
        digits = ref[2:] if ref.startswith("N-") else ""
        number = int(digits) if digits.isascii() and digits.isdigit() else None
        if number is not None and not 1 <= number <= MAX_REF:
            c.add("ref", f"'{ref}' is out of range; references run from N-0001 to "
                         f"{format_ref(MAX_REF)}")
        elif number is None or number in numbers:
            c.add("ref", f"'{ref}' is missing, malformed or repeated")
        if nominee is None:
            c.add("nominee", f"'{spec.get('nominee')}' is not a nominee key in this file")
        if category is None:
            c.add("category", f"'{spec.get('category')}' is not a category in this file")
        worker_key = spec.get("worker")
        worker = None if worker_key is None else people.worker_places.get(str(worker_key))
        if worker_key is not None and worker is None:
            c.add("worker", f"'{worker_key}' is not a worker key in this file")
        data = clean_nomination(
            c, rules, spec,
            date_of_birth=people.nominees[nominee]["date_of_birth"] if nominee is not None
            else None,
            allow_withdrawn=True,
        )
        copies = {key: c.text(key, spec.get(key), max_length=limit)
                  for key, limit in JUDGE_COPY_LIMITS.items()}
        name_override = clean_name_override(c, spec)
        source_id = c.text("source_id", spec.get("source_id"), max_length=200)
        press_wording = c.text("press_wording", spec.get("press_wording"),
                               max_length=PRESS_WORDING_MAX)
        if (nominee is not None and category is not None
                and data["status"] is not NominationStatus.WITHDRAWN):
            if (category, nominee) in live:
                c.add("nominee", "is nominated twice in the same category")
            live.add((category, nominee))
        if c.errors:
            raise located(f"nominations[{i}]", ValidationError(c.errors))
        assert number is not None
        numbers.add(number)
        rows.append({
            "number": number, "category_id": category, "nominee_id": nominee,
            "worker_id": worker, "withdrawn_reason": str(spec.get("withdrawn_reason") or ""),
            **data, **copies, **name_override, "source_id": source_id,
            "press_wording": press_wording,
            "created_at": _timestamp(spec.get("created_at")),
            "updated_at": _timestamp(spec.get("updated_at")),
        })
        if (i + 1) % 100 == 0:
            progress(i + 1)
    return tuple(rows)


def nomination_rows(dialect: Dialect, rows: Sequence[Mapping[str, Any]]) -> TableRows:
    """Checked nominations ready to write for the event (place 0); a nomination the file
    gives no times is created and updated now."""
    now = utcnow()
    return database_rows(dialect, "nomination", [
        {**row, "event_id": 0, "created_at": row["created_at"] or now,
         "updated_at": row["updated_at"] or now}
        for row in rows])


def store_nominations(
    session: Session,
    rows: TableRows,
    ids: StoredIds,
    progress: Callable[[int], None],
) -> list[int]:
    """Write the nominations for the stored event, people and categories (``ids``); their
    ids, in order. ``progress`` (nominations written) may raise Cancelled."""
    stored: list[int] = []
    total = len(rows.values)
    for start in range(0, total, CHUNK):
        progress(start)
        stored.extend(write_rows(session, rows.part(start, start + CHUNK), ids,
                                 read_ids=True))
    progress(total)
    return stored
