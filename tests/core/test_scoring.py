"""Scoring, z-scores, ranking, tie-breaks and placements, worked by hand.

Default criteria: Achievement ×1, Obstacles overcome ×2, Inspiration to others ×1, scored on
1–10. A score v is worth (v - 1) × 10 / 9 points, so 1 → 0, 4 → 10/3, 7 → 20/3, 10 → 10.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from awards_app.core.errors import AwardsError
from awards_app.core.scoring import (
    DEFAULT_TIE_BREAKS,
    JudgeTotal,
    NominationStats,
    Placement,
    Ranked,
    TieBreak,
    UnresolvedTieError,
    criterion_points,
    judge_total,
    nomination_stats,
    normalise,
    placements,
    rank,
)

FEW = settings(max_examples=150, deadline=None)

W, R, HC, N = (Placement.WINNER, Placement.RUNNER_UP, Placement.HIGHLY_COMMENDED,
               Placement.NOMINEE)


def default(achievement: int | None, obstacles: int | None, inspiration: int | None
            ) -> list[tuple[int, float, int, int]]:
    """One judge's scores on the default criteria; None is a criterion left blank."""
    items = [(achievement, 1.0), (obstacles, 2.0), (inspiration, 1.0)]
    return [(v, w, 1, 10) for v, w in items if v is not None]


def totals(table: dict[int, dict[int, float]]) -> list[JudgeTotal]:
    """``{judge_id: {nomination_id: total}}`` as JudgeTotal rows."""
    return [JudgeTotal(n, j, t) for j, row in table.items() for n, t in row.items()]


def stat(nid: int, score: float | None, *, obstacles: float | None = None,
         median: float | None = None, normalised: float | None = None) -> NominationStats:
    judges = 0 if score is None else 3
    return NominationStats(nid, judges, score, normalised, median, None, obstacles)


def order(ranked: Sequence[Ranked]) -> list[int]:
    return [r.nomination_id for r in ranked]


def ranks(ranked: Sequence[Ranked]) -> dict[int, int | None]:
    return {r.nomination_id: r.rank for r in ranked}


def breaks(ranked: Sequence[Ranked]) -> dict[int, str | None]:
    return {r.nomination_id: r.tie_break for r in ranked}


# --- criterion_points and judge_total ------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "low", "high", "points"),
    [
        (1, 1, 10, 0.0),  # bottom of the scale is 0 points
        (10, 1, 10, 10.0),  # top is 10
        (4, 1, 10, 10 / 3),  # (4 - 1) × 10 / 9 = 30/9
        (7, 1, 10, 20 / 3),  # 6 × 10 / 9
        (3, 1, 5, 5.0),  # (3 - 1) × 10 / 4
        (0, 0, 10, 0.0),
        (7, 0, 10, 7.0),  # a 0–10 scale maps onto itself exactly
        (3, 0, 10, 3.0),
    ],
)
def test_criterion_points_maps_the_scale_onto_0_to_10(
    value: int, low: int, high: int, points: float
) -> None:
    assert criterion_points(value, low, high) == pytest.approx(points, abs=1e-12)


@pytest.mark.parametrize(("value", "low", "high"), [(0, 1, 10), (11, 1, 10), (5, 5, 5), (5, 9, 1)])
def test_criterion_points_refuses_values_off_the_scale(value: int, low: int, high: int) -> None:
    with pytest.raises(ValueError):
        criterion_points(value, low, high)


def test_obstacles_counts_twice_and_can_change_the_order() -> None:
    a = default(10, 4, 10)  # (10 + 2 × 10/3 + 10) / 4 = (80/3) / 4 = 20/3
    b = default(4, 10, 7)  # (10/3 + 2 × 10 + 20/3) / 4 = 30 / 4 = 7.5
    assert judge_total(a) == pytest.approx(20 / 3)
    assert judge_total(b) == pytest.approx(7.5)
    # Unweighted, A would lead: (10 + 10/3 + 10) / 3 = 70/9 = 7.78 against (10/3 + 10 + 20/3) / 3 = 20/3.
    unweighted = [[(v, 1.0, lo, hi) for v, _, lo, hi in s] for s in (a, b)]
    assert judge_total(unweighted[0]) == pytest.approx(70 / 9)
    assert judge_total(unweighted[1]) == pytest.approx(20 / 3)


