"""Judging services: assignment, PINs, what judges see, scores, conflicts, submissions, results."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from awards_app.core.errors import ConflictError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import AuditEntry, Judge
from awards_app.services.catalogue import categories
from awards_app.services import judging
from awards_app.services import nominations
from awards_app.services import people
from awards_app.services.judging import results
from awards_app.services.catalogue import sponsors
from tests.conftest import words

SURNAME = "Zqxmarker"
WORKER = "Wrkmarker Person"
TEAM = "Teammarker Team"
CONTACT = "Contactmarker"


@pytest.fixture
def setup(db: Database, event_id: int) -> dict[str, Any]:
    """Education Star with two accepted nominations and one submitted (not judged);
    sponsor Acme (two judges) sponsors it; Sports Hero has a nomination but no sponsor."""
    with db.session() as s:
        cats = {c.name: c for c in categories.list_categories(s, event_id)}
        education, sports = cats["Education Star"], cats["Sports Hero"]
        acme = sponsors.create_sponsor(s, event_id=event_id, name="Acme", contact_name=CONTACT,
                                       contact_email="contactmarker@acme.example")
        sponsors.sponsor_category(s, sponsor_id=acme.id, category_id=education.id)
        ann = sponsors.create_judge(s, sponsor_id=acme.id, name="Ann Judge")
        bob = sponsors.create_judge(s, sponsor_id=acme.id, name="Bob Judge")
        worker = people.create_worker(s, name=WORKER, email="w@council.example", team=TEAM)
        ids = {}
        for first, status, category in (("Ada", "accepted", education),
                                        ("Ben", "shortlisted", education),
                                        ("Cal", "submitted", education),
                                        ("Dee", "accepted", sports)):
            nominee = people.create_nominee(s, first_name=first, last_name=SURNAME,
                                            date_of_birth="2006-07-08")
            narrative = (f"{first} {SURNAME} lives at NE1 4ST, call 07700 900123 or email "
                         f"{first.lower()}@mail.example. " + words(30, "determined"))
            n = nominations.create_nomination(
                s, event_id=event_id, category_id=category.id, nominee_id=nominee.id,
                worker_id=worker.id, success=narrative, obstacles=words(30, "resilient"),
                status=status)
            ids[first] = n.id
        criteria = {c.name: c.id for c in education.criteria}
        return {"education": education.id, "sports": sports.id, "ann": ann.id, "bob": bob.id,
                "criteria": criteria, **ids}


def score_all(s: Any, judge_id: int, nomination_id: int, criteria: dict[str, int],
              values: tuple[int, int, int]) -> None:
    judging.save_scores(s, judge_id=judge_id, nomination_id=nomination_id, scores=dict(zip(
        (criteria["Achievement"], criteria["Obstacles overcome"],
         criteria["Inspiration to others"]), values, strict=True)))


def test_judges_get_accepted_and_shortlisted_nominations_of_their_categories(
        db: Database, setup: dict[str, Any]) -> None:
    with db.read_session() as s:
        queue = judging.judge_queue(s, setup["ann"])
    assert [i.nomination_id for i in queue] == [setup["Ada"], setup["Ben"]]
    assert {i.category for i in queue} == {"Education Star"}
    assert [c.name for c in queue[0].criteria] == [
        "Achievement", "Obstacles overcome", "Inspiration to others"]


def test_what_judges_see_is_pseudonymous_and_masked(db: Database, setup: dict[str, Any]) -> None:
    with db.read_session() as s:
        item = judging.judge_queue(s, setup["ann"])[0]
    assert item.pseudonym == "Ada Z."
    seen = repr(item)
    for marker in (SURNAME, "2006", "08/07", WORKER, TEAM, CONTACT, "contactmarker",
                   "NE1 4ST", "07700", "ada@mail.example"):
        assert marker not in seen, marker
    assert "[surname]" in item.success and "[postcode]" in item.success
    assert "[phone]" in item.success and "[email]" in item.success


def test_coordinators_judge_copy_replaces_the_masked_text(db: Database,
                                                           setup: dict[str, Any]) -> None:
    with db.session() as s:
        judging.set_judge_copy(s, setup["Ada"], success="Edited for judges: she did it.",
                               obstacles="", voice="")
    with db.read_session() as s:
        item = judging.judge_queue(s, setup["ann"])[0]
    assert item.success == "Edited for judges: she did it."
    assert item.obstacles.startswith("resilient")


def test_do_not_publish_nominee_is_a_number(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        nomination = nominations.get_by_ref(s, s.get(Judge, setup["ann"]).sponsor.event_id,
                                            "N-0002")
        people.update_nominee(s, nomination.nominee_id, do_not_publish=True)
    with db.read_session() as s:
        queue = judging.judge_queue(s, setup["ann"])
    assert [i.pseudonym for i in queue] == ["Ada Z.", "Nominee 2"]


def test_pins_are_argon2id_and_lock_after_five_wrong_tries(db: Database,
                                                          setup: dict[str, Any]) -> None:
    ann = setup["ann"]
    with db.session() as s:
        with pytest.raises(ValidationError):
            judging.set_pin(s, ann, "12a4")
        with pytest.raises(ValidationError):
            judging.set_pin(s, ann, "123")
        judging.set_pin(s, ann, "4821")
        assert s.get(Judge, ann).pin_hash.startswith("$argon2id$")
    start = datetime(2027, 2, 1, 10, 0, 0)
    with db.session() as s:
        for tries_left in (4, 3, 2, 1):
            result = judging.sign_in(s, ann, "0000", now=start)
            assert not result.ok and f"{tries_left} tr" in result.message
        locked = judging.sign_in(s, ann, "0000", now=start)
        assert not locked.ok and locked.locked_seconds == 60
        # Even the right PIN waits out the minute.
        assert not judging.sign_in(s, ann, "4821", now=start + timedelta(seconds=30)).ok
        assert judging.sign_in(s, ann, "4821", now=start + timedelta(seconds=61)).ok
    with db.session() as s:
        assert judging.sign_in(s, setup["bob"], "1234").message.startswith("No PIN")


def test_pauses_grow_until_only_a_new_pin_lets_the_judge_in(db: Database,
                                                            setup: dict[str, Any]) -> None:
    """Guessing someone else's PIN: 1, 5 and 30 minutes, then stopped until the coordinator
    sets a new PIN — at most 20 guesses between the judge's own sign-ins."""
    ann = setup["ann"]
    with db.session() as s:
        judging.set_pin(s, ann, "4821")
    now = datetime(2027, 2, 1, 10, 0, 0)

    def five_wrong() -> judging.SignIn:
        nonlocal now
        with db.session() as s:
            for _ in range(judging.MAX_PIN_TRIES):
                result = judging.sign_in(s, ann, "0000", now=now)
        return result

    for pause in (60, 300, 1800):
        paused = five_wrong()
        assert paused.locked_seconds == pause
        now += timedelta(seconds=pause + 1)
    stopped = five_wrong()
    assert stopped.locked_seconds == 0 and "Ask the coordinator" in stopped.message
    now += timedelta(days=30)
    with db.session() as s:  # even the right PIN, a month later
        assert not judging.sign_in(s, ann, "4821", now=now).ok
    with db.session() as s:
        judging.set_pin(s, ann, "5937")
    with db.session() as s:
        assert judging.sign_in(s, ann, "5937", now=now).ok
    assert five_wrong().locked_seconds == 60  # a sign-in starts the steps again


