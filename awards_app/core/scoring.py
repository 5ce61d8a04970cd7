"""Judges' scores to a ranked shortlist: points, totals, z-scores, tie-breaks and placements.

The pipeline, for one category:

1. Each criterion score is mapped onto 0–10 (``criterion_points``) so criteria on different
   scales can be combined.
2. Each judge's total for a nomination is the weighted mean of those points over the criteria
   they scored (``judge_total``); "Obstacles overcome" counts twice by default.
3. Judges differ in how hard they mark, so each judge's totals may also be turned into z-scores
   over the nominations they scored in the category (``normalise``).
4. ``nomination_stats`` summarises each nomination across its judges, ``rank`` orders the
   nominations and breaks ties by rules agreed in advance, and ``placements`` turns ranks into
   winner, runners-up and highly commended.

Conflicted judges never reach these functions: the caller leaves their scores out.
Everything here is plain arithmetic on plain numbers, so it can be checked on paper.

This module is THE REFERENCE for the scoring SQL. Production computes the same numbers in SQL
for speed, and where the two disagree by more than rounding noise in the last bits, the SQL
is wrong:

* the judge totals table (``judge_total`` rows: each judge's weighted total, "Obstacles
  overcome" points and criteria scored per nomination, made by ``_totals_select`` in
  ``judging.refresh_totals`` on every score change) must equal ``judge_total`` and
  ``criterion_points`` here;
* the stored per-nomination statistics and ranking (``nomination_total`` rows: judges, mean,
  normalised mean, median, spread, obstacles, rank, tie and tie-break label, stored by
  ``judging.results_cache``) must equal ``nomination_stats`` and ``rank`` here.

Tests that check the SQL against this module: ``tests/services/judging/test_totals_sql.py``
(hypothesis: random criteria, weights, scales, judges and scores saved through the services;
totals, statistics and ranking against the whole pipeline here) and
``tests/services/judging/test_results_cache.py`` (statistics and ranking on the demo event).
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol
from enum import StrEnum
from itertools import groupby

from awards_app.core.errors import AwardsError

POINTS_MAX = 10.0
# Ranking scores, obstacles and medians are compared at this many decimals, so scores that
# differ only by floating-point noise (or below what anyone could see) count as a tie.
RANK_DECIMALS = 4
# A judge whose totals differ by less than this has in effect given everyone the same score;
# z-scores would only blow up floating-point noise, so their raw totals are kept.
ZERO_SPREAD = 1e-9
UNRESOLVED = "unresolved"


class UnresolvedTieError(AwardsError):
    """Nominations share a rank across a placement boundary; a person must decide."""

    def __init__(self, nomination_ids: Sequence[int], placement: Placement) -> None:
        self.nomination_ids = tuple(nomination_ids)
        self.placement = placement
        super().__init__(
            f"Nominations {_and_list(self.nomination_ids)} are still tied for "
            f"{placement.label.lower()}; record a casting decision"
        )


def _and_list(ids: Sequence[int]) -> str:
    words = [str(i) for i in ids]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# --- points and totals ---------------------------------------------------------------------


def criterion_points(value: int, scale_min: int, scale_max: int) -> float:
    """A criterion score mapped onto 0–10: ``(value - min) / (max - min) * 10``.

    On the default 1–10 scale a 1 is 0 points and a 10 is 10 points. Computed as
    ``(value - min) * 10 / (max - min)`` (one rounding), so a 0–10 scale maps exactly.
    Raises ``ValueError`` for an empty scale or a value outside it.
    """
    if scale_max <= scale_min:
        raise ValueError(f"the scale {scale_min}–{scale_max} is empty; the top must be above the bottom")
    if not scale_min <= value <= scale_max:
        raise ValueError(f"{value} is outside the scale {scale_min}–{scale_max}")
    return (value - scale_min) * POINTS_MAX / (scale_max - scale_min)


def judge_total(scores: Sequence[tuple[int, float, int, int]]) -> float:
    """One judge's total for one nomination, 0–10.

    ``scores`` holds ``(value, weight, scale_min, scale_max)`` for each criterion the judge
    scored. The total is the weighted mean of ``criterion_points`` over those criteria only:
    a criterion left blank neither counts as zero nor carries weight. (The services compute the
    same in SQL; this is the reference the tests check.) Raises ``ValueError`` when nothing was
    scored or a weight is not a positive number.
    """
    if not scores:
        raise ValueError("no criteria were scored")
    weighted: list[float] = []
    weights: list[float] = []
    for value, weight, scale_min, scale_max in scores:
        if not (math.isfinite(weight) and weight > 0):
            raise ValueError(f"weight {weight} must be a positive number")
        weighted.append(weight * criterion_points(value, scale_min, scale_max))
        weights.append(weight)
    # fsum is exact and order-free; the clamp only absorbs a last-bit rounding past 0 or 10.
    mean = math.fsum(weighted) / math.fsum(weights)
    return min(POINTS_MAX, max(0.0, mean))


@dataclass(frozen=True)
class JudgeTotal:
    """One judge's 0–10 total for one nomination."""

    nomination_id: int
    judge_id: int
    total: float

    def __post_init__(self) -> None:
        if not (math.isfinite(self.total) and -ZERO_SPREAD <= self.total <= POINTS_MAX + ZERO_SPREAD):
            raise ValueError(
                f"judge {self.judge_id}'s total for nomination {self.nomination_id} is "
                f"{self.total}; totals run from 0 to 10"
            )