def test_a_blank_criterion_carries_no_weight_rather_than_counting_as_zero() -> None:
    # Inspiration left blank: (10 × 1 + 10/3 × 2) / (1 + 2) = (50/3) / 3 = 50/9 = 5.556,
    # not (10 + 20/3 + 0) / 4 = 4.167 as if it had been scored 1.
    assert judge_total(default(10, 4, None)) == pytest.approx(50 / 9)
    assert judge_total(default(None, 10, None)) == 10.0


def test_judge_total_extremes_and_refusals() -> None:
    assert judge_total(default(1, 1, 1)) == 0.0
    assert judge_total(default(10, 10, 10)) == 10.0
    with pytest.raises(ValueError, match="no criteria"):
        judge_total([])
    with pytest.raises(ValueError, match="weight"):
        judge_total([(5, 0.0, 1, 10)])
    with pytest.raises(ValueError, match="outside"):
        judge_total([(11, 1.0, 1, 10)])


def test_judge_total_refuses_impossible_values() -> None:
    with pytest.raises(ValueError, match="0 to 10"):
        JudgeTotal(1, 1, 25.0)  # a sum passed where a mean was meant
    with pytest.raises(ValueError):
        JudgeTotal(1, 1, math.nan)


# --- normalise -----------------------------------------------------------------------------


def test_z_scores_per_judge() -> None:
    # Judge 1: 5 and 7 → mean 6, pstdev 1 → z -1, +1.
    # Judge 2: 4, 6, 8 → mean 6, pstdev sqrt(8/3) = 1.633 → z = ∓2 / 1.633 = ∓1.2247, 0.
    z = normalise(totals({1: {10: 5.0, 11: 7.0}, 2: {10: 4.0, 11: 6.0, 12: 8.0}}))
    s = math.sqrt(8 / 3)
    assert z == pytest.approx({(10, 1): -1.0, (11, 1): 1.0,
                               (10, 2): -2 / s, (11, 2): 0.0, (12, 2): 2 / s})


def test_a_judge_with_one_nomination_keeps_raw_totals() -> None:
    # Judge 9 scored only nomination 1: nothing to compare with, so 7.5 stays 7.5.
    z = normalise(totals({9: {1: 7.5}, 8: {1: 5.0, 2: 7.0}}))
    assert z[(1, 9)] == 7.5
    assert z[(1, 8)] == -1.0 and z[(2, 8)] == 1.0


def test_a_judge_with_no_spread_keeps_raw_totals() -> None:
    # Judge 3 gave all three nominations 6: pstdev 0, z undefined → raw 6.
    z = normalise(totals({3: {1: 6.0, 2: 6.0, 3: 6.0}}))
    assert z == {(1, 3): 6.0, (2, 3): 6.0, (3, 3): 6.0}
    # A difference of 1e-12 is floating-point noise from the SQL sum, not an opinion:
    # it must not become z = -0.71, -0.71, +1.41.
    z = normalise(totals({3: {1: 6.0, 2: 6.0, 3: 6.0 + 1e-12}}))
    assert z[(1, 3)] == 6.0 and z[(3, 3)] == 6.0 + 1e-12


def test_normalise_refuses_two_totals_from_one_judge_for_one_nomination() -> None:
    with pytest.raises(ValueError, match="two totals"):
        normalise([JudgeTotal(1, 2, 5.0), JudgeTotal(1, 2, 6.0)])


