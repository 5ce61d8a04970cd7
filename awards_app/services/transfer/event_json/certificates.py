"""The certificate part of an event JSON (format version 3): written by exports.py, read here.

A coordinator who moves an event to another laptop must not lose a certificate: after the
import every code verifies as before, reprints the same frozen fields under the same code and
QR mask, and keeps its whole log. So the file carries:

- ``nominations[].certificate_name_override`` and ``certificate_name_reason``;
- ``certificate_settings``: the design (``page_size``, ``border_style``, ``accent_colour``,
  ``verify_template``, the two signatures' names and roles), images as base64 (PNG or JPEG)
  or null; null when the event never saved any, so the defaults apply;
- ``certificates``, by issue time then code: ``nomination`` (its ref), ``code`` (shown form,
  ``7KQM-3XTR-9VWZ-H``), the frozen fields (``design``, ``placement``, ``recipient_name``,
  ``category_name``, ``event_name``, ``event_year``, ``ceremony_date``, ``sponsor_name``,
  ``citation``, ``verification_text``), ``qr_mask``, ``issued_at``, ``last_printed_at``,
  ``print_count``, ``revoked_at``, ``revoked_reason``, ``replaced_by`` (a code in this file, or
  null) and ``log`` (``seq``, ``action``, ``at``, ``reason``, ``detail``; oldest first).
  ``seq`` is the entry's place (1, 2, …) in the event's whole log: a print run logs all its
  certificates at one moment, and ``seq`` keeps them in the order they were printed.

Certificate times are written to the microsecond (other times in the file to the second) so
the log comes back with the very same times and order. Codes are unique across every event
in a database, so a file whose codes are already stored here is refused. Every problem is
reported at once with its path in the file; nothing is stored unless all is well.
"""

from __future__ import annotations

import base64
import binascii
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from awards_app.core import certificates as rules
from awards_app.core.codes import SAMPLE_CODE, format_code, is_valid, normalise_code
from awards_app.core.errors import FieldError, ValidationError
from awards_app.core.scoring import Placement
from awards_app.core.text import check_name, format_ref, normalise_name
from awards_app.core.validation import Checker
from awards_app.db.models import Certificate, CertificateLog, Nomination
from awards_app.db.models import CertificateSettings as SettingsRow
from awards_app.services.certificates.data import CORRECT, ISSUE, PRINT, REPRINT, REVOKE
from awards_app.services.judging.seals import seal_unsealed
from awards_app.services.certificates.settings import (
    IMAGE_FIELDS,
    SETTINGS_FIELDS,
    CertificateSettings,
    clean_settings,
)
from awards_app.services.transfer.event_json.fields import FileChecker
from awards_app.services.transfer.event_json.rows import StoredIds

LOG_ACTIONS = (ISSUE, PRINT, REPRINT, REVOKE, CORRECT)
#: frozen text fields and the longest each may be (generous: these are records, not input)
FROZEN_TEXT = {"recipient_name": 255, "category_name": 200, "event_name": 200,
               "sponsor_name": 4000, "citation": 4000, "verification_text": 400}
FROZEN_KEYS = ("design", "placement", "recipient_name", "category_name", "event_name",
               "event_year", "ceremony_date", "sponsor_name", "citation", "verification_text")


# --- export --------------------------------------------------------------------------------