class TotalLike(Protocol):
    """Anything with a judge's total for a nomination: a JudgeTotal, or a database row with
    those three fields (the services pass rows straight from SQL, unchecked, for speed)."""

    @property
    def nomination_id(self) -> int: ...

    @property
    def judge_id(self) -> int: ...

    @property
    def total(self) -> float: ...


def _check_unique(totals: Sequence[TotalLike]) -> None:
    seen: set[tuple[int, int]] = set()
    for t in totals:
        key = (t.nomination_id, t.judge_id)
        if key in seen:
            raise ValueError(f"judge {t.judge_id} has two totals for nomination {t.nomination_id}")
        seen.add(key)


def _mean(values: Sequence[float]) -> float:
    """Mean via ``math.fsum``: exactly rounded, so it does not depend on the input order (a
    plain ``sum`` does), and far faster than ``statistics.mean`` on 150,000 totals."""
    return math.fsum(values) / len(values)


def normalise(totals: Sequence[TotalLike]) -> dict[tuple[int, int], float]:
    """Each judge's totals as z-scores over that judge's nominations in ONE category.

    ``z = (total - mean) / pstdev`` over the totals of that judge, so a harsh judge and a
    generous judge who put the nominations in the same order count the same. A judge who
    scored fewer than 2 nominations, or gave them all the same total (no spread), has nothing
    to compare against and keeps their raw totals. Returns ``{(nomination_id, judge_id): z}``.
    Sums are exact (``math.fsum``), so the result does not depend on the input order.
    """
    _check_unique(totals)
    by_judge: dict[int, list[TotalLike]] = defaultdict(list)
    for t in totals:
        by_judge[t.judge_id].append(t)
    result: dict[tuple[int, int], float] = {}
    for judge_totals in by_judge.values():
        values = [t.total for t in judge_totals]
        mean = _mean(values)
        spread = math.sqrt(_mean([(v - mean) ** 2 for v in values])) if len(values) >= 2 else 0.0
        if spread <= ZERO_SPREAD:
            result.update({(t.nomination_id, t.judge_id): t.total for t in judge_totals})
            continue
        result.update({(t.nomination_id, t.judge_id): (t.total - mean) / spread for t in judge_totals})
    return result


# --- per-nomination summary ----------------------------------------------------------------


