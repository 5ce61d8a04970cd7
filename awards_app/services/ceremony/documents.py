"""The ceremony outputs as sections of blocks (pdf.ceremony's plain data): the running order
and script, the photographer's list, the press list and one sheet per sponsor. The PDF, the
plain-text script and the DOCX script are all laid out from these, so they say the same.

Who appears on which list is decided here, from :class:`~.data.Ceremony` (whose details
already follow the consent rules):

- photographer's list: only those who may be photographed, by the name that is read and
  their seat; the running order then marks each presentation "photograph" or "no
  photographs" *without naming anyone*, so the photographer knows when to put the camera
  down without holding a list of the people who said no (or were never asked);
- press list: only winners released to the press (a yes to being named publicly, no "do
  not publish", approved wording); those still waiting for wording are counted, not named;
- sponsor's sheet: their categories' placed young people by the name as consented, with the
  approved wording of those released to the press.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from awards_app.core import ceremony_names as rules
from awards_app.core.certificates import and_list
from awards_app.pdf.ceremony_blocks import DETAIL, ENTRY, HEADING, INFO, LEAD, NOTE, TEXT, Block, Section
from awards_app.services.ceremony.data import (
    PRESS_RELEASED,
    PRESS_WAITING,
    CategoryRun,
    Ceremony,
    Placed,
)

EDITED_NOTE = ("Names they did not agree to share were taken out of this citation: please "
               "check it still reads well.")
NOT_PUBLISHED_NOTE = ("They asked for nothing to be published: please check the citation says "
                      "nothing else that could identify them.")


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _lead(ceremony: Ceremony) -> list[Block]:
    when = " · ".join(p for p in (ceremony.date, ceremony.venue) if p)
    return [Block(LEAD, when)] if when else []


def _not_confirmed(ceremony: Ceremony) -> list[Block]:
    if not ceremony.not_confirmed:
        return []
    return [Block(NOTE, "Not confirmed yet, so left out: " + and_list(ceremony.not_confirmed)
                  + ". Make the pack again once their results are confirmed.")]


def _sponsor_line(run: CategoryRun) -> str:
    return (f"Sponsored by {and_list(run.sponsors)}" if run.sponsors
            else "Sponsor: none recorded")


def _presenter_line(run: CategoryRun) -> str:
    return f"Presented by {run.presenter}" if run.presenter else "Presenter: not chosen yet"


# --- the running order and script ----------------------------------------------------------


def script_section(ceremony: Ceremony) -> Section:
    """The running order, category by category: sponsor, presenter, then each placed young
    person (highly commended first, the winner last) with the name to read, how to say it and
    the citation."""
    blocks = [*_lead(ceremony), *_not_confirmed(ceremony)]
    if not ceremony.categories:
        blocks.append(Block(TEXT, "No category's results are confirmed yet."))
    for number, run in enumerate(ceremony.categories, start=1):
        blocks += [Block(HEADING, f"{number}. {run.name}"), Block(INFO, _sponsor_line(run)),
                   Block(INFO, _presenter_line(run))]
        if not run.placed:
            blocks.append(Block(TEXT, "Nobody was placed in this category."))
        for person in run.placed:
            blocks += _script_entry(person)
    return Section(f"Ceremony script — {ceremony.title}", rules.NAMING_RULE, tuple(blocks))


def _script_entry(person: Placed) -> list[Block]:
    blocks = [Block(ENTRY, f"{person.placement}: {person.name}")]
    if person.pronunciation:
        blocks.append(Block(DETAIL, f"Say it: {person.pronunciation}"))
    blocks.append(Block(TEXT, person.citation or "Citation: not written yet."))
    if person.name_form is rules.NameForm.NOT_PUBLISHED:
        blocks.append(Block(NOTE, NOT_PUBLISHED_NOTE))
    elif person.citation_edited:
        blocks.append(Block(NOTE, EDITED_NOTE))
    return blocks


# --- the photographer's list ---------------------------------------------------------------


def photographer_people(ceremony: Ceremony) -> tuple[tuple[CategoryRun, Placed], ...]:
    """Who may be photographed, in running order."""
    return tuple((run, p) for run in ceremony.categories for p in run.placed
                 if p.may_photograph)


def photographer_section(ceremony: Ceremony) -> Section:
    allowed = photographer_people(ceremony)
    total = len(ceremony.placed)
    blocks = [*_lead(ceremony), *_not_confirmed(ceremony),
              Block(INFO, f"{len(allowed)} of {_plural(total, 'young person', 'young people')} "
                          "presented may be photographed."),
              Block(HEADING, "Who may be photographed")]
    if not allowed:
        blocks.append(Block(TEXT, "Nobody presented has said yes to photographs: please take "
                                  "no photographs of the young people."))
    for run, person in allowed:
        blocks.append(Block(ENTRY, person.name))
        blocks.append(Block(DETAIL, f"{person.placement}, {run.name}"))
        blocks.append(Block(DETAIL, f"Seat: {person.seat}" if person.seat
                            else "Seat: not recorded"))
    blocks.append(Block(HEADING, "Presentations in running order"))
    blocks.append(Block(NOTE, "When a presentation says no photographs, please lower the "
                              "camera until the next one."))
    for number, run in enumerate(ceremony.categories, start=1):
        blocks.append(Block(INFO, f"{number}. {run.name}"))
        for person in run.placed:
            blocks.append(Block(DETAIL, f"{person.placement}: photograph {person.name}"
                                if person.may_photograph
                                else f"{person.placement}: no photographs"))
    return Section(f"Photographer's list — {ceremony.title}", rules.PHOTO_RULE, tuple(blocks))


# --- the press list ------------------------------------------------------------------------


@dataclass(frozen=True)
class PressList:
    released: tuple[tuple[CategoryRun, Placed], ...]
    waiting: int  # winners who may be named, without approved wording yet


def press_list(ceremony: Ceremony) -> PressList:
    everyone = [(run, p) for run in ceremony.categories for p in run.placed]
    return PressList(
        released=tuple((r, p) for r, p in everyone if p.press_status == PRESS_RELEASED),
        waiting=sum(1 for _, p in everyone if p.press_status == PRESS_WAITING))


def press_section(ceremony: Ceremony) -> Section:
    found = press_list(ceremony)
    blocks = [*_lead(ceremony), *_not_confirmed(ceremony)]
    if found.waiting:
        blocks.append(Block(NOTE, f"{_plural(found.waiting, 'winner is', 'winners are')} "
                                  "waiting for approved wording and not released yet."))
    if not found.released:
        blocks.append(Block(TEXT, "No winner is released to the press yet."))
    for run, person in found.released:
        blocks += [Block(HEADING, f"{run.name} — {person.placement}"),
                   Block(ENTRY, person.name), Block(INFO, _sponsor_line(run)),
                   Block(TEXT, person.press_wording)]
    return Section(f"Press list — {ceremony.title}", rules.PRESS_RULE, tuple(blocks))


# --- the sponsors' sheets ------------------------------------------------------------------


@dataclass(frozen=True)
class SponsorSheet:
    sponsor: str
    categories: tuple[CategoryRun, ...]
    not_confirmed: tuple[str, ...]


def sponsor_sheets(ceremony: Ceremony) -> tuple[SponsorSheet, ...]:
    """One sheet per sponsor of a category, sponsors by name."""
    runs: dict[str, list[CategoryRun]] = defaultdict(list)
    pending: dict[str, list[str]] = defaultdict(list)
    for run in ceremony.categories:
        for sponsor in run.sponsors:
            runs[sponsor].append(run)
    for sponsor, category in ceremony.pending_sponsors:
        pending[sponsor].append(category)
    return tuple(SponsorSheet(name, tuple(runs.get(name, ())), tuple(pending.get(name, ())))
                 for name in sorted({*runs, *pending}, key=str.casefold))


def sponsor_section(ceremony: Ceremony, sheet: SponsorSheet) -> Section:
    blocks = [*_lead(ceremony)]
    if sheet.not_confirmed:
        blocks.append(Block(NOTE, "Not confirmed yet: " + and_list(sheet.not_confirmed)
                                  + ". We will send these results once they are."))
    for run in sheet.categories:
        blocks += [Block(HEADING, run.name), Block(INFO, _presenter_line(run))]
        if not run.placed:
            blocks.append(Block(TEXT, "Nobody was placed in this category."))
        for person in run.placed:
            blocks.append(Block(ENTRY, f"{person.placement}: {person.name}"))
            if person.press_wording:
                blocks.append(Block(TEXT, person.press_wording))
    return Section(f"{sheet.sponsor} — results for public use — {ceremony.title}",
                   rules.SPONSOR_RULE, tuple(blocks))


def pack_sections(ceremony: Ceremony) -> tuple[Section, ...]:
    """Everything in one pack: script, photographer's list, press list, sponsors' sheets."""
    return (script_section(ceremony), photographer_section(ceremony), press_section(ceremony),
            *(sponsor_section(ceremony, s) for s in sponsor_sheets(ceremony)))
