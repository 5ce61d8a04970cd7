"""Small helpers shared by the service modules: get, audit, check_keys, and what every
editing service shares — the stale-copy check, the person's own edits, and writing only
the fields that changed."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, same
from awards_app.core.errors import NotFoundError, StaleEditError
from awards_app.db.engine import actor_name
from awards_app.db.models import AuditEntry, Base

M = TypeVar("M", bound=Base)


#: the largest id a database can hold; anything above cannot name a record
MAX_ID = 2**63 - 1


def get(session: Session, model: type[M], record_id: int, label: str) -> M:
    record = session.get(model, record_id) if 0 < record_id <= MAX_ID else None
    if record is None:
        raise NotFoundError(f"There is no {label} with id {record_id}.")
    return record


def audit(
    session: Session,
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    event_id: int | None = None,
    summary: str = "",
) -> None:
    """Record what changed, and who did it. Summaries hold references and names of fields,
    never narratives."""
    session.add(
        AuditEntry(
            action=action, entity=entity, entity_id=entity_id, event_id=event_id,
            summary=summary, actor=actor_name(session),
        )
    )


def write_whole(path: Path, write: Callable[[Path], None]) -> None:
    """``write`` a file beside ``path``, then rename it: the file appears only when complete
    (a failed or cancelled write leaves nothing). A failure names ``path``, the file the
    person chose, never the temporary one."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        write(partial)
        os.replace(partial, path)
    except OSError as error:
        if error.filename is None or Path(error.filename) != partial:
            raise
        raise type(error)(error.errno, error.strerror, str(path)) from None
    finally:
        partial.unlink(missing_ok=True)


def check_keys(changes: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{what} has no field(s) {', '.join(sorted(unknown))}")


# --- editing a versioned record ----------------------------------------------------------
#
# An editor loads a record's fields and its ``version``; on save it passes both back
# (``expected_version``, ``original``) with what the form now holds. The service refuses the
# save when the record changed under the editor (``ensure_current``), works out which fields
# the person actually changed (``person_edits``), and writes only fields whose stored value
# changes, bumping the version once when it writes anything (``write_changes``). Without
# ``expected_version`` (the CLI, imports) there is no check and every field given is an edit.


class Versioned(Protocol):
    version: int


def load_for_edit(session: Session, model: type[M], record_id: int, names: Iterable[str],
                  label: str) -> Loaded:
    """A record's editable fields and version, as an editor loads (and reloads) them."""
    record = get(session, model, record_id, label)
    return Loaded(version=cast(Versioned, record).version, values=stored_values(record, names))


def stored_values(record: object, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(record, name) for name in names}


def ensure_current(
    session: Session,
    record: Versioned,
    *,
    entity: str,
    entity_id: int,
    labels: Mapping[str, str],
    expected_version: int | None,
    original: Mapping[str, Any] | None,
) -> None:
    """Refuse a save made from a stale copy: StaleEditError when ``record`` was edited since
    the editor loaded ``expected_version`` and something the editor shows (the fields in
    ``original``) is no longer what it loaded. An edit of fields this editor does not show
    (another editor of the same row) leaves its copy current. No check without
    ``expected_version``."""
    if expected_version is None or record.version == expected_version:
        return
    if original is None:
        changed: list[str] = []
    else:
        changed = [name for name, value in original.items()
                   if not same(value, getattr(record, name))]
        if not changed:
            return
    who, when = last_change(session, entity, entity_id)
    raise StaleEditError(who=who, when=when,
                         fields=[labels.get(name, name.replace("_", " ")) for name in changed])


def last_change(session: Session, entity: str, entity_id: int) -> tuple[str | None, datetime | None]:
    """Who last changed a record and when, from the audit trail. Who is None when it is not
    known, or when it was this same user (so: another of their windows)."""
    row = session.execute(
        select(AuditEntry.actor, AuditEntry.at)
        .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if row is None:
        return None, None
    actor, at = row
    return (actor if actor and actor != actor_name(session) else None), at


def write_changes(record: Versioned, data: Mapping[str, Any]) -> list[str]:
    """Set the fields of ``data`` whose value differs from the stored one, and bump the
    record's version once if any did. Returns the names of the fields written."""
    changed = [name for name, value in data.items() if getattr(record, name) != value]
    for name in changed:
        setattr(record, name, data[name])
    if changed:
        record.version += 1
    return changed