def test_scores_are_checked_and_locked_by_submission(db: Database,
                                                     setup: dict[str, Any]) -> None:
    ann, criteria = setup["ann"], setup["criteria"]
    with db.session() as s:
        with pytest.raises(ValidationError, match="outside 1–10"):
            score_all(s, ann, setup["Ada"], criteria, (11, 5, 5))
        with pytest.raises(ConflictError, match="not one of yours"):
            score_all(s, ann, setup["Cal"], criteria, (5, 5, 5))  # submitted, not accepted
        with pytest.raises(ConflictError, match="not one of yours"):
            score_all(s, ann, setup["Dee"], criteria, (5, 5, 5))  # unsponsored category
        score_all(s, ann, setup["Ada"], criteria, (7, 8, 9))
        with pytest.raises(ValidationError, match="N-0002 is not fully scored"):
            judging.submit_category(s, judge_id=ann, category_id=setup["education"])
        score_all(s, ann, setup["Ben"], criteria, (5, 5, 5))
        judging.submit_category(s, judge_id=ann, category_id=setup["education"])
    with db.session() as s:
        with pytest.raises(ConflictError, match="submitted"):
            score_all(s, ann, setup["Ada"], criteria, (1, 1, 1))
        with pytest.raises(ValidationError, match="say why"):
            judging.unlock_submission(s, judge_id=ann, category_id=setup["education"], reason=" ")
        judging.unlock_submission(s, judge_id=ann, category_id=setup["education"],
                                  reason="Ann mis-typed a score for N-0001")
        score_all(s, ann, setup["Ada"], criteria, (6, 8, 9))
        trail = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "unlock")).all()
        assert trail == ["Ann Judge: Ann mis-typed a score for N-0001"]