def _moment(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def settings_section(session: Session, event_id: int) -> dict[str, Any] | None:
    """The ``certificate_settings`` object, or None when the event never saved any."""
    row = session.get(SettingsRow, event_id)
    if row is None:
        return None
    values = {name: getattr(row, name) for name in SETTINGS_FIELDS}
    return {name: (base64.b64encode(value).decode("ascii") if value else None)
            if name in IMAGE_FIELDS else value for name, value in values.items()}


def certificates_section(session: Session, event_id: int) -> list[dict[str, Any]]:
    """The ``certificates`` list: every certificate of the event with its log."""
    certs = sorted(session.scalars(select(Certificate).where(Certificate.event_id == event_id)),
                   key=lambda c: (c.issued_at, c.code))
    numbers = dict(session.execute(
        select(Nomination.id, Nomination.number).where(Nomination.event_id == event_id)).all())
    replacements = [c.replaced_by_id for c in certs if c.replaced_by_id is not None]
    codes = dict(session.execute(select(Certificate.id, Certificate.code).where(
        Certificate.id.in_(replacements))).all()) if replacements else {}
    logs: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for seq, entry in enumerate(session.scalars(
        select(CertificateLog).join(Certificate, Certificate.id == CertificateLog.certificate_id)
        .where(Certificate.event_id == event_id).order_by(CertificateLog.at, CertificateLog.id)
    ), start=1):
        logs[entry.certificate_id].append({"seq": seq, "action": entry.action,
                                           "at": _moment(entry.at), "reason": entry.reason,
                                           "detail": entry.detail})
    return [
        {
            "nomination": format_ref(numbers[c.nomination_id]),
            "code": format_code(c.code),
            **{key: getattr(c, key) for key in FROZEN_KEYS},
            "ceremony_date": c.ceremony_date.isoformat() if c.ceremony_date else None,
            "qr_mask": c.qr_mask,
            "issued_at": _moment(c.issued_at),
            "last_printed_at": _moment(c.last_printed_at),
            "print_count": c.print_count,
            "revoked_at": _moment(c.revoked_at),
            "revoked_reason": c.revoked_reason,
            "replaced_by": format_code(codes[c.replaced_by_id]) if c.replaced_by_id else None,
            "log": logs[c.id],
        }
        for c in certs
    ]


# --- import --------------------------------------------------------------------------------


def clean_name_override(c: Checker, spec: Mapping[str, Any]) -> dict[str, str]:
    """A nomination's certificate name override and its reason (absent before version 3),
    checked as set_name_override checks them: a name needs a reason."""
    override, reason = spec.get("certificate_name_override"), spec.get("certificate_name_reason")
    for key, value in (("certificate_name_override", override),
                       ("certificate_name_reason", reason)):
        if value is not None and not isinstance(value, str):
            c.add(key, "must be text")
    name = normalise_name(override) if isinstance(override, str) else ""
    why = " ".join(c.text("certificate_name_reason", reason if isinstance(reason, str) else "",
                          max_length=1000).split())
    if name:
        try:
            check_name(name, max_length=rules.OVERRIDE_MAX_LENGTH)
        except ValueError as exc:
            c.add("certificate_name_override", str(exc))
        if not why:
            c.add("certificate_name_reason", "say why this certificate does not follow the "
                                             "consent rule")
    return {"certificate_name_override": name, "certificate_name_reason": why if name else ""}


@dataclass(frozen=True)
class CertificatePlan:
    """The certificate part of a file, checked, for :func:`store_certificates`."""

    settings: CertificateSettings | None
    rows: tuple[Mapping[str, Any], ...]  # Certificate columns, no ids; nomination by place
    replaced_by: Mapping[str, str]  # code → its replacement's code
    logs: tuple[tuple[str, Mapping[str, Any]], ...]  # (code, entry), in the event's log order
    paths: Mapping[str, str]  # code → where the file gives it

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass
class CertificatePart(FileChecker):
    """The checked certificate part of a file, ready to store (``errors`` empty) or not."""

    settings: CertificateSettings | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)  # Certificate columns, no ids
    replaced_by: dict[str, str] = field(default_factory=dict)  # code → its replacement's code
    logs: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # seq → entry
    seen_seqs: dict[int, str] = field(default_factory=dict)  # seq → where the file gives it
    paths: dict[str, str] = field(default_factory=dict)  # code → where the file gives it

    def plan(self) -> CertificatePlan:
        """The checked part as plain, frozen data; ValidationError if it had problems."""
        self.raise_if_any()
        return CertificatePlan(
            settings=self.settings, rows=tuple(self.rows), replaced_by=dict(self.replaced_by),
            logs=tuple(entry for _seq, entry in sorted(self.logs.items())),
            paths=dict(self.paths))

    def count(self, path: str, value: Any, minimum: int, maximum: int | None = None) -> int:
        """A whole number, or ``minimum`` (the problem noted) when the file has none."""
        found = self.whole(path, value, minimum=minimum, maximum=maximum)
        return minimum if found is None else found

    def exact_text(self, path: str, value: Any, max_length: int) -> str:
        """Frozen text, kept exactly as printed ("" and the problem noted when not text)."""
        return self.text(path, value, max_length=max_length, exact=True) or ""

    def code(self, path: str, value: Any) -> str | None:
        """A code as the file writes it (shown form, or the 13 symbols without dashes)."""
        normal = value.replace("-", "") if isinstance(value, str) else ""
        if not is_valid(normal) or value not in (normal, format_code(normal)):
            self.add(path, f"{value!r} is not a valid certificate code (they look like "
                           f"{format_code(SAMPLE_CODE)})")
            return None
        return normal


def certificates_size(document: Mapping[str, Any]) -> int:
    """How many certificates the file holds, for progress."""
    found = document.get("certificates")
    return len(found) if isinstance(found, list) else 0


def taken_codes(session: Session, paths: Mapping[str, str]) -> list[FieldError]:
    """A problem for each of the file's codes (``paths``: code → where the file gives it, in
    the file's order) already on a certificate in this database."""
    if not paths:
        return []
    order = {code: n for n, code in enumerate(paths)}
    return [
        FieldError(f"{paths[code]}.code",
                   f"{format_code(code)} is already on a certificate in this database; codes "
                   "are unique across all events, so this event's certificates may have been "
                   "imported here before")
        for code in sorted(session.scalars(select(Certificate.code).where(
            Certificate.code.in_(list(paths)))), key=order.__getitem__)
    ]


