"""Writing the ceremony outputs: the pack PDF, the script (plain text or Word), the
photographer's list, the press list and the sponsors' sheets.

Each file appears only when complete (written beside it, then renamed). ``write_output``
takes a ``progress(done, total)`` callback and a ``cancelled()`` check, so the window runs it
off the UI thread with Cancel, and the CLI prints nothing until it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path

from awards_app.core import certificates as names
from awards_app.core.errors import Cancelled, ValidationError
from awards_app.pdf.ceremony_blocks import DETAIL, ENTRY, HEADING, INFO, LEAD, NOTE, TEXT, Section
from awards_app.services.ceremony import documents
from awards_app.services.ceremony.data import Ceremony
from awards_app.services.common import write_whole

Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


class Output(StrEnum):
    PACK = "pack"
    SCRIPT = "script"
    PHOTOGRAPHER = "photographer"
    PRESS = "press"
    SPONSORS = "sponsors"

    @property
    def label(self) -> str:
        return {"pack": "the ceremony pack", "script": "the ceremony script",
                "photographer": "the photographer's list", "press": "the press list",
                "sponsors": "the sponsors' sheets"}[self.value]


#: the file endings each output can be saved as (sponsors: a PDF, or a folder of PDFs)
SUFFIXES: dict[Output, tuple[str, ...]] = {
    Output.PACK: (".pdf",), Output.SCRIPT: (".docx", ".txt", ".pdf"),
    Output.PHOTOGRAPHER: (".pdf",), Output.PRESS: (".pdf",), Output.SPONSORS: (".pdf", ""),
}


# --- the script as plain text and as a Word document ---------------------------------------

_TEXT_PREFIX = {HEADING: "", INFO: "", ENTRY: "", DETAIL: "    ", TEXT: "    ",
                NOTE: "    Note: ", LEAD: ""}


def section_text(section: Section) -> str:
    """A section as plain text: its title, the rule it applied, then one line per block
    (blank lines before headings and entries). Windows line endings are added on writing."""
    blocks = list(section.blocks)
    lines = [section.title, "=" * min(len(section.title), 78)]
    while blocks and blocks[0].kind == LEAD:
        lines.append(" ".join(blocks.pop(0).text.split()))
    lines += ["", f"Consent rule applied: {section.rule}", ""]
    for block in blocks:
        if block.kind in (HEADING, ENTRY) and lines[-1] != "":
            lines.append("")
        text = " ".join(block.text.split())
        lines.append(_TEXT_PREFIX[block.kind] + text)
        if block.kind == HEADING:
            lines.append("-" * min(len(text), 78))
    return "\n".join(lines).rstrip() + "\n"


def _write_text(target: Path, sections: Sequence[Section]) -> None:
    text = "\n\n".join(section_text(s) for s in sections)
    # UTF-8 with BOM and CRLF: Notepad and Word on an office PC open it with its accents
    target.write_text(text, encoding="utf-8-sig", newline="\r\n")


def _write_docx(target: Path, sections: Sequence[Section]) -> None:
    # python-docx loads only when a Word file is written (start-up time)
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Calibri"
    style.font.size = Pt(11)
    for number, section in enumerate(sections):
        if number:
            document.add_page_break()  # type: ignore[no-untyped-call]
        document.add_heading(section.title, level=1)
        blocks = list(section.blocks)
        while blocks and blocks[0].kind == LEAD:
            document.add_paragraph(" ".join(blocks.pop(0).text.split()))
        rule = document.add_paragraph()
        rule.add_run("Consent rule applied: ").bold = True
        rule.add_run(section.rule)
        for block in blocks:
            text = " ".join(block.text.split())
            if block.kind == HEADING:
                document.add_heading(text, level=2)
            elif block.kind == ENTRY:
                document.add_paragraph().add_run(text).bold = True
            elif block.kind == NOTE:
                run = document.add_paragraph().add_run(f"Note: {text}")
                run.italic = True
                run.font.color.rgb = RGBColor(0x5B, 0x67, 0x70)
            else:
                paragraph = document.add_paragraph(text)
                if block.kind in (DETAIL, TEXT):
                    paragraph.paragraph_format.left_indent = Pt(14)
    document.core_properties.title = sections[0].title if sections else "Ceremony"
    document.save(str(target))


# --- writing --------------------------------------------------------------------------------


def _pdf(target: Path, title: str, sections: Sequence[Section], progress: Progress | None,
         cancelled: IsCancelled | None) -> None:
    # ReportLab loads only when a PDF is made (start-up time)
    from awards_app.pdf.ceremony import ceremony_pdf

    target.write_bytes(ceremony_pdf(title, sections, progress=progress, cancelled=cancelled))


def check_suffix(output: Output, path: Path) -> str:
    """The suffix ``path`` asks for, or ValidationError naming the ones this output has."""
    suffix = path.suffix.lower()
    allowed = SUFFIXES[output]
    if suffix in allowed:
        return suffix
    endings = [s for s in allowed if s]
    folder = " or a folder" if "" in allowed else ""
    raise ValidationError.single(
        "file", f"choose a file name ending in {', '.join(endings)}{folder} for "
                f"{output.label}")


def sections_for(output: Output, ceremony: Ceremony) -> tuple[Section, ...]:
    if output is Output.PACK:
        return documents.pack_sections(ceremony)
    if output is Output.SCRIPT:
        return (documents.script_section(ceremony),)
    if output is Output.PHOTOGRAPHER:
        return (documents.photographer_section(ceremony),)
    if output is Output.PRESS:
        return (documents.press_section(ceremony),)
    return tuple(documents.sponsor_section(ceremony, s)
                 for s in documents.sponsor_sheets(ceremony))


def write_output(output: Output, path: Path, ceremony: Ceremony, *,
                 progress: Progress | None = None,
                 cancelled: IsCancelled | None = None) -> list[Path]:
    """Write ``output`` to ``path`` (its suffix chooses the format; the sponsors' sheets go
    into one PDF, or one PDF per sponsor when ``path`` is a folder). Returns the files
    written."""
    suffix = check_suffix(output, path)
    if not ceremony.categories:
        raise ValidationError.single(
            "results", "no category's results are confirmed yet: confirm them on the "
                       f"Results page, then make {output.label}")
    sections = sections_for(output, ceremony)
    title = f"{output.label[0].upper()}{output.label[1:]} — {ceremony.title}"
    if output is Output.SPONSORS and suffix == "":
        return _sponsor_files(path, ceremony, sections, progress, cancelled)
    if suffix == ".txt":
        write_whole(path, lambda target: _write_text(target, sections))
    elif suffix == ".docx":
        write_whole(path, lambda target: _write_docx(target, sections))
    else:
        write_whole(path, lambda target: _pdf(target, title, sections, progress, cancelled))
    if progress is not None:
        progress(1, 1)
    return [path]


def sponsor_file_names(ceremony: Ceremony) -> list[str]:
    """One safe file name per sponsor's sheet, in sheet order."""
    sheets = documents.sponsor_sheets(ceremony)
    return [f"{names.slug(s.sponsor) or f'sponsor-{i}'}.pdf"
            for i, s in enumerate(sheets, start=1)]


def _sponsor_files(folder: Path, ceremony: Ceremony, sections: Sequence[Section],
                   progress: Progress | None, cancelled: IsCancelled | None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    used: set[str] = set()
    for number, (name, section) in enumerate(zip(sponsor_file_names(ceremony), sections,
                                                 strict=True)):
        if cancelled is not None and cancelled():
            raise Cancelled()
        stem, n = name[:-4], 1
        while name in used:
            n += 1
            name = f"{stem}-{n}.pdf"
        used.add(name)
        target = folder / name
        write_whole(target, partial(_pdf, title=section.title, sections=[section],
                                 progress=None, cancelled=cancelled))
        files.append(target)
        if progress is not None:
            progress(number + 1, len(sections))
    return files


def pack_summary(ceremony: Ceremony) -> str:
    """"9 categories, 15 young people" for a status line; with the categories left out."""
    count, people = len(ceremony.categories), len(ceremony.placed)
    text = (f"{count} categor{'ies' if count != 1 else 'y'}, "
            f"{people} young {'people' if people != 1 else 'person'}")
    if ceremony.not_confirmed:
        text += f"; not confirmed yet, so left out: {names.and_list(ceremony.not_confirmed)}"
    return text
