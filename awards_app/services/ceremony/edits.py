"""Editing a placed young person's ceremony details from the Ceremony page: how to say their
name (on the young person), their seat or table (this event's ceremony seat) and the press
wording approved for their nomination.

Three records, saved as one action: each refuses a stale copy the way every editor does
(services.common): the nominee and the nomination by their versions and the fields shown,
the seat (which has no version) by the value the page loaded. Only what the person changed
is written, each with an audit entry naming the field, never its value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from awards_app.core.editing import Loaded, person_edits, same
from awards_app.core.errors import StaleEditError
from awards_app.core.validation import Checker
from awards_app.db.models import CeremonySeat, Nomination, Nominee
from awards_app.services.common import audit, ensure_current, get, last_change, write_changes

DETAIL_FIELDS = ("pronunciation", "seat", "press_wording")
DETAIL_LABELS = {"pronunciation": "how to say their name", "seat": "seat or table",
                 "press_wording": "approved press wording"}
PRONUNCIATION_MAX, SEAT_MAX, PRESS_WORDING_MAX = 200, 40, 2000


@dataclass(frozen=True)
class DetailsLoaded:
    """What the details editor loaded: the values, and both records' versions."""

    event_id: int
    nomination_id: int
    nominee_id: int
    nominee_version: int
    loaded: Loaded  # version: the nomination's; values keyed by DETAIL_FIELDS


def clean_details(c: Checker, data: Mapping[str, Any]) -> dict[str, str]:
    return {
        "pronunciation": c.text("pronunciation", data.get("pronunciation"),
                                max_length=PRONUNCIATION_MAX),
        "seat": c.text("seat", data.get("seat"), max_length=SEAT_MAX),
        "press_wording": c.text("press_wording", data.get("press_wording"),
                                max_length=PRESS_WORDING_MAX),
    }


def _seat(session: Session, event_id: int, nominee_id: int) -> CeremonySeat | None:
    return session.get(CeremonySeat, (event_id, nominee_id))


def details_for_edit(session: Session, *, event_id: int, nomination_id: int) -> DetailsLoaded:
    nomination = get(session, Nomination, nomination_id, "nomination")
    nominee = get(session, Nominee, nomination.nominee_id, "young person")
    seat = _seat(session, event_id, nominee.id)
    values = {"pronunciation": nominee.pronunciation or "",
              "seat": seat.seat if seat is not None else "",
              "press_wording": nomination.press_wording or ""}
    return DetailsLoaded(event_id, nomination.id, nominee.id, nominee.version,
                         Loaded(version=nomination.version, values=values))


def save_details(session: Session, *, event_id: int, nomination_id: int,
                 loaded: DetailsLoaded | None = None, **changes: Any) -> list[str]:
    """Save the changed details (see the module docstring). Without ``loaded`` (the CLI),
    no stale check and every value given is written. Returns the fields written."""
    nomination = get(session, Nomination, nomination_id, "nomination")
    nominee = get(session, Nominee, nomination.nominee_id, "young person")
    seat = _seat(session, event_id, nominee.id)
    original = loaded.loaded.original if loaded is not None else None
    stale: StaleEditError | None = None
    checks = ((nominee, "nominee", nominee.id, ("pronunciation",),
               loaded.nominee_version if loaded else None),
              (nomination, "nomination", nomination.id, ("press_wording",),
               loaded.loaded.version if loaded else None))
    for record, entity, record_id, shown, version in checks:
        try:
            ensure_current(session, record, entity=entity, entity_id=record_id,
                           labels=DETAIL_LABELS, expected_version=version,
                           original=None if original is None
                           else {k: original[k] for k in shown})
        except StaleEditError as error:
            stale = error if stale is None else stale.merged(error)
    stored_seat = seat.seat if seat is not None else ""
    if original is not None and not same(original["seat"], stored_seat):
        who, when = last_change(session, "ceremony_seat", nominee.id)
        moved = StaleEditError(who=who, when=when, fields=[DETAIL_LABELS["seat"]])
        stale = moved if stale is None else stale.merged(moved)
    if stale is not None:
        raise stale
    edits = person_edits({k: v for k, v in changes.items() if k in DETAIL_FIELDS}, original)
    c = Checker()
    current = {"pronunciation": nominee.pronunciation or "", "seat": stored_seat,
               "press_wording": nomination.press_wording or ""}
    data = clean_details(c, {**current, **edits})
    c.check()
    written = []
    if write_changes(nominee, {"pronunciation": data["pronunciation"]}):
        audit(session, "update", "nominee", nominee.id, summary="pronunciation")
        written.append("pronunciation")
    if write_changes(nomination, {"press_wording": data["press_wording"]}):
        audit(session, "update", "nomination", nomination.id, event_id=event_id,
              summary="press_wording")
        written.append("press_wording")
    if data["seat"] != stored_seat:
        if not data["seat"]:
            session.delete(seat)
        elif seat is None:
            session.add(CeremonySeat(event_id=event_id, nominee_id=nominee.id,
                                     seat=data["seat"]))
        else:
            seat.seat = data["seat"]
        audit(session, "update", "ceremony_seat", nominee.id, event_id=event_id,
              summary="seat")
        written.append("seat")
    return written
