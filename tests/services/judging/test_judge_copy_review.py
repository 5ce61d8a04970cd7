"""Judge copy review (issue 12, item 2): which nominations are to be reviewed, marking one as
reviewed (who, when, for which text), a review lapsing when what judges read changes, and
starting judging with unreviewed copies recorded in the audit trail."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from awards_app.core.errors import ConflictError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Nomination
from awards_app.services import judging, nominations, people
from awards_app.services.judging import review
from tests.services.judging.test_judge_copy_privacy import (
    ADDRESS,
    PHONE,
    SURNAME,
    WORKER_FIRST,
    make_marked_nominations,
)
from tests.conftest import words


@pytest.fixture
def setup(db: Database, event_id: int) -> dict[str, int]:
    return make_marked_nominations(db, event_id)


def status(db: Database, nomination_id: int) -> str:
    with db.read_session() as s:
        return judging.copy_detail(s, nomination_id).status


def mark(db: Database, nomination_id: int) -> None:
    with db.read_session() as s:
        digest = judging.copy_detail(s, nomination_id).digest
    with db.session() as s:
        judging.mark_reviewed(s, nomination_id, digest=digest)


def test_every_nomination_to_be_judged_is_listed_unreviewed(
        db: Database, setup: dict[str, int], event_id: int) -> None:
    with db.session() as s:  # submitted, not yet accepted: nobody judges it
        nominee = people.create_nominee(s, first_name="Cal", last_name="Lee",
                                        date_of_birth="2006-03-04")
        category_id = s.get(Nomination, setup["zoe"]).category_id
        nominations.create_nomination(s, event_id=event_id, category_id=category_id,
                                      nominee_id=nominee.id, success=words(30),
                                      obstacles=words(30), status="submitted")
    with db.read_session() as s:
        rows = judging.review_rows(s, event_id)
        assert judging.unreviewed_copies(s, event_id) == ["N-0001", "N-0002"]
        counted = judging.review_rows(s, event_id, counts=True)
    assert [(r.ref, r.name, r.status) for r in rows] == [
        ("N-0001", "Zoe", judging.NOT_REVIEWED), ("N-0002", "Ben", judging.NOT_REVIEWED)]
    assert rows[0].masked is None  # counting masks every copy: only when asked
    assert counted[0].masked is not None and counted[0].masked >= 10
    assert counted[1].masked == 0


def test_marking_reviewed_holds_until_what_judges_read_changes(
        db: Database, setup: dict[str, int], event_id: int, as_user: Callable[[str], None],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(review, "actor_name", lambda _session: "ann")  # as the audit's
    zoe = setup["zoe"]
    with db.read_session() as s:
        version = s.get(Nomination, zoe).version
    mark(db, zoe)
    with db.read_session() as s:
        detail = judging.copy_detail(s, zoe)
        nomination = s.get(Nomination, zoe)
        assert (nomination.version, nomination.judge_copy_reviewed_by) == (version, "ann")
        assert judging.unreviewed_copies(s, event_id) == ["N-0002"]
        entry = s.execute(select(AuditEntry.entity_id, AuditEntry.summary, AuditEntry.actor)
                          .where(AuditEntry.action == "judge_copy_reviewed")).one()
    assert detail.status == judging.REVIEWED and detail.reviewed_at is not None
    assert tuple(entry) == (zoe, "N-0001", "ann")

    # the coordinator edits the copy: changed since review; reviewed again
    with db.session() as s:
        judging.set_judge_copy(s, zoe, success="She did it.", obstacles="", voice="")
    assert status(db, zoe) == judging.CHANGED
    mark(db, zoe)
    assert status(db, zoe) == judging.REVIEWED
    # the narrative is corrected (the edit still stands): changed since review
    with db.session() as s:
        nominations.update_nomination(s, zoe, obstacles=words(31, "resilient"))
    assert status(db, zoe) == judging.CHANGED
    mark(db, zoe)
    # what masking knows changes (the worker's name): changed since review
    with db.session() as s:
        people.update_worker(s, setup["worker"], name="Wrkfirst Newname")
    assert status(db, zoe) == judging.CHANGED


def test_a_copy_that_changed_while_read_is_not_marked(db: Database,
                                                      setup: dict[str, int]) -> None:
    with db.read_session() as s:
        read = judging.copy_detail(s, setup["zoe"])
    with db.session() as s:
        judging.set_judge_copy(s, setup["zoe"], success="Changed meanwhile.", obstacles="",
                               voice="")
    with pytest.raises(ConflictError, match="changed while you were reading it"), \
            db.session() as s:
        judging.mark_reviewed(s, setup["zoe"], digest=read.digest)
    assert status(db, setup["zoe"]) == judging.NOT_REVIEWED


def test_the_review_shows_what_was_masked_and_what_may_identify(
        db: Database, setup: dict[str, int]) -> None:
    with db.read_session() as s:
        detail = judging.copy_detail(s, setup["zoe"])
    success = detail.narratives[0]
    assert detail.pseudonym == "Zoe Z." and detail.heading.startswith("N-0001 Zoe")
    hidden = {success.original[h.start:h.end]: h.note for h in success.hidden}
    assert hidden[SURNAME] == "the surname" and hidden[PHONE] == "a phone number"
    assert hidden[ADDRESS] == "an address"
    assert all(success.masked[m.start:m.end].startswith("[") for m in success.masks)
    assert [success.masked[m.start:m.end] for m in success.masks][:2] == ["[name]",
                                                                          "[surname]"]
    assert detail.masked_count == sum(len(n.masks) for n in detail.narratives) >= 10
    assert WORKER_FIRST not in success.masked
    # something masking cannot know: a place is pointed at, in the text judges read
    with db.session() as s:
        judging.set_judge_copy(s, setup["zoe"], success="She moved to Manchester at nine.",
                               obstacles="", voice="")
    with db.read_session() as s:
        edited = judging.copy_detail(s, setup["zoe"]).narratives[0]
    assert edited.edited and edited.source == "She moved to Manchester at nine."
    assert [edited.masked[f.start:f.end] for f in edited.flags] == ["Manchester"]
    assert "place" in edited.flags[0].note


def test_starting_with_unreviewed_copies_is_recorded_without_names(
        db: Database, setup: dict[str, int], event_id: int) -> None:
    with db.session() as s:
        judging.record_unreviewed_start(s, event_id, 2)
    with db.read_session() as s:
        entry = s.execute(select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.event_id,
                                 AuditEntry.summary).where(
            AuditEntry.action == "judging_started_unreviewed")).one()
    assert tuple(entry) == ("event", event_id, event_id, "2 judge copies not reviewed")