def read_certificates(
    session: Session, document: Mapping[str, Any], *, nominations: Mapping[str, int]
) -> CertificatePart:
    """Check the file's certificate settings and certificates (``nominations``: ref → the
    nomination's place in the plan, which the rows' ``nomination_id`` then hold). Reads only;
    problems are collected in ``errors``."""
    part = CertificatePart()
    part.settings = _settings(part, document.get("certificate_settings"))
    specs = document.get("certificates")
    if specs is None:
        return part
    if not isinstance(specs, list):
        part.add("certificates", "must be a list")
        return part
    codes: list[str | None] = []
    first_path: dict[str, str] = {}  # code → where the file first gives it
    for i, spec in enumerate(specs):
        code = part.code(f"certificates[{i}].code", spec.get("code")
                         ) if isinstance(spec, dict) else None
        if code is not None and code in first_path:
            part.add(f"certificates[{i}].code", f"repeats {first_path[code]}: "
                                                f"{format_code(code)}")
            code = None
        elif code is not None:
            first_path[code] = f"certificates[{i}]"
        codes.append(code)
    part.errors.extend(taken_codes(session, first_path))
    part.paths.update(first_path)
    live: dict[int, str] = {}  # nomination id → its unrevoked certificate's path
    for i, (spec, code) in enumerate(zip(specs, codes, strict=True)):
        path = f"certificates[{i}]"
        if not isinstance(spec, dict):
            part.add(path, "must be an object")
            continue
        row = _certificate(part, path, spec, nominations, code, first_path)
        log = _log(part, path, spec.get("log"))
        if code is not None:
            part.logs.update((seq, (code, entry)) for seq, entry in log)
        nomination_id = row["nomination_id"]
        if nomination_id is not None and spec.get("revoked_at") is None:
            if nomination_id in live:
                part.add(f"{path}.nomination",
                         f"'{spec['nomination']}' already has an unrevoked certificate at "
                         f"{live[nomination_id]}; only one may be live (the other needs "
                         "revoked_at)")
            live[nomination_id] = path
        if code is not None:
            part.rows.append(row)
    return part


def _certificate(
    part: CertificatePart, path: str, spec: Mapping[str, Any], nominations: Mapping[str, int],
    code: str | None, known: Mapping[str, str],
) -> dict[str, Any]:
    """One certificate's columns (without ids) from the file."""
    ref = spec.get("nomination")
    nomination_id = nominations.get(ref) if isinstance(ref, str) else None
    if nomination_id is None:
        part.add(f"{path}.nomination", f"'{ref}' is not a nomination ref in this file")
    row: dict[str, Any] = {"nomination_id": nomination_id, "code": code}
    for key in ("design", "placement"):
        choices = rules.DESIGNS if key == "design" else tuple(p.value for p in Placement)
        if spec.get(key) not in choices:
            part.add(f"{path}.{key}", f"{spec.get(key)!r} is not one of {', '.join(choices)}")
        row[key] = spec.get(key)
    for key, limit in FROZEN_TEXT.items():
        row[key] = part.exact_text(f"{path}.{key}", spec.get(key), limit)
    if code is not None and normalise_code(row["verification_text"]) != code:
        part.add(f"{path}.verification_text", "does not hold the certificate's code, so its "
                                              "QR would not verify")
    row["event_year"] = part.count(f"{path}.event_year", spec.get("event_year"), 1)
    ceremony = spec.get("ceremony_date")
    try:
        row["ceremony_date"] = None if ceremony is None else date.fromisoformat(ceremony)
    except (TypeError, ValueError):
        part.add(f"{path}.ceremony_date", f"{ceremony!r} is not a date (YYYY-MM-DD) or null")
    row["qr_mask"] = part.count(f"{path}.qr_mask", spec.get("qr_mask"), 0, 7)
    row["print_count"] = part.count(f"{path}.print_count", spec.get("print_count"), 0)
    row["issued_at"] = part.when(f"{path}.issued_at", spec.get("issued_at"))
    row["last_printed_at"] = part.when(f"{path}.last_printed_at", spec.get("last_printed_at"),
                                       optional=True)
    row["revoked_at"] = part.when(f"{path}.revoked_at", spec.get("revoked_at"), optional=True)
    row["revoked_reason"] = part.exact_text(f"{path}.revoked_reason",
                                            spec.get("revoked_reason", ""), 4000)
    newer = spec.get("replaced_by")
    if newer is not None:
        replacement = part.code(f"{path}.replaced_by", newer)
        if replacement is not None and replacement not in known:
            part.add(f"{path}.replaced_by", f"{newer!r} is not a certificate code in this file")
        elif replacement is not None and replacement == code:
            part.add(f"{path}.replaced_by", "names the certificate itself")
        elif replacement is not None and code is not None:
            part.replaced_by[code] = replacement
        if spec.get("revoked_at") is None:
            part.add(f"{path}.revoked_at", "is empty, but a replaced certificate is revoked; "
                                           "give the time it was revoked")
    return row


