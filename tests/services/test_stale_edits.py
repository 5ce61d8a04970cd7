"""Two people editing the same record (issue 10, item 2): a save made from a stale copy is
refused naming who, when and which fields, nothing is written, and a save from the current
copy writes only the fields the person changed. Each test loads in one session, changes the
record in another, then saves from the first copy — as two windows on one database do."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import event, select, text

from awards_app.core.enums import Answer, CriterionRole, EventStatus
from awards_app.core.errors import StaleEditError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import (
    AuditEntry,
    Category,
    Event,
    Judge,
    Nomination,
    Nominee,
    Sponsor,
    utcnow,
)
from awards_app.services import certificates, events, judging, nominations, people
from awards_app.services.catalogue import categories, sponsors
from tests.conftest import words
from tests.services.certificates.test_records import award_education_star, png

CONSENT = "consent to be named on the certificate"


@dataclass(frozen=True)
class Setup:
    event_id: int
    category_id: int
    criterion_ids: tuple[int, ...]
    worker_id: int
    nominee_id: int
    nomination_id: int
    sponsor_id: int
    judge_id: int


@pytest.fixture
def setup(db: Database, event_id: int) -> Setup:
    with db.session() as s:
        category = categories.list_categories(s, event_id)[0]
        worker = people.create_worker(s, name="Wendy Worker", email="wendy@council.example",
                                      team="North")
        nominee = people.create_nominee(s, first_name="Amira", last_name="Haddad",
                                        date_of_birth="2006-06-01",
                                        consent_certificate_name="yes")
        nomination = nominations.create_nomination(
            s, event_id=event_id, category_id=category.id, nominee_id=nominee.id,
            worker_id=worker.id, success=words(30, "determined"),
            obstacles=words(30, "resilient"), citation="For her courage.")
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Acme",
                                          contact_name="Ann Acme")
        judge = sponsors.create_judge(s, sponsor_id=sponsor.id, name="Jo Judge",
                                      email="jo@example.org")
        return Setup(event_id, category.id, tuple(c.id for c in category.criteria), worker.id,
                     nominee.id, nomination.id, sponsor.id, judge.id)


@contextmanager
def updates(db: Database) -> Iterator[dict[str, set[str]]]:
    """The columns each UPDATE statement sets, by table, while the block runs."""
    seen: dict[str, set[str]] = {}

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        found = re.match(r"UPDATE (\w+) SET (.*?) WHERE", statement, re.S)
        if found:
            columns = {part.split("=")[0].strip() for part in found.group(2).split(",")}
            seen.setdefault(found.group(1), set()).update(columns)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def refused(db: Database, save: Callable[[Any], object]) -> StaleEditError:
    with pytest.raises(StaleEditError) as caught, db.session() as s:
        save(s)
    return caught.value


# --- the issue ---------------------------------------------------------------------------


def test_the_issue_a_stale_citation_save_cannot_undo_the_consent(
        db: Database, setup: Setup, as_user: Callable[[str], None]) -> None:
    """A sets "name on certificate" to No and saves; B, opened before, changes only the
    citation: refused, naming A, the time and the consent; after reloading, B's citation is
    saved and the consent stays No."""
    def load(s: Any) -> nominations.NominationForm:
        return nominations.nomination_form(s, setup.event_id, setup.nomination_id)

    with db.read_session() as s:
        form_a, form_b = load(s), load(s)
    as_user("ann")
    with db.session() as s:
        nominations.save_nomination_form(
            s, event_id=setup.event_id, nomination_id=setup.nomination_id,
            nominee_id=setup.nominee_id, loaded=form_a,
            nominee={**form_a.nominee, "consent_certificate_name": Answer.NO},
            nomination=form_a.nomination)

    as_user("ben")
    before = utcnow() - timedelta(seconds=5)
    citation = "For steering her own course."

    def save_b(s: Any, form: nominations.NominationForm) -> int:
        return nominations.save_nomination_form(
            s, event_id=setup.event_id, nomination_id=setup.nomination_id,
            nominee_id=setup.nominee_id, loaded=form, nominee=form_b.nominee,  # as B's window shows
            nomination={**form_b.nomination, "citation": citation})

    error = refused(db, lambda s: save_b(s, form_b))
    assert (error.who, error.fields) == ("ann", (CONSENT,))
    assert error.when is not None and error.when >= before
    assert str(error).startswith("ann changed this record at ")
    assert "(consent to be named on the certificate)" in str(error)
    assert "consent_certificate_name" not in str(error)
    with db.read_session() as s:
        stored = load(s)
    assert stored.nominee["consent_certificate_name"] is Answer.NO
    assert stored.nomination["citation"] == "For her courage."  # nothing of B's was written

    # B reloads: the form is the stored one now, with B's own change applied on top.
    with db.read_session() as s:
        reloaded = load(s)
    with updates(db) as written, db.session() as s:
        nominations.save_nomination_form(
            s, event_id=setup.event_id, nomination_id=setup.nomination_id,
            nominee_id=setup.nominee_id, loaded=reloaded, nominee=reloaded.nominee,
            nomination={**reloaded.nomination, "citation": citation})
    assert written == {"nomination": {"citation", "updated_at", "version"}}
    with db.read_session() as s:
        final = load(s)
    assert final.nominee["consent_certificate_name"] is Answer.NO
    assert final.nomination["citation"] == citation
    assert (final.nominee_version, final.version) == (2, 2)


def test_the_same_user_in_two_windows_is_told_another_window(
        db: Database, setup: Setup) -> None:
    with db.read_session() as s:
        stale = people.nominee_for_edit(s, setup.nominee_id)
    with db.session() as s:
        people.update_nominee(s, setup.nominee_id, consent_photo="no",
                              expected_version=stale.version, original=stale.values)
    error = refused(db, lambda s: people.update_nominee(
        s, setup.nominee_id, preferred_name="Amy", expected_version=stale.version,
        original=stale.values))
    assert error.who is None and error.fields == ("consent to photos",)
    assert str(error).startswith("This record was changed in another window at ")
    assert str(error).endswith("Nothing was saved. Reload to see the changes; what you "
                               "typed is kept to apply again.")


# --- each record an editor changes ---------------------------------------------------------


def test_young_person_from_the_nominees_list(db: Database, setup: Setup,
                                             as_user: Callable[[str], None]) -> None:
    def row(s: Any) -> people.NomineeRow:
        return next(r for r in people.nominee_rows(s, event_id=setup.event_id)
                    if r.id == setup.nominee_id)

    with db.read_session() as s:
        stale = row(s)
    with db.session() as s:
        people.update_nominee(s, setup.nominee_id, do_not_publish=True,
                              consent_public="no", expected_version=stale.version,
                              original=stale.editable)
    as_user("ben")
    error = refused(db, lambda s: people.update_nominee(
        s, setup.nominee_id, **{**stale.editable, "last_name": "Haddad-Smith"},
        expected_version=stale.version, original=stale.editable))
    assert error.who == "ann"
    assert error.fields == ("consent to be named publicly",
                            "do not publish anything (safeguarding)")
    with db.read_session() as s:
        fresh = row(s)
        assert fresh.last_name == "Haddad" and fresh.version == 2
    with updates(db) as written, db.session() as s:
        people.update_nominee(s, setup.nominee_id,
                              **{**fresh.editable, "last_name": "Haddad-Smith"},
                              expected_version=fresh.version, original=fresh.editable)
    # the seal is bookkeeping, as updated_at and version are: the name is a sealed value
    assert written == {"nominee": {"last_name", "updated_at", "version", "seal"}}
    with db.read_session() as s:
        final = row(s)
    assert (final.last_name, final.do_not_publish, final.consent_public, final.version) == (
        "Haddad-Smith", True, Answer.NO, 3)


def test_worker(db: Database, setup: Setup, as_user: Callable[[str], None]) -> None:
    def row(s: Any) -> people.WorkerRow:
        return next(r for r in people.worker_rows(s, event_id=setup.event_id)
                    if r.id == setup.worker_id)

    with db.read_session() as s:
        stale = row(s)
    with db.session() as s:
        people.update_worker(s, setup.worker_id, team="South",
                             expected_version=stale.version, original=stale.editable)
    as_user("ben")
    error = refused(db, lambda s: people.update_worker(
        s, setup.worker_id, **{**stale.editable, "name": "Wendy West"},
        expected_version=stale.version, original=stale.editable))
    assert (error.who, error.fields) == ("ann", ("team",))
    with db.read_session() as s:
        fresh = people.worker_for_edit(s, setup.worker_id)
    with updates(db) as written, db.session() as s:
        people.update_worker(s, setup.worker_id, **{**fresh.values, "name": "Wendy West"},
                             expected_version=fresh.version, original=fresh.values)
    assert written == {"worker": {"name", "updated_at", "version"}}
    with db.read_session() as s:
        assert (row(s).name, row(s).team, row(s).version) == ("Wendy West", "South", 3)


def test_category(db: Database, setup: Setup, as_user: Callable[[str], None]) -> None:
    def row(s: Any) -> categories.CategoryRow:
        return next(r for r in categories.category_rows(s, setup.event_id)
                    if r.id == setup.category_id)

    with db.read_session() as s:
        stale = row(s)
    with db.session() as s:
        categories.update_category(s, setup.category_id, winners_count=2,
                                   expected_version=stale.version, original=stale.editable)
    as_user("ben")
    error = refused(db, lambda s: categories.update_category(
        s, setup.category_id, **{**stale.editable, "description": "For learning."},
        expected_version=stale.version, original=stale.editable))
    assert (error.who, error.fields) == ("ann", ("number of winners",))
    with db.read_session() as s:
        fresh = categories.category_for_edit(s, setup.category_id)
    with updates(db) as written, db.session() as s:
        categories.update_category(s, setup.category_id,
                                   **{**fresh.values, "description": "For learning."},
                                   expected_version=fresh.version, original=fresh.values)
    assert written == {"category": {"description", "updated_at", "version"}}
    with db.read_session() as s:
        final = row(s)
    assert (final.winners_count, final.description, final.version) == (2, "For learning.", 3)


def test_criterion_and_the_role_moving_to_another(db: Database, setup: Setup,
                                                   as_user: Callable[[str], None]) -> None:
    with db.read_session() as s:
        rows = categories.criterion_rows(s, setup.category_id)
    holder = next(r for r in rows if r.role == CriterionRole.OBSTACLES)
    other = next(r for r in rows if r.role is None)
    # A gives the tie-break to another criterion: the holder's editor (B's) is now stale.
    with db.session() as s:
        categories.update_criterion(s, other.id, role=CriterionRole.OBSTACLES.value,
                                    expected_version=other.version, original=other.editable)
    as_user("ben")
    error = refused(db, lambda s: categories.update_criterion(
        s, holder.id, **{**holder.editable, "guidance": "Look for grit."},
        expected_version=holder.version, original=holder.editable))
    assert (error.who, error.fields) == ("ann", ("whether it breaks ties",))
    with db.read_session() as s:
        fresh = categories.criterion_for_edit(s, holder.id)
    assert fresh.values["role"] is None
    with updates(db) as written, db.session() as s:
        categories.update_criterion(s, holder.id, **{**fresh.values, "guidance": "Look for grit."},
                                    expected_version=fresh.version, original=fresh.values)
    assert written == {"criterion": {"guidance", "version"}}
    with db.read_session() as s:
        roles = {r.id: (r.role, r.guidance) for r in categories.criterion_rows(s, setup.category_id)}
    assert roles[holder.id] == (None, "Look for grit.")
    assert roles[other.id][0] == CriterionRole.OBSTACLES


def test_sponsor_with_its_logo(db: Database, setup: Setup,
                               as_user: Callable[[str], None]) -> None:
    logo = png("blue")
    with db.read_session() as s:
        stale = sponsors.sponsor_for_edit(s, setup.sponsor_id)
    with db.session() as s:
        sponsors.update_sponsor(s, setup.sponsor_id, logo=logo,
                                expected_version=stale.version, original=stale.values)
    as_user("ben")
    error = refused(db, lambda s: sponsors.update_sponsor(
        s, setup.sponsor_id, **{**stale.values, "notes": "Gold sponsor"},
        expected_version=stale.version, original=stale.values))
    assert (error.who, error.fields) == ("ann", ("logo",))
    with db.read_session() as s:
        row = next(r for r in sponsors.sponsor_rows(s, setup.event_id)
                   if r.id == setup.sponsor_id)
        fresh = sponsors.sponsor_for_edit(s, setup.sponsor_id)
    assert row.version == fresh.version == 2 and row.has_logo
    with updates(db) as written, db.session() as s:
        sponsors.update_sponsor(s, setup.sponsor_id, **{**fresh.values, "notes": "Gold sponsor"},
                                expected_version=fresh.version, original=fresh.values)
    assert written == {"sponsor": {"notes", "updated_at", "version"}}
    with db.read_session() as s:
        assert sponsors.sponsor_logo(s, setup.sponsor_id) == logo


def test_judge(db: Database, setup: Setup, as_user: Callable[[str], None]) -> None:
    with db.read_session() as s:
        (stale,) = sponsors.judge_rows(s, setup.sponsor_id)
    with db.session() as s:
        sponsors.update_judge(s, setup.judge_id, email="jo.judge@example.org",
                              expected_version=stale.version, original=stale.editable)
    as_user("ben")
    error = refused(db, lambda s: sponsors.update_judge(
        s, setup.judge_id, name="Joanne Judge", email=stale.email,
        expected_version=stale.version, original=stale.editable))
    assert (error.who, error.fields) == ("ann", ("email",))
    with db.read_session() as s:
        (fresh,) = sponsors.judge_rows(s, setup.sponsor_id)
    with updates(db) as written, db.session() as s:
        sponsors.update_judge(s, setup.judge_id, name="Joanne Judge", email=fresh.email,
                              expected_version=fresh.version, original=fresh.editable)
    assert written == {"judge": {"name", "updated_at", "version", "seal"}}  # a sealed value
    with db.read_session() as s:
        (final,) = sponsors.judge_rows(s, setup.sponsor_id)
    assert (final.name, final.email, final.version) == ("Joanne Judge", "jo.judge@example.org", 3)


def test_event_settings(db: Database, setup: Setup, as_user: Callable[[str], None]) -> None:
    with db.read_session() as s:
        stale = events.event_for_edit(s, setup.event_id)
    with db.session() as s:
        events.update_event(s, setup.event_id, min_words=40,
                            expected_version=stale.version, original=stale.values)
    as_user("ben")
    error = refused(db, lambda s: events.update_event(
        s, setup.event_id, **{**stale.values, "venue": "Town Hall"},
        expected_version=stale.version, original=stale.values))
    assert (error.who, error.fields) == ("ann", ("fewest words in a narrative",))
    with db.read_session() as s:
        fresh = events.event_for_edit(s, setup.event_id)
    with updates(db) as written, db.session() as s:
        events.update_event(s, setup.event_id, **{**fresh.values, "venue": "Town Hall"},
                            expected_version=fresh.version, original=fresh.values)
    assert written == {"event": {"venue", "updated_at", "version"}}
    with db.read_session() as s:
        final = events.event_for_edit(s, setup.event_id)
    assert (final.values["min_words"], final.values["venue"], final.version) == (
        40, "Town Hall", 3)


def test_judge_copy_is_stale_when_the_narrative_it_masks_changed(
        db: Database, setup: Setup, as_user: Callable[[str], None]) -> None:
    with db.read_session() as s:
        stale = judging.judge_copy_for_edit(s, setup.nomination_id)
        form = nominations.nomination_form(s, setup.event_id, setup.nomination_id)
    with db.session() as s:
        nominations.update_nomination(
            s, setup.nomination_id, **{**form.nomination, "success": words(30, "proud")},
            expected_version=form.version, original=form.nomination)
    as_user("ben")
    error = refused(db, lambda s: judging.set_judge_copy(
        s, setup.nomination_id, success="Edited: she did it.", obstacles="", voice="",
        expected_version=stale.version, original=stale.original))
    assert (error.who, error.fields) == ("ann", ("their success",))
    with db.read_session() as s:
        fresh = judging.judge_copy_for_edit(s, setup.nomination_id)
    with updates(db) as written, db.session() as s:
        version = judging.set_judge_copy(
            s, setup.nomination_id, success="Edited: she did it.", obstacles="", voice="",
            expected_version=fresh.version, original=fresh.original)
    assert written == {"nomination": {"judge_success", "updated_at", "version"}}
    assert version == fresh.version + 1
    # ...and a judge copy edited by A makes B's judge copy editor stale in turn.
    as_user("ann")
    error = refused(db, lambda s: judging.set_judge_copy(
        s, setup.nomination_id, success="", obstacles="Kept going.", voice="",
        expected_version=fresh.version, original=fresh.original))
    assert error.fields == ("what judges read of their success",)


def test_certificate_name_override(db: Database, setup: Setup,
                                   as_user: Callable[[str], None]) -> None:
    with db.read_session() as s:
        stale = certificates.name_choice(s, setup.nomination_id)
    with db.session() as s:
        certificates.set_name_override(s, setup.nomination_id, "Mira", "The name she uses",
                                       expected_version=stale.version, original=stale.original)
    as_user("ben")
    error = refused(db, lambda s: certificates.set_name_override(
        s, setup.nomination_id, "Amira H.", "Asked for it", expected_version=stale.version,
        original=stale.original))
    assert (error.who, error.fields) == (
        "ann", ("name to print on the certificate", "reason for that name"))
    with db.read_session() as s:
        fresh = certificates.name_choice(s, setup.nomination_id)
    assert (fresh.override, fresh.version) == ("Mira", stale.version + 1)
    with updates(db) as written, db.session() as s:
        certificates.set_name_override(s, setup.nomination_id, "Mira", "She asked for it",
                                       expected_version=fresh.version, original=fresh.original)
    assert written == {"nomination": {"certificate_name_reason", "updated_at", "version"}}


def test_certificate_design_settings(db: Database, setup: Setup,
                                     as_user: Callable[[str], None]) -> None:
    with db.read_session() as s:
        stale = certificates.settings_form(s, setup.event_id)
    assert stale.version == 0  # never saved: the defaults
    with db.session() as s:
        certificates.save_settings(s, setup.event_id, replace(stale.settings, border_style="ribbon"),
                                   expected_version=stale.version, original=stale.original)
    as_user("ben")
    error = refused(db, lambda s: certificates.save_settings(
        s, setup.event_id, replace(stale.settings, signature1_name="Cllr Jo Bright"),
        expected_version=stale.version, original=stale.original))
    assert (error.who, error.fields) == ("ann", ("border",))
    with db.read_session() as s:
        fresh = certificates.settings_form(s, setup.event_id)
    assert fresh.version == 1
    with updates(db) as written, db.session() as s:
        certificates.save_settings(
            s, setup.event_id, replace(fresh.settings, signature1_name="Cllr Jo Bright"),
            expected_version=fresh.version, original=fresh.original)
    assert written == {"certificate_settings": {"signature1_name", "updated_at", "version"}}
    with db.read_session() as s:
        final = certificates.settings_form(s, setup.event_id)
    assert (final.settings.border_style, final.settings.signature1_name, final.version) == (
        "ribbon", "Cllr Jo Bright", 2)


# --- what does not make an editor stale ----------------------------------------------------


def test_an_edit_elsewhere_on_the_row_leaves_another_editor_current(
        db: Database, setup: Setup) -> None:
    """The nomination row has three editors (the nomination, its judge copy, its printed
    name): a save in one moves the version, but the others show none of those fields, so
    their copies are still current and their saves go through."""
    with db.read_session() as s:
        form = nominations.nomination_form(s, setup.event_id, setup.nomination_id)
        name = certificates.name_choice(s, setup.nomination_id)
    with db.session() as s:
        judging.set_judge_copy(s, setup.nomination_id, success="Edited.", obstacles="",
                               voice="", expected_version=form.version,
                               original=judging.judge_copy_for_edit(s, setup.nomination_id).original)
    with db.session() as s:
        nominations.save_nomination_form(
            s, event_id=setup.event_id, nomination_id=setup.nomination_id,
            nominee_id=setup.nominee_id, loaded=form, nominee=form.nominee,
            nomination={**form.nomination, "citation": "For everything."})
        certificates.set_name_override(s, setup.nomination_id, "Mira", "Her name now",
                                       expected_version=name.version, original=name.original)
    with db.read_session() as s:
        final = nominations.nomination_form(s, setup.event_id, setup.nomination_id)
        nomination = s.get(Nomination, setup.nomination_id)
        assert nomination is not None
        assert (nomination.judge_success, nomination.certificate_name_override) == (
            "Edited.", "Mira")
    assert final.nomination["citation"] == "For everything." and final.version == 4


def test_bookkeeping_never_moves_a_version(db: Database, event_id: int) -> None:
    """Numbering, scoring, submitting, confirming results, lead judges, PINs, sponsorships,
    withdrawing a sponsor: none of it is a person editing what an editor shows."""
    awarded = award_education_star(db, event_id)  # scores, submits and confirms Education Star
    with db.session() as s:
        judge_id = s.scalars(select(Judge.id)).first()
        assert judge_id is not None
        judging.set_pin(s, judge_id, "4821")
        judging.sign_in(s, judge_id, "0000")  # a wrong PIN counts a failed attempt
        judging.set_lead_judge(s, category_id=awarded.sports, judge_id=None)
        bakery = s.scalar(select(Sponsor).where(Sponsor.name == "Bakery"))
        assert bakery is not None
        sponsors.sponsor_category(s, sponsor_id=bakery.id, category_id=awarded.sports)
        categories.move_category(s, awarded.sports, to_position=0)
        nominations.allocate_numbers(s, s.get(Event, event_id), 3)  # type: ignore[arg-type]
    with db.read_session() as s:
        versions = {
            "event": s.scalar(select(Event.version)),
            "judges": set(s.scalars(select(Judge.version))),
            "sponsors": set(s.scalars(select(Sponsor.version))),
            "nominations": set(s.scalars(select(Nomination.version))),
            "nominees": set(s.scalars(select(Nominee.version))),
            "confirmed": s.scalar(select(Category.version).where(
                Category.id == awarded.education)),
            "sports": s.scalar(select(Category.version).where(Category.id == awarded.sports)),
        }
    # Education Star's highly commended count was edited once (update_category) before
    # it was judged and confirmed; nothing else was edited by a person.
    assert versions == {"event": 1, "judges": {1}, "sponsors": {1}, "nominations": {1},
                        "nominees": {1}, "confirmed": 2, "sports": 1}


def test_a_save_that_changes_nothing_writes_nothing(db: Database, setup: Setup) -> None:
    with db.read_session() as s:
        form = nominations.nomination_form(s, setup.event_id, setup.nomination_id)
        audits = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()))
    with updates(db) as written, db.session() as s:
        nominations.save_nomination_form(
            s, event_id=setup.event_id, nomination_id=setup.nomination_id,
            nominee_id=setup.nominee_id, loaded=form, nominee=form.nominee,
            nomination=form.nomination)
    assert written == {}
    with db.read_session() as s:
        assert s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc())) == audits


def test_the_cli_and_imports_keep_todays_behaviour(db: Database, setup: Setup) -> None:
    """Without ``expected_version`` nothing is checked and every field given is written
    (the version still moves, so open editors learn of it)."""
    with db.read_session() as s:
        stale = people.nominee_for_edit(s, setup.nominee_id)
    with db.session() as s:
        people.update_nominee(s, setup.nominee_id, consent_certificate_name="no")
    with db.session() as s:
        people.update_nominee(s, setup.nominee_id, consent_certificate_name="yes")
    with db.read_session() as s:
        now = people.nominee_for_edit(s, setup.nominee_id)
    assert now.values["consent_certificate_name"] is Answer.YES and now.version == 3
    error = refused(db, lambda s: people.update_nominee(
        s, setup.nominee_id, first_name="Amy", expected_version=stale.version))
    assert error.fields == ()  # no original given: changed, but what is not known
    assert "(" not in str(error)


def test_validation_waits_for_a_current_copy(db: Database, setup: Setup) -> None:
    """A stale copy is refused before its values are checked: the checks are made again
    against the reloaded record."""
    with db.read_session() as s:
        stale = people.worker_for_edit(s, setup.worker_id)
    with db.session() as s:
        people.update_worker(s, setup.worker_id, team="East")
    refused(db, lambda s: people.update_worker(
        s, setup.worker_id, name="", email="x", team="North", expected_version=stale.version,
        original=stale.values))
    with pytest.raises(ValidationError), db.session() as s:
        fresh = people.worker_for_edit(s, setup.worker_id)
        people.update_worker(s, setup.worker_id, name="", email="x", team="East",
                             expected_version=fresh.version, original=fresh.values)


def test_a_change_slipping_in_between_check_and_write_is_refused_too(
        db: Database, setup: Setup) -> None:
    """The UPDATE carries the version it read (``WHERE version = :loaded``): a row changed
    under it matches nothing, and the unit of work says another window changed it."""
    with pytest.raises(StaleEditError) as caught, db.session() as s:
        nominee = s.get(Nominee, setup.nominee_id)
        assert nominee is not None
        s.execute(text("UPDATE nominee SET version = version + 1 WHERE id = :id"),
                  {"id": setup.nominee_id})  # as another connection would, unseen by the ORM
        nominee.consent_photo = Answer.YES
        s.flush()
    assert caught.value.who is None and caught.value.fields == ()
    assert str(caught.value).startswith("This record was changed in another window while ")
    with db.read_session() as s:
        assert people.get_nominee_fields(s, setup.nominee_id)["consent_photo"] is Answer.NOT_ASKED


def test_the_message_names_people_and_times_plainly() -> None:
    today = datetime.now().replace(hour=14, minute=2)
    earlier = StaleEditError(who="Ann Smith", when=_as_stored(today),
                             fields=[CONSENT, "citation", "status"])
    assert str(earlier).startswith(
        "Ann Smith changed this record at 14:02 while you were editing it (consent to be "
        "named on the certificate, citation and status). Nothing was saved.")
    last_year = StaleEditError(who="Ann Smith", when=_as_stored(datetime(2025, 3, 3, 9, 5)))
    assert "changed this record on 3 March at 09:05 while" in str(last_year)
    merged = earlier.merged(StaleEditError(when=_as_stored(today) - timedelta(hours=1),
                                           fields=["citation", "first name"]))
    assert merged.who == "Ann Smith" and merged.fields == (
        CONSENT, "citation", "status", "first name")


def _as_stored(local: datetime) -> datetime:
    """A time on this computer's clock as the database stores it (naive UTC)."""
    return local.astimezone(UTC).replace(tzinfo=None)


def test_archiving_an_event_is_an_edit_of_its_stage(db: Database, setup: Setup) -> None:
    with db.read_session() as s:
        stale = events.event_for_edit(s, setup.event_id)
    with db.session() as s:
        events.archive_event(s, setup.event_id)
    error = refused(db, lambda s: events.update_event(
        s, setup.event_id, **{**stale.values, "status": EventStatus.SETUP},
        expected_version=stale.version, original=stale.values))
    assert error.fields == ("stage",)
