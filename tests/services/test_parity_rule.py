"""The small-numbers rule as a property: for any counts, no rate is computed from a count
below 5, no held-back rate can be worked out from the rates shown beside it, every shown rate
is what it says, the total row adds the groups up, and no sentence rests on a small count."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from awards_app.services import parity
from awards_app.services.parity import FROM_NOMINATIONS, SMALL, STAGES, Stage
from awards_app.services.parity.report import _grouped

NOMINATIONS = STAGES.index(Stage.NOMINATIONS)


@st.composite
def pipelines(draw: st.DrawFn) -> list[int]:
    """A group's counts per stage: stories free; accepted, shortlisted, placed and
    certificates never more than its nominations (each is a subset of them)."""
    stories = draw(st.integers(0, 40))
    nominations = draw(st.integers(0, 40))
    accepted = draw(st.integers(0, nominations))
    shortlisted = draw(st.integers(0, accepted))
    placed = draw(st.integers(0, nominations))
    certificates = draw(st.integers(0, nominations))
    return [stories, nominations, accepted, shortlisted, placed, certificates]


groups = st.dictionaries(st.sampled_from(["North", "South", "East", "UASC", "No team recorded"]),
                         pipelines(), min_size=1, max_size=5)
# counts gathered around the boundary, where the rule bites
near = st.lists(st.integers(3, 6), min_size=len(STAGES), max_size=len(STAGES))
boundary_groups = st.dictionaries(st.sampled_from(["In the city", "Out of area", "A", "B"]),
                                  near, min_size=2, max_size=4)


def check(table: parity.ParityTable, counts: dict[str, list[int]]) -> None:
    totals = [sum(c[i] for c in counts.values()) for i in range(len(STAGES))]
    assert [f.count for f in table.total.figures] == totals
    assert [r.name for r in table.groups] == list(counts)
    for i, stage in enumerate(STAGES):
        held = 0
        for row in table.groups:
            figure = row.figures[i]
            nominations = row.figures[NOMINATIONS].count
            assert figure.count == counts[row.name][i]
            if figure.share is not None:
                assert figure.count >= SMALL
                assert figure.share == figure.count / totals[i]
            else:
                held += 1
            if figure.of_nominations is not None:
                assert stage in FROM_NOMINATIONS
                assert figure.count >= SMALL and nominations >= SMALL
                assert figure.of_nominations == figure.count / nominations
                assert figure.share is not None  # one rule for both rates of a cell
            elif stage in FROM_NOMINATIONS and figure.count >= SMALL and nominations >= SMALL:
                assert figure.share is None  # held back only as another's complement
        # never exactly one held back among several: the others' rates would give it away
        assert held != 1 or len(table.groups) == 1
        total = table.total.figures[i]
        assert total.share is None
        if total.of_nominations is not None:
            assert total.count >= SMALL and totals[NOMINATIONS] >= SMALL


_SENTENCE = re.compile(r"^(.+): (\d+)% of (.+) but (\d+)% of (.+)\.$")
_BY_WORDS = {stage.words: stage for stage in STAGES}


def check_findings(table: parity.ParityTable) -> None:
    for finding in parity.findings(table):
        difference, sentence = finding.difference, finding.sentence()
        match = _SENTENCE.match(sentence)
        assert match, sentence
        row = next(r for r in table.groups if r.name == match[1])
        before, after = _BY_WORDS[match[3]], _BY_WORDS[match[5]]
        for stage in (before, after):
            assert row.figure(stage).count >= SMALL
            assert row.figure(stage).share is not None
        assert difference * 100 >= parity.NOTABLE_POINTS


@settings(max_examples=300, deadline=None)
@given(groups)
def test_any_counts_keep_the_rule(counts: dict[str, list[int]]) -> None:
    table = parity.build_table("By team", "Team", counts)
    check(table, counts)
    check_findings(table)


@settings(max_examples=300, deadline=None)
@given(boundary_groups)
def test_counts_around_five_keep_the_rule(counts: dict[str, list[int]]) -> None:
    table = parity.build_table("Where young people live", "Living", counts)
    check(table, counts)
    check_findings(table)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.tuples(st.booleans(), st.sampled_from(["North", "South", ""])),
                       st.integers(0, 12), max_size=6),
       st.dictionaries(st.tuples(st.booleans(), st.sampled_from(["North", "South", "West"])),
                       pipelines().map(lambda p: tuple(p[1:])), max_size=6))
def test_both_tables_count_everyone_once(stories: dict[tuple[bool, str], int],
                                         nominations: dict[tuple[bool, str],
                                                           tuple[int, ...]]) -> None:
    area = _grouped(stories, nominations, by_team=False)
    teams = _grouped(stories, nominations, by_team=True)
    assert list(area) == [parity.IN_CITY, parity.OUT_OF_AREA]
    for i in range(len(STAGES)):
        assert sum(c[i] for c in area.values()) == sum(c[i] for c in teams.values())
    check(parity.build_table("Where young people live", "Living", area), area)
    check(parity.build_table("By team", "Team", teams), teams)


def test_the_second_group_held_back_is_the_smallest_shown() -> None:
    hidden = parity.hidden_cells({"A": [4], "B": [30], "C": [6], "D": [6]})
    assert hidden == {("A", 0), ("D", 0)}
    assert parity.hidden_cells({"A": [5], "B": [5]}) == set()
    assert parity.hidden_cells({"A": [4], "B": [4], "C": [9]}) == {("A", 0), ("B", 0)}
