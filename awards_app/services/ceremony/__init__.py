"""The ceremony pack (issue 14, part 3): from confirmed results, the running order and script,
the photographer's list, the press list and the sponsors' sheets, every name as the young
person consented (core.ceremony_names), and the ceremony details a coordinator edits.

Modules, in one direction: data (what is read, consent applied) <- documents (who is on
which list; sections of blocks) <- outputs (PDF, plain text, Word); edits (pronunciation,
seat, press wording) stands alone."""

from __future__ import annotations

from awards_app.services.ceremony.data import (
    PRESS_NOT_CONSENTED,
    PRESS_NOT_PUBLISHED,
    PRESS_NOT_WINNER,
    PRESS_RELEASED,
    PRESS_WAITING,
    CategoryRun,
    Ceremony,
    PageRow,
    Placed,
    ceremony,
    page_rows,
)
from awards_app.services.ceremony.documents import (
    PressList,
    SponsorSheet,
    pack_sections,
    photographer_people,
    photographer_section,
    press_list,
    press_section,
    script_section,
    sponsor_section,
    sponsor_sheets,
)
from awards_app.services.ceremony.edits import (
    DETAIL_FIELDS,
    DETAIL_LABELS,
    DetailsLoaded,
    details_for_edit,
    save_details,
)
from awards_app.services.ceremony.outputs import (
    SUFFIXES,
    Output,
    check_suffix,
    pack_summary,
    section_text,
    sponsor_file_names,
    write_output,
)

__all__ = [
    "PRESS_NOT_CONSENTED", "PRESS_NOT_PUBLISHED", "PRESS_NOT_WINNER", "PRESS_RELEASED",
    "PRESS_WAITING", "CategoryRun", "Ceremony", "PageRow", "Placed", "ceremony", "page_rows",
    "PressList", "SponsorSheet", "pack_sections", "photographer_people",
    "photographer_section", "press_list", "press_section", "script_section",
    "sponsor_section", "sponsor_sheets", "DETAIL_FIELDS", "DETAIL_LABELS", "DetailsLoaded",
    "details_for_edit", "save_details", "SUFFIXES", "Output", "check_suffix", "pack_summary", "section_text",
    "sponsor_file_names", "write_output",
]