# Judges A (1) and B (2) are fair; C (3) marks exactly 3 points below A. B is conflicted on
# nomination 2 and C on nomination 1, so the caller has left those scores out.
#            n1   n2   n3
#   A         6    7    5    mean 6, pstdev sqrt(2/3) = 0.8165 → z 0, +1.2247, -1.2247
#   B         6    -    4    mean 5, pstdev 1                  → z +1, -, -1
#   C         -   4*    2    mean 3, pstdev 1                  → z -, +1, -1
# (*C's "fair" mark would be 7 and 5, giving the same z-scores.)
# Raw:        n1 = (6+6)/2 = 6, n2 = (7+4)/2 = 5.5, n3 = (5+4+2)/3 = 3.667 → order 1, 2, 3
# Normalised: n1 = (0+1)/2 = 0.5, n2 = (1.2247+1)/2 = 1.1124, n3 = (-1.2247-1-1)/3 = -1.0749
#             → order 2, 1, 3: the same as the raw order had C been fair (n2 = 7 > n1 = 6).
HARSH = {1: {1: 6.0, 2: 7.0, 3: 5.0}, 2: {1: 6.0, 3: 4.0}, 3: {2: 4.0, 3: 2.0}}
FAIR = {**HARSH, 3: {2: 7.0, 3: 5.0}}


def test_a_harsh_judge_changes_the_raw_order_but_not_the_normalised_order() -> None:
    harsh = nomination_stats(totals(HARSH))
    fair = nomination_stats(totals(FAIR))
    k = math.sqrt(3 / 2)  # A's z for n2: 1 / sqrt(2/3)
    assert [s.score for s in harsh] == pytest.approx([6.0, 5.5, 11 / 3])
    assert [s.normalised for s in harsh] == pytest.approx([0.5, (k + 1) / 2, (-k - 2) / 3])
    assert order(rank(harsh)) == [1, 2, 3]
    assert order(rank(fair)) == [2, 1, 3]  # raw n2 = (7+7)/2 = 7
    assert order(rank(harsh, use_normalised=True)) == [2, 1, 3]
    assert order(rank(fair, use_normalised=True)) == [2, 1, 3]
    assert [s.normalised for s in fair] == pytest.approx([s.normalised for s in harsh])


# --- nomination_stats ----------------------------------------------------------------------


def test_stats_for_scored_single_judge_and_unscored_nominations() -> None:
    table = {1: {10: 8.0, 11: 5.0}, 2: {10: 6.0}, 3: {10: 7.0}}
    stats = nomination_stats(totals(table), {10: 9.0, 11: 4.5}, nomination_ids=[12, 10])
    assert [s.nomination_id for s in stats] == [10, 11, 12]
    n10, n11, n12 = stats
    # n10: totals 8, 6, 7 → mean 7, median 7, spread 8 - 6 = 2. Judge 1 z: (8-6.5)/1.5 = +1;
    # judges 2 and 3 scored one nomination each and keep raw → normalised (1 + 6 + 7) / 3.
    assert n10 == NominationStats(10, 3, 7.0, 14 / 3, 7.0, 2.0, 9.0)
    # n11: only judge 1 scored it → judges 1, score 5, spread 0.
    assert n11 == NominationStats(11, 1, 5.0, -1.0, 5.0, 0.0, 4.5)
    assert n12 == NominationStats(12, 0, None, None, None, None, None)
    ranked = rank(stats)
    assert order(ranked) == [10, 11, 12]
    assert ranked[-1].rank is None and not ranked[-1].tie and ranked[-1].tie_break is None


def test_median_of_an_even_number_of_judges() -> None:
    # totals 2, 4, 9, 9 → mean 6, median (4 + 9) / 2 = 6.5, spread 7
    stats = nomination_stats(totals({1: {1: 2.0}, 2: {1: 4.0}, 3: {1: 9.0}, 4: {1: 9.0}}))
    assert (stats[0].score, stats[0].median, stats[0].spread) == (6.0, 6.5, 7.0)


