"""Confirmed results hold: nothing that feeds a confirmed category's ranking changes until a
coordinator reopens it, whichever service is called; reopening keeps what was confirmed.

The stateful test drives random service operations (the window, the command line and
imports all call these) against confirmed and reopened categories and checks after every
step that each confirmed category's ranking — computed afresh from the scores, as stored,
as shown, and its confirmed placements — is exactly what it was when it was confirmed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import or_, select

from awards_app.core.enums import ConflictKind, NominationStatus
from awards_app.core.errors import AwardsError, ResultsLockedError, ValidationError
from awards_app.db.engine import Database, open_database
from awards_app.db.models import (
    AuditEntry,
    CastingDecision,
    Category,
    ConfirmedPlacement,
    Conflict,
    Criterion,
    Judge,
    Nomination,
    NominationTotal,
    Score,
    ScoreComment,
    Sponsor,
)
from awards_app.services import judging, nominations
from awards_app.services.catalogue import categories, sponsors
from awards_app.services.judging import results, results_cache
from awards_app.services.transfer import nominations_import
from tests.factories import award_demo, write_nominations_csv

# --- one confirmed demo event, built once and copied per test --------------------------------


@pytest.fixture(scope="module")
def awarded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("awarded") / "awarded.sqlite3"
    database = open_database(path)
    award_demo(database)
    database.close()
    return path


def _copy(source: Path, folder: Path) -> Path:
    target = folder / "db.sqlite3"
    shutil.copyfile(source, target)
    return target


def inputs(session: Any, category: Category) -> tuple[Any, ...]:
    """Everything that feeds the category's ranking, as stored."""
    nominations_in = sorted(session.execute(
        select(Nomination.id, Nomination.status, Nomination.nominee_id)
        .where(Nomination.category_id == category.id)).all())
    ids = [n[0] for n in nominations_in]
    sponsor_ids = sorted(link.sponsor_id for link in category.sponsorships)
    judges = sorted(session.execute(
        select(Judge.id, Judge.active, Sponsor.active).join(Sponsor)
        .where(Judge.sponsor_id.in_(sponsor_ids))).all())
    nominees = [n[2] for n in nominations_in]
    conflicts = sorted(session.execute(
        select(Conflict.judge_id, Conflict.nomination_id, Conflict.nominee_id)
        .where(Conflict.judge_id.in_([j[0] for j in judges]),
               or_(Conflict.nomination_id.in_(ids), Conflict.nominee_id.in_(nominees)))
    ).all(), key=repr)
    scores = sorted(session.execute(
        select(Score.judge_id, Score.nomination_id, Score.criterion_id, Score.value)
        .where(Score.nomination_id.in_(ids))).all())
    casting = sorted(session.execute(
        select(CastingDecision.nomination_id, CastingDecision.position)
        .where(CastingDecision.category_id == category.id)).all())
    return (
        nominations_in, sponsor_ids, judges, conflicts, scores, casting,
        [(k.weight, k.scale_min, k.scale_max, k.role) for k in category.criteria],
        (category.winners_count, category.runners_up_count, category.highly_commended_count,
         category.lead_judge_id),
        (category.event.tie_breaks, category.event.normalised_results),
    )


def snapshot(session: Any, category_id: int) -> tuple[Any, ...]:
    """Everything that is the category's ranking, and everything that feeds it: fresh
    statistics from the scores, the stored ranking rows, what the Results page shows, the
    confirmed placements, and the stored inputs (see ``inputs``)."""
    category = session.get(Category, category_id)
    fresh = sorted(tuple(r) for r in results_cache.compute(session, category.event_id,
                                                             [category_id]))
    stored = [tuple(getattr(r, c.key) for c in NominationTotal.__table__.columns)
              for r in session.scalars(select(NominationTotal).where(
                  NominationTotal.category_id == category_id)
                  .order_by(NominationTotal.position))]
    (shown,) = results.category_results(session, category.event_id, category_id=category_id)
    placements = sorted(session.execute(
        select(ConfirmedPlacement.nomination_id, ConfirmedPlacement.placement,
               ConfirmedPlacement.rank, ConfirmedPlacement.score)
        .where(ConfirmedPlacement.category_id == category_id)).all())
    return fresh, stored, shown.ranking, shown.status, placements, inputs(session, category)


