"""What the Judging page shows, read in one go: each judge's progress in each category, the
conflicts of interest, each category's lead judge, the tie-break rules and the nominations
judges read; and the columns the page's tables show them in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from awards_app.core.scoring import TieBreak
from awards_app.services import events, judging, nominations
from awards_app.services.catalogue import categories
from awards_app.services.judging import ConflictRow, ProgressRow, results
from awards_app.ui.common.formats import isolate, local_time
from awards_app.ui.common.table_model import Column

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

RULE_HELP = {
    TieBreak.OBSTACLES: "Higher average on the criterion that breaks ties (“Obstacles overcome”) first",
    TieBreak.MEDIAN: "Higher median of the judges' totals first",
    TieBreak.CASTING: "The category's lead judge decides the order",
}


@dataclass(frozen=True, order=True)
class Scored:
    """"6 of 11 scored", sorted by how far the judge has got."""

    share: float
    done: int
    total: int

    def __str__(self) -> str:
        return f"{self.done} of {self.total} scored"


@dataclass(frozen=True)
class LeadRow:
    category_id: int
    category: str
    lead_judge_id: int | None
    lead_judge: str
    judges: str


@dataclass(frozen=True)
class Snapshot:
    progress: list[ProgressRow]
    conflicts: list[ConflictRow]
    leads: list[LeadRow]
    rules: tuple[TieBreak, ...]
    normalised: bool
    started: bool
    judged: list[str]  # "N-0004 Ada — Education Star", for suggestions


def load_snapshot(s: Session, event_id: int) -> Snapshot:
    names = {judge_id: name for judge_id, name, _sponsor, _pin in
             judging.judges_for_sign_in(s, event_id)}
    leads = []
    for c in categories.list_categories(s, event_id, include_retired=False):
        lead = "" if c.lead_judge_id is None else names.get(c.lead_judge_id, "(withdrawn judge)")
        leads.append(LeadRow(c.id, c.name, c.lead_judge_id, lead, ", ".join(
            isolate(name) for _id, name in judging.judges_of_category(s, c.id))))
    event = events.get_event(s, event_id)
    judged = [f"{n.ref} {isolate(n.nominee)} — {isolate(n.category)}"
              for n in nominations.nomination_rows(s, event_id)
              if n.status in judging.JUDGED_STATUSES]
    return Snapshot(judging.judging_progress(s, event_id), judging.conflict_rows(s, event_id),
                    leads, results.tie_break_rules(event), event.normalised_results,
                    judging.judging_started(s, event_id), sorted(judged))


PROGRESS_COLUMNS: list[Column[ProgressRow]] = [
    Column("Category", lambda r: r.category),
    Column("Judge", lambda r: r.judge),
    Column("Sponsor", lambda r: r.sponsor),
    Column("Scored", lambda r: Scored(r.scored / max(r.assigned, 1), r.scored, r.assigned),
           align_right=True,
           tooltip="Nominations this judge has fully scored, of those they are to judge"),
    Column("Submitted", lambda r: r.submitted),
    Column("PIN set", lambda r: r.has_pin),
]
CONFLICT_COLUMNS: list[Column[ConflictRow]] = [
    Column("Judge", lambda r: r.judge),
    Column("Sponsor", lambda r: r.sponsor),
    Column("Subject", lambda r: r.subject),
    Column("Kind", lambda r: r.kind.label),
    Column("Note", lambda r: " ".join(r.note.split())),
    Column("Declared by", lambda r: r.declared_by.capitalize()),
    Column("When", lambda r: local_time(r.created_at)),
]
LEAD_COLUMNS: list[Column[LeadRow]] = [
    Column("Category", lambda r: r.category),
    Column("Lead judge", lambda r: r.lead_judge or "Not chosen yet"),
    Column("Judges of the category", lambda r: r.judges),
]
RULE_COLUMNS: list[Column[TieBreak]] = [
    Column("Rule", lambda r: r.label),
    Column("What it does", lambda r: RULE_HELP[r]),
]


def conflict_choices(s: Session, event_id: int) -> tuple[list[tuple[int, str]],
                                                          list[tuple[int, str]]]:
    """For a new conflict of interest: (judge id, "name (sponsor)"), and the nominations
    judges score as (id, "N-0004 Ada — Education Star")."""
    judges = [(judge_id, f"{isolate(name)} ({isolate(sponsor)})") for judge_id, name, sponsor, _pin in
              judging.judges_for_sign_in(s, event_id)]
    judged = sorted((n.id, f"{n.ref} {isolate(n.nominee)} — {isolate(n.category)}")
                    for n in nominations.nomination_rows(s, event_id)
                    if n.status in judging.JUDGED_STATUSES)
    return judges, judged
