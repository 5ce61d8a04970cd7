"""Column mappings saved under a name (the ``import_mapping`` table), database-wide: next
year's form export has the same headers, and the mapping saved for it is proposed again.

A mapping is stored as its JSON file has it (:func:`.mapping.to_json`), with a digest of the
headers it was made for (:func:`.mapping.headers_key`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.errors import NotFoundError, ValidationError
from awards_app.core.text import normalise_text
from awards_app.db.models import ImportMapping
from awards_app.services.common import audit
from awards_app.services.transfer.mapped_reading import headers_of
from awards_app.services.transfer.mapping import (
    ColumnMapping,
    from_dict,
    from_json,
    headers_key,
    kind_fields,
    normalise_header,
    to_json,
)

NAME_MAX = 200


@dataclass(frozen=True)
class SavedMapping:
    name: str
    kind: str
    columns: int  # how many headers it names
    updated_at: datetime


def _row(session: Session, name: str) -> ImportMapping | None:
    wanted = normalise_text(name).casefold()
    for row in session.scalars(select(ImportMapping)):
        if row.name.casefold() == wanted:
            return row
    return None


def _mapping(row: ImportMapping) -> ColumnMapping:
    mapping = from_dict(json.loads(row.body), kind=row.kind, source=f"saved mapping {row.name}")
    return mapping.named(row.name)


def save_mapping(session: Session, name: str, mapping: ColumnMapping, *,
                 headers: Sequence[str] | None = None) -> ColumnMapping:
    """Save ``mapping`` as ``name`` (replacing a mapping of that name, for the same kind),
    for files with ``headers`` (default: the headers it names)."""
    clean = normalise_text(name)
    if not clean:
        raise ValidationError.single("name", "is empty; give the mapping a name to save it "
                                     "under (e.g. 'Council nomination form')")
    if len(clean) > NAME_MAX:
        raise ValidationError.single("name", f"is {len(clean)} characters long; the most "
                                     f"allowed is {NAME_MAX}")
    kind_fields(mapping.kind)
    named = mapping.named(clean)
    key = headers_key(headers if headers is not None else list(mapping.columns))
    row = _row(session, clean)
    if row is not None and row.kind != mapping.kind:
        raise ValidationError.single("name", f"'{row.name}' is already the name of a mapping "
                                     f"for {row.kind}; choose another name")
    if row is None:
        row = ImportMapping(name=clean, kind=mapping.kind, headers_key=key, body=to_json(named))
        session.add(row)
    else:
        row.name, row.headers_key, row.body = clean, key, to_json(named)
    session.flush()
    audit(session, "save", "import_mapping", row.id, summary=f"{mapping.kind} mapping")
    return named


def list_mappings(session: Session, kind: str | None = None) -> list[SavedMapping]:
    query = select(ImportMapping).order_by(ImportMapping.kind, ImportMapping.name)
    if kind is not None:
        query = query.where(ImportMapping.kind == kind)
    return [SavedMapping(r.name, r.kind, len(json.loads(r.body).get("columns", {})),
                         r.updated_at) for r in session.scalars(query)]


def get_mapping(session: Session, name: str, *, kind: str | None = None) -> ColumnMapping:
    """The mapping saved as ``name`` (any case); for ``kind``, if given."""
    row = _row(session, name)
    if row is None:
        raise NotFoundError(f"No mapping is saved as '{name}'. 'awards mappings list' shows "
                            "the saved ones.")
    if kind is not None and row.kind != kind:
        raise ValidationError.single("mapping", f"'{row.name}' maps {row.kind} files, not "
                                     f"{kind}")
    return _mapping(row)


def delete_mapping(session: Session, name: str) -> None:
    row = _row(session, name)
    if row is None:
        raise NotFoundError(f"No mapping is saved as '{name}'.")
    audit(session, "delete", "import_mapping", row.id, summary=f"{row.kind} mapping")
    session.delete(row)
    session.flush()


def mapping_for_headers(session: Session, kind: str, headers: Sequence[str]
                        ) -> ColumnMapping | None:
    """The saved mapping to propose for a file with ``headers``: one made for the same
    headers (case, spacing and punctuation ignored), else the most recent one that names
    every header; None if none fits."""
    key = headers_key(headers)
    rows = list(session.scalars(select(ImportMapping).where(ImportMapping.kind == kind)
                                .order_by(ImportMapping.updated_at.desc(),
                                          ImportMapping.id.desc())))
    for row in rows:
        if row.headers_key == key:
            return _mapping(row)
    wanted = {normalise_header(h) for h in headers if normalise_header(h)}
    for row in rows:
        named = {normalise_header(h) for h in json.loads(row.body).get("columns", {})}
        if wanted <= named:
            return _mapping(row)
    return None


def read_mapping_file(path: Path, *, kind: str) -> ColumnMapping:
    """A mapping from its JSON file; problems are named by key (and the file)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ValidationError.single("mapping", f"the file {path} does not exist") from None
    except (OSError, UnicodeDecodeError):
        raise ValidationError.single("mapping", f"the file {path} cannot be read as UTF-8 "
                                     "text") from None
    return from_json(text, kind=kind, source=path.name)


def resolve_mapping(session: Session, given: str, *, kind: str) -> ColumnMapping:
    """``--mapping NAME-or-FILE.json``: a mapping file when ``given`` ends in .json or names a
    file, else the mapping saved under that name."""
    path = Path(given)
    if path.suffix.lower() == ".json" or path.is_file():
        return read_mapping_file(path, kind=kind)
    return get_mapping(session, given, kind=kind)


def mapping_for_file(session: Session, kind: str, path: Path) -> str:
    """The name of the saved mapping that fits ``path``'s headers, or ""."""
    found = mapping_for_headers(session, kind, headers_of(
        path, preferred_sheets=kind_fields(kind).sheets))
    return found.name if found is not None else ""
