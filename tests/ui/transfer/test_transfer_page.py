"""The Import / export page, driven through its real widgets with the file dialogs replaced."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import func, select

from awards_app.db.models import AuditEntry, Judge, Nomination, Nominee, Sponsor, Worker
from awards_app.services.transfer.imports import TEMPLATE_COLUMNS
from awards_app.ui.common.context import AppContext
from awards_app.ui.transfer.page import EXPORT_FILTERS, TransferPage, kind_label, with_suffix
from tests.factories import nomination_rows, write_nominations_csv

CLICK = Qt.MouseButton.LeftButton
COUNTED = (Nomination, Nominee, Worker, Sponsor, Judge, AuditEntry)


def make_page(qtbot, ctx: AppContext) -> TransferPage:  # type: ignore[no-untyped-def]
    page = TransferPage(ctx, None)
    qtbot.addWidget(page)
    page.resize(1100, 760)
    page.show()
    return page


def counts(ctx: AppContext) -> dict[str, int]:
    return ctx.read(lambda s: {m.__name__: s.scalar(select(func.count()).select_from(m))
                               for m in COUNTED})


def wait(qtbot, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=60_000)


def open_returns(monkeypatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *a, **k: (str(path), "Spreadsheets (*.csv *.xlsx)"))


def save_returns(monkeypatch, path: Path, selected: str) -> list[tuple[Any, ...]]:  # type: ignore[no-untyped-def]
    asked: list[tuple[Any, ...]] = []

    def answer(*args: Any, **kwargs: Any) -> tuple[str, str]:
        asked.append(args)
        return str(path), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


def choose(qtbot, page: TransferPage, monkeypatch, path: Path) -> None:  # type: ignore[no-untyped-def]
    open_returns(monkeypatch, path)
    qtbot.mouseClick(page.choose_button, CLICK)
    wait(qtbot, page.ctx)


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(TEMPLATE_COLUMNS["nominations"]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_file_with_errors_lists_every_bad_row_and_stores_nothing(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = nomination_rows(20)
    rows[3]["nominee_first_name"] = ""
    rows[7]["category"] = "Underwater Basketry"
    rows[15]["nominator_email"] = "not-an-email"
    path = write_rows(tmp_path / "team returns.csv", rows)
    before = counts(event_ctx)
    page = make_page(qtbot, event_ctx)
    assert not page.import_button.isEnabled()

    choose(qtbot, page, monkeypatch, path)

    problems = [(e.row, e.field) for e in page.tables.problems_model.visible_rows]
    assert problems == [(5, "nominee_first_name"), (9, "category"), (17, "nominator_email")]
    shown = [[page.tables.problems_model.data(page.tables.problems_model.index(r, c)) for c in range(3)]
             for r in range(3)]
    assert shown[1][:2] == ["9", "category"]
    assert "'Underwater Basketry' is not a category" in shown[1][2]
    assert page.summary.text().startswith(
        "3 problems — nothing will be stored until they are fixed")
    assert not page.import_button.isEnabled() and page.recheck_button.isEnabled()
    # Every row of the file is shown as written, numbered as the problems number them.
    assert page.tables.preview_model.rowCount() == 20
    assert page.tables.preview_model.columns[1].title == "category"
    assert page.tables.preview_model.data(page.tables.preview_model.index(7, 0)) == "9"
    assert page.tables.preview_model.data(page.tables.preview_model.index(7, 1)) == "Underwater Basketry"
    assert counts(event_ctx) == before
    # Selecting a problem selects its row in the file.
    page.tables.problems_view.selectRow(1)
    assert [i.row() for i in page.tables.preview_view.selectionModel().selectedRows()] == [7]
    assert page.tables.problem_detail.text().startswith("Row 9, 'category'")
    # Clicking Import anyway does nothing.
    page.import_now()
    wait(qtbot, event_ctx)
    assert counts(event_ctx) == before


def test_good_file_is_previewed_then_imported(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = nomination_rows(54)
    path = write_rows(tmp_path / "nominations.csv", rows)
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)

    assert page.tables.problems_model.rowCount() == 0
    assert page.summary.text().startswith("54 rows ready to import (54 nominations, 54 new "
                                          "nominees, ")
    assert page.import_button.isEnabled()
    assert page.tables.preview_model.rowCount() == 54
    assert [c.title for c in page.tables.preview_model.columns] == ["Row", *rows[0]]
    first = [page.tables.preview_model.data(page.tables.preview_model.index(0, c)) for c in range(1, 4)]
    assert first == [rows[0]["category"], rows[0]["nominee_first_name"],
                     rows[0]["nominee_last_name"]]
    assert counts(event_ctx)["Nomination"] == 0  # checking stored nothing

    with qtbot.waitSignal(event_ctx.data_changed, timeout=60_000):
        qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, event_ctx)
    assert counts(event_ctx)["Nomination"] == 54
    stored = event_ctx.read(lambda s: sorted(s.scalars(select(Nominee.last_name))))
    assert stored == sorted(r["nominee_last_name"] for r in rows)
    assert page.summary.text().startswith("Imported 54 rows (54 nominations, 54 new nominees")
    assert not page.import_button.isEnabled()  # the same file is not offered twice
    # Checking it again finds every row imported before: nothing to import, no problems.
    qtbot.mouseClick(page.recheck_button, CLICK)
    wait(qtbot, event_ctx)
    assert page.tables.problems_model.rowCount() == 0
    assert page.summary.text().startswith("Nothing new: all 54 rows were already imported")
    assert not page.import_button.isEnabled()


def test_cancelling_a_big_import_leaves_the_database_unchanged(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write_nominations_csv(tmp_path / "big.csv", 5000)
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    assert page.summary.text().startswith("5,000 rows ready to import")
    before = counts(event_ctx)

    qtbot.mouseClick(page.import_button, CLICK)
    assert event_ctx.tasks.busy and not page.import_button.isEnabled()
    page.task.cancel()
    wait(qtbot, event_ctx)

    assert counts(event_ctx) == before
    assert page.summary.text() == "The import was cancelled; nothing was stored."
    assert page.import_button.isEnabled()  # it can be run again


def test_unreadable_file_is_named_as_the_problem(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "scan.csv"
    path.write_bytes(b"%PDF-1.7 not a spreadsheet")
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)
    assert [(e.row, e.field) for e in page.tables.problems_model.visible_rows] == [(None, "file")]
    assert "is a PDF" in page.tables.problems_model.visible_rows[0].message
    assert page.tables.problems_model.data(page.tables.problems_model.index(0, 0)) == ""
    assert page.tables.preview_model.rowCount() == 0
    assert page.summary.text().startswith("1 problem — nothing will be stored")
    assert not page.import_button.isEnabled()


def test_sponsors_import_and_switching_kind_checks_again(
        qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "sponsors.csv"
    path.write_text("sponsor,category,judge_name,judge_email\n"
                    "Acme Ltd,Education Star,Jo Judge,jo@acme.example\n"
                    "Acme Ltd,Sports Hero,,\n"
                    "Beta Trust,Life Changer,,\n", encoding="utf-8")
    page = make_page(qtbot, event_ctx)
    choose(qtbot, page, monkeypatch, path)  # checked as nominations: the headings are wrong
    assert not page.import_button.isEnabled()
    assert {e.field for e in page.tables.problems_model.visible_rows} == {"header"}
    assert page.tables.preview_model.rowCount() == 3  # still shown as written

    page.kind.setCurrentIndex(page.kind.findData("sponsors"))
    wait(qtbot, event_ctx)
    assert page.tables.problems_model.rowCount() == 0
    assert page.summary.text().startswith(
        "3 rows ready to import (2 new sponsors, 3 sponsorships, 1 new judge).")
    assert counts(event_ctx)["Sponsor"] == 0
    qtbot.mouseClick(page.import_button, CLICK)
    wait(qtbot, event_ctx)
    assert event_ctx.read(lambda s: sorted(s.scalars(select(Sponsor.name)))) == [
        "Acme Ltd", "Beta Trust"]
    assert event_ctx.read(lambda s: list(s.scalars(select(Judge.email)))) == ["jo@acme.example"]


@pytest.mark.parametrize(
    ("kind", "typed", "selected", "expected"),
    [
        ("nominations", "nominations-template", "Excel workbook (*.xlsx)",
         "nominations-template.xlsx"),
        ("sponsors", "sponsors.CSV", "Excel workbook (*.xlsx)", "sponsors.CSV"),
    ],
)
def test_save_templates(qtbot, event_ctx: AppContext, monkeypatch, tmp_path: Path,
                        kind: str, typed: str, selected: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, event_ctx)
    asked = save_returns(monkeypatch, tmp_path / typed, selected)
    page.kind.setCurrentIndex(page.kind.findData(kind))  # the template follows the kind
    qtbot.mouseClick(page.template_button, CLICK)
    target = tmp_path / expected
    assert asked and target.exists()
    assert page.message.text() == f"Saved the {kind_label(kind).lower()} template to {target}."
    if target.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(target)
        header = [c.value for c in book[kind.capitalize()][1]]
        guidance = [row[1] for row in book["Guidance"].iter_rows(values_only=True) if row]
        assert "Care Leaver of the Year" in " ".join(str(g) for g in guidance)
    else:
        with target.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
    assert tuple(header) == TEMPLATE_COLUMNS[kind]


def test_template_save_cancelled_writes_nothing(qtbot, event_ctx: AppContext, monkeypatch,
                                                tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, event_ctx)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert page.save_template("nominations") is None
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".xlsx", ".csv")]
    assert page.message.text() == ""


@pytest.mark.parametrize("suffix", [".json", ".csv", ".xlsx"])
def test_export_event(qtbot, demo_ctx: AppContext, monkeypatch, tmp_path: Path,
                      suffix: str) -> None:  # type: ignore[no-untyped-def]
    filters = {".json": "JSON", ".csv": "CSV", ".xlsx": "Excel"}
    page = make_page(qtbot, demo_ctx)
    selected = next(f for f in EXPORT_FILTERS.split(";;") if f.startswith(filters[suffix]))
    save_returns(monkeypatch, tmp_path / "northbridge", selected)  # typed without an ending
    qtbot.mouseClick(page.export_button, CLICK)
    wait(qtbot, demo_ctx)
    target = tmp_path / f"northbridge{suffix}"
    total = demo_ctx.read(lambda s: s.scalar(select(func.count()).select_from(Nomination)))
    assert page.message.text() == f"Exported {total} nominations to {target}."
    if suffix == ".json":
        document = json.loads(target.read_text("utf-8"))
        assert document["format"] == "awards-app/event"
        assert len(document["nominations"]) == total
    elif suffix == ".csv":
        with target.open(encoding="utf-8-sig", newline="") as fh:
            assert len(list(csv.reader(fh))) == total + 1
    else:
        import openpyxl

        book = openpyxl.load_workbook(target, read_only=True)
        assert len(book.sheetnames) > 1
        book.close()


def test_event_file_is_imported_and_becomes_current(
        qtbot, demo_ctx: AppContext, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Export the demo from one database, import it into another, and switch to it."""
    from awards_app.db.engine import open_database
    from awards_app.services import catalogue

    page = make_page(qtbot, demo_ctx)
    save_returns(monkeypatch, tmp_path / "demo.json", EXPORT_FILTERS.split(";;")[0])
    qtbot.mouseClick(page.export_button, CLICK)
    wait(qtbot, demo_ctx)

    other = open_database(tmp_path / "other.sqlite3")
    try:
        with other.session() as s:
            catalogue.create_event(s, name="Another Awards", year=2027, ceremony_date="2027-03-19")
        other_ctx = AppContext()
        other_ctx.set_database(other)
        second = make_page(qtbot, other_ctx)
        open_returns(monkeypatch, tmp_path / "demo.json")
        qtbot.mouseClick(second.event_button, CLICK)
        qtbot.waitUntil(lambda: not other_ctx.tasks.busy, timeout=60_000)
        assert other_ctx.event_title == demo_ctx.event_title
        assert second.message.text() == (f"Imported {demo_ctx.event_title}; it is now the "
                                         "event you are working on.")
        assert other_ctx.read(lambda s: s.scalar(select(func.count()).select_from(
            Nomination))) == demo_ctx.read(lambda s: s.scalar(select(func.count()).select_from(
                Nomination)))
    finally:
        other.close()