class NominationStats(NamedTuple):
    """One nomination summarised across the judges who scored it (None when nobody did).

    Named tuples rather than dataclasses: ranking builds 50,000 of these in one go."""

    nomination_id: int
    judges: int
    score: float | None  # mean of judge totals
    normalised: float | None  # mean of the judges' normalise() values
    median: float | None  # median of judge totals
    spread: float | None  # highest minus lowest judge total
    obstacles: float | None  # mean "Obstacles overcome" points, 0–10, given by the caller


def nomination_stats(
    totals: Sequence[TotalLike],
    obstacles: Mapping[int, float | None] | None = None,
    nomination_ids: Iterable[int] = (),
) -> list[NominationStats]:
    """Summaries for every nomination in ``totals`` plus any extra ``nomination_ids``.

    ``totals`` must be all the judge totals of ONE category (conflicted judges already left
    out), because z-scores compare each judge's nominations with one another. ``obstacles``
    maps a nomination to its mean "Obstacles overcome" points, used as the first tie-break.
    A nomination nobody scored gets ``judges=0`` and None everywhere else. Ordered by id.
    """
    z = normalise(totals)
    by_nomination: dict[int, list[TotalLike]] = defaultdict(list)
    for t in totals:
        by_nomination[t.nomination_id].append(t)
    obstacles = obstacles or {}
    stats: list[NominationStats] = []
    for nid in sorted(set(by_nomination) | set(nomination_ids)):
        scored = by_nomination.get(nid, [])
        if not scored:
            stats.append(NominationStats(nid, 0, None, None, None, None, None))
            continue
        values = [t.total for t in scored]
        stats.append(
            NominationStats(
                nomination_id=nid,
                judges=len(scored),
                score=_mean(values),
                normalised=_mean([z[(nid, t.judge_id)] for t in scored]),
                median=statistics.median(values),
                spread=max(values) - min(values),
                obstacles=obstacles.get(nid),
            )
        )
    return stats


# --- ranking and tie-breaks ----------------------------------------------------------------


class TieBreak(StrEnum):
    """Rules that separate nominations with equal scores, applied in the order given."""

    OBSTACLES = "obstacles"  # higher mean "Obstacles overcome" points first
    MEDIAN = "median"  # higher median judge total first
    CASTING = "casting"  # the lead judge's recorded order, lower position first

    @property
    def label(self) -> str:
        return {"obstacles": "Obstacles overcome", "median": "Median score",
                "casting": "Casting decision"}[self.value]


DEFAULT_TIE_BREAKS = (TieBreak.OBSTACLES, TieBreak.MEDIAN, TieBreak.CASTING)


class Ranked(NamedTuple):
    """A nomination's place in its category.

    ``tie`` is True when its ranking score (4 dp) equals another nomination's. ``tie_break`` is
    None when not tied, else the rule that separated it from all the others it tied with, or
    ``"unresolved"`` when no rule could (it then shares a rank with them).
    """

    nomination_id: int
    rank: int | None
    score: float | None
    normalised: float | None
    median: float | None
    spread: float | None
    tie: bool
    tie_break: str | None


RANK_SCALE = 10 ** RANK_DECIMALS


def rank_key(value: float | None) -> int | None:
    """The value compared when ranking: rounded half up to 4 decimals, as a whole number of
    ten-thousandths (``floor(value × 10000 + 0.5)``). Two plain floating-point operations and
    a floor, so SQL computes exactly the same key (services.results_cache does)."""
    return None if value is None else math.floor(value * RANK_SCALE + 0.5)


def _rounded(value: float | None) -> int | None:
    return rank_key(value)


def _higher_first(value: float | None) -> tuple[int, int]:
    rounded = _rounded(value)
    return (1, 0) if rounded is None else (0, -rounded)


