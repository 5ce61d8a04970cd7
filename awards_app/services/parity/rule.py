"""The small-numbers rule and the parity tables it shapes (plain data, no database): each
group's count at each stage, its share of the stage and its rate of its own nominations, and the
differences worth a sentence.

**Small numbers.** A count below ``SMALL`` is shown without any rate and no sentence is made
from it. Within one stage the groups' shares add up to 100% and their rates combine into the
total's, so a single held-back rate could be worked out from the others: whenever one group's
rates are held back in a stage, the next smallest group's are held back too (``hidden_cells``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

#: below this a count is shown without a rate
SMALL = 5
#: a share differing by this many percentage points between two stages is worth a sentence
NOTABLE_POINTS = 5.0
IN_CITY, OUT_OF_AREA = "In the city", "Out of area"
NO_TEAM = "No team recorded"
NO_FINDINGS = (f"no difference of {NOTABLE_POINTS:.0f} points or more where the numbers are "
               "large enough to compare.")
TOTAL = "All young people"


class Stage(Enum):
    """The steps from good news to a certificate, in order; the value is the column label."""

    GOOD_NEWS = "Good-news stories"
    NOMINATIONS = "Nominations"
    ACCEPTED = "Accepted"
    SHORTLISTED = "Shortlisted"
    PLACED = "Placed"
    CERTIFICATES = "Certificates issued"

    @property
    def words(self) -> str:
        """How a sentence names it: "4% of placements"."""
        return _WORDS[self]


_WORDS = {Stage.GOOD_NEWS: "good-news stories", Stage.NOMINATIONS: "nominations",
          Stage.ACCEPTED: "accepted nominations", Stage.SHORTLISTED: "shortlisted nominations",
          Stage.PLACED: "placements", Stage.CERTIFICATES: "certificates issued"}
STAGES = tuple(Stage)
#: the stages with a rate "of the group's own nominations" (each is a subset of them)
FROM_NOMINATIONS = (Stage.ACCEPTED, Stage.SHORTLISTED, Stage.PLACED, Stage.CERTIFICATES)
#: the pairs of stages a sentence compares a group's shares between
_COMPARED = ((Stage.GOOD_NEWS, Stage.NOMINATIONS),
             *((Stage.NOMINATIONS, later) for later in FROM_NOMINATIONS))


@dataclass(frozen=True, slots=True)
class Figure:
    """One group's count at one stage, with its rates; a rate is None when it is held back
    (small numbers) or has no meaning (a total's share, good news "of nominations")."""

    count: int
    share: float | None  # of every group's count at this stage, 0–1
    of_nominations: float | None  # of this group's own nominations, 0–1


@dataclass(frozen=True, slots=True)
class GroupRow:
    name: str
    figures: tuple[Figure, ...]  # in STAGES order
    is_total: bool = False

    def figure(self, stage: Stage) -> Figure:
        return self.figures[STAGES.index(stage)]

    @property
    def from_nominations(self) -> tuple[Figure, ...]:
        """The figures of the stages with a rate of own nominations (FROM_NOMINATIONS)."""
        return tuple(self.figure(stage) for stage in FROM_NOMINATIONS)


@dataclass(frozen=True, slots=True)
class ParityTable:
    heading: str  # "Where young people live", "By team"
    group_label: str  # the first column's heading
    rows: tuple[GroupRow, ...]  # the groups, then the total

    @property
    def groups(self) -> tuple[GroupRow, ...]:
        return tuple(row for row in self.rows if not row.is_total)

    @property
    def total(self) -> GroupRow:
        return self.rows[-1]


@dataclass(frozen=True, slots=True)
class Finding:
    """A group whose share of one stage differs from its share of another by
    NOTABLE_POINTS or more — both shares shown, so neither rests on a small count."""

    group: str
    before: Stage
    before_share: float
    after: Stage
    after_share: float

    @property
    def difference(self) -> float:
        return abs(self.before_share - self.after_share)

    def sentence(self, name: Callable[[str], str] = str) -> str:
        """"Out of area: 12% of nominations but 4% of placements." (``name`` wraps the group's
        name, e.g. to isolate it in a window)."""
        return (f"{name(self.group)}: {percent(self.before_share)} of {self.before.words} but "
                f"{percent(self.after_share)} of {self.after.words}.")


SMALL_NUMBERS_RULE = (f"A count below {SMALL} is shown without a percentage, and so is one "
                      "that would let it be worked out, so that no young person can be "
                      "singled out. No sentence is drawn from them.")


def held_back(table: ParityTable) -> bool:
    """Whether any rate of ``table``'s groups is held back."""
    return any(f.share is None for row in table.groups for f in row.figures)


# --- the rule -----------------------------------------------------------------------------

def hidden_cells(counts: Mapping[str, Sequence[int]]) -> set[tuple[str, int]]:
    """(group, stage index) cells whose rates are held back: every count below SMALL, and —
    when that leaves exactly one group held back in a stage, whose rates the others' would
    then give away (shares add up to 100%, rates to the total's) — the smallest other group's
    too. Ties go to the later group, so the result does not depend on luck."""
    hidden: set[tuple[str, int]] = set()
    groups = list(counts)
    width = len(next(iter(counts.values()), ()))
    for stage in range(width):
        held = {g for g in groups if counts[g][stage] < SMALL}
        shown = [g for g in groups if g not in held]
        if len(held) == 1 and shown:
            held.add(min(reversed(shown), key=lambda g: counts[g][stage]))
        hidden.update((g, stage) for g in held)
    return hidden


def build_table(heading: str, group_label: str, counts: Mapping[str, Sequence[int]]
                ) -> ParityTable:
    """The table for ``counts`` (group → a count per stage, in STAGES order), with rates
    where the small-numbers rule allows and a total row that adds the groups up."""
    hidden = hidden_cells(counts)
    totals = [sum(c[i] for c in counts.values()) for i in range(len(STAGES))]
    nominations = STAGES.index(Stage.NOMINATIONS)

    def figures(name: str | None, row: Sequence[int]) -> tuple[Figure, ...]:
        out = []
        for i, stage in enumerate(STAGES):
            shown = row[i] >= SMALL and (name is None or (name, i) not in hidden)
            share = row[i] / totals[i] if shown and name is not None else None
            rate = (row[i] / row[nominations] if shown and stage in FROM_NOMINATIONS
                    and row[nominations] >= SMALL else None)
            out.append(Figure(row[i], share, rate))
        return tuple(out)

    rows = [GroupRow(name, figures(name, row)) for name, row in counts.items()]
    rows.append(GroupRow(TOTAL, figures(None, totals), is_total=True))
    return ParityTable(heading, group_label, tuple(rows))


def percent(value: float) -> str:
    """0.125 → "13%" (halves round up, as people expect)."""
    return f"{int(value * 100 + 0.5)}%"


#: shown where a rate is held back (small numbers) or has no meaning
NO_RATE = "–"


def count_text(figure: Figure) -> str:
    """"38 (73%)": the count with its share of the stage, or the count alone."""
    return str(figure.count) if figure.share is None else (
        f"{figure.count} ({percent(figure.share)})")


def rate_text(figure: Figure) -> str:
    """"36%" of the group's own nominations, or NO_RATE."""
    return NO_RATE if figure.of_nominations is None else percent(figure.of_nominations)


def findings(table: ParityTable, *, only: Sequence[str] | None = None) -> list[Finding]:
    """(difference, sentence) for each group (or those in ``only``) whose share of one stage
    differs from its share of the next by NOTABLE_POINTS or more: "Out of area: 12% of
    nominations but 4% of placements." Only shares that are shown are compared."""
    out = []
    for row in table.groups:
        if only is not None and row.name not in only:
            continue
        for before, after in _COMPARED:
            a, b = row.figure(before).share, row.figure(after).share
            if a is None or b is None or abs(a - b) * 100 < NOTABLE_POINTS:
                continue
            out.append(Finding(row.name, before, a, after, b))
    return out


# --- as cells and data ---------------------------------------------------------------------

def table_header(table: ParityTable) -> list[str]:
    """Column headings for a spreadsheet: each stage's count, share and (for the stages
    after nominating) rate of the group's own nominations."""
    header = ["Table", table.group_label]
    for stage in STAGES:
        header += [stage.value, f"{stage.value}: share"]
        if stage in FROM_NOMINATIONS:
            header.append(f"{stage.value}: of own nominations")
    return header


def table_cells(table: ParityTable) -> list[list[str | int | float]]:
    """One row per group and the total; a held-back or meaningless rate is ""."""
    rows: list[list[str | int | float]] = []
    for row in table.rows:
        cells: list[str | int | float] = [table.heading, row.name]
        for stage, figure in zip(STAGES, row.figures, strict=True):
            cells += [figure.count, "" if figure.share is None else figure.share]
            if stage in FROM_NOMINATIONS:
                cells.append("" if figure.of_nominations is None else figure.of_nominations)
        rows.append(cells)
    return rows
