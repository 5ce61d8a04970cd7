"""``awards import nominations FILE --mapping NAME-or-FILE.json`` and ``awards mappings …``:
a form's export imported through a mapping file and a saved mapping, a growing file imported
again, and a bad mapping file refused with the key named."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import dbtools
from tests.services.transfer.test_mapping import EXPECTED, FORM, form_rows


@pytest.fixture
def event(cli: Callable[..., Any]) -> None:
    assert cli("init", "--event", "Test Awards", "--year", "2027", "--ceremony-date",
               "2027-03-19").code == 0


def count(db_url: str) -> int:
    return dbtools.count(db_url, "nomination")


def write_form(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(form_rows()[0])
        writer.writerows(rows)
    return path


def test_propose_then_import_through_the_mapping_file_and_again_when_the_file_grew(
        event: None, cli: Callable[..., Any], db_url: str, tmp_path: Path) -> None:
    _header, rows = form_rows()
    mapping_file = tmp_path / "form.json"
    proposed = cli("mappings", "propose", "nominations", str(FORM), "--out", str(mapping_file))
    assert proposed.code == 0, proposed.err
    assert "Ignored: 'Start time', 'Completion time'." in proposed.out
    data = json.loads(mapping_file.read_text(encoding="utf-8"))
    assert data["columns"] == EXPECTED
    assert data["values"]["category"]["Education Star award"] == "Education Star"
    assert data["values"]["consent_public"]["Yes, they agreed"] == "yes"

    responses = write_form(tmp_path / "responses.csv", rows[:3])
    refused = cli("import", "nominations", str(responses))
    assert refused.code == 2 and "unknown column 'Which award are you nominating for?'" in (
        refused.err)
    assert "responses.csv: if the columns are a form's own, 'awards mappings " \
        "propose nominations FILE --out mapping.json' proposes a mapping" in refused.err
    first = cli("import", "nominations", str(responses), "--mapping", str(mapping_file))
    assert first.code == 0, first.err
    assert first.out.startswith("Imported 3 rows (3 nominations, 3 new nominees, 2 new workers)")

    write_form(responses, rows)
    checked = cli("import", "nominations", str(responses), "--mapping", str(mapping_file),
                  "--dry-run")
    assert checked.out.startswith("2 new, 3 already imported: 2 rows ready to import")
    second = cli("import", "nominations", str(responses), "--mapping", str(mapping_file))
    assert second.code == 0, second.err
    assert second.out.startswith("2 new, 3 already imported: imported 2 rows")
    assert count(db_url) == 5


def test_saved_mappings_are_listed_shown_exported_used_and_deleted(
        event: None, cli: Callable[..., Any], db_url: str, tmp_path: Path) -> None:
    assert cli("mappings", "list").out.startswith("No mappings are saved yet.")
    saved = cli("mappings", "propose", "nominations", str(FORM), "--save", "Council form")
    assert saved.code == 0 and "Saved the mapping as 'Council form'." in saved.out
    listed = cli("mappings", "list")
    assert listed.out.startswith("Council form\tnominations\t17 columns\tsaved ")
    shown = json.loads(cli("mappings", "show", "council form").out)
    assert shown["name"] == "Council form" and shown["columns"] == EXPECTED

    out = tmp_path / "exported.json"
    assert cli("mappings", "export", "Council form", "--out", str(out)).code == 0
    assert cli("mappings", "import", str(out), "--name", "Copy").code == 0
    assert json.loads(cli("mappings", "show", "Copy").out)["columns"] == EXPECTED
    # the same headers proposed again: the saved mapping is found
    again = cli("mappings", "propose", "nominations", str(FORM))
    assert "This is the mapping saved as " in again.out

    hinted = cli("import", "nominations", str(FORM), "--dry-run")  # the latest one saved
    assert hinted.code == 2 and ("ms_forms_nominations.csv: the mapping saved as 'Copy' fits these columns: "
                                 "run again with --mapping \"Copy\"") in hinted.err
    used = cli("import", "nominations", str(FORM), "--mapping", "Council form")
    assert used.code == 0, used.err
    assert count(db_url) == 5
    wrong_kind = cli("import", "sponsors", str(FORM), "--mapping", "Council form")
    assert wrong_kind.code == 2
    assert "'Council form' maps nominations files, not sponsors" in wrong_kind.err
    assert cli("mappings", "delete", "Council form").code == 0
    gone = cli("import", "nominations", str(FORM), "--mapping", "Council form")
    assert gone.code == 2 and "No mapping is saved as 'Council form'" in gone.err


def test_a_bad_mapping_file_is_refused_naming_the_key(
        event: None, cli: Callable[..., Any], db_url: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"columns": {**EXPECTED, "Email": "e-mail address"},
                               "ignore_unmapped": "sometimes"}), encoding="utf-8")
    result = cli("import", "nominations", str(FORM), "--mapping", str(bad))
    assert result.code == 2
    assert "bad.json: columns.Email: 'e-mail address' is not a field of nominations" in (
        result.err)
    assert "bad.json: Ignore unmapped: must be true or false" in result.err
    assert "Traceback" not in result.err and "nothing was stored" in result.err
    missing = cli("import", "nominations", str(FORM), "--mapping", str(tmp_path / "no.json"))
    assert missing.code == 2 and "does not exist" in missing.err
    assert count(db_url) == 0