# --- each door, tried once -------------------------------------------------------------------


@pytest.fixture
def awarded(awarded_file: Path, tmp_path: Path) -> Any:
    database = open_database(_copy(awarded_file, tmp_path))
    with database.read_session() as s:
        education = s.scalar(select(Category).where(Category.name == "Education Star"))
        assert education is not None and education.results_confirmed_at is not None
        placed = list(s.scalars(select(ConfirmedPlacement).where(
            ConfirmedPlacement.category_id == education.id)
            .order_by(ConfirmedPlacement.rank)))
        facts = {
            "event": education.event_id, "category": education.id,
            "winner": placed[0].nomination_id, "runner_up": placed[1].nomination_id,
            "other_category": s.scalar(select(Category.id).where(
                Category.name == "Sports Hero")),
            "criterion": education.criteria[0].id,
            "sponsor": education.sponsorships[0].sponsor_id,
            "judge": s.scalar(select(Judge.id).where(
                Judge.sponsor_id == education.sponsorships[0].sponsor_id)),
        }
        facts["nominee"] = s.get(Nomination, facts["runner_up"]).nominee_id
        in_category = set(s.scalars(select(Nomination.nominee_id).where(
            Nomination.category_id == education.id)))
        facts["free_nominee"] = next(n for n in s.scalars(
            select(Nomination.nominee_id).order_by(Nomination.id)) if n not in in_category)
        facts["before"] = snapshot(s, education.id)
    yield database, facts
    database.close()


DOORS: dict[str, Any] = {
    "status to draft": lambda s, f: nominations.update_nomination(
        s, f["runner_up"], status="draft"),
    "withdraw": lambda s, f: nominations.withdraw_nomination(
        s, f["runner_up"], reason="Asked to withdraw"),
    "withdraw the young person": lambda s, f: nominations.withdraw_nominee(
        s, f["nominee"], reason="Asked to withdraw"),
    "new accepted nomination": lambda s, f: nominations.create_nomination(
        s, event_id=f["event"], category_id=f["category"],
        nominee_id=f["free_nominee"], success="word " * 40, obstacles="word " * 40, status="accepted"),
    "a score": lambda s, f: judging.save_scores(
        s, judge_id=f["judge"], nomination_id=f["winner"], scores={f["criterion"]: 1}),
    "a conflict": lambda s, f: judging.declare_conflict(
        s, judge_id=f["judge"], kind=ConflictKind.KNOWS, nomination_id=f["winner"]),
    "a judge withdrawn": lambda s, f: sponsors.withdraw_judge(s, f["judge"]),
    "a sponsor withdrawn": lambda s, f: sponsors.withdraw_sponsor(s, f["sponsor"]),
    "a sponsorship removed": lambda s, f: sponsors.unsponsor_category(
        s, sponsor_id=f["sponsor"], category_id=f["category"]),
    "a weight": lambda s, f: categories.update_criterion(s, f["criterion"], weight=5),
    "a new criterion": lambda s, f: categories.add_criterion(
        s, category_id=f["category"], name="Teamwork"),
    "placement counts": lambda s, f: categories.update_category(
        s, f["category"], runners_up_count=2),
    "tie-break rules": lambda s, f: results.set_tie_breaks(
        s, f["event"], rules=["median"], normalised=True),
    "a casting decision": lambda s, f: results.record_casting_decision(
        s, category_id=f["category"], order=[f["runner_up"], f["winner"]]),
    "the lead judge": lambda s, f: judging.set_lead_judge(
        s, category_id=f["category"], judge_id=f["judge"]),
}


@pytest.mark.parametrize("door", list(DOORS))
def test_a_confirmed_category_refuses_every_change_to_its_ranking(
        awarded: Any, door: str) -> None:
    database, facts = awarded
    with pytest.raises(ResultsLockedError) as refused, database.session() as s:
        DOORS[door](s, facts)
    message = str(refused.value)
    assert message.startswith("Education Star's results are confirmed and locked")
    assert "reopen" in message.lower()
    with database.read_session() as s:
        assert snapshot(s, facts["category"]) == facts["before"]