def test_excluding_a_conflicted_judge_changes_the_result() -> None:
    # Judge 3 mentors nominee 1 and would give 10.
    #   with judge 3:    n1 = (7 + 7 + 10) / 3 = 8,  n2 = (8 + 8 + 6) / 3 = 7.333 → n1 first
    #   without (caller drops judge 3's n1 total): n1 = (7 + 7) / 2 = 7, n2 still 7.333 → n2
    table = {1: {1: 7.0, 2: 8.0}, 2: {1: 7.0, 2: 8.0}, 3: {1: 10.0, 2: 6.0}}
    with_conflict = nomination_stats(totals(table))
    assert [s.score for s in with_conflict] == pytest.approx([8.0, 22 / 3])
    assert order(rank(with_conflict)) == [1, 2]
    table[3].pop(1)
    without = nomination_stats(totals(table))
    assert [s.judges for s in without] == [2, 3]
    assert [s.score for s in without] == pytest.approx([7.0, 22 / 3])
    assert order(rank(without)) == [2, 1]


# --- rank: tie-breaks ----------------------------------------------------------------------


def test_no_tie() -> None:
    ranked = rank([stat(1, 6.0), stat(2, 8.0), stat(3, 7.0)])
    assert order(ranked) == [2, 3, 1]
    assert [r.rank for r in ranked] == [1, 2, 3]
    assert not any(r.tie for r in ranked) and not any(r.tie_break for r in ranked)


def test_obstacles_breaks_a_tie() -> None:
    ranked = rank([stat(1, 7.0, obstacles=6.0, median=9.0), stat(2, 7.0, obstacles=8.0, median=5.0)])
    assert order(ranked) == [2, 1]
    assert ranks(ranked) == {2: 1, 1: 2}
    assert all(r.tie for r in ranked)
    assert breaks(ranked) == {1: "obstacles", 2: "obstacles"}


def test_median_breaks_a_tie_when_obstacles_are_equal() -> None:
    ranked = rank([stat(1, 7.0, obstacles=8.0, median=7.5), stat(2, 7.0, obstacles=8.0, median=6.5)])
    assert order(ranked) == [1, 2]
    assert breaks(ranked) == {1: "median", 2: "median"}


def test_casting_breaks_a_tie_when_obstacles_and_median_are_equal() -> None:
    same = {"obstacles": 8.0, "median": 7.0}
    ranked = rank([stat(1, 7.0, **same), stat(2, 7.0, **same)], casting={2: 1, 1: 2})
    assert order(ranked) == [2, 1]
    assert ranks(ranked) == {2: 1, 1: 2}
    assert breaks(ranked) == {1: "casting", 2: "casting"}


def test_a_tie_without_a_complete_casting_decision_is_unresolved() -> None:
    same = {"obstacles": 8.0, "median": 7.0}
    stats = [stat(3, 6.0), stat(2, 7.0, **same), stat(1, 7.0, **same)]
    ranked = rank(stats, casting={1: 1})  # nomination 2 has no position: casting cannot decide
    assert order(ranked) == [1, 2, 3]  # still tied: listed by id
    assert [r.rank for r in ranked] == [1, 1, 3]  # competition ranking
    assert breaks(ranked) == {1: "unresolved", 2: "unresolved", 3: None}
    assert [r.tie for r in ranked] == [True, True, False]


def test_missing_obstacles_count_lowest() -> None:
    ranked = rank([stat(1, 7.0, obstacles=None), stat(2, 7.0, obstacles=0.0)])
    assert order(ranked) == [2, 1] and breaks(ranked) == {1: "obstacles", 2: "obstacles"}
    both_missing = rank([stat(1, 7.0, median=5.0), stat(2, 7.0, median=6.0)])
    assert order(both_missing) == [2, 1] and breaks(both_missing)[1] == "median"


def test_a_five_way_tie_splits_into_subgroups() -> None:
    # n9 leads outright on 8. n1–n5 tie on 7:
    #   obstacles: n1 9 | n2, n3 8 | n4, n5 5      → n1 separated by obstacles
    #   median within {n2, n3}: 7 > 6              → both separated by median
    #   median within {n4, n5}: equal; casting n5 before n4
    stats = [
        stat(9, 8.0),
        stat(1, 7.0, obstacles=9.0, median=1.0),
        stat(2, 7.0, obstacles=8.0, median=7.0),
        stat(3, 7.0, obstacles=8.0, median=6.0),
        stat(4, 7.0, obstacles=5.0, median=6.0),
        stat(5, 7.0, obstacles=5.0, median=6.0),
    ]
    ranked = rank(stats, casting={4: 2, 5: 1, 1: 9})
    assert order(ranked) == [9, 1, 2, 3, 5, 4]
    assert [r.rank for r in ranked] == [1, 2, 3, 4, 5, 6]
    assert breaks(ranked) == {9: None, 1: "obstacles", 2: "median", 3: "median",
                              4: "casting", 5: "casting"}


