"""The judge totals and result statistics made in SQL equal the core reference.

``core.scoring`` is the plain-Python statement of the scoring rules; the services compute the
same numbers in SQL (``judging.refresh_totals`` on every score change, then the statistics and
ranking stored by ``judging.results_cache``). Here hypothesis makes random categories — 1–5 criteria
with random weights (whole and fractional) and scales (any ``scale_min < scale_max`` within
0–100, as ``categories._clean_criterion`` allows) — random judges (1–4), nominations (1–4)
and scores, some criteria or whole nominations left blank and some scores changed or cleared
afterwards; stores them through the real services; and checks what SQL stored against
``core.scoring`` run on the same scores:

* each judge's stored total for a nomination (and its "Obstacles overcome" points and count of
  criteria scored) against ``judge_total`` (``criterion_points``), and a stored total exists
  exactly where the judge scored at least one criterion;
* each nomination's stored statistics (judges, mean, normalised mean, median, spread, mean
  obstacles points) against ``nomination_stats`` on the reference totals;
* the stored ranking (rank, tie, tie-break label, order) against ``rank`` under a random
  tie-break order and scoring mode.

Every example is a fresh event in one database per test: a database per example would cost
its migrations each time.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from sqlalchemy import select

from awards_app.core import scoring
from awards_app.db.engine import Database
from awards_app.db.models import JudgeTotal, Nomination
from awards_app.services import catalogue, judging, nominations, people
from tests.conftest import NARRATIVE

# Why a tolerance at all: both sides do the same IEEE operations for each criterion's points
# and weight × points, but then SQLite's sum()/avg() add the REALs one by one in the order it
# reads the rows (plain double additions in the SQLite 3.40 here; newer ones compensate, but
# still do not round exactly), while core.scoring adds with math.fsum, exactly rounded and
# order-free. So totals, means and z-scores differ in their last bits (in one 300-example run,
# 49 stored totals and ~200 statistics did, by up to 3e-15). 1e-9 is a million times that
# noise and still far below what a real mistake does: with the weight dropped from the SQL,
# or scale_min ignored, or a sample instead of a population standard deviation, hypothesis
# found values off by 0.18 to 0.74.
TOL = {"rel": 1e-9, "abs": 1e-9}
CRITERION_NAMES = ("Achievement", "Obstacles overcome", "Inspiration to others",
                   "Nominee's own voice", "Progress made")
_runs = itertools.count(1)

# Weights: what people type (whole numbers, halves) and arbitrary doubles. Validation accepts
# any 0 < weight ≤ 100; below 0.01 are left out (see TOL; a weight near 1e-300 underflows
# weight × points on both sides alike and no one types it).
weights = st.one_of(
    st.sampled_from([1.0, 2.0, 3.0, 0.5, 1.5, 0.25, 100.0]),
    st.floats(min_value=0.01, max_value=100.0, allow_nan=False, allow_infinity=False),
)


@st.composite
def scales(draw: st.DrawFn) -> tuple[int, int]:
    """(scale_min, scale_max): the usual ones, or anything validation allows."""
    usual = st.sampled_from([(1, 10), (0, 10), (1, 5), (0, 100), (0, 1), (99, 100)])
    if draw(st.booleans()):
        return draw(usual)
    low = draw(st.integers(min_value=0, max_value=99))
    return low, draw(st.integers(min_value=low + 1, max_value=100))


@dataclass(frozen=True)
class Spec:
    name: str
    weight: float
    scale_min: int
    scale_max: int
    breaks_ties: bool = False  # has the "obstacles" role (whatever its name)


@dataclass(frozen=True)
class Case:
    criteria: tuple[Spec, ...]
    judges: int
    nominations: int
    # (judge index, nomination index, {criterion index: value, None = clear}), saved in order
    saves: tuple[tuple[int, int, dict[int, int | None]], ...]
    rules: tuple[scoring.TieBreak, ...]
    normalised: bool


@st.composite
def cases(draw: st.DrawFn) -> Case:
    names = draw(st.lists(st.sampled_from(CRITERION_NAMES), min_size=1, max_size=5, unique=True))
    # The obstacles role on any one criterion, or none: the SQL finds it by role, not by name.
    role_at = draw(st.integers(-1, len(names) - 1))
    criteria = tuple(Spec(name, draw(weights), *draw(scales()), breaks_ties=i == role_at)
                     for i, name in enumerate(names))
    judges = draw(st.sampled_from([1, 2, 3, 4]))
    count = draw(st.sampled_from([1, 2, 3, 4]))

    def value(i: int) -> int:
        return draw(st.integers(criteria[i].scale_min, criteria[i].scale_max))

    def first() -> dict[int, int | None]:
        """A judge's first save: most criteria scored, some left blank (not sent)."""
        return {i: value(i) for i in range(len(criteria)) if draw(st.integers(0, 5))}

    def second_thoughts() -> dict[int, int | None]:
        """A later save: some criteria changed, some cleared (None), the rest not sent."""
        sent = draw(st.lists(st.integers(0, len(criteria) - 1), unique=True, min_size=1,
                             max_size=len(criteria)))
        return {i: None if draw(st.integers(0, 3)) == 0 else value(i) for i in sent}

    pairs = [(j, n) for j in range(judges) for n in range(count)]
    saves = [(j, n, first()) for j, n in pairs if draw(st.integers(0, 5))]  # a few unjudged
    if draw(st.booleans()):
        saves += [(*draw(st.sampled_from(pairs)), second_thoughts())
                  for _ in range(draw(st.integers(1, 3)))]
    order = draw(st.permutations(list(scoring.TieBreak)))
    rules = tuple(order[:draw(st.integers(0, len(order)))])
    return Case(criteria, judges, count, tuple(saves), rules, draw(st.booleans()))


