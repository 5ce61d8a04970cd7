"""Loading an event exported as JSON (see exports.py) into this database, all or nothing.

Reads format versions 1 to 3; the judging part (version 2) is read by event_judging_json and
the certificate part (version 3) by event_certificates_json.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.enums import CriterionRole, NominationStatus
from awards_app.core.errors import Cancelled, FieldError, ValidationError
from awards_app.core.text import name_key
from awards_app.core.validation import Checker
from awards_app.db.models import Event, Judge, Nomination, Nominee, Worker
from awards_app.services.catalogue import categories as category_service
from awards_app.services import events as event_service
from awards_app.services.catalogue import sponsors as sponsor_service
from awards_app.services.catalogue.categories import LEGACY_OBSTACLES_NAME
from awards_app.services.common import audit
from awards_app.services.transfer.event_json.certificates import (
    certificates_size,
    clean_name_override,
    read_certificates,
    store_certificates,
)
from awards_app.services.transfer.event_json.judging import (
    ImportedKeys,
    JudgeKey,
    clean_pin_hash,
    judge_key,
    judging_size,
    load_judging,
)
from awards_app.services.transfer.event_json.fields import FORMAT, FORMAT_VERSION, MAX_ERRORS
from awards_app.services.nominations.records import clean_nomination
from awards_app.services.people import clean_nominee, clean_worker, find_nominee, find_worker_by_email

MAX_JSON_BYTES = 200 * 1024 * 1024
#: the judge copies of the narratives, with the lengths judging.set_judge_copy allows
JUDGE_COPY_LIMITS = {"judge_success": 40_000, "judge_obstacles": 40_000, "judge_voice": 20_000}


def _located(where: str, exc: ValidationError, source: str) -> ValidationError:
    return ValidationError(
        [FieldError(f"{where}.{e.field}", e.message) for e in exc.errors], source=source
    )


def _list(document: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValidationError.single(key, "must be a list of objects") from None
    return value


def _with_roles(criteria: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Files before format 4 carry no criterion roles: then, as those versions did, the
    criterion called "Obstacles overcome" breaks ties."""
    if any("role" in c for c in criteria):
        return criteria
    legacy = [c for c in criteria
              if isinstance(c.get("name"), str) and name_key(c["name"]) == LEGACY_OBSTACLES_NAME]
    if legacy:
        legacy[0]["role"] = CriterionRole.OBSTACLES.value
    return criteria


def read_document(path: Path) -> dict[str, Any]:
    source = path.name
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise ValidationError.single("file", "is larger than 200 MB")
        document = json.loads(path.read_bytes().decode("utf-8-sig"))
    except FileNotFoundError:
        raise ValidationError([FieldError("file", f"does not exist ({path})")], source=source) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError([FieldError("file", f"is not valid JSON ({exc})")], source=source) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError(
            [FieldError("format", f"is not an Awards App event export (expected '{FORMAT}')")],
            source=source,
        )
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValidationError(
            [FieldError("version", f"{version!r} is not a format version (1 to "
                                   f"{FORMAT_VERSION})")], source=source)
    if version > FORMAT_VERSION:
        raise ValidationError(
            [FieldError("version", f"{version!r} is newer than this program reads "
                                   f"({FORMAT_VERSION}); update Awards App")],
            source=source,
        )
    return document