def test_a_subgroup_left_tied_shares_a_rank_after_the_others_are_separated() -> None:
    # n1 wins the obstacles tie-break; n2 and n3 stay tied (no casting) → ranks 1, 2, 2, 4.
    stats = [stat(1, 7.0, obstacles=9.0), stat(2, 7.0, obstacles=8.0, median=6.0),
             stat(3, 7.0, obstacles=8.0, median=6.0), stat(4, 5.0)]
    ranked = rank(stats)
    assert order(ranked) == [1, 2, 3, 4]
    assert [r.rank for r in ranked] == [1, 2, 2, 4]
    assert breaks(ranked) == {1: "obstacles", 2: "unresolved", 3: "unresolved", 4: None}


def test_rules_are_applied_in_the_order_given() -> None:
    stats = [stat(1, 7.0, obstacles=9.0, median=5.0), stat(2, 7.0, obstacles=4.0, median=6.0)]
    assert order(rank(stats)) == [1, 2]  # obstacles first by default
    assert breaks(rank(stats, rules=[TieBreak.MEDIAN]))[1] == "median"
    assert order(rank(stats, rules=[TieBreak.MEDIAN, TieBreak.OBSTACLES])) == [2, 1]
    assert [r.rank for r in rank(stats, rules=())] == [1, 1]
    assert DEFAULT_TIE_BREAKS == ("obstacles", "median", "casting")


def test_scores_tie_when_equal_to_four_decimals() -> None:
    # 0.33333 → 0.3333 and 0.333334 → 0.3333: a tie (obstacles then decide);
    # 0.33336 → 0.3334: a clear lead, not a tie.
    ranked = rank([stat(1, 0.33333, obstacles=2.0), stat(2, 0.333334, obstacles=1.0)])
    assert order(ranked) == [1, 2] and all(r.tie for r in ranked)
    assert breaks(ranked) == {1: "obstacles", 2: "obstacles"}
    ranked = rank([stat(1, 0.33333, obstacles=2.0), stat(2, 0.33336, obstacles=1.0)])
    assert order(ranked) == [2, 1] and not any(r.tie for r in ranked)
    # Tie-break values are compared at 4 dp too: obstacles 8.00001 = 8.00002 → median decides.
    ranked = rank([stat(1, 7.0, obstacles=8.00002, median=5.0),
                   stat(2, 7.0, obstacles=8.00001, median=6.0)])
    assert order(ranked) == [2, 1] and breaks(ranked)[2] == "median"
    # The reported score keeps its full precision.
    assert ranked[0].score == 7.0 and rank([stat(1, 0.333334)])[0].score == 0.333334


def test_rank_by_normalised_score() -> None:
    stats = [stat(1, 8.0, normalised=-0.5), stat(2, 6.0, normalised=1.0), stat(3, None)]
    assert order(rank(stats)) == [1, 2, 3]
    ranked = rank(stats, use_normalised=True)
    assert order(ranked) == [2, 1, 3] and ranked[2].rank is None


def test_unscored_nominations_come_last_in_id_order() -> None:
    ranked = rank([stat(5, None), stat(2, 3.0), stat(4, None), stat(1, 0.0)])
    assert order(ranked) == [2, 1, 4, 5]
    assert [r.rank for r in ranked] == [1, 2, None, None]
    assert not any(r.tie for r in ranked)


def test_rank_refuses_a_nomination_listed_twice() -> None:
    with pytest.raises(ValueError, match="twice"):
        rank([stat(1, 5.0), stat(1, 6.0)])