@dataclass
class Built:
    event_id: int
    category_id: int
    judge_ids: list[int]
    nomination_ids: list[int]


def _store(db: Database, case: Case) -> Built:
    """A fresh event holding the case's category, judges and nominations, scored through
    judging.save_scores (which refreshes the totals and stored statistics as the app does)."""
    run = next(_runs)
    with db.session() as s:
        event_id = catalogue.create_event(s, name=f"Property run {run}", year=2027,
                                          ceremony_date="2027-03-19",
                                          with_default_categories=False, make_current=False).id
        category = catalogue.categories.create_category(
            s, event_id=event_id, name="Property Award", criteria=[
            {"name": c.name, "weight": c.weight, "scale_min": c.scale_min,
             "scale_max": c.scale_max, "role": "obstacles" if c.breaks_ties else None}
            for c in case.criteria])
        by_name = {c.name: c.id for c in category.criteria}
        criterion_ids = [by_name[c.name] for c in case.criteria]
        sponsors = catalogue.sponsors
        sponsor = sponsors.create_sponsor(s, event_id=event_id, name="Property Sponsor")
        sponsors.sponsor_category(s, sponsor_id=sponsor.id, category_id=category.id)
        judge_ids = [sponsors.create_judge(s, sponsor_id=sponsor.id, name=f"Judge {chr(65 + j)}").id
                     for j in range(case.judges)]
        nomination_ids = []
        for n in range(case.nominations):
            nominee = people.create_nominee(s, first_name=f"Nominee {chr(65 + n)}",
                                            last_name=f"Run {run}", date_of_birth="2006-07-08")
            nomination_ids.append(nominations.create_nomination(
                s, event_id=event_id, category_id=category.id, nominee_id=nominee.id,
                success=NARRATIVE, obstacles=NARRATIVE, status="accepted").id)
        judging.set_tie_breaks(s, event_id, rules=[r.value for r in case.rules],
                               normalised=case.normalised)
        for j, n, sheet in case.saves:
            judging.save_scores(s, judge_id=judge_ids[j], nomination_id=nomination_ids[n],
                                scores={criterion_ids[i]: v for i, v in sheet.items()})
    return Built(event_id, category.id, judge_ids, nomination_ids)


def _final_scores(case: Case) -> dict[tuple[int, int], dict[int, int]]:
    """(judge index, nomination index) → {criterion index: value} once every save is made."""
    final: dict[tuple[int, int], dict[int, int]] = {}
    for j, n, sheet in case.saves:
        current = final.setdefault((j, n), {})
        for i, value in sheet.items():
            if value is None:
                current.pop(i, None)
            else:
                current[i] = value
    return {pair: values for pair, values in final.items() if values}


def _any_score_changed(case: Case) -> bool:
    """Whether some save changed a stored score (a save of the same values, or of only a
    comment, changes nothing and refreshes nothing)."""
    current: dict[tuple[int, int], dict[int, int]] = {}
    for j, n, sheet in case.saves:
        held = current.setdefault((j, n), {})
        if any(held.get(i) != value for i, value in sheet.items()):
            return True
    return False


# (judge id, nomination id) → (total, the obstacles criterion's points or None, criteria scored)
Totals = dict[tuple[int, int], tuple[float, float | None, int]]


