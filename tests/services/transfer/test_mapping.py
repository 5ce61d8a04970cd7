"""Someone else's columns (a Microsoft Forms export) mapped onto a nominations import: the
proposal from the headers, the answers' values, a saved mapping proposed again, a growing
file imported again (only its new rows), mapping files and their problems."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from awards_app.core.errors import NotFoundError, ValidationError
from awards_app.db.engine import Database
from awards_app.db.models import Nomination, Nominee
from awards_app.services.transfer import importers, saved_mappings
from awards_app.services.transfer.mapped_reading import distinct_values, headers_of
from awards_app.services.transfer.mapping import (
    ColumnMapping,
    from_json,
    normalise_header,
    propose,
    propose_values,
    to_json,
    yes_no,
)

FORM = Path(__file__).parent / "data" / "ms_forms_nominations.csv"
EXPECTED = {
    "ID": "source_id",
    "Start time": None,
    "Completion time": None,
    "Email": "nominator_email",
    "Name": "nominator_name",
    "Which award are you nominating for?": "category",
    "Young person's first name": "nominee_first_name",
    "Young person’s Surname": "nominee_last_name",
    "Young person's date of birth": "nominee_date_of_birth",
    "Your team": "nominator_team",
    "Tell us about their success": "success",
    "What obstacles have they overcome?": "obstacles",
    "In their own words": "nominee_voice",
    "Does the young person know they have been nominated?": "nominee_aware",
    "Can we print their name on the certificate?": "consent_certificate_name",
    "Can we share their story publicly?": "consent_public",
    "Can we use their photo?": "consent_photo",
}
CATEGORY_NAMES = ["Education Star", "Sports Hero", "Independence Star", "Life Changer",
                  "Community Champion"]


def form_rows() -> tuple[list[str], list[list[str]]]:
    with FORM.open(encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    return header, rows


def write_form(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header or form_rows()[0])
        writer.writerows(rows)
    return path


def full_mapping(db: Database, event_id: int, path: Path) -> ColumnMapping:
    """The proposal for ``path`` with its values proposed too, as the window makes it."""
    headers = headers_of(path)
    mapping = propose("nominations", headers)
    with db.read_session() as s:
        from awards_app.services.catalogue import categories

        names = [c.name for c in categories.list_categories(s, event_id)]
    values = propose_values(mapping, distinct_values(path, headers), categories=names)
    return ColumnMapping("nominations", mapping.columns, values)


def import_with(db: Database, event_id: int, path: Path, mapping: ColumnMapping) -> Any:
    with db.read_session() as s:
        plan = importers.prepare(s, "nominations", event_id=event_id, path=path,
                                 mapping=mapping)
    with db.session() as s:
        return importers.store(s, plan)


def count(db: Database, model: Any) -> int:
    with db.read_session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


# --- proposing ---------------------------------------------------------------------------


def test_microsoft_forms_headers_are_proposed_onto_the_right_fields() -> None:
    header, _rows = form_rows()
    assert propose("nominations", header).columns == EXPECTED


def test_a_full_name_column_is_split_and_unknown_questions_are_ignored() -> None:
    mapping = propose("nominations", ["Timestamp", "Young person's name", "Your e-mail",
                                      "Favourite colour?"])
    assert mapping.columns == {"Timestamp": None, "Young person's name": "nominee_full_name",
                               "Your e-mail": "nominator_email", "Favourite colour?": None}
    # a first-name column rules out the full name, and the other way round
    both = propose("nominations", ["First name", "Young person's full name", "Surname"])
    assert both.columns["Young person's full name"] is None
    assert both.columns["First name"] == "nominee_first_name"


def test_answers_are_proposed_onto_categories_and_yes_no(tmp_path: Path) -> None:
    header, rows = form_rows()
    mapping = propose("nominations", header)
    values = propose_values(mapping, distinct_values(FORM, header), categories=CATEGORY_NAMES)
    assert values["category"] == {"Education Star award": "Education Star",
                                  "Sports Hero": "Sports Hero",
                                  "Community Champion award": "Community Champion",
                                  "Life Changer": "Life Changer"}
    assert values["consent_certificate_name"] == {"Yes, they agreed": "yes",
                                                  "No - not yet": "no"}
    assert values["consent_photo"] == {"Yes": "yes", "Not sure": "", "No": "no"}
    assert values["nominee_aware"] == {"Yes, they know": "yes", "No": "no"}


@pytest.mark.parametrize(("answer", "value"), [
    ("Yes, they agreed", "yes"), ("yes", "yes"), ("Y", "yes"), ("Absolutely!", "yes"),
    ("No - not yet", "no"), ("Not yet", "no"), ("n", "no"), ("Not sure", ""),
    ("Don't know", ""), ("", ""), ("Maybe later", "")])
def test_yes_no_answers(answer: str, value: str) -> None:
    assert yes_no(answer) == value


_SEPARATORS = st.text(alphabet=" \t_-.,?!'’:;()/\"", max_size=3)


@settings(max_examples=200, deadline=None)
@given(words=st.lists(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789éü", min_size=1,
                              max_size=8), min_size=1, max_size=6),
       gaps=st.lists(_SEPARATORS, min_size=7, max_size=7),
       upper=st.lists(st.booleans(), min_size=60, max_size=60))
def test_header_normalisation_ignores_case_spacing_and_punctuation(
        words: list[str], gaps: list[str], upper: list[bool]) -> None:
    plain = " ".join(words)
    letters = iter(upper)
    changed = "".join(gaps[i] + "".join(ch.upper() if next(letters, False) else ch for ch in w)
                      for i, w in enumerate(words)) + gaps[-1]
    assert normalise_header(changed) == normalise_header(plain)
    assert normalise_header(plain) == "".join(words).replace("é", "e").replace("ü", "u")
    # a different word is a different header
    assert normalise_header(plain + " x") != normalise_header(plain)


# --- importing through a mapping ---------------------------------------------------------


def test_form_export_imports_through_the_proposed_mapping(
        db: Database, event_id: int) -> None:
    # Without a mapping the file is refused on its headers (the 16 header problems).
    with pytest.raises(ValidationError) as refused, db.read_session() as s:
        importers.check(s, "nominations", event_id=event_id, path=FORM)
    assert all(e.field == "header" for e in refused.value.errors)
    assert len(refused.value.errors) >= 16

    result = import_with(db, event_id, FORM, full_mapping(db, event_id, FORM))
    assert (result.rows, result.already) == (5, 0)
    with db.read_session() as s:
        stored = s.execute(select(Nomination.source_id, Nominee.first_name, Nominee.last_name)
                           .join(Nominee).order_by(Nomination.number)).all()
        consents = s.execute(select(Nominee.first_name, Nominee.consent_photo)
                             .order_by(Nominee.id)).all()
    assert stored == [("1", "Amara", "Mensah"), ("2", "Tiago", "Ferreira"),
                      ("3", "Zoë", "Nowak"), ("4", "Kwame", "Osei"), ("5", "Leila", "Haddad")]
    assert [(n, str(c)) for n, c in consents] == [
        ("Amara", "yes"), ("Tiago", "not_asked"), ("Zoë", "no"), ("Kwame", "yes"),
        ("Leila", "yes")]


def test_the_same_form_as_xlsx_imports_too(db: Database, event_id: int, tmp_path: Path) -> None:
    header, rows = form_rows()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(header)
    for row in rows:
        sheet.append([int(row[0]), *row[1:]])  # Forms writes the ID as a number
    path = tmp_path / "form.xlsx"
    book.save(path)
    result = import_with(db, event_id, path, full_mapping(db, event_id, path))
    assert result.rows == 5
    with db.read_session() as s:
        assert sorted(s.scalars(select(Nomination.source_id))) == ["1", "2", "3", "4", "5"]


def test_growing_file_imports_only_its_new_rows(db: Database, event_id: int,
                                                tmp_path: Path) -> None:
    header, rows = form_rows()
    path = write_form(tmp_path / "responses.csv", rows[:3])
    mapping = full_mapping(db, event_id, FORM)
    first = import_with(db, event_id, path, mapping)
    assert (first.rows, first.already) == (3, 0)

    write_form(path, rows)  # two more responses came in
    with db.read_session() as s:
        checked = importers.check(s, "nominations", event_id=event_id, path=path,
                                  mapping=mapping)
    assert (checked.rows, checked.already) == (2, 3)
    assert checked.describe_check().startswith("2 new, 3 already imported: ")
    second = import_with(db, event_id, path, mapping)
    assert second.describe().startswith("2 new, 3 already imported: imported 2 rows")
    assert count(db, Nomination) == 5 and count(db, Nominee) == 5

    third = import_with(db, event_id, path, mapping)  # nothing new: nothing stored
    assert (third.rows, third.already) == (0, 5)
    assert third.describe().startswith("Nothing new: all 5 rows were already imported")
    assert count(db, Nomination) == 5


def test_growing_file_without_ids_is_recognised_by_young_person_and_category(
        db: Database, event_id: int, tmp_path: Path) -> None:
    header, rows = form_rows()
    mapping = full_mapping(db, event_id, FORM)
    no_ids = ColumnMapping("nominations", {**mapping.columns, "ID": None}, mapping.values)
    path = write_form(tmp_path / "responses.csv", rows[:3])
    assert import_with(db, event_id, path, no_ids).rows == 3
    write_form(path, rows)
    again = import_with(db, event_id, path, no_ids)
    assert (again.rows, again.already) == (2, 3)
    assert count(db, Nomination) == 5
    with db.read_session() as s:
        assert set(s.scalars(select(Nomination.source_id))) == {""}


def test_a_new_response_for_someone_already_nominated_from_another_row_is_a_problem(
        db: Database, event_id: int, tmp_path: Path) -> None:
    header, rows = form_rows()
    mapping = full_mapping(db, event_id, FORM)
    path = write_form(tmp_path / "responses.csv", rows[:1])
    import_with(db, event_id, path, mapping)
    write_form(path, [rows[0], ["9", *rows[0][1:]]])  # the same young person, a new response
    with pytest.raises(ValidationError) as refused:
        import_with(db, event_id, path, mapping)
    assert [(e.row, e.field) for e in refused.value.errors] == [(3, "nominee_first_name")]
    assert "already nominated" in refused.value.errors[0].message


def test_combining_columns_and_ignoring_unmapped_ones(db: Database, event_id: int,
                                                      tmp_path: Path) -> None:
    header, rows = form_rows()
    # The nominator's name in two columns, combined; every other extra column ignored.
    columns = {h: t for h, t in EXPECTED.items() if t not in (None, "nominator_name")}
    columns |= {"First": "nominator_name", "Last": "nominator_name"}
    path = write_form(tmp_path / "split.csv",
                      [[*r, "Jo", "Smith"] for r in rows[:2]], [*header, "First", "Last"])
    values = full_mapping(db, event_id, FORM).values
    strict = ColumnMapping("nominations", columns, values)
    with pytest.raises(ValidationError) as refused:
        import_with(db, event_id, path, strict)
    assert {e.message for e in refused.value.errors} >= {
        "column 2 'Start time' is not in the mapping: map it to a field or ignore it",
        "column 5 'Name' is not in the mapping: map it to a field or ignore it"}
    relaxed = ColumnMapping("nominations", columns, values, ignore_unmapped=True)
    assert import_with(db, event_id, path, relaxed).rows == 2
    from awards_app.db.models import Worker

    with db.read_session() as s:
        assert set(s.scalars(select(Worker.name))) == {"Jo Smith"}


def test_a_required_field_left_unmapped_is_named(db: Database, event_id: int) -> None:
    columns = {**EXPECTED, "Tell us about their success": None}
    with pytest.raises(ValidationError) as refused, db.read_session() as s:
        importers.check(s, "nominations", event_id=event_id, path=FORM,
                        mapping=ColumnMapping("nominations", columns))
    assert [str(e) for e in refused.value.errors] == [
        "Row 1, 'header': no column is mapped to Their success (success); map one in the "
        "mapping"]


def test_unmapped_answers_are_listed_as_problems_before_anything_is_stored(
        db: Database, event_id: int) -> None:
    plain = ColumnMapping("nominations", EXPECTED)  # no value mapping at all
    with pytest.raises(ValidationError) as refused, db.read_session() as s:
        importers.check(s, "nominations", event_id=event_id, path=FORM, mapping=plain)
    messages = [str(e) for e in refused.value.errors]
    assert any("'Education Star award' is not a category" in m for m in messages)
    assert any("'Yes, they agreed' is not yes or no" in m for m in messages)
    assert count(db, Nomination) == 0


# --- saved mappings and mapping files ----------------------------------------------------


def test_a_saved_mapping_is_proposed_again_for_the_same_headers(
        db: Database, event_id: int, tmp_path: Path) -> None:
    header, rows = form_rows()
    mapping = full_mapping(db, event_id, FORM)
    with db.session() as s:
        saved_mappings.save_mapping(s, "Council nomination form", mapping, headers=header)
    # next month's export: the same questions, written a little differently, in another order
    other = [h.upper().replace("?", "") for h in reversed(header)]
    with db.read_session() as s:
        found = saved_mappings.mapping_for_headers(s, "nominations", other)
        assert saved_mappings.mapping_for_headers(s, "sponsors", header) is None
        assert saved_mappings.mapping_for_headers(s, "nominations", [*header, "New Q"]) is None
        listed = saved_mappings.list_mappings(s)
    assert found is not None and found.name == "Council nomination form"
    assert found.columns == mapping.columns and found.values == mapping.values
    assert [(m.name, m.kind, m.columns) for m in listed] == [
        ("Council nomination form", "nominations", len(header))]
    with db.session() as s:
        saved_mappings.delete_mapping(s, "council NOMINATION form")
    with pytest.raises(NotFoundError), db.read_session() as s:
        saved_mappings.get_mapping(s, "Council nomination form")


def test_a_mapping_file_round_trips_and_bad_ones_name_the_key() -> None:
    mapping = ColumnMapping("nominations", {"ID": "source_id", "Start time": None},
                            {"category": {"Education Star award": "Education Star"}},
                            ignore_unmapped=True)
    assert from_json(to_json(mapping), kind="nominations") == mapping

    def problems(data: object) -> list[str]:
        with pytest.raises(ValidationError) as caught:
            from_json(json.dumps(data), kind="nominations", source="form.json")
        return caught.value.lines()

    assert problems({"columns": {"Email": "emial"}}) == [
        "form.json: columns.Email: 'emial' is not a field of nominations (choose from: "
        + ", ".join(mapping.fields.fields) + "; or null to ignore the column)"]
    assert problems({"colums": {"Email": "nominator_email"}}) == [
        "form.json: Colums: is not a key of a mapping file (use columns, values, "
        "ignore_unmapped, kind, name)",
        "form.json: Columns: must be an object of \"source header\": \"field\" or null, with "
        "at least one header"]
    assert problems({"columns": {"A": "success"}, "values": {"category": ["x"]},
                     "ignore_unmapped": "yes"}) == [
        "form.json: values.category: must be an object of \"source value\": \"value\" (text)",
        "form.json: Ignore unmapped: must be true or false"]
    with pytest.raises(ValidationError) as broken:
        from_json('{"columns": {', kind="nominations", source="form.json")
    assert broken.value.lines()[0].startswith("form.json: File: is not valid JSON (line 1")


def test_scores_take_a_mapping_and_the_old_call_still_works(
        db: Database, event_id: int, tmp_path: Path) -> None:
    from awards_app.services.transfer import score_import

    path = tmp_path / "scores.csv"
    path.write_text("Marker,Ref,Question,Mark\nNobody,N-0001,Impact,5\n", encoding="utf-8")
    mapping = ColumnMapping("scores", {"Marker": "judge", "Ref": "nomination_ref",
                                       "Question": "criterion", "Mark": "score"})
    for options in ({"mapping": mapping}, {}):
        with pytest.raises(ValidationError) as refused, db.read_session() as s:
            score_import.prepare(s, event_id=event_id, path=path, **options)
        fields = {e.field for e in refused.value.errors}
        # through the mapping the rows are read (and checked); without it the headers fail
        assert ("header" in fields) == (not options)


def test_source_ids_travel_in_the_event_file(db: Database, event_id: int, tmp_path: Path
                                             ) -> None:
    from awards_app.db.engine import open_database
    from awards_app.services.transfer.event_json import reader as event_import
    from awards_app.services.transfer.exports import export_event

    import_with(db, event_id, FORM, full_mapping(db, event_id, FORM))
    moved = tmp_path / "event.json"
    with db.read_session() as s:
        export_event(s, event_id=event_id, path=moved)
    document = json.loads(moved.read_text(encoding="utf-8"))
    assert [n["source_id"] for n in document["nominations"]] == ["1", "2", "3", "4", "5"]

    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.read_session() as s:
            plan = event_import.prepare(s, path=moved)
        with other.session() as s:
            new_event = event_import.store(s, plan).id
        with other.read_session() as s:
            assert sorted(s.scalars(select(Nomination.source_id))) == ["1", "2", "3", "4", "5"]
        # the export imported there again: every row is recognised by its id
        again = import_with(other, new_event, FORM, full_mapping(other, new_event, FORM))
        assert (again.rows, again.already) == (0, 5)
    finally:
        other.close()


def test_a_sponsor_sign_up_form_imports_through_its_proposed_mapping(
        db: Database, event_id: int, tmp_path: Path) -> None:
    from awards_app.db.models import Sponsor, Sponsorship

    header = ["ID", "Start time", "Organisation", "Which award would you like to sponsor?",
              "Contact person", "Contact email", "Phone number", "Judge name", "Judge email",
              "Anything else?"]
    path = tmp_path / "sponsors form.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerow(["1", "3/1/2027 9:00", "Acme Ltd", "The Sports Hero award", "Ann Lee",
                         "ann@acme.example", "0161 496 0000", "Jo Judge", "jo@acme.example", ""])
        writer.writerow(["2", "3/1/2027 9:30", "Beta Trust", "Life Changer", "", "", "", "", "",
                         "Happy to help again"])
    mapping = propose("sponsors", header)
    assert mapping.columns == {
        "ID": None, "Start time": None, "Organisation": "sponsor",
        "Which award would you like to sponsor?": "category", "Contact person": "contact_name",
        "Contact email": "contact_email", "Phone number": "contact_phone",
        "Judge name": "judge_name", "Judge email": "judge_email", "Anything else?": "notes"}
    values = propose_values(mapping, distinct_values(path, header), categories=CATEGORY_NAMES)
    assert values == {"category": {"The Sports Hero award": "Sports Hero",
                                   "Life Changer": "Life Changer"}}
    with db.session() as s:
        result = importers.run_import(s, "sponsors", event_id=event_id, path=path,
                                      mapping=ColumnMapping("sponsors", mapping.columns, values))
    assert result.details == {"new sponsors": 2, "sponsorships": 2, "new judges": 1}
    with db.read_session() as s:
        assert sorted(s.scalars(select(Sponsor.name))) == ["Acme Ltd", "Beta Trust"]
        assert s.scalar(select(func.count()).select_from(Sponsorship)) == 2
