"""The key test of the ceremony pack: young people with every combination of consent answers
(54) placed in categories, and every output read back line by line — the script (plain text,
Word, PDF), the photographer's list, the press list, every sponsor's sheet and the whole pack:
the right name form on each young person's line, no surname (private marker) without a yes to
being named publicly, nobody on the photographer's or press list who should not be, and the
consent rule stated at the top."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdfium2
import pytest

from awards_app.core import ceremony_names as rules
from awards_app.db.engine import Database
from awards_app.services import ceremony as cer
from tests.pdftools import normalise
from tests.services.ceremony.combos import HIDDEN, MARKER, Built, Person, build, entries, words


@pytest.fixture
def built(db: Database) -> Built:
    return build(db)


@pytest.fixture
def pack(db: Database, built: Built) -> cer.Ceremony:
    with db.read_session() as s:
        return cer.ceremony(s, built.event_id)


def pdf_pages(path: Path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    try:
        return [normalise_lines(page.get_textpage().get_text_range()) for page in pdf]
    finally:
        pdf.close()


def normalise_lines(text: str) -> str:
    return "\n".join(normalise(line) for line in text.replace("\r", "").split("\n"))


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def write(output: cer.Output, path: Path, pack: cer.Ceremony) -> str:
    """The output written to ``path``, read back as text (a PDF's pages joined)."""
    cer.write_output(output, path, pack)
    if path.suffix == ".pdf":
        return "\n".join(pdf_pages(path))
    if path.suffix == ".docx":
        return docx_text(path)
    return path.read_text(encoding="utf-8-sig")


def assert_private(text: str, people: list[Person], *, listed: set[str] | None = None) -> None:
    """No marker of a surname without consent, no name of someone not to be published, and
    (for a list) nobody's name or seat unless ``listed`` holds their code."""
    found = words(text)
    assert HIDDEN.casefold() not in found, "an unconfirmed category's young person appears"
    for p in people:
        if not p.full:
            assert p.surname.casefold() not in found, f"{p.code}: surname without consent"
        if p.do_not_publish:
            assert p.preferred.casefold() not in found, f"{p.code}: named, not to be published"
        if listed is not None and p.code not in listed:
            assert p.preferred.casefold() not in found, f"{p.code}: listed, should not be"
            assert f"table {p.code}" not in text.casefold()
    full_markers = {p.surname.casefold() for p in people if p.full}
    assert {w for w in found if MARKER in w} <= full_markers | (
        {p.surname.casefold() for p in people if p.full})


def assert_rule_on_top(text: str, rule: str) -> None:
    """The rule, whole, before any young person's line."""
    flat = normalise(text)
    at = flat.find(normalise(rule))
    assert at >= 0, "the consent rule is not stated"
    first_entry = min((flat.find(m) for m in ("Winner:", "Runner-up:", "Highly commended:")
                       if m in flat), default=len(flat))
    assert at < first_entry


@pytest.mark.parametrize("suffix", [".txt", ".docx", ".pdf"])
def test_script_names_every_young_person_as_consented(tmp_path: Path, built: Built,
                                                      pack: cer.Ceremony, suffix: str) -> None:
    text = write(cer.Output.SCRIPT, tmp_path / f"script{suffix}", pack)
    assert_rule_on_top(text, rules.NAMING_RULE)
    found = entries(text)
    assert set(found) == {p.code for p in built.people}  # everyone placed, nobody else
    for p in built.people:
        assert found[p.code] == p.entry, p
    lines = text.splitlines()
    for p in built.people:
        pron = [line.strip() for line in lines if line.strip().startswith(f"Say it: say {p.preferred}")]
        if p.do_not_publish or not p.pronounce:
            assert pron == []
        else:
            assert pron == [f"Say it: say {p.name}"], p
    assert_private(text, built.people)
    assert built.unconfirmed in normalise(text)  # named as not confirmed, left out


def test_script_reads_categories_in_running_order_with_sponsors(built: Built,
                                                                pack: cer.Ceremony) -> None:
    text = cer.section_text(cer.script_section(pack))
    headings = [line for line in text.splitlines() if line[:2].rstrip(".").isdigit()
                and ". " in line]
    assert headings == [f"{i}. {name}" for i, name in enumerate(built.categories, start=1)]
    assert "Sponsored by Alpha Trust and Beta Bakery" in text  # the shared category
    assert text.count("Presenter: not chosen yet") == len(built.categories)


@pytest.mark.parametrize("suffix", [".pdf"])
def test_photographers_list_holds_only_those_who_said_yes(tmp_path: Path, built: Built,
                                                          pack: cer.Ceremony,
                                                          suffix: str) -> None:
    text = write(cer.Output.PHOTOGRAPHER, tmp_path / f"photos{suffix}", pack)
    assert_rule_on_top(text, rules.PHOTO_RULE)
    yes = {p.code for p in built.people if p.photographable}
    assert 0 < len(yes) < len(built.people)
    assert_private(text, built.people, listed=yes)
    lines = [line.strip() for line in text.splitlines()]
    for p in built.people:
        if p.photographable:
            at = lines.index(p.name)
            assert lines[at + 2] == f"Seat: Table {p.code}"
            assert f"{p.entry.split(':')[0]}: photograph {p.name}" in lines
    assert lines.count("Winner: no photographs") + lines.count("Runner-up: no photographs") \
        + lines.count("Highly commended: no photographs") == len(built.people) - len(yes)
    assert f"{len(yes)} of {len(built.people)} young people presented may be photographed." \
        in lines
    # nothing in the list says why someone is not on it
    assert "refused" not in text.casefold() and "said no" not in text.casefold()


def test_press_list_releases_consenting_winners_with_approved_wording(
        tmp_path: Path, built: Built, pack: cer.Ceremony) -> None:
    text = write(cer.Output.PRESS, tmp_path / "press.pdf", pack)
    assert_rule_on_top(text, rules.PRESS_RULE)
    released = {p.code for p in built.people if p.released}
    waiting = [p for p in built.people if p.waiting]
    assert released and waiting
    assert_private(text, built.people, listed=released)
    lines = [line.strip() for line in text.splitlines()]
    for p in built.people:
        if p.released:
            assert p.name in lines
            assert f"Press{p.code}: {p.preferred} {p.surname} won." in lines
        else:
            assert f"press{p.code}" not in text.casefold()
    count = f"{len(waiting)} winner is" if len(waiting) == 1 else f"{len(waiting)} winners are"
    assert f"{count} waiting for approved wording and not released yet." in lines
    found = cer.press_list(pack)
    assert [r[1].ref for r in found.released] and found.waiting == len(waiting)


def test_each_sponsors_sheet_holds_their_categories_as_consented(
        tmp_path: Path, built: Built, pack: cer.Ceremony) -> None:
    files = cer.write_output(cer.Output.SPONSORS, tmp_path / "sheets", pack)
    assert [f.name for f in files] == ["alpha-trust.pdf", "beta-bakery.pdf"]
    for path, (sponsor, theirs) in zip(files, sorted(built.sponsors.items()), strict=True):
        text = "\n".join(pdf_pages(path))
        assert any(line.startswith(f"{sponsor} — results for public use")
                   for line in text.splitlines()[:2])
        assert_rule_on_top(text, rules.SPONSOR_RULE)
        mine = {p.code for p in built.people if p.category in theirs}
        assert_private(text, built.people, listed=mine)
        lines = [line.strip() for line in text.splitlines()]
        for p in built.people:
            if p.code in mine and not p.do_not_publish:
                assert p.entry in lines, p
            if p.code in mine and p.released:
                assert f"Press{p.code}: {p.preferred} {p.surname} won." in lines
            if not p.released:
                assert f"press{p.code}" not in text.casefold()
        anonymous = sum(1 for p in built.people if p.code in mine and p.do_not_publish)
        assert sum(1 for line in lines if line.endswith(rules.NOT_PUBLISHED_NAME)) == anonymous
        if built.unconfirmed in theirs:
            assert f"Not confirmed yet: {built.unconfirmed}." in normalise(text)
        # citations are for the ceremony, not for the sponsor's publicity
        assert "deed" not in text.casefold()


def test_the_whole_pack_states_each_rule_on_its_own_pages(tmp_path: Path, built: Built,
                                                          pack: cer.Ceremony) -> None:
    path = tmp_path / "pack.pdf"
    cer.write_output(cer.Output.PACK, path, pack)
    pages = pdf_pages(path)
    footer = "The ceremony pack — "
    titles = [next(line for line in p.splitlines() if not line.startswith(footer))
              for p in pages]
    starts = {title.split(" — ")[0]: i for i, title in reversed(list(enumerate(titles)))}
    for part, rule in (("Ceremony script", rules.NAMING_RULE),
                       ("Photographer's list", rules.PHOTO_RULE),
                       ("Press list", rules.PRESS_RULE),
                       ("Alpha Trust", rules.SPONSOR_RULE),
                       ("Beta Bakery", rules.SPONSOR_RULE)):
        assert part in starts, part
        assert normalise(rule) in normalise(pages[starts[part]]), part
    text = "\n".join(pages)
    assert_private(text, built.people)
    found = entries(text)  # the script's entries: the only lines followed by a citation
    for p in built.people:
        assert found[p.code] == p.entry


def test_citations_keep_only_what_was_consented(built: Built, pack: cer.Ceremony) -> None:
    placed = {p.ref: p for p in pack.placed}
    assert len(placed) == len(built.people)
    by_token = {next(w for w in p.citation.split() if w.startswith("Deed"))[4:7]: p
                for p in pack.placed}
    for person in built.people:
        shown = by_token[person.code]
        if person.do_not_publish:
            assert shown.citation == (f"This young person showed the way with "
                                      f"Deed{person.code}, and this young person kept going.")
        elif person.full:
            assert shown.citation.startswith(f"{person.preferred} {person.surname} showed")
            assert not shown.citation_edited
        else:
            assert shown.citation == (f"{person.preferred} showed the way with "
                                      f"Deed{person.code}, and {person.preferred} kept going.")
            assert shown.citation_edited


def test_marker_strings_never_leave_with_someone_who_did_not_consent(
        tmp_path: Path, built: Built, pack: cer.Ceremony) -> None:
    """Every file every output writes, in every format: no surname marker of anyone without
    a yes to being named publicly (or with "do not publish")."""
    private = {p.surname.casefold() for p in built.people if not p.full} | {"zqxhiddenmark"}
    texts = []
    for output in cer.Output:
        for suffix in cer.SUFFIXES[output]:
            path = tmp_path / f"{output.value}{suffix or '-folder'}"
            files = cer.write_output(output, path, pack)
            for file in files:
                if file.suffix == ".pdf":
                    texts.append("\n".join(pdf_pages(file)))
                elif file.suffix == ".docx":
                    texts.append(docx_text(file))
                else:
                    texts.append(file.read_text(encoding="utf-8-sig"))
                raw = file.read_bytes()
                assert b"hiddenmark" not in raw.lower()
    assert len(texts) >= 9
    for text in texts:
        assert not words(text) & private