# --- placements ----------------------------------------------------------------------------


def placed(scores: dict[int, float | None], casting: dict[int, int] | None = None) -> list[Ranked]:
    return rank([stat(nid, score) for nid, score in scores.items()], casting=casting)


def test_places_are_filled_in_rank_order() -> None:
    ranked = placed({1: 5.0, 2: 9.0, 3: 8.0, 4: 7.0, 5: 6.0, 6: 4.0, 7: None})
    assert placements(ranked, winners=1, runners_up=1, highly_commended=2) == {
        2: W, 3: R, 4: HC, 5: HC, 1: N, 6: N, 7: N,
    }
    assert placements(ranked, winners=2, runners_up=0, highly_commended=0) == {
        2: W, 3: W, 4: N, 5: N, 1: N, 6: N, 7: N,
    }


def test_unscored_nominations_are_nominees_even_with_places_to_spare() -> None:
    ranked = placed({1: 6.0, 2: None, 3: None})
    assert placements(ranked, winners=1, runners_up=1, highly_commended=3) == {1: W, 2: N, 3: N}


def test_an_unresolved_tie_across_the_winner_boundary_raises() -> None:
    ranked = placed({15: 8.0, 12: 8.0, 20: 6.0})  # ranks 1, 1, 3; no rule can separate them
    with pytest.raises(UnresolvedTieError) as info:
        placements(ranked, winners=1, runners_up=1, highly_commended=0)
    assert str(info.value) == (
        "Nominations 12 and 15 are still tied for winner; record a casting decision"
    )
    assert info.value.nomination_ids == (12, 15) and info.value.placement is W
    assert isinstance(info.value, AwardsError)
    # Two winners make room for both; a casting decision also settles it.
    assert placements(ranked, winners=2, runners_up=1, highly_commended=0) == {12: W, 15: W, 20: R}
    decided = placed({15: 8.0, 12: 8.0, 20: 6.0}, casting={15: 1, 12: 2})
    assert placements(decided, winners=1, runners_up=1, highly_commended=0) == {15: W, 12: R, 20: N}


def test_a_tie_inside_the_highly_commended_band_is_fine() -> None:
    ranked = placed({1: 9.0, 2: 8.0, 3: 7.0, 4: 7.0, 5: 6.0})  # ranks 1, 2, 3, 3, 5
    assert placements(ranked, winners=1, runners_up=1, highly_commended=2) == {
        1: W, 2: R, 3: HC, 4: HC, 5: N,
    }


def test_a_three_way_tie_across_the_last_boundary_names_them_all() -> None:
    ranked = placed({1: 9.0, 7: 7.0, 3: 7.0, 5: 7.0})  # ranks 1, 2, 2, 2
    with pytest.raises(UnresolvedTieError, match="Nominations 3, 5 and 7 are still tied for "
                                                 "highly commended"):
        placements(ranked, winners=1, runners_up=0, highly_commended=2)
    assert placements(ranked, winners=1, runners_up=0, highly_commended=3)[7] is HC


def test_placement_counts_must_not_be_negative() -> None:
    with pytest.raises(ValueError, match="winners"):
        placements([], winners=-1, runners_up=0, highly_commended=0)


# --- end to end ----------------------------------------------------------------------------


def test_from_criterion_scores_to_placements() -> None:
    # One judge, default criteria. n1: 10, 4, 10 → (10 + 20/3 + 10) / 4 = 20/3.
    # n2: 4, 10, 4 → (10/3 + 20 + 10/3) / 4 = 20/3: a tie. Obstacles points: n1 10/3, n2 10.
    # n3: 7, 7, 7 → 20/3 as well, obstacles 20/3. n4 was never scored.
    sheets = {1: default(10, 4, 10), 2: default(4, 10, 4), 3: default(7, 7, 7)}
    rows = [JudgeTotal(n, 1, judge_total(s)) for n, s in sheets.items()]
    obstacles = {n: criterion_points(s[1][0], 1, 10) for n, s in sheets.items()}
    ranked = rank(nomination_stats(rows, obstacles, nomination_ids=[4]))
    assert order(ranked) == [2, 3, 1, 4]
    assert [r.rank for r in ranked] == [1, 2, 3, None]
    assert breaks(ranked) == {1: "obstacles", 2: "obstacles", 3: "obstacles", 4: None}
    assert placements(ranked, winners=1, runners_up=1, highly_commended=1) == {
        2: W, 3: R, 1: HC, 4: N,
    }