def test_a_judges_comment_may_still_change_but_not_their_scores(awarded: Any) -> None:
    database, facts = awarded
    with database.read_session() as s:
        score = s.scalar(select(Score).where(Score.judge_id == facts["judge"],
                                             Score.nomination_id == facts["winner"]))
        kept = {score.criterion_id: score.value}
    with database.session() as s:  # the same scores, a new comment: allowed
        judging.save_scores(s, judge_id=facts["judge"], nomination_id=facts["winner"],
                            scores=kept, comment="A remarkable year.")
    with database.read_session() as s:
        assert s.scalar(select(ScoreComment.comment).where(
            ScoreComment.judge_id == facts["judge"],
            ScoreComment.nomination_id == facts["winner"])) == "A remarkable year."
        assert snapshot(s, facts["category"]) == facts["before"]
    with pytest.raises(ResultsLockedError), database.session() as s:
        judging.save_scores(s, judge_id=facts["judge"], nomination_id=facts["winner"],
                            scores={c: v % 10 + 1 for c, v in kept.items()},
                            comment="Changed my mind")


def test_an_import_into_a_confirmed_category_is_refused(awarded: Any, tmp_path: Path) -> None:
    database, facts = awarded
    path = write_nominations_csv(tmp_path / "late.csv", 3, seed=9)
    text = path.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    rows = [line.split(",") for line in text[1:]]
    at = header.index("category")
    for row in rows:
        row[at] = "Education Star"
    path.write_text("\n".join([",".join(header), *(",".join(r) for r in rows)]) + "\n",
                    encoding="utf-8")
    with pytest.raises(ValidationError) as refused, database.session() as s:
        nominations_import.import_nominations(s, event_id=facts["event"], path=path)
    assert {e.field for e in refused.value.errors} >= {"category"}
    assert any("confirmed and locked" in e.message for e in refused.value.errors)


def test_what_does_not_feed_the_ranking_may_still_change(awarded: Any) -> None:
    database, facts = awarded
    with database.session() as s:
        nominations.update_nomination(s, facts["winner"], citation="For never giving up.")
        categories.update_category(s, facts["category"], description="Learning, any age")
        sponsors.update_sponsor(s, facts["sponsor"], notes="Thanked at the ceremony")
    with database.read_session() as s:
        assert snapshot(s, facts["category"]) == facts["before"]


def test_reopening_needs_a_reason_keeps_the_old_placements_and_unlocks(awarded: Any) -> None:
    database, facts = awarded
    with pytest.raises(ValidationError) as refused, database.session() as s:
        results.reopen_results(s, facts["category"], reason="  ")
    assert refused.value.fields == {"reason"}

    with database.session() as s:
        reopened = results.reopen_results(s, facts["category"],
                                          reason="The runner-up asked to withdraw")
    assert reopened.status == "complete"
    assert reopened.previous[facts["winner"]] == "winner"
    assert reopened.previous[facts["runner_up"]] == "runner_up"
    assert reopened.reopen_reason == "The runner-up asked to withdraw"
    with database.session() as s:  # now the withdrawal goes through
        nominations.withdraw_nomination(s, facts["runner_up"], reason="Asked to withdraw")
        again = results.confirm_results(s, facts["category"])
    places = {r.nomination_id: r.placement for r in again.ranking}
    assert facts["runner_up"] not in places
    assert places[facts["winner"]] == "winner"
    assert again.previous[facts["runner_up"]] == "runner_up"  # still shown beside the new
    with database.read_session() as s:
        audit = s.scalars(select(AuditEntry.summary).where(
            AuditEntry.action == "reopen_results")).all()
    assert audit == ["Education Star: The runner-up asked to withdraw"]


def test_only_confirmed_results_can_be_reopened(awarded: Any) -> None:
    database, facts = awarded
    with database.session() as s:
        results.reopen_results(s, facts["category"], reason="Check the scores")
    with pytest.raises(AwardsError) as refused, database.session() as s:
        results.reopen_results(s, facts["category"], reason="Again")
    assert "not confirmed" in str(refused.value)


# --- the stateful test ----------------------------------------------------------------------

STATUSES = [s.value for s in NominationStatus if s is not NominationStatus.WITHDRAWN]