def _timestamp(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def import_event(
    session: Session,
    *,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Event:
    """Create the exported event here, reusing nominees and workers this database knows.

    Cancelling raises ``Cancelled``; the caller's transaction then rolls everything back.
    """
    document = read_document(path)
    source = path.name

    def report(done: int, total: int) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("The event import was cancelled; nothing was stored.")
        if progress is not None:
            progress(done, total)

    try:
        return _load(session, document, source, report)
    except ValidationError as exc:
        if exc.source:
            raise
        raise ValidationError(exc.errors, source=source) from None


def _load(
    session: Session,
    document: dict[str, Any],
    source: str,
    progress: Callable[[int, int], None],
) -> Event:
    event_data = document.get("event")
    if not isinstance(event_data, dict):
        raise ValidationError.single("event", "is missing")
    details: dict[str, Any] = {
        k: event_data.get(k) for k in event_service.EVENT_FIELDS if k not in ("name", "year")
    }
    # Build the event open, then give it its real status (an archived one refuses edits).
    final_status = details.pop("status", None) or "setup"
    try:
        event = event_service.create_event(
            session, name=event_data.get("name", ""), year=event_data.get("year", ""),
            **details,
        )
    except ValidationError as exc:
        raise _located("event", exc, source) from None
    category_ids: dict[str, int] = {}
    for i, spec in enumerate(_list(document, "categories", source)):
        where = f"categories[{i}]"
        criteria = spec.get("criteria") or []
        try:
            category = category_service.create_category(
                session, event_id=event.id, name=spec.get("name", ""),
                criteria=_with_roles(
                    [{k: c.get(k) for k in c if k != "display_order"} for c in criteria]),
                **{k: spec.get(k) for k in ("description", "winners_count", "runners_up_count",
                                            "highly_commended_count") if k in spec},
            )
        except (ValidationError, TypeError) as exc:
            if isinstance(exc, TypeError):
                raise ValidationError.single(f"{where}.criteria", str(exc)) from None
            raise _located(where, exc, source) from None
        category.active = bool(spec.get("active", True))
        category_ids[category.name] = category.id
    judge_ids: dict[JudgeKey, int] = {}
    for i, spec in enumerate(_list(document, "sponsors", source)):
        where = f"sponsors[{i}]"
        try:
            logo = base64.b64decode(spec["logo"], validate=True) if spec.get("logo") else None
        except (binascii.Error, TypeError):
            raise ValidationError.single(f"{where}.logo", "is not base64 image data") from None
        try:
            sponsor = sponsor_service.create_sponsor(
                session, event_id=event.id, name=spec.get("name", ""), logo=logo,
                **{k: spec.get(k) for k in ("contact_name", "contact_email", "contact_phone",
                                            "notes")},
            )
            for name in spec.get("categories") or []:
                if name not in category_ids:
                    raise ValidationError.single("categories", f"'{name}' is not in this file")
                sponsor_service.sponsor_category(
                    session, sponsor_id=sponsor.id, category_id=category_ids[name]
                )
            for j, judge in enumerate(spec.get("judges") or []):
                try:
                    created: Judge = sponsor_service.create_judge(
                        session, sponsor_id=sponsor.id, name=judge.get("name", ""),
                        email=judge.get("email"),
                    )
                except ValidationError as exc:
                    raise _located(f"judges[{j}]", exc, source) from None
                created.active = bool(judge.get("active", True))
                try:
                    created.pin_hash = clean_pin_hash(judge.get("pin_hash"))
                except ValueError as exc:
                    raise ValidationError.single(f"judges[{j}].pin_hash", str(exc)) from None
                judge_ids[judge_key(sponsor.name, created.name)] = created.id
        except ValidationError as exc:
            raise _located(where, exc, source) from None
        sponsor.active = bool(spec.get("active", True))

    worker_ids: dict[str, int] = {}
    for i, spec in enumerate(_list(document, "workers", source)):
        c = Checker()
        data = clean_worker(c, spec)
        if c.errors:
            raise _located(f"workers[{i}]", ValidationError(c.errors), source)
        worker = find_worker_by_email(session, data["email"]) if data["email"] else None
        if worker is None:
            worker = Worker(**data, active=bool(spec.get("active", True)))
            session.add(worker)
            session.flush()
        worker_ids[str(spec.get("key"))] = worker.id
    nominees: dict[str, Nominee] = {}
    for i, spec in enumerate(_list(document, "nominees", source)):
        c = Checker()
        data = clean_nominee(c, spec)
        if c.errors:
            raise _located(f"nominees[{i}]", ValidationError(c.errors), source)
        nominee = find_nominee(session, first_name=data["first_name"],
                               last_name=data["last_name"], date_of_birth=data["date_of_birth"])
        if nominee is None:
            nominee = Nominee(**data)
            session.add(nominee)
            session.flush()
        nominees[str(spec.get("key"))] = nominee

    specs = _list(document, "nominations", source)
    total = len(specs) + judging_size(document) + certificates_size(document)
    progress(0, total)
    stored: list[Nomination] = []
    numbers: set[int] = set()
    live: set[tuple[int, int]] = set()
    for i, spec in enumerate(specs):
        where = f"nominations[{i}]"
        c = Checker()
        nominee = nominees.get(str(spec.get("nominee")))
        category_id = category_ids.get(str(spec.get("category")))
        ref = str(spec.get("ref", ""))
        number = int(ref[2:]) if ref.startswith("N-") and ref[2:].isdigit() else None
        if number is None or number in numbers:
            c.add("ref", f"'{ref}' is missing, malformed or repeated")
        if nominee is None:
            c.add("nominee", f"'{spec.get('nominee')}' is not a nominee key in this file")
        if category_id is None:
            c.add("category", f"'{spec.get('category')}' is not a category in this file")
        worker_key = spec.get("worker")
        if worker_key is not None and str(worker_key) not in worker_ids:
            c.add("worker", f"'{worker_key}' is not a worker key in this file")
        data = clean_nomination(
            c, event, spec, date_of_birth=nominee.date_of_birth if nominee else None,
            allow_withdrawn=True,
        )
        copies = {key: c.text(key, spec.get(key), max_length=limit)
                  for key, limit in JUDGE_COPY_LIMITS.items()}
        name_override = clean_name_override(c, spec)
        if nominee is not None and category_id is not None and data["status"] is not NominationStatus.WITHDRAWN:
            if (category_id, nominee.id) in live:
                c.add("nominee", "is nominated twice in the same category")
            live.add((category_id, nominee.id))
        if c.errors:
            raise _located(where, ValidationError(c.errors), source)
        assert number is not None and nominee is not None and category_id is not None
        numbers.add(number)
        created_at = _timestamp(spec.get("created_at"))
        updated_at = _timestamp(spec.get("updated_at"))
        nomination = Nomination(
            event_id=event.id, number=number, category_id=category_id, nominee_id=nominee.id,
            worker_id=worker_ids.get(str(worker_key)) if worker_key is not None else None,
            withdrawn_reason=str(spec.get("withdrawn_reason") or ""),
            **data, **copies, **name_override,
            **({"created_at": created_at} if created_at else {}),
            **({"updated_at": updated_at} if updated_at else {}),
        )
        session.add(nomination)
        stored.append(nomination)
        if (i + 1) % 100 == 0:
            progress(i + 1, total)
    session.flush()
    keys = ImportedKeys(
        event_id=event.id,
        categories={name_key(name): cid for name, cid in category_ids.items()},
        judges=judge_ids,
        nominations={n.ref: (n.id, n.category_id) for n in stored},
        nominees={key: nominee.id for key, nominee in nominees.items()},
    )
    # Checked before judging is stored, so that one report names the problems of both parts.
    certificates = read_certificates(session, document, nominations={
        ref: nomination_id for ref, (nomination_id, _) in keys.nominations.items()})
    try:
        load_judging(session, document, keys, lambda done: progress(len(specs) + done, total))
    except ValidationError as exc:
        raise ValidationError([*exc.errors, *certificates.errors[:MAX_ERRORS]]) from None
    store_certificates(session, certificates, event_id=event.id)
    next_ref = event_data.get("next_ref")
    event.next_ref = max([*numbers, 0]) + 1
    if isinstance(next_ref, int) and next_ref > event.next_ref:
        event.next_ref = next_ref
    try:
        event_service.update_event(session, event.id, status=final_status)
    except ValidationError as exc:
        raise _located("event", exc, source) from None
    session.flush()
    audit(session, "import", "event", event.id, event_id=event.id, summary=source)
    progress(total, total)
    return event
