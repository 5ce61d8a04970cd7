"""``awards ceremony pack|script|photographer|press|sponsors --out PATH``: the same outputs as
the service (every name as consented, the rule on top), what was left out said in words, a
plain refusal for a wrong kind of file or when nothing is confirmed, files private."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import docx
import pytest

from awards_app.core import ceremony_names as rules
from awards_app.db.engine import Database
from awards_app.db.models import Category
from tests.services.ceremony.combos import Built, build, entries
from tests.services.ceremony.test_consent_combinations import assert_private, pdf_pages


@pytest.fixture
def built(db: Database) -> Built:
    return build(db)


def test_script_as_word_names_everyone_as_consented(cli: Any, built: Built,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "script.docx"
    done = cli("ceremony", "script", "--out", str(out))
    assert done.code == 0, done.err
    assert done.out.strip() == (
        f"Wrote the ceremony script (9 categories, 54 young people; not confirmed yet, so "
        f"left out: {built.unconfirmed}) to {out}.")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert text.splitlines()[0].startswith("Ceremony script — Consent Awards 2027")
    assert rules.NAMING_RULE in text.splitlines()[2]
    found = entries(text)
    assert {code: found[code] for code in found} == {p.code: p.entry for p in built.people}
    assert_private(text, built.people)
    if os.name == "posix":
        assert stat.S_IMODE(out.stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize(("output", "name", "rule"), [
    ("pack", "pack.pdf", rules.NAMING_RULE), ("photographer", "photos.pdf", rules.PHOTO_RULE),
    ("press", "press.pdf", rules.PRESS_RULE), ("sponsors", "sponsors.pdf", rules.SPONSOR_RULE),
    ("script", "script.txt", rules.NAMING_RULE)])
def test_every_output_from_the_command_line(cli: Any, built: Built, tmp_path: Path,
                                            output: str, name: str, rule: str) -> None:
    out = tmp_path / name
    done = cli("ceremony", output, "--out", str(out))
    assert done.code == 0, done.err
    text = ("\n".join(pdf_pages(out)) if out.suffix == ".pdf"
            else out.read_text(encoding="utf-8-sig"))
    assert " ".join(rule.split()) in " ".join(text.split())
    assert_private(text, built.people)


def test_sponsors_into_a_folder_one_file_each(cli: Any, built: Built, tmp_path: Path) -> None:
    done = cli("ceremony", "sponsors", "--out", str(tmp_path / "sheets"))
    assert done.code == 0, done.err
    assert sorted(p.name for p in (tmp_path / "sheets").iterdir()) == [
        "alpha-trust.pdf", "beta-bakery.pdf"]
    assert "(2 files)" in done.out


def test_wrong_kind_of_file_is_refused_in_words(cli: Any, built: Built,
                                                tmp_path: Path) -> None:
    done = cli("ceremony", "press", "--out", str(tmp_path / "press.docx"))
    assert done.code == 2
    assert "choose a file name ending in .pdf for the press list" in done.err
    assert "Traceback" not in done.err and not (tmp_path / "press.docx").exists()


def test_nothing_confirmed_is_refused_and_nothing_written(cli: Any, db: Database, built: Built,
                                                          tmp_path: Path) -> None:
    with db.session() as s:
        for category in s.query(Category).all():
            category.results_confirmed_at = None
    done = cli("ceremony", "pack", "--out", str(tmp_path / "pack.pdf"))
    assert done.code == 2
    assert "no category's results are confirmed yet" in done.err
    assert not (tmp_path / "pack.pdf").exists()