def _log(part: CertificatePart, path: str, entries: Any) -> list[tuple[int, dict[str, Any]]]:
    """One certificate's log entries, each with its place in the event's log."""
    if not isinstance(entries, list):
        part.add(f"{path}.log", "must be a list (oldest entry first)")
        return []
    out: list[tuple[int, dict[str, Any]]] = []
    for j, entry in enumerate(entries):
        where = f"{path}.log[{j}]"
        if not isinstance(entry, dict):
            part.add(where, "must be an object")
            continue
        action = entry.get("action")
        if action not in LOG_ACTIONS:
            part.add(f"{where}.action", f"{action!r} is not one of {', '.join(LOG_ACTIONS)}")
        at = part.when(f"{where}.at", entry.get("at"))
        seq = part.count(f"{where}.seq", entry.get("seq"), 1)
        before = out[-1] if out else None
        if before is not None and at is not None and before[1]["at"] is not None and (
                at < before[1]["at"]):
            part.add(f"{where}.at", "is earlier than the entry before it; list the log "
                                    "oldest first")
        elif seq != entry.get("seq"):
            pass  # not a whole number: reported
        elif before is not None and seq <= before[0]:
            part.add(f"{where}.seq", f"{seq} does not follow the entry before it "
                                     f"({before[0]}); list the log oldest first")
        elif seq in part.seen_seqs:
            part.add(f"{where}.seq", f"repeats {part.seen_seqs[seq]}: each entry has its own "
                                     "place in the event's log")
        part.seen_seqs.setdefault(seq, where)
        out.append((seq, {"action": action, "at": at,
                          "reason": part.exact_text(f"{where}.reason", entry.get("reason", ""),
                                                    4000),
                          "detail": part.exact_text(f"{where}.detail", entry.get("detail", ""),
                                                    4000)}))
    return out


def _settings(part: CertificatePart, spec: Any) -> CertificateSettings | None:
    """The file's settings, checked as the design window checks them, or None."""
    if spec is None:
        return None
    if not isinstance(spec, dict):
        part.add("certificate_settings", "must be an object, or null for the defaults")
        return None
    where = "certificate_settings"
    values: dict[str, Any] = {}
    for key in spec.keys() - set(SETTINGS_FIELDS):
        part.add(f"{where}.{key}", "is not a certificate setting")
    defaults = asdict(CertificateSettings())
    for f in fields(CertificateSettings):
        value = spec.get(f.name, defaults[f.name])
        if f.name in IMAGE_FIELDS:
            try:
                values[f.name] = base64.b64decode(value, validate=True) if value else None
            except (binascii.Error, TypeError, ValueError):
                part.add(f"{where}.{f.name}", "is not base64 image data")
        elif isinstance(value, str):
            values[f.name] = value
        else:
            part.add(f"{where}.{f.name}", "must be text")
    if len(values) < len(SETTINGS_FIELDS):
        return None
    try:
        return clean_settings(CertificateSettings(**values))
    except ValidationError as exc:
        part.errors.extend(FieldError(f"{where}.{e.field}", e.message) for e in exc.errors)
        return None


def store_certificates(session: Session, plan: CertificatePlan, ids: StoredIds) -> None:
    """Store a checked part for the stored event (``ids``: where the plan's places went).
    Stored last, it then seals the new event's records (all written by bulk inserts)."""
    if plan.settings is not None:
        session.add(SettingsRow(event_id=ids.event, **asdict(plan.settings)))
    if plan.rows:
        _store_rows(session, plan, ids)
    seal_unsealed(session, event_id=ids.event, nominee_ids=ids.nominees)
    session.flush()


def _store_rows(session: Session, plan: CertificatePlan, ids: StoredIds) -> None:
    session.execute(insert(Certificate), [{**row, "event_id": ids.event}
                                          for row in ids.resolve(plan.rows)])
    stored = dict(session.execute(select(Certificate.code, Certificate.id).where(
        Certificate.event_id == ids.event)).all())
    if plan.replaced_by:
        session.execute(update(Certificate), [
            {"id": stored[code], "replaced_by_id": stored[newer]}
            for code, newer in plan.replaced_by.items()])
    # In the event's log order, so entries written at one moment keep their order.
    entries = [{"certificate_id": stored[code], **entry} for code, entry in plan.logs]
    if entries:
        session.execute(insert(CertificateLog), entries)