# --- properties ----------------------------------------------------------------------------

# Totals on a quarter-point grid between 3 and 7, so shifting a judge by up to ±3 stays on
# 0–10 and values that were distinct (or equal) stay so.
GRID_TOTAL = st.integers(12, 28).map(lambda k: k / 4)
TABLE = st.dictionaries(
    st.integers(1, 4),  # judge
    st.dictionaries(st.integers(1, 6), GRID_TOTAL, min_size=1, max_size=6),  # nomination: total
    min_size=1, max_size=4,
)


def _normalised_means(rows: Sequence[JudgeTotal]) -> dict[int, float]:
    return {s.nomination_id: s.normalised for s in nomination_stats(rows)
            if s.normalised is not None}


@FEW
@given(TABLE, st.data(), st.integers(-12, 12).map(lambda k: k / 4))
def test_shifting_one_judge_never_changes_the_normalised_order(
    table: dict[int, dict[int, float]], data: st.DataObject, shift: float
) -> None:
    # Only a judge whose totals have a spread is normalised; see the next test for the rest.
    judge = data.draw(st.sampled_from(sorted(table)))
    assume(len(set(table[judge].values())) >= 2)
    shifted = {j: {n: t + shift if j == judge else t for n, t in row.items()}
               for j, row in table.items()}
    before, after = _normalised_means(totals(table)), _normalised_means(totals(shifted))
    assert after == pytest.approx(before, abs=1e-9)  # z-scores absorb the shift

    def cmp(a: float, b: float) -> int:
        return 0 if math.isclose(a, b, abs_tol=1e-9) else (1 if a > b else -1)

    for a in before:
        for b in before:
            assert cmp(before[a], before[b]) == cmp(after[a], after[b])


def test_raw_totals_kept_by_normalise_are_not_shift_proof() -> None:
    # The rule "fewer than 2 nominations or no spread keeps raw totals" mixes raw 0–10 totals
    # with z-scores. Judge 1 gave n1 and n2 both 3 (no spread, raw); judge 2 scored only n3: 5.
    #   normalised: n1 = n2 = 3 < n3 = 5. Judge 1 three points kinder: n1 = n2 = 6 > n3 = 5.
    table = {1: {1: 3.0, 2: 3.0}, 2: {3: 5.0}}
    assert _normalised_means(totals(table)) == {1: 3.0, 2: 3.0, 3: 5.0}
    table[1] = {1: 6.0, 2: 6.0}
    assert _normalised_means(totals(table)) == {1: 6.0, 2: 6.0, 3: 5.0}


@FEW
@given(
    st.lists(st.tuples(st.integers(1, 5), st.integers(1, 4),
                       st.floats(0, 10, allow_nan=False)),
             max_size=20, unique_by=lambda r: (r[0], r[1])),
    st.permutations([11, 12, 13, 14]),
    st.randoms(use_true_random=False),
    st.dictionaries(st.integers(1, 5), st.floats(0, 10)),
)
def test_relabelling_and_reordering_judges_never_changes_results(
    rows: list[tuple[int, int, float]], labels: list[int], rnd: random.Random,
    obstacles: dict[int, float],
) -> None:
    original = [JudgeTotal(n, j, t) for n, j, t in rows]
    relabelled = [JudgeTotal(n, labels[j - 1], t) for n, j, t in rows]
    rnd.shuffle(relabelled)
    a = nomination_stats(original, obstacles, nomination_ids=[6])
    b = nomination_stats(relabelled, obstacles, nomination_ids=[6])
    assert a == b
    for use_normalised in (False, True):
        assert rank(a, use_normalised=use_normalised) == rank(b, use_normalised=use_normalised)


