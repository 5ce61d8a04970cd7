"""``awards import nominations FILE`` with a grown file in the program's own columns (no ID
column, no mapping): what the command prints for rows imported before and for a row changed
since, for CSV and XLSX."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests import dbtools
from tests.cli.test_mapping_cli import count, event  # noqa: F401  (the fixture)
from tests.factories import nomination_rows
from tests.services.transfer.test_growing_files import CHANGED_SUCCESS, write_file


def success_of(db_url: str, number: int) -> str:
    [(success,)] = dbtools.tuples(db_url, "SELECT success FROM nomination WHERE number = :n",
                                  n=number)
    return str(success)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_grown_file_without_ids_prints_new_and_already_imported(
        event: None, cli: Callable[..., Any], db_url: str, tmp_path: Path,  # noqa: F811
        suffix: str) -> None:
    rows = nomination_rows(6)
    path = write_file(tmp_path / f"returns{suffix}", rows[:4])
    first = cli("import", "nominations", str(path))
    assert first.code == 0, first.err
    assert first.out.startswith("Imported 4 rows (4 nominations")
    kept = success_of(db_url, 4)

    rows[3] = {**rows[3], "success": CHANGED_SUCCESS}  # row 5 of the file, N-0004
    write_file(path, rows)
    checked = cli("import", "nominations", str(path), "--dry-run")
    assert checked.code == 0, checked.err
    assert checked.out.startswith("2 new, 4 already imported: 2 rows ready to import")
    assert "Row 5 (N-0004) has changed since it was imported; it was not updated" in checked.out
    assert count(db_url) == 4

    second = cli("import", "nominations", str(path))
    assert second.code == 0, second.err
    assert second.out.startswith("2 new, 4 already imported: imported 2 rows")
    assert "Row 5 (N-0004) has changed since it was imported" in second.out
    assert count(db_url) == 6
    assert success_of(db_url, 4) == kept

    third = cli("import", "nominations", str(path))
    assert third.code == 0, third.err
    assert third.out.startswith("Nothing new: all 6 rows were already imported")
    assert count(db_url) == 6