def test_a_conflicted_judge_neither_sees_nor_counts(db: Database, setup: dict[str, Any]) -> None:
    ann, bob, criteria = setup["ann"], setup["bob"], setup["criteria"]
    with db.session() as s:
        score_all(s, ann, setup["Ada"], criteria, (10, 10, 10))
        score_all(s, bob, setup["Ada"], criteria, (1, 1, 1))
        judging.declare_conflict(s, judge_id=bob, nomination_id=setup["Ada"], kind="knows",
                                 note="Was her football coach", declared_by="judge")
    with db.read_session() as s:
        assert [i.nomination_id for i in judging.judge_queue(s, bob)] == [setup["Ben"]]
        (education,) = results.category_results(s, s.get(Judge, ann).sponsor.event_id,
                                                category_id=setup["education"])
        ada = next(r for r in education.ranking if r.nomination_id == setup["Ada"])
        assert (ada.judges, ada.score) == (1, 10.0)  # Bob's 1s do not count
        rows = judging.conflict_rows(s, s.get(Judge, ann).sponsor.event_id)
        assert [(r.judge, r.kind.value, r.declared_by) for r in rows] == [
            ("Bob Judge", "knows", "judge")]
    with db.session() as s:
        with pytest.raises(ConflictError, match="not one of yours"):
            score_all(s, bob, setup["Ada"], criteria, (5, 5, 5))


def test_results_by_hand_provisional_complete_final(db: Database,
                                                    setup: dict[str, Any]) -> None:
    """Points map 1–10 onto 0–10: p = (v − 1) × 10 / 9; weights 1, 2, 1.

    Ann: Ada (10, 10, 10) → 10; Ben (1, 10, 1) → (0 + 2×10 + 0) / 4 = 5.
    Bob: Ada (1, 1, 1) → 0;     Ben (10, 1, 10) → (10 + 0 + 10) / 4 = 5.
    Ada: mean 5, median 5, spread 10.  Ben: mean 5, spread 0 → tied on 5.0000.
    Obstacles points: Ada (10 + 0) / 2 = 5; Ben (10 + 0) / 2 = 5 → still tied.
    Median: both 5 → still tied. No casting decision → unresolved, both rank 1.
    """
    ann, bob, criteria = setup["ann"], setup["bob"], setup["criteria"]
    with db.session() as s:
        event_id = s.get(Judge, ann).sponsor.event_id
        score_all(s, ann, setup["Ada"], criteria, (10, 10, 10))
        score_all(s, ann, setup["Ben"], criteria, (1, 10, 1))
        score_all(s, bob, setup["Ada"], criteria, (1, 1, 1))
        score_all(s, bob, setup["Ben"], criteria, (10, 1, 10))
        judging.submit_category(s, judge_id=ann, category_id=setup["education"])
    with db.read_session() as s:
        (result,) = results.category_results(s, event_id, category_id=setup["education"])
    assert (result.status, result.judges_assigned, result.judges_submitted) == (
        "provisional", 2, 1)
    got = {r.ref: (r.rank, round(r.score, 4), round(r.median, 4), round(r.spread, 4), r.tie,
                   r.tie_break) for r in result.ranking}
    assert got == {"N-0001": (1, 5.0, 5.0, 10.0, True, "unresolved"),
                   "N-0002": (1, 5.0, 5.0, 0.0, True, "unresolved")}
    assert "still tied" in result.problem
    with db.session() as s:
        judging.submit_category(s, judge_id=bob, category_id=setup["education"])
        with pytest.raises(ValidationError, match="still tied"):
            results.confirm_results(s, setup["education"])
    with db.session() as s:
        with pytest.raises(ValidationError, match="lead judge"):
            results.record_casting_decision(s, category_id=setup["education"],
                                            order=[setup["Ben"], setup["Ada"]])
        judging.set_lead_judge(s, category_id=setup["education"], judge_id=ann)
        results.record_casting_decision(s, category_id=setup["education"],
                                        order=[setup["Ben"], setup["Ada"]],
                                        reason="Ben's story moved the panel")
    with db.session() as s:
        final = results.confirm_results(s, setup["education"])
    assert final.status == "final"
    assert [(r.ref, r.rank, r.tie_break, r.placement) for r in final.ranking] == [
        ("N-0002", 1, "casting", "winner"), ("N-0001", 2, "casting", "runner_up")]
    with db.session() as s:
        with pytest.raises(ConflictError, match="confirmed and locked"):
            judging.unlock_submission(s, judge_id=ann, category_id=setup["education"],
                                      reason="too late")
        document = results.results_document(results.category_results(
            s, event_id, category_id=setup["education"]))
    assert document[0]["status"] == "final"
    assert document[0]["ranking"][0] == {
        "nomination_ref": "N-0002", "rank": 1, "score": 5.0, "normalised_score": 0.0,
        "median": 5.0, "spread": 0.0, "tie": True, "tie_break": "casting",
        "placement": "winner"}