def _split(
    members: list[NominationStats],
    rules: Sequence[TieBreak],
    casting: Mapping[int, int],
) -> list[tuple[list[NominationStats], str]]:
    """Order a tied group by ``rules``; returns blocks in order, each with its members and the
    tie-break label for them (a block of several is still tied: ``"unresolved"``)."""
    if not rules:
        return [(sorted(members, key=lambda s: s.nomination_id), UNRESOLVED)]
    rule, rest = rules[0], rules[1:]
    keys: dict[int, tuple[int, int]] = {}
    for s in members:
        if rule == TieBreak.OBSTACLES:
            keys[s.nomination_id] = _higher_first(s.obstacles)
        elif rule == TieBreak.MEDIAN:
            keys[s.nomination_id] = _higher_first(s.median)
        elif s.nomination_id in casting:
            keys[s.nomination_id] = (0, casting[s.nomination_id])
        else:
            # A casting order that leaves out one of the tied nominations decides nothing.
            return _split(members, rest, casting)
    blocks: list[tuple[list[NominationStats], str]] = []
    ordered = sorted(members, key=lambda s: keys[s.nomination_id])
    for _, same in groupby(ordered, key=lambda s: keys[s.nomination_id]):
        sub = list(same)
        blocks.extend([(sub, rule.value)] if len(sub) == 1 else _split(sub, rest, casting))
    return blocks


def _split_without_casting(
    group: list[NominationStats], rules: Sequence[TieBreak]
) -> list[tuple[list[NominationStats], str]]:
    """What ``_split`` gives for a tied group none of whose members has a casting position
    (then CASTING decides nothing), in one sort instead of one recursion per rule.

    Members are sorted on the keys of every remaining rule at once; a member's label is the
    first rule at which its key differs from both neighbours' (the longest prefix it shares
    with any other member, which sorting puts next to it); members equal on every key stay
    tied as one unresolved block, listed by id. Tests compare this with ``_split``.
    """
    used = [r for r in rules if r != TieBreak.CASTING]
    keyed = sorted(
        ((tuple(_higher_first(s.obstacles if r == TieBreak.OBSTACLES else s.median)
                for r in used), s.nomination_id, s) for s in group),
        key=lambda item: (item[0], item[1]),
    )

    def shared(a: tuple[tuple[int, int], ...], b: tuple[tuple[int, int], ...]) -> int:
        n = 0
        while n < len(a) and a[n] == b[n]:
            n += 1
        return n

    blocks: list[tuple[list[NominationStats], str]] = []
    i = 0
    while i < len(keyed):
        j = i + 1
        while j < len(keyed) and keyed[j][0] == keyed[i][0]:
            j += 1
        if j - i > 1:
            blocks.append(([item[2] for item in keyed[i:j]], UNRESOLVED))
        else:
            before = shared(keyed[i - 1][0], keyed[i][0]) if i > 0 else 0
            after = shared(keyed[i][0], keyed[j][0]) if j < len(keyed) else 0
            blocks.append(([keyed[i][2]], used[max(before, after)].value))
        i = j
    return blocks


