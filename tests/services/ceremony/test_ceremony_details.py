"""Editing a placed young person's ceremony details (pronunciation, seat, press wording):
only what the person changed is written, a stale copy of any of the three is refused naming
who and what, every write is audited by field name only, and the running order follows."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from awards_app.core.errors import StaleEditError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, CeremonySeat, Nomination, Nominee
from awards_app.services import ceremony as cer
from tests.services.ceremony.combos import Built, build


@pytest.fixture
def built(db: Database) -> Built:
    return build(db)


def first_row(db: Database, built: Built) -> cer.PageRow:
    with db.read_session() as s:
        return cer.page_rows(s, built.event_id)[0]


def loaded(db: Database, built: Built, nomination_id: int) -> cer.DetailsLoaded:
    with db.read_session() as s:
        return cer.details_for_edit(s, event_id=built.event_id, nomination_id=nomination_id)


def test_page_rows_follow_the_running_order_with_words(db: Database, built: Built) -> None:
    with db.read_session() as s:
        rows = cer.page_rows(s, built.event_id)
    assert len(rows) == len(built.people)
    assert [r.category for r in rows] == sorted(
        (r.category for r in rows), key=built.categories.index)
    by_name = {p.preferred: p for p in built.people}
    for row in rows:
        person = by_name[row.young_person]
        assert row.name_read == person.name
        assert row.seat == f"Table {person.code}"
        assert row.photos == ("Yes" if person.photographable else "No")
        if person.released:
            assert (row.press, row.press_detail) == ("Released", cer.PRESS_RELEASED)
        elif person.waiting:
            assert (row.press, row.press_detail) == ("Waiting for wording", cer.PRESS_WAITING)
        elif person.do_not_publish:
            assert row.press == ("Do not publish" if person.winner else "Winners only")
        assert "True" not in repr(row.photos + row.press)


def test_saving_writes_only_changes_and_audits_field_names(db: Database, built: Built) -> None:
    row = first_row(db, built)
    before = loaded(db, built, row.nomination_id)
    with db.session() as s:
        written = cer.save_details(s, event_id=built.event_id, nomination_id=row.nomination_id,
                                   loaded=before, pronunciation="KAY-ab",
                                   seat=before.loaded.values["seat"],
                                   press_wording=before.loaded.values["press_wording"])
    assert written == ["pronunciation"]
    with db.session() as s:
        written = cer.save_details(s, event_id=built.event_id, nomination_id=row.nomination_id,
                                   loaded=loaded(db, built, row.nomination_id),
                                   pronunciation="KAY-ab", seat="", press_wording="Approved.")
    assert sorted(written) == ["press_wording", "seat"]
    with db.read_session() as s:
        nomination = s.get(Nomination, row.nomination_id)
        assert nomination is not None and nomination.press_wording == "Approved."
        nominee = s.get(Nominee, nomination.nominee_id)
        assert nominee is not None and nominee.pronunciation == "KAY-ab"
        assert s.get(CeremonySeat, (built.event_id, nominee.id)) is None  # cleared: removed
        summaries = list(s.scalars(select(AuditEntry.summary).order_by(AuditEntry.id.desc())
                                   .limit(3)))
    assert sorted(summaries) == ["press_wording", "pronunciation", "seat"]


def test_a_stale_copy_is_refused_naming_the_fields(db: Database, built: Built,
                                                   as_user: Callable[[str], None]) -> None:
    row = first_row(db, built)
    mine = loaded(db, built, row.nomination_id)
    as_user("ben")
    with db.session() as s:
        cer.save_details(s, event_id=built.event_id, nomination_id=row.nomination_id,
                         loaded=loaded(db, built, row.nomination_id), seat="Table 9",
                         pronunciation="KAY")
    as_user("ann")
    with pytest.raises(StaleEditError) as caught, db.session() as s:
        cer.save_details(s, event_id=built.event_id, nomination_id=row.nomination_id,
                         loaded=mine, seat="Table 1", pronunciation="",
                         press_wording="Mine.")
    assert caught.value.who == "ben"
    assert set(caught.value.fields) == {"seat or table", "how to say their name"}
    with db.read_session() as s:
        nomination = s.get(Nomination, row.nomination_id)
        assert nomination is not None and nomination.press_wording != "Mine."  # nothing saved
        assert s.get(CeremonySeat, (built.event_id, nomination.nominee_id)).seat == "Table 9"


def test_an_edit_of_another_field_leaves_the_copy_current(db: Database, built: Built) -> None:
    row = first_row(db, built)
    mine = loaded(db, built, row.nomination_id)
    with db.session() as s:  # someone changes the citation: not shown by this editor
        nomination = s.get(Nomination, row.nomination_id)
        assert nomination is not None
        nomination.citation, nomination.version = "Changed.", nomination.version + 1
    with db.session() as s:
        assert cer.save_details(s, event_id=built.event_id, nomination_id=row.nomination_id,
                                loaded=mine, press_wording="Fine.") == ["press_wording"]


def test_too_long_values_are_refused_in_words(db: Database, built: Built) -> None:
    row = first_row(db, built)
    with pytest.raises(ValidationError) as caught, db.session() as s:
        cer.save_details(s, event_id=built.event_id, nomination_id=row.nomination_id,
                         seat="x" * 41)
    assert str(caught.value) == "Seat: is 41 characters long; the most allowed is 40"