def test_obstacles_rule_breaks_a_tie(db: Database, setup: dict[str, Any]) -> None:
    """Ann: Ada (9, 5, 1) → (8.8889 + 2×4.4444 + 0) / 4 = 4.4444;
            Ben (1, 5, 9) → (0 + 2×4.4444 + 8.8889) / 4 = 4.4444 — a tie on the total.
    Obstacles points are equal too (4.4444) … so make Ben's obstacles higher instead:
            Ben (1, 6, 7) → (0 + 2×5.5556 + 6.6667) / 4 = 4.4444; obstacles 5.5556 > 4.4444.
    """
    ann, criteria = setup["ann"], setup["criteria"]
    with db.session() as s:
        event_id = s.get(Judge, ann).sponsor.event_id
        score_all(s, ann, setup["Ada"], criteria, (9, 5, 1))
        score_all(s, ann, setup["Ben"], criteria, (1, 6, 7))
        (result,) = results.category_results(s, event_id, category_id=setup["education"])
    assert [(r.ref, r.rank, r.tie, r.tie_break) for r in result.ranking] == [
        ("N-0002", 1, True, "obstacles"), ("N-0001", 2, True, "obstacles")]


def test_tie_break_rules_fixed_once_scoring_starts(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        event_id = s.get(Judge, setup["ann"]).sponsor.event_id
        with pytest.raises(ValidationError):
            results.set_tie_breaks(s, event_id, rules=["median", "median"], normalised=False)
        results.set_tie_breaks(s, event_id, rules=["median", "casting"], normalised=True)
        score_all(s, setup["ann"], setup["Ada"], setup["criteria"], (5, 5, 5))
        with pytest.raises(ConflictError, match="fixed"):
            results.set_tie_breaks(s, event_id, rules=["obstacles"], normalised=False)


def test_progress_per_category_and_judge(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        event_id = s.get(Judge, setup["ann"]).sponsor.event_id
        score_all(s, setup["ann"], setup["Ada"], setup["criteria"], (5, 5, 5))
        judging.save_scores(s, judge_id=setup["bob"], nomination_id=setup["Ada"],
                            scores={setup["criteria"]["Achievement"]: 5})  # partly scored
        judging.set_pin(s, setup["ann"], "1234")
        rows = judging.judging_progress(s, event_id)
    assert [(r.judge, r.assigned, r.scored, r.submitted, r.has_pin) for r in rows] == [
        ("Ann Judge", 2, 1, False, True), ("Bob Judge", 2, 0, False, False)]


def test_a_scored_nomination_cannot_move_category(db: Database, setup: dict[str, Any]) -> None:
    with db.session() as s:
        score_all(s, setup["ann"], setup["Ada"], setup["criteria"], (7, 7, 7))
    with db.session() as s, pytest.raises(ValidationError) as refused:
        nominations.update_nomination(s, setup["Ada"], category_id=setup["sports"])
    assert refused.value.errors[0].field == "category"
    assert "already been scored by 1 judge(s)" in refused.value.errors[0].message
    with db.session() as s:  # an unscored one still moves
        nominations.update_nomination(s, setup["Ben"], category_id=setup["sports"])