def rank(
    stats: Sequence[NominationStats],
    *,
    rules: Sequence[TieBreak] = DEFAULT_TIE_BREAKS,
    casting: Mapping[int, int] | None = None,
    use_normalised: bool = False,
) -> list[Ranked]:
    """Rank nominations, best first, with competition ranks (1, 2, 2, 4).

    The ranking score is ``normalised`` when ``use_normalised`` else ``score``, rounded to 4
    decimals. Equal ranking scores form a tie group; ``rules`` are applied in order within it
    and may split it into subgroups, each still-tied subgroup going on to the next rule:
    OBSTACLES and MEDIAN put the higher value (4 dp; missing lowest) first; CASTING puts the
    lower ``casting`` position first, but only when every nomination still tied has one.
    Nominations still tied after every rule share a rank and are listed by id. Nominations
    without a ranking score (nobody scored them) come last with rank None.
    """
    casting = casting or {}
    ids = [s.nomination_id for s in stats]
    if len(set(ids)) != len(ids):
        raise ValueError("a nomination appears twice in the statistics to rank")

    key = {s.nomination_id: _rounded(s.normalised if use_normalised else s.score) for s in stats}
    best: dict[int, int] = {nid: -value for nid, value in key.items() if value is not None}
    scored = sorted((s for s in stats if s.nomination_id in best),
                    key=lambda s: (best[s.nomination_id], s.nomination_id))
    unscored = sorted((s for s in stats if s.nomination_id not in best),
                      key=lambda s: s.nomination_id)

    # Blocks in final order: (members sharing one rank, tie_break label or None if never tied).
    blocks: list[tuple[list[NominationStats], str | None]] = []
    i = 0
    while i < len(scored):
        j = i
        while j < len(scored) and best[scored[j].nomination_id] == best[scored[i].nomination_id]:
            j += 1
        group = scored[i:j]
        if len(group) == 1:
            blocks.append((group, None))
        elif not any(s.nomination_id in casting for s in group):
            blocks.extend(_split_without_casting(group, rules))
        else:
            blocks.extend((sub, label) for sub, label in _split(group, tuple(rules), casting))
        i = j

    result: list[Ranked] = []
    position = 1
    for members, label in blocks:
        for s in members:
            result.append(_ranked(s, position, tie=label is not None, tie_break=label))
        position += len(members)
    result.extend(_ranked(s, None, tie=False, tie_break=None) for s in unscored)
    return result


def _ranked(s: NominationStats, rank: int | None, *, tie: bool, tie_break: str | None) -> Ranked:
    return Ranked(s.nomination_id, rank, s.score, s.normalised, s.median, s.spread, tie, tie_break)


# --- placements ----------------------------------------------------------------------------


class Placement(StrEnum):
    WINNER = "winner"
    RUNNER_UP = "runner_up"
    HIGHLY_COMMENDED = "highly_commended"
    NOMINEE = "nominee"

    @property
    def label(self) -> str:
        return {"winner": "Winner", "runner_up": "Runner-up",
                "highly_commended": "Highly commended", "nominee": "Nominee"}[self.value]


def placements(
    ranked: Sequence[Ranked], *, winners: int, runners_up: int, highly_commended: int
) -> dict[int, Placement]:
    """Placements in rank order: ``winners`` winners, then runners-up, then highly commended.

    Everyone after those places, and every unscored nomination, is a NOMINEE. Nominations that
    share a rank get the same placement when they all fall inside one band (two highly
    commended, say); when a shared rank straddles the boundary between two different placements
    no rule can choose between them, so ``UnresolvedTieError`` asks for a casting decision.
    """
    for name, count in (("winners", winners), ("runners_up", runners_up),
                        ("highly_commended", highly_commended)):
        if count < 0:
            raise ValueError(f"{name} must be 0 or more, not {count}")
    bands = [Placement.WINNER] * winners + [Placement.RUNNER_UP] * runners_up
    bands += [Placement.HIGHLY_COMMENDED] * highly_commended

    def band(position: int) -> Placement:
        return bands[position] if position < len(bands) else Placement.NOMINEE

    ordered = [r for r in ranked if r.rank is not None]
    if any((a.rank or 0, a.nomination_id) > (b.rank or 0, b.nomination_id)
           for a, b in zip(ordered, ordered[1:], strict=False)):
        ordered.sort(key=lambda r: (r.rank or 0, r.nomination_id))
    result = dict.fromkeys((r.nomination_id for r in ranked), Placement.NOMINEE)
    i = 0
    while i < min(len(ordered), len(bands)):  # everyone after the last band is a nominee
        j = i
        while j < len(ordered) and ordered[j].rank == ordered[i].rank:
            j += 1
        first, last = band(i), band(j - 1)
        if first is not last:
            raise UnresolvedTieError([r.nomination_id for r in ordered[i:j]], first)
        for r in ordered[i:j]:
            result[r.nomination_id] = first
        i = j
    return result
