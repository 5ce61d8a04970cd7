"""Stored result statistics: equal to the core reference, and never trusted when out of date.

``results_cache`` aggregates judge totals in SQL (means, exact medians, z-scores per judge);
``core.scoring.nomination_stats`` is the plain-Python reference the rules are written in. Both
are run on the same randomly scored demo event, and the stored statistics are checked against
fresh ones after changes that bypass the services (a conflict row, a move, a withdrawal).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from typing import Any

import pytest
from sqlalchemy import select, update

from awards_app.core import scoring
from awards_app.core.enums import ConflictKind
from awards_app.db.engine import Database
from awards_app.db.models import (
    Category,
    Conflict,
    Event,
    Judge,
    JudgeTotal,
    Nomination,
    Sponsor,
    Sponsorship,
)
from awards_app.services import demo, judging, results, results_cache
from awards_app.services.judging import JUDGED_STATUSES


def _score(database: Database, seed: int, *, judges_per_category: int | None = None) -> int:
    rng = random.Random(seed)
    with database.session() as s:
        event_id = demo.create_demo_event(s).id
    with database.session() as s:
        for row in judging.judging_progress(s, event_id):
            for item in judging.judge_queue(s, row.judge_id):
                if item.category_id == row.category_id and rng.random() < 0.85:
                    criteria = [c for c in item.criteria if rng.random() < 0.9] or item.criteria[:1]
                    judging.save_scores(s, judge_id=row.judge_id, nomination_id=item.nomination_id,
                                        scores={c.id: rng.randint(1, 10) for c in criteria})
    return event_id


def _reference(s: Any, event_id: int) -> dict[int, scoring.NominationStats]:
    """The rules as written: counting totals filtered in Python, then core.scoring."""
    sponsored = set(s.execute(
        select(Judge.id, Sponsorship.category_id).join(Sponsor, Sponsor.id == Judge.sponsor_id)
        .join(Sponsorship, Sponsorship.sponsor_id == Sponsor.id)
        .where(Sponsor.event_id == event_id, Sponsor.active.is_(True), Judge.active.is_(True))
    ).all())
    conflicts = s.execute(select(Conflict.judge_id, Conflict.nomination_id, Conflict.nominee_id)).all()
    by_category: dict[int, list[scoring.JudgeTotal]] = defaultdict(list)
    obstacles: dict[int, list[float]] = defaultdict(list)
    members: dict[int, list[int]] = defaultdict(list)
    for n in s.scalars(select(Nomination).where(Nomination.event_id == event_id,
                                                Nomination.status.in_(JUDGED_STATUSES))):
        members[n.category_id].append(n.id)
        for t in s.scalars(select(JudgeTotal).where(JudgeTotal.nomination_id == n.id)):
            if (t.judge_id, n.category_id) not in sponsored:
                continue
            if any(j == t.judge_id and (nid == n.id or ne == n.nominee_id)
                   for j, nid, ne in conflicts):
                continue
            by_category[n.category_id].append(scoring.JudgeTotal(n.id, t.judge_id, t.total))
            if t.obstacles is not None:
                obstacles[n.id].append(t.obstacles)
    reference = {}
    for category_id, ids in members.items():
        means = {nid: math.fsum(v) / len(v) for nid, v in obstacles.items() if nid in ids}
        for stat in scoring.nomination_stats(by_category[category_id], means, ids):
            reference[stat.nomination_id] = stat
    return reference


def _stored(s: Any, event_id: int) -> dict[int, scoring.NominationStats]:
    categories = list(s.scalars(select(Category.id).where(Category.event_id == event_id)))
    return {stat.nomination_id: stat
            for standing in results_cache.standings(s, event_id, categories).values()
            for stat in standing.stats()}


def _assert_same(got: dict[int, scoring.NominationStats],
                 want: dict[int, scoring.NominationStats]) -> None:
    assert got.keys() == want.keys()
    for nid, expected in want.items():
        actual = got[nid]
        assert actual.judges == expected.judges, nid
        for field in ("score", "normalised", "median", "spread", "obstacles"):
            a, b = getattr(actual, field), getattr(expected, field)
            assert (a is None) == (b is None), (nid, field, a, b)
            if a is not None:
                assert a == pytest.approx(b, abs=1e-9), (nid, field)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sql_statistics_equal_the_core_reference(db: Database, seed: int) -> None:
    event_id = _score(db, seed)
    with db.session() as s:
        # a conflict declared after scoring: that judge stops counting for the nomination
        judge_id, nomination_id = s.execute(select(JudgeTotal.judge_id, JudgeTotal.nomination_id)
                                            .limit(1)).one()
        s.add(Conflict(judge_id=judge_id, nomination_id=nomination_id, kind=ConflictKind.OTHER))
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))
    with db.session() as s:
        results_cache.refresh(s, event_id)
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))


def test_normalised_mode_ranks_the_same_as_the_core_reference(db: Database) -> None:
    event_id = _score(db, 7)
    with db.session() as s:
        s.execute(update(Event).values(normalised_results=True))
    with db.read_session() as s:
        reference = _reference(s, event_id)
        for result in results.category_results(s, event_id):
            stats = [reference[r.nomination_id] for r in result.ranking]
            want = scoring.rank(stats, use_normalised=True)
            assert [(r.nomination_id, r.rank) for r in result.ranking] == \
                [(r.nomination_id, r.rank) for r in want]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = results_cache.compute

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(results_cache, "compute", counting)
    return calls


def test_stored_statistics_are_used_once_refreshed(db: Database,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    event_id = _score(db, 4)
    calls = _spy(monkeypatch)
    with db.read_session() as s:
        results.category_results(s, event_id)
    assert calls == []  # saving scores stored them, and nothing has changed since


@pytest.mark.parametrize("change", ["conflict", "sponsorship", "judge", "move", "withdraw"])
def test_changes_behind_the_services_back_are_never_missed(
    db: Database, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    event_id = _score(db, 5)
    with db.session() as s:
        judge_id, nomination_id = s.execute(
            select(JudgeTotal.judge_id, JudgeTotal.nomination_id).limit(1)).one()
        nomination = s.get(Nomination, nomination_id)
        assert nomination is not None
        if change == "conflict":
            s.add(Conflict(judge_id=judge_id, nominee_id=nomination.nominee_id,
                           kind=ConflictKind.KNOWS))
        elif change == "sponsorship":
            s.execute(Sponsorship.__table__.delete().where(
                Sponsorship.category_id == nomination.category_id))
        elif change == "judge":
            s.execute(update(Judge).where(Judge.id == judge_id).values(active=False))
        elif change == "move":
            other = s.scalar(select(Category.id).where(
                Category.event_id == event_id, Category.id != nomination.category_id).limit(1))
            nomination.category_id = other
        else:
            nomination.status = "withdrawn"
    calls = _spy(monkeypatch)
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))
    assert calls, "out-of-date statistics were trusted"
    with db.session() as s:
        results_cache.refresh(s, event_id)
    calls.clear()
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))
    assert calls == []


@pytest.mark.parametrize(("rules", "normalised"), [
    ("obstacles,median,casting", False), ("median,obstacles", False), ("casting,obstacles", True),
    ("", False), ("obstacles,median,casting", True),
])
def test_stored_ranks_equal_core_ranking(db: Database, rules: str, normalised: bool) -> None:
    """Coarse scores make many ties; the ranks stored by SQL window functions must be exactly
    what core.scoring.rank gives for every rule order and both modes."""
    rng = random.Random(f"{rules}|{normalised}")  # str seeds are stable across runs
    with db.session() as s:
        event_id = demo.create_demo_event(s).id
        s.execute(update(Event).values(tie_breaks=rules, normalised_results=normalised))
    with db.session() as s:
        for row in judging.judging_progress(s, event_id):
            for item in judging.judge_queue(s, row.judge_id):
                if item.category_id == row.category_id:
                    judging.save_scores(s, judge_id=row.judge_id, nomination_id=item.nomination_id,
                                        scores={c.id: rng.choice([5, 10]) for c in item.criteria})
    parsed = [scoring.TieBreak(r) for r in rules.split(",") if r]
    with db.read_session() as s:
        categories = list(s.scalars(select(Category.id).where(Category.event_id == event_id)))
        standings = results_cache.standings(s, event_id, categories)
    ties = 0
    for standing in standings.values():
        assert standing.stored
        want = scoring.rank(standing.stats(), rules=parsed, use_normalised=normalised)
        assert standing.stored_ranking() == want
        ties += sum(r.tie for r in want)
    assert ties >= 2  # the data really exercised the tie-breaks
