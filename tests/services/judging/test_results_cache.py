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
from sqlalchemy import select, text, update

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
    Nominee,
    ResultsState,
    Sponsor,
    Sponsorship,
)
from awards_app.core.text import format_ref
from awards_app.services import demo
from awards_app.services import judging
from awards_app.services.judging import results
from awards_app.services.judging import results_cache
from awards_app.services.judging.assignments import JUDGED_STATUSES


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


def _shown(s: Any, event_id: int) -> dict[int, tuple[str, str]]:
    """nomination id → (ref, preferred name) as the results show them."""
    return {row.nomination_id: (row.ref, row.nominee)
            for result in results.category_results(s, event_id) for row in result.ranking}


def _current(s: Any, event_id: int) -> dict[int, tuple[str, str]]:
    """The same read straight from the nominations and young people as they are now."""
    return {nid: (format_ref(number), name) for nid, number, name in s.execute(
        select(Nomination.id, Nomination.number, Nominee.preferred_name)
        .join(Nominee, Nominee.id == Nomination.nominee_id)
        .where(Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES)))}


def _copy_nomination(s: Any, nomination_id: int, *, category_id: int) -> None:
    """A plain-SQL copy of a nomination, with the next number, in another category."""
    names = [c.name for c in Nomination.__table__.columns if c.name != "id"]
    values = {"number": "(SELECT max(number) + 1 FROM nomination)", "category_id": ":category"}
    s.execute(text(f"INSERT INTO nomination ({', '.join(names)}) "
                   f"SELECT {', '.join(values.get(n, n) for n in names)} "
                   "FROM nomination WHERE id = :id"), {"id": nomination_id, "category": category_id})


@pytest.mark.parametrize("change", ["reinstate", "renumber", "nominee", "insert", "delete",
                                    "shortlist", "normalised", "tie_breaks"])
def test_raw_sql_changes_to_nominations_and_settings_are_never_missed(
    db: Database, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """Plain SQL, as another tool would write it: everything the stored rows were computed
    from (besides the judge totals) is covered by the fingerprint."""
    event_id = _score(db, 6)
    with db.session() as s:
        nid, cid = s.execute(select(Nomination.id, Nomination.category_id)
                             .join(JudgeTotal, JudgeTotal.nomination_id == Nomination.id)
                             .order_by(Nomination.id).limit(1)).one()
        other = s.scalar(select(Category.id).where(Category.event_id == event_id,
                                                   Category.id != cid).limit(1))
        if change == "reinstate":  # withdrawn (with its judge totals) when last refreshed
            s.execute(text("UPDATE nomination SET status = 'withdrawn' WHERE id = :id"), {"id": nid})
            results_cache.refresh(s, event_id)
    with db.session() as s:
        statement, values = {
            "reinstate": ("UPDATE nomination SET status = 'accepted' WHERE id = :id", {}),
            "renumber": ("UPDATE nomination SET number = 9999 WHERE id = :id", {}),
            "nominee": ("UPDATE nomination SET nominee_id = (SELECT max(nominee_id) "
                        "FROM nomination WHERE category_id != :cid) WHERE id = :id", {"cid": cid}),
            "insert": ("", {}),
            "delete": ("DELETE FROM nomination WHERE id = :id", {}),
            "shortlist": ("UPDATE nomination SET status = 'shortlisted' WHERE id = :id", {}),
            "normalised": ("UPDATE event SET normalised_results = NOT normalised_results", {}),
            "tie_breaks": ("UPDATE event SET tie_breaks = 'median,obstacles'", {}),
        }[change]
        if change == "insert":  # a new, unscored nomination
            _copy_nomination(s, nid, category_id=other)
        else:
            s.execute(text(statement), {"id": nid, **values})
    calls = _spy(monkeypatch)
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))
        assert _shown(s, event_id) == _current(s, event_id)
    assert calls, "out-of-date statistics were trusted"
    with db.session() as s:
        results_cache.refresh(s, event_id)
    calls.clear()
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))
        assert _shown(s, event_id) == _current(s, event_id)
    assert calls == []


def test_preferred_names_are_always_read_live(db: Database,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    event_id = _score(db, 8)
    with db.session() as s:
        s.execute(text("UPDATE nominee SET preferred_name = 'Renamed ' || id"))
    calls = _spy(monkeypatch)
    with db.read_session() as s:
        shown = _shown(s, event_id)
        assert shown == _current(s, event_id)
        assert all(name.startswith("Renamed ") for _ref, name in shown.values())
    assert calls == []  # names are not part of the stored statistics: nothing to recompute


def test_a_partial_refresh_after_a_change_behind_the_back_refreshes_everything(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving one score refreshes one category; if a nomination has moved since the last
    refresh, that would leave two categories out of date, so the whole event is refreshed."""
    event_id = _score(db, 9)
    with db.session() as s:
        judge_id, nid, cid = s.execute(
            select(JudgeTotal.judge_id, Nomination.id, Nomination.category_id)
            .join(JudgeTotal, JudgeTotal.nomination_id == Nomination.id).limit(1)).one()
        other = s.scalar(select(Category.id).where(Category.event_id == event_id,
                                                   Category.id != cid).limit(1))
        s.execute(text("UPDATE nomination SET category_id = :other WHERE id = :id"),
                  {"other": other, "id": nid})
    with db.session() as s:  # what saving a score does
        judging.refresh_totals(s, judge_id=judge_id, nomination_id=nid)
    calls = _spy(monkeypatch)
    with db.read_session() as s:
        _assert_same(_stored(s, event_id), _reference(s, event_id))
        assert _shown(s, event_id) == _current(s, event_id)
    assert calls == []


def test_stored_rows_hold_every_judged_nomination_in_ranking_order(db: Database) -> None:
    """Unscored nominations are stored too (rank None, last, by id), so ranking reads one
    table; positions run 1, 2, 3… within each category."""
    event_id = _score(db, 10)
    with db.session() as s:  # two unscored nominations
        judged = select(Nomination.id, Nomination.category_id).where(
            Nomination.status.in_(JUDGED_STATUSES))
        first = s.execute(judged.limit(1)).one()
        second = s.execute(judged.where(Nomination.category_id != first.category_id)
                           .limit(1)).one()
        _copy_nomination(s, first.id, category_id=second.category_id)
        _copy_nomination(s, second.id, category_id=first.category_id)
        results_cache.refresh(s, event_id)
    with db.read_session() as s:
        assert s.get(ResultsState, event_id) is not None
        stored = s.execute(text("SELECT category_id, position, nomination_id, rank "
                                "FROM nomination_total ORDER BY category_id, position")).all()
        judged = set(s.scalars(select(Nomination.id).where(
            Nomination.event_id == event_id, Nomination.status.in_(JUDGED_STATUSES))))
    assert {row.nomination_id for row in stored} == judged
    by_category: dict[int, list[Any]] = defaultdict(list)
    for row in stored:
        by_category[row.category_id].append(row)
    unscored = 0
    for rows in by_category.values():
        assert [r.position for r in rows] == list(range(1, len(rows) + 1))
        keys = [(r.rank is None, r.rank or 0, r.nomination_id if r.rank is None else 0)
                for r in rows]
        assert keys == sorted(keys)
        unscored += sum(r.rank is None for r in rows)
    assert unscored == 2