TIE_PRONE = st.sampled_from([None, 0.0, 0.33333, 0.333334, 5.0, 7.0, 7.00001])
STATS = st.lists(
    st.builds(NominationStats, nomination_id=st.integers(1, 30), judges=st.just(1),
              score=TIE_PRONE, normalised=TIE_PRONE, median=TIE_PRONE, spread=st.none(),
              obstacles=TIE_PRONE),
    max_size=12, unique_by=lambda s: s.nomination_id,
)


@FEW
@given(STATS, st.dictionaries(st.integers(1, 30), st.integers(1, 3)), st.booleans())
def test_rank_is_a_permutation_with_non_decreasing_competition_ranks(
    stats: list[NominationStats], casting: dict[int, int], use_normalised: bool
) -> None:
    ranked = rank(stats, casting=casting, use_normalised=use_normalised)
    assert sorted(order(ranked)) == sorted(s.nomination_id for s in stats)
    numbered = [r.rank for r in ranked if r.rank is not None]
    assert numbered == sorted(numbered)
    assert all(r.rank is None for r in ranked[len(numbered):])  # unscored last
    for i, r in enumerate(ranked[: len(numbered)]):
        # competition ranking: a rank is 1 + the number placed strictly above it
        assert r.rank == 1 + sum(1 for q in ranked[:i] if q.rank != r.rank)
    by_id = {s.nomination_id: s for s in stats}
    key = {nid: None if v is None else round(v, 4) for nid, v in
           ((s.nomination_id, s.normalised if use_normalised else s.score) for s in stats)}
    for r in ranked:
        others = [key[q.nomination_id] for q in ranked if q.nomination_id != r.nomination_id]
        tied = key[r.nomination_id] is not None and key[r.nomination_id] in others
        assert r.tie is tied and (r.tie_break is None) is (not tied)
        assert r.score == by_id[r.nomination_id].score


SCALE = st.tuples(st.integers(-5, 5), st.integers(1, 10)).map(lambda p: (p[0], p[0] + p[1]))


@FEW
@given(st.lists(st.tuples(SCALE, st.floats(0.1, 5), st.data()), min_size=1, max_size=6))
def test_judge_total_is_within_0_and_10(
    items: list[tuple[tuple[int, int], float, st.DataObject]]
) -> None:
    scores = [(d.draw(st.integers(lo, hi)), w, lo, hi) for (lo, hi), w, d in items]
    assert 0.0 <= judge_total(scores) <= 10.0


@FEW
@given(st.lists(st.tuples(st.integers(0, 10), st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                min_size=1, max_size=6))
def test_judge_total_on_a_0_to_10_scale_is_the_plain_weighted_mean(
    items: list[tuple[int, float]]
) -> None:
    expected = sum(v * w for v, w in items) / sum(w for _, w in items)
    assert judge_total([(v, w, 0, 10) for v, w in items]) == pytest.approx(expected)



COARSE = st.one_of(st.none(), st.sampled_from([0.0, 2.5, 5.0, 7.5, 10.0]))


@FEW
@given(st.lists(st.tuples(COARSE, COARSE), min_size=2, max_size=25),
       st.permutations(list(TieBreak)), st.integers(0, 3))
def test_the_one_sort_tie_split_agrees_with_the_rule_by_rule_split(
    keys: list[tuple[float | None, float | None]], rules: list[TieBreak], keep: int
) -> None:
    """rank() splits a tie group without casting positions in one sort; it must give exactly
    the blocks and labels of the rule-by-rule recursion, for every order of rules."""
    from awards_app.core.scoring import _split, _split_without_casting

    group = [NominationStats(nid, 3, 5.0, None, median, None, obstacles)
             for nid, (obstacles, median) in enumerate(keys, start=1)]
    chosen = tuple(rules[:keep])
    fast = [([s.nomination_id for s in members], label)
            for members, label in _split_without_casting(group, chosen)]
    slow = [([s.nomination_id for s in members], label)
            for members, label in _split(group, chosen, {})]
    assert fast == slow