class ConfirmedResultsHold(RuleBasedStateMachine):
    """Random operations through the services; confirmed rankings never move."""

    source: Path  # the awarded template database, set by the test below
    folder: Path

    def __init__(self) -> None:
        super().__init__()
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"run-{id(self)}.sqlite3"
        shutil.copyfile(self.source, path)
        self.db: Database = open_database(path)
        with self.db.read_session() as s:
            self.event_id = s.scalar(select(Category.event_id))
            self.categories = list(s.scalars(select(Category.id).order_by(Category.id)))
            self.nominations = list(s.scalars(select(Nomination.id).order_by(Nomination.id)))
            self.judges = list(s.scalars(select(Judge.id).order_by(Judge.id)))
            self.sponsors = list(s.scalars(select(Sponsor.id).order_by(Sponsor.id)))
            self.criteria = list(s.scalars(select(Criterion.id).order_by(Criterion.id)))
            self.locked = {c: snapshot(s, c) for c in self.categories
                           if s.get(Category, c).results_confirmed_at is not None}
        self.reopens = 0

    def teardown(self) -> None:
        self.db.close()

    def _try(self, action: Any) -> None:
        try:
            with self.db.session() as s:
                action(s)
        except AwardsError:
            pass  # refused: nothing stored

    @rule(i=st.integers(0, 10**6), status=st.sampled_from(STATUSES))
    def change_status(self, i: int, status: str) -> None:
        nid = self.nominations[i % len(self.nominations)]
        self._try(lambda s: nominations.update_nomination(s, nid, status=status))

    @rule(i=st.integers(0, 10**6))
    def withdraw(self, i: int) -> None:
        nid = self.nominations[i % len(self.nominations)]
        self._try(lambda s: nominations.withdraw_nomination(s, nid, reason="Asked"))

    @rule(i=st.integers(0, 10**6))
    def reinstate(self, i: int) -> None:
        nid = self.nominations[i % len(self.nominations)]
        self._try(lambda s: nominations.reinstate_nomination(
            s, nid, status=NominationStatus.ACCEPTED))

    @rule(i=st.integers(0, 10**6), c=st.integers(0, 10**6))
    def move(self, i: int, c: int) -> None:
        nid = self.nominations[i % len(self.nominations)]
        cid = self.categories[c % len(self.categories)]
        self._try(lambda s: nominations.update_nomination(s, nid, category_id=cid))

    @rule(j=st.integers(0, 10**6), i=st.integers(0, 10**6), k=st.integers(0, 10**6),
          value=st.integers(1, 10))
    def score(self, j: int, i: int, k: int, value: int) -> None:
        jid = self.judges[j % len(self.judges)]
        nid = self.nominations[i % len(self.nominations)]

        def act(s: Any) -> None:
            criteria = [c.id for c in s.get(Nomination, nid).category.criteria]
            judging.save_scores(s, judge_id=jid, nomination_id=nid,
                                scores={criteria[k % len(criteria)]: value})
        self._try(act)

    @rule(j=st.integers(0, 10**6), i=st.integers(0, 10**6), whole=st.booleans())
    def conflict(self, j: int, i: int, whole: bool) -> None:
        jid = self.judges[j % len(self.judges)]
        nid = self.nominations[i % len(self.nominations)]

        def act(s: Any) -> None:
            if whole:
                judging.declare_conflict(s, judge_id=jid, kind="knows",
                                         nominee_id=s.get(Nomination, nid).nominee_id)
            else:
                judging.declare_conflict(s, judge_id=jid, kind="knows", nomination_id=nid)
        self._try(act)

    @rule(i=st.integers(0, 10**6))
    def remove_conflict(self, i: int) -> None:
        def act(s: Any) -> None:
            ids = list(s.scalars(select(Conflict.id).order_by(Conflict.id)))
            if ids:
                judging.remove_conflict(s, ids[i % len(ids)], reason="Declared by mistake")
        self._try(act)

    @rule(j=st.integers(0, 10**6), active=st.booleans())
    def judge_active(self, j: int, active: bool) -> None:
        jid = self.judges[j % len(self.judges)]
        self._try(lambda s: sponsors.withdraw_judge(s, jid, active=active))

    @rule(p=st.integers(0, 10**6), active=st.booleans())
    def sponsor_active(self, p: int, active: bool) -> None:
        pid = self.sponsors[p % len(self.sponsors)]
        self._try(lambda s: sponsors.withdraw_sponsor(s, pid, active=active))

    @rule(p=st.integers(0, 10**6), c=st.integers(0, 10**6), link=st.booleans())
    def sponsorship(self, p: int, c: int, link: bool) -> None:
        pid = self.sponsors[p % len(self.sponsors)]
        cid = self.categories[c % len(self.categories)]
        change = sponsors.sponsor_category if link else sponsors.unsponsor_category
        self._try(lambda s: change(s, sponsor_id=pid, category_id=cid))

    @rule(k=st.integers(0, 10**6), weight=st.sampled_from([0.5, 1, 2, 3]))
    def weight(self, k: int, weight: float) -> None:
        kid = self.criteria[k % len(self.criteria)]
        self._try(lambda s: categories.update_criterion(s, kid, weight=weight))

    @rule(c=st.integers(0, 10**6), winners=st.integers(1, 3), runners=st.integers(0, 2))
    def counts(self, c: int, winners: int, runners: int) -> None:
        cid = self.categories[c % len(self.categories)]
        self._try(lambda s: categories.update_category(
            s, cid, winners_count=winners, runners_up_count=runners))

    @rule(c=st.integers(0, 10**6), j=st.integers(0, 10**6))
    def lead_judge(self, c: int, j: int) -> None:
        cid = self.categories[c % len(self.categories)]
        jid = self.judges[j % len(self.judges)]
        self._try(lambda s: judging.set_lead_judge(s, category_id=cid, judge_id=jid))

    @rule(c=st.integers(0, 10**6), j=st.integers(0, 10**6))
    def unlock(self, c: int, j: int) -> None:
        cid = self.categories[c % len(self.categories)]
        jid = self.judges[j % len(self.judges)]
        self._try(lambda s: judging.unlock_submission(s, judge_id=jid, category_id=cid,
                                                      reason="Fix a typo"))

    @rule(j=st.integers(0, 10**6), c=st.integers(0, 10**6))
    def submit(self, j: int, c: int) -> None:
        cid = self.categories[c % len(self.categories)]
        jid = self.judges[j % len(self.judges)]
        self._try(lambda s: judging.submit_category(s, judge_id=jid, category_id=cid))

    @rule(rules=st.permutations(["obstacles", "median", "casting"]), normalised=st.booleans())
    def tie_breaks(self, rules: list[str], normalised: bool) -> None:
        self._try(lambda s: results.set_tie_breaks(s, self.event_id, rules=rules,
                                                    normalised=normalised))

    @rule(c=st.integers(0, 10**6))
    def casting(self, c: int) -> None:
        cid = self.categories[c % len(self.categories)]

        def act(s: Any) -> None:
            ids = list(s.scalars(select(Nomination.id).where(Nomination.category_id == cid)))
            if len(ids) >= 2:
                results.record_casting_decision(s, category_id=cid, order=ids[:2][::-1])
        self._try(act)

    @precondition(lambda self: self.reopens < 3)
    @rule(c=st.integers(0, 10**6))
    def reopen(self, c: int) -> None:
        cid = self.categories[c % len(self.categories)]
        try:
            with self.db.session() as s:
                results.reopen_results(s, cid, reason="Checking a withdrawal")
        except AwardsError:
            return
        self.reopens += 1
        self.locked.pop(cid, None)  # reopened: it may change now

    @rule(c=st.integers(0, 10**6))
    def confirm(self, c: int) -> None:
        cid = self.categories[c % len(self.categories)]
        try:
            with self.db.session() as s:
                results.confirm_results(s, cid)
        except AwardsError:
            return
        with self.db.read_session() as s:
            self.locked[cid] = snapshot(s, cid)

    @invariant()
    def confirmed_rankings_never_move(self) -> None:
        with self.db.read_session() as s:
            for cid, before in self.locked.items():
                assert s.get(Category, cid).results_confirmed_at is not None
                assert snapshot(s, cid) == before, cid


def test_confirmed_results_hold_under_random_operations(awarded_file: Path,
                                                        tmp_path: Path) -> None:
    ConfirmedResultsHold.source = awarded_file
    ConfirmedResultsHold.folder = tmp_path
    run = ConfirmedResultsHold.TestCase
    run.settings = settings(max_examples=12, stateful_step_count=25, deadline=None,
                            suppress_health_check=[HealthCheck.too_slow])
    run().runTest()