def test_unknown_json_is_refused_and_nothing_changes(
        qtbot, event_ctx: AppContext, monkeypatch, messages, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    page = make_page(qtbot, event_ctx)
    before, event = counts(event_ctx), event_ctx.event_id
    open_returns(monkeypatch, path)
    qtbot.mouseClick(page.event_button, CLICK)
    wait(qtbot, event_ctx)
    assert messages and "not an Awards App event export" in messages[-1][2]
    assert counts(event_ctx) == before and event_ctx.event_id == event


def test_with_suffix_keeps_a_typed_ending_or_adds_the_filters() -> None:
    assert with_suffix(Path("a/b.XLSX"), "CSV file (*.csv)", (".xlsx", ".csv")) == Path(
        "a/b.XLSX")
    assert with_suffix(Path("a/b"), "CSV file (*.csv)", (".xlsx", ".csv")) == Path("a/b.csv")
    assert with_suffix(Path("a/b.v2"), "", (".json", ".csv")) == Path("a/b.v2.json")



@pytest.mark.parametrize("with_pins", [False, True])
def test_judges_pins_leave_only_when_asked(qtbot, demo_ctx: AppContext, monkeypatch,  # type: ignore[no-untyped-def]
                                           tmp_path: Path, with_pins: bool) -> None:
    from awards_app.services import judging

    def pins(s: Any) -> None:
        judge_id = judging.judges_for_sign_in(s, demo_ctx.require_event())[0][0]
        judging.set_pin(s, judge_id, "2468")

    demo_ctx.write(pins)
    page = make_page(qtbot, demo_ctx)
    page.export_pins.setChecked(with_pins)
    selected = next(f for f in EXPORT_FILTERS.split(";;") if f.startswith("JSON"))
    save_returns(monkeypatch, tmp_path / "laptop", selected)
    qtbot.mouseClick(page.export_button, CLICK)
    wait(qtbot, demo_ctx)
    document = json.loads((tmp_path / "laptop.json").read_text("utf-8"))
    hashes = [j["pin_hash"] for s in document["sponsors"] for j in s["judges"] if j["pin_hash"]]
    assert len(hashes) == (1 if with_pins else 0)
    assert ("PIN hashes are included" in page.message.text()) == with_pins
