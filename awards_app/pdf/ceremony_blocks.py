"""The ceremony outputs' plain data: sections of typed blocks, laid out by pdf.ceremony (PDF)
and by services.ceremony.outputs (plain text, Word). No ReportLab here, so the services and
the CLI load it without the PDF machinery."""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of block, in the order a section usually uses them.
LEAD = "lead"  # date and venue under the title
HEADING = "heading"  # a category, or a part of a list
INFO = "info"  # sponsor, presenter
ENTRY = "entry"  # a young person's line: "Winner: Amira Haddad"
DETAIL = "detail"  # under an entry: "Say it: …", "Seat: …"
TEXT = "text"  # a citation or approved wording
NOTE = "note"  # a quiet note for the coordinator
KINDS = (LEAD, HEADING, INFO, ENTRY, DETAIL, TEXT, NOTE)


@dataclass(frozen=True)
class Block:
    kind: str  # one of KINDS
    text: str


@dataclass(frozen=True)
class Section:
    """A part of the pack: starts on a new page, its consent rule boxed under its title."""

    title: str
    rule: str
    blocks: tuple[Block, ...]
