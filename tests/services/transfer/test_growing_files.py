"""A growing file without an ID column (a team's spreadsheet that gains rows, a form export
with the ID left out) imported again: the rows imported before are recognised by young
person + category + nominator and reported as "already imported", not as problems; a row
whose words changed since is named and left as stored (not updated)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from awards_app.core.errors import ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import Nomination
from awards_app.services.nominations import records
from awards_app.services.transfer import importers
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS, ImportResult
from tests.factories import nomination_rows
from tests.services.transfer.test_import_dry_run import write_rows
from tests.services.transfer.test_import_properties import fresh_event

SETTINGS = settings(max_examples=15, deadline=None, phases=(Phase.explicit, Phase.reuse,
                                                            Phase.generate),
                    suppress_health_check=[HealthCheck.too_slow])
CHANGED_SUCCESS = ("Since the first form was sent she has also finished her driving theory test "
                   "and now mentors two younger care leavers every week at the youth club, "
                   "which nobody expected a year ago.")


def write_file(path: Path, rows: list[dict[str, str]]) -> Path:
    """``rows`` in the program's own columns, as CSV or XLSX (by ``path``'s suffix)."""
    if path.suffix == ".csv":
        return write_rows(path, rows)
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Nominations"
    columns = list(TEMPLATE_COLUMNS["nominations"])
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c, "") for c in columns])
    book.save(path)
    return path


def import_file(db: Database, event_id: int, path: Path, *, dry_run: bool = False
                ) -> ImportResult:
    with db.read_session() as s:
        if dry_run:
            return importers.check(s, "nominations", event_id=event_id, path=path)
        plan = importers.prepare(s, "nominations", event_id=event_id, path=path)
    with db.session() as s:
        return importers.store(s, plan)


def stored(db: Database) -> dict[int, str]:
    with db.read_session() as s:
        return {n: text for n, text in s.execute(select(Nomination.number, Nomination.success))}


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_grown_file_imports_only_its_new_rows_and_names_a_changed_one(
        db: Database, event_id: int, tmp_path: Path, suffix: str) -> None:
    rows = nomination_rows(5)
    path = write_file(tmp_path / f"team returns{suffix}", rows[:3])
    first = import_file(db, event_id, path)
    assert (first.rows, first.already, first.changed) == (3, 0, ())
    before = stored(db)

    grown = [dict(r) for r in rows]
    grown[1]["success"] = CHANGED_SUCCESS  # row 3 of the file, N-0002, changed since
    write_file(path, grown)
    checked = import_file(db, event_id, path, dry_run=True)
    assert (checked.rows, checked.already, checked.changed) == (2, 3, ((3, "N-0002"),))
    assert checked.describe_check().startswith("2 new, 3 already imported: 2 rows ready to "
                                               "import")
    assert ("Row 3 (N-0002) has changed since it was imported; it was not updated"
            in checked.describe_check())
    assert stored(db) == before  # the check stored nothing

    second = import_file(db, event_id, path)
    assert (second.rows, second.already, second.changed) == (2, 3, ((3, "N-0002"),))
    assert second.describe().startswith("2 new, 3 already imported: imported 2 rows")
    after = stored(db)
    assert len(after) == 5
    assert {n: after[n] for n in before} == before  # N-0002 kept its stored words

    third = import_file(db, event_id, path)
    assert (third.rows, third.already) == (0, 5)
    assert third.describe().startswith("Nothing new: all 5 rows were already imported")
    assert len(stored(db)) == 5


def test_an_unchanged_row_is_not_named_and_a_withdrawn_one_does_not_come_back(
        db: Database, event_id: int, tmp_path: Path) -> None:
    rows = nomination_rows(3)
    path = write_file(tmp_path / "returns.csv", rows)
    import_file(db, event_id, path)
    with db.session() as s:
        first = s.scalar(select(Nomination.id).where(Nomination.number == 1))
        assert first is not None
        records.withdraw_nomination(s, first, reason="The young person asked us to")
    again = import_file(db, event_id, path)
    assert (again.rows, again.already, again.changed) == (0, 3, ())
    with db.read_session() as s:
        assert s.scalar(select(func.count(Nomination.id))) == 3


def test_the_same_young_person_from_another_nominator_is_still_a_clash(
        db: Database, event_id: int, tmp_path: Path) -> None:
    rows = nomination_rows(2)
    import_file(db, event_id, write_file(tmp_path / "first.csv", rows))
    other = [dict(rows[0]), {**rows[1], "nominator_name": "Another Worker",
                             "nominator_email": "another@council.example"}]
    with pytest.raises(ValidationError) as refused:
        import_file(db, event_id, write_file(tmp_path / "second.xlsx", other))
    assert [(e.row, e.field) for e in refused.value.errors] == [(3, "nominee_first_name")]
    assert "is already nominated for" in refused.value.errors[0].message


def test_many_changed_rows_are_counted_beyond_the_first_ten() -> None:
    result = ImportResult(rows=0, created=0, details={}, already=12,
                          changed=tuple((n + 2, f"N-{n + 1:04d}") for n in range(12)))
    text = result.describe()
    assert "Rows 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 and 2 more (N-0001, " in text
    assert "N-0011" not in text
    two = ImportResult(rows=1, created=1, details={}, already=2,
                       changed=((4, "N-0002"), (6, "N-0004")))
    assert "Rows 4 and 6 (N-0002, N-0004) have changed since they were imported" in (
        two.describe())


@SETTINGS
@given(st.data())
def test_any_grown_file_imports_exactly_its_new_rows(data: st.DataObject) -> None:
    """Whichever rows were imported before, in whatever order the grown file lists them and
    whichever of them were rewritten since: the new rows are imported, the old ones are
    'already imported', and exactly the rewritten ones are named as changed."""
    rows = nomination_rows(data.draw(st.integers(2, 9), label="rows"))
    before = data.draw(st.sets(st.integers(0, len(rows) - 1)), label="imported before")
    order = data.draw(st.permutations(range(len(rows))), label="order in the grown file")
    rewritten = data.draw(st.sets(st.sampled_from(sorted(before))) if before
                          else st.just(set()), label="rewritten since")
    with fresh_event() as (folder, database, event_id):
        first = [rows[i] for i in sorted(before)]
        if first:
            import_file(database, event_id, write_file(folder / "first.csv", first))
        numbers = {i: n for n, i in enumerate(sorted(before), start=1)}  # N-0001…
        grown = [{**rows[i], "success": CHANGED_SUCCESS} if i in rewritten else rows[i]
                 for i in order]
        result = import_file(database, event_id, write_file(folder / "grown.csv", grown))
        assert (result.rows, result.already) == (len(rows) - len(before), len(before))
        assert result.changed == tuple(
            (place + 2, f"N-{numbers[i]:04d}") for place, i in enumerate(order)
            if i in rewritten)
        with database.read_session() as s:
            assert s.scalar(select(func.count(Nomination.id))) == len(rows)
