"""One rule for who nominated (issue 13, item 6), in the window's editor and in the import:
a new nomination needs its nominator, in the same words both ways; a nomination stored
without one can still be corrected; a nominator who has left stays on their nominations."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from awards_app.core.errors import ValidationError
from awards_app.core.validation import NOMINATOR_NEEDED, Checker
from awards_app.db.engine import Database
from awards_app.db.models import Nomination
from awards_app.services import nominations, people
from awards_app.services.catalogue import categories
from tests.conftest import words
from tests.factories import nomination_rows
from tests.services.transfer.test_import_dry_run import run, write_rows

NOMINEE = {"first_name": "Amani", "last_name": "Okoro", "preferred_name": "",
           "date_of_birth": date(2006, 5, 4)}


def nomination(category_id: int, worker_id: int | None) -> dict[str, Any]:
    return {"category_id": category_id, "worker_id": worker_id,
            "success": words(30, "determined"), "obstacles": words(30, "resilient")}


def first_category(db: Database, event_id: int) -> int:
    with db.read_session() as s:
        return categories.category_rows(s, event_id)[0].id


def editor_save(db: Database, event_id: int, *, worker_id: int | None,
                nomination_id: int | None = None) -> int:
    """What the window's editor sends (``save_nomination_form``), as one unit of work."""
    category_id = first_category(db, event_id)
    with db.session() as s:
        nominee_id = None
        if nomination_id is not None:
            nominee_id = s.get(Nomination, nomination_id).nominee_id  # type: ignore[union-attr]
        return nominations.save_nomination_form(
            s, event_id=event_id, nomination_id=nomination_id, nominee_id=nominee_id,
            nominee=NOMINEE if nominee_id is None else {},
            nomination=nomination(category_id, worker_id))


def messages_for(error: ValidationError, field: str) -> list[str]:
    return [e.message for e in error.errors if e.field == field]


def test_the_rule() -> None:
    for given, stored_without, refused in ((True, False, False), (False, False, True),
                                           (False, True, False), (True, True, False)):
        c = Checker()
        c.nominator("worker", given=given, stored_without=stored_without)
        assert bool(c.errors) == refused, (given, stored_without)


def test_the_editor_and_the_import_refuse_a_new_nomination_without_a_nominator_alike(
        db: Database, event_id: int, tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as in_the_window:
        editor_save(db, event_id, worker_id=None)
    assert messages_for(in_the_window.value, "worker") == [NOMINATOR_NEEDED]

    row = {**nomination_rows(1)[0], "nominator_name": "", "nominator_email": "",
           "nominator_team": ""}
    with pytest.raises(ValidationError) as on_import:
        run(db, "nominations", event_id, write_rows(tmp_path / "rows.csv", [row]))
    assert messages_for(on_import.value, "nominator_name") == [NOMINATOR_NEEDED]
    assert [e.row for e in on_import.value.errors] == [2]  # named by its row, once
    with db.read_session() as s:
        assert s.query(Nomination).count() == 0  # neither stored anything


def test_the_editor_and_the_import_accept_a_new_nomination_with_its_nominator(
        db: Database, event_id: int, tmp_path: Path) -> None:
    with db.session() as s:
        worker_id = people.create_worker(s, name="Wendy Worker", email="wendy@council.example").id
    assert editor_save(db, event_id, worker_id=worker_id)
    result = run(db, "nominations", event_id, write_rows(tmp_path / "rows.csv",
                                                          nomination_rows(1)))
    assert result.created == 1


def test_a_nomination_stored_without_a_nominator_can_still_be_corrected(
        db: Database, event_id: int) -> None:
    """Made before the rule (or brought in from an older year's file): correcting its words
    must not be blocked by a question nobody can answer now."""
    category_id = first_category(db, event_id)
    with db.session() as s:
        nominee_id = people.create_nominee(s, **NOMINEE).id
        nomination_id = nominations.create_nomination(
            s, event_id=event_id, nominee_id=nominee_id, **nomination(category_id, None)).id
    assert editor_save(db, event_id, worker_id=None, nomination_id=nomination_id)


def test_a_nominator_who_has_left_stays_on_their_nomination(db: Database, event_id: int) -> None:
    with db.session() as s:
        worker_id = people.create_worker(s, name="Wendy Worker").id
    nomination_id = editor_save(db, event_id, worker_id=worker_id)
    with db.session() as s:
        people.withdraw_worker(s, worker_id, active=False)
    with db.read_session() as s:
        choices = nominations.worker_choices(s, keep=worker_id)
        assert [c.label for c in choices if c.id == worker_id] == ["Wendy Worker (has left)"]
        assert all(c.id != worker_id for c in nominations.worker_choices(s))  # not for new ones
    assert editor_save(db, event_id, worker_id=worker_id, nomination_id=nomination_id)
    with pytest.raises(ValidationError) as removed:  # taking the nominator away is refused
        editor_save(db, event_id, worker_id=None, nomination_id=nomination_id)
    assert messages_for(removed.value, "worker") == [NOMINATOR_NEEDED]
