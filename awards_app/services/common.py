"""Small helpers shared by the service modules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from awards_app.core.errors import NotFoundError
from awards_app.db.models import AuditEntry, Base

M = TypeVar("M", bound=Base)


def get(session: Session, model: type[M], record_id: int, label: str) -> M:
    record = session.get(model, record_id)
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
    """Record what changed. Summaries hold references and names of fields, never narratives."""
    session.add(
        AuditEntry(
            action=action, entity=entity, entity_id=entity_id, event_id=event_id, summary=summary
        )
    )


def check_keys(changes: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"{what} has no field(s) {', '.join(sorted(unknown))}")