def _reference(case: Case, built: Built) -> tuple[Totals, list[scoring.NominationStats]]:
    """core.scoring on the case's final scores: each judge's total for each nomination they
    scored, and every nomination's statistics."""
    totals: Totals = {}
    for (j, n), values in _final_scores(case).items():
        specs = [(value, case.criteria[i]) for i, value in values.items()]
        total = scoring.judge_total([(v, c.weight, c.scale_min, c.scale_max) for v, c in specs])
        obstacles = next((scoring.criterion_points(v, c.scale_min, c.scale_max)
                          for v, c in specs if c.breaks_ties), None)
        totals[built.judge_ids[j], built.nomination_ids[n]] = (total, obstacles, len(specs))
    per_nomination: dict[int, list[float]] = {}
    for (_judge, nid), (_total, obstacles, _count) in totals.items():
        if obstacles is not None:
            per_nomination.setdefault(nid, []).append(obstacles)
    stats = scoring.nomination_stats(
        [scoring.JudgeTotal(nid, jid, total) for (jid, nid), (total, _o, _c) in totals.items()],
        {nid: math.fsum(points) / len(points) for nid, points in per_nomination.items()},
        built.nomination_ids,
    )
    return totals, stats


def _close(got: float | None, want: float | None) -> bool:
    return (got is None) == (want is None) and (got is None or got == pytest.approx(want, **TOL))


def _near_a_rounding_edge(stats: list[scoring.NominationStats], normalised: bool) -> bool:
    """Whether any value ranking compares (rounded to 4 dp) is so close to a rounding edge
    that noise within TOL could round it either way; the two orders may then differ fairly."""
    return any(
        value is not None
        and scoring.rank_key(value - TOL["abs"]) != scoring.rank_key(value + TOL["abs"])
        for s in stats for value in (s.normalised if normalised else s.score, s.obstacles,
                                     s.median)
    )


def _places(ranked: list[scoring.Ranked]) -> list[tuple[Any, ...]]:
    return [(r.nomination_id, r.rank, r.tie, r.tie_break) for r in ranked]


@settings(max_examples=50, deadline=None,
          # One database for the whole test, shared by the examples on purpose: each example
          # builds its own event in it (see _store), so nothing leaks between examples.
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(case=cases())
def test_sql_judge_totals_statistics_and_ranking_equal_core_scoring(db: Database,
                                                                   case: Case) -> None:
    built = _store(db, case)
    want_totals, want_stats = _reference(case, built)
    with db.read_session() as s:
        stored = {(t.judge_id, t.nomination_id): (t.total, t.obstacles, t.criteria_scored)
                  for t in s.scalars(select(JudgeTotal).join(
                      Nomination, Nomination.id == JudgeTotal.nomination_id)
                      .where(Nomination.event_id == built.event_id))}
        standing = judging.results_cache.standings(s, built.event_id, [built.category_id])[
            built.category_id]

    # 1. One stored total per judge × nomination with at least one score, equal to judge_total.
    assert stored.keys() == want_totals.keys()
    for pair, (total, obstacles, count) in want_totals.items():
        got_total, got_obstacles, got_count = stored[pair]
        note(f"judge, nomination {pair}: SQL {stored[pair]!r}, core {want_totals[pair]!r}")
        assert got_total == pytest.approx(total, **TOL), pair
        assert _close(got_obstacles, obstacles), pair
        assert got_count == count, pair

    # 2. The stored per-nomination statistics equal nomination_stats on the reference totals.
    # Saving a change to a score stores them (and makes them trusted); with no score ever
    # changed they are computed afresh from the totals by the same SQL, with no stored ranking.
    assert standing.stored == _any_score_changed(case)
    got_stats = {s.nomination_id: s for s in standing.stats()}
    assert got_stats.keys() == set(built.nomination_ids)
    for want in want_stats:
        got = got_stats[want.nomination_id]
        note(f"nomination {want.nomination_id}: SQL {got!r}, core {want!r}")
        assert got.judges == want.judges, want.nomination_id
        for field in ("score", "normalised", "median", "spread", "obstacles"):
            assert _close(getattr(got, field), getattr(want, field)), (want.nomination_id, field)

    if any(count < len(case.criteria) for _t, _o, count in want_totals.values()):
        event("a judge left some criteria blank")
    if any(s.judges >= 2 for s in want_stats):
        event("a nomination with two or more judges")

    # 3. The stored ranking is core.scoring.rank's, on SQL's own numbers exactly, and on the
    # reference numbers unless one of them sits on a 4 dp rounding edge.
    if not standing.stored:
        return
    stored_ranking = standing.stored_ranking()
    options: dict[str, Any] = {"rules": case.rules, "use_normalised": case.normalised}
    assert stored_ranking == scoring.rank(standing.stats(), **options)
    if any(r.tie for r in stored_ranking):
        event("tied scores, settled by tie-breaks or left unresolved")
    if _near_a_rounding_edge(want_stats, case.normalised):
        event("a ranked value within TOL of a 4 dp rounding edge")
    else:
        assert _places(stored_ranking) == _places(scoring.rank(want_stats, **options))
