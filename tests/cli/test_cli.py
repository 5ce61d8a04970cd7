"""The awards command: exit codes, messages, and the commands a coordinator uses."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.factories import write_nominations_csv


def test_init_creates_an_event_with_default_categories(cli) -> None:
    result = cli("init", "--event", "Spring Awards", "--year", "2027",
                 "--ceremony-date", "19/03/2027", "--venue", "Town Hall")
    assert result.code == 0, result.err
    assert "9 categories" in result.out
    listed = cli("list", "categories")
    assert listed.out.splitlines()[0] == (
        " 1. Education Star — Achievement ×1, Obstacles overcome ×2 (breaks ties), "
        "Inspiration to others ×1")
    assert "Care Leaver of the Year" in listed.out.splitlines()[-1]
    events = cli("event", "list")
    assert "* " in events.out and "Spring Awards 2027" in events.out


@pytest.mark.parametrize("stage", ["judging", "results"])
def test_the_demo_at_a_later_stage(cli, stage: str, tmp_path: Path) -> None:
    """`awards init --demo judging|results`, as the window's --demo: judging morning, or
    judged with every category confirmed (so the results sheet and ceremony pack have
    something to show)."""
    result = cli("init", "--demo", stage)
    assert result.code == 0, result.err
    pack = cli("ceremony", "pack", "--out", str(tmp_path / "pack.pdf"))
    if stage == "results":  # every category confirmed: the pack has all nine
        assert "judged with its results confirmed" in result.out
        assert pack.code == 0 and "(9 categories" in pack.out
        assert (tmp_path / "pack.pdf").exists()
    else:  # nothing confirmed yet: the pack is refused in words, no file
        assert "PIN is 1234" in result.out
        assert pack.code != 0 and not (tmp_path / "pack.pdf").exists()


def test_init_event_needs_a_year(cli, db_path: Path) -> None:
    result = cli("init", "--event", "No Year")
    assert result.code == 2
    assert "year" in result.err.lower()


def test_demo_is_complete_and_idempotent(cli) -> None:
    assert cli("init", "--demo").code == 0
    again = cli("init", "--demo")
    assert again.code == 0 and "already here" in again.out
    report = json.loads(cli("status", "--json").out)
    assert report["nominations"]["total"] >= 45
    assert len(report["categories"]) == 9
    assert all(c["nominations"] >= 5 for c in report["categories"])
    assert report["categories_without_sponsor"] == []
    sponsors = cli("list", "sponsors").out.splitlines()
    assert len(sponsors) >= 9
    nominees = cli("list", "nominees").out
    assert any("\u0600" <= ch <= "\u06ff" for ch in nominees)  # an Arabic-script name
    assert "'" in nominees and "-" in nominees


def test_status_json_has_the_documented_keys(cli) -> None:
    cli("init", "--demo")
    report = json.loads(cli("status", "--json").out)
    assert set(report) == {"event", "nominations", "categories", "categories_without_sponsor",
                           "consent"}
    assert set(report["event"]) == {"id", "name", "year", "status", "ceremony_date",
                                    "nomination_deadline", "venue"}
    assert set(report["nominations"]) == {"total", "by_status"}
    assert set(report["categories"][0]) == {"category", "active", "nominations", "by_status",
                                            "sponsors"}
    assert set(report["consent"]) == {"nominees", "do_not_publish", "certificate_name",
                                      "public", "photo"}
    assert set(report["consent"]["public"]) == {"yes", "no", "not_asked"}
    text = cli("status")
    assert text.code == 0 and "Education Star" in text.out and "Total" in text.out


def test_no_event_yet_is_bad_input(cli) -> None:
    cli("init")
    result = cli("status")
    assert result.code == 2
    assert "no event yet" in result.err.lower()


def test_unknown_event_is_bad_input(cli) -> None:
    cli("init", "--demo")
    result = cli("--event", "Nope", "status")
    assert result.code == 2 and "no event called 'Nope'" in result.err


def test_argument_errors_exit_2(cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli("import", "spreadsheets", "x.csv")
    assert exit_info.value.code == 2


def test_template_then_import_round_trip(cli, tmp_path: Path) -> None:
    cli("init", "--demo")
    for suffix in ("csv", "xlsx"):
        path = tmp_path / f"template.{suffix}"
        result = cli("template", "nominations", "--out", str(path))
        assert result.code == 0, result.err
    header = (tmp_path / "template.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split(",")[:3] == ["category", "nominee_first_name", "nominee_last_name"]
    book = openpyxl.load_workbook(tmp_path / "template.xlsx")
    assert book.sheetnames == ["Nominations", "Guidance"]
    assert [c.value for c in book["Nominations"][1]][:2] == ["category", "nominee_first_name"]
    # An empty template is not an import: nothing to store.
    empty = cli("import", "nominations", str(tmp_path / "template.csv"))
    assert empty.code == 2 and "no rows" in empty.err


def test_a_template_for_every_kind_the_import_takes(cli, tmp_path: Path) -> None:
    """`awards template KIND` offers what the Import page offers: every kind with a template,
    each header exactly the columns its import reads."""
    from awards_app.services.transfer.imports import TEMPLATE_COLUMNS

    cli("init", "--demo")
    assert set(TEMPLATE_COLUMNS) >= {"nominations", "sponsors", "scores", "good_news"}
    for kind, columns in TEMPLATE_COLUMNS.items():
        path = tmp_path / f"{kind}.csv"
        result = cli("template", kind, "--out", str(path))
        assert result.code == 0, (kind, result.err)
        header = path.read_text(encoding="utf-8-sig").splitlines()[0]
        assert header.split(",") == list(columns), kind


def test_import_reports_file_row_and_column(cli, tmp_path: Path) -> None:
    cli("init", "--event", "E", "--year", "2027", "--ceremony-date", "2027-03-19")
    good = write_nominations_csv(tmp_path / "nominations.csv", 3)
    lines = good.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    cells[header.index("obstacles")] = ""
    lines[2] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", "nominations", str(bad))
    assert result.code == 2
    assert "bad.csv: Row 3, 'obstacles': is empty — describe what they overcame" in result.err
    assert json.loads(cli("status", "--json").out)["nominations"]["total"] == 0
    ok = cli("import", "nominations", str(good))
    assert ok.code == 0 and "Imported 3 rows (3 nominations, 3 new nominees" in ok.out


def test_withdraw_by_ref(cli) -> None:
    cli("init", "--demo")
    assert cli("withdraw", "N-0001", "--reason", "Moved away; asked not to be included").code == 0
    withdrawn = cli("list", "nominations", "--status", "withdrawn").out
    assert withdrawn.startswith("N-0001")
    missing = cli("withdraw", "N-9999", "--reason", "x")
    assert missing.code == 2 and "N-9999" in missing.err
    no_reason = cli("withdraw", "N-0002", "--reason", "  ")
    assert no_reason.code == 2 and "reason" in no_reason.err.lower()


def test_event_set_status_and_validation(cli) -> None:
    cli("init", "--demo")
    assert cli("event", "set", "--status", "judging").code == 0
    assert json.loads(cli("status", "--json").out)["event"]["status"] == "judging"
    bad = cli("event", "set", "--ceremony-date", "31/02/2027")
    assert bad.code == 2 and "not a real date" in bad.err


def test_export_formats(cli, tmp_path: Path) -> None:
    cli("init", "--demo")
    for suffix in ("json", "csv", "xlsx"):
        out = tmp_path / f"event.{suffix}"
        result = cli("export", "--out", str(out))
        assert result.code == 0, result.err
        assert out.stat().st_size > 1000
    document = json.loads((tmp_path / "event.json").read_text(encoding="utf-8"))
    assert document["format"] == "awards-app/event" and document["version"] == 4
    assert len(document["nominations"]) == 54
    book = openpyxl.load_workbook(tmp_path / "event.xlsx", read_only=True)
    assert {"Event", "Nominations", "Categories", "Criteria", "Sponsors", "Judges", "Workers",
            "Nominees"} <= set(book.sheetnames)
    bad = cli("export", "--out", str(tmp_path / "event.pdf"))
    assert bad.code == 2 and ".json, .csv or .xlsx" in bad.err


def test_import_event_json_into_another_database(cli, tmp_path: Path) -> None:
    cli("init", "--demo")
    exported = tmp_path / "event.json"
    cli("export", "--out", str(exported))
    other = tmp_path / "other.sqlite3"
    result = cli("import", "event", str(exported), db=other)
    assert result.code == 0, result.err
    again = tmp_path / "again.json"
    cli("export", "--out", str(again), db=other)
    first = json.loads(exported.read_text(encoding="utf-8"))
    second = json.loads(again.read_text(encoding="utf-8"))
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    twice = cli("import", "event", str(exported), db=other)
    assert twice.code == 2 and "already exists" in twice.err


def test_unexpected_errors_are_logged_not_shown(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from awards_app.services import overview as status

    cli("init", "--demo")

    def explode(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(status, "event_status", explode)
    result = cli("status")
    assert result.code == 1
    assert "Traceback" not in result.err
    assert result.err.startswith("awards: something went wrong — nothing was saved. Details "
                                 "are in the log: ")
    assert "RuntimeError" not in result.err and "disk on fire" not in result.err
    log_file = Path(result.err.split("in the log: ")[1].strip())
    assert "disk on fire" in log_file.read_text(encoding="utf-8")


@pytest.mark.sqlite_only
def test_damaged_database_exits_1_with_a_message(cli, db_path: Path) -> None:
    db_path.write_bytes(b"garbage" * 1000)
    result = cli("status")
    assert result.code == 1
    assert "has not been changed" in result.err
    assert db_path.read_bytes() == b"garbage" * 1000


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    db = tmp_path / "m.sqlite3"
    done = subprocess.run([sys.executable, "-m", "awards_app", "--db", str(db), "init"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-m", "awards_app", "init", "--demo"],
                          capture_output=True, text=True, timeout=60,
                          env={**__import__("os").environ, "AWARDS_DB": str(db)})
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM nomination").fetchone()[0] == 54
    conn.close()


def test_command_names_known_without_the_parser() -> None:
    import argparse

    from awards_app.cli import COMMANDS
    from awards_app.cli.main import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == COMMANDS
